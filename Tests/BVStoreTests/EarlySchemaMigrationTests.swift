import BVCore
@testable import BVStore
import Foundation
import GRDB
import Testing

@Suite("Schemas v1 and v2 with reviews in them: the projection tables a later schema adds are filled from the log on open")
struct EarlySchemaMigrationTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    /// v1 kept the log, the review rows, timers and the outbox; v2 added every projection table but
    /// representatives, which came with v3.
    @Test("a review's organisations and representatives are there after the upgrade, and verify agrees",
          arguments: [("v1-event-log", Set<String>()),
                      ("v2-projections", Set(Projection.tables.map(\.name)).subtracting(["representative"]))])
    func fillsProjections(migration: String, projections: Set<String>) async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("\(migration).sqlite").path
        try await Self.olderDatabase(at: path, upTo: migration, projections: projections)
        let steps = try await expectFilled(path)
        // Said before each step, so that a long upgrade can be explained while it runs.
        let later = Schema.migrator.migrations.drop(while: { $0 != migration }).dropFirst()
        #expect(steps == later.map { .migration($0) } + [.fillingProjections(reviews: 2)])
    }

    @Test("a bvd stopped after the migrations but before the fill fills the projections on its next open")
    func fillsAfterInterruptedUpgrade() async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v1.sqlite").path
        try await Self.olderDatabase(at: path, upTo: "v1-event-log", projections: [])
        // What the store's open does before the fill, and no more.
        let queue = try DatabaseQueue(path: path)
        #expect(try Schema.migrate(queue))
        try queue.close()
        #expect(try await expectFilled(path) == [.fillingProjections(reviews: 2)])
        // Filled once: the next open has nothing to fill.
        let again = try DatabaseQueue(path: path)
        #expect(try !Schema.migrate(again))
        try again.close()
    }

    @Test("a file whose migrations were applied out of order (a development build's) is migrated in one step, not stopped")
    func outOfOrderMigrations() throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("gap.sqlite").path)
        try Schema.migrator.migrate(queue, upTo: "v6-fewer-pages-per-command")
        // v8 applied by hand before v7: GRDB's migrate(upTo:) would stop the process on this file.
        try queue.write { db in
            try db.execute(sql: "CREATE INDEX timer_missed_by_due ON timer(due) WHERE state = 'missed'")
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v8-missed-timers')")
        }
        var steps: [StoreUpgradeStep] = []
        try Schema.migrate(queue, upgrading: { steps.append($0) })
        #expect(steps == [.migration("v7-review-row-for-listings, v9-event-notices-by-event, v10-review-heads")])
        #expect(try queue.read { db in try Schema.migrator.appliedIdentifiers(db) }.count == Schema.migrator.migrations.count)
        try queue.close()
    }

    @Test("opening a new database, or one at today's schema, reports no upgrade")
    func currentSchemaIsNoUpgrade() throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.sqlite").path
        for _ in 1...2 {
            var steps: [StoreUpgradeStep] = []
            let store = try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow], upgrading: { steps.append($0) })
            try store.close()
            #expect(steps.isEmpty)
        }
    }

    /// Two reviews, an organisation each and a representative, kept as a bvd at `migration` would have.
    static func olderDatabase(at path: String, upTo migration: String, projections: Set<String>) async throws {
        let source = try TemporaryStore()
        let requests: [CommandRequest] = [
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r2", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("a")), StoreFixture.request("r2", StoreFixture.invite("c")),
            StoreFixture.request("r1", .addRepresentative(representative: "mary", organisation: "a", name: "Mary Jones", email: "mary@a.example", phone: nil)),
        ]
        #expect(try await source.store.execute(requests, now: StoreFixture.london("2027-01-04T09:00")).allSatisfy { $0.success != nil })
        try source.store.close()
        try OlderDatabase.make(at: path, upTo: migration, from: source.path, projections: projections)
    }

    /// Opens the store: its projections agree with the log, and commands carry on from there.
    /// Returns the upgrade's steps, as the store reported them.
    @discardableResult
    func expectFilled(_ path: String) async throws -> [StoreUpgradeStep] {
        var steps: [StoreUpgradeStep] = []
        let store = try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow], upgrading: { steps.append($0) })
        let report = try await store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        let rows = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT review || ':' || id FROM organisation ORDER BY review, position")
                + String.fetchAll(db, sql: "SELECT review || ':' || id FROM representative")
        }
        #expect(rows == ["r1:a", "r2:c", "r1:mary"])
        // The next command appends to the projections it finds.
        #expect(try await store.execute([StoreFixture.request("r1", StoreFixture.invite("b", "pensioners"))], now: t0)[0].success != nil)
        #expect(try await store.verify().ok)
        try store.close()
        return steps
    }
}
