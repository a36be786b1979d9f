public import BVCore

/// Names a notice's templates: every `NoticeKind` of the core, and the notices bvd sends about its
/// own work (a delivery that failed, the daily digest, the monitoring report), which the
/// timetable never plans. Those three are keys here whether or not `NoticeKind` lists them.
public struct NoticeTemplateKey: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard NoticeTemplateKey.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: String) { self.rawValue = rawValue }

    public init(_ kind: NoticeKind) { self.rawValue = kind.rawValue }

    /// To the officers: a notice could not be delivered after its retries.
    public static let deliveryFailure = NoticeTemplateKey(unchecked: "delivery-failure")
    /// One message a day gathering the notices of a recipient who asked for a digest.
    public static let digest = NoticeTemplateKey(unchecked: "digest")
    /// The indicators of the Local Performance Plan against their targets for one period.
    public static let monitoringReport = NoticeTemplateKey(unchecked: "monitoring-report")

    /// Every key a template directory must provide, in a stable order.
    public static let all: [NoticeTemplateKey] = {
        let keys = NoticeKind.allCases.map(NoticeTemplateKey.init) + [.deliveryFailure, .digest, .monitoringReport]
        var seen = Set<String>()
        return keys.filter { seen.insert($0.rawValue).inserted }
    }()

    /// The core's kind, when this key is one.
    public var kind: NoticeKind? { NoticeKind(rawValue: rawValue) }

    public var description: String { rawValue }

    public static func < (lhs: NoticeTemplateKey, rhs: NoticeTemplateKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The notice's name in a sentence, e.g. "meeting invitation".
    public var title: String {
        switch rawValue {
        case "baseline-sign-off-requested": "request to sign off the baseline"
        case "decision-noticed": "notice of a decision"
        case "response-acknowledged": "acknowledgement of a response"
        case "measurement-overdue": "overdue measurements"
        case "monitoring-report": "monitoring report"
        default: rawValue.split(separator: "-").joined(separator: " ")
        }
    }

    /// What the notice's subject id names, so that its context can include the right record.
    public var about: NoticeSubjectKind {
        switch kind {
        case .meetingInvitation, .meetingUpdate, .meetingCancellation, .papersPublished, .meetingReminder, .papersDue,
             .noticeDue: .meeting
        case .proposalPublished, .responseDeadline: .proposal
        case .responseAcknowledged: .response
        case .decisionNoticed, .decisionTaken: .decision
        case .deadlineApproaching, .deadlinePassed: .phase
        case .measurementDue, .measurementOverdue: .monitoringPeriod
        case .reviewInvitation: .organisation
        case .baselineSignOffRequested: .baseline
        default: self == .monitoringReport ? .monitoringPeriod : .other
        }
    }

    /// Whether a meeting notice of this key carries an iCalendar object, and with which method.
    public var calendarMethod: CalendarMethod? {
        switch kind {
        case .meetingInvitation, .meetingUpdate, .meetingReminder: .request
        case .meetingCancellation: .cancel
        default: nil
        }
    }
}

/// What a notice's subject id refers to.
public enum NoticeSubjectKind: String, Sendable, Hashable, Codable {
    case meeting, proposal, response, decision, phase, monitoringPeriod, organisation, baseline, other
}

/// The iTIP method (RFC 5546) of a calendar object sent with a meeting notice.
public enum CalendarMethod: String, Sendable, Hashable, Codable {
    /// An invitation, an update or a reminder: calendars add or replace the event.
    case request = "REQUEST"
    /// The meeting will not take place: calendars remove the event.
    case cancel = "CANCEL"
}
