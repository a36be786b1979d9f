/// One phase of a review: what it is for, the decisions it owns, what must hold to leave it,
/// when it must be finished by and who is reminded of what.
public struct PhaseDefinition: Sendable, Hashable {
    public let id: String
    public let title: String
    public let purpose: String
    /// Ids of the decisions this phase owns; they can be taken only while it is current.
    public let decisions: [String]
    public let exit: ExitCriteria
    public let deadline: PhaseDeadline?
    /// Roles told when the deadline passes with the phase still open.
    public let escalateTo: [Recipient]
    public let reminders: [ReminderDefinition]
    public let monitoring: MonitoringSchedule?

    public init(id: String, title: String, purpose: String = "", decisions: [String] = [], exit: ExitCriteria = .init(),
                deadline: PhaseDeadline? = nil, escalateTo: [Recipient] = [], reminders: [ReminderDefinition] = [],
                monitoring: MonitoringSchedule? = nil) {
        (self.id, self.title, self.purpose, self.decisions, self.exit) = (id, title, purpose, decisions, exit)
        (self.deadline, self.escalateTo, self.reminders, self.monitoring) = (deadline, escalateTo, reminders, monitoring)
    }
}

/// What must hold before a review may leave a phase.
public struct ExitCriteria: Sendable, Hashable {
    /// Decisions that must have been taken.
    public let decisions: [String]
    /// Rules that must be met at the moment of leaving.
    public let rules: [String]
    public init(decisions: [String] = [], rules: [String] = []) { (self.decisions, self.rules) = (decisions, rules) }
}

/// When a phase must be finished by.
public enum PhaseDeadline: Sendable, Hashable, CustomStringConvertible {
    /// A period after the phase was entered, e.g. `P8W`.
    case afterEntry(ISODuration)
    /// A day of the review's plan year (the financial year starting 1 April), e.g. 30 June.
    case dayOfPlanYear(month: Int, day: Int)

    public var description: String {
        switch self {
        case .afterEntry(let d): "\(d.spoken) after the phase begins"
        case .dayOfPlanYear(let m, let d): "\(d) \(CivilDate.monthNames[m - 1]) of the plan year"
        }
    }
}

/// Monitoring periods: `count` periods of `length` per cycle (see `MonitoringPeriods`).
public struct MonitoringSchedule: Sendable, Hashable {
    public let length: ISODuration
    public let count: Int
    /// How long after a period ends its measurements are due.
    public let dueWithin: ISODuration
    /// How far short of its target, as a share of the target, a value is "at risk" rather than "off track".
    public let tolerance: Double

    public static let defaultTolerance = 0.05

    public init(length: ISODuration, count: Int, dueWithin: ISODuration = ISODuration(days: 28),
                tolerance: Double = MonitoringSchedule.defaultTolerance) {
        (self.length, self.count, self.dueWithin, self.tolerance) = (length, count, dueWithin, tolerance)
    }
}

/// A decision that a review takes, guarded by timetable rules.
public struct DecisionDefinition: Sendable, Hashable {
    public let id: String
    public let title: String
    /// A key decision needs published notice (the rules say how much).
    public let key: Bool
    /// Whether the decision must be taken at a meeting of a method that takes decisions.
    public let atMeeting: Bool
    public let rules: [String]
    /// Decisions that must have been taken before this one can be (a plan is approved before it
    /// is published): a condition of the workflow, with no date to wait for.
    public let after: [String]

    public init(id: String, title: String, key: Bool = false, atMeeting: Bool = false, rules: [String] = [], after: [String] = []) {
        (self.id, self.title, self.key, self.atMeeting, self.rules, self.after) = (id, title, key, atMeeting, rules, after)
    }
}
