/// "Remind the invitees 14, 7 and 1 days before each meeting, at 09:00."
public struct ReminderDefinition: Sendable, Hashable {
    public let subject: ReminderSubject
    /// How long before the subject each reminder is due.
    public let offsets: [ISODuration]
    /// Local time of day for date-only offsets.
    public let at: LocalTime
    public let to: [Recipient]

    public init(subject: ReminderSubject, offsets: [ISODuration], at: LocalTime = LocalTime(hour: 9, minute: 0)!, to: [Recipient]) {
        (self.subject, self.offsets, self.at, self.to) = (subject, offsets, at, to)
    }
}

/// What a reminder is about.
public enum ReminderSubject: String, Sendable, Hashable, CaseIterable, Codable {
    /// The start of each scheduled meeting of the review.
    case meeting
    /// The last day on which a meeting's papers may be published.
    case papersDue = "papers-due"
    /// The last day on which a meeting's public notice may be given.
    case noticeDue = "notice-due"
    /// The phase's deadline.
    case deadline
    /// The close of each open proposal's response window.
    case responseDeadline = "response-deadline"
    /// The date by which a monitoring period's measurements are due.
    case measurementDue = "measurement-due"
}

/// Who a notice goes to.
public enum Recipient: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Everyone holding a role of the authority, e.g. `lead-officer`.
    case role(String)
    /// The representatives of the organisations invited to the meeting in question.
    case invitees
    /// The representatives of every organisation invited to the review.
    case representatives

    public init(_ name: String) {
        switch name {
        case "invitees": self = .invitees
        case "representatives": self = .representatives
        default: self = .role(name)
        }
    }

    public var description: String {
        switch self {
        case .role(let id): id
        case .invitees: "invitees"
        case .representatives: "representatives"
        }
    }
}
