import BVCore
import Testing

@Suite("why: what stands between a review and a decision")
struct WhyTests {
    static let deciders = "coordinating-committee, area-committee, executive-meeting"

    func why(_ r: ReviewDriver, _ decision: String, meeting: String? = nil) throws -> DecisionReadiness {
        try r.engine.why(decision, meeting: meeting, state: try #require(r.state), now: r.clock.now()).get()
    }

    @Test func judgedAtTheNextMeetingThatCanTakeTheDecision() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("committee-2", "Coordinating committee (April)", "coordinating-committee", at: "2027-04-08T18:00", invitees: [])
        r.schedule("workshop-1", "Tenants' workshop", "workshop", at: "2027-02-10T18:00", invitees: ["tenants-federation"])
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00", invitees: [])
        let readiness = try why(r, "agree-scope")
        #expect(readiness.meeting == "committee-1")
        #expect(readiness.at == utc("2027-04-01T17:00:00Z"))
        #expect(readiness.blockers.isEmpty)
        #expect(readiness.title == "Agree the aims, objectives, purpose, scope and extent of involvement")
        #expect(readiness.findings.map(\.rule) == ["broad-involvement", "papers-five-clear-days", "public-notice-five-clear-days"])
        #expect(readiness.findings.map(\.met) == [true, false, false])
        #expect(readiness.findings[0].explanation == "6 organisations from 6 categories invited")
        #expect(readiness.findings[1].sentence == "papers for 'Coordinating committee' have not been published. "
            + "For the meeting on 2027-04-01 they must be published by 2027-03-22.")
        #expect(readiness.findings[1].neededBy == .date(civil("2027-03-22")))
        // Papers and notice still in time: if they are done by 22 March, the meeting itself can take it.
        #expect(readiness.findings[1].allowedFrom == .date(civil("2027-04-01")))
        #expect(readiness.earliest == .date(civil("2027-04-01")))
        #expect(!readiness.allowed)
        // A workshop cannot take the decision, however early its papers: no date is offered for it.
        let atWorkshop = try why(r, "agree-scope", meeting: "workshop-1")
        #expect(atWorkshop.findings.first(where: { $0.rule == "papers-five-clear-days" })?.allowedFrom == nil)
        #expect(atWorkshop.earliest == nil)

