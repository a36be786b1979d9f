import BVCore
import BVNotices
import Foundation
import Testing

private func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return out
}

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Suite("Webhook payloads and Standard Webhooks signatures")
struct WebhookTests {
    /// RFC 4231 §4: test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the output).
    @Test("HMAC-SHA256 gives the RFC 4231 results", arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(key: String, data: String, expected: String) {
        #expect(hex(HMACSHA256.authenticationCode(key: bytes(hex: key), message: bytes(hex: data))) == expected)
    }

    @Test("the Standard Webhooks reference example signs to the published signature")
    func standardWebhooksExample() throws {
        let signature = try WebhookSignature(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        let header = signature.header(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                      body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("several secrets give one signature each, space-separated, and agree with Python's hmac")
    func rotation() throws {
        let secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()]
        let body = Array(#"{"type":"notice.digest","note":"Réunion"}"#.utf8)
        let header = try WebhookSignature(secrets: secrets).header(id: "n-42", timestamp: 1_800_000_000, body: body)
        let script = """
        import sys, json, hmac, hashlib, base64
        body = sys.stdin.buffer.read()
        out = []
        for secret in \(secrets.description):
            key = base64.b64decode(secret[len('whsec_'):])
            mac = hmac.new(key, b'n-42.1800000000.' + body, hashlib.sha256).digest()
            out.append('v1,' + base64.b64encode(mac).decode())
        print(json.dumps({'header': ' '.join(out)}))
        """
        #expect(try python(script, input: body)["header"] as? String == header)
        #expect(header.split(separator: " ").count == 2)
    }

    @Test("a secret that is not whsec_ and base64 is refused without repeating it")
    func badSecret() {
        #expect(throws: WebhookSecretError.self) { try WebhookSignature(secrets: ["whsec_not base64!"]) }
        do {
            _ = try WebhookSignature(secrets: ["hunter2!"])
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test("the payload is the notice under data, with type and timestamp, keys sorted; a program gets it with a newline")
    func payload() throws {
        let notice = OutgoingNotice(
            id: "n-1", kind: .meetingInvitation, review: "housing-repairs", subject: "committee-1", recipient: jane,
            content: RenderedNotice(subject: "Invitation", text: "Dear Jane,\n", html: "<p>Dear Jane,</p>",
                                    calendar: CalendarInvitation(method: "REQUEST", text: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")),
            createdAt: Instant(rfc3339: "2026-11-02T09:00:00Z")!, late: true)
        let payload = WebhookPayload(notice: notice, timestamp: Instant(rfc3339: "2026-11-02T09:00:05Z")!)
        let text = String(decoding: payload.body, as: UTF8.self)
        #expect(text.hasPrefix(#"{"data":{"content":{"calendar":{"method":"REQUEST","text":"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"},"html":"<p>Dear Jane,</p>""#))
        #expect(text.hasSuffix(#""timestamp":"2026-11-02T09:00:05Z","type":"notice.meeting-invitation"}"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.body)) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["id"] as? String == "n-1")
        #expect(data["kind"] as? String == "meeting-invitation")
        #expect(data["createdAt"] as? String == "2026-11-02T09:00:00Z")
        #expect(data["late"] as? Bool == true)
        #expect((data["recipient"] as? [String: Any])?["name"] as? String == "Jane Doe")
        #expect(payload.body == WebhookPayload(notice: notice, timestamp: Instant(rfc3339: "2026-11-02T09:00:05Z")!).body)
        #expect(payload.programInput == payload.body + [UInt8(ascii: "\n")])
        #expect(WebhookPayload(notice: notice, template: .digest).type == "notice.digest")
        // Without a timestamp the notice's due time is used, so every retry sends the same bytes.
        #expect(WebhookPayload(notice: notice).timestamp == notice.createdAt)
    }
}
