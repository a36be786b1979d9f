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
            // Beside the events, not in StoredEvents: two hashes an event would be held for the whole walk.
            var sequences: [String: [Int64]] = [:]
            var links = ReviewHeads.Walk()
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM event ORDER BY seq")
            while let row = try cursor.next() {
                let stored = try EventLog.decode(row)
                count += 1
                if stored.previousHash != previous {
                    return VerificationReport(events: count, reviews: byReview.count,
                                              firstProblem: "event \(stored.sequence) does not follow event before it (the chain is broken there)")
                }
                if !EventLog.isIntact(row, stored) {
                    return VerificationReport(events: count, reviews: byReview.count,
                                              firstProblem: "event \(stored.sequence) of review '\(stored.event.review)' was altered: its hash does not match its content")
                }
                previous = stored.hash
                if let expected = links.follow(seq: stored.sequence, review: stored.event.review, link: row["review_prev"]) {
                    let should = expected.map { "event \($0)" } ?? "none (it is the review's first)"
                    return VerificationReport(events: count, reviews: byReview.count,
                                              firstProblem: "event \(stored.sequence) of review '\(stored.event.review)' is linked to the wrong event before it in its review (it should be \(should))")
                }
                byReview[stored.event.review, default: []].append(stored.event)
                sequences[stored.event.review, default: []].append(stored.sequence)
            }
            if let review = try links.wrongHeads(db).first {
                return VerificationReport(events: count, reviews: byReview.count,
                                          firstProblem: "the head of review '\(review)' (its last event and number of events) differs from the log")
            }
            let stored = try Set(String.fetchAll(db, sql: "SELECT id FROM review"))
            if let orphan = stored.subtracting(byReview.keys).sorted().first {
                return VerificationReport(events: count, reviews: byReview.count, firstProblem: "review '\(orphan)' has a projection but no events")
            }
            let timed = try Set(String.fetchAll(db, sql: "SELECT DISTINCT review FROM timer WHERE state = 'pending'"))
            if let orphan = timed.subtracting(byReview.keys).sorted().first {
                return VerificationReport(events: count, reviews: byReview.count, firstProblem: "review '\(orphan)' has pending timers but no events")
            }
            for (review, events) in byReview.sorted(by: { $0.key < $1.key }) {
                if let problem = try self.divergence(review: review, events: events, sequences: sequences[review] ?? [], db) {
                    return VerificationReport(events: count, reviews: byReview.count, firstProblem: problem)
                }
            }
            return VerificationReport(events: count, reviews: byReview.count, firstProblem: nil)
        }
    }

    /// `sequences`: those of `events`, in order.
    func divergence(review: String, events: [ReviewEvent], sequences: [Int64], _ db: Database) throws -> String? {
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
        let covered = sequences.filter { $0 <= snapshotSequence }.count
        if let snapshot, snapshot != ReviewState.fold(Array(events.prefix(covered))) {
            return "the stored snapshot of review '\(review)' differs from a fresh fold of its first \(covered) events"
        }
        for projection in Projection.tables where try projection.stored(review: review, db) != projection.rows(fold, 0) {
            return "projection '\(projection.name)' of review '\(review)' differs from a fresh fold of its events"
        }
        return try timerDivergence(review: review, fold: fold, db)
    }

    /// The escalations (a deadline passed, a measurement overdue) follow the plan the events call
    /// for: a pending one is planned, at the same instant; a cancelled one is not planned any more.
    /// Only these: a reminder's instant can follow the calendar files (clear and working days),
    /// which may change after it was planned, and fired, late and missed timers are what the
    /// scheduler did, not something the events say.
    func timerDivergence(review: String, fold: ReviewState, _ db: Database) throws -> String? {
        let planned = Dictionary(try engine(hash: fold.workflow.contentHash, db).plannedNotices(state: fold).filter(\.kind.isEscalation)
            .map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM timer WHERE review = ? AND state IN ('pending', 'cancelled') ORDER BY due, key", arguments: [review])
        // The kind column decides, so that reminders are not decoded only to be passed over.
        for row in rows where NoticeKind(rawValue: row["kind"])?.isEscalation == true {
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

    /// Writes a review's row and projections afresh from its events; returns its state, folded
    /// (nil when its log does not begin with review-started).
    @discardableResult
    func rewriteProjections(review: String, _ db: Database) throws -> ReviewState? {
        let events = try EventLog.events(review: review, db)
        guard let state = ReviewState.fold(events.map(\.event)) else { return nil }
        // The workflow the review started under, from its first event: the review row may be the part that is missing.
        try writeProjections(state, previous: nil, workflowHash: state.workflow.contentHash, lastSequence: events.last!.sequence, db)
        return state
    }

    /// Rewrites every projection from the log (after a restore, or when verify finds a divergence),
    /// with the links and heads a review's events are found by (`ReviewHeads`), replans each review's timers (fired, late and missed ones stay as history), and removes the
    /// rows of reviews that have no events. Returns how many reviews were rebuilt.
    @discardableResult
    public func rebuildProjections(now: Instant) async throws -> Int {
        let (reviews, orphans) = try await write { db in
            // First the links and heads its events are found by.
            try ReviewHeads.mend(db)
            let reviews = try String.fetchAll(db, sql: "SELECT review FROM review_head ORDER BY review")
            let orphans = try Set(String.fetchAll(db, sql: "SELECT id FROM review UNION SELECT review FROM timer WHERE state = 'pending'"))
                .subtracting(reviews)
            for orphan in orphans {
                try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [orphan])
                for projection in Projection.tables {
                    try db.execute(sql: "DELETE FROM \(projection.name) WHERE review = ?", arguments: [orphan])
                }
                // Nothing calls for them any more; what they already sent stays in the outbox's history.
                try db.execute(sql: "UPDATE timer SET state = 'cancelled' WHERE review = ? AND state = 'pending'", arguments: [orphan])
            }
            for review in reviews {
                guard let state = try self.rewriteProjections(review: review, db) else { continue }
                try TimerTable.replan(review: review, planned: self.engine(hash: state.workflow.contentHash, db).plannedNotices(state: state), now: now, db)
            }
            return (reviews, orphans)
        }
        // Nothing remembered from before the rebuild is believed after it.
        cache.removeAll()
        changes.bump(reviews + orphans)
        return reviews.count
    }
}
