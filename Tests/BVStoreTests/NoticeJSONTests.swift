import BVCore
@testable import BVStore
import Foundation
import Testing

@Suite("Notices written as JSON by hand and read back without JSONDecoder")
struct NoticeJSONTests {
    static func notice(problem: String?, representatives: [String] = []) -> PlannedNotice {
        PlannedNotice(
            key: "r1/meeting-reminder/m1/2027-03-31", kind: .meetingReminder, review: "r1", phase: "scoping", subject: "m1",
            subjectTitle: "Tenants' \"workshop\" \\ back\nslash\ttab\u{01} — café ✓ 🏠 / slash",
            subjectAt: Instant(rfc3339: "2027-04-01T17:00:00Z")!, due: Instant(rfc3339: "2027-03-31T08:00:00.250Z")!,
            rule: "1 day before, at 09:00",
            recipients: NoticeRecipients(roles: ["lead-officer"], organisations: ["tenants", "unison"], representatives: representatives),
            problem: problem)
    }

    @Test("round-trips through the synthesized Decodable, with every character that needs escaping",
          arguments: [nil, "nobody to send to: \"invitees\" resolve to no one"])
    func roundTrip(problem: String?) throws {
        let notice = Self.notice(problem: problem)
        let text = NoticeJSON.encode(notice)
        #expect(try JSONDecoder().decode(PlannedNotice.self, from: Data(text.utf8)) == notice)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test("reads back what it wrote, and what JSONEncoder wrote before it (keys in any order, empty lists, nulls)",
          arguments: [nil, "nobody to send to: \"invitees\" resolve to no one"], [[], ["mary", "sam"]])
    func readsBack(problem: String?, representatives: [String]) throws {
        let notice = Self.notice(problem: problem, representatives: representatives)
        #expect(try NoticeJSON.decode(NoticeJSON.encode(notice)) == notice)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .prettyPrinted
        #expect(try NoticeJSON.decode(String(decoding: try encoder.encode(notice), as: UTF8.self)) == notice)
        var written = try JSONSerialization.jsonObject(with: Data(NoticeJSON.encode(notice).utf8)) as! [String: Any]
        written["problem"] = problem ?? NSNull()
        #expect(try NoticeJSON.decode(String(decoding: try JSONSerialization.data(withJSONObject: written), as: UTF8.self)) == notice)
    }

    @Test("a stored notice that is not one says what is wrong")
    func refusesOtherShapes() {
        #expect(throws: DecodingError.self) { try NoticeJSON.decode(#"{"key":"r1/x","kind":"no-such-kind"}"#) }
        #expect(throws: DecodingError.self) { try NoticeJSON.decode("not json") }
    }
}
