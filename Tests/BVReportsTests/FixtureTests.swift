import BVCore
import BVReviewFixtures
import Testing

@Suite("The finished-review fixture")
struct FixtureTests {
    @Test func reviewRunsToClosedWithoutARefusal() {
        let review = FinishedReview.make()
        #expect(review.problems.isEmpty, "\(review.problems)")
        #expect(review.state.closed != nil)
        #expect(review.state.measurements.count == 12)
        #expect(review.engine.monitoringPeriods(state: review.state)?.label(of: 1) == "Q2 2027/28")
        #expect(FinishedReview.make(closing: false).problems.isEmpty)
    }
}
