import BVCore
import BVReports
import BVReviewFixtures
import Testing

@Suite("Progress reports")
struct ProgressReportTests {
    @Test func aFinishedReviewWithItsTimelinePicture() async throws {
        let review = FinishedReview.make()
        let svg = TimelinePicture(state: review.state, engine: review.engine, now: review.now).svg
        let report = ProgressReport(state: review.state, engine: review.engine, now: review.now, timeline: svg)
        let page = try await HTMLPage.read(report.document.rendered(as: .html))
        #expect(page.paragraphs.contains("The review closed on 27 July 2028."))
        #expect(page.figures == 1)
        #expect(!page.svgTitles.isEmpty, "the picture is embedded with its titles")
        let phases = try page.table("Phases with their deadlines and actual dates")
        #expect(phases.rows.first == ["Scoping", "4 January 2027", "4 February 2027", "1 March 2027", "on time"])
        #expect(page.row("Monitoring", in: phases)?["Ended"] == "27 July 2028")
        let categories = try page.table("Involvement by category")
        #expect(page.row("Tenants and community organisations", in: categories) == [
            "Category": "Tenants and community organisations", "Invited": "1", "Took part": "1", "Times taking part": "7"])
        let methods = try page.table("Meetings by method")
        #expect(page.row("Best Value coordinating committee or working party", in: methods)?["Held"] == "3")
        let decisions = try page.table("Decisions with their notice")
        #expect(page.row("Approve the assessment and its recommendations", in: decisions)?["Clear days' notice"] == "41")
        let indicators = try page.table("Indicators and their latest measurement")
        #expect(page.row("BV212", in: indicators) == [
            "Code": "BV212", "Indicator": "Average re-let time for council housing", "Baseline": "38 days", "Target": "28 days",
            "Latest": "27 days (Q1 2028/29)", "Status": "on track", "Trend": "improving"])
        #expect(page.row("BV185", in: indicators)?["Status"] == "at risk")
        #expect(page.paragraphs.contains("Nothing is overdue."))
    }

    @Test("a meeting whose time has passed without being recorded as held is counted so, not as to come")
    func pastMeetingNotRecorded() async throws {
        let review = FinishedReview.make(closing: false)
        var state = review.state
        let now = FinishedReview.london("2028-09-10T09:00")
        state.apply(ReviewEvent(review: state.id, at: FinishedReview.london("2028-08-01T09:00"), actor: Actor(name: "j.smith", uid: nil),
                                change: .meetingScheduled(meeting: "forum-late", title: "Forum", method: "neighbourhood-forum",
                                                          start: FinishedReview.london("2028-09-01T18:00"), place: "Hall", invitees: [])))
        state.apply(ReviewEvent(review: state.id, at: FinishedReview.london("2028-08-01T09:00"), actor: Actor(name: "j.smith", uid: nil),
                                change: .meetingScheduled(meeting: "forum-next", title: "Forum", method: "neighbourhood-forum",
                                                          start: FinishedReview.london("2028-10-01T18:00"), place: "Hall", invitees: [])))
        let page = try await HTMLPage.read(ProgressReport(state: state, engine: review.engine, now: now).document.rendered(as: .html))
        let methods = try page.table("Meetings by method")
        let forum = try #require(methods.rows.first { $0.first?.lowercased().contains("forum") == true }, "\(methods.rows)")
        #expect(methods.header == ["Method", "Held", "Cancelled", "Past, not recorded as held", "To come", "Attendances"])
        #expect(Array(forum[3...4]) == ["1", "1"], "\(forum)")
    }

    @Test("papers and notice overdue for a meeting that can take decisions are listed once, with their date; a workshop's are not")
    func overduePapersOnlyWhereTheTimetableBinds() throws {
        let review = FinishedReview.make(closing: false)
        var state = review.state
        let now = FinishedReview.london("2028-09-10T09:00")
        for (id, method) in [("committee-late", "coordinating-committee"), ("workshop-late", "workshop")] {
            state.apply(ReviewEvent(review: state.id, at: FinishedReview.london("2028-09-01T09:00"), actor: Actor(name: "j.smith", uid: nil),
                                    change: .meetingScheduled(meeting: id, title: "Meeting \(id)", method: method,
                                                              start: FinishedReview.london("2028-09-13T18:00"), place: "Hall", invitees: [])))
        }
        let text = ProgressReport(state: state, engine: review.engine, now: now).document.rendered(as: .markdown)
        let overdue = text.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.contains("Meeting ") }
        #expect(overdue.contains { $0.contains("'Meeting committee-late' (due by ") && !$0.contains("): due") }, "\(overdue)")
        #expect(!overdue.contains { $0.contains("workshop-late") }, "\(overdue)")
    }

    @Test func anOpenReviewShowsWhatIsLateAndOverdue() throws {
        let review = FinishedReview.make(closing: false)
        // Ten weeks after the last quarter ended, with its measurements missing.
        let now = FinishedReview.london("2028-09-10T09:00")
        let text = ProgressReport(state: review.state, engine: review.engine, now: now).document.rendered(as: .markdown)
        #expect(text.contains("The review is in its Monitoring phase, entered on 16 September 2027. The lead officer is j.smith."))
        #expect(text.contains("- Measurements for monitoring period 4 (Q1 2028/29): due 28 July 2028"))
        #expect(text.contains("| Monitoring | 16 September 2027 |   |   | in progress |"))
        #expect(text.contains("| BV185 | Repairs with appointments made and kept | 71% | 85% | 86% (Q4 2027/28) | on track | improving |"))
    }

    @Test func aPhaseLeftAfterItsDeadlineIsLateByDays() throws {
        let review = FinishedReview.make()
        var state = review.state
        // Scoping's deadline is 1 March 2027; pretend it was left on 10 March.
        state.phases[0].left = FinishedReview.london("2027-03-10T12:00")
        let text = ProgressReport(state: state, engine: review.engine, now: review.now).document.rendered(as: .markdown)
        #expect(text.contains("| Scoping | 4 January 2027 | 10 March 2027 | 1 March 2027 | late by 9 days |"))
    }

    @Test func acrossReviewsASummaryThenEachReview() async throws {
        let closed = FinishedReview.make(), open = FinishedReview.make(closing: false)
        let now = FinishedReview.london("2028-09-10T09:00")
        let overview = ProgressOverview(reports: [
            ProgressReport(state: closed.state, engine: closed.engine, now: now),
            ProgressReport(state: open.state, engine: open.engine, now: now),
        ], now: now, zone: .london)
        let page = try await HTMLPage.read(overview.document.rendered(as: .html))
        let summary = try page.table("Every review")
        #expect(summary.rows == [["Housing repairs", "closed", "j.smith", "0"], ["Housing repairs", "Monitoring", "j.smith", "1"]])
        #expect(page.headings.filter { $0 == "Housing repairs" }.count == 2)
        #expect(page.headings.contains("Phases"))
    }
}
