import BVCore
@testable import BVStore
import Foundation
import Testing

@Suite("Notices written as JSON by hand")
struct NoticeJSONTests {
    @Test("round-trips through the synthesized Decodable, with every character that needs escaping",
          arguments: [nil, "nobody to send to: \"invitees\" resolve to no one"])
    func roundTrip(problem: String?) throws {
        let notice = PlannedNotice(
            key: "r1/meeting-reminder/m1/2027-03-31", kind: .meetingReminder, review: "r1", phase: "scoping", subject: "m1",
            subjectTitle: "Tenants' \"workshop\" \\ back\nslash\ttab\u{01} — café ✓ 🏠 / slash",
            subjectAt: Instant(rfc3339: "2027-04-01T17:00:00Z")!, due: Instant(rfc3339: "2027-03-31T08:00:00.250Z")!,
            rule: "1 day before, at 09:00", recipients: NoticeRecipients(roles: ["lead-officer"], organisations: ["tenants", "unison"]),
            problem: problem)
        let text = NoticeJSON.encode(notice)
        #expect(try JSONDecoder().decode(PlannedNotice.self, from: Data(text.utf8)) == notice)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }
}
