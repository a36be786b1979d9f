import CSystemd
import Foundation

/// The jobs waiting for an executor's threads of its own.
final class ExecutorJobs: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    func push(_ job: UnownedJob) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Waits until there is work, then takes up to `limit` jobs in order.
    func take(upTo limit: Int) -> ArraySlice<UnownedJob> {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty { condition.wait() }
        let taken = jobs.prefix(limit)
        jobs.removeFirst(taken.count)
        return taken
    }
}

/// Starts a thread for an executor, named for the kernel too (what `top -H` and `perf` show;
/// Thread.name alone leaves the creating thread's name on Linux), at background priority if asked.
func startExecutorThread(named name: String, background: Bool, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread {
        #if os(Linux)
        _ = bvd_set_thread_name(String(name.utf8.prefix(15))!)
        #endif
        if background { BackgroundPriority.lowerCurrentThread() }
        body()
    }
    thread.name = name
    thread.start()
}
