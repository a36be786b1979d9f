public import BVCore
import Foundation
import GRDB

/// Durable timers: each planned notice is a row keyed by its idempotency key.
enum TimerTable {
    /// How late a timer may fire and still count as on time.
    static let onTimeTolerance: Int64 = 60_000

    /// Brings a review's pending timers in line with its plan. Fired, late and missed timers are
    /// history and never change; pending ones no longer planned are cancelled.
    /// With `previous` (the plan before the command), an unchanged plan costs nothing. A reminder
    /// that is already past when it is first planned (a meeting scheduled two days ahead has no
    /// "14 days before") is not kept: catch-up is for reminders bvd knew of and missed, not for
    /// reminders that never had a time to be sent. Deadlines are always kept.
    static func replan(review: String, planned: [PlannedNotice], previous: [PlannedNotice]? = nil, now: Instant, _ db: Database) throws {
        if let previous, previous == planned { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO timer (key, review, kind, due, subject_at, rule, state, notice) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
            ON CONFLICT(key) DO UPDATE SET due = excluded.due, subject_at = excluded.subject_at, rule = excluded.rule,
                notice = excluded.notice, state = 'pending'
            WHERE timer.state IN ('pending', 'cancelled')
            """)
        var keys = Set<String>()
        let known = Set(try String.fetchAll(db, sql: "SELECT key FROM timer WHERE review = ?", arguments: [review]))
        for notice in planned {
            keys.insert(notice.key)
            if !notice.kind.isEscalation, !known.contains(notice.key), notice.due.millisecondsSinceEpoch < now.millisecondsSinceEpoch - onTimeTolerance {
                continue
            }
            let json = NoticeJSON.encode(notice)
            try upsert.run(binding: [.text(notice.key), .text(review), .text(notice.kind.rawValue), .int(notice.due.millisecondsSinceEpoch),
                                     .int(notice.subjectAt.millisecondsSinceEpoch), .text(notice.rule), .text(json)])
        }
        let pending = try String.fetchAll(db, sql: "SELECT key FROM timer WHERE review = ? AND state = 'pending'", arguments: [review])
        for key in pending where !keys.contains(key) {
            try db.execute(sql: "UPDATE timer SET state = 'cancelled' WHERE key = ?", arguments: [key])
        }
    }

    /// A timer that is already history (an imported review's): kept as it was, never fired again.
    static func insertHistory(_ notice: PlannedNotice, state: TimerState, firedAt: Instant?, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO timer (key, review, kind, due, subject_at, rule, state, fired_at, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       arguments: [notice.key, notice.review, notice.kind.rawValue, notice.due.millisecondsSinceEpoch,
                                   notice.subjectAt.millisecondsSinceEpoch, notice.rule, state.rawValue,
                                   firedAt?.millisecondsSinceEpoch, NoticeJSON.encode(notice)])
    }

    static func decode(_ row: Row) throws -> StoredTimer {
        let notice = try NoticeJSON.decode(row["notice"])
        let firedAt: Int64? = row["fired_at"]
        return StoredTimer(notice: notice, state: TimerState(rawValue: row["state"]) ?? .pending,
                           firedAt: firedAt.map(Instant.init(millisecondsSinceEpoch:)))
    }

    /// The catch-up rule (systemd's `Persistent=`, APScheduler's misfire handling): on time → fired;
    /// late but its subject still ahead, or a deadline → late and sent; subject already past → missed.
    static func outcome(kind: NoticeKind, due: Int64, subjectAt: Int64, now: Instant) -> TimerState {
        if now.millisecondsSinceEpoch - due <= onTimeTolerance { return .fired }
        if kind.isEscalation { return .late }
        return subjectAt > now.millisecondsSinceEpoch ? .late : .missed
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

    /// A review's pending timers due from `from` on, earliest first, at most `limit`; and its missed ones.
    /// A review with its next pending timers (at most `limit`, due from `from` on) and its missed
    /// ones, read in one transaction so that they agree: what the progress view shows.
    ///
    /// It reads on the calling thread (GRDB's synchronous read), without the two hops to a reader
    /// queue and back that an async read makes: under load each hop waits for a thread, and this
    /// read is the first of every review an officer opens. It is a short read of indexed rows.
    public func reviewAndTimers(_ id: String, from: Instant, limit: Int) throws
        -> (review: StoredReview, upcoming: [StoredTimer], missed: [StoredTimer])? {
        try readOnCallingThread { db in
            guard let review = try self.storedReview(id, db) else { return nil }
            let upcoming = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM timer WHERE review = ? AND state = 'pending' AND due >= ? ORDER BY due, key LIMIT ?"),
                arguments: [id, from.millisecondsSinceEpoch, limit]).map(TimerTable.decode)
            let missed = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE review = ? AND state = 'missed' ORDER BY due, key"),
                                          arguments: [id]).map(TimerTable.decode)
            return (review, upcoming, missed)
        }
    }

    /// Pending timers due before `before` (all reviews, or one), earliest first, at most `limit`.
    public func pendingTimers(review: String?, dueBefore before: Instant, limit: Int) async throws -> [StoredTimer] {
        try await pool.read { db in
            let rows = if let review {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE review = ? AND state = 'pending' AND due < ? ORDER BY due, key LIMIT ?"),
                                 arguments: [review, before.millisecondsSinceEpoch, limit])
            } else {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE state = 'pending' AND due < ? ORDER BY due, key LIMIT ?"),
                                 arguments: [before.millisecondsSinceEpoch, limit])
            }
            return try rows.map(TimerTable.decode)
        }
    }

    /// Pending timers due from `from` on (all reviews), earliest first, at most `limit`.
    public func nextPendingTimers(from: Instant, limit: Int) async throws -> [StoredTimer] {
        try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE state = 'pending' AND due >= ? ORDER BY due, key LIMIT ?"),
                             arguments: [from.millisecondsSinceEpoch, limit]).map(TimerTable.decode)
        }
    }

    /// Missed timers (all reviews, or one).
    public func missedTimers(review: String?) async throws -> [StoredTimer] {
        try await pool.read { db in
            let rows = if let review {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE review = ? AND state = 'missed' ORDER BY due, key"), arguments: [review])
            } else {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM timer WHERE state = 'missed' ORDER BY due, key"))
            }
            return try rows.map(TimerTable.decode)
        }
    }

    public func missedTimerCount(since: Instant) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timer WHERE state = 'missed' AND due >= ?", arguments: [since.millisecondsSinceEpoch]) ?? 0
        }
    }

    /// How many timers are pending and overdue at `now`.
    public func overdueCount(now: Instant) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timer WHERE state = 'pending' AND due < ?", arguments: [now.millisecondsSinceEpoch]) ?? 0
        }
    }

    public func nextTimerDue() async throws -> Instant? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(due) FROM timer WHERE state = 'pending'").map(Instant.init(millisecondsSinceEpoch:))
        }
    }

    /// The notice's JSON is copied from the timer row to the outbox as it is: firing decodes nothing.
    public func fireDueTimers(now: Instant, limit: Int) async throws -> [FiredTimer] {
        let fired = try await fireDue(now: now, limit: limit)
        changes.bump(Set(fired.map(\.review)))
        return fired
    }

    private func fireDue(now: Instant, limit: Int) async throws -> [FiredTimer] {
        try await write { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT key, review, kind, due, subject_at FROM timer WHERE state = 'pending' AND due <= ? ORDER BY due, key LIMIT ?"),
                arguments: [now.millisecondsSinceEpoch, limit])
            let ms = now.millisecondsSinceEpoch
            var fired: [FiredTimer] = []
            fired.reserveCapacity(rows.count)
            for row in rows {
                let key: String = row["key"]
                let due: Int64 = row["due"]
                let kind = NoticeKind(rawValue: row["kind"]) ?? .meetingReminder
                let state = TimerTable.outcome(kind: kind, due: due, subjectAt: row["subject_at"], now: now)
                try db.run("UPDATE timer SET state = ?, fired_at = ? WHERE key = ? AND state = 'pending'", [state.rawValue, ms, key])
                if state != .missed {
                    try db.run("""
                        INSERT INTO outbox (key, review, kind, notice, late, created, next_attempt)
                        SELECT key, review, kind, notice, ?, ?, ? FROM timer WHERE key = ?
                        ON CONFLICT(key) WHERE event IS NULL DO NOTHING
                        """, [state == .late, ms, ms, key])
                }
                fired.append(FiredTimer(key: key, review: row["review"], kind: kind, due: Instant(millisecondsSinceEpoch: due),
                                        state: state, firedAt: now))
            }
            return fired
        }
    }
}

extension SQLiteReviewStore {
    /// Benchmarks only: makes the first `count` pending timers due at `at`.
    public func makeDueForBenchmark(count: Int, at: Instant) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE timer SET due = ? WHERE rowid IN (SELECT rowid FROM timer WHERE state = 'pending' ORDER BY rowid LIMIT ?)",
                           arguments: [at.millisecondsSinceEpoch, count])
        }
    }
}
