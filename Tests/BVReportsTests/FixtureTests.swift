import BVCore
import Testing

@Suite("The finished-review fixture")
struct FixtureTests {
    @Test func reviewRunsToClosed() {
        let review = FinishedReview.make()
        #expect(review.state.closed != nil)
        #expect(review.state.measurements.count == 12)
        #expect(review.engine.monitoringPeriods(state: review.state)?.label(of: 1) == "Q2 2027/28")
    }
}
