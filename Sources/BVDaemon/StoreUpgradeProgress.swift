import BVStore
import BVSystemd
import Dispatch
import Foundation
import Logging
import Synchronization

/// Explains a slow start while the store upgrades an older database, and keeps systemd's start
/// timeout (90 s unless `TimeoutStartSec=` says otherwise) from running out part-way: killed, bvd
/// would be restarted and begin the same upgrade again, and again.
///
/// Each step is said in the journal and in `STATUS=`. `EXTEND_TIMEOUT_USEC` asks for `grant` more
/// at the first step and again every `interval` until the store is open, since one step (a
/// migration copying the event log) reports nothing while it runs. So the start timeout does not
/// end an upgrade that hangs; SQLite's work here waits on nothing but the disk.
final class StoreUpgradeProgress: Sendable {
    private let logger: Logger
    private let interval: Duration
    private let grant: Duration
    private let send: @Sendable ([NotifyMessage]) -> Void
    private let state = Mutex<State>(State())
    private struct State {
        /// Signalled to end the thread that asks for more time, and by it once it has ended.
        var thread: (stop: DispatchSemaphore, ended: DispatchSemaphore)?
        var began: ContinuousClock.Instant?
    }

    init(logger: Logger, interval: Duration = .seconds(20), grant: Duration = .seconds(60),
         send: @escaping @Sendable ([NotifyMessage]) -> Void = { SystemdNotifier.notify($0) }) {
        (self.logger, self.interval, self.grant, self.send) = (logger, interval, grant, send)
    }

    /// Runs `open` (which opens the store, passing on the steps it reports), then stops asking
    /// for more time, whether or not the store opened.
    func opening<Store>(_ open: (_ upgrading: (StoreUpgradeStep) -> Void) throws -> Store) rethrows -> Store {
        do {
            let store = try open(report)
            finished(upgraded: true)
            return store
        } catch {
            finished(upgraded: false)
            throw error
        }
    }

    private func report(_ step: StoreUpgradeStep) {
        logger.notice("upgrading the database: \(step)")
        send([.status("upgrading the database: \(step)"), .extendTimeout(grant)])
        state.withLock { state in
            guard state.thread == nil else { return }
            state.began = .now
            let (stop, ended) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
            state.thread = (stop, ended)
            // A thread of its own, not a dispatch timer: the store opens on a thread of the
            // shared pool, and with few cores the pool's other threads may be busy too.
            let every = DispatchTimeInterval.milliseconds(Int(interval / .milliseconds(1)))
            Thread { [send, grant] in
                while stop.wait(timeout: .now() + every) == .timedOut { send([.extendTimeout(grant)]) }
                ended.signal()
            }.start()
        }
    }

    private func finished(upgraded: Bool) {
        let (thread, began) = state.withLock { state in
            defer { state.thread = nil }
            return (state.thread, state.began)
        }
        if let thread {
            thread.stop.signal()
            thread.ended.wait()
        }
        if let began {
            let seconds = ((ContinuousClock.now - began) / .milliseconds(100)).rounded() / 10
            if upgraded { logger.notice("database upgraded in \(seconds) s") } else { logger.error("database upgrade failed after \(seconds) s") }
        }
    }
}
