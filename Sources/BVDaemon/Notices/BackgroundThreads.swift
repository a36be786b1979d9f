/// Threads of their own for delivery's parallel work (rendering each recipient's notice, the
/// adapters' encoding and signing), at background priority: a task executor, so the dispatcher's
/// child tasks run here while the dispatcher itself stays serial on its own thread.
final class BackgroundThreads: TaskExecutor, @unchecked Sendable {
    private let jobs = ExecutorJobs()

    init(name: String, count: Int) {
        for n in 0..<max(1, count) {
            startExecutorThread(named: "\(name)-\(n)", background: true) { [self] in run() }
        }
    }

    func enqueue(_ job: consuming ExecutorJob) { jobs.push(UnownedJob(job)) }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor { UnownedTaskExecutor(ordinary: self) }

    private func run() {
        while true {
            for job in jobs.take(upTo: 1) { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
