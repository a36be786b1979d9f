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
}
