public import BVCore

/// The narrow interface every store backend provides: SQLite (embedded) now, PostgreSQL for
/// several replicas later. The core and the daemon see only this. `StoreConformance` in the tests
/// is the suite any backend must pass.
public protocol ReviewStore: Sendable {
    /// Runs each request in its own all-or-nothing step and commits them together (group commit):
    /// a refused command writes nothing; an accepted one appends its events, updates projections,
    /// replans the review's timers and queues its notices. Returns after the commit is durable.
    func execute(_ requests: [CommandRequest], now: Instant) async throws -> [CommandOutcome]

    /// `execute` for the single writer's own thread, for a group that grows while it runs: `next`
    /// is asked for another lot of commands (with the instant they run at) once the transaction
    /// has begun and after each lot, and the transaction commits once it has none, so that the
    /// writer can start on a group's first commands while the others are still arriving. Blocks
    /// the calling thread until the commit is durable; the outcomes are in order.
    func executeBlocking(next: () -> CommandLot?) throws -> [CommandOutcome]

    /// Whether a write other than a command's is under way (a batch of deliveries recorded, timers
    /// fired, an import), so that a command queues for the writer thread rather than block its
    /// caller's thread behind it. Advice only: a backend that cannot tell says no.
    var otherWriteUnderWay: Bool { get }

    /// A review's events in order, with their place in the hash chain.
    func events(review: String) async throws -> [StoredEvent]

    /// The review's current state, from its projection.
    func review(_ id: String) async throws -> StoredReview?

    /// Several reviews read together (the dispatcher's batch), so that a burst of deliveries takes
    /// one reader for a moment rather than all of them; reviews that do not exist are left out.
    func reviews(_ ids: Set<String>) async throws -> [String: StoredReview]

    /// Reviews with their phase, for listings.
    func reviews() async throws -> [ReviewSummary]

    /// Timers of a review (or of all reviews), in order of due time.
    func timers(review: String?) async throws -> [StoredTimer]

    /// The earliest pending timer, so the scheduler knows how long to sleep.
    func nextTimerDue() async throws -> Instant?

    /// Fires every pending timer due by `now` (at most `limit`): marks it fired, late or missed and
    /// queues its notice, all in one transaction. A timer fires once, however often this is called.
    func fireDueTimers(now: Instant, limit: Int) async throws -> [FiredTimer]

    /// Leases up to `limit` deliverable outbox rows until `leaseUntil`; an unfinished lease is
    /// retaken after it runs out, so a crash mid-delivery re-delivers rather than loses.
    func claimOutbox(now: Instant, leaseUntil: Instant, limit: Int) async throws -> [OutboxItem]

    func markDelivered(_ id: Int64, at: Instant) async throws
    /// Records a failed attempt: retried at `retryAt`, or failed for good when nil.
    func markAttemptFailed(_ id: Int64, error: String, retryAt: Instant?) async throws
    func outbox(review: String?) async throws -> [OutboxItem]
    func outboxItem(_ id: Int64) async throws -> OutboxItem?
    /// Puts a failed notice back in the queue, due now (`bvctl notices retry`); false when it had not failed.
    func requeue(_ id: Int64, now: Instant) async throws -> Bool

    /// After a restart: what the previous life of this daemon was delivering is offered again now.
    func releaseLeases(now: Instant) async throws -> Int
    /// Puts every failed notice back in the queue; returns how many.
    func requeueFailed(now: Instant) async throws -> Int
    /// A reminder whose subject passed before it could be delivered: recorded as missed, not sent.
    func markMissed(_ id: Int64, reason: String) async throws
    /// Queues a notice bvd raises itself (a delivery failure for officers).
    func enqueue(_ notice: PlannedNotice, now: Instant) async throws
    /// When the next queued notice becomes deliverable, so the dispatcher knows how long to sleep.
    func nextOutboxAttempt() async throws -> Instant?
    /// Each recipient's attempts for each notice of a batch, in one transaction; `.digest` also
    /// holds the notice for a digest; a round with `deliveredAt` marks its notice delivered.
    func recordDeliveries(_ rounds: [DeliveryRound]) async throws
    func deliveries(outbox id: Int64) async throws -> [DeliveryAttempt]
    func disableChannel(_ name: String, reason: String, at: Instant) async throws
    func enableChannel(_ name: String) async throws -> Bool
    func disabledChannels() async throws -> [DisabledChannel]
    /// Turns waiting routine reminders into one digest notice per representative and review.
    func queueDigests(on date: CivilDate, now: Instant) async throws -> Int
    func digestItems(digest id: Int64) async throws -> [OutboxItem]

