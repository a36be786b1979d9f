import BVCore
import BVNotices
import Foundation
import Testing

/// Parses a message with Python's standard `email` package and reports its structure.
private let readMessage = """
import sys, json, email, email.policy
raw = sys.stdin.buffer.read()
message = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
for part in message.walk():
    entry = {'type': part.get_content_type(), 'disposition': part.get_content_disposition(),
             'filename': part.get_filename(), 'method': part.get_param('method'),
             'encoding': part.get('Content-Transfer-Encoding')}
    if not part.is_multipart():
        content = part.get_content() if part.get_content_maintype() == 'text' else part.get_content().decode('utf-8')
        # MIME writes line breaks as CRLF; the text they stand for has plain line breaks.
        entry['content'] = content.replace('\\r\\n', '\\n') if part.get_content_type() in ('text/plain', 'text/html') else content
    parts.append(entry)
head, body = raw.split(b'\\r\\n\\r\\n', 1)
head_lines = head.split(b'\\r\\n')
print(json.dumps({
    'subject': str(message['Subject']),
    'from': str(message['From']),
    'from_name': message['From'].addresses[0].display_name,
    'from_address': message['From'].addresses[0].addr_spec,
    'to_address': message['To'].addresses[0].addr_spec,
    'to_name': message['To'].addresses[0].display_name,
    'date': str(message['Date']),
    'date_iso': message['Date'].datetime.isoformat(),
    'message_id': str(message['Message-ID']),
    'mime_version': str(message['MIME-Version']),
    'auto_submitted': str(message['Auto-Submitted']),
    'review': str(message['X-BVD-Review']),
    'kind': str(message['X-BVD-Kind']),
    'defects': [str(d) for p in message.walk() for d in p.defects],
    'parts': parts,
    'bare_lf': b'\\n' in raw.replace(b'\\r\\n', b''),
    # Message-ID cannot be folded: it may pass 78 characters, never 998.
    'longest_header_line': max(len(l) for l in head_lines if not l.startswith(b'Message-ID:')),
    'message_id_line': max(len(l) for l in head_lines if l.startswith(b'Message-ID:')),
    'longest_body_line': max(len(l) for l in body.split(b'\\r\\n')),
    'non_ascii': any(b > 127 for b in raw),
}))
"""

private let from = MailAddress(name: "Northfield Democratic Services", address: "democracy@northfield.gov.uk")

private func outgoing(_ content: RenderedNotice, kind: NoticeKind = .meetingInvitation,
                      id: String = "housing-repairs/meeting-invitation/committee-1/5/jane") -> OutgoingNotice {
    OutgoingNotice(id: id, kind: kind, review: "housing-repairs",
                   subject: "committee-1", recipient: jane, content: content, createdAt: london("2026-11-02T09:00"), late: false)
}

@Suite("Mail messages read by Python's email package")
struct MailMessageTests {
    @Test("an invitation: mixed with alternative text, HTML and calendar, plus invite.ics; headers decode to the original")
    func invitation() throws {
        let fixture = ReviewFixture.withCommittee(title: "Réunion – Tenants’ forum")
        let content = renderer.render(context(try fixture.notice(.meetingInvitation), fixture))
        let message = MailMessage(notice: outgoing(content), from: from, to: MailAddress(name: "Jane Doe", address: "jane.doe@example.org"),
                                  messageIDDomain: "bvd.northfield.gov.uk", date: Instant(rfc3339: "2026-12-01T09:00:00Z")!,
                                  zone: .london)
        #expect(message.envelope == MailEnvelope(sender: "democracy@northfield.gov.uk", recipients: ["jane.doe@example.org"]))
        #expect(message.text.contains("Date: Tue, 01 Dec 2026 09:00:00 +0000\r\n"))
        let read = try python(readMessage, input: message.bytes)
        #expect(read["subject"] as? String == content.subject)
        #expect((read["subject"] as? String)?.hasPrefix("Invitation: Réunion – Tenants’ forum, ") == true)
        #expect(read["from_name"] as? String == "Northfield Democratic Services")
        #expect(read["from_address"] as? String == "democracy@northfield.gov.uk")
        #expect(read["to_name"] as? String == "Jane Doe")
        #expect(read["to_address"] as? String == "jane.doe@example.org")
        #expect(read["date_iso"] as? String == "2026-12-01T09:00:00+00:00")
        #expect(read["message_id"] as? String == "<housing-repairs/meeting-invitation/committee-1/5/jane@bvd.northfield.gov.uk>")
        #expect(read["mime_version"] as? String == "1.0")
        #expect(read["auto_submitted"] as? String == "auto-generated")
        #expect(read["review"] as? String == "housing-repairs")
        #expect(read["kind"] as? String == "meeting-invitation")
        #expect(read["defects"] as? [String] == [])
        let parts = try #require(read["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                                                         "text/calendar", "application/ics"])
        #expect(parts[2]["content"] as? String == content.text)
        #expect(parts[3]["content"] as? String == content.html)
        #expect(parts[4]["method"] as? String == "REQUEST")
        #expect(parts[4]["content"] as? String == content.calendar?.text)
        #expect(parts[5]["disposition"] as? String == "attachment")
        #expect(parts[5]["filename"] as? String == "invite.ics")
        #expect(parts[5]["content"] as? String == content.calendar?.text)
        #expect(read["non_ascii"] as? Bool == false)
        #expect(read["bare_lf"] as? Bool == false)
        #expect((read["longest_header_line"] as? Int ?? 999) <= 78)
        #expect((read["message_id_line"] as? Int ?? 999) <= 998)
        #expect((read["longest_body_line"] as? Int ?? 999) <= 76)
    }

