public import BVCore
import Foundation

/// The single writer: commands from many clients queue here and are committed in batches
/// (group commit) on one dedicated thread, which blocks in the commit while new commands queue
/// for the next batch. Each command is acknowledged only after the commit that holds it is durable.
public final class CommandWriter: @unchecked Sendable {
    private let store: any ReviewStore
    private let clock: any Clock
    private let maximumBatch: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(request: CommandRequest, reply: CheckedContinuation<CommandOutcome, any Error>)] = []
    private var closed = false
    private var afterCommit: (@Sendable ([CommandOutcome]) -> Void)?

    /// Commits are batched up to `maximumBatch` commands; 1 turns group commit off.
    public init(store: any ReviewStore, clock: any Clock, maximumBatch: Int = 64) {
        self.store = store
        self.clock = clock
        self.maximumBatch = max(1, maximumBatch)
        let thread = Thread { [self] in run() }
        thread.name = "bvd-writer"
        thread.start()
    }

    /// Called after each commit, e.g. to wake the scheduler when a timer may have been planned.
    public func setAfterCommit(_ action: @escaping @Sendable ([CommandOutcome]) -> Void) {
        condition.withLock { afterCommit = action }
    }

    /// Queues a command and returns its outcome once it is committed (or refused).
    public func submit(_ request: CommandRequest) async throws -> CommandOutcome {
        try await withCheckedThrowingContinuation { reply in
            condition.withLock {
                if closed {
                    reply.resume(throwing: CancellationError())
                    return
                }
                queue.append((request, reply))
                condition.signal()
            }
        }
    }

    /// Finishes the queued commands and stops the writer thread.
    public func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed {
                condition.unlock()
                return
            }
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            let notify = afterCommit
            condition.unlock()
            do {
                let outcomes = try store.executeBlocking(batch.map(\.request), now: clock.now())
                for (item, outcome) in zip(batch, outcomes) { item.reply.resume(returning: outcome) }
                notify?(outcomes)
            } catch {
                for item in batch { item.reply.resume(throwing: error) }
            }
        }
    }
}
