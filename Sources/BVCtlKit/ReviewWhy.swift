import ArgumentParser
import BVCore

struct ReviewWhy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Say why a decision can or cannot be taken now: every rule in plain words, with dates.",
        discussion: """
            Without DECISION, every open decision of the current phase. A decision taken at a meeting \
            is judged at --meeting, or else at the next meeting that can take decisions. When waiting \
            alone will meet every unmet rule, the earliest date the decision becomes possible is given.

            Example:
            \(CommandExample.laidOut(#"bvctl review why housing-repairs agree-scope --meeting cc-1"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("A decision of the review's workflow, e.g. agree-scope.", valueName: "decision")) var decision: String?
    @Option(help: ArgumentHelp("The meeting at which the decision would be taken.", valueName: "meeting")) var meeting: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        if meeting != nil, decision == nil { throw ValidationError("--meeting needs a DECISION: which decision would the meeting take?") }
    }

    func run() throws {
        let target = APIPath.query(APIPath.review(review, "why"), [("decision", decision), ("meeting", meeting)])
        guard let answers = try connection.read([DecisionReadiness].self, target) else { return }
        guard !answers.isEmpty else { return print("Review '\(review)' has no open decision in its current phase.") }
        print(answers.map { ReadinessText.full($0).joined(separator: "\n") }.joined(separator: "\n\n"))
    }
}

struct ReviewPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan backwards from a date: the latest date for each prerequisite of a decision, or why the date is impossible.",
        discussion: """
            First what the workflow asks by --on: the review in the decision's phase, and each decision \
            that must come before it (after:, and those that end the phases on the way), itself planned \
            for that date. Then papers, public notice, key-decision notice and the start of consultation \
            each get the latest date that still allows the decision on --on; what is done already is \
            marked done, conditions that are not a matter of dates are listed as conditions.

            Example:
            \(CommandExample.laidOut(#"bvctl review plan housing-repairs agree-scope --on 2027-04-01"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("A decision of the review's workflow, e.g. agree-scope.", valueName: "decision")) var decision: String
    @Option(help: ArgumentHelp("The day the decision would be taken: \(DateArgument.dateForms).", valueName: "date")) var on: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(decision, "decision")
        let date = try DateOption.date(on, "--on")
        let today = DateArgument.today()
        guard date >= today else { throw ValidationError("--on: \(date) is in the past; plan for today (\(today)) or later") }
    }

    func run() throws {
        let date = try DateOption.date(on, "--on")
        let target = APIPath.plan(review, decision, on: date)
        guard let plan = try connection.read(DecisionPlan.self, target) else { return }
        print(Style.bold("Backward plan for '\(plan.title)' (\(plan.decision)) on \(plan.on.longDescription)"))
        let rows = plan.steps.map { [$0.status.rawValue, Style.bound($0.latest), $0.rule, $0.text] }
        print(grid(rows, header: ["STATUS", "LATEST", "RULE", "WHAT"]))
        let impossible = plan.steps.filter { $0.status == .impossible }
        if impossible.isEmpty {
            var todo: [String] = []
            if plan.steps.contains(where: { $0.status == .condition }) { todo.append("if each condition holds by then") }
            if plan.steps.contains(where: { $0.status == .due }) { todo.append("do each step marked due by its latest date") }
            print(Style.green("Possible on \(plan.on)") + (todo.isEmpty ? ": nothing is left to do." : ", " + todo.joined(separator: "; ") + "."))
        } else {
            print(Style.red("Not possible on \(plan.on):"))
            for step in impossible { print("  - \(step.title): \(step.text)") }
        }
    }
}

/// A decision's readiness in words.
enum ReadinessText {
    /// "Allowed now", or, when the rules were judged at a meeting still to come, allowed at that meeting.
    static func allowance(_ readiness: DecisionReadiness) -> String {
        guard readiness.allowed else { return Style.red("Not allowed now.") }
        if atMeetingToCome(readiness) {
            return Style.green("Allowed at the meeting on \(Style.time(readiness.at)), once it has begun; every rule is met for that date.")
        }
        return Style.green("Allowed now.")
    }

    /// The rules were judged at a meeting that has not begun: the decision cannot be recorded yet.
    static func atMeetingToCome(_ readiness: DecisionReadiness) -> Bool {
        readiness.meeting != nil && readiness.at > DateArgument.currentInstant()
    }

    /// Every rule, met or not: for `review why`.
    static func full(_ readiness: DecisionReadiness) -> [String] {
        var lines = [Style.bold("\(readiness.title) (\(readiness.decision))"), judged(readiness)]
        lines.append(allowance(readiness))
        if !readiness.blockers.isEmpty {
            lines.append("Workflow conditions:")
            for blocker in readiness.blockers { lines.append("  - " + Style.red(blocker)) }
        }
        if !readiness.findings.isEmpty { lines.append("Rules:") }
        for finding in readiness.findings {
            let tag = (finding.met ? "met" : "NOT MET").padded(to: 7)
            lines.append("  " + (finding.met ? Style.green(tag) : Style.red(tag)) + "  " + finding.title + (finding.source.map { " (\($0))" } ?? ""))
            lines.append("           " + Style.paragraph(finding))
        }
        lines.append(contentsOf: earliest(readiness))
        return lines
    }

    /// Only what blocks the decision: for `review show` and `decision list`.
    static func summary(_ readiness: DecisionReadiness) -> [String] {
        let state = !readiness.allowed ? Style.red("BLOCKED")
            : atMeetingToCome(readiness) ? Style.green("allowed at the meeting on \(Style.time(readiness.at))") : Style.green("allowed now")
        var lines = ["\(readiness.decision): \(readiness.title) — \(state)"]
        for blocker in readiness.blockers { lines.append("  - \(blocker)") }
        for finding in readiness.unmet { lines.append("  - \(finding.title): \(Style.paragraph(finding))") }
        lines.append(contentsOf: earliest(readiness).map { "  " + $0 })
        return lines
    }

    static func judged(_ readiness: DecisionReadiness) -> String {
        if let meeting = readiness.meeting { return "judged at meeting '\(meeting)', which begins \(Style.time(readiness.at))" }
        return "judged now, \(Style.time(readiness.at))"
    }

    static func earliest(_ readiness: DecisionReadiness) -> [String] {
        guard !readiness.allowed else { return [] }
        guard let earliest = readiness.earliest else {
            return readiness.findings.contains(where: { !$0.met })
                ? ["Earliest possible: no date can be given; an unmet rule needs action, not only time."] : []
        }
        let text: String
        switch earliest {
        case .date(let date): text = "\(date) (\(date.longDescription))"
        case .instant(let instant): text = Style.time(instant)
        }
        let blocked = readiness.blockers.isEmpty ? "" : ", once the workflow conditions above are met"
        return ["Earliest possible: \(text)\(blocked)."]
    }
}
