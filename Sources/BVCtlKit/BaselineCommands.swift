import ArgumentParser
import BVCore

/// `bvctl baseline …`: the baseline profile and the organisations' sign-offs.
struct BaselineGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Publish the baseline profile, record agreement or objections, and see where agreement stands.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl baseline sign housing-repairs --org unison-branch --object --reason \"Staffing figures omit agency staff\""))",
        subcommands: [BaselinePublish.self, BaselineSign.self, BaselineConsider.self, BaselineStatus.self]
    )
}

struct BaselinePublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the baseline profile for sign-off (once); the organisations are asked to sign.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl baseline publish housing-repairs"))")

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "baseline", "publish"), message: "Published the baseline profile of review '\(review)'.")
    }
}

struct BaselineSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Record an organisation's agreement (--agree) or reasoned objection (--object --reason) to the baseline.",
        discussion: """
            A later answer from the same organisation replaces the earlier one.

            Example:
            \(CommandExample.laidOut(#"bvctl baseline sign housing-repairs --org tenants-federation --agree"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Option(help: ArgumentHelp("The organisation answering.", valueName: "org")) var org: String
    @Flag(help: "The organisation agrees with the baseline profile.") var agree = false
    @Flag(help: "The organisation objects (give --reason).") var object = false
    @Option(help: "The reasons for an objection.") var reason: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(org, "--org")
        guard agree != object else { throw ValidationError("give exactly one of --agree or --object") }
        if object {
            guard let reason, !reason.trimmingWhitespace.isEmpty else {
                throw ValidationError("an objection must give its reasons: add --reason")
            }
        }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "baseline", "sign-offs"),
                               body: ["organisation": org, "agrees": agree, "reason": reason],
                               message: "Recorded that '\(org)' \(agree ? "agrees with" : "objects to") the baseline profile.")
    }
}

struct BaselineConsider: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consider",
        abstract: "Record how an organisation's objection to the baseline was considered.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl baseline consider housing-repairs unison-branch --note \"Agency staff added to table 3\""))")

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The organisation that objected.", valueName: "org")) var org: String
    @Option(help: "How the objection was considered.") var note: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(org, "organisation")
        try requireText(note, "--note")
    }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "baseline", "sign-offs", org, "consider"), body: ["note": note],
                               message: "Recorded the consideration of the objection of '\(org)'.")
    }
}

struct BaselineStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the baseline is published and each organisation's answer.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the answers are \
            under .review.signOffs.

            Example:
            \(CommandExample.laidOut(#"bvctl baseline status housing-repairs"#))
            """)

    @OptionGroup var listing: ReviewListing
    var review: String { listing.review }

    func run() throws {
        guard let view = try listing.view() else { return }
        let state = view.review
        guard let published = state.baselinePublished else { return print("The baseline profile of review '\(review)' is not yet published.") }
        print("Baseline profile published \(Style.day(published)).")
        let rows = state.organisations.map { org -> [String] in
            guard let answer = state.signOff(org.id) else { return [org.id, org.category, "no answer", "-", ""] }
            let considered = answer.agrees ? "-" : answer.considered.map { "considered \(Style.day($0))" } ?? "NOT considered"
            return [org.id, org.category, "\(answer.agrees ? "agreed" : "objected") \(Style.day(answer.at))", considered, answer.reason ?? ""]
        }
        print(grid(rows, header: ["ORGANISATION", "CATEGORY", "ANSWER", "OBJECTION", "REASON"]))
        let agreed = state.signOffs.filter(\.agrees).count
        let total = state.organisations.count
        print("\(agreed) of \(total) agree" + (total > 0 ? " (\(Int((Double(agreed) * 100 / Double(total)).rounded()))%)" : "") + ".")
        let findings = view.openDecisions.flatMap(\.findings).filter { $0.rule == "collective-agreement" || $0.title.lowercased().contains("collective") }
        if let finding = findings.first {
            print((finding.met ? Style.green("Collective agreement: ") : Style.red("Collective agreement: ")) + Style.paragraph(finding))
        }
    }
}
