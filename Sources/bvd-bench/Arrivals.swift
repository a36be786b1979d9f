import Synchronization

/// What a loopback receiver has taken in. A drain's rate is measured here, where the notices
/// land, so that neither bvd's start-up nor its bookkeeping after the last reply counts.
final class Arrivals: Sendable {
    struct Tally: Sendable {
        var count = 0
        var ids: Set<String> = []
        var bytes = 0
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?

        /// Arrivals per second between the first and the last.
        var rate: Double {
            guard let first, let last, count > 1 else { return .nan }
            return Double(count - 1) / (last - first).seconds
        }

        var meanBytes: Int { count == 0 ? 0 : bytes / count }
    }

    private let tally = Mutex(Tally())

    /// One request or message received in full; `id` is what tells duplicates apart (the webhook id).
    func record(id: String?, bytes: Int) {
        let now = ContinuousClock.now
        tally.withLock {
            $0.count += 1
            $0.bytes += bytes
            if let id { $0.ids.insert(id) }
            if $0.first == nil { $0.first = now }
            $0.last = now
        }
    }

    func reset() { tally.withLock { $0 = Tally() } }

    var snapshot: Tally { tally.withLock { $0 } }

    /// Cheap enough to poll every few milliseconds, unlike copying the set of ids.
    var count: Int { tally.withLock { $0.count } }
}