    /// The organisation directory shared by reviews: add (`replacing` false) or edit (true).
    func saveDirectoryOrganisation(_ organisation: DirectoryOrganisation, replacing: Bool) async throws -> Bool
    func directoryOrganisation(_ id: String) async throws -> DirectoryOrganisation?
    func directoryOrganisations(category: String?) async throws -> [DirectoryOrganisation]

    /// Walks the log: checks the hash chain and that projections equal a fresh fold.
    func verify() async throws -> VerificationReport
    /// Rewrites every review's projections from its events, brings its pending timers in line
    /// with the plan its events call for (as of `now`), and drops the rows of reviews without
    /// events; returns how many reviews were rebuilt.
    @discardableResult
    func rebuildProjections(now: Instant) async throws -> Int

    /// A review's events as JSON Lines, to archive or move it.
    func export(review: String) async throws -> String
    /// Appends an exported review to this store (it must not exist here).
    func importReview(jsonLines: String, now: Instant) async throws -> String

    // What officers' status, agenda and progress views ask, each in one read, by aggregates and
    // indexed ranges so that the cost does not grow with the number of reviews.

    /// Raised per review after every commit that can change its view, so read caches let go.
    var changes: ChangeCounter { get }
    /// How many reviews are in each phase ("closed" for closed ones).
    func reviewsByPhase() async throws -> [String: Int]
    /// How many notices are in each outbox state.
    func outboxCounts() async throws -> [OutboxState: Int]
    /// How many pending timers were due before `now`.
    func overdueCount(now: Instant) async throws -> Int
    /// How many reminders due from `since` on were recorded as missed (found after their subject had passed).
    func missedTimerCount(since: Instant) async throws -> Int
    /// Pending timers due before `before` (of one review, or all), earliest first, at most `limit`.
    func pendingTimers(review: String?, dueBefore before: Instant, limit: Int) async throws -> [StoredTimer]
    /// The next pending timers due from `from` on, across reviews, at most `limit`.
    func nextPendingTimers(from: Instant, limit: Int) async throws -> [StoredTimer]
    /// Reminders found after their subject had passed (of one review, or all), earliest first.
    func missedTimers(review: String?) async throws -> [StoredTimer]
    /// A review with its next pending timers and its missed ones, read together so that they
    /// agree; on the calling thread (a progress view answered on an event loop).
    func reviewAndTimers(_ id: String, from: Instant, limit: Int) throws -> (review: StoredReview, upcoming: [StoredTimer], missed: [StoredTimer])?

    /// Makes new versions of workflows available to new reviews (SIGHUP); running reviews keep theirs.
    func replaceWorkflows(_ workflows: [LoadedWorkflow])
    /// Finishes with the store: later calls fail.
    func close() throws
}

/// One command for one review, from one actor.
public struct CommandRequest: Sendable, Hashable {
    public let review: String
    public let command: ReviewCommand
    public let actor: Actor
    /// For `start`: the workflow id to run under (its current version); ignored otherwise.
    public let workflow: String?

    public init(review: String, command: ReviewCommand, actor: Actor, workflow: String? = nil) {
        (self.review, self.command, self.actor, self.workflow) = (review, command, actor, workflow)
    }
}

public typealias CommandOutcome = Result<[StoredEvent], CommandError>

/// An event as kept: its global sequence number and its link in the hash chain.
public struct StoredEvent: Sendable, Hashable, Codable {
    public let sequence: Int64
    public let event: ReviewEvent
    /// SHA-256 of the previous event in the log (all zeros for the first).
    public let previousHash: String
    public let hash: String
}

