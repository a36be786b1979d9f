public import BVCore

/// Who the SMTP transaction names: `MAIL FROM` and `RCPT TO`.
public struct MailEnvelope: Sendable, Hashable {
    public let sender: String
    public let recipients: [String]

    public init(sender: String, recipients: [String]) { (self.sender, self.recipients) = (sender, recipients) }
}

/// A notice as an Internet message (RFC 5322 with MIME, RFC 2045–2047): the bytes a sendmail
/// program or an SMTP server takes, and the envelope to send them with. ASCII only, CRLF line
/// endings, body lines within 76 characters, so it needs no 8BITMIME or SMTPUTF8.
///
/// With a calendar object: multipart/mixed holding multipart/alternative (text, HTML, text/calendar)
/// and the same object as an `invite.ics` attachment, for mail programs that read only one of them.
public struct MailMessage: Sendable {
    public let envelope: MailEnvelope
    public let bytes: [UInt8]

    /// - Parameters:
    ///   - messageIDDomain: the right side of `Message-ID: <notice-id@domain>`; a retry keeps the id.
    ///   - date: the Date header, written with `zone`'s offset.
    ///   - envelopeSender: where bounces go; the From address unless given.
    public init(notice: OutgoingNotice, from: MailAddress, to: MailAddress, messageIDDomain: String, date: Instant,
                zone: Zone = .utc, envelopeSender: String? = nil) {
        envelope = MailEnvelope(sender: envelopeSender ?? from.address, recipients: [to.address])
        var head = MailHeaderEncoding.mailbox("From", from)
        head += MailHeaderEncoding.mailbox("To", to)
        head += MailHeaderEncoding.unstructured("Subject", notice.content.subject)
        head += "Date: \(MailHeaderEncoding.date(date, in: zone))\r\n"
        head += "Message-ID: <\(MailHeaderEncoding.messageIDLocalPart(notice.id))@\(messageIDDomain)>\r\n"
        head += "MIME-Version: 1.0\r\n"
        head += "Content-Language: en-GB\r\n"
        // Automatic replies (out of office) must not answer a machine (RFC 3834; Outlook's own header).
        head += "Auto-Submitted: auto-generated\r\n"
        head += "X-Auto-Response-Suppress: All\r\n"
        head += MailHeaderEncoding.unstructured("X-BVD-Review", notice.review)
        head += MailHeaderEncoding.unstructured("X-BVD-Kind", notice.kind.rawValue)
        var body = MailMessage.body(notice.content, boundary: MailMessage.boundary(for: notice.id))
        if !body.hasSuffix("\r\n") { body += "\r\n" }
        bytes = Array((head + body).utf8)
    }

    /// The message as text (it is ASCII).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A boundary that cannot occur in quoted-printable or base64 content (they never hold "=_"),
    /// derived from the notice id so that a retry writes the same bytes.
    static func boundary(for id: String) -> String { "=_bvd_" + SHA256.hex(id).prefix(24) }

    /// The Content-Type header and the body that follows it.
    static func body(_ content: RenderedNotice, boundary: String) -> String {
        let text = part("text/plain; charset=utf-8", encoding: "quoted-printable", MIMEBodyEncoding.quotedPrintable(content.text))
        var alternatives = [text]
        if let html = content.html {
            alternatives.append(part("text/html; charset=utf-8", encoding: "quoted-printable", MIMEBodyEncoding.quotedPrintable(html)))
        }
        if let calendar = content.calendar {
            alternatives.append(part("text/calendar; method=\(calendar.method); charset=utf-8", encoding: "base64",
                                     MIMEBodyEncoding.base64(calendar.text.utf8)))
        }
        guard alternatives.count > 1 else { return text }
        let alternative = multipart("alternative", boundary: boundary + "_alt", alternatives)
        guard let calendar = content.calendar else { return alternative }
        let attachment = part("application/ics; name=\"invite.ics\"", encoding: "base64", MIMEBodyEncoding.base64(calendar.text.utf8),
                              extra: "Content-Disposition: attachment; filename=\"invite.ics\"\r\n")
        return multipart("mixed", boundary: boundary + "_mixed", [alternative, attachment])
    }

    static func part(_ type: String, encoding: String, _ encoded: String, extra: String = "") -> String {
        "Content-Type: \(type)\r\nContent-Transfer-Encoding: \(encoding)\r\n\(extra)\r\n\(encoded)"
    }

    static func multipart(_ subtype: String, boundary: String, _ parts: [String]) -> String {
        var out = "Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\"\r\n\r\n"
        out += "This is a message in MIME format.\r\n"
        for part in parts { out += "\r\n--\(boundary)\r\n" + part }
        return out + "\r\n--\(boundary)--\r\n"
    }
}
