import BVClient
import Foundation
import NIOPosix

/// Notice delivery by a real bvd, 16 in flight, to a webhook receiver and to an SMTP server on
/// loopback, next to what a plain client loop gets from the same receiver in the same run; and
/// how promptly bvd answers API reads meanwhile, next to the same reads while it is idle.
///
/// The backlog is queued first by a bvd with no channels (notices wait), which is then stopped;
/// the drain starts when bvd is started again with the channel configured, so it measures
/// delivery alone: claiming, recipients, rendering, the adapter, recording each attempt.
struct NoticeBenchmark {
    let directory: URL
    let quick: Bool
    let inFlight = 16
    var seconds: Double { quick ? 1 : 3 }
    var backlog: NoticeBacklog { NoticeBacklog(reviews: quick ? 50 : 200, meetingsPerReview: 20) }
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func run() async throws {
        print("\n== Notice delivery (\(inFlight) in flight, receivers on 127.0.0.1) ==")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let hooks = try await WebhookReceiver(group: group)
        let mail = try await SMTPSink(group: group)

        let webhookState = directory.appendingPathComponent("notices-webhook")
        let smtpState = directory.appendingPathComponent("notices-smtp")
        try FileManager.default.createDirectory(at: webhookState, withIntermediateDirectories: true)
        let (queued, idle) = try await queueBacklog(state: webhookState)
        try FileManager.default.copyItem(at: webhookState, to: smtpState)
        print("\(queued) notices queued by bvd without channels: \(backlog.reviews) reviews, each with "
            + "\(backlog.meetingsPerReview) meeting invitations and a review invitation")
        print("API reads of the idle daemon (GET /v1/reviews/{id}, one every 5 ms): "
            + "p50 \(format(idle.p50, 2)) ms, p99 \(format(idle.p99, 2)) ms, \(idle.count) reads"
            + " | first read of each review p99 \(format(idle.firstP99, 2)) ms, later reads p99 \(format(idle.laterP99, 2)) ms")

        let channel = "hooks: {adapter: webhook, url: \"\(hooks.url)\", secrets: [\(Self.secret)], in-flight: \(inFlight)}"
        let webhook = try await drain(state: webhookState, channel: channel, arrivals: hooks.arrivals, expected: queued)
        let plainPosts = LoopbackSenders.webhooks(port: hooks.port, inFlight: inFlight, bodyBytes: webhook.tally.meanBytes, seconds: seconds)
        report("webhook", webhook, baseline: plainPosts, baselineName: "plain keep-alive POST loop", target: 2_000, idle: idle)

        let smtp = "mail: {adapter: smtp, host: 127.0.0.1, port: \(mail.port), security: none, in-flight: \(inFlight)}"
        let mails = try await drain(state: smtpState, channel: smtp, arrivals: mail.arrivals, expected: queued)
        let plainMails = LoopbackSenders.mails(port: mail.port, inFlight: inFlight, messageBytes: mails.tally.meanBytes, seconds: seconds)
        report("SMTP", mails, baseline: plainMails, baselineName: "plain SMTP client, a connection per message", target: 500, idle: idle)

        await hooks.stop()
        await mail.stop()
        try await group.shutdownGracefully()
    }

    /// Queues the backlog with a bvd that has no channels (commands at `normal`: only the
    /// backlog matters here), then measures reads of the idle daemon as the drains' baseline.
    private func queueBacklog(state: URL) async throws -> (queued: Int, idle: PacedReads.Summary) {
        let daemon = try BenchDaemon(state: state, configuration: configuration(channel: nil, durability: "normal"))
        let client = try daemon.waitUntilAnswering()
        try backlog.make(socket: daemon.socket)
        let queued = try status(client).pending
        let reads = PacedReads(socket: daemon.socket, reviews: backlog.reviewIDs)
        try await Task.sleep(for: .seconds(seconds))
        let idle = reads.stop()
        guard daemon.stop() == 0 else { throw BenchFailure("bvd did not stop cleanly after queueing the backlog") }
        return (queued, idle)
    }

    struct Drain {
        let tally: Arrivals.Tally
        /// From starting bvd to the last arrival: start-up included.
        let sinceStart: Double
        let reads: PacedReads.Summary
        let pending: Int
        let failed: Int
        let exitStatus: Int32
    }

    /// Starts bvd with one channel on a store holding the backlog and waits until the receiver
    /// has every notice and bvd has recorded every delivery, reading the API all the while.
    private func drain(state: URL, channel: String, arrivals: Arrivals, expected: Int) async throws -> Drain {
        arrivals.reset()
        let daemon = try BenchDaemon(state: state, configuration: configuration(channel: channel, durability: "full"))
        let client = try daemon.waitUntilAnswering()
        let reads = PacedReads(socket: daemon.socket, reviews: backlog.reviewIDs)
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while arrivals.count < expected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        let summary = reads.stop()
        let tally = arrivals.snapshot
        // bvd records a delivery after the receiver's reply: give its books a moment to agree.
        while try status(client).pending > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let listed = try client.request("GET", "/v1/notices?state=pending")
        let pending = ((try? JSONSerialization.jsonObject(with: Data(listed.body))) as? [Any])?.count ?? -1
        let failed = try status(client).failed
        let exitStatus = daemon.stop()
        let sinceStart = tally.last.map { ($0 - daemon.started).seconds } ?? .nan
        return Drain(tally: tally, sinceStart: sinceStart, reads: summary, pending: pending, failed: failed, exitStatus: exitStatus)
    }

    private func report(_ name: String, _ drain: Drain, baseline: Double, baselineName: String, target: Double, idle: PacedReads.Summary) {
        let tally = drain.tally
        let rate = tally.rate
        let ids = tally.ids.isEmpty ? "" : "\(tally.ids.count) distinct ids, "
        print("\(name) delivery, \(inFlight) in flight: \(format(rate))/s (\(tally.count) notices, \(ids)mean \(tally.meanBytes) bytes, "
            + "all in \(format(drain.sinceStart, 2)) s from starting bvd) | \(baselineName), same receiver: \(format(baseline))/s"
            + " | ratio \(format(rate / baseline * 100, 1))% | \(format(rate / target * 100))% of the target \(format(target))/s")
        let reads = drain.reads
        print("API reads during the \(name) drain (one every 5 ms): p50 \(format(reads.p50, 2)) ms, p99 \(format(reads.p99, 2)) ms, "
            + "max \(format(reads.max, 1)) ms, \(reads.count) reads, \(reads.errors) errors | idle: p99 \(format(idle.p99, 2)) ms"
            + " | p99 \(format(reads.p99 / idle.p99, 1))× idle (target p99 < 5 ms)"
            + " | first read of each review p99 \(format(reads.firstP99, 2)) ms, later reads p99 \(format(reads.laterP99, 2)) ms")
        print("bvd afterwards: \(drain.pending) pending, \(drain.failed) failed, exit status \(drain.exitStatus)")
    }

    private func status(_ client: UnixHTTPClient) throws -> (pending: Int, failed: Int) {
        let reply = try client.request("GET", "/v1/status")
        let object = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any] ?? [:]
        return (object["pendingNotices"] as? Int ?? -1, object["failedNotices"] as? Int ?? -1)
    }

    /// bvd.yaml for a run: the shipped defaults but for durability and at most one channel.
    private func configuration(channel: String?, durability: String) -> String {
        """
        durability: \(durability)
        notices:
          from: "Best Value reviews <reviews@northfield.example>"
          authority: Northfield Borough Council
          channels:\(channel.map { "\n    " + $0 } ?? " {}")

        """
    }
}
