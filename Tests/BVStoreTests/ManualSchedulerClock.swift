import BVCore
import BVStore
import Foundation

/// A clock the test moves: sleepers wake when the test advances past their instant.
final class ManualSchedulerClock: SchedulerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant
    private var sleepers: [(id: UUID, until: Instant, wake: CheckedContinuation<Void, any Error>)] = []

    init(_ start: Instant) { current = start }

    func now() -> Instant { lock.withLock { current } }

    func sleep(until: Instant) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (wake: CheckedContinuation<Void, any Error>) in
                let ready: Bool = lock.withLock {
                    if until <= current || Task.isCancelled { return true }
                    sleepers.append((id, until, wake))
                    return false
                }
                if ready { wake.resume() }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index).wake
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock and wakes everyone whose instant has come.
    func advance(to instant: Instant) {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, any Error>] in
            current = instant
            let due = sleepers.filter { $0.until <= instant }
            sleepers.removeAll { $0.until <= instant }
            return due.map(\.wake)
        }
        for wake in woken { wake.resume() }
    }

    /// The instants sleepers are waiting for.
    var sleepingUntil: [Instant] { lock.withLock { sleepers.map(\.until) } }
}

/// Waits (in real time, briefly) until a condition holds; for handing over to a running task.
func eventually(_ what: String, timeout: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(2))
    }
    throw TimedOut(what: what)
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
