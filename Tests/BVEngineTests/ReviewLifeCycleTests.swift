import BVCore
import Testing

@Suite("A housing-repairs review from scoping to closed")
struct ReviewLifeCycleTests {
    @Test func wholeReview() throws {
        var r = ReviewDriver(at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Responsive repairs to council homes", lead: "j.smith", planYear: 2028))
        let organisations = [
            ("tenants-federation", "Northfield Tenants' Federation", "tenants-and-community"),
            ("pensioners-forum", "Northfield Pensioners' Forum", "pensioners"),
            ("unison", "UNISON Northfield branch", "trade-unions"),
            ("carers", "Northfield Carers' Network", "patients-and-carers"),
            ("youth-club", "Eastside Youth Club", "youth-and-student-clubs"),
            ("traders", "Market Street Traders", "local-business"),
        ]
        for (id, name, category) in organisations.prefix(3) { r.run(.invite(organisation: id, name: name, category: category)) }

        // Scoping: a workshop, and the coordinating committee that takes the scoping decisions.
        r.run(.scheduleMeeting(meeting: "workshop-1", title: "Tenants' workshop", method: "workshop",
                               start: LocalDateTime("2027-02-10T18:00")!, place: "Northfield Community Centre",
                               invitees: ["tenants-federation", "pensioners-forum"]))
        r.run(.scheduleMeeting(meeting: "committee-1", title: "Coordinating committee", method: "coordinating-committee",
                               start: LocalDateTime("2027-04-01T18:00")!, place: "Town Hall, Committee Room 2",
                               invitees: ["tenants-federation", "pensioners-forum", "unison"]))
        r.at("2027-03-25T12:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        r.run(.giveMeetingNotice(meeting: "committee-1", on: CivilDate("2027-03-19")))

        // Refusal 1: the papers were late (the reference's Easter example) and too few were invited.
        r.at("2027-04-01T19:00")
        let refusal1 = ReviewDriver.unmet(r.refuse(.takeDecision(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed")))
        #expect(refusal1.count == 2)
        #expect(refusal1["papers-five-clear-days"] == "papers for 'Coordinating committee' were published on 2027-03-25, "
            + "2 clear days before the meeting on 2027-04-01 (Good Friday, Easter Monday and the weekend do not count); 5 are required. "
            + "Papers were needed by 2027-03-22; with these papers the earliest meeting that can take the decision is on 2027-04-06.")
        #expect(refusal1["broad-involvement"] == "3 organisations from 3 categories invited; at least 6 from 4 categories are required. "
            + "Invite more organisations (bvctl review invite).")

        // The committee is moved to 8 April and three more organisations are invited: now allowed.
        r.at("2027-04-01T19:30")
        r.run(.rescheduleMeeting(meeting: "committee-1", start: LocalDateTime("2027-04-08T18:00")!, place: nil))
        for (id, name, category) in organisations.dropFirst(3) { r.run(.invite(organisation: id, name: name, category: category)) }
        r.run(.setDisclosure(item: "repair-costs", title: "Unit costs of repairs by contractor", disclosure: .representatives, reason: nil))
        r.run(.setDisclosure(item: "contract-terms", title: "Contractor's pricing schedule", disclosure: .exempt,
                             reason: "Commercially confidential (LGA 1972 Sch 12A para 3)"))
        r.at("2027-04-08T19:00")
        for decision in ["agree-scope", "agree-involvement-plan", "agree-information"] {
            r.run(.takeDecision(decision: decision, meeting: "committee-1", outcome: "Agreed"))
        }
        r.run(.recordMeetingHeld(meeting: "committee-1", minutes: "Scope, involvement plan and information agreement agreed."))
        r.run(.advance)
        #expect(r.state?.currentPhase == "involvement")

        // Involvement: a proposal, responses, a public meeting and a citizens' jury.
        r.at("2027-04-12T10:00")
        r.run(.publishProposal(proposal: "repairs-proposal", title: "Proposals for a new repairs service", responseDeadline: nil))
        #expect(r.state?.proposal("repairs-proposal")?.responseDeadline == .date(CivilDate("2027-05-11")!))  // 20 working days; 3 May is a bank holiday
        r.run(.scheduleMeeting(meeting: "public-1", title: "Public meeting on repairs", method: "public-meeting",
                               start: LocalDateTime("2027-05-05T19:00")!, place: "Northfield Library", invitees: organisations.map(\.0)))
        r.run(.scheduleMeeting(meeting: "jury-1", title: "Citizens' jury on repairs priorities", method: "citizens-jury",
                               start: LocalDateTime("2027-06-02T10:00")!, place: "Town Hall", invitees: ["tenants-federation", "youth-club"]))
        r.at("2027-05-03T10:00")
        r.run(.receiveResponse(response: "resp-1", proposal: "repairs-proposal", organisation: "tenants-federation",
                               summary: "Appointments must be kept; evening slots needed", on: nil))
        r.run(.receiveResponse(response: "resp-2", proposal: "repairs-proposal", organisation: "unison",
                               summary: "Keep repairs in house", on: CivilDate("2027-04-30")))

        // Refusal 2: consultation too short, response window open, responses not considered.
        r.at("2027-05-10T11:00")
        let refusal2 = ReviewDriver.unmet(r.refuse(.takeDecision(decision: "close-involvement", meeting: nil, outcome: "Closed")))
        #expect(refusal2["consultation-twelve-weeks"] == "consultation began on 2027-04-12 with proposal 'Proposals for a new repairs service'; "
            + "by 2027-05-10 it has run 4 weeks; 12 weeks are required. The decision can be taken from 2027-07-05.")
        #expect(refusal2["response-window"] == "responses may still be made to proposal 'Proposals for a new repairs service' until 2027-05-11. "
            + "The decision can be taken from 2027-05-12.")
        #expect(refusal2["responses-considered"] == "2 of 2 responses have not been considered: "
            + "Northfield Tenants' Federation on 'Proposals for a new repairs service' (received 2027-05-03) and "
            + "UNISON Northfield branch on 'Proposals for a new repairs service' (received 2027-04-30). "
            + "Record the consideration of each (bvctl response consider).")

        // The clock moves on and every response is considered: allowed on the first day the rules allow.
        r.run(.considerResponse(response: "resp-1", note: "Evening appointments added to the proposal"))
        r.run(.considerResponse(response: "resp-2", note: "In-house option kept in the assessment (strategic sourcing)"))
        r.at("2027-07-04T23:00")
        if case .refused(let readiness)? = r.refuse(.takeDecision(decision: "close-involvement", meeting: nil, outcome: "Closed")) {
            #expect(readiness.unmet.map(\.rule) == ["consultation-twelve-weeks"])
            #expect(readiness.earliest == .date(CivilDate("2027-07-05")!))
        } else {
            Issue.record("close-involvement should still be refused on 4 July")
        }
        r.at("2027-07-05T09:00")
        r.run(.takeDecision(decision: "close-involvement", meeting: nil, outcome: "Involvement closed"))
        r.run(.advance)
        #expect(r.state?.currentPhase == "baseline")

        // Baseline agreement: five agree, one objects and the objection is considered.
        r.run(.publishBaseline)
        for (id, _, _) in organisations where id != "unison" { r.run(.signBaseline(organisation: id, agrees: true, reason: nil)) }
        r.run(.signBaseline(organisation: "unison", agrees: false, reason: "Baseline omits the cost of agency staff"))
        // An organisation that agreed has no objection to consider: a conflict with the record, not a missing thing.
        #expect(r.refuse(.considerObjection(organisation: organisations[0].0, note: "n/a")) == .conflict("'\(organisations[0].0)' has recorded no objection to the baseline"))
        r.run(.considerObjection(organisation: "unison", note: "Agency costs added as a footnote; figures not yet audited"))
        r.run(.scheduleMeeting(meeting: "committee-2", title: "Coordinating committee (baseline)", method: "coordinating-committee",
                               start: LocalDateTime("2027-07-22T18:00")!, place: "Town Hall", invitees: organisations.map(\.0)))
        r.run(.publishPapers(meeting: "committee-2", on: nil))
        r.run(.giveMeetingNotice(meeting: "committee-2", on: nil))
        r.at("2027-07-22T19:00")
        r.run(.takeDecision(decision: "agree-baseline", meeting: "committee-2", outcome: "Baseline agreed"))
        r.run(.advance)
        #expect(r.state?.currentPhase == "assessment")

        // Assessment: the key decision needs 28 clear days' notice and every required strand.
        r.at("2027-08-02T10:00")
        for strand in ReviewDriver.shippedWorkflow.strands where strand.required && strand.id != "benchmarking" {
            r.run(.setStrand(strand: strand.id, status: .complete, findings: "Findings recorded"))
        }
        r.run(.setStrand(strand: "benchmarking", status: .inProgress, findings: "Awaiting family group data"))
        r.run(.scheduleMeeting(meeting: "cabinet-1", title: "Cabinet", method: "executive-meeting",
                               start: LocalDateTime("2027-08-26T10:00")!, place: "Town Hall", invitees: []))
        r.run(.giveDecisionNotice(decision: "approve-assessment", on: nil, intendedDate: CivilDate("2027-08-26")))
        r.run(.publishPapers(meeting: "cabinet-1", on: nil))
        r.run(.giveMeetingNotice(meeting: "cabinet-1", on: nil))
        r.at("2027-08-26T11:00")
        let refusal3 = ReviewDriver.unmet(r.refuse(.takeDecision(decision: "approve-assessment", meeting: "cabinet-1", outcome: "Approved")))
        #expect(refusal3["key-decision-notice"] == "notice of the decision 'Approve the assessment and its recommendations' was given on 2027-08-02, "
            + "23 clear days before 2027-08-26; 28 are required. With this notice the decision can be taken from 2027-08-31.")
        #expect(refusal3["required-strands-complete"] == "1 of 9 required assessment strands is not complete: Benchmarking (in progress).")
        r.run(.setStrand(strand: "benchmarking", status: .complete, findings: "Upper-middle quartile"))
        r.run(.rescheduleMeeting(meeting: "cabinet-1", start: LocalDateTime("2027-09-09T10:00")!, place: nil))
        r.at("2027-09-09T11:00")
        r.run(.takeDecision(decision: "approve-assessment", meeting: "cabinet-1", outcome: "Approved"))
        r.run(.advance)

