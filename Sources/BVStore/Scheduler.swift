public import BVCore
import Foundation

/// A clock the scheduler can sleep on. The daemon uses the system clock; tests use one they move.
public protocol SchedulerClock: Clock {
    func sleep(until: Instant) async throws
}

/// The real clock.
public struct SystemClock: SchedulerClock {
    public init() {}

    public func now() -> Instant {
        Instant(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public func sleep(until: Instant) async throws {
        let wait = until.millisecondsSinceEpoch - now().millisecondsSinceEpoch
        if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
    }
}

/// Fires durable timers when they are due: it sleeps until the next due instant (no polling) and
/// is woken when a command plans an earlier one. After downtime it catches up once (see
/// `TimerTable.outcome`).
public actor Scheduler {
    private let store: any ReviewStore
    private let clock: any SchedulerClock
    private let batchSize: Int
    private var sleeper: Task<Void, any Error>?
    private var woken = false
    private var onFired: (@Sendable ([FiredTimer]) -> Void)?
    /// When the loop last finished a round of work; the watchdog pings only while this moves.
    public private(set) var lastRound: Instant?
    public private(set) var firedCount = 0
    /// The instant the scheduler is sleeping until, if it is.
    public private(set) var sleepingUntil: Instant?

    public init(store: any ReviewStore, clock: any SchedulerClock, batchSize: Int = 1000) {
        self.store = store
        self.clock = clock
        self.batchSize = batchSize
    }

    public func setOnFired(_ action: @escaping @Sendable ([FiredTimer]) -> Void) { onFired = action }

    private var heartbeat: (interval: Duration, action: @Sendable () -> Void)?

    /// Runs `action` after every round of work and wakes at least every `interval`, so a watchdog
    /// fed from here stops being fed when the scheduler is wedged.
    public func setHeartbeat(every interval: Duration, _ action: @escaping @Sendable () -> Void) {
        heartbeat = (interval, action)
    }

    /// Re-reads the next due instant now (a command may have planned an earlier timer).
    public func wake() {
        woken = true
        sleeper?.cancel()
    }

    /// Fires everything due by now, in batches; returns what fired.
    @discardableResult
    public func fireDue() async throws -> [FiredTimer] {
        var all: [FiredTimer] = []
        while true {
            let fired = try await store.fireDueTimers(now: clock.now(), limit: batchSize)
            all += fired
            if !fired.isEmpty { onFired?(fired) }
            if fired.count < batchSize { break }
        }
        firedCount += all.count
        return all
    }

    /// Runs until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            woken = false
            try await fireDue()
            let next = try await store.nextTimerDue()
            lastRound = clock.now()
            heartbeat?.action()
            if woken { continue }
            // With nothing planned, look again in an hour (a command wakes it sooner).
            var until = next ?? clock.now().adding(seconds: 3600)
            if let interval = heartbeat?.interval {
                let ms = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
                until = min(until, clock.now().adding(milliseconds: ms))
            }
            let clock = self.clock
            let wakeAt = until
            let task = Task { try await clock.sleep(until: wakeAt) }
            sleeper = task
            sleepingUntil = until
            try? await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            sleeper = nil
            sleepingUntil = nil
        }
    }
}
