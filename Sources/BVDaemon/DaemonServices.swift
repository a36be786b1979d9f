import BVCore
import BVStore
import BVSystemd
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs the scheduler until shutdown, feeding the systemd watchdog from its loop.
struct SchedulerService: Service {
    let scheduler: Scheduler
    let watchdog: Duration?

    func run() async throws {
        if let watchdog {
            await scheduler.setHeartbeat(every: watchdog) { _ = SystemdNotifier.notify([.watchdog]) }
        }
        do {
            try await cancelWhenGracefulShutdown { try await scheduler.run() }
        } catch is CancellationError {
            // Shutting down.
        }
    }
}

/// SIGHUP: reload configuration and workflows. Anything invalid leaves the old ones in force, with
/// every problem logged (file:line:column) and named in STATUS.
struct ReloadService: Service {
    let reload: @Sendable () async -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals { await reload() }
        }
    }
}

/// Keeps systemd's STATUS= line current.
struct StatusService: Service {
    let update: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await update()
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }
}

/// Delivers the outbox until shutdown. Deliveries in flight when it stops keep their lease; the
/// next start offers them again (at least once, never lost).
struct DispatcherService: Service {
    let dispatcher: NoticeDispatcher

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await dispatcher.run() }
        } catch is CancellationError {
            // Shutting down.
        }
    }
}
