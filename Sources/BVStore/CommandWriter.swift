public import BVCore
import Foundation

/// The single writer. A command that finds the store idle commits on its caller's thread at
/// once; commands that arrive while a commit is under way queue, and join a commit (group
/// commit) so that one flush serves them all. Each command is acknowledged only after the commit
/// that holds it is durable.
///
/// Committing on the caller's thread saves an officer's single command two thread wake-ups
/// (to the writer thread and back), which cost as much as the commit itself on a fast disk.
///
/// A group grows while it runs: commands that queue while a commit runs its first commands join
/// its transaction, each run at the instant it joins, whether that commit is on a caller's thread
/// or on the writer's. What queues after the transaction's last command waits for the writer
/// thread, which takes it in one group as soon as the store is free. The writer never waits for
/// callers to come back: bvd's come through the control socket, and waiting for them cost more
/// than the flushes it saved (docs/benchmarks.md).
public final class CommandWriter: @unchecked Sendable {
    private let store: any ReviewStore
    private let clock: any Clock
    private let maximumBatch: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Groups of commands waiting, each to be committed whole in one transaction.
    private var queue: [Caller] = []
    /// Callers taken into the group being committed (on the writer thread or a caller's),
    /// until it has answered them.
    private var grouped = 0
    /// A commit is under way, on a caller's thread or on the writer thread.
    private var committing = false
    private var closed = false
    /// The writer thread has left its loop.
    private var stopped = false
    private var afterCommit: (@Sendable ([CommandOutcome]) -> Void)?

    /// Commits are batched up to `maximumBatch` commands; 1 turns group commit off.
    public init(store: any ReviewStore, clock: any Clock, maximumBatch: Int = 64) {
        self.store = store
        self.clock = clock
        self.maximumBatch = max(1, maximumBatch)
        // Named from inside: a name given before `start()` is not passed on to the thread here.
        Thread { [self] in
            Thread.current.name = "bvd-writer"
            run()
        }.start()
    }

    /// Called after each commit, e.g. to wake the scheduler when a timer may have been planned.
    public func setAfterCommit(_ action: @escaping @Sendable ([CommandOutcome]) -> Void) {
        condition.withLock { afterCommit = action }
    }

    /// Runs the after-commit action for a change committed beside the writer (a review imported
    /// whole), so that its timers and notices are looked at now rather than at the next wake-up.
    public func committedElsewhere() {
        condition.withLock { afterCommit }?([])
    }

    /// Runs a command and returns its outcome once it is committed (or refused).
    public func submit(_ request: CommandRequest) async throws -> CommandOutcome {
        try await submit([request])[0]
    }

    /// Runs commands in order in the same transaction, so that others see all of them or none:
    /// an organisation invited from the directory and its contact added, say, so that the
    /// invitation is never delivered while the organisation has nobody to receive it. Each
    /// command still stands or falls alone (a refused one writes nothing); the outcomes come
    /// back in order once the commit is durable.
    public func submit(_ requests: [CommandRequest]) async throws -> [CommandOutcome] {
        guard !requests.isEmpty else { return [] }
        let (idle, notify) = claimIdleStore()
        if idle {
            defer { releaseStore() }
            var joined: [Caller] = []
            let result = commitGroup(requests, joined: &joined)
            answer(joined, result, after: requests.count, notify: notify)
            return Array(try result.get().prefix(requests.count))
        }
        return try await withCheckedThrowingContinuation { reply in
            condition.withLock {
                if closed {
                    reply.resume(throwing: CancellationError())
                    return
                }
                queue.append((requests, reply))
                // While a commit is under way the writer thread could only wait again: the commit
                // takes this caller in, or wakes the writer once it ends (`releaseStore`, `run`).
                if !committing { condition.signal() }
            }
        }
    }

