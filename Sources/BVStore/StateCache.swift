import BVCore
import Synchronization

/// Recently used review states, each tagged with the sequence of its last event. An entry is used
/// only when that sequence is still the review's last in the database, so a stale entry is never
/// believed; it saves decoding a snapshot and folding events on every command and read.
final class StateCache: Sendable {
    private let entries = Mutex<[String: Entry]>([:])

    /// A state and, once computed, the notices planned for it.
    struct Entry {
        let sequence: Int64
        let state: ReviewState
        let plan: [PlannedNotice]?
        /// The workflow the review runs under (fixed when it starts).
        let workflowHash: String
        /// The stored snapshot could not be read (an older bvd's form): the next command rewrites
        /// it rather than wait for the next one due.
        var snapshotUnreadable = false
    }
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func entry(_ review: String, at sequence: Int64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[review], entry.sequence == sequence else { return nil }
            return entry
        }
    }

    /// Lets go of a review's state before a command changes it in place (see `SQLiteReviewStore`);
    /// the state after the command is stored once it is committed.
    func forget(_ review: String) {
        _ = entries.withLock { $0.removeValue(forKey: review) }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    func store(_ entry: Entry) {
        entries.withLock { entries in
            let id = entry.state.id
            if let existing = entries[id], existing.sequence > entry.sequence { return }
            if entries.count >= capacity, entries[id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[id] = entry
        }
    }
}
