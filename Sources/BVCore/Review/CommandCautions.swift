extension ReviewEngine {
    /// Whether `cautions` can have anything to say about `command`, so that a caller need not
    /// load the review's engine for the others.
    public static func mayCaution(_ command: ReviewCommand) -> Bool {
        if case .publishProposal(_, _, .some) = command { return true }
        return false
    }

    /// What an accepted command did that the timetable advises against without forbidding it:
    /// said to the officer, recorded all the same. A response deadline set by hand earlier than
    /// the workflow's response window would set leaves less time than its rule asks.
    public func cautions(for command: ReviewCommand, now: Instant) -> [String] {
        guard case .publishProposal(_, _, let given?) = command,
              let rule = workflow.rules.first(where: { if case .responseWindow = $0.kind { true } else { false } }),
              case .responseWindow(let period) = rule.kind,
              let window = try? responseDeadline(nil, now: now), case .date(let usual) = window, given < usual
        else { return [] }
        return ["responses close on \(given), before the workflow's response window of \(period) ends on \(usual); "
                + "rule '\(rule.title)' asks for that time to respond\(rule.source.map { " — \($0)" } ?? "")"]
    }
}
