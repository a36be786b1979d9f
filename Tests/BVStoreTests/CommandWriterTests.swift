import BVCore
@testable import BVStore
import Foundation
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

/// A clock that stays where it is put.
struct FixedClock: Clock {
    let instant: Instant
    init(_ instant: Instant) { self.instant = instant }
    func now() -> Instant { instant }
}
