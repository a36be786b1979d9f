import BVClient
import BVTestServers
import Foundation
import Testing

/// bvd delivering notices to real servers on loopback: a Python SMTP server (aiosmtpd) and a
/// webhook receiver that checks the Standard Webhooks signature itself.
@Suite("Notice delivery by a running bvd", .serialized)
struct NoticeDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A review with one organisation and its representatives.
    static func review(_ client: UnixHTTPClient, _ id: String = "r1", representatives: [(String, String?)] = [("mary", "mary@tenants.example")]) throws {
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": id, "title": "Housing repairs", "service": "Repairs", "lead": "j.smith"])).status == 201)
        #expect(try client.request("POST", "/v1/reviews/\(id)/organisations",
                                   body: body(["id": "tenants", "name": "Tenants’ Federation", "category": "tenants-and-community"])).status == 200)
        for (person, email) in representatives {
            var fields: [String: Any] = ["id": person, "name": person.capitalized + " Jones"]
            fields[email == nil ? "phone" : "email"] = email ?? "01632 960123"
            let reply = try client.request("POST", "/v1/reviews/\(id)/organisations/tenants/representatives", body: body(fields))
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    /// The Tenants' forum, a fortnight ahead, with the tenants invited.
    static func scheduleForum(_ client: UnixHTTPClient) throws {
        let start = Date().addingTimeInterval(14 * 86_400)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'18:30"
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        #expect(try client.request("POST", "/v1/reviews/r1/meetings", body: body([
            "id": "forum", "title": "Tenants’ forum", "method": "neighbourhood-forum", "start": formatter.string(from: start),
            "place": "Civic Centre, Room 2", "invitees": ["tenants"],
        ])).status == 200)
    }

    /// Polls until `condition` holds or `seconds` pass, sleeping without holding a thread other tests need.
    static func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    static func notices(_ client: UnixHTTPClient, kind: String) throws -> [[String: Any]] {
        let items = (try JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/notices?review=r1").body))) as? [[String: Any]] ?? []
        return items.filter { (($0["notice"] as? [String: Any])?["kind"] as? String) == kind }
    }

    @Test("a meeting invitation arrives by mail with its calendar invitation and by signed webhook; show lists both deliveries")
    func mailAndWebhook() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let mailbox = scratch.path("mailbox")
        try FileManager.default.createDirectory(atPath: mailbox, withIntermediateDirectories: true)
        let smtp = try await TestServer.start("smtp_server.py", ["--directory", mailbox], logDirectory: scratch.url.path)
        let record = scratch.path("webhooks.jsonl")
        let hooks = try await TestServer.start("webhook_receiver.py", [Self.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { smtp.stop(); hooks.stop() }
        try """
            notices:
              from: "Best Value reviews <reviews@northfield.example>"
              authority: Northfield Borough Council
              default-channel: mail
              channels:
                mail: {adapter: smtp, host: 127.0.0.1, port: \(smtp.port), security: none}
                hooks: {adapter: webhook, url: "http://127.0.0.1:\(hooks.port)/bvd", secrets: [\(Self.secret)]}
              routes:
                meeting-invitation: [mail, hooks]
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        let client = try daemon.waitUntilAnswering()
        try Self.review(client)
        try Self.scheduleForum(client)

        #expect(await Self.eventually { recordedRequests(record).contains { ($0["body"] as? String ?? "").contains("notice.meeting-invitation") } })
        // The review invitation may arrive first: wait for the meeting invitation's own message.
        func mails() -> [String] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: mailbox)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
            return names.compactMap { try? String(contentsOfFile: mailbox + "/" + $0, encoding: .utf8) }
        }
        #expect(await Self.eventually { mails().contains { $0.contains("X-BVD-Kind: meeting-invitation") } })
        let webhook = try #require(recordedRequests(record).first { ($0["body"] as? String ?? "").contains("notice.meeting-invitation") })
        #expect(webhook["valid"] as? Bool == true, "the receiver checked the Standard Webhooks signature")
        #expect((webhook["body"] as? String ?? "").contains("Tenants’ forum"))

        let invitation = try #require(mails().first { $0.contains("X-BVD-Kind: meeting-invitation") })
        #expect(invitation.contains("To: Mary Jones <mary@tenants.example>"))
        #expect(invitation.contains("Content-Type: text/calendar; method=REQUEST"))
        #expect(invitation.contains("Message-ID: <bvd-"))

        let invitations = try Self.notices(client, kind: "meeting-invitation")
        #expect(await Self.eventually { (try? Self.notices(client, kind: "meeting-invitation").first?["state"] as? String) == "delivered" })
        let id = try #require(invitations.first?["id"] as? Int)
        let shown = jsonObject(try client.request("GET", "/v1/notices/\(id)"))
        let deliveries = shown["deliveries"] as? [[String: Any]] ?? []
        #expect(Set(deliveries.map { "\($0["recipient"] as? String ?? "")@\($0["channel"] as? String ?? "")=\($0["outcome"] as? String ?? "")" })
            == ["mary@mail=delivered", "mary@hooks=delivered"])
        let subject = (shown["content"] as? [String: Any])?["subject"] as? String
        #expect(subject?.contains("Tenants’ forum") == true, "\(shown)")
        #expect(daemon.terminate() == 0)
        #expect(!daemon.log.contains("@localhost"), "with notices.from set there is nothing to warn about")
    }

    @Test("a failing endpoint is retried; a gone one is switched off; after the last attempt officers hear by another channel")
    func retriesAndFailures() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let flaky = scratch.path("flaky.jsonl"), gone = scratch.path("gone.jsonl"), officers = scratch.path("officers.jsonl")
        let flakyServer = try await TestServer.start("webhook_receiver.py", [Self.secret, flaky, "fail-once"], logDirectory: scratch.url.path)
        let goneServer = try await TestServer.start("webhook_receiver.py", [Self.secret, gone, "gone"], logDirectory: scratch.url.path)
        defer { flakyServer.stop(); goneServer.stop() }
        let script = scratch.path("tell-officers.sh")
        try "#!/bin/sh\ncat >> \(officers)\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try """
            notices:
              retry-schedule: [1s]
              default-channel: hooks
              channels:
                hooks: {adapter: webhook, url: "http://127.0.0.1:\(flakyServer.port)/bvd", secrets: [\(Self.secret)]}
                old: {adapter: webhook, url: "http://127.0.0.1:\(goneServer.port)/bvd", secrets: [\(Self.secret)]}
                desk: {adapter: program, command: [\(script)]}
              officers:
                lead-officer: {name: Review lead, channels: [old, desk]}
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        // Mary is there before anything is delivered: a bvd without channels queues her review
        // invitation (with channels, its first attempt could come between the invitation of her
        // organisation and her addition, find nobody to send to, and use up the one retry).
        let queueing = try DaemonProcess(scratch: scratch)
        try Self.review(try queueing.waitUntilAnswering(), representatives: [("mary", "mary@tenants.example")])
        #expect(queueing.terminate() == 0)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        let client = try daemon.waitUntilAnswering()
        // Mary's review invitation is the flaky endpoint's first request (answered 500) before Sam
        // exists: offers to several recipients run in parallel, so with both there first, either
        // could take the failure (and Sam's retry would then go to his new channel).
        #expect(await Self.eventually { !recordedRequests(flaky).isEmpty })
        #expect(try client.request("POST", "/v1/reviews/r1/organisations/tenants/representatives",
                                   body: body(["id": "sam", "name": "Sam Jones", "email": "sam@tenants.example"])).status == 200)
        #expect(try client.request("POST", "/v1/reviews/r1/representatives/sam/preferences", body: body(["channel": "old"])).status == 200)
        #expect(try client.request("POST", "/v1/reviews/r1/representatives/sam/preferences", body: body(["channel": "fax"])).status == 422)
        try Self.scheduleForum(client)

        // Mary's channel answered its first request with 500, then 200: that notice came again, same webhook-id.
        #expect(await Self.eventually {
            let seen = recordedRequests(flaky)
            guard let first = seen.first?["id"] as? String else { return false }
            return seen.filter { $0["id"] as? String == first }.count == 2
        })
        #expect(recordedRequests(flaky).allSatisfy { $0["valid"] as? Bool == true })
        // Sam's endpoint is gone: the channel is switched off and the notice fails at once.
        #expect(await Self.eventually {
            let channels = (try? JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/channels").body))) as? [[String: Any]] ?? []
            return channels.first { $0["name"] as? String == "old" }?["disabled"] != nil
        })
        #expect(await Self.eventually { (try? Self.notices(client, kind: "meeting-invitation").first?["state"] as? String) == "failed" })
        // The lead officer is told by the desk channel, not by the channel that failed.
        #expect(await Self.eventually { ((try? String(contentsOfFile: officers, encoding: .utf8)) ?? "").contains("notice.delivery-failure") })
        // bvd records the delivery after the program has run: give its books a moment to agree.
        #expect(await Self.eventually { (try? Self.notices(client, kind: "delivery-failure").first?["state"] as? String) == "delivered" })

        // Switched back on and retried, Sam's invitation goes out (to an endpoint that is still gone: it fails again).
        #expect(try client.request("POST", "/v1/channels/old/enable").status == 200)
        #expect(try client.request("POST", "/v1/channels/old/enable").status == 409)
        let failed = (try JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/notices?state=failed").body))) as? [Any] ?? []
        let requeued = jsonObject(try client.request("POST", "/v1/notices/retry"))
        #expect(requeued["requeued"] as? Int == failed.count)
        #expect(await Self.eventually { recordedRequests(gone).count >= 2 })
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("calendar UIDs end in @localhost: set notices.from"), "no notices.from: bvd says so at start")
    }

    @Test("bvd killed while 1,000 notices are being delivered delivers every one after it restarts, at least once")
    func crashDuringDelivery() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let record = scratch.path("webhooks.jsonl")
        let receiver = try await TestServer.start("webhook_receiver.py", [Self.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { receiver.stop() }
        // First without channels: the notices queue up.
        let queueing = try DaemonProcess(scratch: scratch)
        let client = try queueing.waitUntilAnswering()
        // Ten reviews of a hundred meetings: each command replans only its own review's reminders.
        let count = 1000
        let day = Date().addingTimeInterval(30 * 86_400)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        for review in 0..<10 {
            try Self.review(client, "r\(review)")
            for n in 0..<count / 10 {
                let start = "\(formatter.string(from: day))T\(String(format: "%02d:%02d", 8 + n / 60, n % 60))"
                let reply = try client.request("POST", "/v1/reviews/r\(review)/meetings", body: body([
                    "id": "m\(n)", "title": "Meeting \(n)", "method": "neighbourhood-forum", "start": start, "place": "Civic Centre", "invitees": ["tenants"],
                ]))
                #expect(reply.status == 200, "meeting \(n): \(reply.text)")
            }
        }
        #expect(queueing.terminate() == 0)

        try """
            notices:
              channels:
                hooks: {adapter: webhook, url: "http://127.0.0.1:\(receiver.port)/bvd", secrets: [\(Self.secret)], in-flight: 16}
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let delivering = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        _ = try delivering.waitUntilAnswering()
        let lines = { ((try? Data(contentsOf: URL(fileURLWithPath: record))) ?? Data()).reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        #expect(await Self.eventually(60) { lines() >= 200 })
        delivering.signal(SIGKILL)
        delivering.process.waitUntilExit()
        let beforeRestart = Set(recordedRequests(record).compactMap { $0["id"] as? String }).count
        #expect(beforeRestart < count + 10, "the kill came while notices were still being delivered")

        let restarted = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        let after = try restarted.waitUntilAnswering()
        #expect(try await Self.eventually(120) { jsonObject(try after.request("GET", "/v1/status"))["pendingNotices"] as? Int == 0 })
        let all = recordedRequests(record)
        let invitations = Set(all.filter { ($0["body"] as? String ?? "").contains("notice.meeting-invitation") }.compactMap { $0["id"] as? String })
        #expect(invitations.count == count, "every meeting invitation reached the receiver")
        let duplicates = all.count - Set(all.compactMap { $0["id"] as? String }).count
        print("crash during delivery: \(all.count) requests for \(count + 10) notices, \(duplicates) duplicates (at least once)")
        #expect(all.allSatisfy { $0["valid"] as? Bool == true })
        #expect(restarted.terminate() == 0)
    }
}
