public import BVCore

/// Who one delivery goes to, and through which configured adapter.
public struct NoticeRecipient: Sendable, Hashable, Codable {
    /// A representative's id, or `role:<role>` for an officer role of the authority.
    public let id: String
    public let name: String
    /// The organisation's name, for representatives.
    public let organisation: String?
    public let email: String?
    /// The name of the adapter in the configuration (`mail`, `hooks`, …) that carries this delivery.
    public let channel: String

    public init(id: String, name: String, organisation: String?, email: String?, channel: String) {
        (self.id, self.name, self.organisation, self.email, self.channel) = (id, name, organisation, email, channel)
    }
}

/// An iCalendar object (RFC 5545) sent with a meeting notice, and its iTIP method.
public struct CalendarInvitation: Sendable, Hashable, Codable {
    /// `REQUEST` or `CANCEL`.
    public let method: String
    /// The whole VCALENDAR, CRLF line endings, folded.
    public let text: String

    public init(method: String, text: String) { (self.method, self.text) = (method, text) }
}

/// What a notice says, rendered from its templates for one recipient.
public struct RenderedNotice: Sendable, Hashable, Codable {
    public let subject: String
    public let text: String
    public let html: String?
    public let calendar: CalendarInvitation?

    public init(subject: String, text: String, html: String?, calendar: CalendarInvitation?) {
        (self.subject, self.text, self.html, self.calendar) = (subject, text, html, calendar)
    }
}

/// One message to one recipient: what an adapter delivers. `id` is stable across retries, so a
/// receiver can discard a duplicate (it is the webhook id and the mail Message-ID's local part).
public struct OutgoingNotice: Sendable, Hashable, Codable {
    public let id: String
    public let kind: NoticeKind
    public let review: String
    /// The meeting, proposal, decision or phase the notice is about.
    public let subject: String
    public let recipient: NoticeRecipient
    public let content: RenderedNotice
    /// When the notice was first due; retries keep it.
    public let createdAt: Instant
    /// Sent after its due time (after downtime or an adapter outage).
    public let late: Bool

    public init(id: String, kind: NoticeKind, review: String, subject: String, recipient: NoticeRecipient,
                content: RenderedNotice, createdAt: Instant, late: Bool) {
        (self.id, self.kind, self.review, self.subject, self.recipient) = (id, kind, review, subject, recipient)
        (self.content, self.createdAt, self.late) = (content, createdAt, late)
    }
}
