public import BVCore
import Foundation
import GRDB

/// How hard SQLite works to make a commit durable.
public enum Durability: String, Sendable, CaseIterable {
    /// `synchronous=FULL`: an acknowledged command survives power loss. The default.
    case full
    /// `synchronous=NORMAL`: in WAL mode a power loss may roll back the last commits (never corrupt
    /// the database); a crash of bvd alone loses nothing. Faster on slow disks.
    case normal
}

/// The embedded store: one SQLite file (WAL) through GRDB's `DatabasePool`, so reads never block
/// the single writer.
public final class SQLiteReviewStore: ReviewStore {
    let pool: DatabasePool
    let catalog: WorkflowCatalog
    public let path: String

    /// Opens (creating and migrating as needed) the database at `path`.
    public init(path: String, durability: Durability = .full, workflows: [LoadedWorkflow], holidays: BankHolidays = .bundled) throws {
        var configuration = Configuration()
        configuration.label = "bvd"
        configuration.busyMode = .timeout(5)
        self.pool = try DatabasePool(path: path, configuration: configuration)
        // After the pool is open: GRDB sets NORMAL on the writer when it turns WAL on.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        self.path = path
        self.catalog = WorkflowCatalog(workflows: workflows, holidays: holidays)
        try Schema.migrate(pool)
    }

    /// Makes new versions of workflows available to new reviews (SIGHUP).
    public func replaceWorkflows(_ workflows: [LoadedWorkflow]) { catalog.replaceCurrent(workflows) }

    /// Closes the database; further use fails.
    public func close() throws { try pool.close() }

    // MARK: Commands

    public func execute(_ requests: [CommandRequest], now: Instant) async throws -> [CommandOutcome] {
        try await pool.write { db in
            try requests.map { request in try self.execute(request, now: now, db) }
        }
    }

    private func execute(_ request: CommandRequest, now: Instant, _ db: Database) throws -> CommandOutcome {
        let existing = try Row.fetchOne(db, sql: "SELECT state, workflow_hash FROM review WHERE id = ?", arguments: [request.review])
        let engine: ReviewEngine
        var state: ReviewState?
        if let existing {
            engine = try self.engine(hash: existing["workflow_hash"], db)
            state = try JSONDecoder().decode(ReviewState.self, from: Data((existing["state"] as String).utf8))
        } else if case .start = request.command {
            let id = request.workflow ?? "best-value-review"
            guard let workflow = catalog.current(id) else {
                return .failure(.notFound("no workflow '\(id)' is loaded; loaded: \(catalog.currentIDs.joined(separator: ", "))"))
            }
            try remember(workflow, db)
            engine = try self.engine(hash: workflow.definition.contentHash, db)
        } else {
            return .failure(.notFound("no review '\(request.review)'"))
        }
        switch engine.handle(request.command, review: request.review, state: state, now: now, actor: request.actor) {
        case .failure(let error):
            return .failure(error)
        case .success(let events):
            let stored = try EventLog.append(events, db)
            var notices: [PlannedNotice] = []
            for event in stored {
                if state == nil { state = ReviewState.fold([event.event]) } else { state!.apply(event.event) }
                notices += engine.notices(for: event.event, sequence: event.sequence, state: state!)
            }
            try writeProjections(state!, workflowHash: engine.workflow.contentHash, lastSequence: stored.last!.sequence, db)
            try TimerTable.replan(review: state!.id, planned: engine.plannedNotices(state: state!), db)
            for notice in notices { try OutboxTable.enqueue(notice, late: false, now: now, db) }
            return .success(stored)
        }
    }

    func engine(hash: String, _ db: Database) throws -> ReviewEngine {
        try catalog.engine(hash: hash) {
            try Row.fetchOne(db, sql: "SELECT source, file FROM workflow WHERE hash = ?", arguments: [hash]).map { ($0["source"], $0["file"]) }
        }
    }

    /// Keeps the exact text of a workflow the first time a review starts under it.
    func remember(_ workflow: LoadedWorkflow, _ db: Database) throws {
        let d = workflow.definition
        try db.execute(sql: "INSERT OR IGNORE INTO workflow (hash, id, version, source, file) VALUES (?, ?, ?, ?, ?)",
                       arguments: [d.contentHash, d.id, d.version, workflow.source, workflow.file])
    }

    func writeProjections(_ state: ReviewState, workflowHash: String, lastSequence: Int64, _ db: Database) throws {
        let json = String(decoding: try EventLog.encoder.encode(state), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO review (id, title, service, lead, phase, workflow_hash, plan_year, created, closed, event_count, last_seq, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, service = excluded.service, lead = excluded.lead,
                phase = excluded.phase, closed = excluded.closed, event_count = excluded.event_count,
                last_seq = excluded.last_seq, state = excluded.state
            """, arguments: [state.id, state.title, state.service, state.lead, state.currentPhase, workflowHash, state.planYear,
                             state.created.millisecondsSinceEpoch, state.closed?.millisecondsSinceEpoch, state.eventCount, lastSequence, json])
        for projection in Projection.tables { try projection.write(state, db) }
    }

    // MARK: Reads

    public func events(review: String) async throws -> [StoredEvent] {
        try await pool.read { db in try EventLog.events(review: review, db) }
    }

    public func review(_ id: String) async throws -> StoredReview? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, workflow_hash FROM review WHERE id = ?", arguments: [id]) else { return nil }
            let state = try JSONDecoder().decode(ReviewState.self, from: Data((row["state"] as String).utf8))
            return StoredReview(state: state, workflow: try self.engine(hash: row["workflow_hash"], db).workflow)
        }
    }

    /// The engine a review runs under, for `why`, `plan` and reminders.
    public func engine(forReview id: String) async throws -> ReviewEngine? {
        try await pool.read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [id]) else { return nil }
            return try self.engine(hash: hash, db)
        }
    }

    public func reviews() async throws -> [ReviewSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.title, r.phase, r.lead, w.id AS workflow, r.event_count FROM review r
                JOIN workflow w ON w.hash = r.workflow_hash ORDER BY r.id
                """).map {
                ReviewSummary(id: $0["id"], title: $0["title"], phase: $0["phase"], lead: $0["lead"], workflow: $0["workflow"], events: $0["event_count"])
            }
        }
    }
}

extension SQLiteReviewStore {
    /// How many events the log holds.
    public func eventCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }
}
