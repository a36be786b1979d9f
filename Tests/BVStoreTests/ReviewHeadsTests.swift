import BVCore
@testable import BVStore
import Foundation
import GRDB
import Testing

@Suite("Schema v10: a review's events are found from its head, each linked to the one before")
struct ReviewHeadsTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    /// Two reviews whose events interleave in the log.
    func interleaved(_ store: SQLiteReviewStore) async throws {
        let requests: [CommandRequest] = [
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r2", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("a")), StoreFixture.request("r2", StoreFixture.invite("c")),
            StoreFixture.request("r1", StoreFixture.invite("b")),
        ]
        #expect(try await store.execute(requests, now: t0).allSatisfy { $0.success != nil })
    }

    static func links(_ store: SQLiteReviewStore) async throws -> [String] {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, review, review_prev FROM event ORDER BY seq").map { row in
                "\(row["seq"] as Int64) \(row["review"] as String) \((row["review_prev"] as Int64?).map(String.init) ?? "-")"
            }
        }
    }

    static func heads(_ store: SQLiteReviewStore) async throws -> [String] {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_head ORDER BY review").map { "\($0["review"] as String) \($0["last_seq"] as Int64) \($0["events"] as Int)" }
        }
    }

    @Test("each event links to its review's event before it; the head holds the last and the count; listings count from it")
    func linksAndHeads() async throws {
        let t = try TemporaryStore()
        try await interleaved(t.store)
        #expect(try await Self.links(t.store) == ["1 r1 -", "2 r2 -", "3 r1 1", "4 r2 2", "5 r1 3"])
        #expect(try await Self.heads(t.store) == ["r1 5 3", "r2 4 2"])
        #expect(try await t.store.events(review: "r1").map(\.sequence) == [1, 3, 5])
        #expect(try await t.store.reviews().map(\.events) == [3, 2])
        // A review moved in starts a chain of its own.
        let archive = try await t.store.export(review: "r1")
        let target = try TemporaryStore()
        _ = try await target.store.execute([StoreFixture.request("r9", StoreFixture.start)], now: t0)
        #expect(try await target.store.importReview(jsonLines: archive, now: t0) == "r1")
        #expect(try await Self.links(target.store) == ["1 r9 -", "2 r1 -", "3 r1 2", "4 r1 3"])
        #expect(try await target.store.verify().ok)
    }

    @Test("a v9 database gains the links and heads; the review carries on from them")
    func migratesV9() async throws {
        let source = try TemporaryStore()
        try await interleaved(source.store)
        let upgraded = try OlderDatabase.upgraded(from: source, at: "v9-event-notices-by-event")
        let store = upgraded.store
        #expect(try await Self.links(store) == ["1 r1 -", "2 r2 -", "3 r1 1", "4 r2 2", "5 r1 3"])
        #expect(try await Self.heads(store) == ["r1 5 3", "r2 4 2"])
        let indexes = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event'") }
        #expect(!indexes.contains("event_by_review"))
        let next = try await store.execute([StoreFixture.request("r2", StoreFixture.invite("d"))], now: t0)
        #expect(next[0].success?.first?.sequence == 6)
        #expect(try await Self.links(store).last == "6 r2 4")
        #expect(try await store.review("r2")?.state.organisations.map(\.id) == ["c", "d"])
        #expect(try await store.verify().ok)
        withExtendedLifetime(upgraded) {}
    }

    @Test("verify names a wrong link and a wrong head; rebuild mends both, and the log refuses every other change")
    func verifyAndMend() async throws {
        let t = try TemporaryStore()
        try await interleaved(t.store)
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE event SET review_prev = 2 WHERE seq = 5") }
        #expect(try await t.store.verify().firstProblem
                == "event 5 of review 'r1' is linked to the wrong event before it in its review (it should be event 3)")
        #expect(try await t.store.rebuildProjections(now: t0) == 2)
        #expect(try await Self.links(t.store) == ["1 r1 -", "2 r2 -", "3 r1 1", "4 r2 2", "5 r1 3"])
        #expect(try await t.store.verify().ok)

        try await t.store.pool.write { db in try db.execute(sql: "UPDATE review_head SET events = 7 WHERE review = 'r2'") }
        #expect(try await t.store.verify().firstProblem == "the head of review 'r2' (its last event and number of events) differs from the log")
        try await t.store.pool.write { db in try db.execute(sql: "INSERT INTO review_head VALUES ('ghost', 9, 1)") }
        _ = try await t.store.rebuildProjections(now: t0)
        #expect(try await Self.heads(t.store) == ["r1 5 3", "r2 4 2"])
        #expect(try await t.store.verify().ok)
        #expect(try await t.store.execute([StoreFixture.request("r1", StoreFixture.invite("e"))], now: t0)[0].success != nil)
        #expect(try await t.store.events(review: "r1").map(\.sequence) == [1, 3, 5, 6])

        await #expect(throws: DatabaseError.self) {
            try await t.store.pool.write { db in try db.execute(sql: "UPDATE event SET review = 'r2' WHERE seq = 5") }
        }
    }

    @Test("a link to another review's event ends the walk there: a review is never read with another's events")
    func crossReviewLink() async throws {
        let t = try TemporaryStore()
        try await interleaved(t.store)
        // Event 5 (r1) made to point at event 2, r2's start.
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE event SET review_prev = 2 WHERE seq = 5") }
        let events = try await t.store.pool.read { db in try EventLog.events(review: "r1", db) }
        #expect(events.map(\.sequence) == [5])
        #expect(events.allSatisfy { $0.event.review == "r1" })
        #expect(try await t.store.verify().ok == false)
    }

    @Test("a review with events but no review row is neither started afresh nor imported over: that would begin a second history")
    func eventsWithoutRow() async throws {
        let t = try TemporaryStore()
        try await interleaved(t.store)
        let archive = try await t.store.export(review: "r1")
        let target = try TemporaryStore()
        _ = try await target.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        try await target.store.pool.write { db in try db.execute(sql: "DELETE FROM review WHERE id = 'r1'") }
        await #expect(throws: StoreError.self) { try await target.store.importReview(jsonLines: archive, now: t0) }
        // A bvd started afresh on the file (nothing cached) is told the file is damaged.
        let reopened = try target.reopen()
        await #expect(throws: StoreError.self) { try await reopened.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0) }
        try reopened.close()
        #expect(try await Self.links(target.store) == ["1 r1 -"])
        _ = try await target.store.rebuildProjections(now: t0)
        #expect(try await target.store.execute([StoreFixture.request("r1", StoreFixture.invite("a"))], now: t0)[0].success != nil)
        #expect(try await target.store.verify().ok)
    }

    @Test("a review's events are read by walking back from its head, never by scanning the log")
    func walkUsesNoScan() async throws {
        let t = try TemporaryStore()
        let details = try await t.store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ReviewHeads.chain + "SELECT event.* FROM chain JOIN event ON event.seq = chain.seq ORDER BY event.seq",
                             arguments: ["r1", 0]).map { $0["detail"] as String }
        }
        // Only the walk's own rows are scanned; the head and every event are found by key.
        #expect(!details.contains { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN chain") }, "\(details)")
        #expect(details.contains { $0.contains("USING PRIMARY KEY (review=?)") }, "\(details)")
    }
}
