import ArgumentParser
import BVCore

/// `bvctl proposal …`: proposals published for responses.
struct ProposalGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposal",
        abstract: "Publish proposals for responses and list them.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl proposal publish housing-repairs options-1 --title \"Options for the repairs service\""))",
        subcommands: [ProposalPublish.self, ProposalList.self]
    )
}

struct ProposalPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a proposal; responses may be made until its response deadline.",
        discussion: """
            Without --deadline the workflow's response-window rule sets it. The first proposal starts \
            the consultation period.

            Example:
            \(CommandExample.laidOut(#"bvctl proposal publish housing-repairs options-1 --title "Options for the repairs service" --deadline +6w"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The proposal's id in this review.", valueName: "proposal")) var proposal: String
    @Option(help: "What the proposal is called.") var title: String
    @Option(help: ArgumentHelp("The last day for responses, after today: \(DateArgument.dateForms).", valueName: "date")) var deadline: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(proposal, "proposal")
        try requireText(title, "--title")
        if let date = try DateOption.date(deadline, "--deadline"), date <= DateArgument.today() {
            throw ValidationError("--deadline: \(date) is not after today (\(DateArgument.today())); give people time to respond")
        }
    }

    func run() throws {
        let date = try DateOption.date(deadline, "--deadline")
        try connection.command("POST", APIPath.review(review, "proposals"),
                               body: ["id": proposal, "title": title, "responseDeadline": date?.description]) { reply in
            let until = reply.events.compactMap { $0.event.change["proposalPublished"]?["responseDeadline"]?.bound }.first
            return "Published proposal '\(title)' (\(proposal))" + (until.map { "; responses until \($0)" } ?? "") + "."
        }
    }
}

struct ProposalList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's proposals, their response deadlines and responses.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the proposals are \
            under .review.proposals.

            Example:
            \(CommandExample.laidOut(#"bvctl proposal list housing-repairs"#))
            """)

    @OptionGroup var listing: ReviewListing
    var review: String { listing.review }

    func run() throws {
        guard let state = try listing.state() else { return }
        guard !state.proposals.isEmpty else { return print("Review '\(review)' has no proposals yet (bvctl proposal publish).") }
        let rows = state.proposals.map { proposal -> [String] in
            let responses = state.responses.filter { $0.proposal == proposal.id }
            let considered = responses.filter { $0.considered != nil }.count
            return [proposal.id, Style.day(proposal.published), Style.bound(proposal.responseDeadline),
                    "\(responses.count) (\(considered) considered)", proposal.title]
        }
        print(grid(rows, header: ["PROPOSAL", "PUBLISHED", "RESPONSES UNTIL", "RESPONSES", "TITLE"]))
    }
}

/// `bvctl response …`: responses to proposals and their consideration.
struct ResponseGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "response",
        abstract: "Record responses to proposals and how each was considered.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl response add housing-repairs resp-1 --proposal options-1 --org tenants-federation --summary \"Prefers option B\""))",
        subcommands: [ResponseAdd.self, ResponseConsider.self, ResponseList.self]
    )
}

struct ResponseAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a response from an invited organisation to a proposal, received now or on a past day.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl response add housing-repairs resp-1 --proposal options-1 --org tenants-federation --summary \"Prefers option B\" --on yesterday"))")

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The response's id in this review.", valueName: "response")) var response: String
    @Option(help: ArgumentHelp("The proposal responded to.", valueName: "proposal")) var proposal: String
    @Option(help: ArgumentHelp("The organisation that responded.", valueName: "org")) var org: String
    @Option(help: "What the response says, in brief.") var summary: String
    @Option(help: ArgumentHelp("The day it was received, today or earlier (default now): \(DateArgument.dateForms).", valueName: "date"))
    var on: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(response, "response")
        try requireIdentifier(proposal, "--proposal")
        try requireIdentifier(org, "--org")
        try requireText(summary, "--summary")
        _ = try DateOption.pastOrToday(on, "--on")
    }

    func run() throws {
        let day = try DateOption.pastOrToday(on, "--on")
        try connection.command("POST", APIPath.review(review, "responses"),
                               body: ["id": response, "proposal": proposal, "organisation": org, "summary": summary, "on": day?.description],
                               message: "Recorded response '\(response)' from '\(org)' to proposal '\(proposal)'.")
    }
}

struct ResponseConsider: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consider",
        abstract: "Record how a response was conscientiously considered.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl response consider housing-repairs resp-1 --note \"Option B adopted for the north area; see report para 12\""))")

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The response's id.", valueName: "response")) var response: String
    @Option(help: "How the response was considered: the evidence of conscientious consideration.") var note: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(response, "response")
        try requireText(note, "--note")
    }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "responses", response, "consider"), body: ["note": note],
                               message: "Recorded the consideration of response '\(response)'.")
    }
}

struct ResponseList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's responses and whether each was considered.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the responses are \
            under .review.responses.

            Example:
            \(CommandExample.laidOut(#"bvctl response list housing-repairs --proposal options-1"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Option(help: ArgumentHelp("Only responses to this proposal.", valueName: "proposal")) var proposal: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        let responses = view.review.responses.filter { proposal == nil || $0.proposal == proposal }
        guard !responses.isEmpty else { return print("No responses recorded" + (proposal.map { " to proposal '\($0)'" } ?? "") + ".") }
        let rows = responses.map { response in
            [response.id, response.proposal, response.organisation, Style.day(response.received),
             response.considered.map { "considered \(Style.day($0))" } ?? "NOT considered", response.summary]
        }
        print(grid(rows, header: ["RESPONSE", "PROPOSAL", "ORGANISATION", "RECEIVED", "CONSIDERED", "SUMMARY"]))
    }
}
