/// The kinds of notice bvd sends: those the timetable plans, and those an officer's action calls for.
public enum NoticeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case reviewInvitation = "review-invitation"
    case meetingInvitation = "meeting-invitation"
    case meetingUpdate = "meeting-update"
    case meetingCancellation = "meeting-cancellation"
    case papersPublished = "papers-published"
    case proposalPublished = "proposal-published"
    case responseAcknowledged = "response-acknowledged"
    case decisionNoticed = "decision-noticed"
    case decisionTaken = "decision-taken"
    case baselineSignOffRequested = "baseline-sign-off-requested"
    case meetingReminder = "meeting-reminder"
    case papersDue = "papers-due"
    case noticeDue = "notice-due"
    case deadlineApproaching = "deadline-approaching"
    case deadlinePassed = "deadline-passed"
    case responseDeadline = "response-deadline"
    case measurementDue = "measurement-due"
    case measurementOverdue = "measurement-overdue"
    /// To officers: a notice could not be delivered after its last attempt.
    case deliveryFailure = "delivery-failure"
    /// One message a day gathering a representative's routine reminders.
    case digest = "digest"
    case monitoringReport = "monitoring-report"

    /// The escalations: a deadline passed, a measurement overdue. Planned from the events alone
    /// (no calendar file moves them), always kept when planned late, and sent late rather than
    /// recorded as missed: there is no subject still to come that would make them pointless.
    public var isEscalation: Bool {
        switch self {
        case .deadlinePassed, .measurementOverdue: true
        default: false
        }
    }

    /// Routine reminders a representative may take as a daily digest. Statutory notices
    /// (invitations, papers, proposals, decisions) always go at once.
    public var isRoutineReminder: Bool {
        switch self {
        case .meetingReminder, .papersDue, .noticeDue, .deadlineApproaching, .responseDeadline, .measurementDue: true
        default: false
        }
    }
}

/// Who a planned notice goes to: roles of the authority and the representatives of organisations.
public struct NoticeRecipients: Sendable, Hashable, Codable {
    public var roles: [String]
    public var organisations: [String]
    /// Single representatives (a digest goes to one person), beside whole organisations.
    public var representatives: [String]
    public var isEmpty: Bool { roles.isEmpty && organisations.isEmpty && representatives.isEmpty }

    public init(roles: [String], organisations: [String], representatives: [String] = []) {
        (self.roles, self.organisations, self.representatives) = (roles, organisations, representatives)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decode([String].self, forKey: .roles)
        organisations = try container.decode([String].self, forKey: .organisations)
        representatives = try container.decodeIfPresent([String].self, forKey: .representatives) ?? []
    }
}

/// A notice the timetable says is due: what, to whom, when, and a key that makes sending it
/// idempotent. The key is built from the review, the kind, the subject and the civil date the
/// notice is due, never from elapsed time, so a restart or a replan cannot send it twice.
public struct PlannedNotice: Sendable, Hashable, Codable {
    public let key: String
    public let kind: NoticeKind
    public let review: String
    public let phase: String
    /// The meeting, proposal, phase or monitoring period the notice is about.
    public let subject: String
    public let subjectTitle: String
    /// When the subject itself happens (the meeting starts, the deadline passes). A reminder found
    /// late is still worth sending before this; after it, it is recorded as missed.
    public let subjectAt: Instant
    public let due: Instant
    /// The civil rule that produced `due`, e.g. "7 days before, at 09:00".
    public let rule: String
    public let recipients: NoticeRecipients
    /// Set when the notice has nobody to go to: reported, never silently dropped.
    public let problem: String?

    public init(key: String, kind: NoticeKind, review: String, phase: String, subject: String, subjectTitle: String,
                subjectAt: Instant, due: Instant, rule: String, recipients: NoticeRecipients, problem: String?) {
        (self.key, self.kind, self.review, self.phase, self.subject, self.subjectTitle) = (key, kind, review, phase, subject, subjectTitle)
        (self.subjectAt, self.due, self.rule, self.recipients, self.problem) = (subjectAt, due, rule, recipients, problem)
    }
}
