import BVCore
import Testing

@Suite("Commands that are refused, and why")
struct CommandRefusalTests {
    /// Scoping on 2027-01-04 with three organisations and a committee on 1 April.
    static func scoping() -> ReviewDriver {
        var r = ReviewDriver.started(invited: 3)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00",
                   invitees: ["tenants-federation", "unison"])
        return r
    }

    @Test func notFound() {
        var r = Self.scoping()
        #expect(r.refuse(.publishPapers(meeting: "committee-9", on: nil)) == .notFound("no meeting 'committee-9' in this review"))
        #expect(r.refuse(.cancelMeeting(meeting: "committee-9", reason: "Moved")) == .notFound("no meeting 'committee-9' in this review"))
        #expect(r.refuse(.scheduleMeeting(meeting: "workshop-1", title: "Workshop", method: "workshop", start: local("2027-02-10T18:00"),
                                          place: "Library", invitees: ["tenants-federation", "ghost-club"]))
            == .notFound("organisation 'ghost-club' has not been invited to this review"))
        #expect(r.refuse(.signBaseline(organisation: "ghost-club", agrees: true, reason: nil))
            == .notFound("organisation 'ghost-club' has not been invited to this review"))
        #expect(r.refuse(.giveDecisionNotice(decision: "approve-everything", on: nil, intendedDate: nil))
            == .notFound("the workflow has no decision 'approve-everything'"))
        #expect(r.refuse(.takeDecision(decision: "approve-everything", meeting: nil, outcome: "Approved"))
            == .notFound("the workflow has no decision 'approve-everything'; its decisions are agree-scope, agree-involvement-plan, "
                + "agree-information, close-involvement, agree-baseline, approve-assessment, approve-plan, publish-plan, close-review"))
        #expect(r.refuse(.takeDecision(decision: "agree-scope", meeting: "committee-9", outcome: "Agreed"))
            == .notFound("no meeting 'committee-9' in this review"))
        let missing = r.engine.handle(.advance, review: "no-such-review", state: nil, now: r.clock.now(), actor: r.actor)
        #expect(throws: CommandError.notFound("no review 'no-such-review'")) { try missing.get() }
    }

    @Test("papers published on the day of the meeting are said to be so, not '0 clear days before' it")
    func papersOnTheDay() {
        var r = Self.scoping()
        r.at("2027-04-01T09:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        r.at("2027-04-01T19:00")
        let unmet = ReviewDriver.unmet(r.refuse(.takeDecision(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed")))
        #expect(unmet["papers-five-clear-days"]?.hasPrefix("papers for 'Coordinating committee' were published on 2027-04-01, "
            + "the day of the meeting itself, not a day before it; 5 are required.") == true, "\(unmet)")
    }

    @Test func invalid() {
        var r = Self.scoping()
        #expect(r.refuse(.publishPapers(meeting: "committee-1", on: civil("2027-01-05")))
            == .invalid("papers cannot be recorded for 2027-01-05, which is after today (2027-01-04)"))
        #expect(r.refuse(.giveMeetingNotice(meeting: "committee-1", on: civil("2027-02-01")))
            == .invalid("public notice cannot be recorded for 2027-02-01, which is after today (2027-01-04)"))
        #expect(r.refuse(.giveDecisionNotice(decision: "approve-assessment", on: civil("2027-01-05"), intendedDate: nil))
            == .invalid("notice cannot be recorded for 2027-01-05, which is after today (2027-01-04)"))
        #expect(r.refuse(.giveDecisionNotice(decision: "approve-assessment", on: nil, intendedDate: civil("2027-01-03")))
            == .invalid("the intended date 2027-01-03 is before the notice, given on 2027-01-04; a notice announces a decision still to come"))
        #expect(r.refuse(.setDisclosure(item: "contract-terms", title: "Pricing schedule", disclosure: .exempt, reason: nil))
            == .invalid("an exempt item must state the reason it is withheld"))
        #expect(r.refuse(.setDisclosure(item: "contract-terms", title: "Pricing schedule", disclosure: .exempt, reason: "  \n"))
            == .invalid("an exempt item must state the reason it is withheld"))
        r.run(.publishBaseline)
        #expect(r.refuse(.signBaseline(organisation: "unison", agrees: false, reason: nil)) == .invalid("an objection must give its reasons"))
        #expect(r.refuse(.signBaseline(organisation: "unison", agrees: false, reason: " ")) == .invalid("an objection must give its reasons"))
        #expect(r.refuse(.scheduleMeeting(meeting: "old", title: "Old", method: "workshop", start: local("2027-01-03T18:00"),
                                          place: "Library", invitees: []))
            == .invalid("a meeting cannot be scheduled in the past (2027-01-03T18:00)"))
        #expect(r.refuse(.cancelMeeting(meeting: "committee-1", reason: " ")) == .invalid("say why the meeting is cancelled; invitees are told"))
        // Today is allowed, and so are the reasons given.
        r.run(.publishPapers(meeting: "committee-1", on: civil("2027-01-04")))
        r.run(.setDisclosure(item: "contract-terms", title: "Pricing schedule", disclosure: .exempt, reason: "Commercially confidential"))
        r.run(.signBaseline(organisation: "unison", agrees: false, reason: "Agency costs omitted"))
    }

    @Test func aResponseCannotPredateItsProposal() {
        var r = Self.scoping()
        r.at("2027-01-11T10:00")
        r.run(.publishProposal(proposal: "p1", title: "Repairs within 28 days", responseDeadline: nil))
        #expect(r.refuse(.receiveResponse(response: "r1", proposal: "p1", organisation: "unison", summary: "Yes", on: civil("2027-01-08")))
            == .invalid("a response to 'p1' cannot be recorded for 2027-01-08, before the proposal was published on 2027-01-11"))
        r.run(.receiveResponse(response: "r1", proposal: "p1", organisation: "unison", summary: "Yes", on: civil("2027-01-11")))
    }

    @Test("a meeting on the record (decisions taken at it, or held) can be neither moved nor cancelled")
    func meetingOnTheRecord() {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("committee-0", "Coordinating committee", "coordinating-committee", at: "2027-02-04T18:00", invitees: [])
        r.at("2027-01-20T10:00")
        r.run(.publishPapers(meeting: "committee-0", on: nil))
        r.run(.giveMeetingNotice(meeting: "committee-0", on: nil))
        r.at("2027-02-04T19:00")
        r.run(.takeDecision(decision: "agree-scope", meeting: "committee-0", outcome: "Agreed"))
        #expect(r.refuse(.cancelMeeting(meeting: "committee-0", reason: "Mistake"))
            == .conflict("decisions were taken at 'Coordinating committee' (agree-scope); a meeting that took them cannot be cancelled"))
        #expect(r.refuse(.rescheduleMeeting(meeting: "committee-0", start: local("2027-03-01T18:00"), place: nil))
            == .conflict("decisions were taken at 'Coordinating committee' (agree-scope); a meeting that took them cannot be moved"))
        r.run(.recordMeetingHeld(meeting: "committee-0", minutes: "Agreed"))
        #expect(r.refuse(.cancelMeeting(meeting: "committee-0", reason: "Mistake"))
            == .conflict("'Coordinating committee' was recorded as held on 2027-02-04; a meeting that took place cannot be cancelled"))
    }

    @Test("a decision cannot be dated by a meeting that began before the review entered its phase")
    func meetingBeforeThePhase() throws {
        var r = ReviewDriver.started(invited: 6)
        r.enterInvolvement()
        guard case .refused(let readiness)? = r.refuse(.takeDecision(decision: "close-involvement", meeting: "committee-0", outcome: "Closed")) else {
            Issue.record("not refused by the workflow")
            return
        }
        #expect(readiness.blockers.contains("meeting 'Coordinating committee (scope)' began at 2027-02-04 18:00 GMT, before the review entered phase 'Involvement' "
            + "at 2027-02-04 19:00 GMT; take the decision at a meeting after that"), "\(readiness.blockers)")
    }

    @Test("a target's date goes with the plan year's target, and not before the review began")
    func targetDates() {
        var r = ReviewDriver.started(invited: 6)
        r.run(.addIndicator(code: "BV212", name: "Re-let time", unit: "days", polarity: .lowerIsBetter, baseline: 38))
        #expect(r.refuse(.setTarget(code: "BV212", target: 28, by: civil("2026-01-01")))
            == .invalid("a target cannot be due by 2026-01-01, before the review began on 2027-01-04"))
        #expect(r.refuse(.setTarget(code: "BV212", target: 30, by: civil("2029-05-01"), year: 2029))
            == .invalid("a date ('by 2029-05-01') goes with the plan year's target (2028/29); the target for 2029/30 is for that year as a whole"))
        r.run(.setTarget(code: "BV212", target: 30, by: nil, year: 2029))
        r.run(.setTarget(code: "BV212", target: 28, by: civil("2029-03-31")))
    }

    @Test func conflict() {
        var r = Self.scoping()
        #expect(r.refuse(.start(title: "Again", service: "Repairs", lead: "j.smith", planYear: nil))
            == .conflict("review 'housing-repairs' already exists"))
        #expect(r.refuse(.invite(organisation: "unison", name: "UNISON", category: "trade-unions"))
            == .conflict("organisation 'unison' is already invited to this review"))
        #expect(r.refuse(.scheduleMeeting(meeting: "committee-1", title: "Another", method: "coordinating-committee",
                                          start: local("2027-05-06T18:00"), place: "Town Hall", invitees: []))
            == .conflict("meeting 'committee-1' already exists in this review"))
        #expect(r.refuse(.signBaseline(organisation: "unison", agrees: true, reason: nil))
            == .conflict("the baseline profile has not been published yet"))
        r.run(.cancelMeeting(meeting: "committee-1", reason: "The chair is unavailable"))
        let cancelled = CommandError.conflict("meeting 'committee-1' was cancelled")
        #expect(r.refuse(.publishPapers(meeting: "committee-1", on: nil)) == cancelled)
        #expect(r.refuse(.giveMeetingNotice(meeting: "committee-1", on: nil)) == cancelled)
        #expect(r.refuse(.rescheduleMeeting(meeting: "committee-1", start: local("2027-04-08T18:00"), place: nil)) == cancelled)
        #expect(r.refuse(.cancelMeeting(meeting: "committee-1", reason: "Again")) == cancelled)
        // A cancelled meeting's id stays taken.
        #expect(r.refuse(.scheduleMeeting(meeting: "committee-1", title: "Again", method: "coordinating-committee",
                                          start: local("2027-04-08T18:00"), place: "Town Hall", invitees: []))
            == .conflict("meeting 'committee-1' already exists in this review"))
    }

    @Test func advanceIsRefusedBeforeTheExitDecisions() throws {
        var r = Self.scoping()
        guard case .refused(let readiness)? = r.refuse(.advance) else {
            Issue.record("advancing with no decision taken should be refused")
            return
        }
        #expect(readiness.decision == "advance")
        #expect(readiness.title == "Leaving the Scoping phase")
        #expect(readiness.blockers == [
            "decision 'Agree the aims, objectives, purpose, scope and extent of involvement' has not been taken",
            "decision 'Agree the involvement plan and the timetable' has not been taken",
            "decision 'Agree which information will and will not be disclosed' has not been taken",
        ])
        #expect(readiness.findings.isEmpty)
        #expect(r.state?.currentPhase == "scoping")
    }

    @Test func aDecisionIsRefusedWithEveryReason() throws {
        var r = Self.scoping()
        let error = r.refuse(.takeDecision(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed"))
        guard case .refused(let readiness)? = error else {
            Issue.record("a decision before its meeting should be refused")
            return
        }
        #expect(readiness.blockers == ["meeting 'Coordinating committee' begins at 2027-04-01 18:00 BST; record the decision once it has begun"])
        #expect(readiness.unmet.map(\.rule) == ["broad-involvement", "papers-five-clear-days", "public-notice-five-clear-days"])
        let lines = try #require(error?.description).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(Array(lines.prefix(3)) == [
            "'Agree the aims, objectives, purpose, scope and extent of involvement' is not allowed now:",
            "- meeting 'Coordinating committee' begins at 2027-04-01 18:00 BST; record the decision once it has begun",
            "- Representatives of users, communities and trade unions invited: 3 organisations from 3 categories invited; "
                + "at least 6 from 4 categories are required. Invite more organisations (bvctl review invite).",
        ])
        #expect(lines[3] == "- Agenda and reports open to inspection before the meeting: papers for 'Coordinating committee' have not been published. "
            + "For the meeting on 2027-04-01 they must be published by 2027-03-22.")

        guard case .refused(let unnamed)? = r.refuse(.takeDecision(decision: "agree-scope", meeting: nil, outcome: "Agreed")) else {
            Issue.record("a decision taken at a meeting needs the meeting named")
            return
        }
        #expect(unnamed.blockers == ["'Agree the aims, objectives, purpose, scope and extent of involvement' is taken at a meeting; "
            + "name the meeting that takes it, such as 'committee-1' (Coordinating committee, 2027-04-01 18:00 BST)"])
    }

    @Test func aRefusedCommandRecordsNothing() throws {
        var r = Self.scoping()
        let events = r.events
        let state = try #require(r.state)
        let refused: [ReviewCommand] = [
            .advance,
            .takeDecision(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed"),
            .publishPapers(meeting: "committee-9", on: nil),
            .publishPapers(meeting: "committee-1", on: civil("2027-12-01")),
            .invite(organisation: "unison", name: "UNISON", category: "trade-unions"),
            .invite(organisation: "ramblers", name: "Ramblers", category: "walkers"),
            .setDisclosure(item: "x", title: "X", disclosure: .exempt, reason: nil),
            .recordMeetingHeld(meeting: "committee-1", minutes: "Too early"),
        ]
        for command in refused {
            #expect(r.refuse(command) != nil, "\(command)")
        }
        #expect(r.events == events)
        #expect(r.state == state)
        #expect(r.engine.plannedNotices(state: try #require(r.state)) == r.engine.plannedNotices(state: state))
    }
}
