import BVCore
import BVWorkflowFile
import Testing

/// A rehearsal: the same kinds of rule with periods of seconds, so limits are exact instants.
@Suite("A rehearsal workflow with time parts")
struct RehearsalTests {
    static let yaml = """
        id: rehearsal
        version: 1
        title: Rehearsal in seconds
        roles:
          - {id: lead-officer, title: Lead officer}
        categories:
          - {id: tenants, title: Tenants}
        methods:
          - {id: committee, title: Committee, takes-decisions: true}
        rules:
          - {id: papers, kind: papers-before-meeting, title: Papers before the meeting, period: PT30S}
          - {id: notice, kind: notice-before-meeting, title: Notice of the meeting, period: PT20S}
          - {id: consultation, kind: consultation-period, title: Consultation, period: PT2M}
          - {id: window, kind: response-window, title: Response window, period: PT1M}
        decisions:
          - {id: agree, title: Agree the scope, at-meeting: true, rules: [papers, notice]}
          - {id: close, title: Close the consultation, rules: [consultation, window]}
        phases:
          - id: scoping
            title: Scoping
            decisions: [agree]
            exit: {decisions: [agree]}
            deadline: {after-entry: PT5M}
            escalate-to: [lead-officer]
            reminders:
              - {before: meeting, offsets: [PT1M, PT10S], to: [invitees]}
              - {before: papers-due, offsets: [PT10S], to: [lead-officer]}
              - {before: deadline, offsets: [PT1M], to: [lead-officer]}
          - id: consulting
            title: Consulting
            decisions: [close]
            exit: {decisions: [close]}
            reminders:
              - {before: response-deadline, offsets: [PT30S], to: [representatives]}
        """

    static let workflow: WorkflowDefinition = {
        switch WorkflowLoader.parse(yaml: yaml, file: "rehearsal.yaml") {
        case .success(let definition): return definition
        case .failure(let error): fatalError("the rehearsal workflow does not load:\n\(error)")
        }
    }()

    /// Started at 10:00:00 BST on 1 June 2027 (09:00:00Z), with a committee at 10:02:00 BST.
    static func rehearsal() -> ReviewDriver {
        var r = ReviewDriver(review: "rehearsal-1", workflow: workflow, at: "2027-06-01T10:00:00")
        r.run(.start(title: "Rehearsal", service: "Repairs", lead: "j.smith", planYear: 2028))
        r.run(.invite(organisation: "t1", name: "Tenants' Federation", category: "tenants"))
        r.schedule("m1", "Committee", "committee", at: "2027-06-01T10:02:00", invitees: ["t1"])
        return r
    }

