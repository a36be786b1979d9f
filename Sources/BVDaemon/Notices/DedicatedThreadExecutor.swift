import Foundation

/// Runs an actor's work on one thread of its own, off Swift's shared cooperative threads, so that a
/// burst of notice rendering and delivery bookkeeping cannot keep the control API waiting: on a
/// two-core machine the API keeps the other core.
final class DedicatedThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    private let jobs = ExecutorJobs()

    /// `background`: the thread runs at `BackgroundPriority`.
    init(name: String, background: Bool = false) {
        startExecutorThread(named: name, background: background) { [self] in run() }
    }

    func enqueue(_ job: consuming ExecutorJob) { jobs.push(UnownedJob(job)) }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor { UnownedTaskExecutor(ordinary: self) }

    private func run() {
        while true {
            for job in jobs.take(upTo: .max) { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
