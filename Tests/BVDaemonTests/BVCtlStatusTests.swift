import BVCore
import BVReviewFixtures
import BVStore
import Foundation
import Testing

@Suite("bvctl against a real bvd")
struct BVCtlStatusTests {
    func bvctl(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Repository.products.appendingPathComponent("bvctl")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["BVD_SOCKET"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("bvctl status reports the daemon; with bvd down it exits 6 naming the socket and a hint")
    func status() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "T", "service": "S", "lead": "l"])).status == 201)
        let shown = try bvctl(["status"], environment: ["BVD_SOCKET": daemon.socket])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("1 review: 1 in scoping"))
        #expect(shown.output.contains("0 reminders past due and not yet sent"), "\(shown.output)")
        let json = try bvctl(["status", "--json", "--socket", daemon.socket])
        #expect(json.output.contains(#""reviews":1"#))
        #expect(daemon.terminate() == 0)
        let down = try bvctl(["status", "--socket", daemon.socket])
        #expect(down.status == 6)
        #expect(down.output.contains("cannot reach bvd at \(daemon.socket)"))
        #expect(down.output.contains("is bvd running? systemctl status bvd"))
    }
}

extension BVCtlStatusTests {
    /// The store bvd will open in `scratch`, written to before bvd starts (close it first).
    func storeBeforeStart(_ scratch: Scratch) throws -> SQLiteReviewStore {
        let workflow = try LoadedWorkflow.load(path: scratch.path("workflows/best-value-review.yaml")).get()
        try FileManager.default.createDirectory(atPath: scratch.path("state"), withIntermediateDirectories: true)
        return try SQLiteReviewStore(path: scratch.path("state/bvd.sqlite"), workflows: [workflow])
    }

    @Test("reminders whose meeting passed while bvd was down are logged as missed and counted in status")
    func missedWhileDown() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        // A month ago an officer scheduled a meeting for ten days ago; bvd has not run since.
        let store = try storeBeforeStart(scratch)
        let now = SystemClock().now()
        let meeting = Zone.london.localDateTime(of: now.adding(seconds: -10 * 86_400))
        let actor = Actor(name: "officer", uid: 0)
        let outcomes = try await store.execute([
            CommandRequest(review: "r1", command: .start(title: "T", service: "S", lead: "l", planYear: 2028), actor: actor),
            CommandRequest(review: "r1", command: .invite(organisation: "tenants", name: "Tenants", category: "tenants-and-community"), actor: actor),
            CommandRequest(review: "r1", command: .scheduleMeeting(meeting: "m1", title: "Forum", method: "neighbourhood-forum",
                                                                  start: LocalDateTime(date: meeting.date, time: LocalTime(hour: 18, minute: 0)!), place: "Hall", invitees: ["tenants"]),
                           actor: actor),
        ], now: now.adding(seconds: -30 * 86_400))
        #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        try store.close()

        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        // The meeting's three reminders to invitees (14, 7 and 1 days before) and the officers' ones for its papers and notice.
        let json = try bvctl(["status", "--json", "--socket", daemon.socket])
        let status = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let missed = try #require(status["missedReminders"] as? Int)
        #expect(missed >= 3, "\(json.output)")
        #expect(status["missedRemindersDays"] as? Int == 30, "\(json.output)")
        let shown = try bvctl(["status", "--socket", daemon.socket])
        #expect(shown.output.contains("\(missed) reminders missed in the last 30 days: found after their subject had passed"), "\(shown.output)")
        #expect(daemon.terminate() == 0)
        #expect(daemon.log.contains("reminder missed: due"), "\(daemon.log)")
    }

    @Test("review list --phase closed lists closed reviews, as listings show them; a phase nobody has is an error naming those there are")
    func listByPhase() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let store = try storeBeforeStart(scratch)
        #expect(try await store.importReview(jsonLines: try FinishedReview.make(closing: true).archive(), now: SystemClock().now()) == "housing-repairs")
        try store.close()
        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        let closed = try bvctl(["review", "list", "--phase", "closed", "--socket", daemon.socket])
        #expect(closed.status == 0 && closed.output.contains("housing-repairs"), "\(closed.output)")
        let scoping = try bvctl(["review", "list", "--phase", "scoping", "--socket", daemon.socket])
        #expect(scoping.status == 0 && !scoping.output.contains("housing-repairs"), "\(scoping.output)")
        let unknown = try bvctl(["review", "list", "--phase", "nosuch", "--socket", daemon.socket])
        #expect(unknown.status == 1, "\(unknown.output)")
        #expect(unknown.output.contains("no phase 'nosuch'; phases: assessment, baseline, closed, involvement"), "\(unknown.output)")
        #expect(daemon.terminate() == 0)
    }

    @Test("bvctl meeting invite brings organisations invited later into a meeting")
    func meetingInvite() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        let env = ["BVD_SOCKET": daemon.socket]
        for arguments in [
            ["review", "create", "r1", "--title", "Housing repairs", "--service", "Repairs", "--lead", "j.smith"],
            ["review", "invite", "r1", "--org", "tenants", "--name", "Tenants", "--category", "tenants-and-community"],
            ["meeting", "schedule", "r1", "cc-1", "--title", "Committee", "--method", "coordinating-committee",
             "--start", "+7d 18:00", "--place", "Town Hall", "--invite-all"],
            ["review", "invite", "r1", "--org", "unison", "--name", "UNISON", "--category", "trade-unions"],
        ] {
            let result = try bvctl(arguments, environment: env)
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
        let invited = try bvctl(["meeting", "invite", "r1", "cc-1", "--invite-all"], environment: env)
        #expect(invited.status == 0, "\(invited.output)")
        #expect(invited.output.contains("Invited 1 more organisation to meeting 'cc-1'."))
        let again = try bvctl(["meeting", "invite", "r1", "cc-1", "--invite-all"], environment: env)
        #expect(again.status == 0)
        #expect(again.output.contains("is already invited to meeting 'cc-1'"))
        let named = try bvctl(["meeting", "invite", "r1", "cc-1", "--invite", "tenants"], environment: env)
        #expect(named.status == 1)
        #expect(named.output.contains("every organisation named is already invited to 'Committee'"))
        #expect(daemon.terminate() == 0)
    }
}