    /// Refuses new commands, then returns once the queued ones and any commit on a caller's
    /// thread are done and the writer thread has stopped, so that the store can be closed.
    public func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
            while !stopped || committing { condition.wait() }
        }
    }

    /// Callers queued, and callers taken into the group being committed (on the writer thread or
    /// a caller's): for tests that need to know where a command is.
    var callersAtWriter: (queued: Int, inGroup: Int) { condition.withLock { (queue.count, grouped) } }

    /// When no commit (nor other write) is under way and none waits, marks the store as taken by the caller;
    /// with the after-commit action to run once the caller has committed.
    private func claimIdleStore() -> (idle: Bool, notify: (@Sendable ([CommandOutcome]) -> Void)?) {
        condition.withLock {
            guard !committing, queue.isEmpty, !closed, !store.otherWriteUnderWay else { return (false, nil) }
            committing = true
            return (true, afterCommit)
        }
    }

    /// Lets the writer thread take what queued meanwhile (and a closing writer finish). With
    /// nothing queued and no one closing, nobody waits for this: waking the writer thread for
    /// nothing would cost each lone command a thread switch.
    private func releaseStore() {
        condition.withLock {
            committing = false
            grouped = 0
            if !queue.isEmpty || closed { condition.broadcast() }
        }
    }

    private typealias Caller = (requests: [CommandRequest], reply: CheckedContinuation<[CommandOutcome], any Error>)

    private func run() {
        while true {
            condition.lock()
            while (queue.isEmpty || committing) && !(closed && queue.isEmpty) { condition.wait() }
            if queue.isEmpty {
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            // The group starts with what is queued (taken now, so that whatever happens to the
            // transaction, these callers are answered); what queues meanwhile joins it.
            committing = true
            let notify = afterCommit
            var group: [Caller] = []
            var commands = 0
            let first = takeLot(into: &group, commands: &commands) ?? []
            condition.unlock()
            let result = commitGroup(first, joined: &group)
            answer(group, result, after: 0, notify: notify)
            condition.withLock {
                committing = false
                grouped = 0
                condition.broadcast()
            }
        }
    }

    /// Commits `first` and, in the same transaction, the callers that queue while it runs (added
    /// to `joined`), up to `maximumBatch` commands in all. Each lot runs at the instant it joins.
    /// On a caller's thread as on the writer's: callers that come back together from the last
    /// commit then share the next one, rather than the first of them committing alone while the
    /// others queue behind it.
    private func commitGroup(_ first: [CommandRequest], joined: inout [Caller]) -> Result<[CommandOutcome], any Error> {
        var commands = first.count
        var pending: [CommandRequest]? = first
        return Result {
            try store.executeBlocking {
                if let lot = pending {
                    pending = nil
                    return CommandLot(lot, now: clock.now())
                }
                return condition.withLock { takeLot(into: &joined, commands: &commands) }.map { CommandLot($0, now: clock.now()) }
            }
        }
    }

    /// Answers each caller with its outcomes, which follow the first `offset` of the group's
    /// (those of the caller that committed it, answered by its return), or with the error.
    private func answer(_ callers: [Caller], _ result: Result<[CommandOutcome], any Error>, after offset: Int,
                        notify: (@Sendable ([CommandOutcome]) -> Void)?) {
        switch result {
        case .success(let outcomes):
            var rest = outcomes.dropFirst(offset)
            for caller in callers {
                caller.reply.resume(returning: Array(rest.prefix(caller.requests.count)))
                rest = rest.dropFirst(caller.requests.count)
            }
            notify?(outcomes)
        case .failure(let error):
            for caller in callers { caller.reply.resume(throwing: error) }
        }
    }

    /// The callers queued, whole, up to `maximumBatch` commands in the group (a caller with more
    /// that would be first goes alone); nil when none fits. Called with `condition` locked.
    private func takeLot(into group: inout [Caller], commands: inout Int) -> [CommandRequest]? {
        var taken = 0
        while taken < queue.count, (commands == 0 && taken == 0) || commands + queue[taken].requests.count <= maximumBatch {
            commands += queue[taken].requests.count
            taken += 1
        }
        guard taken > 0 else { return nil }
        let lot = queue.prefix(taken)
        queue.removeFirst(taken)
        grouped += taken
        group += lot
        return lot.flatMap(\.requests)
    }
}
