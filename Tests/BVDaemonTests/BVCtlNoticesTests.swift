import BVTestServers
import Foundation
import Testing

/// The notices commands of the real bvctl against a real bvd delivering to a real webhook receiver.
@Suite("bvctl notices and rep prefer against a real bvd")
struct BVCtlNoticesTests {
    @Test("rep prefer, notices channels, preview, list, show with attempts, and a refused channel")
    func noticesThroughBVCtl() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let record = scratch.path("webhooks.jsonl")
        let receiver = try await TestServer.start("webhook_receiver.py", [NoticeDeliveryTests.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { receiver.stop() }
        try """
            notices:
              authority: Northfield Borough Council
              channels:
                hooks: {adapter: webhook, url: "http://127.0.0.1:\(receiver.port)/bvd", secrets: [\(NoticeDeliveryTests.secret)]}
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml")])
        _ = try daemon.waitUntilAnswering()
        func run(_ line: [String]) throws -> BVCtlReviewTests.Run { try BVCtlReviewTests.bvctl(line, socket: daemon.socket, scratch: scratch) }
        func ok(_ line: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try run(line)
            #expect(result.status == 0, "bvctl \(line.joined(separator: " ")): \(result.all)", sourceLocation: sourceLocation)
            return result.stdout
        }

        _ = try ok(["review", "create", "housing-repairs", "--title", "Housing repairs", "--service", "Repairs", "--lead", "j.smith"])
        _ = try ok(["review", "invite", "housing-repairs", "--org", "tenants", "--name", "Tenants' Federation", "--category", "tenants-and-community"])
        _ = try ok(["rep", "add", "housing-repairs", "tenants", "mary", "--name", "Mary Jones", "--email", "mary@tenants.example"])
        #expect(try ok(["rep", "prefer", "housing-repairs", "mary", "--channel", "hooks", "--digest", "daily"])
            .contains("Notices to 'mary' go by channel 'hooks', routine reminders in a daily digest."))
        let refused = try run(["rep", "prefer", "housing-repairs", "mary", "--channel", "fax"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("no channel 'fax' is configured; channels: hooks"))
        #expect(try ok(["rep", "list", "housing-repairs"]).contains("hooks, daily digest"))

        let channels = try ok(["notices", "channels"])
        #expect(channels.contains("hooks") && channels.contains("webhook") && channels.contains("on"))

        let preview = try ok(["notices", "preview", "housing-repairs", "review-invitation"])
        #expect(preview.contains("Subject: "))
        #expect(preview.contains("Dear Mary Jones"))
        #expect(preview.contains("Northfield Borough Council"))
        let badKind = try run(["notices", "preview", "housing-repairs", "party-invitation"])
        #expect(badKind.status == 2)
        #expect(badKind.stderr.contains("'party-invitation' is not a kind of notice"))
        // A subject the review does not have is not found (exit 4), never rendered blank.
        let badSubject = try run(["notices", "preview", "housing-repairs", "meeting-invitation", "--subject", "nope"])
        #expect(badSubject.status == 4, "\(badSubject.all)")
        #expect(badSubject.stderr.contains("'nope' is not a meeting, proposal, response, decision, phase, organisation, representative or indicator of review 'housing-repairs'"),
                "\(badSubject.all)")
        // A decision of the workflow with no notice planned yet is previewed with a stand-in.
        #expect(try ok(["notices", "preview", "housing-repairs", "decision-noticed", "--subject", "agree-scope"]).contains("Subject: "))
        #expect(try ok(["notices", "preview", "housing-repairs", "baseline-sign-off-requested", "--subject", "baseline"]).contains("Subject: "))

        #expect(await NoticeDeliveryTests.eventually { recordedRequests(record).count >= 1 })
        #expect(await NoticeDeliveryTests.eventually { (try? ok(["notices", "list"]).contains("delivered")) == true })
        let listed = try ok(["notices", "list", "--review", "housing-repairs"])
        #expect(listed.contains("review-invitation"))
        let shown = try ok(["notices", "show", "1"])
        #expect(shown.contains("Notice 1: review-invitation"))
        #expect(shown.contains("mary") && shown.contains("hooks") && shown.contains("delivered"))
        // Its first attempt failed; delivered since, that error is not its last word.
        #expect(shown.contains("delivery: delivered, 2 attempts, after an earlier error: no representative of Tenants' Federation has been added yet"),
                "\(shown)")
        #expect(shown.contains("Subject: "))
        let json = try ok(["notices", "show", "1", "--json"])
        let object = BVCtlReviewTests.json(json) as? [String: Any]
        // Invited before Mary was added, the first attempt found nobody; the retry reached her.
        let attempts = object?["deliveries"] as? [[String: Any]] ?? []
        #expect(attempts.first?["detail"] as? String == "no representative of Tenants' Federation has been added yet")
        #expect(attempts.last?["outcome"] as? String == "delivered")
        #expect(try ok(["status"]).contains("delivery: hooks"))

        // A meeting invited nobody: its invitation reads for a plain stand-in, said to be one, not for Mary.
        _ = try ok(["meeting", "schedule", "housing-repairs", "w-1", "--title", "Workshop", "--method", "workshop",
                    "--start", "+20d 18:00", "--place", "Library"])
        let all = BVCtlReviewTests.json(try ok(["notices", "list", "--json"])) as? [[String: Any]] ?? []
        let invitation = try #require(all.first { ($0["notice"] as? [String: Any])?["kind"] as? String == "meeting-invitation" }?["id"] as? Int)
        let nobody = try ok(["notices", "show", "\(invitation)"])
        #expect(nobody.contains("to: nobody") && nobody.contains("it has nobody to go to; shown for a stand-in"), "\(nobody)")
        #expect(nobody.contains("Sample Representative") && !nobody.contains("Dear Mary Jones"), "\(nobody)")
        #expect(daemon.terminate() == 0)
    }
}
