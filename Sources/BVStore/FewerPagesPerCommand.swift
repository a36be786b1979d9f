import GRDB

/// Schema v6: the same data in tables that a command touches fewer pages of.
///
/// Every b-tree page a transaction changes is written to the write-ahead log as a frame of its
/// own and later copied back by a checkpoint, and on a fast disk those frames, not the flush,
/// are most of what a commit costs. Before v6 an invitation changed about twelve pages; after,
/// about eight:
/// - `event` and `outbox` lose `AUTOINCREMENT` and with it the `sqlite_sequence` row both
///   updated. Their ids are still never reused: bvd never deletes from either (event triggers
///   refuse it), and SQLite gives a new row the largest id plus one.
/// - Projections become `WITHOUT ROWID` tables keyed by (review, position), so a review's rows
///   sit together in one b-tree instead of a table plus an index on the review.
/// - `outbox_by_review` goes: every outbox key now begins with its review and a slash (a CHECK
///   says so), so the unique index on the key finds a review's notices. The one key that did
///   not, a delivery failure's, is rewritten.
enum FewerPagesPerCommand {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE event_v6 (
                seq INTEGER PRIMARY KEY,
                review TEXT NOT NULL,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                actor_uid INTEGER,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            INSERT INTO event_v6 SELECT seq, review, at, actor, actor_uid, kind, payload, prev_hash, hash FROM event ORDER BY seq;
            DROP TABLE event;
            ALTER TABLE event_v6 RENAME TO event;
            CREATE INDEX event_by_review ON event(review, seq);
            CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
            CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

            CREATE TABLE outbox_v6 (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
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
            INSERT INTO outbox_v6
                SELECT id, CASE WHEN substr(key, 1, length(review) + 1) = review || '/' THEN key ELSE review || '/' || key END,
                       review, kind, notice, late, state, attempts, next_attempt, lease_until, last_error, created, delivered
                FROM outbox ORDER BY id;
            DROP TABLE outbox;
            ALTER TABLE outbox_v6 RENAME TO outbox;
            CREATE INDEX outbox_deliverable ON outbox(next_attempt) WHERE state IN ('pending', 'delivering');
            """)
        for (table, columns) in Schema.projectionColumns {
            try db.execute(sql: """
                CREATE TABLE \(table)_v6 (review TEXT NOT NULL, position INTEGER NOT NULL, \(columns), PRIMARY KEY (review, position)) WITHOUT ROWID;
                INSERT INTO \(table)_v6 SELECT review, ROW_NUMBER() OVER (PARTITION BY review ORDER BY rowid) - 1, \(columns) FROM \(table);
                DROP TABLE \(table);
                ALTER TABLE \(table)_v6 RENAME TO \(table);
                """)
        }
    }
}
