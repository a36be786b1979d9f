import BVCore
import Testing

@Suite("plan: scheduling backwards from a target date")
struct PlanTests {
    func plan(_ r: ReviewDriver, _ decision: String, on day: String) throws -> DecisionPlan {
        try r.engine.plan(decision, on: civil(day), state: try #require(r.state), now: r.clock.now()).get()
    }

    func step(_ plan: DecisionPlan, _ rule: String) -> PlanStep? { plan.steps.first { $0.rule == rule } }

    /// The steps of the decision's own timetable rules, which come after what the workflow asks.
    func ruleSteps(_ plan: DecisionPlan) -> [PlanStep] { plan.steps.filter { !["taken", "phase", "after"].contains($0.rule) } }

    @Test func agreeScopeOnFirstApril() throws {
        let r = ReviewDriver.started(invited: 3)
        let p = try plan(r, "agree-scope", on: "2027-04-01")
        #expect(p.decision == "agree-scope")
        #expect(p.on == civil("2027-04-01"))
        #expect(p.steps.map(\.rule) == ["broad-involvement", "papers-five-clear-days", "public-notice-five-clear-days"])
        #expect(p.steps.map(\.status) == [.condition, .due, .due])
        // Good Friday 26 March and Easter Monday 29 March do not count.
        #expect(p.steps.map(\.latest) == [nil, .date(civil("2027-03-22")), .date(civil("2027-03-22"))])
        #expect(p.steps.map(\.text) == [
            "must hold by 2027-04-01: 3 organisations from 3 categories invited; at least 6 from 4 categories are required",
            "papers published by 2027-03-22",
            "public notice of the meeting given by 2027-03-22",
        ])
        #expect(p.possible)
    }

    @Test func papersAlreadyPublishedInTimeOrLate() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00", invitees: [])
        r.at("2027-03-10T10:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        r.at("2027-03-25T12:00")
        r.run(.giveMeetingNotice(meeting: "committee-1", on: nil))
        let p = try plan(r, "agree-scope", on: "2027-04-01")
        #expect(p.steps.map(\.status) == [.done, .done, .impossible])
        #expect(step(p, "broad-involvement")?.text == "6 organisations from 6 categories invited")
        #expect(step(p, "papers-five-clear-days")?.text == "papers published on 2027-03-10, in time")
        #expect(step(p, "public-notice-five-clear-days")?.text
            == "public notice of the meeting given on 2027-03-25, after 2027-03-22, the latest date for a decision on 2027-04-01")
        #expect(!p.possible)
        // Without a meeting on the date, nothing is published for it yet.
        #expect(try plan(r, "agree-scope", on: "2027-04-08").steps.map(\.status) == [.done, .due, .due])
        // Moved a week later, the same facts are in time: 5 clear days before 8 April ends on 31 March.
        r.run(.rescheduleMeeting(meeting: "committee-1", start: local("2027-04-08T18:00"), place: nil))
        let later = try plan(r, "agree-scope", on: "2027-04-08")
        #expect(later.steps.map(\.status) == [.done, .done, .done])
        #expect(later.steps.map(\.latest) == [nil, .date(civil("2027-03-31")), .date(civil("2027-03-31"))])
        #expect(later.possible)
    }

    @Test func impossibleWhenTheLatestDateHasPassed() throws {
        let r = ReviewDriver.started(invited: 6)
        // 5 clear days before Friday 8 January 2027: 7, 6, 5, 4 January and 31 December (1 January is a
        // bank holiday and 2–3 January a weekend), so papers were due by 30 December 2026.
        let p = try plan(r, "agree-scope", on: "2027-01-08")
        #expect(step(p, "papers-five-clear-days")?.status == .impossible)
        #expect(step(p, "papers-five-clear-days")?.latest == .date(civil("2026-12-30")))
        #expect(step(p, "papers-five-clear-days")?.text == "papers published by 2026-12-30, which has passed")
        #expect(!p.possible)
    }

    @Test func keyDecisionNoticeIsTwentyEightClearCalendarDays() throws {
        var r = ReviewDriver.started(invited: 6)
        // 28 clear days before Thursday 9 September 2027 are 12 August to 8 September, weekends and the
        // 30 August bank holiday included: notice by 11 August.
        let p = try plan(r, "approve-assessment", on: "2027-09-09")
        #expect(ruleSteps(p).map(\.rule) == ["required-strands-complete", "responses-considered", "key-decision-notice",
                                             "papers-five-clear-days", "public-notice-five-clear-days"])
        #expect(step(p, "key-decision-notice")?.status == .due)
        #expect(step(p, "key-decision-notice")?.latest == .date(civil("2027-08-11")))
        #expect(step(p, "key-decision-notice")?.text == "notice of the decision given by 2027-08-11")
        #expect(step(p, "required-strands-complete")?.status == .condition)
        #expect(step(p, "responses-considered")?.text == "no responses have been received")
        #expect(step(p, "responses-considered")?.status == .done)
        // Papers: 8, 7, 6, 3 and 2 September are clear → 1 September.
        #expect(step(p, "papers-five-clear-days")?.latest == .date(civil("2027-09-01")))

        r.at("2027-08-02T10:00")
        r.run(.giveDecisionNotice(decision: "approve-assessment", on: nil, intendedDate: civil("2027-08-26")))
        let early = try plan(r, "approve-assessment", on: "2027-08-26")
        #expect(step(early, "key-decision-notice")?.status == .impossible)
        #expect(step(early, "key-decision-notice")?.text
            == "notice of the decision given on 2027-08-02, after 2027-07-28, the latest date for a decision on 2027-08-26")
        let inTime = try plan(r, "approve-assessment", on: "2027-08-31")
        #expect(step(inTime, "key-decision-notice")?.status == .done)
        #expect(step(inTime, "key-decision-notice")?.latest == .date(civil("2027-08-02")))
        #expect(step(inTime, "key-decision-notice")?.text == "notice of the decision given on 2027-08-02, in time")
    }

    @Test func consultationMustBeginTwelveWeeksBefore() throws {
        let r = ReviewDriver.started(invited: 6)
        let p = try plan(r, "close-involvement", on: "2027-07-05")
        #expect(ruleSteps(p).map(\.rule) == ["consultation-twelve-weeks", "response-window", "responses-considered"])
        #expect(ruleSteps(p).map(\.status) == [.due, .done, .done])
        #expect(step(p, "consultation-twelve-weeks")?.latest == .date(civil("2027-04-12")))
        #expect(step(p, "consultation-twelve-weeks")?.text == "first proposal published (consultation begins) by 2027-04-12")
        #expect(step(p, "response-window")?.text == "every response window published so far closes before 2027-07-05")
        #expect(p.possible)
    }

    @Test func impossibleWhileAResponseWindowIsOpenOnTheDate() throws {
        var r = ReviewDriver.started()
        r.enterInvolvement()
        r.at("2027-02-08T10:00")
        r.run(.publishProposal(proposal: "repairs-proposal", title: "Proposals for a new repairs service", responseDeadline: nil))
        let onLastDay = try plan(r, "close-involvement", on: "2027-03-08")
        #expect(step(onLastDay, "response-window")?.status == .impossible)
        #expect(step(onLastDay, "response-window")?.text
            == "responses may still be made on 2027-03-08 to 'Proposals for a new repairs service' (until 2027-03-08)")
        #expect(step(onLastDay, "consultation-twelve-weeks")?.status == .impossible)
        #expect(step(onLastDay, "consultation-twelve-weeks")?.text
            == "consultation began on 2027-02-08; its 12 weeks end on 2027-05-03, after 2027-03-08")
        #expect(!onLastDay.possible)

        #expect(step(try plan(r, "close-involvement", on: "2027-03-09"), "response-window")?.status == .done)
        let onEnd = try plan(r, "close-involvement", on: "2027-05-03")
        #expect(onEnd.steps.map(\.status) == [.done, .done, .done])
        #expect(step(onEnd, "consultation-twelve-weeks")?.text == "consultation began on 2027-02-08 and runs its 12 weeks by 2027-05-03")
        #expect(onEnd.possible)
    }

    @Test("what the workflow asks comes first: the review in the decision's phase, the decisions before it, each planned for the date")
    func workflowConditions() throws {
        var r = ReviewDriver.started(invited: 6)
        // Assessment is three phases on from Scoping: each decision that ends a phase on the way
        // must be taken first, and closing involvement needs 12 weeks of consultation.
        let soon = try plan(r, "approve-assessment", on: "2027-02-01")
        #expect(step(soon, "phase")?.status == .condition)
        #expect(step(soon, "phase")?.text == "the review must have moved on to phase 'Assessment' by 2027-02-01; it is in phase 'Scoping'")
        let first = soon.steps.filter { $0.rule == "after" }
        #expect(first.map(\.status) == [.condition, .condition, .condition, .impossible, .impossible])
        #expect(first[0].text == "'Agree the aims, objectives, purpose, scope and extent of involvement' (agree-scope) must be taken first, by 2027-02-01; "
            + "its own steps have their own dates (plan it for 2027-02-01 too)")
        #expect(first[3].text == "'Close the involvement phase' (close-involvement) must be taken first, but cannot be by 2027-02-01: "
            + "minimum consultation period, first proposal published (consultation begins) by 2026-11-09, which has passed")
        #expect(first[4].text == "'Agree the baseline profile' (agree-baseline) must be taken first, but cannot be by 2027-02-01: "
            + "minimum consultation period, first proposal published (consultation begins) by 2026-11-09, which has passed")
        #expect(!soon.possible)
        // Far enough ahead for the consultation, it is possible on conditions.
        #expect(try plan(r, "approve-assessment", on: "2027-09-09").possible)

        // Once Scoping is left, its decisions are taken and its phase is behind the review.
        r.enterInvolvement()
        let again = try plan(r, "agree-scope", on: "2027-03-01")
        #expect(again.steps.prefix(2).map(\.rule) == ["taken", "phase"])
        #expect(again.steps.prefix(2).map(\.text) == [
            "'Agree the aims, objectives, purpose, scope and extent of involvement' was taken on 2027-02-04",
            "'Agree the aims, objectives, purpose, scope and extent of involvement' belongs to phase 'Scoping', which the review has left; it is in phase 'Involvement'",
        ])
        #expect(!again.possible)
        #expect(try plan(r, "close-involvement", on: "2027-07-05").steps.allSatisfy { !["taken", "phase", "after"].contains($0.rule) })
    }

    @Test("a decision to take first whose phase the review left without it, or whose phase comes after, rules the date out")
    func earlierDecisionsOutOfReach() throws {
        var workflow = ReviewDriver.shippedWorkflow
        let index = try #require(workflow.decisions.firstIndex { $0.id == "approve-assessment" })
        let d = workflow.decisions[index]
        workflow.decisions[index] = DecisionDefinition(id: d.id, title: d.title, key: d.key, atMeeting: d.atMeeting, rules: d.rules,
                                                       after: ["agree-information", "approve-plan"])
        var r = ReviewDriver(workflow: workflow, at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028))
        // Scoping left as the store would hold it, without agreeing what is disclosed.
        r.record(.phaseEntered(phase: "involvement"))
        let p = try plan(r, "approve-assessment", on: "2027-09-09")
        let first = p.steps.filter { $0.rule == "after" }
        #expect(first.first { $0.text.contains("(agree-information)") }?.text
            == "'Agree which information will and will not be disclosed' (agree-information) must be taken first, but it belongs to phase 'Scoping', which the review has left without it")
        #expect(first.first { $0.text.contains("(approve-plan)") }?.text
            == "'Approve the Local Performance Plan section of the review' (approve-plan) must be taken first, but it belongs to phase 'Local Performance Plan', after this decision's")
        #expect(!p.possible)
    }

    @Test func aDateInThePastIsRefused() throws {
        let r = ReviewDriver.started(invited: 1)
        let state = try #require(r.state)
        #expect(throws: CommandError.invalid("2027-01-03 is in the past; plan for today (2027-01-04) or later")) {
            try r.engine.plan("agree-scope", on: civil("2027-01-03"), state: state, now: r.clock.now()).get()
        }
        #expect(throws: CommandError.notFound("the workflow has no decision 'agree-everything'")) {
            try r.engine.plan("agree-everything", on: civil("2027-02-01"), state: state, now: r.clock.now()).get()
        }
        // Today itself may be planned.
        #expect(try r.engine.plan("agree-scope", on: civil("2027-01-04"), state: state, now: r.clock.now()).get().on == civil("2027-01-04"))
    }
}
