@testable import BVDaemon
import BVClient
import BVSystemd
import Foundation
import GRDB
import Logging
import Synchronization
import Testing

@Suite("Upgrading an older database at start: said, and the start timeout extended while it runs")
struct DaemonUpgradeTests {
    @Test("bvd on a database one migration behind: STATUS and EXTEND_TIMEOUT_USEC before READY, the review kept")
    func olderDatabase() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let first = try DaemonProcess(scratch: scratch)
        let client = try first.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "Housing repairs", "service": "Repairs", "lead": "j.smith"])).status == 201)
        #expect(first.terminate() == 0, "\(first.log)")
        // As a bvd at schema v9 left it: v10 added the review heads and the links to them.
        let latest = "v10-review-heads"
        let database = try DatabaseQueue(path: scratch.path("state/bvd.sqlite"))
        try database.write { db in
            try db.execute(sql: """
                DROP TABLE review_head; ALTER TABLE event DROP COLUMN review_prev; CREATE INDEX event_by_review ON event(review, seq);
                DROP TRIGGER event_is_append_only_update;
                CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                DELETE FROM grdb_migrations WHERE identifier = ?
                """, arguments: [latest])
        }
        try database.close()

        let notify = try NotifyListener(path: scratch.path("notify.sock"))
        let daemon = try DaemonProcess(scratch: scratch, environment: ["NOTIFY_SOCKET": notify.path])
        let startup = notify.read(until: "READY=1")
        let upgrading = try #require(startup.firstIndex { $0.contains("STATUS=upgrading the database: applying schema migration \(latest)") }, "\(startup)")
        #expect(startup[upgrading].contains("EXTEND_TIMEOUT_USEC=60000000"))
        #expect(startup.last?.contains("READY=1") == true)
        #expect(daemon.log.contains("upgrading the database: applying schema migration \(latest)"), "\(daemon.log)")
        #expect(daemon.log.contains("database upgraded in"), "\(daemon.log)")
        let upgraded = try daemon.waitUntilAnswering()
        #expect(try upgraded.request("GET", "/v1/reviews/r1").status == 200)
        let verification = jsonObject(try upgraded.request("GET", "/v1/verify"))
        #expect(verification["firstProblem"] == nil || verification["firstProblem"] is NSNull, "\(verification)")
        #expect(daemon.terminate() == 0, "\(daemon.log)")

        // Upgraded once: the next start says nothing of it.
        let fresh = try NotifyListener(path: scratch.path("notify-again.sock"))
        let again = try DaemonProcess(scratch: scratch, environment: ["NOTIFY_SOCKET": fresh.path])
        let restart = fresh.read(until: "READY=1")
        #expect(restart.last?.contains("READY=1") == true)
        #expect(!restart.contains { $0.contains("EXTEND_TIMEOUT_USEC") || $0.contains("upgrading") }, "\(restart)")
        #expect(again.terminate() == 0)
    }

    @Test("more time is asked for at once and then every interval while the store opens, and no more after")
    func extendsWhileOpening() throws {
        let sent = Mutex<[[NotifyMessage]]>([])
        let progress = StoreUpgradeProgress(logger: Logger(label: "test"), interval: .milliseconds(30), grant: .seconds(2)) { messages in
            sent.withLock { $0.append(messages) }
        }
        let opened = progress.opening { upgrading in
            upgrading(.migration("v9-example"))
            Thread.sleep(forTimeInterval: 0.3)
            upgrading(.fillingProjections(reviews: 3))
            return "open"
        }
        #expect(opened == "open")
        let whileOpening = sent.withLock { $0 }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(sent.withLock { $0.count } == whileOpening.count, "nothing is sent once the store is open")
        #expect(whileOpening.first == [.status("upgrading the database: applying schema migration v9-example"), .extendTimeout(.seconds(2))])
        #expect(whileOpening.contains([.status("upgrading the database: filling the projection tables of 3 reviews from the event log"), .extendTimeout(.seconds(2))]))
        // Between the two steps, the timer's own requests (about ten in 0.3 s; a loaded machine gives fewer).
        #expect(whileOpening.filter { $0 == [.extendTimeout(.seconds(2))] }.count >= 2, "\(whileOpening)")
    }

    @Test("a store that opens without upgrading asks for nothing")
    func currentDatabaseAsksNothing() throws {
        let sent = Mutex<[[NotifyMessage]]>([])
        let progress = StoreUpgradeProgress(logger: Logger(label: "test"), interval: .milliseconds(10), grant: .seconds(2)) { messages in
            sent.withLock { $0.append(messages) }
        }
        progress.opening { _ in Thread.sleep(forTimeInterval: 0.1) }
        #expect(sent.withLock { $0.isEmpty })
    }
}
