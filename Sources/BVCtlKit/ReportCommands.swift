import ArgumentParser

/// `bvctl plan render`: the review's section of the Local Performance Plan.
struct PlanGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Produce a review's section of the Local Performance Plan.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl plan render housing-repairs --format html -o housing-repairs-plan.html"))",
        subcommands: [PlanRender.self])
}

struct PlanRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the plan section: conclusions per strand, targets, improvement actions, involvement, disclosure statement.",
        discussion: """
            Markdown by default; --format html gives one self-contained, accessible page that prints cleanly.

            Example:
            \(CommandExample.laidOut(#"bvctl plan render housing-repairs --format html -o housing-repairs-plan.html"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Option(help: "md or html.") var format: DocumentFormat = .md
    @OptionGroup var output: DocumentOutput
    @OptionGroup var connection: DaemonSocket

    func validate() throws {
        try requireIdentifier(review, "review")
    }

    func run() throws {
        let reply = try connection.call("GET", APIPath.query(APIPath.review(review, "performance-plan"), [("format", format.rawValue)]))
        try output.write(reply.body, what: "the plan section of '\(review)'")
    }
}

/// `bvctl report`: progress of one review or all, "you said, we did", or the timeline picture.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a progress report of a review (or of all with --all), its \"you said, we did\" report, or its timeline picture.",
        discussion: """
            The progress report gives phases with planned and actual dates, involvement by category, meetings by method, \
            decisions with their notice, overdue items and the indicators' status; in HTML it embeds the timeline picture. \
            --timeline writes the picture alone as SVG.

            Examples:
            \(CommandExample.laidOut(#"bvctl report housing-repairs --format html -o progress.html"#))
            \(CommandExample.laidOut(#"bvctl report --all"#))
            \(CommandExample.laidOut(#"bvctl report housing-repairs --you-said-we-did --format html -o you-said-we-did.html"#))
            \(CommandExample.laidOut(#"bvctl report housing-repairs --timeline -o timeline.svg"#))
            """)

    enum Kind { case progress, youSaidWeDid, timeline }

    @Argument(help: ArgumentHelp("The review's id; leave out with --all.", valueName: "review")) var review: String?
    @Flag(help: "Report on every review.") var all = false
    @Flag(help: "Each response to each proposal and how it was considered, instead of the progress report.") var youSaidWeDid = false
    @Flag(help: "The timeline picture alone, as SVG, instead of the progress report.") var timeline = false
    @Option(name: .customLong("format"), help: "md (the default) or html; not for --timeline, which is SVG.") var formatOption: DocumentFormat?
    @OptionGroup var output: DocumentOutput
    @OptionGroup var connection: DaemonSocket

    var format: DocumentFormat { formatOption ?? .md }
    var kind: Kind { timeline ? .timeline : youSaidWeDid ? .youSaidWeDid : .progress }

    func validate() throws {
        if timeline && youSaidWeDid { throw ValidationError("choose one: --you-said-we-did or --timeline") }
        if kind == .timeline, formatOption != nil { throw ValidationError("--timeline writes SVG; --format is for the progress and \"you said, we did\" reports") }
        if all {
            guard review == nil else { throw ValidationError("give a review or --all, not both") }
            guard kind == .progress else { throw ValidationError("--all makes a progress report; --\(kind == .timeline ? "timeline" : "you-said-we-did") needs a review") }
        } else {
            guard let review else { throw ValidationError("give a review, or --all for every review") }
            try requireIdentifier(review, "review")
        }
    }

    func run() throws {
        let format = [("format", self.format.rawValue)]
        let (target, what): (String, String) = switch (kind, review) {
        case (_, nil): (APIPath.query("/v1/reports/progress", format), "the progress of every review")
        case (.progress, let review?): (APIPath.query(APIPath.review(review, "report"), format), "the progress report of '\(review)'")
        case (.youSaidWeDid, let review?): (APIPath.query(APIPath.review(review, "you-said-we-did"), format), "\"you said, we did\" for '\(review)'")
        case (.timeline, let review?): (APIPath.review(review, "timeline.svg"), "the timeline of '\(review)'")
        }
        try output.write(try connection.call("GET", target).body, what: what)
    }
}

/// `bvctl review calendar`: the iCalendar feed of one review or of all open reviews.
struct ReviewCalendar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Write the iCalendar feed of a review (or of every open review with --all): meetings, papers and notice due dates, decisions, deadlines.",
        discussion: """
            Calendar applications can subscribe to the same feed from the API: GET /v1/reviews/ID/calendar.ics, or /v1/calendar.ics for all.

            Example:
            \(CommandExample.laidOut(#"bvctl review calendar housing-repairs -o housing-repairs.ics"#))
            """)

    @Argument(help: ArgumentHelp("The review's id; leave out with --all.", valueName: "review")) var review: String?
    @Flag(help: "Every open review in one feed.") var all = false
    @OptionGroup var output: DocumentOutput
    @OptionGroup var connection: DaemonSocket

    func validate() throws {
        guard all != (review != nil) else { throw ValidationError("give a review, or --all for every open review") }
        if let review { try requireIdentifier(review, "review") }
    }

    func run() throws {
        let target = review.map { APIPath.review($0, "calendar.ics") } ?? "/v1/calendar.ics"
        try output.write(try connection.call("GET", target).body, what: review.map { "the calendar of '\($0)'" } ?? "the calendar of every open review")
    }
}

/// `bvctl review open-data`: the review for publication as JSON, or its indicators or measurements as CSV.
struct ReviewOpenData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-data",
        abstract: "Write a review as open data: JSON, or with --csv its indicators or measurements as CSV (columns in docs/open-data.md).",
        discussion: """
            Open data leaves out representatives and their contact details.

            Examples:
            \(CommandExample.laidOut(#"bvctl review open-data housing-repairs -o housing-repairs.json"#))
            \(CommandExample.laidOut(#"bvctl review open-data housing-repairs --csv measurements -o measurements.csv"#))
            """)

    enum Table: String, ExpressibleByArgument, CaseIterable { case indicators, measurements }

    @Argument(help: reviewHelp) var review: String
    @Option(help: ArgumentHelp("indicators or measurements: a CSV table instead of the JSON document.", valueName: "table")) var csv: Table?
    @OptionGroup var output: DocumentOutput
    @OptionGroup var connection: DaemonSocket

    func validate() throws {
        try requireIdentifier(review, "review")
    }

    func run() throws {
        let file = csv.map { "\($0.rawValue).csv" } ?? "open-data.json"
        try output.write(try connection.call("GET", APIPath.review(review, file)).body, what: "\(file) of '\(review)'")
    }
}
