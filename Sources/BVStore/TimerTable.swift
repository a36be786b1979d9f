public import BVCore
import Foundation
import GRDB

/// Durable timers: each planned notice is a row keyed by its idempotency key.
enum TimerTable {
    /// How late a timer may fire and still count as on time.
    static let onTimeTolerance: Int64 = 60_000

    /// Brings a review's pending timers in line with its plan. Fired, late and missed timers are
    /// history and never change; pending ones no longer planned are cancelled.
    static func replan(review: String, planned: [PlannedNotice], _ db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO timer (key, review, kind, due, subject_at, rule, state, notice) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
            ON CONFLICT(key) DO UPDATE SET due = excluded.due, subject_at = excluded.subject_at, rule = excluded.rule,
                notice = excluded.notice, state = 'pending'
            WHERE timer.state IN ('pending', 'cancelled')
            """)
        var keys = Set<String>()
        for notice in planned {
            keys.insert(notice.key)
            let json = String(decoding: try EventLog.encoder.encode(notice), as: UTF8.self)
            try upsert.execute(arguments: [notice.key, review, notice.kind.rawValue, notice.due.millisecondsSinceEpoch,
                                           notice.subjectAt.millisecondsSinceEpoch, notice.rule, json])
        }
        let pending = try String.fetchAll(db, sql: "SELECT key FROM timer WHERE review = ? AND state = 'pending'", arguments: [review])
        for key in pending where !keys.contains(key) {
            try db.execute(sql: "UPDATE timer SET state = 'cancelled' WHERE key = ?", arguments: [key])
        }
    }

    static func decode(_ row: Row) throws -> StoredTimer {
        let notice = try JSONDecoder().decode(PlannedNotice.self, from: Data((row["notice"] as String).utf8))
        let firedAt: Int64? = row["fired_at"]
        return StoredTimer(notice: notice, state: TimerState(rawValue: row["state"]) ?? .pending,
                           firedAt: firedAt.map(Instant.init(millisecondsSinceEpoch:)))
    }

    /// The catch-up rule (systemd's `Persistent=`, APScheduler's misfire handling): on time → fired;
    /// late but its subject still ahead, or a deadline → late and sent; subject already past → missed.
    static func outcome(for notice: PlannedNotice, due: Int64, now: Instant) -> TimerState {
        if now.millisecondsSinceEpoch - due <= onTimeTolerance { return .fired }
        switch notice.kind {
        case .deadlinePassed, .measurementOverdue: return .late
        default: return notice.subjectAt > now ? .late : .missed
        }
    }
}

extension SQLiteReviewStore {
    public func timers(review: String?) async throws -> [StoredTimer] {
        try await pool.read { db in
            let rows = if let review {
                try Row.fetchAll(db, sql: "SELECT * FROM timer WHERE review = ? ORDER BY due, key", arguments: [review])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM timer ORDER BY due, key")
            }
            return try rows.map(TimerTable.decode)
        }
    }

    public func nextTimerDue() async throws -> Instant? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(due) FROM timer WHERE state = 'pending'").map(Instant.init(millisecondsSinceEpoch:))
        }
    }

    public func fireDueTimers(now: Instant, limit: Int) async throws -> [StoredTimer] {
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM timer WHERE state = 'pending' AND due <= ? ORDER BY due, key LIMIT ?",
                                        arguments: [now.millisecondsSinceEpoch, limit])
            let mark = try db.cachedStatement(sql: "UPDATE timer SET state = ?, fired_at = ? WHERE key = ? AND state = 'pending'")
            var fired: [StoredTimer] = []
            for row in rows {
                let timer = try TimerTable.decode(row)
                let state = TimerTable.outcome(for: timer.notice, due: row["due"], now: now)
                try mark.execute(arguments: [state.rawValue, now.millisecondsSinceEpoch, timer.notice.key])
                if state != .missed { try OutboxTable.enqueue(timer.notice, late: state == .late, now: now, db) }
                fired.append(StoredTimer(notice: timer.notice, state: state, firedAt: now))
            }
            return fired
        }
    }
}

extension SQLiteReviewStore {
    /// Benchmarks only: makes the first `count` pending timers due at `at`.
    public func makeDueForBenchmark(count: Int, at: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE timer SET due = ? WHERE rowid IN (SELECT rowid FROM timer WHERE state = 'pending' ORDER BY rowid LIMIT ?)",
                           arguments: [at.millisecondsSinceEpoch, count])
        }
    }
}
