import BVCore
import BVReports
import BVReviewFixtures
import Testing

@Suite("You said, we did")
struct YouSaidWeDidReportTests {
    @Test func everyResponseWithItsConsiderationAndTheDecisionsAfterThem() async throws {
        let review = FinishedReview.make()
        let report = YouSaidWeDidReport(state: review.state, engine: review.engine, now: review.now)
        let page = try await HTMLPage.read(report.document.rendered(as: .html))
        #expect(page.headings == ["You said, we did: Housing repairs", "Proposals for a new repairs service", "Objections to the baseline profile",
                                  "Decisions taken after considering the responses"])
        #expect(page.paragraphs.contains("Published on 8 February 2027; responses were invited until 8 March 2027."))
        let responses = try page.table("Responses to Proposals for a new repairs service")
        #expect(responses.header == ["Organisation", "Category", "Received", "You said", "We did", "Considered on"])
        #expect(page.row("UNISON Northfield branch", in: responses) == [
            "Organisation": "UNISON Northfield branch", "Category": "Trade unions", "Received": "1 March 2027",
            "You said": "Keep repairs in house; no outsourcing",
            "We did": "The in-house team keeps responsive repairs; market testing only for gas servicing", "Considered on": "10 May 2027",
        ])
        #expect(responses.rows.count == 3)
        let objections = try page.table("Reasoned objections and how each was considered")
        #expect(page.row("Market Street Traders", in: objections)?["We did"] == "Costs are exempt; totals added to the profile")
        let decisions = try page.table("Decisions that needed every response considered first")
        #expect(decisions.rows.map(\.first) == ["Close the involvement phase", "Agree the baseline profile",
                                                "Approve the assessment and its recommendations", "Approve the Local Performance Plan section of the review"])
        #expect(decisions.rows.allSatisfy { $0.last == "all 3 responses considered before the decision" })
    }

    @Test func aResponseNotYetConsideredIsSaidSo() async throws {
        let review = FinishedReview.make()
        var state = review.state
        state.apply(ReviewEvent(review: state.id, at: review.now, actor: Actor(name: "j.smith"), change: .responseReceived(
            response: "r4", proposal: "repairs-proposal", organisation: "youth-club", summary: "Late but <important> & \"quoted\"", on: review.now)))
        let text = YouSaidWeDidReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .markdown)
        #expect(text.contains("| Eastside Youth Club | Youth clubs and school or college based clubs | 27 July 2028 | Late but \\<important\\> & \"quoted\" | Not yet considered. |   |"))
        #expect(text.contains("4 responses were received and 3 considered."))
        let page = try await HTMLPage.read(YouSaidWeDidReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .html))
        #expect(try page.table("Responses to Proposals for a new repairs service").rows.last?[3] == "Late but <important> & \"quoted\"")
    }
}
