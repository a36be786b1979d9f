import GRDB

/// The schema, managed by migrations. An older database is migrated on open; a database that
/// has migrations this bvd does not know (written by a newer bvd) is refused.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(sql: """
                CREATE TABLE workflow (
                    hash TEXT PRIMARY KEY,
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    file TEXT NOT NULL
                );
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    review TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    actor_uid INTEGER,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX event_by_review ON event(review, seq);
                CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TABLE review (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    service TEXT NOT NULL,
                    lead TEXT NOT NULL,
                    phase TEXT,
                    workflow_hash TEXT NOT NULL REFERENCES workflow(hash),
                    plan_year INTEGER NOT NULL,
                    created INTEGER NOT NULL,
                    closed INTEGER,
                    event_count INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    -- A snapshot of the state after event snapshot_seq; later events are folded onto it.
                    state TEXT NOT NULL,
                    snapshot_seq INTEGER NOT NULL
                );
                CREATE TABLE timer (
                    key TEXT PRIMARY KEY,
                    review TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    due INTEGER NOT NULL,
                    subject_at INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    state TEXT NOT NULL,
                    fired_at INTEGER,
                    notice TEXT NOT NULL
                );
                CREATE INDEX timer_pending_by_due ON timer(due) WHERE state = 'pending';
                CREATE INDEX timer_by_review ON timer(review, due);
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
                    delivered INTEGER
                );
                CREATE INDEX outbox_deliverable ON outbox(next_attempt) WHERE state IN ('pending', 'delivering');
                CREATE INDEX outbox_by_review ON outbox(review, id);
                """)
        }
        migrator.registerMigration("v2-projections") { db in
            for (table, columns) in projectionColumns where table != "representative" {
                try db.execute(sql: "CREATE TABLE \(table) (review TEXT NOT NULL, \(columns)); CREATE INDEX \(table)_by_review ON \(table)(review);")
            }
        }
        migrator.registerMigration("v3-representatives") { db in
            try db.execute(sql: """
                CREATE TABLE representative (review TEXT NOT NULL, id, organisation, name, email, phone);
                CREATE INDEX representative_by_review ON representative(review);
                """)
        }
        migrator.registerMigration("v4-delivery") { db in
            // Representatives' notice preferences; every delivery attempt per recipient; channels an
            // endpoint switched off (HTTP 410); routine reminders waiting for a representative's digest.
            try db.execute(sql: """
                ALTER TABLE representative ADD COLUMN channel;
                ALTER TABLE representative ADD COLUMN digest DEFAULT 0;
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    outbox INTEGER NOT NULL REFERENCES outbox(id),
                    recipient TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX delivery_by_outbox ON delivery(outbox, id);
                CREATE TABLE channel_state (
                    name TEXT PRIMARY KEY,
                    disabled_at INTEGER NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE TABLE digest_item (
                    outbox INTEGER NOT NULL REFERENCES outbox(id),
                    recipient TEXT NOT NULL,
                    review TEXT NOT NULL,
                    added INTEGER NOT NULL,
                    digest INTEGER REFERENCES outbox(id),
                    PRIMARY KEY (outbox, recipient)
                );
                CREATE INDEX digest_item_waiting ON digest_item(review, recipient) WHERE digest IS NULL;
                """)
        }
        migrator.registerMigration("v5-directory") { db in
            // The organisations the authority involves, kept once for every review.
            try db.execute(sql: """
                CREATE TABLE directory_organisation (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    category TEXT NOT NULL,
                    contact_name TEXT,
                    contact_email TEXT,
                    contact_phone TEXT,
                    updated_by TEXT NOT NULL,
                    updated INTEGER NOT NULL
                );
                CREATE INDEX directory_organisation_by_category ON directory_organisation(category, id);
                """)
        }
        migrator.registerMigration("v6-fewer-pages-per-command") { db in
            try FewerPagesPerCommand.migrate(db)
        }
        migrator.registerMigration("v7-review-row-for-listings") { db in
            // A review's last event and its count come from the log's index by review (since v10,
            // from review_head): a command that changes neither title, phase nor snapshot leaves
            // the row, and its page, alone.
            try db.execute(sql: "ALTER TABLE review DROP COLUMN event_count; ALTER TABLE review DROP COLUMN last_seq;")
        }
        migrator.registerMigration("v8-missed-timers") { db in
            // Reminders found after their subject had passed, counted for officers' status without
            // reading every timer: few rows, so a small partial index.
            try db.execute(sql: "CREATE INDEX timer_missed_by_due ON timer(due) WHERE state = 'missed'")
        }
        migrator.registerMigration("v9-event-notices-by-event") { db in
            try EventNoticesByEvent.migrate(db)
        }
        migrator.registerMigration("v10-review-heads") { db in
            try ReviewHeads.migrate(db)
        }
        return migrator
    }

    /// The projection tables and their columns as v2 to v6 made them. Frozen: migrations must
    /// keep creating what they created, so a change of columns needs a migration of its own.
    static let projectionColumns = [
        ("organisation", "id, name, category, invited"),
        ("representative", "id, organisation, name, email, phone, channel, digest"),
        ("meeting", "id, title, method, start, place, invitees, papers_published, notice_given, held, cancelled, sequence"),
        ("proposal", "id, title, published, response_deadline"),
        ("response", "id, proposal, organisation, received, considered, note"),
        ("decision", "id, notice_given, intended, taken, meeting, outcome"),
        ("sign_off", "organisation, agrees, reason, at, considered"),
        ("disclosure_item", "id, title, disclosure, reason"),
        ("strand", "id, status, findings"),
        ("indicator", "code, name, unit, polarity, baseline, target, target_date"),
        ("measurement", "indicator, period, value, recorded"),
    ]

    /// The migrations that add projection tables. They create them empty: a database that already
    /// holds reviews has them filled from its log once migrated (`SQLiteReviewStore.init`), by
    /// today's code, so that the rows have today's columns.
    static let addingProjections: Set<String> = ["v2-projections", "v3-representatives"]

    /// `PRAGMA user_version` while projection tables added to a database holding events are still
    /// to be filled. Set before those migrations and cleared by the fill's own transaction, so that
    /// a bvd stopped between the two fills them on its next open.
    static let projectionsToFill = 1

    /// Opens or migrates; refuses a database with migrations this bvd does not know. Returns
    /// whether the projection tables are to be filled from the log (`projectionsToFill`).
    /// Each migration applied to a database that had some already is reported to `upgrading`
    /// first; a new database's are not (they take no time).
    @discardableResult
    static func migrate(_ writer: some DatabaseWriter, upgrading: (StoreUpgradeStep) -> Void = { _ in }) throws -> Bool {
        let migrator = migrator
        let known = migrator.migrations
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError.newerSchema(found: unknown, known: known.last ?? "none")
        }
        if applied.contains("v1-event-log"), !applied.isSuperset(of: addingProjections) {
            try writer.write { db in
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") == true {
                    try db.execute(sql: "PRAGMA user_version = \(projectionsToFill)")
                }
            }
        }
        let pending = known.filter { !applied.contains($0) }
        if applied.isEmpty || pending.isEmpty {
            try migrator.migrate(writer)
        } else if Set(known.prefix(applied.count)) == Set(applied) {
            for id in pending {
                upgrading(.migration(id))
                try migrator.migrate(writer, upTo: id)
            }
        } else {
            // Applied out of order (a development build's file): GRDB's `migrate(upTo:)` would
            // stop the process here, so the rest go in one step.
            upgrading(.migration(pending.joined(separator: ", ")))
            try migrator.migrate(writer)
        }
        return try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == projectionsToFill
    }
}
