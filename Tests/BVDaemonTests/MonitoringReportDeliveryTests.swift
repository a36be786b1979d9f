import BVCore
@testable import BVDaemon
import BVReviewFixtures
import BVStore
import BVTestServers
import Foundation
import Testing

/// The last quarter of a review's monitoring is measured: the representatives are sent the
/// monitoring report with the status table, through a real webhook channel, once.
@Suite("Monitoring reports through the notice adapters")
struct MonitoringReportDeliveryTests {
    @Test("measuring every indicator of a period sends the status table to the representatives, once")
    func monitoringReportIsDelivered() async throws {
        let scratch = try Scratch()
        let record = scratch.path("webhooks.jsonl")
        let receiver = try await TestServer.start("webhook_receiver.py", [NoticeDeliveryTests.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { receiver.stop() }
        let workflow = try LoadedWorkflow.load(path: Repository.workflows + "/best-value-review.yaml").get()
        let store = try SQLiteReviewStore(path: scratch.path("bvd.sqlite"), workflows: [workflow])
        let review = FinishedReview.make(closing: false)
        #expect(review.problems.isEmpty)
        let clock = SetClock(FinishedReview.london("2028-07-05T09:00"))
        #expect(try await store.importReview(jsonLines: try review.archive(), now: clock.now()) == "housing-repairs")

        let officer = Actor(name: "j.smith", uid: 1001)
        func execute(_ commands: [ReviewCommand]) async throws {
            let outcomes = try await store.execute(commands.map { CommandRequest(review: "housing-repairs", command: $0, actor: officer) }, now: clock.now())
            for case .failure(let error) in outcomes { Issue.record("refused: \(error)") }
        }
        // Every organisation has someone to receive it: an organisation without one keeps a notice pending.
        try await execute(FinishedReview.organisations.map { id, name, _ in
            id == "tenants-federation"
                ? .addRepresentative(representative: "mary", organisation: id, name: "Mary Jones", email: "mary@tenants.example", phone: nil)
                : .addRepresentative(representative: "secretary-\(id)", organisation: id, name: "Secretary of \(name)", email: "\(id)@example.org", phone: nil)
        })
        clock.set(FinishedReview.london("2028-07-10T10:00"))
        try await execute([.recordMeasurement(code: "BV185", period: 4, value: 83), .recordMeasurement(code: "HR-02", period: 4, value: 88),
                           .recordMeasurement(code: "BV212", period: 4, value: 27)])
        // A correction of the same period does not send the report again.
        try await execute([.recordMeasurement(code: "BV185", period: 4, value: 84)])

        let delivery = try await HandDrivenDelivery(store: store, clock: clock, receiverPort: receiver.port)
        try await delivery.deliverAll()
        await delivery.shutdown()

        let reports = try await store.outbox(review: "housing-repairs").filter { $0.notice.kind == .monitoringReport }
        #expect(reports.map(\.notice.subject) == ["period-4"])
        #expect(reports.allSatisfy { $0.state == .delivered }, "\(reports.map { "\($0.state) \($0.lastError ?? "")" })")
        let bodies = recordedRequests(record).compactMap { $0["body"] as? String }.filter { $0.contains("notice.monitoring-report") }
        #expect(bodies.count == 6, "one report to each organisation's representative")
        let payload = try #require(bodies.first { $0.contains("mary@tenants.example") }.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any])
        let data = try #require(payload["data"] as? [String: Any])
        let content = try #require(data["content"] as? [String: Any])
        // The plain text is wrapped for mail readers; compare words.
        let text = try #require(content["text"] as? String).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(content["subject"] as? String == "Monitoring report: Housing repairs, period 4 (Q1 2028/29)")
        #expect(text.contains("Dear Mary Jones,"))
        #expect(text.contains("Monitoring period 4 (Q1 2028/29) of the Best Value review \"Housing repairs\" has closed on Friday 30 June 2028."))
        #expect(text.contains("- Average re-let time for council housing (BV212) Baseline: 38 days Target: 28 days Measured: 27 days: on track, improving since the previous period"))
        #expect(text.contains("- Repairs with appointments made and kept (BV185)"))
        #expect(text.contains("Measured: 84%: at risk, worsening since the previous period"), "the corrected value is the one reported")
        try? store.close()
    }
}
