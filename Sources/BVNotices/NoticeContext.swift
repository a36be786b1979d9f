public import BVCore

/// Everything a notice's templates can say, for one recipient: the review, the recipient, the
/// meeting, proposal or decision the notice is about, dates formatted for people in the
/// authority's time zone, and why it is sent. Built once per delivery; pure.
public struct NoticeContext: Sendable {
    public let notice: NoticeDescription
    public let recipient: NoticeRecipient
    public let zone: Zone
    public let now: Instant
    public let late: Bool
    public let reviewTitle: String
    /// The meeting the notice is about, which a calendar object describes.
    public let meeting: Meeting?
    /// The meeting's method as people read it, e.g. "Area committee".
    public let meetingMethodTitle: String?
    /// When the meeting ends: meetings record only their start, so this is start plus the given length.
    public let meetingEnd: Instant?
    /// The fields the templates see.
    public let values: TemplateValue

    /// How long a meeting is taken to last when a notice or calendar needs its end.
    public static let defaultMeetingLength: Int64 = 2 * 3600

    /// - Parameters:
    ///   - state: the review after the event that calls for the notice; nil for a digest that spans reviews.
    ///   - authority: the council's name, as notices sign off.
    ///   - meetingLength: seconds a meeting is taken to last.
    public init(notice: NoticeDescription, state: ReviewState?, workflow: WorkflowDefinition?, recipient: NoticeRecipient,
                zone: Zone, now: Instant, late: Bool = false, authority: String,
                meetingLength: Int64 = NoticeContext.defaultMeetingLength) {
        var records = NoticeRecords()
        if let state {
            switch notice.template.about {
            case .meeting: records.meeting = state.meeting(notice.subject)
            case .proposal: records.proposal = state.proposal(notice.subject)
            case .response:
                records.response = state.response(notice.subject)
                records.proposal = records.response.flatMap { state.proposal($0.proposal) }
            case .decision:
                records.decision = notice.subject
                records.decisionRecord = state.decision(notice.subject)
                records.meeting = records.decisionRecord?.meeting.flatMap(state.meeting)
            case .organisation: records.organisation = state.organisation(notice.subject)
            case .monitoringPeriod: records.period = notice.period
            case .phase, .baseline, .other: break
            }
        }
        self.init(notice: notice, state: state, workflow: workflow, records: records, recipient: recipient, zone: zone,
                  now: now, late: late, authority: authority, meetingLength: meetingLength)
    }

    init(notice: NoticeDescription, state: ReviewState?, workflow: WorkflowDefinition?, records: NoticeRecords,
         recipient: NoticeRecipient, zone: Zone, now: Instant, late: Bool, authority: String, meetingLength: Int64) {
        (self.notice, self.recipient, self.zone, self.now, self.late) = (notice, recipient, zone, now, late)
        self.reviewTitle = state?.title ?? notice.review
        self.meeting = records.meeting
        self.meetingMethodTitle = records.meeting.map { meeting in workflow?.method(meeting.method)?.title ?? meeting.method }
        self.meetingEnd = records.meeting.map { $0.start.adding(seconds: meetingLength) }
        let fields = NoticeFields(dates: PeopleDates(zone: zone), state: state, workflow: workflow, now: now)
        let meetingEnd = self.meetingEnd
        let meetingValue: TemplateValue = records.meeting.map { fields.meeting($0, end: meetingEnd ?? $0.start) } ?? .absent
        let decisionValue: TemplateValue = records.decision.map { fields.decision($0, record: records.decisionRecord) } ?? .absent
        let hasDigest = notice.template == .digest || !notice.digest.isEmpty
        var values: [TemplateValue.Field] = [
            .init("authority", .text(authority)),
            .init("kind", .text(notice.template.rawValue)),
            .init("kindTitle", .text(notice.template.title)),
            .init("late", .flag(late)),
            .init("problem", .optional(notice.problem)),
            .init("rule", .text(notice.rule)),
            .init("due", fields.moment(notice.due)),
            .init("now", fields.moment(now)),
        ]
        values += [
            .init("subject", fields.subject(notice)),
            .init("review", fields.review(id: notice.review)),
            .init("recipient", fields.recipient(recipient)),
            .init("organisation", records.organisation.map(fields.organisation) ?? .absent),
            .init("meeting", meetingValue),
            .init("proposal", records.proposal.map(fields.proposal) ?? .absent),
            .init("response", records.response.map(fields.response) ?? .absent),
            .init("decision", decisionValue),
            .init("failure", notice.failure.map(fields.failure) ?? .absent),
            .init("digest", hasDigest ? fields.digest(notice.digest) : .absent),
            .init("monitoring", records.period.map(fields.monitoring) ?? .absent),
        ]
        self.values = .group(values)
    }

    /// Every field a template may use, as dotted paths, for documentation and error messages.
    public static var fieldNames: [String] { paths(of: NoticeContext.sample(zone: .london).values) }

    static func paths(of value: TemplateValue, prefix: String = "") -> [String] {
        switch value {
        case .group(let fields):
            fields.flatMap { paths(of: $0.value, prefix: prefix.isEmpty ? $0.name : "\(prefix).\($0.name)") }
        case .list(let items):
            items.first.map { paths(of: $0, prefix: prefix) } ?? [prefix]
        default:
            [prefix]
        }
    }
}

/// The records of the review a notice is about, found from its subject.
struct NoticeRecords {
    var meeting: Meeting?
    var proposal: Proposal?
    var response: Response?
    var decision: String?
    var decisionRecord: DecisionRecord?
    var organisation: InvitedOrganisation?
    var period: Int?
}
