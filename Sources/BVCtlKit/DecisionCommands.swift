import ArgumentParser
import BVCore

/// `bvctl decision …`: notices of decisions and decisions taken.
struct DecisionGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Give notice of decisions, record decisions taken, and list them.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl decision take housing-repairs agree-scope --meeting cc-1 --outcome \"Scope agreed as in the report\""))",
        subcommands: [DecisionNotice.self, DecisionTake.self, DecisionList.self]
    )
}

/// The review and decision arguments of the decision commands.
struct DecisionTarget: ParsableArguments {
    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("A decision of the review's workflow, e.g. agree-scope.", valueName: "decision")) var decision: String

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(decision, "decision")
    }

    func path(_ action: String) -> String { APIPath.review(review, "decisions", decision, action) }
}

struct DecisionNotice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Record notice of a (key) decision, given now or on a past day, and the date it is intended to be taken.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl decision notice housing-repairs approve-assessment --intended 2027-06-10"))")

    @OptionGroup var target: DecisionTarget
    @Option(help: ArgumentHelp("The day notice was given, today or earlier (default now): \(DateArgument.dateForms).", valueName: "date"))
    var on: String?
    @Option(help: ArgumentHelp("The day the decision is intended to be taken.", valueName: "date")) var intended: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        _ = try DateOption.pastOrToday(on, "--on")
        _ = try DateOption.date(intended, "--intended")
    }

    func run() throws {
        let day = try DateOption.pastOrToday(on, "--on")
        let intendedDate = try DateOption.date(intended, "--intended")
        try connection.command("POST", target.path("notice"), body: ["on": day?.description, "intendedDate": intendedDate?.description],
                               message: "Recorded notice of decision '\(target.decision)' as given \(day.map { "on \($0)" } ?? "now")"
                                   + (intendedDate.map { ", to be taken on \($0)" } ?? "") + ".")
        if let intendedDate, intendedDate >= DateArgument.today(), !connection.json { try warnIfRuledOut(intendedDate) }
    }

    /// A notice is a record of what was published, so it is kept even when it rules out the
    /// date it names; the officer is told at once, not on the day, with what stands in the way.
    private func warnIfRuledOut(_ date: CivilDate) throws {
        guard let plan = try? decodeReply(DecisionPlan.self, try connection.call("GET", APIPath.plan(target.review, target.decision, on: date)))
        else { return }
        let impossible = plan.steps.filter { $0.status == .impossible }
        guard !impossible.isEmpty else { return }
        printError(Style.red("Warning:") + " the decision cannot be taken on \(date), the intended date:")
        for step in impossible { printError("  - \(step.text)") }
        printError("  bvctl review plan \(target.review) \(target.decision) --on DATE shows what a later date needs.")
    }
}

struct DecisionTake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Record a decision taken, at the meeting that took it where the workflow says so.",
        discussion: """
            Checked against the workflow and every timetable rule of the decision, judged at the \
            meeting's start. When anything stands in the way nothing is recorded: bvctl prints every \
            unmet rule and the earliest date the decision becomes possible, and exits 3.

            Example:
            \(CommandExample.laidOut(#"bvctl decision take housing-repairs agree-scope --meeting cc-1 --outcome "Scope agreed as in the report""#))
            """)

    @OptionGroup var target: DecisionTarget
    @Option(help: ArgumentHelp("The meeting that took it (required for decisions taken at meetings).", valueName: "meeting")) var meeting: String?
    @Option(help: "What was decided.") var outcome: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if let meeting { try requireIdentifier(meeting, "--meeting") }
        try requireText(outcome, "--outcome")
    }

    func run() throws {
        try connection.command("POST", target.path("take"), body: ["meeting": meeting, "outcome": outcome],
                               message: "Recorded decision '\(target.decision)'" + (meeting.map { " taken at meeting '\($0)'" } ?? "") + ".")
    }
}

struct DecisionList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the decisions recorded in a review, and the open decisions of its phase with what blocks each.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the records are under \
            .review.decisions and the open decisions under .openDecisions.

            Example:
            \(CommandExample.laidOut(#"bvctl decision list housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        // In the order they were taken, then those only noticed, in the order of their notice.
        let records = view.review.decisions.sorted {
            ($0.taken?.millisecondsSinceEpoch ?? .max, $0.noticeGiven?.millisecondsSinceEpoch ?? .max)
                < ($1.taken?.millisecondsSinceEpoch ?? .max, $1.noticeGiven?.millisecondsSinceEpoch ?? .max)
        }
        if records.isEmpty {
            print("No decision recorded yet.")
        } else {
            let rows = records.map { record in
                [record.id, Style.day(record.noticeGiven), record.intendedDate?.description ?? "-", Style.day(record.taken),
                 record.meeting ?? "-", record.outcome ?? ""]
            }
            print(grid(rows, header: ["DECISION", "NOTICE", "INTENDED", "TAKEN", "MEETING", "OUTCOME"]))
        }
        print(Style.heading("Open decisions"))
        if view.openDecisions.isEmpty { print("none") }
        for readiness in view.openDecisions { print(ReadinessText.summary(readiness).joined(separator: "\n")) }
    }
}
