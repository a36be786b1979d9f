public import BVCore

/// What one notice is about, independent of who receives it: the core's `PlannedNotice`, or one of
/// bvd's own notices (a failed delivery, a digest, a monitoring report), which the core never plans.
public struct NoticeDescription: Sendable, Hashable {
    public var template: NoticeTemplateKey
    public var review: String
    /// The meeting, proposal, response, decision, phase or monitoring period the notice is about.
    public var subject: String
    public var subjectTitle: String
    /// When the subject happens (the meeting starts, the deadline passes), if it has a time.
    public var subjectAt: Instant?
    /// When the notice is due.
    public var due: Instant
    /// The civil rule that made it due, e.g. "7 days before, at 09:00".
    public var rule: String
    /// Why something went wrong, for delivery failures and notices with nobody to send to.
    public var problem: String?
    /// The notice that could not be delivered, for `delivery-failure`.
    public var failure: FailedDelivery?
    /// The notices gathered into a `digest`.
    public var digest: [DigestItem]

    public init(template: NoticeTemplateKey, review: String, subject: String, subjectTitle: String, subjectAt: Instant?,
                due: Instant, rule: String, problem: String? = nil, failure: FailedDelivery? = nil, digest: [DigestItem] = []) {
        (self.template, self.review, self.subject, self.subjectTitle, self.subjectAt) = (template, review, subject, subjectTitle, subjectAt)
        (self.due, self.rule, self.problem, self.failure, self.digest) = (due, rule, problem, failure, digest)
    }

    /// A notice the timetable planned or an event called for.
    public init(_ planned: PlannedNotice) {
        self.init(template: NoticeTemplateKey(planned.kind), review: planned.review, subject: planned.subject,
                  subjectTitle: planned.subjectTitle, subjectAt: planned.subjectAt, due: planned.due, rule: planned.rule,
                  problem: planned.problem)
    }

    /// To the officers: `notice` could not be delivered, for `reason`.
    public static func deliveryFailure(of notice: OutgoingNotice, reason: String, at: Instant) -> NoticeDescription {
        let failure = FailedDelivery(template: NoticeTemplateKey(notice.kind), subjectTitle: notice.content.subject,
                                     recipient: notice.recipient, firstDue: notice.createdAt)
        return NoticeDescription(template: .deliveryFailure, review: notice.review, subject: notice.id,
                                 subjectTitle: "\(failure.template.title) to \(notice.recipient.name)", subjectAt: nil,
                                 due: at, rule: "when delivery failed", problem: reason, failure: failure)
    }

    /// The day's notices for one recipient of one review, in one message.
    public static func digest(review: String, day: CivilDate, items: [DigestItem], at: Instant) -> NoticeDescription {
        NoticeDescription(template: .digest, review: review, subject: "digest-\(day)", subjectTitle: "notices of \(day.longDescription)",
                          subjectAt: nil, due: at, rule: "daily digest", digest: items)
    }

    /// The plan's indicators against their targets for monitoring period `period` (from 1).
    public static func monitoringReport(review: String, period: Int, at: Instant) -> NoticeDescription {
        NoticeDescription(template: .monitoringReport, review: review, subject: "period-\(period)",
                          subjectTitle: "monitoring period \(period)", subjectAt: nil, due: at, rule: "monitoring report")
    }

    /// The monitoring period of a `period-N` subject.
    var period: Int? { subject.hasPrefix("period-") ? Int(subject.dropFirst("period-".count)) : nil }
}

/// A notice that could not be delivered: what it was and to whom.
public struct FailedDelivery: Sendable, Hashable, Codable {
    public let template: NoticeTemplateKey
    /// The failed notice's subject line.
    public let subjectTitle: String
    public let recipient: NoticeRecipient
    public let firstDue: Instant

    public init(template: NoticeTemplateKey, subjectTitle: String, recipient: NoticeRecipient, firstDue: Instant) {
        (self.template, self.subjectTitle, self.recipient, self.firstDue) = (template, subjectTitle, recipient, firstDue)
    }
}

/// One notice in a digest.
public struct DigestItem: Sendable, Hashable, Codable {
    public let template: NoticeTemplateKey
    public let title: String
    public let at: Instant
    public let late: Bool

    public init(template: NoticeTemplateKey, title: String, at: Instant, late: Bool = false) {
        (self.template, self.title, self.at, self.late) = (template, title, at, late)
    }

    public init(_ planned: PlannedNotice, late: Bool = false) {
        self.init(template: NoticeTemplateKey(planned.kind), title: planned.subjectTitle, at: planned.subjectAt, late: late)
    }
}
