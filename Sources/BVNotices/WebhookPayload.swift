import Foundation
public import BVCore

/// The JSON a webhook receives, and a program reads on its standard input:
/// `{"data": {…the notice…}, "timestamp": "2026-12-01T09:00:00Z", "type": "notice.meeting-invitation"}`.
/// Keys are sorted, so the same notice gives the same bytes and the same signature on a retry.
public struct WebhookPayload: Sendable, Hashable, Encodable {
    /// `notice.<template key>`, e.g. `notice.meeting-invitation`.
    public let type: String
    /// When the notice was due, unless given: a retry then sends the very same bytes.
    public let timestamp: Instant
    public let data: OutgoingNotice

    /// - Parameter template: the template key when the notice is not one of the core's kinds (a digest…).
    public init(notice: OutgoingNotice, timestamp: Instant? = nil, template: NoticeTemplateKey? = nil) {
        self.type = "notice.\(template ?? NoticeTemplateKey(notice.kind))"
        (self.timestamp, self.data) = (timestamp ?? notice.createdAt, notice)
    }

    /// The body to sign and send.
    public var body: [UInt8] {
        do {
            return try SortedJSONEncoder().encode(self)
        } catch {
            // Strings, Bools and instants always encode; this cannot happen.
            preconditionFailure("a notice could not be encoded as JSON: \(error)")
        }
    }

    /// What the program adapter writes to a program's standard input: the body and a newline,
    /// so that line-reading scripts see a complete line.
    public var programInput: [UInt8] { body + [UInt8(ascii: "\n")] }
}
