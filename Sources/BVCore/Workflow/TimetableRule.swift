/// A rule of law or practice that guards decisions: "papers 5 clear days before the meeting".
public struct TimetableRule: Sendable, Hashable {
    public let id: String
    public let title: String
    /// Where the rule comes from (statute, guidance, case law), quoted in explanations.
    public let source: String?
    public let kind: RuleKind

    public init(id: String, title: String, source: String? = nil, kind: RuleKind) {
        (self.id, self.title, self.source, self.kind) = (id, title, source, kind)
    }
}

/// The kinds of rule bvd can evaluate; each names the facts it looks at.
public enum RuleKind: Sendable, Hashable {
    /// Papers for the deciding meeting published at least `period` before it.
    case papersBeforeMeeting(TimetablePeriod)
    /// Public notice of the deciding meeting given at least `period` before it.
    case noticeBeforeMeeting(TimetablePeriod)
    /// Notice of the decision itself given at least `period` before it is taken.
    case noticeBeforeDecision(TimetablePeriod)
    /// At least `period` since consultation began (the first proposal was published).
    case consultationPeriod(TimetablePeriod)
    /// Each published proposal's response window has closed; its length is `period` by default.
    case responseWindow(TimetablePeriod)
    /// Every response received has been conscientiously considered (Gunning 4).
    case responsesConsidered
    /// Baseline published; every invited organisation has agreed or objected with reasons; every
    /// objection considered; at least `threshold` of them agree.
    case collectiveAgreement(threshold: Double)
    /// Every disclosure item is settled as public, representatives-only or exempt with a reason.
    case disclosureSettled
    /// The named assessment strands (all required ones when empty) are complete.
    case strandsComplete([String])
    /// Enough organisations from enough categories have been invited.
    case organisationsInvited(minimumOrganisations: Int, minimumCategories: Int)
    /// At least one indicator, each with a target.
    case indicatorsTargeted
    /// Every monitoring period has ended and every indicator has a measurement for each.
    case monitoringComplete

    /// The name used in workflow files.
    public var name: String {
        switch self {
        case .papersBeforeMeeting: "papers-before-meeting"
        case .noticeBeforeMeeting: "notice-before-meeting"
        case .noticeBeforeDecision: "notice-before-decision"
        case .consultationPeriod: "consultation-period"
        case .responseWindow: "response-window"
        case .responsesConsidered: "responses-considered"
        case .collectiveAgreement: "collective-agreement"
        case .disclosureSettled: "disclosure-settled"
        case .strandsComplete: "strands-complete"
        case .organisationsInvited: "organisations-invited"
        case .indicatorsTargeted: "indicators-targeted"
        case .monitoringComplete: "monitoring-complete"
        }
    }

    public static let names = [
        "papers-before-meeting", "notice-before-meeting", "notice-before-decision", "consultation-period",
        "response-window", "responses-considered", "collective-agreement", "disclosure-settled",
        "strands-complete", "organisations-invited", "indicators-targeted", "monitoring-complete",
    ]

    /// Rules about a meeting only make sense for a decision taken at one.
    public var needsMeeting: Bool {
        switch self {
        case .papersBeforeMeeting, .noticeBeforeMeeting: true
        default: false
        }
    }
}

extension RuleKind {
    public var isDecisionNotice: Bool { if case .noticeBeforeDecision = self { true } else { false } }
}
