import BVCore
@testable import BVStore
import Foundation
import GRDB
import Testing

@Suite("Schemas v6 and v7: a v5 database keeps every row in the tables a command touches fewer pages of")
struct FewerPagesMigrationTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    @Test("events, projections in order, notices with their ids and deliveries survive; a delivery failure's key gains its review")
    func migratesV5() async throws {
        // Written by today's store, then copied into a database at v5 as a v5 bvd would have kept it.
        let source = try TemporaryStore()
        let requests: [CommandRequest] = [
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r2", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("a")), StoreFixture.request("r2", StoreFixture.invite("c")),
            StoreFixture.request("r1", StoreFixture.invite("b", "pensioners")),
            StoreFixture.request("r1", .addRepresentative(representative: "mary", organisation: "a", name: "Mary Jones", email: "mary@a.example", phone: nil)),
        ]
        #expect(try await source.store.execute(requests, now: t0).allSatisfy { $0.success != nil })
        let failure = PlannedNotice(key: "r1/delivery-failure/1", kind: .deliveryFailure, review: "r1", phase: "scoping", subject: "1",
                                    subjectTitle: "review-invitation", subjectAt: t0, due: t0, rule: "550 no such user",
                                    recipients: NoticeRecipients(roles: ["lead-officer"], organisations: []), problem: nil)
        try await source.store.enqueue(failure, now: t0)
        let before = try await source.store.outbox(review: nil)
        try source.store.close()

        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v5.sqlite").path
        try OlderDatabase.make(at: path, upTo: "v5-directory", from: source.path, projections: Set(Projection.tables.map(\.name))) { db in
            try db.execute(sql: "UPDATE main.outbox SET key = 'delivery-failure/1' WHERE key = 'r1/delivery-failure/1'")
            #expect(db.changesCount == 1)
            try db.execute(sql: "INSERT INTO main.delivery (outbox, recipient, channel, at, outcome) VALUES (1, 'a', 'mail', 0, 'delivered')")
        }

        let store = try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow])
        let report = try await store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        #expect(report.events == requests.count)
        let after = try await store.outbox(review: nil)
        #expect(after.map(\.id) == before.map(\.id))
        #expect(after.map(\.notice.key) == before.map(\.notice.key))
        #expect(try await store.outbox(review: "r1").map(\.notice.key).contains("r1/delivery-failure/1"))
        #expect(try await store.outbox(review: "r2").map(\.notice.review) == ["r2"])
        #expect(try await store.deliveries(outbox: 1).count == 1)
        let organisations = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT review || ':' || id FROM organisation ORDER BY review, position")
        }
        #expect(organisations == ["r1:a", "r1:b", "r2:c"])

        // Carries on: the next event follows the chain, the next notice takes the next id.
        let next = try await store.execute([StoreFixture.request("r2", StoreFixture.invite("d"))], now: t0)
        #expect(next[0].success?.first?.sequence == Int64(requests.count + 1))
        #expect(try await store.outbox(review: "r2").last?.id == (before.map(\.id).max() ?? 0) + 1)
        #expect(try await store.verify().ok)
    }

    @Test("an outbox key that does not begin with its review is refused by the schema")
    func keyNamesItsReview() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        let stray = PlannedNotice(key: "delivery-failure/9", kind: .deliveryFailure, review: "r1", phase: "scoping", subject: "9",
                                  subjectTitle: "review-invitation", subjectAt: t0, due: t0, rule: "550 no such user",
                                  recipients: NoticeRecipients(roles: ["lead-officer"], organisations: []), problem: nil)
        await #expect(throws: DatabaseError.self) { try await t.store.enqueue(stray, now: t0) }
    }

    @Test("the projections bvd writes have the columns the migrations made")
    func projectionsMatchTheSchema() {
        #expect(Projection.tables.map { "\($0.name): \($0.columns.joined(separator: ", "))" }
                == Schema.projectionColumns.map { "\($0.0): \($0.1)" })
    }
}
