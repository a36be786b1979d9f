import BVCore
import Foundation
import GRDB
import Testing

/// The real bvctl against a real bvd on a real socket: a review driven only through bvctl.
///
/// bvd runs on the system clock, so the dates are relative to today: the meeting is four days
/// ahead, which always leaves fewer than the five clear days its papers need. The expected dates
/// are worked out here with BVCore's calendar and compared with what bvctl prints.
@Suite("bvctl review commands against a real bvd")
struct BVCtlReviewTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var all: String { stdout + stderr }
    }

    /// Runs bvctl with BVD_SOCKET set to `socket` (and NO_COLOR, though output is not a terminal).
    static func bvctl(_ arguments: [String], socket: String, scratch: Scratch) throws -> Run {
        let process = Process()
        process.executableURL = Repository.products.appendingPathComponent("bvctl")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["BVD_SOCKET"] = socket
        env["NO_COLOR"] = "1"
        process.environment = env
        let name = UUID().uuidString.prefix(8)
        let (outPath, errPath) = (scratch.path("out-\(name)"), scratch.path("err-\(name)"))
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let (out, err) = (FileHandle(forWritingAtPath: outPath)!, FileHandle(forWritingAtPath: errPath)!)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    static func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// A timetable bound that is a date, as the API writes it: `"2027-03-22"`.
    static func date(_ bound: Any?) -> String? { bound as? String }

    @Test("create, invite, schedule, late papers: why, plan, a refused decision, show, agenda and --json, all through bvctl")
    func reviewThroughBVCtl() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        func run(_ line: [String]) throws -> Run { try Self.bvctl(line, socket: daemon.socket, scratch: scratch) }
        func ok(_ line: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
            let result = try run(line)
            #expect(result.status == 0, "bvctl \(line.joined(separator: " ")): \(result.all)", sourceLocation: sourceLocation)
            return result
        }

        let created = try ok(["review", "create", "housing-repairs", "--title", "Housing repairs", "--service", "Responsive repairs",
                              "--lead", "j.smith", "--plan-year", "2028"])
        #expect(created.stdout.contains("Started review 'housing-repairs'"))
        // Six organisations in five categories.
        let organisations = [
            ("tenants-federation", "Borough Tenants' Federation", "tenants-and-community"),
            ("estate-residents", "Northside Estate Residents", "tenants-and-community"),
            ("pensioners-forum", "Pensioners' Forum", "pensioners"),
            ("unison-branch", "UNISON branch", "trade-unions"),
            ("youth-council", "Youth Council", "youth-and-student-clubs"),
            ("cvs", "Council for Voluntary Service", "voluntary-organisations"),
        ]
        for (id, name, category) in organisations {
            let invited = try ok(["review", "invite", "housing-repairs", "--org", id, "--name", name, "--category", category])
            #expect(invited.stdout.contains("organisation-invited"))
        }
        _ = try ok(["rep", "add", "housing-repairs", "tenants-federation", "mary-jones", "--name", "Mary Jones", "--email", "mary@tenants.example"])
        #expect(try ok(["rep", "list", "housing-repairs"]).stdout.contains("Mary Jones"))

        // The meeting four days ahead; its papers published today, too late for five clear days.
        let calendar = TimetableCalendar.bundled()
        let fiveClear = DayCount(5, .clearDays)
        let today = Zone.london.date(of: Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)))
        let meetingDay = today.adding(days: 4)
        let neededBy = try calendar.latest(before: meetingDay, leaving: fiveClear)
        let earliest = try calendar.earliest(after: today, by: fiveClear)
        _ = try ok(["meeting", "schedule", "housing-repairs", "cc-1", "--title", "Coordinating committee", "--method", "coordinating-committee",
                    "--start", "+4d 18:30", "--place", "Committee Room 2", "--invite-all"])
        _ = try ok(["meeting", "papers", "housing-repairs", "cc-1"])

        // why explains the refusal in plain words, with the dates.
        let why = try ok(["review", "why", "housing-repairs", "agree-scope"])
        #expect(why.stdout.contains("Not allowed now."))
        #expect(why.stdout.contains("judged at meeting 'cc-1'"))
        #expect(why.stdout.contains("papers for 'Coordinating committee' were published on \(today), "), "\(why.stdout)")
        #expect(why.stdout.contains("before the meeting on \(meetingDay)"))
        #expect(why.stdout.contains("5 are required. Papers were needed by \(neededBy); with these papers the earliest meeting "
            + "that can take the decision is on \(earliest)."), "\(why.stdout)")
        #expect(why.stdout.contains("met      Representatives of users, communities and trade unions invited"))
        #expect(why.stdout.contains("6 organisations from 5 categories invited"))
        #expect(why.stdout.contains("NOT MET  Public notice of the meeting"))
        #expect(why.stdout.contains("Earliest possible: \(earliest) (\(earliest.longDescription))."))
        let whyJSON = try ok(["review", "why", "housing-repairs", "agree-scope", "--json"])
        let readiness = (Self.json(whyJSON.stdout) as? [[String: Any]])?.first
        let papers = (readiness?["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "papers-five-clear-days" }
        #expect(Self.date(papers?["neededBy"]) == neededBy.description)
        #expect(Self.date(papers?["allowedFrom"]) == earliest.description)

        // plan gives the latest dates for a decision a month ahead.
        let target = today.adding(days: 30)
        let latest = try calendar.latest(before: target, leaving: fiveClear)
        let plan = try ok(["review", "plan", "housing-repairs", "agree-scope", "--on", "+30d"])
        #expect(plan.stdout.contains("on \(target.longDescription)"))
        let papersLine = plan.stdout.split(separator: "\n").first { $0.contains("papers-five-clear-days") }.map(String.init) ?? ""
        #expect(papersLine.hasPrefix("due"), "\(plan.stdout)")
        #expect(papersLine.contains("\(latest)  papers-five-clear-days") && papersLine.contains("papers published by \(latest)"), "\(plan.stdout)")
        #expect(plan.stdout.contains("public notice of the meeting given by \(latest)"))
        #expect(plan.stdout.contains("Possible on \(target)"))
        let planJSON = Self.json(try ok(["review", "plan", "housing-repairs", "agree-scope", "--on", target.description, "--json"]).stdout) as? [String: Any]
        #expect(planJSON?["on"] as? String == target.description)
        #expect((planJSON?["steps"] as? [[String: Any]])?.count == 3)
        // A decision of a later phase: what the workflow asks comes first, and here rules the date out.
        let laterPhase = try ok(["review", "plan", "housing-repairs", "approve-assessment", "--on", "+3d"])
        #expect(laterPhase.stdout.contains("Not possible on \(today.adding(days: 3)):"), "\(laterPhase.stdout)")
        #expect(laterPhase.stdout.contains("the review must have moved on to phase 'Assessment' by \(today.adding(days: 3)); it is in phase 'Scoping'"),
                "\(laterPhase.stdout)")
        #expect(laterPhase.stdout.contains("(close-involvement) must be taken first, but cannot be by \(today.adding(days: 3))"), "\(laterPhase.stdout)")

        // Taking the decision is refused with exit 3, every unmet rule printed and nothing recorded.
        let before = try ok(["review", "log", "housing-repairs"]).stdout
        let refused = try run(["decision", "take", "housing-repairs", "agree-scope", "--meeting", "cc-1", "--outcome", "Scope agreed"])
        #expect(refused.status == 3, "\(refused.all)")
        #expect(refused.stderr.contains("is not allowed now:"))
        #expect(refused.stderr.contains("Papers were needed by \(neededBy)"))
        #expect(refused.stderr.contains(", at a meeting on or after that date: 'cc-1' on \(meetingDay) is too early; move it, or take the decision at a later meeting."),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("Public notice of the meeting: public notice for 'Coordinating committee' has not been given"))
        // With --json a script gets the refusal's problem document on standard output, with the same exit status.
        let refusedJSON = try run(["decision", "take", "housing-repairs", "agree-scope", "--meeting", "cc-1", "--outcome", "Scope agreed", "--json"])
        #expect(refusedJSON.status == 3, "\(refusedJSON.all)")
        let problem = Self.json(refusedJSON.stdout) as? [String: Any]
        #expect(problem?["type"] as? String == "https://bvd.invalid/problems/refused", "\(refusedJSON.stdout)")
        #expect((problem?["rules"] as? [[String: Any]])?.contains { $0["rule"] as? String == "papers-five-clear-days" } == true)
        #expect(try ok(["review", "log", "housing-repairs"]).stdout == before)
        #expect(before.contains("organisation-invited") && before.contains("papers-published"))
        #expect(before.contains("meeting cc-1"), "the audit trail names what each change was about:\n\(before)")

        // show: the phase timeline, participation, the meeting and the blocked decision.
        let show = try ok(["review", "show", "housing-repairs"])
        for text in ["Review housing-repairs: Housing repairs", "plan year 2028/29", "Phase timeline", "Scoping", "<- current",
                     "Local Performance Plan", "Participation: 6 organisations in 5 categories", "Mary Jones",
                     "published \(today)", "not given", "Open decisions",
                     "agree-scope: Agree the aims, objectives, purpose, scope and extent of involvement — BLOCKED",
                     "Papers were needed by \(neededBy)", "Next reminders", "meeting-reminder"] {
            #expect(show.stdout.contains(text), "'\(text)' missing from:\n\(show.stdout)")
        }
        let scoping = show.stdout.split(separator: "\n").first { $0.hasPrefix("Scoping ") }.map(String.init) ?? ""
        #expect(scoping.contains("\(today)") && scoping.contains("<- current"), "\(scoping)")

        // agenda: the meeting's reminder the day before.
        let agenda = try ok(["agenda", "--review", "housing-repairs"])
        let reminder = agenda.stdout.split(separator: "\n").first { $0.contains("meeting-reminder") }.map(String.init) ?? ""
        #expect(reminder.contains("Coordinating committee") && reminder.contains("\(meetingDay.adding(days: -1)) 09:00"), "\(agenda.stdout)")

        // --json prints the API's JSON: it parses, with the values bvd holds.
        let shown = Self.json(try ok(["review", "show", "housing-repairs", "--json"]).stdout) as? [String: Any]
        let review = shown?["review"] as? [String: Any]
        #expect(review?["id"] as? String == "housing-repairs")
        #expect((review?["organisations"] as? [Any])?.count == 6)
        #expect((review?["meetings"] as? [[String: Any]])?.first?["papersPublished"] != nil)
        #expect((shown?["openDecisions"] as? [Any])?.count == 3)
        let agendaJSON = Self.json(try ok(["agenda", "--json"]).stdout) as? [[String: Any]]
        #expect(agendaJSON?.contains { $0["kind"] as? String == "meeting-reminder" } == true)
        let listed = Self.json(try ok(["review", "list", "--json"]).stdout) as? [[String: Any]]
        #expect(listed?.first?["phase"] as? String == "scoping")
        #expect(listed?.first?["workflowVersion"] as? Int == 1)
        #expect(try ok(["review", "list"]).stdout.contains("best-value-review v1"))
        let accepted = Self.json(try ok(["meeting", "notice", "housing-repairs", "cc-1", "--json"]).stdout) as? [String: Any]
        #expect(accepted?["review"] as? String == "housing-repairs")
        #expect((accepted?["events"] as? [Any])?.count == 1)
        // Moved three weeks on, its papers and notice now in time: allowed at the meeting, which
        // has not begun, and so not yet now.
        _ = try ok(["meeting", "reschedule", "housing-repairs", "cc-1", "--start", "+21d 18:30"])
        let later = today.adding(days: 21)
        let listedLater = try ok(["decision", "list", "housing-repairs"]).stdout
        #expect(listedLater.contains("agree-scope: Agree the aims, objectives, purpose, scope and extent of involvement — allowed at the meeting on \(later) 18:30"),
                "\(listedLater)")
        #expect(!listedLater.contains("allowed now"), "\(listedLater)")
        // Notice of a key decision given today for ten days ahead: recorded, with a warning that
        // the 28 clear days it needs rule that date out.
        let shortNotice = try ok(["decision", "notice", "housing-repairs", "approve-assessment", "--intended", "+10d"])
        #expect(shortNotice.stdout.contains("Recorded notice of decision 'approve-assessment'"), "\(shortNotice.all)")
        #expect(shortNotice.stderr.contains("Warning: the decision cannot be taken on \(today.adding(days: 10)), the intended date:"), "\(shortNotice.all)")
        // 28 clear days, nothing excluded: notice by 29 days before.
        #expect(shortNotice.stderr.contains("notice of the decision given on \(today), after \(today.adding(days: 10 - 29))"), "\(shortNotice.all)")
        // Two months ahead leaves 28 clear days, but not the 12 weeks of consultation that the
        // decisions before it need; seven months leave both.
        let soonerNotice = try ok(["decision", "notice", "housing-repairs", "approve-plan", "--intended", "+60d"])
        #expect(soonerNotice.stderr.contains("(close-involvement) must be taken first, but cannot be by \(today.adding(days: 60))"), "\(soonerNotice.all)")
        let longNotice = try ok(["decision", "notice", "housing-repairs", "approve-plan", "--intended", "+210d"])
        #expect(longNotice.stderr.isEmpty, "\(longNotice.all)")
        // Listed in the order taken, then noticed: notice of approve-assessment given again, later, puts it after approve-plan.
        _ = try ok(["decision", "notice", "housing-repairs", "approve-assessment", "--intended", "+200d"])
        let ordered = try ok(["decision", "list", "housing-repairs"]).stdout
        #expect((ordered.range(of: "approve-plan")?.lowerBound).map { $0 < (ordered.range(of: "approve-assessment")?.lowerBound ?? $0) } == true,
                "\(ordered)")
        let verified = try ok(["review", "verify"])
        #expect(verified.stdout.contains("The event log is sound"))
        // -o - is standard output, as for import's FILE.
        let exported = try ok(["review", "export", "housing-repairs", "-o", "-"])
        #expect(exported.stdout.hasPrefix("{") && exported.stdout.contains("\"format\":\"bvd-review-archive\""), "\(exported.stdout.prefix(200))")
        #expect(!exported.stdout.contains("Wrote "))
        // To a file: what was written is counted as the header does, events, timers and notices apart.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = try ok(["review", "export", "housing-repairs", "-o", file])
        let header = Self.json(exported.stdout.split(separator: "\n").first.map(String.init) ?? "") as? [String: Any]
        let (events, timers, notices) = (header?["events"] as? Int ?? -1, header?["timers"] as? Int ?? -1, header?["notices"] as? Int ?? -1)
        #expect(notices > 0, "the review's invitations and notices of decisions are queued")
        #expect(exported.stdout.split(separator: "\n").count == 1 + events + timers + notices)
        #expect(written.stdout == "Wrote review 'housing-repairs' (a header, \(events) events, \(timers) timer\(timers == 1 ? "" : "s") and \(notices) notices) to \(file).\n",
                "\(written.stdout)")
        let unwritable = try run(["review", "export", "housing-repairs", "-o", "/nonexistent-dir/x.jsonl"])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("/nonexistent-dir/x.jsonl: cannot write the file: No such file or directory"),
                "\(unwritable.all)")
        let unreadable = try run(["review", "import", "/nonexistent-dir/x.jsonl"])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("/nonexistent-dir/x.jsonl: cannot read the file: No such file or directory"),
                "\(unreadable.all)")
        // An archive read back whole imports only where the review is not: here it is refused, naming line 1.
        let again = try run(["review", "import", file])
        #expect(again.status == 1 && again.stderr.contains("line 1 of the archive: review 'housing-repairs' already exists here"), "\(again.all)")

        // A query table edited in the file: verify names it and exits 1; rebuild (an administrator's, as root is) mends it.
        try DatabaseQueue(path: scratch.path("state/bvd.sqlite")).write { db in
            try db.execute(sql: "UPDATE organisation SET name = 'Forged' WHERE review = 'housing-repairs' AND position = 0")
        }
        let broken = try run(["review", "verify"])
        #expect(broken.status == 1, "\(broken.all)")
        #expect(broken.stdout.contains("projection 'organisation' of review 'housing-repairs' differs from a fresh fold"), "\(broken.all)")
        let rebuilt = try ok(["review", "rebuild"])
        #expect(rebuilt.stdout.contains("Rebuilt the query tables of 1 review from the event log. The event log is sound"), "\(rebuilt.all)")
        #expect(try ok(["review", "verify"]).stdout.contains("The event log is sound"))

        // Exit statuses: 4 unknown review, 2 bad date or usage, 6 daemon down.
        let unknown = try run(["review", "show", "no-such-review"])
        #expect(unknown.status == 4, "\(unknown.all)")
        #expect(unknown.stderr.contains("no review 'no-such-review'"))
        let badDate = try run(["review", "plan", "housing-repairs", "agree-scope", "--on", "2027-02-30"])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--on: '2027-02-30' is not a date: February 2027 has 28 days"), "\(badDate.stderr)")
        #expect(badDate.stderr.contains("Usage: bvctl review plan"))
        let noTime = try run(["meeting", "schedule", "housing-repairs", "cc-2", "--title", "T", "--method", "workshop",
                              "--start", "tomorrow", "--place", "P"])
        #expect(noTime.status == 2)
        #expect(noTime.stderr.contains("'tomorrow' has no time of day"))
        let noContact = try run(["rep", "add", "housing-repairs", "unison-branch", "sam", "--name", "Sam"])
        #expect(noContact.status == 2)
        #expect(noContact.stderr.contains("give --email or --phone"))
        let missing = try run(["review", "create", "x"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--title"))

        // A response deadline shorter than the workflow's 20 working days is recorded, with a warning.
        let short = try ok(["proposal", "publish", "housing-repairs", "options-1", "--title", "Options", "--deadline", "+1w"])
        let usual = try calendar.earliest(after: today, by: DayCount(20, .workingDays))
        #expect(short.stdout.contains("proposal-published #"), "\(short.all)")
        #expect(short.stderr == "Warning: responses close on \(today.adding(days: 7)), before the workflow's response window of 20 working days "
            + "(weekends, bank-holidays excluded) ends on \(usual); rule 'Response window after each proposal' asks for that time to respond "
            + "— Gunning principles (adequate time).\n", "\(short.all)")
        #expect(try ok(["proposal", "publish", "housing-repairs", "options-2", "--title", "Options", "--deadline", "+8w"]).stderr.isEmpty)
        // A committee two days off: scheduled, with a warning that its papers and notice are already late.
        let soon = try ok(["meeting", "schedule", "housing-repairs", "cc-soon", "--title", "Extra committee", "--method", "coordinating-committee",
                           "--start", "+2d 18:00", "--place", "Town Hall"])
        #expect(soon.stderr.contains("Warning: for 'Extra committee' on ") && soon.stderr.contains("which has passed: a decision at this meeting would be refused."),
                "\(soon.all)")

        // An event edited in the file: the review is not exported, and the event is named.
        try DatabaseQueue(path: scratch.path("state/bvd.sqlite")).write { db in
            try db.execute(sql: "DROP TRIGGER event_is_append_only_update")
            try db.execute(sql: "UPDATE event SET actor = 'someone else' WHERE review = 'housing-repairs' AND seq = (SELECT MAX(seq) FROM event)")
        }
        let damaged = try run(["review", "export", "housing-repairs"])
        #expect(damaged.status == 1 && damaged.stderr.contains("was altered: its hash does not match its content") && damaged.stdout.isEmpty,
                "\(damaged.all)")

        #expect(daemon.terminate() == 0)
        let down = try run(["review", "list"])
        #expect(down.status == 6)
        #expect(down.stderr.contains("cannot reach bvd at \(daemon.socket)"))
    }
}