        // Local Performance Plan: indicators with targets, approval and publication.
        r.run(.addIndicator(code: "BV185", name: "Repairs with appointments made and kept", unit: "%", polarity: .higherIsBetter, baseline: 71))
        r.run(.addIndicator(code: "BV212", name: "Average re-let time", unit: "days", polarity: .lowerIsBetter, baseline: 38))
        r.run(.setTarget(code: "BV185", target: 90, by: CivilDate("2029-03-31")))
        r.run(.setTarget(code: "BV212", target: 28, by: CivilDate("2029-03-31")))
        r.run(.scheduleMeeting(meeting: "cabinet-2", title: "Cabinet (plan)", method: "executive-meeting",
                               start: LocalDateTime("2027-11-18T10:00")!, place: "Town Hall", invitees: []))
        r.run(.giveDecisionNotice(decision: "approve-plan", on: nil, intendedDate: CivilDate("2027-11-18")))
        r.run(.publishPapers(meeting: "cabinet-2", on: nil))
        r.run(.giveMeetingNotice(meeting: "cabinet-2", on: nil))
        r.at("2027-11-18T11:00")
        // The plan cannot be published before it is approved: a workflow condition, with no date to wait for.
        if case .refused(let readiness)? = r.refuse(.takeDecision(decision: "publish-plan", meeting: nil, outcome: "Published")) {
            #expect(readiness.blockers.contains("'Publish the Local Performance Plan' comes after 'Approve the Local Performance Plan section of the review' (approve-plan), which has not been taken"),
                    "\(readiness.blockers)")
            #expect(readiness.earliest == nil)
        } else { Issue.record("publishing the plan before approving it must be refused") }
        r.run(.takeDecision(decision: "approve-plan", meeting: "cabinet-2", outcome: "Approved"))
        r.run(.takeDecision(decision: "publish-plan", meeting: nil, outcome: "Published on the council's website"))
        r.run(.advance)
        #expect(r.state?.currentPhase == "monitoring")

        // Monitoring: four quarterly periods; closing needs every period measured.
        r.at("2028-02-18T11:00")
        if case .refused(let readiness)? = r.refuse(.takeDecision(decision: "close-review", meeting: nil, outcome: "Closed")) {
            #expect(readiness.blockers == ["'Close the review after its last monitoring period' is taken at a meeting; name the meeting that takes it"])
        }
        // Monitoring began on 18 November 2027, in Q3 2027/28: the periods are Q3 and Q4 2027/28, Q1 and Q2
        // 2028/29. A period's measurements can be recorded once it has ended.
        if case .refused(let readiness)? = r.refuse(.recordMeasurement(code: "BV185", period: 2, value: 81)) {
            #expect(readiness.blockers == ["period 2 (Q4 2027/28) has not ended; its measurements can be recorded from 2028-04-01 00:00 BST"])
        } else {
            Issue.record("a measurement for a period still running must be refused")
        }
        r.at("2028-10-02T10:00")
        for period in 1...4 {
            for code in ["BV185", "BV212"] { r.run(.recordMeasurement(code: code, period: period, value: 80 + Double(period))) }
        }
        r.run(.scheduleMeeting(meeting: "committee-3", title: "Coordinating committee (close)", method: "coordinating-committee",
                               start: LocalDateTime("2028-12-07T18:00")!, place: "Town Hall", invitees: organisations.map(\.0)))
        r.at("2028-11-20T10:00")
        r.run(.publishPapers(meeting: "committee-3", on: nil))
        r.run(.giveMeetingNotice(meeting: "committee-3", on: nil))
        r.at("2028-12-07T19:00")
        r.run(.takeDecision(decision: "close-review", meeting: "committee-3", outcome: "Review closed"))
        r.run(.advance)
        let final = try #require(r.state)
        #expect(final.closed != nil)
        #expect(final.currentPhase == nil)
        #expect(final.phases.map(\.phase) == ["scoping", "involvement", "baseline", "assessment", "performance-plan", "monitoring"])
        #expect(Set(final.organisations.map(\.category)).count == 6)
        #expect(Set(final.meetings.map(\.method)).count >= 5)
        // A closed review accepts nothing more.
        if case .conflict(let text)? = r.refuse(.invite(organisation: "late", name: "Late Org", category: "pensioners")) {
            #expect(text == "review 'housing-repairs' was closed on 2028-12-07; it can no longer change")
        } else {
            Issue.record("a closed review should refuse changes with a conflict")
        }
    }
}