public struct StoredReview: Sendable {
    public let state: ReviewState
    public let workflow: WorkflowDefinition
    /// The engine for the review's own definition, for `why`, `plan` and reminders.
    public let engine: ReviewEngine
}

public struct ReviewSummary: Sendable, Hashable, Codable {
    public let id: String
    public let title: String
    public let phase: String?
    public let lead: String
    public let workflow: String
    /// The version of the workflow the review runs under (fixed when it started).
    public let workflowVersion: Int
    public let events: Int
}

/// What became of a timer.
public enum TimerState: String, Sendable, Hashable, Codable {
    case pending
    /// Fired on time.
    case fired
    /// Fired after its due time (downtime), while its subject was still ahead or for a deadline.
    case late
    /// Found after its subject had passed: recorded for officers, not sent.
    case missed
    /// Its subject went away (meeting cancelled, papers published) before it was due.
    case cancelled
}

public struct StoredTimer: Sendable, Hashable, Codable {
    public let notice: PlannedNotice
    public let state: TimerState
    public let firedAt: Instant?
}

/// What became of one timer when it was found due.
public struct FiredTimer: Sendable, Hashable, Codable {
    public let key: String
    public let review: String
    public let kind: NoticeKind
    public let due: Instant
    public let state: TimerState
    public let firedAt: Instant
}

public enum OutboxState: String, Sendable, Hashable, Codable {
    case pending, delivering, delivered, failed, missed
}

/// A notice waiting to be delivered, with its delivery history.
public struct OutboxItem: Sendable, Hashable, Codable {
    public let id: Int64
    public let notice: PlannedNotice
    public let late: Bool
    public let state: OutboxState
    public let attempts: Int
    public let nextAttempt: Instant?
    public let lastError: String?
    public let created: Instant

    public init(id: Int64, notice: PlannedNotice, late: Bool, state: OutboxState, attempts: Int, nextAttempt: Instant?,
                lastError: String?, created: Instant) {
        (self.id, self.notice, self.late, self.state, self.attempts) = (id, notice, late, state, attempts)
        (self.nextAttempt, self.lastError, self.created) = (nextAttempt, lastError, created)
    }
}

public struct VerificationReport: Sendable, Hashable, Codable {
    public let events: Int
    public let reviews: Int
    /// The first divergence found, or nil when the log and projections are sound.
    public let firstProblem: String?
    public var ok: Bool { firstProblem == nil }
}

/// Why the store could not do what was asked (as opposed to a command being refused).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case newerSchema(found: String, known: String)
    case unknownWorkflow(String)
    case corrupt(String)
    case invalidArchive(line: Int, reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let known):
            "the database was written by a newer bvd (schema '\(found)'; this bvd knows up to '\(known)'); upgrade bvd or restore a backup"
        case .unknownWorkflow(let id): "no workflow '\(id)' is loaded"
        case .corrupt(let text): "the database is damaged: \(text)"
        case .invalidArchive(let line, let reason): "line \(line) of the archive: \(reason)"
        }
    }
}

/// Commands handed to a group under way, and the instant they run at: the moment they joined it.
public struct CommandLot: Sendable {
    public let requests: [CommandRequest]
    public let now: Instant

    public init(_ requests: [CommandRequest], now: Instant) {
        (self.requests, self.now) = (requests, now)
    }

    /// `next` for a group that is these commands alone: the lot once, then nothing.
    static func only(_ requests: [CommandRequest], now: Instant) -> () -> CommandLot? {
        var lot: CommandLot? = CommandLot(requests, now: now)
        return {
            defer { lot = nil }
            return lot
        }
    }
}

extension ReviewStore {
    /// `execute` on the calling thread: blocks it until the commit is durable.
    public func executeBlocking(_ requests: [CommandRequest], now: Instant) throws -> [CommandOutcome] {
        try executeBlocking(next: CommandLot.only(requests, now: now))
    }
}
