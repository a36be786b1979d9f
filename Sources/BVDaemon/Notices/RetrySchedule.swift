import BVCore

/// When to try a failed notice again: the configured waits in turn, each stretched or shrunk by up
/// to a fifth at random so that many notices failed together do not return together.
struct RetrySchedule: Sendable {
    let waits: [Duration]

    /// The last attempt allowed; after it the notice fails and officers are told.
    var maximumAttempts: Int { waits.count + 1 }

    /// When attempt number `attempts + 1` may be made, or nil when `attempts` was the last.
    func next(after attempts: Int, now: Instant, atLeast: Duration? = nil,
              jitter: Double = Double.random(in: 0.8...1.2)) -> Instant? {
        guard attempts >= 1, attempts <= waits.count else { return nil }
        var wait = waits[attempts - 1] * jitter
        if let atLeast, atLeast > wait { wait = atLeast }
        let (seconds, attoseconds) = wait.components
        return now.adding(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
