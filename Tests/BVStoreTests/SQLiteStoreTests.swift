import BVCore
@testable import BVStore
import Foundation
import GRDB
import Testing

@Suite("SQLite store: schema, durability settings and tamper evidence")
struct SQLiteStoreTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    @Test("a new database gets every migration; reopening it changes nothing")
    func migratesEmpty() async throws {
        let t = try TemporaryStore()
        let applied = try await t.store.pool.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(applied == ["v1-event-log", "v2-projections", "v3-representatives", "v4-delivery", "v5-directory", "v6-fewer-pages-per-command", "v7-review-row-for-listings", "v8-missed-timers", "v9-event-notices-by-event", "v10-review-heads"])
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        let again = try t.reopen()
        #expect(try await again.events(review: "r1").count == 1)
    }

    @Test("two stores writing the same file in turn keep one unbroken hash chain")
    func chainAcrossWriters() async throws {
        let t = try TemporaryStore()
        let other = try t.reopen()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        for n in 0..<6 {
            let writer = n % 2 == 0 ? other : t.store
            let outcome = try await writer.execute([StoreFixture.request("r1", StoreFixture.invite("o\(n)"))], now: t0)
            #expect(outcome[0].success != nil)
        }
        let report = try await t.store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        #expect(report.events == 7)
    }

    @Test("an older database (event log only) is migrated on open")
    func migratesOlder() async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1-event-log")
        try queue.close()
        let store = try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow])
        let applied = try await store.pool.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(applied == ["v1-event-log", "v2-projections", "v3-representatives", "v4-delivery", "v5-directory", "v6-fewer-pages-per-command", "v7-review-row-for-listings", "v8-missed-timers", "v9-event-notices-by-event", "v10-review-heads"])
        let outcome = try await store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a"))], now: t0)
        #expect(outcome.allSatisfy { $0.success != nil })
        #expect(try await store.verify().ok)
    }

    @Test("a database from before notice delivery gains preferences and the delivery ledger; projections stay true")
    func migratesFromRepresentatives() async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v3.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3-representatives")
        try queue.close()
        let store = try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow])
        let outcome = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a")),
            StoreFixture.request("r1", .addRepresentative(representative: "mary", organisation: "a", name: "Mary Jones", email: "mary@a.example", phone: nil)),
            StoreFixture.request("r1", .setNoticePreferences(representative: "mary", channel: "sms", digest: true)),
        ], now: t0)
        #expect(outcome.allSatisfy { $0.success != nil })
        let row = try store.pool.read { db in try Row.fetchOne(db, sql: "SELECT channel, digest FROM representative WHERE id = 'mary'") }
        #expect(row?["channel"] as String? == "sms")
        #expect(row?["digest"] as Bool? == true)
        #expect(try await store.verify().ok)
    }

    @Test("a database written by a newer bvd is refused with a clear message")
    func refusesNewer() async throws {
        let t = try TemporaryStore()
        try await t.store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v11-from-the-future')")
        }
        try t.store.close()
        #expect {
            _ = try t.reopen()
        } throws: { error in
            "\(error)" == "the database was written by a newer bvd (schema 'v11-from-the-future'; this bvd knows up to 'v10-review-heads'); upgrade bvd or restore a backup"
        }
    }

    @Test("FULL and NORMAL durability are applied to the connection")
    func durability() async throws {
        let full = try TemporaryStore(durability: .full)
        let normal = try TemporaryStore(durability: .normal)
        #expect(try await full.store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await normal.store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
        #expect(try await full.store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("the event log refuses updates and deletes")
    func appendOnly() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        await #expect(throws: DatabaseError.self) {
            try await t.store.pool.write { db in try db.execute(sql: "UPDATE event SET actor = 'someone else'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await t.store.pool.write { db in try db.execute(sql: "DELETE FROM event") }
        }
    }

    @Test("verify names the first altered event, and a projection that differs from the fold")
    func tamperEvidence() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a")),
                                       StoreFixture.request("r1", StoreFixture.invite("b", "pensioners"))], now: t0)
        #expect(try await t.store.verify() == VerificationReport(events: 3, reviews: 1, firstProblem: nil))

        try await t.store.pool.write { db in
            try db.execute(sql: "UPDATE organisation SET name = 'Someone else' WHERE id = 'b'")
        }
        #expect(try await t.store.verify().firstProblem == "projection 'organisation' of review 'r1' differs from a fresh fold of its events")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE review SET phase = 'monitoring' WHERE id = 'r1'") }
        #expect(try await t.store.verify().firstProblem == "the title, service, lead, phase or closing of review 'r1' differs from a fresh fold of its events")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)

        // A row the fold does not have, in a table the review has no rows of, and a review row with no events.
        try await t.store.pool.write { db in
            try db.execute(sql: "INSERT INTO meeting (review, position, id, title, method, start, invitees, sequence) VALUES ('r1', 0, 'm9', 'Forged', 'meeting', 0, '', 0)")
        }
        #expect(try await t.store.verify().firstProblem == "projection 'meeting' of review 'r1' differs from a fresh fold of its events")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)
        try await t.store.pool.write { db in
            try db.execute(sql: "INSERT INTO review (id, workflow_hash, plan_year, created, state, snapshot_seq, title, service, lead, phase) SELECT 'ghost', workflow_hash, plan_year, created, state, snapshot_seq, title, service, lead, phase FROM review WHERE id = 'r1'")
            try db.execute(sql: "INSERT INTO organisation SELECT 'ghost', position, id, name, category, invited FROM organisation WHERE review = 'r1'")
        }
        #expect(try await t.store.verify().firstProblem == "review 'ghost' has a projection but no events")
        #expect(try await t.store.rebuildProjections(now: t0) == 1)
        #expect(try await t.store.verify().ok)
        #expect(try await t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM organisation WHERE review = 'ghost'") } == 0)
        // Timers of a review without events would fire for nobody's review: verify says so, rebuild stops them.
        try await t.store.pool.write { db in
            try db.execute(sql: "INSERT INTO timer (key, review, kind, due, subject_at, rule, state, notice) SELECT 'ghost/' || key, 'ghost', kind, due, subject_at, rule, state, notice FROM timer WHERE review = 'r1' AND state = 'pending'")
        }
        #expect(try await t.store.verify().firstProblem == "review 'ghost' has pending timers but no events")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)
        // The review row itself lost: rebuilt from the first event, which names the workflow.
        try await t.store.pool.write { db in try db.execute(sql: "DELETE FROM review WHERE id = 'r1'") }
        #expect(try await t.store.verify().firstProblem == "review 'r1' has events but no projection")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)
        #expect(try await t.store.review("r1")?.state.organisations.count == 2)

        // A deadline's timer switched off in the file: the events still call for it; rebuilding plans it again.
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE timer SET state = 'cancelled' WHERE key = 'r1/deadline-passed/scoping/2027-03-02'") }
        #expect(try await t.store.verify().firstProblem == "timer 'r1/deadline-passed/scoping/2027-03-02' of review 'r1' is cancelled, but its events still call for it")
        try await t.store.rebuildProjections(now: t0)
        #expect(try await t.store.verify().ok)
        #expect(try await t.store.timers(review: "r1").first { $0.notice.key == "r1/deadline-passed/scoping/2027-03-02" }?.state == .pending)
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE timer SET due = due + 86400000 WHERE key = 'r1/deadline-passed/scoping/2027-03-02'") }
        #expect(try await t.store.verify().firstProblem?.hasPrefix("timer 'r1/deadline-passed/scoping/2027-03-02' of review 'r1' is due at 2027-03-03") == true)

        // Someone with the file edits history: the chain shows where.
        try await t.store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER event_is_append_only_update")
            try db.execute(sql: "UPDATE event SET payload = replace(payload, 'Organisation a', 'Organisation z') WHERE seq = 2")
        }
        #expect(try await t.store.verify().firstProblem == "event 2 of review 'r1' was altered: its hash does not match its content")
        // Nor is the edited event carried out in an archive, where another store would chain it afresh as sound.
        await #expect(throws: StoreError.corrupt("event 2 of review 'r1' was altered: its hash does not match its content (bvctl review verify)")) {
            try await t.store.export(review: "r1")
        }
    }

    @Test("a refused start leaves no trace: no review and no workflow kept for it")
    func refusedStartWritesNothing() async throws {
        let t = try TemporaryStore()
        let outcome = try await t.store.execute([StoreFixture.request("r1", .start(title: " ", service: "S", lead: "j.smith", planYear: 2028))], now: t0)
        #expect(outcome[0].failure == .invalid("a review needs a title"))
        #expect(try await t.store.reviews().isEmpty)
        #expect(try await t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workflow") } == 0)
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        #expect(try await t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workflow") } == 1)
    }

    @Test("a transaction that fails leaves every review as last committed, in memory as on disk")
    func failedTransactionForgetsItsStates() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a"))], now: t0)
        _ = try await t.store.review("r1")  // the state is now remembered, to be changed in place by the next command
        try await t.store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_boom BEFORE INSERT ON organisation WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END")
        }
        await #expect(throws: DatabaseError.self) {
            try await t.store.execute([StoreFixture.request("r1", StoreFixture.invite("b")), StoreFixture.request("r1", StoreFixture.invite("boom"))], now: t0)
        }
        #expect(try await t.store.review("r1")?.state.organisations.map(\.id) == ["a"])
        let again = try await t.store.execute([StoreFixture.request("r1", StoreFixture.invite("b"))], now: t0)
        #expect(again[0].success != nil, "b was never committed, so it can be invited")
        #expect(try await t.store.review("r1")?.state.organisations.map(\.id) == ["a", "b"])
        #expect(try await t.store.verify().ok)
    }

    @Test("the write-ahead log is copied into the database file beside the writer once it holds enough pages, the store still open")
    func checkpointsBesideTheWriter() async throws {
        // SQLite's own checkpoint would wait for 1,000 pages; these commands write a few hundred.
        let t = try TemporaryStore(checkpointPages: 40)
        let (store, path, directory) = (t.store, t.path, t.directory)
        _ = try await store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        for n in 0..<60 { _ = try await store.execute([StoreFixture.request("r1", StoreFixture.invite("o\(n)"))], now: t0) }
        /// The events the database file holds without its log: what checkpoints have copied.
        func eventsInDatabaseFile() -> Int {
            let copy = directory.appendingPathComponent("copy.sqlite")
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.removeItem(atPath: copy.path + "-wal")
            guard (try? FileManager.default.copyItem(atPath: path, toPath: copy.path)) != nil,
                  let queue = try? DatabaseQueue(path: copy.path) else { return 0 }
            return ((try? queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") }) ?? nil) ?? 0
        }
        // The pages of the last few commands may still be in the log alone; without checkpoints
        // beside the writer, none of the events would be in the file.
        var copied = 0
        for _ in 0..<200 where copied < 20 {
            copied = eventsInDatabaseFile()
            if copied < 20 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(copied >= 20, "events in the database file: \(copied) of 61")
        try store.close()
        let reopened = try t.reopen()
        #expect(try await reopened.events(review: "r1").count == 61)
        #expect(try await reopened.verify().ok)
    }

    @Test("the log stays bounded when checkpoints beside the writer fall behind: past twice the threshold the writer checkpoints itself")
    func logStaysBoundedWhenPassesLag() async throws {
        let t = try TemporaryStore(checkpointPages: 40)
        let (store, path) = (t.store, t.path)
        _ = try await store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        func logFrames() throws -> Int {
            let bytes = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            return max(0, bytes - 32) / (4096 + 24)
        }
        // The file keeps the size of the largest log so far: the schema's creation, to begin with.
        let before = try logFrames()
        // The checkpointer's connection kept busy throughout, as a slow disk would keep it.
        // On a thread of its own: blocking one of the shared pool's few threads could starve the
        // tests running beside this one.
        let started = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread {
            store.checkpointer.connection.writeWithoutTransaction { _ in
                started.signal()
                done.wait()
            }
            finished.signal()
        }.start()
        started.wait()
        do {
            for n in 0..<150 { _ = try await store.execute([StoreFixture.request("r1", StoreFixture.invite("o\(n)"))], now: t0) }
        } catch {
            done.signal()
            throw error
        }
        done.signal()
        // Without the writer's own checkpoint, 150 commands would leave several hundred frames.
        let frames = try logFrames()
        #expect(frames <= max(before, 2 * 40 + 20), "the log grew to \(frames) frames (\(before) before the commands)")
        finished.wait()
        try store.close()
    }

    @Test("a review's snapshot is written at 64 events and then each time its count doubles", arguments: [
        (63, false), (64, true), (65, false), (100, false), (128, true), (192, false), (256, true), (384, false), (1024, true),
    ])
    func snapshotDue(eventCount: Int, due: Bool) {
        #expect(StateSnapshot.isDue(eventCount: eventCount) == due)
    }

    @Test("a review read afresh is its snapshot with the later events folded on, whichever snapshot it has")
    func snapshotsAsTheReviewGrows() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        func snapshotAt() async throws -> Int? {
            try await t.store.pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT snapshot_seq, state FROM review WHERE id = 'r1'") else { return nil }
                let sequence: Int64 = row["snapshot_seq"]
                let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE review = 'r1' AND seq <= ?", arguments: [sequence])
                // The snapshot is the fold of exactly the events up to its sequence.
                #expect(StateSnapshot.decode(row["state"])?.eventCount == events)
                return events
            }
        }
        var expected: [Int: Int] = [:]
        for n in 2...200 {
            let outcome = try await t.store.execute([StoreFixture.request("r1", StoreFixture.invite("org-\(n)"))], now: t0)
            #expect(outcome[0].success != nil)
            if [63, 64, 100, 128, 200].contains(n) { expected[n] = try await snapshotAt() }
        }
        #expect(expected == [63: 1, 64: 64, 100: 64, 128: 128, 200: 128])
        let reopened = try t.reopen()
        #expect(try await reopened.review("r1")?.state == (try await t.store.review("r1")?.state))
        #expect(try await reopened.review("r1")?.state.organisations.count == 199)
        #expect(try await reopened.verify().ok)
    }

    @Test("a snapshot this bvd cannot read is rewritten by the review's next command, not at the next one due")
    func unreadableSnapshotRewritten() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a"))], now: t0)
        try await t.store.pool.write { db in try db.execute(sql: "UPDATE review SET state = '{\"from\":\"an older bvd\"}' WHERE id = 'r1'") }
        let reopened = try t.reopen()
        #expect(try await reopened.review("r1")?.state.organisations.count == 1, "folded from the log")
        _ = try await reopened.execute([StoreFixture.request("r1", StoreFixture.invite("b", "pensioners"))], now: t0)
        let (snapshot, sequence) = try await reopened.pool.read { db in
            (try String.fetchOne(db, sql: "SELECT state FROM review WHERE id = 'r1'") ?? "",
             try Int64.fetchOne(db, sql: "SELECT snapshot_seq FROM review WHERE id = 'r1'"))
        }
        #expect(StateSnapshot.decode(snapshot)?.organisations.count == 2)
        #expect(sequence == 3)
        #expect(try await reopened.verify().ok)
    }

    @Test("a review keeps the workflow text it started with after the file changes")
    func keepsWorkflowText() async throws {
        let t = try TemporaryStore()
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        let changed = StoreFixture.workflow.source.replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: "minimum-organisations: 6", with: "minimum-organisations: 2")
        let v2 = try LoadedWorkflow(definition: BVWorkflowFileParse.parse(changed), source: changed, file: "v2.yaml")
        let reopened = try SQLiteReviewStore(path: t.path, workflows: [v2])
        _ = try await reopened.execute([StoreFixture.request("r2", StoreFixture.start)], now: t0)
        #expect(try await reopened.review("r1")?.workflow.version == 1)
        #expect(try await reopened.review("r2")?.workflow.version == 2)
        #expect(try await reopened.review("r1")?.workflow.contentHash == StoreFixture.workflow.definition.contentHash)
    }
}

import BVWorkflowFile

enum BVWorkflowFileParse {
    static func parse(_ text: String) throws -> WorkflowDefinition {
        try WorkflowLoader.parse(yaml: text, file: "v2.yaml").get()
    }
}
