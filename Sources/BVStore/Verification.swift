public import BVCore
import Foundation
import GRDB

extension SQLiteReviewStore {
    /// Walks the whole log in order: recomputes every link of the hash chain, folds each review
    /// afresh and compares the fold with the stored state and every projection table. Reports the
    /// first divergence.
    public func verify() async throws -> VerificationReport {
        try await pool.read { db in
            var previous = EventLog.genesis
            var count = 0
            var byReview: [String: [ReviewEvent]] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY seq")
            while let row = try cursor.next() {
                let stored = try EventLog.decode(row)
                count += 1
                let payload: String = row["payload"]
                let expected = EventLog.hash(previous: previous, sequence: stored.sequence, review: stored.event.review, at: stored.event.at,
                                             actor: stored.event.actor, kind: row["kind"], payload: payload)
                if stored.previousHash != previous {
                    return VerificationReport(events: count, reviews: byReview.count,
                                              firstProblem: "event \(stored.sequence) does not follow event before it (the chain is broken there)")
                }
                if stored.hash != expected {
                    return VerificationReport(events: count, reviews: byReview.count,
                                              firstProblem: "event \(stored.sequence) of review '\(stored.event.review)' was altered: its hash does not match its content")
                }
                previous = stored.hash
                byReview[stored.event.review, default: []].append(stored.event)
            }
            let stored = try Set(String.fetchAll(db, sql: "SELECT id FROM review"))
            if let orphan = stored.subtracting(byReview.keys).sorted().first {
                return VerificationReport(events: count, reviews: byReview.count, firstProblem: "review '\(orphan)' has a projection but no events")
            }
            for (review, events) in byReview.sorted(by: { $0.key < $1.key }) {
                if let problem = try self.divergence(review: review, events: events, db) {
                    return VerificationReport(events: count, reviews: byReview.count, firstProblem: problem)
                }
            }
            return VerificationReport(events: count, reviews: byReview.count, firstProblem: nil)
        }
    }

    func divergence(review: String, events: [ReviewEvent], _ db: Database) throws -> String? {
        guard let fold = ReviewState.fold(events) else { return "review '\(review)' does not begin with review-started" }
        guard let row = try Row.fetchOne(db, sql: "SELECT state, snapshot_seq, title, service, lead, phase, closed FROM review WHERE id = ?",
                                         arguments: [review]) else {
            return "review '\(review)' has events but no projection"
        }
        if Array(row.databaseValues.dropFirst(2)) != Self.listedFields(fold) {
            return "the title, service, lead, phase or closing of review '\(review)' differs from a fresh fold of its events"
        }
        // A snapshot an older bvd wrote in a form this one cannot read is not used; the log is the truth.
        let snapshot = StateSnapshot.decode(row["state"])
        let snapshotSequence: Int64 = row["snapshot_seq"]
        let sequences = try Int64.fetchAll(db, sql: "SELECT seq FROM event WHERE review = ? ORDER BY seq", arguments: [review])
        let covered = sequences.filter { $0 <= snapshotSequence }.count
        if let snapshot, snapshot != ReviewState.fold(Array(events.prefix(covered))) {
            return "the stored snapshot of review '\(review)' differs from a fresh fold of its first \(covered) events"
        }
        for projection in Projection.tables where try projection.stored(review: review, db) != projection.rows(fold, 0) {
            return "projection '\(projection.name)' of review '\(review)' differs from a fresh fold of its events"
        }
        return try timerDivergence(review: review, fold: fold, db)
    }

    /// Pending and cancelled timers follow the plan the events call for: a pending one is planned,
    /// at the same instant; a cancelled one is not planned any more. (Fired, late and missed ones
    /// are what the scheduler did, not something the events say; a reminder already past when
    /// first planned has no row at all.)
    func timerDivergence(review: String, fold: ReviewState, _ db: Database) throws -> String? {
        guard let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [review]) else { return nil }
        let planned = Dictionary(try engine(hash: hash, db).plannedNotices(state: fold).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for row in try Row.fetchAll(db, sql: "SELECT * FROM timer WHERE review = ? AND state IN ('pending', 'cancelled') ORDER BY due, key", arguments: [review]) {
            let timer = try TimerTable.decode(row)
            let key = timer.notice.key
            // The column the scheduler fires by, not the copy in the notice.
            let due = Instant(millisecondsSinceEpoch: row["due"])
            switch (timer.state, planned[key]) {
            case (.pending, nil):
                return "timer '\(key)' of review '\(review)' is pending, but its events no longer call for it"
            case (.pending, let plan?) where plan.due != due || plan.due != timer.notice.due:
                return "timer '\(key)' of review '\(review)' is due at \(due), but its events plan it for \(plan.due)"
            case (.cancelled, .some):
                return "timer '\(key)' of review '\(review)' is cancelled, but its events still call for it"
            default:
                continue
            }
        }
        return nil
    }

    /// Rewrites every projection from the log (after a restore, or when verify finds a divergence),
    /// replans each review's timers (fired, late and missed ones stay as history), and removes the
    /// rows of reviews that have no events. Returns how many reviews were rebuilt.
    @discardableResult
    public func rebuildProjections(now: Instant) async throws -> Int {
        try await write { db in
            let reviews = try String.fetchAll(db, sql: "SELECT DISTINCT review FROM event")
            let orphans = try Set(String.fetchAll(db, sql: "SELECT id FROM review")).subtracting(reviews)
            for orphan in orphans {
                try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [orphan])
                for projection in Projection.tables {
                    try db.execute(sql: "DELETE FROM \(projection.name) WHERE review = ?", arguments: [orphan])
                }
            }
            for review in reviews {
                let events = try EventLog.events(review: review, db)
                guard let state = ReviewState.fold(events.map(\.event)) else { continue }
                let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [review])
                guard let hash else { throw StoreError.corrupt("review '\(review)' has no workflow recorded") }
                try self.writeProjections(state, previous: nil, workflowHash: hash, lastSequence: events.last!.sequence, db)
                try TimerTable.replan(review: review, planned: self.engine(hash: hash, db).plannedNotices(state: state), now: now, db)
            }
            return reviews.count
        }
    }
}
