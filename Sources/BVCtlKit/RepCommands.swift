import ArgumentParser
import BVCore

/// `bvctl rep …`: the representatives of invited organisations, to whom notices go.
struct RepGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rep",
        abstract: "Add, remove and list the representatives of invited organisations.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl rep add housing-repairs tenants-federation mary-jones --name \"Mary Jones\" --email mary.jones@tenants.example"))",
        subcommands: [RepAdd.self, RepRemove.self, RepList.self, RepPrefer.self]
    )
}

struct RepAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a representative of an invited organisation.",
        discussion: """
            Notices to the organisation go to its representatives, so an email address or a telephone \
            number (or both) is required.

            Example:
            \(CommandExample.laidOut(#"bvctl rep add housing-repairs tenants-federation mary-jones --name "Mary Jones" --email mary.jones@tenants.example"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("An organisation invited to the review.", valueName: "organisation")) var organisation: String
    @Argument(help: ArgumentHelp("The representative's id in this review.", valueName: "rep")) var representative: String
    @Option(help: "The representative's name.") var name: String
    @Option(help: ArgumentHelp("An email address for notices.", valueName: "address")) var email: String?
    @Option(help: ArgumentHelp("A telephone number.", valueName: "number")) var phone: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(organisation, "organisation")
        try requireIdentifier(representative, "representative")
        try requireText(name, "--name")
        guard email != nil || phone != nil else {
            throw ValidationError("give --email or --phone (or both), so that notices can reach the representative")
        }
        if let email, !email.contains("@") || email.contains(where: \.isWhitespace) {
            throw ValidationError("--email: '\(email)' is not an email address")
        }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "organisations", organisation, "representatives"),
                               body: ["id": representative, "name": name, "email": email, "phone": phone],
                               message: "Added \(name) (\(representative)) as a representative of '\(organisation)'.")
    }
}

struct RepRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a representative; notices no longer go to them.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl rep remove housing-repairs mary-jones"))")

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The representative's id.", valueName: "rep")) var representative: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(representative, "representative")
    }

    func run() throws {
        try connection.command("DELETE", APIPath.review(review, "representatives", representative),
                               message: "Removed representative '\(representative)' from review '\(review)'.")
    }
}

struct RepList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's representatives by organisation.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the representatives \
            are under .review.representatives.

            Example:
            \(CommandExample.laidOut(#"bvctl rep list housing-repairs"#))
            """)

    @OptionGroup var listing: ReviewListing
    var review: String { listing.review }

    func run() throws {
        guard let state = try listing.state() else { return }
        guard !state.representatives.isEmpty else { return print("Review '\(review)' has no representatives yet (bvctl rep add).") }
        let rows = state.representatives.sorted { ($0.organisation, $0.name) < ($1.organisation, $1.name) }.map { rep in
            [rep.id, state.organisation(rep.organisation)?.name ?? rep.organisation, rep.name, rep.email ?? "-", rep.phone ?? "-",
             (rep.channel ?? "routes") + (rep.digest ? ", daily digest" : "")]
        }
        print(grid(rows, header: ["REP", "ORGANISATION", "NAME", "EMAIL", "PHONE", "NOTICES"]))
        let without = state.organisations.filter { state.representatives(of: $0.id).isEmpty }
        if !without.isEmpty {
            print(Style.red("No representative, so no notices: \(without.map { "\($0.name) (\($0.id))" }.joined(separator: ", "))"))
        }
    }
}

/// How one representative wants notices: a channel, and routine reminders at once or as a digest.
struct RepPrefer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefer",
        abstract: "Choose how a representative receives notices: channel and daily digest.",
        discussion: """
            A channel is one of those configured in bvd.yaml under notices.channels (bvctl notices channels); \
            without --channel the authority's routes apply. With --digest daily, routine reminders \
            (meetings, papers due, deadlines approaching, measurements due) are gathered into one message \
            a day; statutory notices (invitations, papers, proposals, decisions) always go at once.

            Example:
            \(CommandExample.laidOut(#"bvctl rep prefer housing-repairs mary-jones --channel sms --digest daily"#))
            """)

    enum Digest: String, ExpressibleByArgument, CaseIterable { case immediate, daily }

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The representative's id.", valueName: "rep")) var representative: String
    @Option(help: ArgumentHelp("A configured channel (default: the authority's routes).", valueName: "channel")) var channel: String?
    @Option(help: "Routine reminders at once (immediate) or gathered once a day (daily).") var digest: Digest = .immediate
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(representative, "representative")
        if let channel { try requireText(channel, "--channel") }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "representatives", representative, "preferences"),
                               body: ["channel": channel, "digest": digest == .daily],
                               message: "Notices to '\(representative)' go by \(channel.map { "channel '\($0)'" } ?? "the authority's routes")"
                                   + (digest == .daily ? ", routine reminders in a daily digest." : ", all at once."))
    }
}