        // Once the first committee is cancelled, the next one is used.
        r.run(.cancelMeeting(meeting: "committee-1", reason: "Moved"))
        #expect(try why(r, "agree-scope").meeting == "committee-2")
    }

    @Test("judged at a meeting that has begun, an earliest date already passed reads as today")
    func earliestNeverInThePast() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-01-20T18:00", invitees: [])
        r.at("2027-01-08T10:00")
        r.run(.giveMeetingNotice(meeting: "committee-1", on: nil))
        r.at("2027-01-18T10:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        r.at("2027-03-01T10:00")
        // Papers of 18 January allowed a meeting from 26 January; the committee of 20 January was too early.
        let readiness = try why(r, "agree-scope", meeting: "committee-1")
        let papers = readiness.findings.first { $0.rule == "papers-five-clear-days" }
        #expect(papers?.met == false)
        #expect(papers?.allowedFrom.map { $0.start(in: .london) < utc("2027-03-01T00:00:00Z") } == true)
        #expect(readiness.earliest == .date(civil("2027-03-01")))
    }

    @Test func blockedWhenNoMeetingCanTakeTheDecision() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("workshop-1", "Tenants' workshop", "workshop", at: "2027-02-10T18:00", invitees: ["tenants-federation"])
        let readiness = try why(r, "agree-scope")
        #expect(readiness.blockers == ["no meeting that can take decisions is scheduled (\(Self.deciders))"])
        #expect(readiness.meeting == nil)
        #expect(readiness.at == r.clock.now())
        #expect(readiness.findings.filter { !$0.met }.map(\.explanation) == [
            "no meeting has been named to take the decision, so papers cannot be judged",
            "no meeting has been named to take the decision, so public notice cannot be judged",
        ])
        #expect(readiness.earliest == nil)
    }

    @Test func blockedWhenAWorkshopIsNamed() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("workshop-1", "Tenants' workshop", "workshop", at: "2027-02-10T18:00", invitees: ["tenants-federation"])
        let readiness = try why(r, "agree-scope", meeting: "workshop-1")
        #expect(readiness.blockers == ["'Tenants' workshop' is a workshop on a specific issue, which cannot take decisions; "
            + "choose a meeting of: \(Self.deciders)"])
        #expect(readiness.meeting == "workshop-1")
    }

    @Test func blockedInTheWrongPhase() throws {
        let r = ReviewDriver.started(invited: 6)
        let readiness = try why(r, "close-involvement")
        #expect(readiness.blockers == ["'Close the involvement phase' belongs to phase 'Involvement'; the review is in phase 'Scoping'"])
        // Its rules are still judged: consultation has not begun; 12 weeks from today (2027-01-04) is 2027-03-29.
        #expect(readiness.unmet.map(\.sentence) == ["consultation has not begun: no proposal has been published. "
            + "If a proposal is published today (2027-01-04), the decision can be taken from 2027-03-29."])
        #expect(readiness.earliest == .date(civil("2027-03-29")))
        #expect(!readiness.allowed)
    }

    @Test func blockedWhenAlreadyTaken() throws {
        var r = ReviewDriver.started()
        r.enterInvolvement()
        // Involvement has begun: the scoping decision is taken and belongs to an earlier phase.
        #expect(Array(try why(r, "agree-scope").blockers.prefix(2)) == [
            "'Agree the aims, objectives, purpose, scope and extent of involvement' was already taken on 2027-02-04",
            "'Agree the aims, objectives, purpose, scope and extent of involvement' belongs to phase 'Scoping'; the review is in phase 'Involvement'",
        ])
    }

    /// Committee on 1 April 2027; papers published on 25 March, notice given on 24 March (both late).
    static func latePapersAndNotice(invited: Int = 6) -> ReviewDriver {
        var r = ReviewDriver.started(invited: invited)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00", invitees: [])
        r.at("2027-03-25T12:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        r.run(.giveMeetingNotice(meeting: "committee-1", on: civil("2027-03-24")))
        return r
    }

    @Test func earliestIsTheLatestOfTheUnmetRulesDates() throws {
        let r = Self.latePapersAndNotice()
        let readiness = try why(r, "agree-scope")
        #expect(readiness.meeting == "committee-1")
        let unmet = Dictionary(uniqueKeysWithValues: readiness.unmet.map { ($0.rule, $0) })
        #expect(unmet.keys.sorted() == ["papers-five-clear-days", "public-notice-five-clear-days"])
        // Clear days after 25 March: 30, 31 March, 1, 2 and 5 April (Easter and a weekend skipped) → 6 April.
        #expect(unmet["papers-five-clear-days"]?.allowedFrom == .date(civil("2027-04-06")))
        // After 24 March: 25, 30, 31 March, 1 and 2 April → 3 April.
        #expect(unmet["public-notice-five-clear-days"]?.allowedFrom == .date(civil("2027-04-03")))
        #expect(unmet["public-notice-five-clear-days"]?.sentence == "public notice for 'Coordinating committee' was given on 2027-03-24, "
            + "3 clear days before the meeting on 2027-04-01 (Good Friday, Easter Monday and the weekend do not count); 5 are required. "
            + "Public notice was needed by 2027-03-22; with this notice the earliest meeting that can take the decision is on 2027-04-03.")
        #expect(readiness.earliest == .date(civil("2027-04-06")))
    }

    @Test func noEarliestWhenARuleThatIsNotAboutTimeIsUnmet() throws {
        let r = Self.latePapersAndNotice(invited: 3)
        let scope = try why(r, "agree-scope")
        #expect(scope.unmet.map(\.rule) == ["broad-involvement", "papers-five-clear-days", "public-notice-five-clear-days"])
        #expect(scope.unmet.first?.allowedFrom == nil)
        #expect(scope.earliest == nil)
        // The same with an unsettled disclosure agreement.
        let information = try why(r, "agree-information")
        #expect(information.unmet.first?.sentence == "no information items have been listed for the disclosure agreement. "
            + "Record each item as public, representatives-only or exempt with a reason (bvctl disclosure set).")
        #expect(information.earliest == nil)
    }

    @Test func openDecisionsListsTheCurrentPhasesUntakenDecisions() throws {
        var r = Self.latePapersAndNotice()
        let state = try #require(r.state)
        let open = r.engine.openDecisions(state: state, now: r.clock.now())
        #expect(open.map(\.decision) == ["agree-scope", "agree-involvement-plan", "agree-information"])
        #expect(open.allSatisfy { $0.meeting == "committee-1" })
        #expect(open.map(\.earliest) == [.date(civil("2027-04-06")), .date(civil("2027-04-06")), nil])

        r.run(.rescheduleMeeting(meeting: "committee-1", start: local("2027-04-08T18:00"), place: nil))
        r.at("2027-04-08T19:00")
        r.run(.takeDecision(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed"))
        r.run(.recordMeetingHeld(meeting: "committee-1", minutes: "Scope agreed"))
        let rest = r.engine.openDecisions(state: try #require(r.state), now: r.clock.now())
        #expect(rest.map(\.decision) == ["agree-involvement-plan", "agree-information"])
        #expect(rest.allSatisfy { $0.blockers == ["no meeting that can take decisions is scheduled (\(Self.deciders))"] })
    }

    @Test func unknownDecisionOrMeeting() throws {
        let r = ReviewDriver.started(invited: 1)
        let state = try #require(r.state)
        #expect(throws: CommandError.notFound("the workflow has no decision 'agree-everything'; its decisions are agree-scope, "
            + "agree-involvement-plan, agree-information, close-involvement, agree-baseline, approve-assessment, approve-plan, "
            + "publish-plan, close-review")) {
            try r.engine.why("agree-everything", state: state, now: r.clock.now()).get()
        }
        #expect(throws: CommandError.notFound("no meeting 'committee-9' in this review")) {
            try r.engine.why("agree-scope", meeting: "committee-9", state: state, now: r.clock.now()).get()
        }
    }
}
