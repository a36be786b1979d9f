import BVCore
import BVStore
import Foundation
import GRDB

/// 1,000,000 pending timers across 100,000 reviews: time to open and be ready, resident memory,
/// and firing 100,000 due timers (rate, and lateness against their due instant).
struct TimerBenchmark {
    let directory: URL
    let quick: Bool

    var reviews: Int { quick ? 10_000 : 100_000 }
    var timersPerReview: Int { 10 }
    var due: Int { quick ? 10_000 : 100_000 }

    func run() async throws {
        print("\n== Durable timers (scheduler) ==")
        let path = directory.appendingPathComponent("timers.sqlite").path
        let populate = ContinuousClock.now
        try await populateTimers(path)
        print("populated \(reviews * timersPerReview) pending timers across \(reviews) reviews in \(format((ContinuousClock.now - populate).seconds, 1)) s")

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["open-ready", path]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        child.waitUntilExit()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")
        if report.count == 2, let ms = Double(report[0]), let mb = Double(report[1].trimmingCharacters(in: .whitespacesAndNewlines)) {
            print("open and ready to fire (fresh process): \(format(ms)) ms (target < 2000 ms), resident \(format(mb)) MiB (target < 300 MiB)")
        }

        try await fire(path)
    }

    func populateTimers(_ path: String) async throws {
        // The schema comes from the store itself; the rows are written directly for speed.
        let store = try SQLiteReviewStore(path: path, durability: .normal, workflows: [BenchWorkflow.loaded])
        try store.close()
        let pool = try DatabasePool(path: path)
        let base = Instant(rfc3339: "2030-01-01T09:00:00Z")!
        try await pool.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO timer (key, review, kind, due, subject_at, rule, state, notice) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)")
            let encoder = JSONEncoder()
            for r in 0..<reviews {
                for k in 0..<timersPerReview {
                    let due = base.adding(seconds: Int64(r * timersPerReview + k) * 30)
                    let notice = PlannedNotice(
                        key: "r\(r)/meeting-reminder/m\(k)/\(Zone.london.date(of: due))", kind: .meetingReminder, review: "r\(r)", phase: "involvement",
                        subject: "m\(k)", subjectTitle: "Meeting \(k)", subjectAt: due.adding(seconds: 86_400 * 7), due: due,
                        rule: "7 days before, at 09:00", recipients: NoticeRecipients(roles: [], organisations: ["o1", "o2"]), problem: nil)
                    try insert.execute(arguments: [notice.key, notice.review, notice.kind.rawValue, due.millisecondsSinceEpoch,
                                                   notice.subjectAt.millisecondsSinceEpoch, notice.rule,
                                                   String(decoding: try encoder.encode(notice), as: UTF8.self)])
                }
            }
        }
        try pool.close()
    }

    func fire(_ path: String) async throws {
        let clock = SystemClock()
        let store = try SQLiteReviewStore(path: path, durability: .full, workflows: [BenchWorkflow.loaded])
        let dueAt = clock.now().adding(seconds: 1)
        try await store.makeDueForBenchmark(count: due, at: dueAt)
        let scheduler = Scheduler(store: store, clock: clock, batchSize: 1000)
        let lateness = LatencyLog()  // the lateness of each fired timer, in milliseconds
        await scheduler.setOnFired { fired in lateness.add(Double(clock.now().millisecondsSinceEpoch - dueAt.millisecondsSinceEpoch), times: fired.count) }
        try await clock.sleep(until: dueAt)
        let started = ContinuousClock.now
        let fired = try await scheduler.fireDue()
        let elapsed = (ContinuousClock.now - started).seconds
        let sorted = lateness.sorted
        print("fired \(fired.count) due timers into the outbox in \(format(elapsed, 2)) s = \(format(Double(fired.count) / elapsed))/s (target ≥ 20,000/s)")
        print("lateness against the due instant: p50 \(format(percentile(sorted, 0.5))) ms, p99 \(format(percentile(sorted, 0.99))) ms")
    }
}

/// The child process of the readiness measurement: a cold start, as after a reboot.
/// What bvd does before it says READY: open (and migrate) the store, offer again what a previous
/// life was delivering, and the scheduler's first round (fire what is due, find the next).
enum OpenReady {
    static func run(database: String) async throws {
        let started = ContinuousClock.now
        let store = try SQLiteReviewStore(path: database, workflows: [BenchWorkflow.loaded])
        let clock = SystemClock()
        _ = try await store.releaseLeases(now: clock.now())
        _ = try await Scheduler(store: store, clock: clock).fireDue()
        _ = try await store.nextTimerDue()
        let ms = (ContinuousClock.now - started).seconds * 1000
        print("\(format(ms, 1)) \(format(residentMegabytes(), 1))")
    }
}
