import GRDB

/// Schema v9: a notice an event calls for is found through its event, not its key.
///
/// Every outbox key begins with its review (v6), so in a unique index on the key each command of
/// a group commit wrote a leaf of its own: a quarter of the pages such a commit changes. A notice
/// that is an event's own (an invitation, a meeting update…, its key naming the event) is written
/// in the same transaction as the event, once, so the key's index need not guard it: it is indexed
/// by (event, key), whose new entries all land on the index's last leaf, shared by the group. The
/// key alone stays unique for what must stay unique across events, restarts and imports —
/// reminders and deadlines fired from timers, a period's monitoring report, digests, delivery
/// failures, imported notices — and for the rows written before v9, whose `event` is null. A review's notices are those of its events (since
/// v10 walked back from its head) and the key-indexed ones in its range of keys.
enum EventNoticesByEvent {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_v9 (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL,
                event INTEGER,
                review TEXT NOT NULL,
                kind TEXT NOT NULL,
                notice TEXT NOT NULL,
                late INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt INTEGER,
                lease_until INTEGER,
                last_error TEXT,
                created INTEGER NOT NULL,
                delivered INTEGER,
                CHECK (substr(key, 1, length(review) + 1) = review || '/')
            );
            INSERT INTO outbox_v9 (id, key, review, kind, notice, late, state, attempts, next_attempt, lease_until, last_error, created, delivered)
                SELECT id, key, review, kind, notice, late, state, attempts, next_attempt, lease_until, last_error, created, delivered
                FROM outbox ORDER BY id;
            DROP TABLE outbox;
            ALTER TABLE outbox_v9 RENAME TO outbox;
            CREATE UNIQUE INDEX outbox_key ON outbox(key) WHERE event IS NULL;
            CREATE UNIQUE INDEX outbox_by_event ON outbox(event, key) WHERE event IS NOT NULL;
            CREATE INDEX outbox_deliverable ON outbox(next_attempt) WHERE state IN ('pending', 'delivering');
            """)
    }

    /// A review's notices (outbox rows) in the order they were queued.
    static func rows(review: String, _ db: Database) throws -> [Row] {
        try Row.fetchAll(db, sql: reviewSQL, arguments: [review, 0])
    }

    /// Those of its events, then (merged by id) the key-indexed ones in its range of keys.
    /// Arguments: the review, 0 (all its events).
    static let reviewSQL = ReviewHeads.chain + """
        SELECT * FROM outbox WHERE event IN (SELECT seq FROM chain)
        UNION ALL
        SELECT * FROM outbox WHERE key >= ?1 || '/' AND key < ?1 || '0' AND event IS NULL AND review = ?1
        ORDER BY id
        """
}
