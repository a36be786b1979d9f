import BVCore
import Testing

@Suite("rule explanations read well for one item as for several")
struct RuleWordingTests {
    @Test("one proposal and one response are spoken of as one, not as 'all 1'")
    func oneOfEach() throws {
        var r = ReviewDriver.started(invited: 6)
        r.enterInvolvement()
        r.at("2027-02-08T10:00")
        r.run(.publishProposal(proposal: "p1", title: "Options", responseDeadline: nil))
        r.run(.receiveResponse(response: "resp-1", proposal: "p1", organisation: "unison", summary: "Keep it in house", on: nil))
        r.run(.considerResponse(response: "resp-1", note: "Kept as an option"))
        r.at("2027-06-01T10:00")
        let readiness = try r.engine.why("close-involvement", state: try #require(r.state), now: r.clock.now()).get()
        let explanations = readiness.findings.map(\.explanation)
        #expect(explanations.contains("the response window of the one proposal has closed"), "\(explanations)")
        #expect(explanations.contains("the one response has been considered"), "\(explanations)")
    }
}
