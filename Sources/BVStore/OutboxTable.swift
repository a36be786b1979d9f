public import BVCore
import Foundation
import GRDB

/// Notices waiting to be delivered, written in the same transaction as the change that caused them.
enum OutboxTable {
    /// `event`: the sequence of the event whose own notice this is (`PlannedNotice.isOwn`), written
    /// in its transaction (schema v9: indexed by event, not key); nil for a notice whose key alone
    /// keeps it once. Either way the one unique index that covers the row (by key where `event` is
    /// null, by event and key otherwise) keeps a second one out.
    static func enqueue(_ notice: PlannedNotice, event: Int64? = nil, late: Bool, now: Instant, _ db: Database) throws {
        let json = NoticeJSON.encode(notice)
        try db.cachedStatement(sql: """
            INSERT INTO outbox (key, event, review, kind, notice, late, created, next_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """).run(binding: [.text(notice.key), .optional(event), .text(notice.review), .text(notice.kind.rawValue), .text(json),
                                    .int(late ? 1 : 0), .int(now.millisecondsSinceEpoch), .int(now.millisecondsSinceEpoch)])
    }

    /// Only a row still being delivered changes: a row another worker finished is left alone.
    static func markDelivered(_ id: Int64, at: Instant, _ db: Database) throws {
        // No next attempt once delivered; the last error stays, as the history of the tries before.
        try db.run("UPDATE outbox SET state = 'delivered', delivered = ?, next_attempt = NULL, lease_until = NULL WHERE id = ? AND state = 'delivering'",
                   [at.millisecondsSinceEpoch, id])
    }

    static func decode(_ row: Row) throws -> OutboxItem {
        let notice = try NoticeJSON.decode(row["notice"])
        let next: Int64? = row["next_attempt"]
        return OutboxItem(id: row["id"], notice: notice, late: row["late"], state: OutboxState(rawValue: row["state"]) ?? .pending,
                          attempts: row["attempts"], nextAttempt: next.map(Instant.init(millisecondsSinceEpoch:)),
                          lastError: row["last_error"], created: Instant(millisecondsSinceEpoch: row["created"]))
    }
}

extension SQLiteReviewStore {
    /// One statement claims the batch and returns its rows.
    public func claimOutbox(now: Instant, leaseUntil: Instant, limit: Int) async throws -> [OutboxItem] {
        try await write { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                UPDATE outbox SET state = 'delivering', lease_until = ?, attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbox
                             WHERE (state = 'pending' AND next_attempt <= ?) OR (state = 'delivering' AND lease_until <= ?)
                             ORDER BY id LIMIT ?)
                RETURNING *
                """), arguments: [leaseUntil.millisecondsSinceEpoch, now.millisecondsSinceEpoch, now.millisecondsSinceEpoch, limit])
                .map(OutboxTable.decode).sorted { $0.id < $1.id }
        }
    }

    public func markDelivered(_ id: Int64, at: Instant) async throws {
        try await write { db in try OutboxTable.markDelivered(id, at: at, db) }
    }

    public func markAttemptFailed(_ id: Int64, error: String, retryAt: Instant?) async throws {
        try await write { db in
            if let retryAt {
                try db.execute(sql: "UPDATE outbox SET state = 'pending', next_attempt = ?, lease_until = NULL, last_error = ? WHERE id = ? AND state = 'delivering'",
                               arguments: [retryAt.millisecondsSinceEpoch, error, id])
            } else {
                try db.execute(sql: "UPDATE outbox SET state = 'failed', next_attempt = NULL, lease_until = NULL, last_error = ? WHERE id = ? AND state = 'delivering'",
                               arguments: [error, id])
            }
        }
    }

    public func outboxItem(_ id: Int64) async throws -> OutboxItem? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).map(OutboxTable.decode) }
    }

    public func requeue(_ id: Int64, now: Instant) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE outbox SET state = 'pending', next_attempt = ?, lease_until = NULL WHERE id = ? AND state = 'failed'",
                           arguments: [now.millisecondsSinceEpoch, id])
            return db.changesCount == 1
        }
    }

    /// How many notices are in each delivery state.
    public func outboxCounts() async throws -> [OutboxState: Int] {
        try await pool.read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    public func outbox(review: String?) async throws -> [OutboxItem] {
        try await pool.read { db in
            let rows = if let review {
                try EventNoticesByEvent.rows(review: review, db)
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id")
            }
            return try rows.map(OutboxTable.decode)
        }
    }
}
