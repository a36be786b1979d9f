/// What one rule says about a decision now: met or not, in words an officer understands, and
/// where it can be computed, the latest date a prerequisite had to happen and the earliest date
/// on which the decision would be allowed.
public struct RuleFinding: Sendable, Hashable, Codable {
    public let rule: String
    public let title: String
    public let source: String?
    public let met: Bool
    /// What the facts are, with dates and counts.
    public let explanation: String
    /// What follows and what to do, with the dates that matter.
    public let remedy: String?
    /// The latest date by which a prerequisite had to happen.
    public let neededBy: TimetableBound?
    /// The earliest date on which this rule will be met: by waiting, or, for papers or a notice
    /// too late for the chosen meeting, if they are published or given today (the remedy says so).
    public let allowedFrom: TimetableBound?

    public init(rule: TimetableRule, met: Bool, explanation: String, remedy: String? = nil,
                neededBy: TimetableBound? = nil, allowedFrom: TimetableBound? = nil) {
        (self.rule, self.title, self.source) = (rule.id, rule.title, rule.source)
        (self.met, self.explanation, self.remedy, self.neededBy, self.allowedFrom) = (met, explanation, remedy, neededBy, allowedFrom)
    }

    /// The explanation and remedy as one paragraph.
    public var sentence: String { remedy.map { "\(explanation). \($0.prefix(1).uppercased() + $0.dropFirst())." } ?? "\(explanation)." }
}

/// Everything that stands between a review and a decision, and when it can be taken.
public struct DecisionReadiness: Sendable, Hashable, Codable {
    public let review: String
    public let decision: String
    public let title: String
    /// The moment the rules were judged against (the meeting's start, or now).
    public let at: Instant
    public let meeting: String?
    /// Workflow conditions that are not timetable rules (wrong phase, no meeting, already taken).
    public let blockers: [String]
    public let findings: [RuleFinding]
    /// When every unmet rule can be met (by waiting, or by papers or a notice done today): the first date all of them are.
    public let earliest: TimetableBound?

    public var allowed: Bool { blockers.isEmpty && findings.allSatisfy(\.met) }
    public var unmet: [RuleFinding] { findings.filter { !$0.met } }
}

/// Joins phrases as people do: "a", "a and b", "a, b and c".
func spokenList(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

/// "(Good Friday, Easter Monday and the weekend do not count)" for the days a count skipped.
func skippedPhrase(_ skipped: [SkippedDay]) -> String? {
    var names: [String] = []
    var weekends = Set<Int>()
    for day in skipped {
        if day.reason == "Saturday" || day.reason == "Sunday" {
            weekends.insert((day.date.dayNumber + 3) / 7)  // the Monday-based week it falls in
        } else if !names.contains(day.reason) {
            names.append(day.reason)
        }
    }
    if !weekends.isEmpty { names.append(weekends.count == 1 ? "the weekend" : "the weekends") }
    guard !names.isEmpty else { return nil }
    return "(\(spokenList(names)) \(names.count == 1 && names[0] != "the weekends" ? "does" : "do") not count)"
}
