import ArgumentParser
import BVCore

/// `bvctl disclosure …`: which information is disclosed, and to whom.
struct DisclosureGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure",
        abstract: "Record and list which items of information are disclosed, and to whom.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl disclosure set housing-repairs contract-prices --title \"Contractor unit prices\" --disclosure exempt --reason \"Commercially confidential until re-tender\""))",
        subcommands: [DisclosureSet.self, DisclosureList.self]
    )
}

struct DisclosureSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create or replace an item of information with its disclosure: public, representatives, exempt or undecided.",
        discussion: """
            An exempt item must state its reason. The information agreement needs every item settled \
            (not undecided).

            Example:
            \(CommandExample.laidOut(#"bvctl disclosure set housing-repairs satisfaction-survey --title "Tenant satisfaction survey 2026" --disclosure public"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The item's id in this review.", valueName: "item")) var item: String
    @Option(help: "What the item of information is.") var title: String
    @Option(help: ArgumentHelp("public, representatives, exempt or undecided.", valueName: "disclosure")) var disclosure: String
    @Option(help: "Why an exempt item is not disclosed.") var reason: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(item, "item")
        try requireText(title, "--title")
        try requireChoice(disclosure, "--disclosure", Disclosure.allCases.map(\.rawValue))
        if disclosure == Disclosure.exempt.rawValue, (reason ?? "").trimmingWhitespace.isEmpty {
            throw ValidationError("an exempt item must state why it is not disclosed: add --reason")
        }
    }

    func run() throws {
        try connection.command("PUT", APIPath.review(review, "disclosure", item),
                               body: ["title": title, "disclosure": disclosure, "reason": reason],
                               message: "Recorded '\(title)' (\(item)) as \(disclosure).")
    }
}

struct DisclosureList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's items of information and their disclosure.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the items are under \
            .review.disclosureItems.

            Example:
            \(CommandExample.laidOut(#"bvctl disclosure list housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        let items = view.review.disclosureItems
        guard !items.isEmpty else { return print("No items of information recorded yet (bvctl disclosure set).") }
        print(grid(items.map { [$0.id, $0.disclosure.rawValue, $0.title, $0.reason ?? ""] }, header: ["ITEM", "DISCLOSURE", "TITLE", "REASON"]))
        let undecided = items.filter { $0.disclosure == .undecided }.count
        if undecided > 0 { print(Style.red("\(Style.count(undecided, "item")) undecided.")) }
    }
}

/// `bvctl assessment …`: the assessment strands (challenge, compare, consult, compete).
struct AssessmentGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessment",
        abstract: "Record and list the status and findings of the assessment strands.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl assessment set housing-repairs benchmarking --status complete --findings \"Unit costs 12% above the family group median\""))",
        subcommands: [AssessmentSet.self, AssessmentList.self]
    )
}

struct AssessmentSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the status (not-started, in-progress, complete) and findings of an assessment strand.",
        discussion: """
            The strand must be one of the workflow's assessment strands (see bvctl workflow show).

            Example:
            \(CommandExample.laidOut(#"bvctl assessment set housing-repairs benchmarking --status complete --findings "Unit costs 12% above the median""#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("A strand of the workflow, e.g. benchmarking.", valueName: "strand")) var strand: String
    @Option(help: ArgumentHelp("not-started, in-progress or complete.", valueName: "status")) var status: String
    @Option(help: "What the strand found so far.") var findings: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(strand, "strand")
        try requireChoice(status, "--status", StrandStatus.allCases.map(\.rawValue))
    }

    func run() throws {
        try connection.command("PUT", APIPath.review(review, "strands", strand), body: ["status": status, "findings": findings],
                               message: "Recorded strand '\(strand)' as \(status).")
    }
}

struct AssessmentList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the assessment strands recorded in a review.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the strands are under \
            .review.strands.

            Example:
            \(CommandExample.laidOut(#"bvctl assessment list housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        let strands = view.review.strands
        guard !strands.isEmpty else { return print("No assessment strand recorded yet (bvctl assessment set).") }
        print(grid(strands.map { [$0.id, $0.status.rawValue, $0.findings] }, header: ["STRAND", "STATUS", "FINDINGS"]))
    }
}
