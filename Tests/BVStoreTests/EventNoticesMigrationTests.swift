import BVCore
@testable import BVStore
import Foundation
import GRDB
import Testing

@Suite("Schema v9: the notices an event calls for are found through their event")
struct EventNoticesMigrationTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")
    let reminderDue = StoreFixture.london("2027-01-27T09:00")

    /// Event notices, a fired reminder and a notice bvd raised itself, in two reviews.
    func sourceStore() async throws -> TemporaryStore {
        let source = try TemporaryStore()
        let requests: [CommandRequest] = [
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r2", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("a")), StoreFixture.request("r2", StoreFixture.invite("c")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop",
                                                         start: LocalDateTime("2027-02-10T18:00")!, place: "Hall", invitees: ["a"])),
        ]
        #expect(try await source.store.execute(requests, now: t0).allSatisfy { $0.success != nil })
        #expect(try await source.store.fireDueTimers(now: reminderDue, limit: 10).map(\.key) == ["r1/meeting-reminder/m1/2027-01-27"])
        try await source.store.enqueue(failure, now: reminderDue)
        return source
    }

    var failure: PlannedNotice {
        PlannedNotice(key: "r1/delivery-failure/1", kind: .deliveryFailure, review: "r1", phase: "scoping", subject: "1",
                      subjectTitle: "review-invitation", subjectAt: t0, due: t0, rule: "550 no such user",
                      recipients: NoticeRecipients(roles: ["lead-officer"], organisations: []), problem: nil)
    }

    static func events(ofNotices store: SQLiteReviewStore) async throws -> [String: Int64?] {
        try await store.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, event FROM outbox").map { ($0["key"] as String, $0["event"] as Int64?) })
        }
    }

    @Test("a new store keys event notices by their event, reminders and bvd's own notices by key alone")
    func newStore() async throws {
        let source = try await sourceStore()
        let events = try await Self.events(ofNotices: source.store)
        let invitation = try await source.store.events(review: "r1").first { $0.event.change.kind == "organisation-invited" }
        #expect(events["r1/review-invitation/a/e2"] == .some(invitation?.sequence))
        #expect(events["r1/meeting-reminder/m1/2027-01-27"] == .some(nil))
        #expect(events["r1/delivery-failure/1"] == .some(nil))
        // The key alone still keeps bvd's own notices and reminders once.
        try await source.store.enqueue(failure, now: reminderDue)
        #expect(try await source.store.fireDueTimers(now: reminderDue, limit: 10).isEmpty)
        let r1 = try await source.store.outbox(review: "r1")
        #expect(r1.map(\.notice.key) == ["r1/review-invitation/a/e2", "r1/meeting-invitation/m1/e3", "r1/meeting-reminder/m1/2027-01-27", "r1/delivery-failure/1"])
        #expect(r1.map(\.id) == r1.map(\.id).sorted())
        #expect(try await source.store.outbox(review: "r2").map(\.notice.key) == ["r2/review-invitation/c/e2"])
    }

    @Test("a v8 database keeps every notice, listed with its review in order; notices after it are keyed by their event")
    func migratesV8() async throws {
        let source = try await sourceStore()
        let before = try await source.store.outbox(review: nil)
        let beforeR1 = try await source.store.outbox(review: "r1")
        let upgraded = try OlderDatabase.upgraded(from: source, at: "v8-missed-timers")
        let store = upgraded.store
        #expect(try await store.verify().ok)
        #expect(try await store.outbox(review: nil).map(\.id) == before.map(\.id))
        #expect(try await store.outbox(review: "r1").map(\.notice.key) == beforeR1.map(\.notice.key))
        #expect(try await Self.events(ofNotices: store).values.allSatisfy { $0 == nil })

        // Rows written before v9 keep their key unique; an event after it is found through the event.
        try await store.enqueue(failure, now: reminderDue)
        #expect(try await store.fireDueTimers(now: reminderDue, limit: 10).isEmpty)
        let next = try await store.execute([StoreFixture.request("r1", StoreFixture.invite("b"))], now: reminderDue)
        let sequence = try #require(next[0].success?.first?.sequence)
        #expect(try await Self.events(ofNotices: store)["r1/review-invitation/b/e4"] == .some(sequence))
        #expect(try await store.outbox(review: "r1").map(\.notice.key) == beforeR1.map(\.notice.key) + ["r1/review-invitation/b/e4"])
        #expect(try await store.outbox(review: nil).count == before.count + 1)
        #expect(try await store.verify().ok)
        withExtendedLifetime(upgraded) {}
    }

    @Test("one review's notices are read through indexes, never by scanning the outbox")
    func reviewNoticesUseIndexes() async throws {
        let t = try TemporaryStore()
        let details = try await t.store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + EventNoticesByEvent.reviewSQL, arguments: ["r1", 0]).map { $0["detail"] as String }
        }
        #expect(details.contains { $0.contains("outbox USING INDEX outbox_by_event") })
        #expect(details.contains { $0.contains("outbox USING INDEX outbox_key") })
        #expect(!details.contains { $0.hasPrefix("SCAN outbox") })
    }
}
