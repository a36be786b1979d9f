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

    @Test("commands that queue while the writer thread waits for the database join its transaction: one commit",
          .timeLimit(.minutes(1)))
    func queuedCommandsJoinTheGroup() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        let reviews = try await Self.eightReviews(writer)
        let commits = Commits()
        writer.setAfterCommit { outcomes in commits.record(outcomes.compactMap { $0.success?.first?.event.review }) }
        // Another write (the dispatcher recording deliveries, say) holds the database until released,
        // so that callers queue for the writer thread.
        let held = Flag(), released = Flag()
        defer { released.set() }
        let other = Task {
            try await t.store.write { _ in
                held.set()
                while !released.isSet { usleep(1_000) }
            }
        }
        try await eventually("another write holds the database", timeout: 30) { held.isSet }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Let go before the group waits for its callers when a wait below times out.
            defer { released.set() }
            group.addTask { try await Self.invite(reviews[0], writer) }
            // The writer thread has taken the first caller and waits for the database…
            try await eventually("the writer thread has taken the first caller", timeout: 30) { writer.callersAtWriter == (0, 1) }
            for review in reviews.dropFirst() { group.addTask { try await Self.invite(review, writer) } }
            // …while the others queue; they join its transaction once it begins.
            try await eventually("the other callers have queued", timeout: 30) { writer.callersAtWriter == (7, 1) }
            released.set()
            try await group.waitForAll()
        }
        try await other.value
        #expect(commits.callers.map(Set.init) == [Set(reviews)], "commits: \(commits.callers)")
        #expect(try await t.store.verify().ok)
        writer.close()
    }

    @Test("commands that queue while a caller commits on its own thread join that caller's transaction: one commit",
          .timeLimit(.minutes(1)))
    func queuedCommandsJoinACallersCommit() async throws {
        let t = try TemporaryStore()
        let clock = HeldClock(t0)
        let writer = CommandWriter(store: t.store, clock: clock)
        let reviews = try await Self.eightReviews(writer)
        let commits = Commits()
        writer.setAfterCommit { outcomes in
            commits.record(outcomes.compactMap { $0.success?.first?.event.review } + ["on " + (Thread.current.name ?? "")])
        }
        // The first caller finds the store idle and commits on its own thread; its transaction
        // stops where it reads the clock for its command, until released.
        clock.holdNextReading()
        defer { clock.release() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            defer { clock.release() }
            // Held on a thread of its own, not one of the shared pool's (OwnThreadExecutor).
            group.addTask(executorPreference: OwnThreadExecutor.shared) { try await Self.invite(reviews[0], writer) }
            try await eventually("the first caller's transaction is under way", timeout: 30) { clock.isHolding }
            for review in reviews.dropFirst() { group.addTask { try await Self.invite(review, writer) } }
            try await eventually("the other callers have queued", timeout: 30) { writer.callersAtWriter == (7, 0) }
            clock.release()
            try await group.waitForAll()
        }
        #expect(commits.callers.count == 1, "commits: \(commits.callers)")
        let only = commits.callers.first ?? []
        #expect(Set(only.dropLast()) == Set(reviews) && only.count == 9, "commits: \(commits.callers)")
        #expect(only.last != "on bvd-writer", "committed on the writer thread, not the first caller's")
        #expect(try await t.store.verify().ok)
        writer.close()
    }

    /// Eight reviews started through `writer`, their ids.
    static func eightReviews(_ writer: CommandWriter) async throws -> [String] {
        let reviews = (0..<8).map { "r\($0)" }
        #expect(try await writer.submit(reviews.map { StoreFixture.request($0, StoreFixture.start) }).allSatisfy { $0.success != nil })
        return reviews
    }

    /// An organisation invited to `review` through `writer`, accepted.
    static func invite(_ review: String, _ writer: CommandWriter) async throws {
        let outcome = try await writer.submit(StoreFixture.request(review, StoreFixture.invite("a")))
        #expect(outcome.success != nil)
    }

    @Test("one caller alone commits at once on its own thread, never handed to the writer thread")
    func loneCallerCommitsOnItsOwnThread() async throws {
        let t = try TemporaryStore()
        let writer = CommandWriter(store: t.store, clock: FixedClock(t0))
        let threads = Commits()
        writer.setAfterCommit { _ in threads.record([Thread.current.name ?? ""]) }
        #expect(try await writer.submit(StoreFixture.request("r1", StoreFixture.start)).success != nil)
        for n in 0..<5 {
            let outcome = try await writer.submit(StoreFixture.request("r1", StoreFixture.invite("o\(n)")))
            #expect(outcome.success != nil)
        }
        // Each command found the store idle, so none queued for the writer thread: that would have
        // cost it two thread wake-ups, to the writer and back.
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

/// What each commit recorded (the reviews of its commands, or the thread it ran on), in order.
final class Commits: Sendable {
    private let recorded = Mutex<[[String]]>([])
    func record(_ reviews: [String]) { recorded.withLock { $0.append(reviews) } }
    var callers: [[String]] { recorded.withLock { $0 } }
}

/// Set once, by one task, for another to see.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// A fixed clock whose next reading, once asked for, waits until released: a way to stop a
/// commit part-way through its transaction, where it reads the time for a command.
final class HeldClock: Clock {
    let instant: Instant
    private let state = Mutex((hold: false, holding: false))
    private let released = DispatchSemaphore(value: 0)
    init(_ instant: Instant) { self.instant = instant }

    func holdNextReading() { state.withLock { $0.hold = true } }
    var isHolding: Bool { state.withLock { $0.holding } }
    /// Lets a held reading go (or the next one not be held); more calls do nothing.
    func release() {
        let wasHolding = state.withLock { state in
            defer { state = (false, false) }
            return state.holding
        }
        if wasHolding { released.signal() }
    }

    func now() -> Instant {
        let hold = state.withLock { state in
            guard state.hold else { return false }
            state = (false, true)
            return true
        }
        if hold { released.wait() }
        return instant
    }
}

/// A clock that stays where it is put.
struct FixedClock: Clock {
    let instant: Instant
    init(_ instant: Instant) { self.instant = instant }
    func now() -> Instant { instant }
}
