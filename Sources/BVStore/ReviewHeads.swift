import GRDB

/// Schema v10: a review's events are found from its head, not through an index by review.
///
/// The index on the log by (review, sequence) gave every command of a group commit a leaf of its
/// own to write (its review's), a page each. Instead each event carries a link to its review's
/// event before it (`review_prev`), written with it on the log's last page, which the group
/// shares, and `review_head` keeps each review's last event and its number of events: rows of a
/// few dozen bytes, so that a council's reviews share a few pages. A review's events are walked
/// back from its head. The link is derived from the log (not hashed): `verify` checks every link
/// and head against the order of the log, and `bvctl review rebuild` mends them (the update
/// trigger leaves this one column writable).
enum ReviewHeads {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE event ADD COLUMN review_prev INTEGER;
            DROP TRIGGER event_is_append_only_update;
            CREATE TRIGGER event_is_append_only_update
                BEFORE UPDATE OF seq, review, at, actor, actor_uid, kind, payload, prev_hash, hash ON event
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
            CREATE TABLE review_head (
                review TEXT PRIMARY KEY,
                last_seq INTEGER NOT NULL,
                events INTEGER NOT NULL
            ) WITHOUT ROWID;
            UPDATE event SET review_prev = (SELECT MAX(p.seq) FROM event p WHERE p.review = event.review AND p.seq < event.seq);
            INSERT INTO review_head SELECT review, MAX(seq), COUNT(*) FROM event GROUP BY review;
            DROP INDEX event_by_review;
            """)
    }

    /// The sequences of review `?1`'s events after sequence `?2`, as a table `chain(seq)`, walked
    /// back from its head. Each step must reach an earlier event of the same review, so a damaged
    /// link ends the walk there (and `verify` names it) rather than following another review's.
    static let chain = """
        WITH RECURSIVE chain(seq) AS (
            SELECT h.last_seq FROM review_head h JOIN event e ON e.seq = h.last_seq AND e.review = ?1 WHERE h.review = ?1 AND h.last_seq > ?2
            UNION ALL
            SELECT p.seq FROM chain JOIN event e ON e.seq = chain.seq JOIN event p ON p.seq = e.review_prev
            WHERE p.review = ?1 AND p.seq > ?2 AND p.seq < e.seq
        )
        """

    /// A review's last event, as a command's transaction finds it (nil: no such review).
    static func head(_ review: String, _ db: Database) throws -> Int64? {
        try db.cachedStatement(sql: "SELECT last_seq FROM review_head WHERE review = ?").int64(binding: [.text(review)])
    }

    /// Sets every event's link and every review's head from the order of the log itself, where
    /// they differ; returns how many links and heads were mended.
    @discardableResult
    static func mend(_ db: Database) throws -> Int {
        var walk = Walk()
        var wrong: [(seq: Int64, link: Int64?)] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT seq, review, review_prev FROM event ORDER BY seq")
        while let row = try cursor.next() {
            let seq: Int64 = row["seq"]
            if let expected = walk.follow(seq: seq, review: row["review"], link: row["review_prev"]) { wrong.append((seq, expected)) }
        }
        for (seq, link) in wrong { try db.execute(sql: "UPDATE event SET review_prev = ? WHERE seq = ?", arguments: [link, seq]) }
        let wrongHeads = try walk.wrongHeads(db)
        for review in wrongHeads {
            if let head = walk.heads[review] {
                try db.execute(sql: "INSERT OR REPLACE INTO review_head (review, last_seq, events) VALUES (?, ?, ?)",
                               arguments: [review, head.last, head.events])
            } else {
                try db.execute(sql: "DELETE FROM review_head WHERE review = ?", arguments: [review])
            }
        }
        return wrong.count + wrongHeads.count
    }

    /// The links and heads the log's order calls for, followed event by event in sequence order.
    struct Walk {
        private(set) var heads: [String: (last: Int64, events: Int)] = [:]

        /// Takes the next event; returns the link it should have when `link` is not it
        /// (`.some(nil)`: it should have none, being its review's first).
        mutating func follow(seq: Int64, review: String, link: Int64?) -> Int64?? {
            let before = heads[review]
            heads[review] = (seq, (before?.events ?? 0) + 1)
            return link == before?.last ? nil : .some(before?.last)
        }

        /// The reviews whose stored head differs from the walk's (or that have a head and no events), in order.
        func wrongHeads(_ db: Database) throws -> [String] {
            var stored: [String: (last: Int64, events: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT review, last_seq, events FROM review_head") { stored[row["review"]] = (row["last_seq"], row["events"]) }
            return Set(stored.keys).union(heads.keys).filter { review in
                guard let head = heads[review], let kept = stored[review] else { return true }
                return head != kept
            }.sorted()
        }
    }
}
