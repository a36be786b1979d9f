import BVCore
import BVReports
import BVReviewFixtures
import Testing

@Suite("The Local Performance Plan section")
struct PerformancePlanReportTests {
    let review = FinishedReview.make()
    var report: PerformancePlanReport { PerformancePlanReport(state: review.state, engine: review.engine, now: review.now) }

    @Test func htmlIsValidAccessibleAndStatesThePlan() async throws {
        let page = try await HTMLPage.read(report.document.rendered(as: .html))
        #expect(page.language == "en-GB")
        #expect(page.title == "Local Performance Plan 2028/29: Housing repairs")
        #expect(page.headings == ["Local Performance Plan 2028/29: Housing repairs", "The service and the review", "Conclusions of the review",
                                  "Performance indicators and targets", "Improvement actions", "Who was involved and how", "Disclosure statement"])
        #expect(page.paragraphs.contains { $0.contains("approved on 16 September 2027 and published on 16 September 2027") })

        let targets = try page.table("Targets agreed with representatives")
        #expect(targets.header == ["Code", "Indicator", "Better", "Baseline", "Target 2028/29", "Target 2029/30", "Source"])
        #expect(targets.rowHeaders == 3)
        #expect(targets.rows.first == ["BV185", "Repairs with appointments made and kept", "higher", "71% (2026/27)", "85%", "90%", "national standard"])
        #expect(page.row("BV212", in: targets)?["Baseline"] == "38 days (2026/27)")
        #expect(page.row("HR-02", in: targets)?["Source"] == "local")

        let strands = try page.table("Findings of each assessment strand")
        #expect(page.row("Benchmarking", in: strands)?["Findings"] == "Upper-middle quartile of the family group")
        #expect(page.row("Benchmarking", in: strands)?["The 4 Cs"] == "Compare")
        #expect(!strands.rows.contains { $0.first == "Strategic sourcing or competitive tendering" }, "an optional strand not used is left out")

        let actions = try page.table("What will be done, by whom and when")
        #expect(actions.rows == [
            ["Offer Saturday appointments", "Repairs manager", "31 October 2027", "User research and survey", "done on 20 October 2027"],
            ["Send text reminders before appointments", "Customer services", "31 December 2027", "", "overdue"],
        ])

        let categories = try page.table("Organisations by category")
        #expect(page.row("Tenants and community organisations", in: categories)?["Took part"] == "1 of 1")
        #expect(categories.rows.count == 6)
        let methods = try page.table("Methods of involvement")
        #expect(page.row("Citizens' jury", in: methods)?["Attendances recorded"] == "3")

        let disclosure = try page.table("Information and its disclosure")
        #expect(page.row("Contractor's pricing schedule", in: disclosure)?["Reason"] == "Commercially confidential (LGA 1972 Sch 12A para 3)")
        #expect(page.row("Contractor's pricing schedule", in: disclosure)?["Disclosed to"] == "withheld (exempt)")
    }

    @Test func markdownSaysTheSameWithPipeTables() {
        let text = report.document.rendered(as: .markdown)
        #expect(text.hasPrefix("# Local Performance Plan 2028/29: Housing repairs\n"))
        #expect(text.contains("| BV185 | Repairs with appointments made and kept | higher | 71% (2026/27) | 85% | 90% | national standard |"))
        #expect(text.contains("| Code | Indicator | Better | Baseline | Target 2028/29 | Target 2029/30 | Source |\n| --- | --- | --- | ---: | ---: | ---: | --- |"))
        #expect(text.contains("## Disclosure statement"))
        #expect(text.contains("Contractor\\'s") == false)
    }

    @Test func anUnapprovedPlanSaysItIsADraft() async throws {
        let review = FinishedReview.make()
        let before = review.events.prefix { !($0.change.kind == "decision-taken" && "\($0.change)".contains("approve-plan")) }
        let state = try #require(ReviewState.fold(Array(before)))
        let page = try await HTMLPage.read(PerformancePlanReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .html))
        #expect(page.paragraphs.first { $0.hasPrefix("DRAFT:") }
            == "DRAFT: this section has not been approved. The decision 'Approve the Local Performance Plan section of the review' has not been taken yet, so its targets are proposals.")
        #expect(try page.table("Targets proposed (not yet approved)").rows.count == 3)
        let approved = try await HTMLPage.read(report.document.rendered(as: .html))
        #expect(!approved.paragraphs.contains { $0.hasPrefix("DRAFT:") })
    }

    @Test func thePlanYearTargetShowsTheDateToReachIt() {
        let review = FinishedReview.make()
        var state = review.state
        state.apply(ReviewEvent(review: state.id, at: review.now, actor: Actor(name: "j.smith"),
                                change: .targetSet(code: "BV212", target: 28, by: CivilDate("2029-03-31"), year: nil)))
        let text = PerformancePlanReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .markdown)
        #expect(text.contains("| BV212 | Average re-let time for council housing | lower | 38 days (2026/27) | 28 days by 31 March 2029 |   | national standard |"))
    }

    @Test func aServiceNameKeepsItsCapitalsInsideASentence() {
        let review = FinishedReview.make()
        var state = review.state
        state.service = "CCTV and community safety"
        let text = PerformancePlanReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .markdown)
        #expect(text.contains("Best Value review of CCTV and community safety. Produced on"))
        #expect(self.report.document.rendered(as: .markdown).contains("Best Value review of responsive repairs to council homes."))
    }
}
