import BVCore
import BVDelivery
import BVTestServers
import Foundation
import Testing

/// The Python receiver on loopback, and the deliveries it recorded.
struct WebhookReceiver {
    let process: TestServer
    let record: String

    static func start(_ scratch: Scratch, secret: String, mode: String) async throws -> WebhookReceiver {
        let record = scratch.path("deliveries-\(UUID().uuidString.prefix(4)).jsonl")
        _ = FileManager.default.createFile(atPath: record, contents: nil)
        let process = try await TestServer.start("webhook_receiver.py", [secret, record, mode], logDirectory: scratch.url.path)
        return WebhookReceiver(process: process, record: record)
    }

    var url: String { "http://127.0.0.1:\(process.port)/bvd/notices" }

    var deliveries: [[String: Any]] {
        let text = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

@Suite("Webhook adapter")
struct WebhookAdapterTests {
    func adapter(_ url: String, secret: String, timeout: Duration = .seconds(10), signer: WebhookSigner? = nil) throws -> WebhookAdapter {
        try WebhookAdapter(
            configuration: .init(url: url, connectTimeout: .seconds(2), timeout: timeout),
            encoder: Sample.encoder,
            signer: signer ?? { id, timestamp, body in StandardWebhookSignature.sign(secret: secret, id: id, timestamp: timestamp, body: body) })
    }

    /// Runs `body` with a receiver in `mode` and an adapter pointed at it, then stops both.
    func withReceiver(
        mode: String, timeout: Duration = .seconds(10), signer: WebhookSigner? = nil,
        _ body: (WebhookAdapter, WebhookReceiver) async throws -> Void
    ) async throws {
        let scratch = try Scratch()
        let secret = StandardWebhookSignature.newSecret()
        let receiver = try await WebhookReceiver.start(scratch, secret: secret, mode: mode)
        defer { receiver.process.stop() }
        let adapter = try adapter(receiver.url, secret: secret, timeout: timeout, signer: signer)
        do {
            try await body(adapter, receiver)
        } catch {
            try await adapter.shutdown()
            throw error
        }
        try await adapter.shutdown()
    }

    @Test("the receiver gets the JSON body with a valid Standard Webhooks signature and bvd's headers")
    func signedDelivery() async throws {
        try await withReceiver(mode: "ok") { adapter, receiver in
            let notice = Sample.notice()
            let before = Int64(Date().timeIntervalSince1970)
            try await adapter.deliver(notice)
            let delivery = try #require(receiver.deliveries.first)
            #expect(receiver.deliveries.count == 1)
            #expect(delivery["id"] as? String == notice.id)
            #expect(delivery["valid"] as? Bool == true)
            #expect(delivery["content_type"] as? String == "application/json")
            #expect(delivery["user_agent"] as? String == "bvd/\(BVCoreVersion.string)")
            #expect(delivery["path"] as? String == "/bvd/notices")
            #expect(delivery["body"] as? String == String(decoding: try Sample.encoder(notice), as: UTF8.self))
            let timestamp = try #require(Int64(delivery["timestamp"] as? String ?? ""))
            #expect(abs(timestamp - before) <= 5)
        }
    }

    @Test("during a secret rotation any one valid signature among several is enough; a wrong one is not")
    func rotationAndWrongSecret() async throws {
        let wrong = StandardWebhookSignature.newSecret()
        try await withReceiver(mode: "ok", signer: { id, timestamp, body in
            StandardWebhookSignature.sign(secret: wrong, id: id, timestamp: timestamp, body: body)
        }) { adapter, receiver in
            try await adapter.deliver(Sample.notice())
            #expect(receiver.deliveries.first?["valid"] as? Bool == false)
        }
    }

    @Test("a 500 is retryable and quotes the body; the retry succeeds")
    func serverErrorThenSuccess() async throws {
        try await withReceiver(mode: "fail-once") { adapter, receiver in
            let notice = Sample.notice()
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(notice) }
            #expect(failure?.isPermanent == false)
            #expect(failure?.disablesEndpoint == false)
            #expect(failure?.message == "127.0.0.1 answered 500 Internal Server Error: database unavailable")
            try await adapter.deliver(notice)
            #expect(receiver.deliveries.map { $0["id"] as? String } == [notice.id, notice.id])
            #expect(receiver.deliveries.allSatisfy { $0["valid"] as? Bool == true })
        }
    }

    @Test("410 Gone disables the endpoint")
    func gone() async throws {
        try await withReceiver(mode: "gone") { adapter, _ in
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
            #expect(failure?.isPermanent == true)
            #expect(failure?.disablesEndpoint == true)
        }
    }

    @Test("429 with Retry-After in seconds sets retryAfter")
    func throttled() async throws {
        try await withReceiver(mode: "throttle") { adapter, _ in
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
            #expect(failure?.retryAfter == .seconds(7))
            #expect(failure?.isPermanent == false)
            #expect(failure?.message == "127.0.0.1 answered 429 Too Many Requests and asks to wait 7 s: slow down")
        }
    }

    @Test("503 with Retry-After as an HTTP-date sets retryAfter to the time until then")
    func unavailableUntil() async throws {
        try await withReceiver(mode: "unavailable-until") { adapter, _ in
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
            let wait = try #require(failure?.retryAfter)
            // The receiver names the instant 30 s after it answers (to the second); the wait is what
            // is left of that when the answer is read, which a loaded machine can delay by seconds
            // (27 s was once missed in CI). A misread date would be off by hours, or absent.
            #expect(wait >= .seconds(15) && wait <= .seconds(31))
        }
    }

    @Test("a receiver slower than the time limit gives a retryable failure naming the limit")
    func slowReceiver() async throws {
        try await withReceiver(mode: "slow", timeout: .seconds(1)) { adapter, _ in
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
            #expect(failure?.isPermanent == false)
            #expect(failure?.message == "127.0.0.1 did not answer within 1 s")
        }
    }

    @Test("a redirect to another host is not followed")
    func redirectNotFollowed() async throws {
        let scratch = try Scratch()
        let elsewhere = try await WebhookReceiver.start(scratch, secret: StandardWebhookSignature.newSecret(), mode: "ok")
        defer { elsewhere.process.stop() }
        let target = "http://localhost:\(elsewhere.process.port)/collect"
        try await withReceiver(mode: "redirect:\(target)") { adapter, receiver in
            let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
            #expect(failure?.isPermanent == false)
            #expect(failure?.message == "127.0.0.1 answered 302 Found with a redirect to \(target), which bvd does not follow")
            #expect(receiver.deliveries.count == 1)
        }
        #expect(elsewhere.deliveries.isEmpty)
    }

    @Test("no receiver listening is a retryable failure")
    func receiverDown() async throws {
        let adapter = try adapter("http://127.0.0.1:\(unusedLoopbackPort())/hook", secret: StandardWebhookSignature.newSecret())
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        try await adapter.shutdown()
        #expect(failure?.isPermanent == false)
        #expect(failure?.message.hasPrefix("cannot deliver to 127.0.0.1: ") == true)
    }

    @Test("a URL whose host is not allowed is refused when the adapter is made")
    func allowList() async throws {
        let error = #expect(throws: WebhookConfigurationError.self) {
            try WebhookAdapter(
                configuration: .init(url: "https://hooks.example.net/bvd", allowedHosts: ["hooks.council.example"]),
                encoder: Sample.encoder, signer: { _, _, _ in "" })
        }
        #expect(error?.description == "the webhook host hooks.example.net is not in allowed-hosts (hooks.council.example)")
        let allowed = try WebhookAdapter(
            configuration: .init(url: "https://Hooks.Council.Example/bvd", allowedHosts: ["hooks.council.example"]),
            encoder: Sample.encoder, signer: { _, _, _ in "" })
        try await allowed.shutdown()
        #expect(throws: WebhookConfigurationError.self) {
            try WebhookAdapter(configuration: .init(url: "ftp://hooks.council.example/"), encoder: Sample.encoder, signer: { _, _, _ in "" })
        }
    }
}
