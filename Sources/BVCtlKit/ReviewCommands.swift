import ArgumentParser
import BVCore

/// `bvctl review …`: start, list, show, advance and explain reviews.
struct ReviewGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Start, list, show, advance, explain, plan, export and import reviews.",
        discussion: """
            Example:
            \(CommandExample.laidOut(#"bvctl review why housing-repairs agree-scope"#))
            """,
        subcommands: [
            ReviewCreate.self, ReviewList.self, ReviewShow.self, ReviewAdvance.self, ReviewInvite.self,
            ReviewWhy.self, ReviewPlan.self, ReviewLog.self, ReviewVerify.self, ReviewRebuild.self, ReviewExport.self, ReviewImport.self, ReviewCalendar.self, ReviewOpenData.self,
        ]
    )
}

struct ReviewCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Start a review under a workflow (best-value-review unless --workflow names another).",
        discussion: """
            Without --plan-year the plan year is the financial year after the one in which the review starts.

            Example:
            \(CommandExample.laidOut(#"bvctl review create housing-repairs --title "Housing repairs" --service "Responsive repairs" --lead j.smith"#))
            """)

    @Argument(help: ArgumentHelp("The new review's id: lower-case letters, digits and hyphens.", valueName: "id")) var id: String
    @Option(help: "What the review is called.") var title: String
    @Option(help: "The service under review.") var service: String
    @Option(help: ArgumentHelp("The lead officer (user name).", valueName: "user")) var lead: String
    @Option(help: ArgumentHelp("The financial year (from 1 April) the Local Performance Plan covers, 2000 to 2100.", valueName: "year"))
    var planYear: Int?
    @Option(help: ArgumentHelp("The id of a workflow loaded by bvd.", valueName: "id")) var workflow: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if let problem = ReviewID.problem(id) { throw ValidationError(problem) }
        try requireText(title, "--title")
        try requireText(lead, "--lead")
        if let planYear, !(2000...2100).contains(planYear) {
            throw ValidationError("--plan-year must be a year from 2000 to 2100, not \(planYear)")
        }
    }

    func run() throws {
        try connection.command("POST", "/v1/reviews",
                               body: ["id": id, "title": title, "service": service, "lead": lead, "planYear": planYear, "workflow": workflow],
                               message: "Started review '\(id)': \(title).")
    }
}

struct ReviewList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List reviews, optionally only those in a phase or with a lead officer.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl review list --phase scoping --lead j.smith"))")

    @Option(help: ArgumentHelp("Only reviews in this phase (a phase id, e.g. scoping), or closed.", valueName: "phase")) var phase: String?
    @Option(help: ArgumentHelp("Only reviews with this lead officer.", valueName: "user")) var lead: String?
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let reviews = try connection.read([ReviewSummaryReply].self, APIPath.query("/v1/reviews", [("phase", phase), ("lead", lead)])) else { return }
        guard !reviews.isEmpty else { return print("No reviews" + (phase != nil || lead != nil ? " match." : " yet.")) }
        print(grid(reviews.map { [$0.id, $0.phase ?? "closed", $0.lead, $0.workflow + ($0.workflowVersion.map { " v\($0)" } ?? ""), "\($0.events)", $0.title] },
                    header: ["REVIEW", "PHASE", "LEAD", "WORKFLOW", "EVENTS", "TITLE"]))
    }
}

struct ReviewAdvance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move a review to its next phase, or close it after the last.",
        discussion: """
            Refused (exit 3) until the phase's exit decisions are taken and its exit rules are met; \
            every unmet rule is printed.

            Example:
            \(CommandExample.laidOut(#"bvctl review advance housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "advance")) { reply in
            for stored in reply.events {
                if let phase = stored.event.change["phaseEntered"]?["phase"]?.string { return "Review '\(review)' is now in phase '\(phase)'." }
                if stored.event.change["reviewClosed"] != nil { return "Review '\(review)' is closed." }
            }
            return "Review '\(review)' advanced."
        }
    }
}

struct ReviewInvite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite organisations to take part in a review: from the directory, or one given here.",
        discussion: """
            From the directory (bvctl org): name organisations, or give --category alone for every one of \
            that category; each one's contact becomes its representative. Without the directory: give \
            --org, --name and --category. The category must be one of the workflow's (bvctl workflow show). \
            Notices to an organisation go to its representatives (bvctl rep add).

            Examples:
            \(CommandExample.laidOut(#"bvctl review invite housing-repairs tenants-federation unison-branch"#))
            \(CommandExample.laidOut(#"bvctl review invite housing-repairs --category pensioners"#))
            \(CommandExample.laidOut(#"bvctl review invite housing-repairs --org tenants --name "Borough Tenants' Federation" --category tenants-and-community"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("Organisations of the directory.", valueName: "org")) var organisations: [String] = []
    @Option(help: ArgumentHelp("An organisation not in the directory: its id in this review.", valueName: "id")) var org: String?
    @Option(help: "With --org: the organisation's name.") var name: String?
    @Option(help: ArgumentHelp("With --org, its category; alone, every organisation of the directory in this category.", valueName: "category"))
    var category: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        for organisation in organisations { try requireIdentifier(organisation, "organisation") }
        if let category { try requireIdentifier(category, "--category") }
        if let org {
            try requireIdentifier(org, "--org")
            guard organisations.isEmpty else { throw ValidationError("give organisations of the directory or --org, not both") }
            guard let name, category != nil else { throw ValidationError("with --org give --name and --category") }
            try requireText(name, "--name")
        } else {
            if name != nil { throw ValidationError("--name goes with --org") }
            guard !organisations.isEmpty || category != nil else {
                throw ValidationError("name organisations of the directory, give --category, or --org with --name and --category")
            }
        }
    }

    func run() throws {
        if let org, let name, let category {
            return try connection.command("POST", APIPath.review(review, "organisations"),
                                          body: ["id": org, "name": name, "category": category],
                                          message: "Invited '\(name)' (\(category)) to review '\(review)'.")
        }
        let fields: [String: (any Encodable)?] = ["organisations": organisations.isEmpty ? nil : organisations, "category": category]
        let reply = try connection.call("POST", APIPath.review(review, "invitations"), body: try connection.jsonBody(fields))
        if connection.json { return print(reply.text) }
        let results = try decodeReply([DirectoryInvitationReply].self, reply)
        print(grid(results.map { [$0.organisation, $0.invited ? "invited" : Style.red($0.outcome), $0.representative ?? "-"] },
                   header: ["ORG", "OUTCOME", "REPRESENTATIVE"]))
        if results.contains(where: { !$0.invited }) { throw BVCtlFailure(.error, "some organisations were not invited") }
    }
}
