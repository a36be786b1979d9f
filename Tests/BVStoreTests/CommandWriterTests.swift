import BVCore
@testable import BVStore
import Foundation
import GRDB
import Synchronization
import Testing

@Suite("The single writer: lone commands on the caller's thread, the rest in groups")
struct CommandWriterTests {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    @Test("eight clients' commands are each committed once, every client's in the order it sent them")
    func concurrentClients() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        let reviews = (0..<8).map { "r\($0)" }
        for review in reviews { #expect(try await writer.submit(StoreFixture.request(review, StoreFixture.start)).success != nil) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for review in reviews {
                group.addTask {
                    for n in 0..<40 {
                        let outcome = try await writer.submit(StoreFixture.request(review, StoreFixture.invite("o\(n)")))
                        #expect(outcome.success?.count == 1)
                    }
                }
            }
            try await group.waitForAll()
        }
        for review in reviews {
            let invited = try await t.store.events(review: review).compactMap { stored -> String? in
                if case .organisationInvited(let organisation, _, _) = stored.event.change { organisation } else { nil }
            }
            #expect(invited == (0..<40).map { "o\($0)" })
        }
        #expect(try await t.store.verify().ok)
        writer.close()
    }

    @Test("commands sent together are committed together, each standing alone, their outcomes in order, also behind others")
    func groups() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        #expect(try await writer.submit(StoreFixture.request("r1", StoreFixture.start)).success != nil)
        let add = ReviewCommand.addRepresentative(representative: "mary", organisation: "a", name: "Mary Jones", email: "mary@a.example", phone: nil)
        let outcomes = try await writer.submit([StoreFixture.request("r1", StoreFixture.invite("a")), StoreFixture.request("r1", add),
                                                StoreFixture.request("r1", StoreFixture.invite("a"))])
        #expect(outcomes.map { $0.success != nil } == [true, true, false], "the second sees the first; the repeated invitation alone is refused")
        // Many groups at once: each caller gets its own outcomes back, in its own order.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<16 {
                group.addTask {
                    let outcomes = try await writer.submit([StoreFixture.request("r1", StoreFixture.invite("g\(n)")),
                                                            StoreFixture.request("r1", StoreFixture.invite("g\(n)"))])
                    #expect(outcomes.map { $0.success != nil } == [true, false])
                    var invited: String?
                    if case .organisationInvited(let id, _, _)? = outcomes[0].success?.first?.event.change { invited = id }
                    #expect(invited == "g\(n)")
                }
            }
            try await group.waitForAll()
        }
        #expect(try await t.store.verify().ok)
        writer.close()
    }

    @Test("callers that submit again as soon as they are answered are committed together, not in two groups taking turns")
    func returningCallersJoinOneGroup() async throws {
        let t = try TemporaryStore()
        // A window far longer than any caller takes to come back, so that the grouping is certain
        // once it has formed.
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0), gatherWindow: .seconds(2))
        let reviews = (0..<8).map { "r\($0)" }
        _ = try await writer.submit(reviews.map { StoreFixture.request($0, StoreFixture.start) })
        let commits = Commits()
        writer.setAfterCommit { outcomes in commits.record(outcomes.compactMap { $0.success?.first?.event.review }) }
        let gate = StartingGate(parties: reviews.count)
        // On threads of their own: on the shared pool, busy with other tests, the callers might
        // run one after another and never meet.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for review in reviews {
                group.addTask(executorPreference: ThreadPerJob.shared) {
                    await gate.arrive()
                    for n in 0..<30 {
                        let outcome = try await writer.submit(StoreFixture.request(review, StoreFixture.invite("o\(n)")))
                        #expect(outcome.success != nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        // A caller that starts first may commit alone for a while (a commit on its own thread does
        // not let others run there). Once a group has formed, each of its callers that has more to
        // send is in the next commit too. Without gathering they split into two groups taking
        // turns, each leaving the other's callers out. (Checked until a caller that was in a group
        // has sent its last command: the next group then waits for it in vain, and the writer, by
        // design, stops waiting for a while.)
        let callers = commits.callers
        #expect(callers.map(\.count).reduce(0, +) == 240)
        var left = Dictionary(uniqueKeysWithValues: reviews.map { ($0, 30) })
        var grouped: Set<String> = []
        var groups = 0
        for (index, commit) in callers.enumerated() {
            for review in commit { left[review]! -= 1 }
            guard Set(commit).count > 1, index + 1 < callers.count else { continue }
            groups += 1
            grouped.formUnion(commit)
            if grouped.contains(where: { left[$0]! == 0 }) { break }
            let stillSending = Set(commit).filter { left[$0]! > 0 }
            if groups > 1 { #expect(stillSending.isSubset(of: Set(callers[index + 1])), "commits: \(callers)") }
        }
        #expect(groups > 1, "commits: \(callers)")
        #expect(try await t.store.verify().ok)
        writer.close()
    }

    @Test("one caller alone commits at once on its own thread: its commits never make the writer wait for others")
    func loneCallerDoesNotWait() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0), gatherWindow: .seconds(30))
        let threads = Commits()
        writer.setAfterCommit { _ in threads.record([Thread.current.name ?? ""]) }
        #expect(try await writer.submit(StoreFixture.request("r1", StoreFixture.start)).success != nil)
        for n in 0..<5 {
            let outcome = try await writer.submit(StoreFixture.request("r1", StoreFixture.invite("o\(n)")))
            #expect(outcome.success != nil)
        }
        // Had a lone commit made the next command wait for others to gather, that command would
        // have queued for the writer thread (and waited 30 s there).
        #expect(threads.callers.count == 6)
        #expect(!threads.callers.joined().contains("bvd-writer"), "committed on: \(threads.callers)")
        writer.close()
    }

    @Test("a group whose transaction cannot even begin answers its callers with the error, and the writer can close",
          .timeLimit(.minutes(1)))
    func failedGroupAnswersItsCallers() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        #expect(try await writer.submit(StoreFixture.request("r1", StoreFixture.start)).success != nil)
        try t.store.close()
        // Another write under way, as far as the writer can tell: callers queue for its thread.
        t.store.otherWrites.add(1, ordering: .relaxed)
        await #expect(throws: DatabaseError.self) {
            try await writer.submit(StoreFixture.request("r1", StoreFixture.invite("a")))
        }
        writer.close()
    }

    @Test("closing finishes what was accepted: every command answered either committed or refused as closing, none lost")
    func closeWaitsForCommands() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        #expect(try await writer.submit(StoreFixture.request("r1", StoreFixture.start)).success != nil)
        let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<200 {
                group.addTask {
                    do {
                        return try await writer.submit(StoreFixture.request("r1", StoreFixture.invite("o\(n)"))).success != nil
                    } catch is CancellationError {
                        return false
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(5))
                writer.close()
                return false
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        // The store can close at once: nothing is still being written.
        try t.store.close()
        let reopened = try t.reopen()
        #expect(try await reopened.events(review: "r1").count == 1 + answers.filter { $0 }.count)
        #expect(try await reopened.verify().ok)
    }
}

/// The reviews of the commands each commit held, in order.
final class Commits: Sendable {
    private let recorded = Mutex<[[String]]>([])
    func record(_ reviews: [String]) { recorded.withLock { $0.append(reviews) } }
    var callers: [[String]] { recorded.withLock { $0 } }
}

/// Runs every job on a new thread, so that tasks preferring it run side by side whatever the
/// shared pool is doing.
final class ThreadPerJob: TaskExecutor {
    static let shared = ThreadPerJob()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        Thread { job.runSynchronously(on: executor) }.start()
    }
}

/// Holds tasks until all of them have arrived, then lets them all go at once.
actor StartingGate {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    init(parties: Int) { self.parties = parties }

    func arrive() async {
        await withCheckedContinuation { continuation in
            waiting.append(continuation)
            if waiting.count == parties {
                for party in waiting { party.resume() }
                waiting = []
            }
        }
    }
}

/// A clock that stays where it is put.
struct FixedClock: Clock {
    let instant: Instant
    init(_ instant: Instant) { self.instant = instant }
    func now() -> Instant { instant }
}