    @Test("the Message-ID's left part is the notice id, dots and all; what RFC 5322 does not allow there is encoded",
          arguments: [("bvd-11.mary-jones.mail", "bvd-11.mary-jones.mail"),
                      (".bvd-12..mary=x.mail.", "=2Ebvd-12=2E=2Emary=3Dx.mail=2E")])
    func messageIDIsTheNoticeID(id: String, left: String) throws {
        let fixture = ReviewFixture.withCommittee(title: "Tenants’ forum")
        let content = renderer.render(context(try fixture.notice(.meetingInvitation), fixture))
        let message = MailMessage(notice: outgoing(content, id: id), from: from, to: MailAddress(address: "jane.doe@example.org"),
                                  messageIDDomain: "northfield.gov.uk", date: Instant(rfc3339: "2026-12-01T09:00:00Z")!, zone: .london)
        let read = try python(readMessage, input: message.bytes)
        #expect(read["message_id"] as? String == "<\(left)@northfield.gov.uk>")
        #expect(read["defects"] as? [String] == [])
    }

    @Test("a text-only notice is a single text/plain part; long lines and odd characters survive quoted-printable")
    func textOnly() throws {
        let text = "From the council: a line that is far longer than seventy-six characters, with = signs, "
            + "trailing spaces and “curly quotes” — and more.   \n.A line that starts with a dot\n\tTabbed\n"
        let content = RenderedNotice(subject: "Papers due", text: text, html: nil, calendar: nil)
        let message = MailMessage(notice: outgoing(content, kind: .papersDue), from: from,
                                  to: MailAddress(address: "democracy@northfield.gov.uk"), messageIDDomain: "northfield.gov.uk",
                                  date: Instant(rfc3339: "2027-07-01T08:00:00Z")!, zone: .london)
        #expect(message.text.contains("Date: Thu, 01 Jul 2027 09:00:00 +0100\r\n"))
        #expect(message.text.contains("Subject: Papers due\r\n"))
        let read = try python(readMessage, input: message.bytes)
        let parts = try #require(read["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["text/plain"])
        #expect(parts[0]["encoding"] as? String == "quoted-printable")
        #expect(parts[0]["content"] as? String == text)
        #expect(read["defects"] as? [String] == [])
        #expect((read["longest_body_line"] as? Int ?? 999) <= 76)
    }

    @Test("a long non-ASCII subject is folded into encoded-words that decode to the original")
    func longSubject() throws {
        let subject = "Réunion – Tenants’ forum: " + String(repeating: "élan vital ", count: 12) + "😀 done"
        let content = RenderedNotice(subject: subject, text: "Hello\n", html: "<p>Hello</p>", calendar: nil)
        let message = MailMessage(notice: outgoing(content), from: MailAddress(name: "Démocratie, Northfield", address: "d@example.org"),
                                  to: MailAddress(name: "O'Brien, Seán", address: "sean@example.org"), messageIDDomain: "example.org",
                                  date: Instant(rfc3339: "2027-01-01T00:00:00Z")!)
        let read = try python(readMessage, input: message.bytes)
        #expect(read["subject"] as? String == subject)
        #expect(read["from_name"] as? String == "Démocratie, Northfield")
        #expect(read["to_name"] as? String == "O'Brien, Seán")
        #expect((read["longest_header_line"] as? Int ?? 999) <= 78)
        let parts = try #require(read["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/alternative", "text/plain", "text/html"])
        #expect(read["defects"] as? [String] == [])
    }
}
