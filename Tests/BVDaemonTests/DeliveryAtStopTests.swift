import BVClient
import BVTestServers
import Foundation
import Synchronization
import Testing

@Suite("Notices in flight when bvd stops")
struct DeliveryAtStopTests {
    /// Two notices (a review invitation and a meeting invitation) queued by a bvd without
    /// channels, then a bvd delivering them by webhook to a receiver that holds its answers until
    /// the file `record`.release exists.
    func heldDeliveries(inFlight: Int?) async throws -> (Scratch, TestServer, record: String, DaemonProcess) {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let quiet = try DaemonProcess(scratch: scratch)
        let setup = try quiet.waitUntilAnswering()
        try NoticeDeliveryTests.review(setup)
        try NoticeDeliveryTests.scheduleForum(setup)
        #expect(quiet.terminate() == 0, "\(quiet.log)")

        let record = scratch.path("webhooks.jsonl")
        let hooks = try await TestServer.start("webhook_receiver.py", [NoticeDeliveryTests.secret, record, "held"], logDirectory: scratch.url.path)
        try """
            notices:
              from: "Best Value reviews <reviews@northfield.example>"
              default-channel: hooks
              channels:
                hooks: {adapter: webhook, url: "http://127.0.0.1:\(hooks.port)/bvd", secrets: [\(NoticeDeliveryTests.secret)], timeout-seconds: 90\(inFlight.map { ", in-flight: \($0)" } ?? "")}
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        _ = try daemon.waitUntilAnswering()
        return (scratch, hooks, record, daemon)
    }

    @Test("bvd stopped while a receiver holds its webhooks: the stop waits for them, records them, and the next start sends nothing again",
          .timeLimit(.minutes(2)))
    func deliveriesInFlightFinishAndAreRecorded() async throws {
        let (scratch, hooks, record, daemon) = try await heldDeliveries(inFlight: nil)
        defer { hooks.stop() }
        // Both have reached the receiver, which holds its answers.
        #expect(await NoticeDeliveryTests.eventually { recordedRequests(record).count == 2 }, "\(daemon.log)")
        // The stop and the receiver's answers, half a second apart, from a thread of their own:
        // they must fall within bvd's 10 s of grace, whatever the shared threads are doing.
        let waited = Mutex(false)
        let answered = DispatchSemaphore(value: 0)
        Thread {
            daemon.signal(SIGTERM)
            usleep(500_000)
            waited.withLock { $0 = daemon.process.isRunning }
            _ = FileManager.default.createFile(atPath: record + ".release", contents: Data())
            answered.signal()
        }.start()
        answered.wait()
        #expect(waited.withLock { $0 }, "bvd stopped without waiting for the deliveries in flight")
        #expect(daemon.terminate() == 0, "\(daemon.log)")
        #expect(!daemon.log.contains("failed"), "\(daemon.log)")

        let again = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        let client = try again.waitUntilAnswering()
        let all = (try JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/notices?review=r1").body))) as? [[String: Any]] ?? []
        #expect(all.count == 2 && all.allSatisfy { $0["state"] as? String == "delivered" }, "\(all)")
        #expect(!again.log.contains("offering again"), "\(again.log)")
        try await Task.sleep(for: .seconds(1))
        #expect(recordedRequests(record).count == 2, "sent again after the restart: \(recordedRequests(record).map { $0["id"] ?? "" })")
        #expect(again.terminate() == 0)
    }

    @Test("a notice claimed but offered to nobody when bvd stops is offered at the next start as its first attempt",
          .timeLimit(.minutes(2)))
    func unofferedNoticeIsGivenBack() async throws {
        // One delivery at a time: the second notice waits for the first, which the receiver holds.
        let (scratch, hooks, record, daemon) = try await heldDeliveries(inFlight: 1)
        defer { hooks.stop() }
        #expect(await NoticeDeliveryTests.eventually { recordedRequests(record).count == 1 }, "\(daemon.log)")
        let released = DispatchSemaphore(value: 0)
        Thread {
            daemon.signal(SIGTERM)
            usleep(500_000)
            _ = FileManager.default.createFile(atPath: record + ".release", contents: Data())
            released.signal()
        }.start()
        released.wait()
        #expect(daemon.terminate() == 0, "\(daemon.log)")
        #expect(recordedRequests(record).count == 1, "the stop began a delivery")

        let again = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        let client = try again.waitUntilAnswering()
        func notices() throws -> [[String: Any]] {
            (try JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/notices?review=r1").body))) as? [[String: Any]] ?? []
        }
        #expect(await NoticeDeliveryTests.eventually { (try? notices())?.allSatisfy { $0["state"] as? String == "delivered" } == true }, "\(again.log)")
        let all = try notices()
        #expect(all.count == 2 && all.allSatisfy { $0["attempts"] as? Int == 1 }, "the stop used up an attempt: \(all)")
        #expect(!again.log.contains("offering again"), "\(again.log)")
        #expect(recordedRequests(record).count == 2)
        #expect(again.terminate() == 0)
    }
}
