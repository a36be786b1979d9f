import Synchronization

/// Counts committed writes that can change what a review looks like (commands, fired timers,
/// imports). A reader that cached something at count N knows it is still true while the count is N.
public final class ChangeCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    public init() {}

    public var value: UInt64 { count.load(ordering: .acquiring) }

    func bump() { count.add(1, ordering: .releasing) }
}
