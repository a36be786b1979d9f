import BVCore
import Testing

@Suite("cautions: what is recorded although the timetable advises against it")
struct CommandCautionTests {
    @Test("a response deadline set by hand before the end of the workflow's response window is cautioned, one at or after it is not")
    func shortResponseWindow() throws {
        let r = ReviewDriver.started(invited: 6)
        let now = r.clock.now()
        func cautions(_ deadline: CivilDate?) -> [String] {
            r.engine.cautions(for: .publishProposal(proposal: "p1", title: "Options", responseDeadline: deadline), now: now)
        }
        // Published on Monday 4 January 2027: 20 working days run to 1 February.
        #expect(cautions(civil("2027-01-11")) == [
            "responses close on 2027-01-11, before the workflow's response window of 20 working days (weekends, bank-holidays excluded) "
                + "ends on 2027-02-01; rule 'Response window after each proposal' asks for that time to respond — Gunning principles (adequate time)",
        ])
        #expect(cautions(civil("2027-02-01")).isEmpty)
        #expect(cautions(nil).isEmpty)
        #expect(ReviewEngine.mayCaution(.publishProposal(proposal: "p1", title: "Options", responseDeadline: civil("2027-01-11"))))
        #expect(!ReviewEngine.mayCaution(.publishProposal(proposal: "p1", title: "Options", responseDeadline: nil)))
    }

    @Test("a meeting that can take decisions, set so soon that its papers and notice are late, is cautioned; a workshop or a later meeting is not")
    func meetingTooSoon() throws {
        var r = ReviewDriver.started(invited: 6)
        let now = r.clock.now()
        func cautions(_ id: String, _ method: String, _ start: String) throws -> [String] {
            let command = ReviewCommand.scheduleMeeting(meeting: id, title: "Meeting \(id)", method: method, start: local(start), place: "Hall", invitees: [])
            r.run(command)
            return r.engine.cautions(for: command, state: try #require(r.state), now: now)
        }
        // Monday 4 January 2027; a committee on Wednesday 6 January needed papers and notice by 28 December
        // (the five clear days: 29, 30, 31 December, 4 and 5 January).
        let soon = try cautions("soon", "coordinating-committee", "2027-01-06T18:00")
        #expect(soon.dropFirst() == [
            "for 'Meeting soon' on 2027-01-06 18:00 GMT, rule 'Agenda and reports open to inspection before the meeting' needed it done by 2026-12-28, which has passed: a decision at this meeting would be refused",
            "for 'Meeting soon' on 2027-01-06 18:00 GMT, rule 'Public notice of the meeting' needed it done by 2026-12-28, which has passed: a decision at this meeting would be refused",
        ], "\(soon)")
        // Scheduled with nobody invited, each of these is said to have nobody to tell, and only that.
        let alone = "has nobody to go to until organisations are invited to it"
        #expect(try cautions("workshop", "workshop", "2027-01-06T18:00").map { $0.contains(alone) } == [true])
        #expect(try cautions("later", "coordinating-committee", "2027-02-10T18:00").map { $0.contains(alone) } == [true])
    }

    @Test("a review started for a plan year whose plan deadline has passed is cautioned")
    func planYearPassed() throws {
        for (year, cautioned) in [(2026, true), (2027, false)] {
            var r = ReviewDriver(at: "2027-01-04T09:00")
            let start = ReviewCommand.start(title: "Waste", service: "Waste", lead: "a.khan", planYear: year)
            r.run(start)
            let cautions = r.engine.cautions(for: start, state: try #require(r.state), now: r.clock.now())
            #expect(cautions == (cautioned ? ["phase 'Local Performance Plan' is due by Tuesday 30 June 2026 in the plan year 2026/27, "
                + "which has passed: it will be late from the start (was a later plan year meant?)"] : []), "\(cautions)")
        }
    }

    @Test("a response received after its window closed is recorded with a caution that it is late")
    func lateResponse() throws {
        var r = ReviewDriver.started(invited: 6)
        r.run(.publishProposal(proposal: "p1", title: "Options", responseDeadline: civil("2027-02-05")))
        func cautions(_ id: String, at: String) throws -> [String] {
            r.at(at)
            let command = ReviewCommand.receiveResponse(response: id, proposal: "p1", organisation: "unison", summary: "Keep it", on: nil)
            r.run(command)
            return r.engine.cautions(for: command, state: try #require(r.state), now: r.clock.now())
        }
        #expect(try cautions("in-time", at: "2027-02-05T16:00").isEmpty, "the window is open all its last day")
        #expect(try cautions("late", at: "2027-02-06T09:00") == [
            "response 'late' came after the response window of 'Options' closed (2027-02-05): recorded as late; it is still to be considered like the others before the decision",
        ])
    }

    @Test("notice of a decision that is not a key decision is cautioned; of a key decision, not")
    func decisionNoticeSlips() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-03-10T18:00", invitees: [])
        func cautions(_ command: ReviewCommand) throws -> [String] {
            r.run(command)
            return r.engine.cautions(for: command, state: try #require(r.state), now: r.clock.now())
        }
        #expect(try cautions(.giveDecisionNotice(decision: "agree-scope", on: nil, intendedDate: civil("2027-03-10"))) == [
            "'Agree the aims, objectives, purpose, scope and extent of involvement' is not a key decision: its notice is recorded, but no rule of the workflow asks for it",
        ])
        #expect(try cautions(.giveDecisionNotice(decision: "approve-assessment", on: nil, intendedDate: civil("2027-03-10"))).isEmpty)
    }
}
