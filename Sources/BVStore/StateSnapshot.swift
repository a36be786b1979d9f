import BVCore

/// A review's state as the `review` table keeps it, a cache over the log. A snapshot written by an
/// older bvd may lack fields this one has; it is then not used, and the state is folded from the log.
enum StateSnapshot {
    static func decode(_ text: String) -> ReviewState? {
        try? JSONTreeDecoder().decode(ReviewState.self, from: text)
    }

    /// The first snapshot is taken at this many events.
    static let first = 64

    /// Whether a review's snapshot is rewritten after its `eventCount`-th event: at 64 events, then
    /// each time the count doubles (128, 256…). A snapshot grows with its review, so rewriting it
    /// every 64 events made a command's share of the writing grow with the review too; doubling
    /// keeps it bounded (all the snapshots of a review of n events together are about two of n
    /// events). A review read afresh folds at most as many events onto its snapshot as the
    /// snapshot holds.
    static func isDue(eventCount: Int) -> Bool {
        eventCount >= first && eventCount & (eventCount - 1) == 0
    }
}
