import BVCore
import BVStore
import Foundation

/// JSON of a review's state as the store and the control API write it: `SortedJSONEncoder` next
/// to Foundation's `JSONEncoder` with the same output options, on the same value in the same run.
struct JSONBenchmark {
    let directory: URL
    let quick: Bool
    var seconds: Double { quick ? 0.5 : 2 }

    func run() async throws {
        print("\n== JSON of a review (the store's snapshots and changes, the control API's views) ==")
        let store = try SQLiteReviewStore(path: directory.appendingPathComponent("json.sqlite").path, durability: .normal,
                                          workflows: [BenchWorkflow.loaded])
        let actor = Actor(name: "bench", uid: 0)
        var commands: [ReviewCommand] = [.start(title: "Housing repairs", service: "Responsive repairs", lead: "bench", planYear: 2028)]
        for o in 0..<6 {
            commands.append(.invite(organisation: "o\(o)", name: "Organisation \(o)", category: "tenants-and-community"))
            commands.append(.addRepresentative(representative: "rep\(o)", organisation: "o\(o)", name: "Representative \(o)",
                                               email: "rep\(o)@org\(o).example", phone: nil))
        }
        for m in 0..<20 {
            commands.append(.scheduleMeeting(meeting: "m\(m)", title: "Tenants’ forum \(m)", method: "neighbourhood-forum",
                                             start: LocalDateTime("2027-0\(3 + m % 6)-1\(m % 10)T18:30")!, place: "Civic Centre, Room 2",
                                             invitees: ["o0", "o1", "o2"]))
        }
        let now = Zone.london.instant(of: LocalDateTime("2027-01-04T09:00")!)
        let outcomes = try await store.execute(commands.map { CommandRequest(review: "r1", command: $0, actor: actor) }, now: now)
        guard outcomes.allSatisfy({ if case .success = $0 { true } else { false } }) else { throw BenchFailure("the review could not be made: \(outcomes)") }
        guard let review = try await store.review("r1") else { throw BenchFailure("no review") }
        try store.close()

        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let state = review.state
        let size = try SortedJSONEncoder().encode(state).count
        guard try SortedJSONEncoder().encode(state) == Array(foundation.encode(state)) else { throw BenchFailure("the encoders disagree") }
        let theirs = rate { _ = try? foundation.encode(state) }
        let ours = rate { _ = try? SortedJSONEncoder().encode(state) }
        print("a review's state (6 organisations, 6 representatives, 20 meetings; \(size) bytes):")
        print("  Foundation JSONEncoder (sortedKeys): \(format(theirs))/s, \(format(1e6 / theirs)) µs each (baseline)")
        print("  SortedJSONEncoder:                   \(format(ours))/s, \(format(1e6 / ours)) µs each = \(format(ours / theirs, 1))× Foundation")
        let change = ReviewChange.organisationInvited(organisation: "tenants", name: "Northfield Tenants’ Federation", category: "tenants-and-community")
        let theirsChange = rate { _ = try? foundation.encode(change) }
        let oursChange = rate { _ = try? SortedJSONEncoder().encode(change) }
        let stateText = Data(try SortedJSONEncoder().encode(state))
        let decodeState = rate { _ = try? JSONDecoder().decode(ReviewState.self, from: stateText) }
        let changeText = Data(try SortedJSONEncoder().encode(change))
        let decodeChange = rate { _ = try? JSONDecoder().decode(ReviewChange.self, from: changeText) }
        let stateString = String(decoding: stateText, as: UTF8.self), changeString = String(decoding: changeText, as: UTF8.self)
        let treeState = rate { _ = try? JSONTreeDecoder().decode(ReviewState.self, from: stateString) }
        let treeChange = rate { _ = try? JSONTreeDecoder().decode(ReviewChange.self, from: changeString) }
        print("read back (a snapshot, as a review's first read after a restart does):")
        print("  Foundation JSONDecoder: \(format(1e6 / decodeState)) µs each (baseline)")
        print("  JSONTreeDecoder:        \(format(1e6 / treeState)) µs each = \(format(treeState / decodeState, 1))× Foundation")
        print("  a change: Foundation \(format(1e6 / decodeChange)) µs, JSONTreeDecoder \(format(1e6 / treeChange)) µs = \(format(treeChange / decodeChange, 1))×")
        print("one change (an organisation invited), as every command stores it:")
        print("  Foundation JSONEncoder (sortedKeys): \(format(1e6 / theirsChange)) µs each (baseline)")
        print("  SortedJSONEncoder:                   \(format(1e6 / oursChange)) µs each = \(format(oursChange / theirsChange, 1))× Foundation")
    }

    /// How many times a second `body` runs, over `seconds`.
    private func rate(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var n = 0
        while n % 64 != 0 || (clock.now - start).seconds < seconds {
            body()
            n += 1
        }
        return Double(n) / (clock.now - start).seconds
    }
}
