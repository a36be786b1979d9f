import Synchronization

/// Counts, per review, committed writes that can change what the review looks like (its commands,
/// its fired timers, its import). A reader that cached a review's view at version N knows it is
/// still true while the review's version is N; a change to one review leaves the views of the
/// others standing, so an officer's command does not make every colleague's dashboard recompute.
public final class ChangeCounter: Sendable {
    private let versions = Mutex<[String: UInt64]>([:])

    public init() {}

    public func version(of review: String) -> UInt64 {
        versions.withLock { $0[review] ?? 0 }
    }

    func bump<Reviews: Sequence<String>>(_ reviews: Reviews) {
        versions.withLock { versions in
            for review in reviews { versions[review, default: 0] += 1 }
        }
    }
}
