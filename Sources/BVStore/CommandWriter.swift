public import BVCore
import Foundation

/// The single writer. A command that finds the store idle commits on its caller's thread at
/// once; commands that arrive while a commit is under way queue, and the writer's own thread
/// commits them together (group commit) as soon as the store is free. Each command is
/// acknowledged only after the commit that holds it is durable.
///
/// Committing on the caller's thread saves an officer's single command two thread wake-ups
/// (to the writer thread and back), which cost as much as the commit itself on a fast disk; the
/// caller blocks only for its own commit. Under load the queue forms behind that commit and the
/// writer thread takes it in batches, so one commit's flush is shared by many commands.
///
/// Callers that submit again as soon as they are answered (an import script, the API under load)
/// would otherwise split into two groups taking turns: those answered by one commit come back
/// while the next is under way, and each commit holds about half of them, so every command pays
/// half a flush more than it need. So, when asked to (`gatherWindow`, off by default: see `init`),
/// after a commit that answered several callers the writer gives them a moment to come back,
/// and a caller arriving then queues rather
/// than commit alone. The writer does not sit idle meanwhile: it begins the group's transaction
/// with the first to come back and runs each of the others' commands as it arrives, committing
/// once all are in (or the moment is over). A caller on its own never waits; one that was in a
/// group and comes back alone waits that moment once. Where callers take
/// longer than that to come back (requests over the control socket, each parsed, answered and
/// sent again), the wait would only add to every command's time, so after a group that waited in
/// vain the next sixteen do not wait.
public final class CommandWriter: @unchecked Sendable {
    private let store: any ReviewStore
    private let clock: any Clock
    private let maximumBatch: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Groups of commands waiting, each to be committed whole in one transaction.
    private var queue: [Caller] = []
    /// A commit is under way, on a caller's thread or on the writer thread.
    private var committing = false
    private var closed = false
    /// The writer thread has left its loop.
    private var stopped = false
    private var afterCommit: (@Sendable ([CommandOutcome]) -> Void)?
    /// How many callers the next group waits for, until `gatherUntil`: those the last group
    /// answered and those that queued meanwhile. Zero when the last commit answered one caller.
    private var gatherTarget = 0
    private var gatherUntil = ContinuousClock.now
    private let gatherWindow: Duration
    /// After a group whose callers did not all come back in time, this many groups are committed
    /// without waiting; then the writer tries again.
    private var groupsWithoutGathering = 0
    private static let groupsAfterMiss = 16

    /// Commits are batched up to `maximumBatch` commands; 1 turns group commit off. After a group,
    /// the next waits up to `gatherWindow` for its callers to come back. Zero, the default, waits
    /// not at all: bvd's callers come through the control socket, and on a fast disk they come
    /// back more slowly than a flush takes, so waiting for them cost about a tenth of the rate of
    /// eight clients (docs/benchmarks.md).
    public init(store: any ReviewStore, clock: any Clock, maximumBatch: Int = 64, gatherWindow: Duration = .zero) {
        self.store = store
        self.clock = clock
        self.maximumBatch = max(1, maximumBatch)
        self.gatherWindow = gatherWindow
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
            let outcomes = try store.executeBlocking(requests, now: clock.now())
            notify?(outcomes)
            return outcomes
        }
        return try await withCheckedThrowingContinuation { reply in
            condition.withLock {
                if closed {
                    reply.resume(throwing: CancellationError())
                    return
                }
                queue.append((requests, reply))
                condition.signal()
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

    /// When no commit (nor other write) is under way and none waits, marks the store as taken by the caller;
    /// with the after-commit action to run once the caller has committed.
    private func claimIdleStore() -> (idle: Bool, notify: (@Sendable ([CommandOutcome]) -> Void)?) {
        condition.withLock {
            guard !committing, queue.isEmpty, !closed, !store.otherWriteUnderWay, !gathering else { return (false, nil) }
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
            if !queue.isEmpty || closed { condition.broadcast() }
        }
    }

    /// Callers answered by the last group are expected back.
    private var gathering: Bool { gatherTarget > 0 && ContinuousClock.now < gatherUntil }

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
            // transaction, these callers are answered); callers expected back join it as they come.
            // Each lot runs at the instant it joins.
            let expected = gathering ? gatherTarget : 0, until = gatherUntil
            gatherTarget = 0
            committing = true
            let notify = afterCommit
            var group: [Caller] = []
            var commands = 0
            var first: [CommandRequest]? = takeLot(into: &group, commands: &commands)
            condition.unlock()
            let result = Result {
                try store.executeBlocking {
                    if let lot = first {
                        first = nil
                        return CommandLot(lot, now: clock.now())
                    }
                    return takeMore(into: &group, commands: &commands, expected: expected, until: until).map { CommandLot($0, now: clock.now()) }
                }
            }
            // Counted before this group's callers are answered and some of them queue again.
            let queuedMeanwhile = condition.withLock { queue.count }
            switch result {
            case .success(let outcomes):
                var rest = outcomes[...]
                for caller in group {
                    caller.reply.resume(returning: Array(rest.prefix(caller.requests.count)))
                    rest = rest.dropFirst(caller.requests.count)
                }
                notify?(outcomes)
            case .failure(let error):
                for caller in group { caller.reply.resume(throwing: error) }
            }
            condition.withLock {
                committing = false
                if group.count > 1 {
                    if groupsWithoutGathering > 0 {
                        groupsWithoutGathering -= 1
                    } else {
                        gatherTarget = group.count + queuedMeanwhile
                        gatherUntil = ContinuousClock.now + gatherWindow
                    }
                }
                condition.broadcast()
            }
        }
    }

    /// The next lot of the group under way; with none queued while fewer than `expected` callers
    /// have joined, waits for them until `until`. Nil ends the group.
    private func takeMore(into group: inout [Caller], commands: inout Int, expected: Int, until: ContinuousClock.Instant) -> [CommandRequest]? {
        condition.withLock {
            while queue.isEmpty {
                guard group.count < expected, commands < maximumBatch, !closed, ContinuousClock.now < until else {
                    // Callers that do not come back within the window (each has more to do between
                    // its commands than the window allows) would make every group wait for nothing.
                    if group.count < expected, commands < maximumBatch, !closed { groupsWithoutGathering = Self.groupsAfterMiss }
                    return nil
                }
                // In slices of at most a millisecond: the wait is timed by the wall clock, which may
                // be set back meanwhile.
                let left = min(ContinuousClock.now.duration(to: until), .milliseconds(1)).components
                _ = condition.wait(until: Date.now.addingTimeInterval(Double(left.seconds) + Double(left.attoseconds) / 1e18))
            }
            return takeLot(into: &group, commands: &commands)
        }
    }

    /// The callers queued, whole, up to `maximumBatch` commands in the group (a first caller with
    /// more goes alone); nil when none fits. Called with `condition` locked.
    private func takeLot(into group: inout [Caller], commands: inout Int) -> [CommandRequest]? {
        var taken = 0
        while taken < queue.count, (group.isEmpty && taken == 0) || commands + queue[taken].requests.count <= maximumBatch {
            commands += queue[taken].requests.count
            taken += 1
        }
        guard taken > 0 else { return nil }
        let lot = queue.prefix(taken)
        queue.removeFirst(taken)
        group += lot
        return lot.flatMap(\.requests)
    }
}
