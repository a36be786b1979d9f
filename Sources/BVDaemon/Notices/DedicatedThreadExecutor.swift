import CSystemd
import Foundation

/// Runs an actor's work on one thread of its own, off Swift's shared cooperative threads, so that a
/// burst of notice rendering and delivery bookkeeping cannot keep the control API waiting: on a
/// two-core machine the API keeps the other core.
final class DedicatedThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// `background`: the thread runs at `BackgroundPriority`.
    init(name: String, background: Bool = false) {
        let thread = Thread { [self] in
            // The kernel's name for the thread (what top -H and perf show); Thread.name alone
            // leaves the creating thread's name on Linux.
            #if os(Linux)
            _ = bvd_set_thread_name(String(name.utf8.prefix(15))!)
            #endif
            if background { BackgroundPriority.lowerCurrentThread() }
            run()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor { UnownedTaskExecutor(ordinary: self) }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