    @Test func remindersFallAtExactInstants() {
        let r = Self.rehearsal()
        #expect(r.notices.map { "\($0.due) \($0.kind.rawValue) \($0.subject) \($0.rule)" } == [
            "2027-06-01T09:01:00Z meeting-reminder m1 1 minute before",
            "2027-06-01T09:01:20Z papers-due m1 10 seconds before",
            "2027-06-01T09:01:50Z meeting-reminder m1 10 seconds before",
            "2027-06-01T09:04:00Z deadline-approaching scoping 1 minute before",
            "2027-06-01T09:05:00Z deadline-passed scoping when the deadline passes",
        ])
        #expect(Set(r.notices.map(\.key)).count == r.notices.count)
        // Two reminders of one meeting on one day: keys with the exact instant keep them apart.
        #expect(r.notices(.meetingReminder, about: "m1").map(\.key) == ["rehearsal-1/meeting-reminder/m1/2027-06-01T09:01:00Z",
                                                                        "rehearsal-1/meeting-reminder/m1/2027-06-01T09:01:50Z"])
        let papers = r.notices(.papersDue, about: "m1")
        #expect(papers.map(\.subjectAt) == [utc("2027-06-01T09:01:30Z")])
        #expect(papers.map(\.subjectTitle) == ["papers for 'Committee' (due by 2027-06-01 10:01:30 BST)"])
        #expect(r.notices(.meetingReminder, about: "m1").allSatisfy {
            $0.subjectAt == utc("2027-06-01T09:02:00Z") && $0.recipients.are(roles: [], organisations: ["t1"])
        })
    }

    @Test func refusalsAndEarliestAreExactInstants() throws {
        var r = Self.rehearsal()
        r.at("2027-06-01T10:01:45")
        r.run(.publishPapers(meeting: "m1", on: nil))
        r.at("2027-06-01T10:01:50")
        r.run(.giveMeetingNotice(meeting: "m1", on: nil))
        r.at("2027-06-01T10:02:05")
        guard case .refused(let late)? = r.refuse(.takeDecision(decision: "agree", meeting: "m1", outcome: "Agreed")) else {
            Issue.record("papers 15 seconds before the meeting should be refused")
            return
        }
        let findings = Dictionary(uniqueKeysWithValues: late.unmet.map { ($0.rule, $0) })
        #expect(findings["papers"]?.sentence == "papers for 'Committee' were published on 2027-06-01 10:01:45 BST, "
            + "15 seconds before the meeting on 2027-06-01 10:02 BST; 30 seconds are required. "
            + "Papers were needed by 2027-06-01 10:01:30 BST; with these papers the earliest meeting that can take the decision is on 2027-06-01 10:02:15 BST.")
        #expect(findings["papers"]?.neededBy == .instant(utc("2027-06-01T09:01:30Z")))
        #expect(findings["papers"]?.allowedFrom == .instant(utc("2027-06-01T09:02:15Z")))
        #expect(findings["notice"]?.sentence == "public notice for 'Committee' was given on 2027-06-01 10:01:50 BST, "
            + "10 seconds before the meeting on 2027-06-01 10:02 BST; 20 seconds are required. "
            + "Public notice was needed by 2027-06-01 10:01:40 BST; with this notice the earliest meeting that can take the decision is on 2027-06-01 10:02:10 BST.")
        #expect(findings["notice"]?.allowedFrom == .instant(utc("2027-06-01T09:02:10Z")))
        // The later of the two.
        #expect(late.earliest == .instant(utc("2027-06-01T09:02:15Z")))

        // One second short: the notice is now in time (24 s) but the papers are not (29 s).
        r.run(.rescheduleMeeting(meeting: "m1", start: local("2027-06-01T10:02:14"), place: nil))
        r.at("2027-06-01T10:02:14")
        guard case .refused(let short)? = r.refuse(.takeDecision(decision: "agree", meeting: "m1", outcome: "Agreed")) else {
            Issue.record("papers 29 seconds before the meeting should be refused")
            return
        }
        #expect(short.unmet.map(\.rule) == ["papers"])
        #expect(short.unmet.first?.explanation.contains("29 seconds before the meeting on 2027-06-01 10:02:14 BST") == true)
        #expect(short.earliest == .instant(utc("2027-06-01T09:02:15Z")))

        // Exactly 30 seconds: allowed.
        r.run(.rescheduleMeeting(meeting: "m1", start: local("2027-06-01T10:02:15"), place: nil))
        r.at("2027-06-01T10:02:15")
        r.run(.takeDecision(decision: "agree", meeting: "m1", outcome: "Agreed"))
        r.run(.recordMeetingHeld(meeting: "m1", minutes: "Agreed"))
        r.run(.advance)
        #expect(r.state?.currentPhase == "consulting")
    }

    @Test func consultationAndResponseWindowInSeconds() throws {
        var r = Self.rehearsal()
        r.at("2027-06-01T10:01:00")
        r.record(.phaseEntered(phase: "consulting"))
        r.at("2027-06-01T10:03:00")
        r.run(.publishProposal(proposal: "p1", title: "Draft", responseDeadline: nil))
        // The window is the rule's PT1M: it closes at an instant.
        #expect(r.state?.proposal("p1")?.responseDeadline == .instant(utc("2027-06-01T09:04:00Z")))
        let reminders = r.notices(.responseDeadline, about: "p1")
        #expect(reminders.map(\.due) == [utc("2027-06-01T09:03:30Z")])
        #expect(reminders.map(\.subjectAt) == [utc("2027-06-01T09:04:00Z")])
        #expect(reminders.count == 1 && reminders.allSatisfy { $0.recipients.are(organisations: ["t1"]) })

        r.at("2027-06-01T10:03:59")
        let both = try #require(whyClose(r))
        #expect(both.unmet.map(\.rule) == ["consultation", "window"])
        #expect(both.unmet.last?.sentence == "responses may still be made to proposal 'Draft' until 2027-06-01 10:04 BST. "
            + "The decision can be taken from 2027-06-01 10:04 BST.")
        #expect(both.earliest == .instant(utc("2027-06-01T09:05:00Z")))

        // The window closes at its instant exactly.
        r.at("2027-06-01T10:04:00")
        #expect(try #require(whyClose(r)).unmet.map(\.rule) == ["consultation"])

        r.clock.set(utc("2027-06-01T09:05:00Z").adding(milliseconds: -1))
        guard case .refused(let short)? = r.refuse(.takeDecision(decision: "close", meeting: nil, outcome: "Closed")) else {
            Issue.record("a millisecond short of 2 minutes should be refused")
            return
        }
        #expect(short.unmet.map(\.sentence) == ["consultation began on 2027-06-01 10:03 BST with proposal 'Draft'; "
            + "by 2027-06-01 10:04:59 BST it has run 119 seconds; 2 minutes are required. The decision can be taken from 2027-06-01 10:05 BST."])
        #expect(short.earliest == .instant(utc("2027-06-01T09:05:00Z")))
        r.at("2027-06-01T10:05:00")
        r.run(.takeDecision(decision: "close", meeting: nil, outcome: "Closed"))
    }

    @Test func aPlanInSecondsGivesInstants() throws {
        let r = Self.rehearsal()
        let state = try #require(r.state)
        let plan = try r.engine.plan("agree", on: civil("2027-06-01"), state: state, now: r.clock.now()).get()
        // The meeting on the day is at 10:02:00: papers by 10:01:30, notice by 10:01:40.
        #expect(plan.steps.map(\.latest) == [.instant(utc("2027-06-01T09:01:30Z")), .instant(utc("2027-06-01T09:01:40Z"))])
        #expect(plan.steps.map(\.text) == ["papers published by 2027-06-01 10:01:30 BST",
                                           "public notice of the meeting given by 2027-06-01 10:01:40 BST"])
        #expect(plan.possible)
    }

    func whyClose(_ r: ReviewDriver) -> DecisionReadiness? {
        guard let state = r.state else { return nil }
        return try? r.engine.why("close", state: state, now: r.clock.now()).get()
    }
}
