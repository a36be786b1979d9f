public import BVNotices

/// A mail message ready to hand to sendmail or an SMTP server: the RFC 5322 message and the
/// envelope. The adapters do not compose mail themselves, so the mail format (BVNotices'
/// `MailMessage`) can change without touching transport code.
public struct ComposedMail: Sendable, Hashable {
    /// The whole message, headers and body, with CRLF line endings.
    public var message: [UInt8]
    /// The envelope sender (`MAIL FROM`, sendmail's `-f`); bounces go there. Empty for `<>`.
    public var sender: String
    /// The envelope recipients (`RCPT TO`).
    public var recipients: [String]

    public init(message: [UInt8], sender: String, recipients: [String]) {
        (self.message, self.sender, self.recipients) = (message, sender, recipients)
    }
}

/// Turns a notice into a mail message. Throwing (no address, a template that does not render)
/// fails the notice permanently: composing again would fail the same way.
public typealias MailComposer = @Sendable (OutgoingNotice) throws -> ComposedMail

/// Turns a notice into the bytes a webhook receives in its body or a program on its standard
/// input (BVNotices' `WebhookPayload` JSON). Throwing fails the notice permanently.
public typealias NoticeBodyEncoder = @Sendable (OutgoingNotice) throws -> [UInt8]

/// Signs a webhook delivery: given the `webhook-id`, the `webhook-timestamp` (Unix seconds) and
/// the body, returns the `webhook-signature` header value (Standard Webhooks: `v1,<base64>`,
/// several separated by spaces while a secret is being rotated).
public typealias WebhookSigner = @Sendable (_ id: String, _ timestamp: Int64, _ body: [UInt8]) -> String
