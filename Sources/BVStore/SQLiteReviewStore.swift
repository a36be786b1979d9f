public import BVCore
import Foundation
import GRDB
import Synchronization

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
    let cache = StateCache()
    let checkpointer: LogCheckpointer
    /// The end of the event chain as of this store's last commit (checked before it is used).
    let chainEnd = Mutex<EventLog.Link?>(nil)
    /// Writes under way other than `CommandWriter`'s commands (see `write`).
    let otherWrites = Atomic<Int>(0)
    /// Raised, per review, after every commit that can change its view, so read caches know when to let go.
    public let changes = ChangeCounter()
    public let path: String
    /// The write-ahead log is checkpointed when it holds this many pages.
    static let checkpointPages = 4000

    /// Opens (creating and migrating as needed) the database at `path`. Each step of upgrading an
    /// older database is reported to `upgrading` before it runs.
    public convenience init(path: String, durability: Durability = .full, workflows: [LoadedWorkflow], holidays: BankHolidays = .bundled,
                            upgrading: (StoreUpgradeStep) -> Void = { _ in }) throws {
        try self.init(path: path, durability: durability, workflows: workflows, holidays: holidays, checkpointPages: Self.checkpointPages,
                      upgrading: upgrading)
    }

    /// `checkpointPages`: the log is checkpointed once it holds this many pages (lower in tests).
    init(path: String, durability: Durability, workflows: [LoadedWorkflow], holidays: BankHolidays, checkpointPages: Int,
         upgrading: (StoreUpgradeStep) -> Void = { _ in }) throws {
        var configuration = Configuration()
        configuration.label = "bvd"
        configuration.busyMode = .timeout(5)
        // Review views are read on the control server's event loops, which must not wait for a
        // reader: room for them beside the request tasks, the dispatcher and a long `verify`.
        configuration.maximumReaderCount = 8
        self.pool = try DatabasePool(path: path, configuration: configuration)
        // After the pool is open: GRDB sets NORMAL on the writer when it turns WAL on. A command
        // changes about eight pages, so the log is copied back into the database every 4,000
        // pages (about 16 MB) rather than SQLite's 1,000: each checkpoint ends with a flush of the
        // database file, and pages written again before it are copied once. The copying is done
        // beside the writer, not in a command's commit.
        let checkpointer = try LogCheckpointer(path: path, pages: checkpointPages)
        self.checkpointer = checkpointer
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            checkpointer.watch(db)
        }
        self.path = path
        self.catalog = WorkflowCatalog(workflows: workflows, holidays: holidays)
        let fill = try Schema.migrate(pool, upgrading: upgrading)
        // The reader that found which migrations were applied knows the schema from before them;
        // a `SELECT *` it prepared would expand to the old columns (SQLite re-prepares on the
        // schema change, but GRDB keeps the column list it first saw).
        pool.invalidateReadOnlyConnections()
        if fill {
            try pool.write { db in
                let reviews = try String.fetchAll(db, sql: "SELECT review FROM review_head ORDER BY review")
                upgrading(.fillingProjections(reviews: reviews.count))
                for review in reviews { try rewriteProjections(review: review, db) }
                try db.execute(sql: "PRAGMA user_version = 0")
            }
        }
    }

    /// Makes new versions of workflows available to new reviews (SIGHUP).
    public func replaceWorkflows(_ workflows: [LoadedWorkflow]) { catalog.replaceCurrent(workflows) }

    /// Checkpoints the write-ahead log into the database file and closes it; further use fails.
    /// (GRDB closes the writer before the read-only readers, so SQLite's own checkpoint on the last
    /// close would not happen.)
    public func close() throws {
        pool.writeWithoutTransaction { db in checkpointer.unwatch(db) }
        let checkpointerClosed = Result { try checkpointer.close() }
        try pool.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try pool.close()
        try checkpointerClosed.get()
    }

    // MARK: Commands

    /// Commands from outside `CommandWriter` (an importer, the tests) are one more writer to it.
    public func execute(_ requests: [CommandRequest], now: Instant) async throws -> [CommandOutcome] {
        let (outcomes, touched, link) = try await write { db in try self.group(db, next: CommandLot.only(requests, now: now)) }
        return remember(outcomes, touched, link)
    }

    public func executeBlocking(next: () -> CommandLot?) throws -> [CommandOutcome] {
        let (outcomes, touched, link) = try writeOnCallingThread { db in try self.group(db, next: next) }
        return remember(outcomes, touched, link)
    }

    /// A command's write transaction, run on the calling thread (GRDB's synchronous write; its
    /// asynchronous one hops to a queue's thread and back): the writer thread's, or the thread of
    /// a caller that found the store idle.
    func writeOnCallingThread<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in try db.inCachedTransaction { try body(db) } }
    }

    /// Every other write transaction (the dispatcher's records, fired timers, imports…): on
    /// GRDB's writer queue at normal priority, never on a low-priority delivery thread that
    /// would hold SQLite's write lock while an officer's command waits for it. Counted while
    /// under way, so that a command queues for the writer thread instead of blocking its
    /// caller's thread behind one (`otherWriteUnderWay`).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        otherWrites.add(1, ordering: .relaxed)
        defer { otherWrites.subtract(1, ordering: .relaxed) }
        return try await pool.writeWithoutTransaction { db in try db.inCachedTransaction { try body(db) } }
    }

    public var otherWriteUnderWay: Bool { otherWrites.load(ordering: .relaxed) > 0 }

    /// A read on the calling thread (GRDB's synchronous read, without the hops to a reader queue
    /// and back), for a view answered on an event loop.
    func readOnCallingThread<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// The commands `next` hands out, one after another in the transaction under way.
    private func group(_ db: Database, next: () -> CommandLot?) throws
        -> ([CommandOutcome], [String: StateCache.Entry], EventLog.Link) {
        var touched: [String: StateCache.Entry] = [:]
        var link = try EventLog.lastLink(db, known: chainEnd.withLock { $0 })
        var outcomes: [CommandOutcome] = []
        while let lot = next() {
            for request in lot.requests { outcomes.append(try execute(request, now: lot.now, touched: &touched, link: &link, db)) }
        }
        return (outcomes, touched, link)
    }

    /// Only after the commit: a rolled-back batch must not leave its states, or its end of the
    /// chain, in memory.
    private func remember(_ outcomes: [CommandOutcome], _ touched: [String: StateCache.Entry], _ link: EventLog.Link) -> [CommandOutcome] {
        for entry in touched.values { cache.store(entry) }
        chainEnd.withLock { $0 = link }
        changes.bump(touched.keys)
        return outcomes
    }

    private func execute(_ request: CommandRequest, now: Instant, touched: inout [String: StateCache.Entry],
                         link: inout EventLog.Link, _ db: Database) throws -> CommandOutcome {
        let engine: ReviewEngine
        /// The review before the command; once the command is accepted, changed in place.
        var state: ReviewState?
        var previousPlan: [PlannedNotice]?
        var snapshotUnreadable = false
        /// The review's last event, which its next one links to; nil for a review to start.
        var reviewLast: Int64?
        /// The workflow a new review starts under, kept once the start is accepted.
        var startedUnder: LoadedWorkflow?
        if let loaded = try loadState(request.review, pending: touched[request.review], db) {
            engine = try self.engine(hash: loaded.workflowHash, db)
            state = loaded.entry.state
            reviewLast = loaded.entry.sequence
            previousPlan = loaded.entry.plan
            snapshotUnreadable = loaded.entry.snapshotUnreadable
        } else if case .start = request.command {
            let id = request.workflow ?? "best-value-review"
            guard let workflow = catalog.current(id) else {
                return .failure(.notFound("no workflow '\(id)' is loaded; loaded: \(catalog.currentIDs.joined(separator: ", "))"))
            }
            startedUnder = workflow
            engine = try self.engine(hash: workflow.definition.contentHash, db)
        } else {
            return .failure(.notFound("no review '\(request.review)'"))
        }
        switch engine.handle(request.command, review: request.review, state: state, now: now, actor: request.actor) {
        case .failure(let error):
            return .failure(error)
        case .success(let events):
            if let startedUnder { try remember(startedUnder, db) }
            // All that is needed of the state before the command is taken now, and the batch and
            // the cache let go of it, so that applying the events changes its lists in place
            // rather than copying them. (Should the transaction fail, the review is read again.)
            let replan = previousPlan == nil || events.contains { engine.mayAlterPlan($0.change, phase: state?.currentPhase) }
            if replan, previousPlan == nil, let state { previousPlan = engine.plannedNotices(state: state) }
            let previous = state.map { PreviousProjections($0, changes: Set(events.map(\.change.kind))) }
            touched[request.review] = nil
            cache.forget(request.review)
            let stored = try EventLog.append(events, after: &link, reviewLast: reviewLast, db)
            var notices: [(notice: PlannedNotice, event: Int64?)] = []
            for event in stored {
                if state == nil { state = ReviewState.fold([event.event]) } else { state!.apply(event.event) }
                for notice in engine.notices(for: event.event, state: state!) {
                    notices.append((notice, notice.isOwn(eventAt: state!.eventCount) ? event.sequence : nil))
                }
            }
            let after = state!
            try writeProjections(after, previous: previous, workflowHash: engine.workflow.contentHash, lastSequence: stored.last!.sequence,
                                 snapshot: snapshotUnreadable, db)
            let plan: [PlannedNotice]
            if let previousPlan, !replan {
                plan = previousPlan
            } else {
                plan = engine.plannedNotices(state: after)
                try TimerTable.replan(review: after.id, planned: plan, previous: previousPlan, now: now, db)
            }
            for (notice, event) in notices { try OutboxTable.enqueue(notice, event: event, late: false, now: now, db) }
            touched[after.id] = StateCache.Entry(sequence: stored.last!.sequence, state: after, plan: plan,
                                                 workflowHash: engine.workflow.contentHash)
            return .success(stored)
        }
    }

    /// A review's state: from this batch, from the cache when still current, or from its snapshot
    /// with the later events folded on.
    func loadState(_ review: String, pending: StateCache.Entry?, _ db: Database) throws -> (entry: StateCache.Entry, workflowHash: String)? {
        // The review's last event (its head) decides whether this batch or the cache holds its
        // current state; the review row, the snapshot the largest of it, is read only when neither does.
        guard let last = try ReviewHeads.head(review, db) else { return nil }
        if let pending, pending.sequence == last { return (pending, pending.workflowHash) }
        if let cached = cache.entry(review, at: last) { return (cached, cached.workflowHash) }
        guard let stored = try db.row("SELECT workflow_hash, snapshot_seq, state FROM review WHERE id = ?", [review]) else {
            // Not a review to start afresh: that would begin a second history beside its events.
            throw StoreError.corrupt("review '\(review)' has events but no review row; run bvctl review rebuild")
        }
        let hash: String = stored["workflow_hash"]
        var state: ReviewState
        var snapshot: Int64 = stored["snapshot_seq"]
        var unreadable = false
        if let decoded = StateSnapshot.decode(stored["state"]) {
            state = decoded
        } else {
            unreadable = true
            let events = try EventLog.events(review: review, after: 0, db).map(\.event)
            guard let folded = ReviewState.fold(events) else { throw StoreError.corrupt("review '\(review)' does not begin with review-started") }
            (state, snapshot) = (folded, last)
        }
        if snapshot < last {
            for stored in try EventLog.events(review: review, after: snapshot, db) { state.apply(stored.event) }
        }
        let entry = StateCache.Entry(sequence: last, state: state, plan: nil, workflowHash: hash, snapshotUnreadable: unreadable)
        cache.store(entry)
        return (entry, hash)
    }

    func engine(hash: String, _ db: Database) throws -> ReviewEngine {
        try catalog.engine(hash: hash) {
            try Row.fetchOne(db, sql: "SELECT source, file FROM workflow WHERE hash = ?", arguments: [hash]).map { ($0["source"], $0["file"]) }
        }
    }

    /// What the review row keeps for listings, in the order of its columns title, service, lead,
    /// phase and closed: written, compared with the previous state, and checked by `verify`.
    static func listedFields(_ state: ReviewState) -> [DatabaseValue] {
        [state.title.databaseValue, state.service.databaseValue, state.lead.databaseValue, state.currentPhase.databaseValue,
         state.closed?.millisecondsSinceEpoch.databaseValue ?? .null]
    }

    /// Keeps the exact text of a workflow the first time a review starts under it.
    func remember(_ workflow: LoadedWorkflow, _ db: Database) throws {
        let d = workflow.definition
        try db.execute(sql: "INSERT OR IGNORE INTO workflow (hash, id, version, source, file) VALUES (?, ?, ?, ?, ?)",
                       arguments: [d.contentHash, d.id, d.version, workflow.source, workflow.file])
    }

    /// Writes the review row where it changed and every projection the command can have altered
    /// (with no previous state: all of them). The row holds what listings ask of a review (title,
    /// phase…) and a snapshot of its state (`StateSnapshot.isDue`); a command that changes neither
    /// leaves it alone, one page fewer to commit (schema v7).
    func writeProjections(_ state: ReviewState, previous: PreviousProjections?, workflowHash: String,
                          lastSequence: Int64, snapshot forced: Bool = false, _ db: Database) throws {
        let listed = Self.listedFields(state)
        if previous == nil || forced || StateSnapshot.isDue(eventCount: state.eventCount) {
            let meta = StatementArguments(listed)
            let json = String(decoding: try EventLog.encoder.encode(state), as: UTF8.self)
            try db.run("""
                INSERT INTO review (id, workflow_hash, plan_year, created, state, snapshot_seq, title, service, lead, phase, closed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, snapshot_seq = excluded.snapshot_seq,
                    title = excluded.title, service = excluded.service, lead = excluded.lead, phase = excluded.phase, closed = excluded.closed
                """, [state.id, workflowHash, state.planYear, state.created.millisecondsSinceEpoch, json, lastSequence] + meta)
        } else if let previous, previous.listed != listed {
            try db.run("UPDATE review SET title = ?, service = ?, lead = ?, phase = ?, closed = ? WHERE id = ?", StatementArguments(listed) + [state.id])
        }
        for (index, projection) in Projection.tables.enumerated() {
            if let previous {
                guard let before = previous.tables[index] else { continue }
                try projection.write(state, before: before, db)
            } else {
                try projection.write(state, before: nil, db)
            }
        }
    }

    // MARK: Reads

    public func events(review: String) async throws -> [StoredEvent] {
        try await pool.read { db in try EventLog.events(review: review, db) }
    }

    public func review(_ id: String) async throws -> StoredReview? {
        try await pool.read { db in try self.storedReview(id, db) }
    }

    /// In one read transaction, so that a batch of deliveries holds one reader for a moment.
    public func reviews(_ ids: Set<String>) async throws -> [String: StoredReview] {
        try await pool.read { db in
            var found: [String: StoredReview] = [:]
            for id in ids { found[id] = try self.storedReview(id, db) }
            return found
        }
    }

    func storedReview(_ id: String, _ db: Database) throws -> StoredReview? {
        guard let loaded = try loadState(id, pending: nil, db) else { return nil }
        let engine = try self.engine(hash: loaded.workflowHash, db)
        return StoredReview(state: loaded.entry.state, workflow: engine.workflow, engine: engine)
    }

    /// The engine a review runs under, for `why`, `plan` and reminders.
    public func engine(forReview id: String) async throws -> ReviewEngine? {
        try await pool.read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [id]) else { return nil }
            return try self.engine(hash: hash, db)
        }
    }

    /// How many reviews are in each phase ("closed" for closed ones), without reading them.
    public func reviewsByPhase() async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT COALESCE(phase, 'closed') AS phase, COUNT(*) AS n FROM review GROUP BY 1") {
                counts[row["phase"]] = row["n"]
            }
            return counts
        }
    }

    public func reviews() async throws -> [ReviewSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.title, r.phase, r.lead, w.id AS workflow, w.version AS workflow_version,
                       COALESCE(h.events, 0) AS event_count
                FROM review r LEFT JOIN review_head h ON h.review = r.id
                JOIN workflow w ON w.hash = r.workflow_hash ORDER BY r.id
                """).map {
                ReviewSummary(id: $0["id"], title: $0["title"], phase: $0["phase"], lead: $0["lead"], workflow: $0["workflow"],
                              workflowVersion: $0["workflow_version"], events: $0["event_count"])
            }
        }
    }
}

extension SQLiteReviewStore {
    /// How many events the log holds.
    public func eventCount() async throws -> Int {
        // Sequences run from 1 without a gap (verify's chain of hashes says so): the last is the count.
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM event") ?? 0 }
    }
}
