import BVCore

/// A review's state as the `review` table keeps it, a cache over the log. A snapshot written by an
/// older bvd may lack fields this one has; it is then not used, and the state is folded from the log.
enum StateSnapshot {
    static func decode(_ text: String) -> ReviewState? {
        try? JSONTreeDecoder().decode(ReviewState.self, from: text)
    }
}
