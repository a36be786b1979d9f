import BVCore
import Hummingbird
import Synchronization

/// The encoded progress views of reviews (`GET /v1/reviews/{id}`), kept while nothing was written
/// to the review (its version in the store's `ChangeCounter`) and for at most `lifetime`: the
/// view's dates, blockers and reminders depend on the clock as well as on the store, so a view is
/// computed afresh at least that often. Decisions themselves are
/// always checked against the timetable at the moment they are taken, never from this cache.
final class ReviewViewCache: Sendable {
    private struct Entry {
        let changes: UInt64
        let until: Int64
        let body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Int64
    private let capacity: Int

    init(lifetimeMilliseconds: Int64 = 30_000, capacity: Int = 16_384) {
        (self.lifetime, self.capacity) = (lifetimeMilliseconds, capacity)
    }

    func body(review: String, changes: UInt64, now: Instant) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[review], entry.changes == changes, entry.until > now.millisecondsSinceEpoch else { return nil }
            return entry.body
        }
    }

    func store(_ body: ByteBuffer, review: String, changes: UInt64, now: Instant) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[review] = Entry(changes: changes, until: now.millisecondsSinceEpoch + lifetime, body: body)
        }
    }
}
