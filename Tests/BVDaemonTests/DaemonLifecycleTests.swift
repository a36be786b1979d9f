import BVClient
import Foundation
import Testing

@Suite("bvd as a real process: sd_notify, reload, shutdown, sockets")
struct DaemonLifecycleTests {
    @Test("READY, STATUS, RELOADING (broken workflow kept out), READY, STOPPING; SIGTERM exits 0 with the store closed")
    func notifySequence() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let notify = try NotifyListener(path: scratch.path("notify.sock"))
        let daemon = try DaemonProcess(scratch: scratch, environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"])
        let startup = notify.read(until: "READY=1")
        // The scheduler's loop feeds the watchdog at half of WATCHDOG_USEC.
        #expect(notify.read(until: "WATCHDOG=1", timeout: 5).contains("WATCHDOG=1"))
        #expect(startup.joined(separator: "\n").contains("READY=1"), "\(daemon.log)")
        #expect(startup.contains { $0.hasPrefix("STATUS=0 reviews, 0 overdue") }, "\(startup)")
        let client = try daemon.waitUntilAnswering()
        let created = try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "Housing repairs", "service": "Repairs", "lead": "j.smith"]))
        #expect(created.status == 201)

        // A broken workflow file: bvd keeps the old definitions and says so.
        let file = scratch.path("workflows/best-value-review.yaml")
        let good = try String(contentsOfFile: file, encoding: .utf8)
        try good.replacingOccurrences(of: "kind: consultation-period", with: "kind: consultation-periodd").write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reload = notify.read(until: "READY=1")
        let reloading = try #require(reload.first { $0.contains("RELOADING=1") }, "\(reload)")
        #expect(reloading.contains("MONOTONIC_USEC="))
        #expect(reload.contains { $0.hasPrefix("STATUS=") && $0.contains("reload failed") }, "\(reload)")
        let status = jsonObject(try client.request("GET", "/v1/status"))
        let problems = status["reloadProblems"] as? [String] ?? []
        #expect(problems.contains { $0.contains("best-value-review.yaml:") && $0.contains("unknown rule kind 'consultation-periodd'") }, "\(problems)")
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r2", "title": "Waste", "service": "Waste", "lead": "a.khan"])).status == 201)

        // Mended: the next reload is clean.
        try good.write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(notify.read(until: "READY=1").contains { $0.contains("RELOADING=1") })
        #expect((jsonObject(try client.request("GET", "/v1/status"))["reloadProblems"] as? [String]) == [])

        daemon.signal(SIGTERM)
        #expect(notify.read(until: "STOPPING=1").joined().contains("STOPPING=1"))
        #expect(daemon.terminate() == 0, "\(daemon.log)")
        // Closed cleanly: the write-ahead log was checkpointed into the database and emptied.
        let wal = (try? FileManager.default.attributesOfItem(atPath: scratch.path("state/bvd.sqlite-wal"))[.size] as? Int) ?? 0
        #expect(wal == 0)
        #expect(daemon.log.contains("the store is closed"))
    }

    @Test("under systemd-socket-activate bvd serves the socket named 'control' and binds nothing itself")
    func socketActivation() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let activated = scratch.path("activated.sock")
        let daemon = try DaemonProcess(scratch: scratch, prefix: ["/usr/bin/systemd-socket-activate", "-l", activated, "--fdname=control"],
                                       socket: scratch.path("unused.sock"))
        let deadline = Date().addingTimeInterval(30)
        var reply: HTTPReply?
        while Date() < deadline, reply == nil {
            reply = try? UnixHTTPClient(path: activated).request("GET", "/v1/status")
            if reply == nil { usleep(50_000) }
        }
        #expect(reply?.status == 200, "\(daemon.log)")
        #expect(daemon.log.contains("using the socket passed by systemd"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("unused.sock")))
        #expect(daemon.terminate() == 0)
    }

    @Test("a second bvd refuses to take over a live socket; a stale socket file is replaced")
    func socketOwnership() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let first = try DaemonProcess(scratch: scratch)
        _ = try first.waitUntilAnswering()
        let second = try DaemonProcess(scratch: scratch, arguments: ["--state-directory", scratch.path("state2")])
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 1)
        #expect(second.log.contains("cannot start:") && second.log.contains("a bvd already answers at \(first.socket)"), "\(second.log)")
        // Refused before it opened or created anything.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("state2/bvd.sqlite")), "\(second.log)")
        // Killed without cleaning up, the first leaves a socket file nobody answers on.
        first.signal(SIGKILL)
        first.process.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: first.socket))
        let third = try DaemonProcess(scratch: scratch)
        #expect(try third.waitUntilAnswering().request("GET", "/v1/status").status == 200)
        #expect(third.terminate() == 0)
    }

    @Test("what bvd creates is its user's alone (contact details), whatever umask it was started with; the socket keeps its configured mode")
    func privateFiles() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let previous = umask(0o022)
        defer { umask(previous) }
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--state-directory", scratch.path("private-state")])
        _ = try daemon.waitUntilAnswering()
        func mode(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1 }
        #expect(mode(scratch.path("private-state")) == 0o700)
        #expect(mode(scratch.path("private-state/bvd.sqlite")) == 0o600)
        #expect(mode(daemon.socket) == 0o660)
        #expect(daemon.log.contains("(mode 0660)"), "\(daemon.log)")
        #expect(daemon.terminate() == 0)
    }

    @Test("a second bvd on the same state directory, even on another socket, refuses to start and names the first")
    func stateDirectoryOwnership() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let first = try DaemonProcess(scratch: scratch)
        _ = try first.waitUntilAnswering()
        let second = try DaemonProcess(scratch: scratch, socket: scratch.path("other.sock"))
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 1)
        #expect(second.log.contains("another bvd (pid \(first.process.processIdentifier)) is using the state directory \(scratch.path("state"))"), "\(second.log)")
        #expect(try first.waitUntilAnswering().request("GET", "/v1/status").status == 200)
        #expect(first.terminate() == 0)

        // A file where the state directory should be: said plainly.
        _ = FileManager.default.createFile(atPath: scratch.path("not-a-directory"), contents: Data())
        let misplaced = try DaemonProcess(scratch: scratch, arguments: ["--state-directory", scratch.path("not-a-directory")])
        misplaced.process.waitUntilExit()
        #expect(misplaced.process.terminationStatus == 1)
        #expect(misplaced.log.contains("the state directory \(scratch.path("not-a-directory")) is a file, not a directory"), "\(misplaced.log)")
    }

    @Test("bvd --check-config reports a broken workflow with file:line:column and exits 1")
    func checkConfig() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let file = scratch.path("workflows/best-value-review.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "period: P12W", with: "period: P12X").write(toFile: file, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--check-config"])
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 1)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("period: P12W") }) + 1
        #expect(daemon.log.contains("\(file):\(line):13: 'period' of rule 'consultation-twelve-weeks': 'P12X' is not an ISO 8601 duration"), "\(daemon.log)")
    }

    @Test("one version of a workflow with two texts: two files are refused; a file edited in place after reviews began under it is served with a warning")
    func oneVersionOneText() async throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let file = scratch.path("workflows/best-value-review.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let versionLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("version:") }) + 1
        let edited = text.replacingOccurrences(of: "period: P12W", with: "period: P10W")

        // Two files, one version, two texts: which ran would depend on their names.
        let copy = scratch.path("workflows/zz-copy.yaml")
        try edited.write(toFile: copy, atomically: true, encoding: .utf8)
        let check = try DaemonProcess(scratch: scratch, arguments: ["--check-config"])
        check.process.waitUntilExit()
        #expect(check.process.terminationStatus == 1)
        #expect(check.log.contains("\(copy):\(versionLine):1: workflow 'best-value-review' version") && check.log.contains("is also defined, with other text, by \(file)"),
                "\(check.log)")
        try FileManager.default.removeItem(atPath: copy)

        // A review starts under the file; the file is then edited without raising its version.
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "Housing repairs", "service": "Repairs", "lead": "j.smith"])).status == 201)
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        func warned(_ client: UnixHTTPClient) throws -> Bool {
            ((jsonObject(try client.request("GET", "/v1/status"))["workflowWarnings"] as? [String]) ?? []).contains {
                $0.hasPrefix("\(file):\(versionLine):1: workflow 'best-value-review' version") && $0.contains("differs from the text of that version that reviews already run under")
            }
        }
        #expect(try await NoticeDeliveryTests.eventually { try warned(client) }, "\(daemon.log)")
        #expect(daemon.log.contains("reloaded"), "served, not refused: \(daemon.log)")
        #expect(daemon.terminate() == 0)
        // Started so, it serves and warns, in the journal and in status.
        let again = try DaemonProcess(scratch: scratch)
        #expect(try warned(try again.waitUntilAnswering()), "\(again.log)")
        #expect(again.log.contains("differs from the text of that version that reviews already run under (read from \(file)); give the changed text a higher version"),
                "\(again.log)")
        #expect(again.terminate() == 0)
    }

    @Test("bvd --check-config warns of users and groups in roles that this machine does not have")
    func unknownAccounts() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        try """
            roles: {officers: [root, nosuchuser], viewers: [], admin-groups: [root], officer-groups: [nosuchgroup], viewer-groups: [root]}
            """.write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml"), "--check-config"])
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0, "a warning, not a refusal: \(daemon.log)")
        #expect(daemon.log.contains("warning: roles name accounts this machine does not have, so nobody holds a role through them: "
            + "user 'nosuchuser' (officers), group 'nosuchgroup' (officer-groups)\n"), "\(daemon.log)")
    }

    @Test("bvd --check-config names a calendar file it cannot read, and why")
    func missingCalendarFile() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let missing = scratch.path("no-such-holidays.json")
        try "calendar-files: [\(missing)]\n".write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml"), "--check-config"])
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 1)
        #expect(daemon.log.contains("\(missing):1:1: cannot read the calendar file named in calendar-files: there is no such file"), "\(daemon.log)")
    }

    @Test("bvd --check-config also finds what would stop start-up in a channel: a credentials file that cannot be read")
    func checkConfigChannels() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let config = scratch.path("bvd.yaml")
        // A webhook channel made before the failing one: its HTTP client is shut down, not dropped (which would trap).
        let hooks = """
                hooks:
                  adapter: webhook
                  url: http://127.0.0.1:9/bvd
                  secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
            """
        try """
            notices:
              from: "Reviews <reviews@council.example>"
              channels:
            \(hooks)
                mail:
                  adapter: smtp
                  credentials: \(scratch.path("missing.credentials"))
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", config, "--check-config"])
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 1, "\(daemon.log)")
        #expect(daemon.log.contains("\(config): channel 'mail': "), "\(daemon.log)")
        #expect(daemon.log.contains("missing.credentials"), "\(daemon.log)")
        try "notices:\n  from: \"Reviews <reviews@council.example>\"\n  channels:\n\(hooks)\n".write(toFile: config, atomically: true, encoding: .utf8)
        let good = try DaemonProcess(scratch: scratch, arguments: ["--config", config, "--check-config"])
        good.process.waitUntilExit()
        #expect(good.process.terminationReason == .exit && good.process.terminationStatus == 0, "\(good.log)")
        // The shipped workflow sends notices to four roles; none has a contact here.
        #expect(good.log.contains("warning: no officer contact for the workflow roles democratic-services, lead-officer, monitoring-officer, "
            + "scrutiny-chair (notices.officers): notices to them wait and are retried until one is configured"), "\(good.log)")
        let officers = ["lead-officer", "democratic-services", "scrutiny-chair", "monitoring-officer"]
            .map { "    \($0): {name: Officer, email: \($0)@council.example, channels: [hooks]}" }.joined(separator: "\n")
        try "notices:\n  from: \"Reviews <reviews@council.example>\"\n  channels:\n\(hooks)\n  officers:\n\(officers)\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let staffed = try DaemonProcess(scratch: scratch, arguments: ["--config", config, "--check-config"])
        staffed.process.waitUntilExit()
        #expect(staffed.process.terminationStatus == 0 && !staffed.log.contains("warning: no officer contact"), "\(staffed.log)")
    }
}
