import BVCore
import BVDelivery
import BVNotices
import Foundation

/// Notices and the small stand-ins for BVNotices' mail composer and JSON payload that the
/// adapters are given in production.
enum Sample {
    static func notice(id: String = "notice-\(UUID().uuidString.prefix(8).lowercased())") -> OutgoingNotice {
        OutgoingNotice(
            id: id, kind: .meetingInvitation, review: "waste-collection-2027", subject: "coordinating-committee-2027-04-06",
            recipient: NoticeRecipient(
                id: "rep-ann", name: "Ann Example", organisation: "Tenants' Federation", email: "ann@example.org", channel: "mail"),
            content: RenderedNotice(
                subject: "Coordinating committee on 6 April 2027",
                text: "The committee meets on 6 April 2027 at 10:00.\n.\n..a line that starts with dots\nCafé in the foyer.\n",
                html: nil, calendar: nil),
            createdAt: Instant(secondsSinceEpoch: 1_806_000_000), late: false)
    }

    /// A minimal RFC 5322 message: CRLF line endings, 8-bit UTF-8 body, lines starting with dots.
    static func message(for notice: OutgoingNotice) -> [UInt8] {
        let headers = [
            "From: Best Value reviews <bvd@council.example>",
            "To: \(notice.recipient.name) <\(notice.recipient.email ?? "")>",
            "Subject: \(notice.content.subject)",
            "Message-ID: <\(notice.id)@bvd.council.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let body = notice.content.text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static let composer: MailComposer = { notice in
        ComposedMail(message: message(for: notice), sender: "bvd@council.example", recipients: [notice.recipient.email ?? ""])
    }

    static let encoder: NoticeBodyEncoder = { notice in
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(notice))
    }
}
