public import BVCore

/// The single writer: commands from many clients queue here and are committed in batches
/// (group commit). Each is acknowledged only after the commit that holds it is durable.
public actor CommandWriter {
    private let store: any ReviewStore
    private let clock: any Clock
    private let maximumBatch: Int
    private var queue: [(request: CommandRequest, reply: CheckedContinuation<CommandOutcome, any Error>)] = []
    private var draining = false
    private var afterCommit: (@Sendable ([CommandOutcome]) -> Void)?

    /// Commits are batched up to `maximumBatch` commands; 1 turns group commit off.
    public init(store: any ReviewStore, clock: any Clock, maximumBatch: Int = 64) {
        self.store = store
        self.clock = clock
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Called after each commit, e.g. to wake the scheduler when a timer may have been planned.
    public func setAfterCommit(_ action: @escaping @Sendable ([CommandOutcome]) -> Void) { afterCommit = action }

    /// Queues a command and returns its outcome once it is committed (or refused).
    public func submit(_ request: CommandRequest) async throws -> CommandOutcome {
        try await withCheckedThrowingContinuation { reply in
            queue.append((request, reply))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            do {
                let outcomes = try await store.execute(batch.map(\.request), now: clock.now())
                for (item, outcome) in zip(batch, outcomes) { item.reply.resume(returning: outcome) }
                afterCommit?(outcomes)
            } catch {
                for item in batch { item.reply.resume(throwing: error) }
            }
        }
        draining = false
    }
}
