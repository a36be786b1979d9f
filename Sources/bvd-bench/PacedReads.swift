import BVClient
import Foundation
import Synchronization

/// The daemon's other work while it delivers: a client reading review progress views
/// (`GET /v1/reviews/{id}`) on one keep-alive connection, one read every `interval`, each
/// latency recorded. Paced rather than back to back, so that the figures say how promptly bvd
/// answers meanwhile, not how much of the two cores the reads can take from delivery.
final class PacedReads: Sendable {
    private let latencies = LatencyLog()
    /// The first read of each review computes its view; later ones may come from the view cache.
    private let firstReads = LatencyLog()
    private let stopping = Atomic<Bool>(false)
    private let errors = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    init(socket: String, reviews: [String], interval: Duration = .milliseconds(5)) {
        Thread { [self] in
            let client = UnixHTTPClient(path: socket)
            let clock = ContinuousClock()
            var next = clock.now
            var n = 0
            while !stopping.load(ordering: .relaxed) {
                let started = DispatchTime.now().uptimeNanoseconds
                if let reply = try? client.request("GET", "/v1/reviews/\(reviews[n % reviews.count])"), reply.status == 200 {
                    let latency = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                    latencies.add(latency)
                    if n < reviews.count { firstReads.add(latency) }
                } else {
                    errors.add(1, ordering: .relaxed)
                }
                n += 1
                next = max(next.advanced(by: interval), clock.now)
                let wait = next - clock.now
                if wait > .zero { usleep(useconds_t(wait.seconds * 1e6)) }
            }
            finished.signal()
        }.start()
    }

    struct Summary {
        let count: Int
        let errors: Int
        let p50: Double
        let p99: Double
        let max: Double
        /// p99 of the first read of each review (its view computed) and of the later reads.
        let firstP99: Double
        let laterP99: Double
    }

    /// Stops after the read under way and summarises every read since the start.
    func stop() -> Summary {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
        let sorted = latencies.sorted
        let first = firstReads.sorted
        var later = sorted
        for value in first { if let index = later.firstIndex(of: value) { later.remove(at: index) } }
        return Summary(count: sorted.count, errors: errors.load(ordering: .relaxed),
                       p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.last ?? .nan,
                       firstP99: percentile(first, 0.99), laterP99: percentile(later, 0.99))
    }
}
