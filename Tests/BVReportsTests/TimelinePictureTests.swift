import BVCore
import BVReports
import BVReviewFixtures
import Testing

@Suite("The timeline picture of a review")
struct TimelinePictureTests {
    static let finished = FinishedReview.make()
    static let unfinished = FinishedReview.make(closing: false)

    static func picture(_ review: FinishedReview, at now: Instant? = nil) -> TimelinePicture {
        TimelinePicture(state: review.state, engine: review.engine, now: now ?? review.now)
    }

    static func picture(_ script: ScriptedReview) -> TimelinePicture {
        TimelinePicture(state: script.state, engine: script.engine, now: script.now)
    }

    static func facts(_ marks: [[String: String]], _ keys: String...) -> [[String]] { marks.map { mark in keys.map { mark[$0] ?? "-" } } }

    @Test("a closed review: well-formed, titled, one bar per phase, its meetings, decisions and statutory windows, no today line")
    func closedReview() async throws {
        let picture = Self.picture(Self.finished)
        let svg = try await SVGFacts.read(picture.svg)
        #expect(svg.tag == "{http://www.w3.org/2000/svg}svg")
        #expect(svg.role == "img")
        #expect(!svg.viewBox.isEmpty)
        #expect(svg.title == "Timeline of the Best Value review ‘Housing repairs’")
        #expect(svg.labelledBy.map(\.first) == ["text"] && svg.name == svg.title, "named by its visible heading")
        #expect(svg.describedBy.map(\.first) == ["desc"])
        let desc = svg.description
        #expect(desc.contains("started on Monday 4 January 2027 and closed on Thursday 27 July 2028"))
        #expect(desc.contains("Meetings: 7 held, 0 cancelled and 0 to come; 9 decisions taken"))
        #expect(desc.contains("Nothing is late."))
        let document = try await SVGFacts.read(picture.svgDocument)
        #expect(!svg.declaration && document.declaration, "an XML declaration only in the file form")
        #expect(svg.scripts == 0 && svg.externalReferences.isEmpty)
        let page = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>Timeline</title>\n</head>\n<body>\n<figure>\n"
            + picture.svg + "<figcaption>Timeline</figcaption>\n</figure>\n</body>\n</html>\n"
        let tidy = try await ExternalTool.tidy.run(["-errors", "-quiet", "-utf8", "--show-warnings", "yes"], input: page)
        #expect(tidy.status == 0, "embedded in HTML, tidy finds: \(tidy.errors)")
        let palette: Set = ["#000", "#fff", "#c4c4c4", "#eeeeee", "#ddd", "#777", "none", "#b3261e"]
        #expect(svg.paints.allSatisfy { palette.contains($0) || $0.hasPrefix("url(#timeline-housing-repairs-") },
                "black, white, greys, one accent and the picture's own patterns: \(svg.paints)")

        #expect(Self.facts(svg.marks("phase"), "data-phase", "data-start", "data-end") == [
            ["scoping", "2027-01-04", "2027-02-04"], ["involvement", "2027-02-04", "2027-05-10"], ["baseline", "2027-05-10", "2027-06-03"],
            ["assessment", "2027-06-03", "2027-07-15"], ["performance-plan", "2027-07-15", "2027-09-16"], ["monitoring", "2027-09-16", "2028-07-27"],
        ])
        #expect(svg.marks("phase").first?["data-deadline"] == "2027-03-01", "scoping: 8 weeks after 4 January")
        #expect(svg.marks("phase", "current").isEmpty)
        #expect(svg.marks("phase").allSatisfy { !$0["title", default: ""].isEmpty })

        #expect(Self.facts(svg.marks("meeting", "held"), "data-meeting", "data-date", "data-time") == [
            ["workshop-1", "2027-01-20", "18:00"], ["committee-1", "2027-02-04", "18:00"], ["jury-1", "2027-03-03", "10:00"],
            ["committee-2", "2027-06-03", "18:00"], ["cabinet-1", "2027-07-15", "10:00"], ["cabinet-2", "2027-09-16", "10:00"],
            ["committee-3", "2028-07-27", "18:00"],
        ])
        #expect(svg.marks("meeting").count == 7)
        #expect(svg.marks("meeting", "held").first?["title"] == "Tenants' workshop (Workshop on a specific issue), Wednesday 20 January 2027, 18:00 GMT: held; 1 organisation present")

        #expect(Self.facts(svg.marks("decision"), "data-decision", "data-date", "data-meeting") == [
            ["agree-scope", "2027-02-04", "committee-1"], ["agree-involvement-plan", "2027-02-04", "committee-1"],
            ["agree-information", "2027-02-04", "committee-1"], ["close-involvement", "2027-05-10", "-"],
            ["agree-baseline", "2027-06-03", "committee-2"], ["approve-assessment", "2027-07-15", "cabinet-1"],
            ["approve-plan", "2027-09-16", "cabinet-2"], ["publish-plan", "2027-09-16", "-"], ["close-review", "2028-07-27", "committee-3"],
        ])

        // Papers 5 clear days before each deciding meeting, weekends not counted: for 4 February, by 27 January.
        let papers = svg.marks("window", "papers")
        #expect(Self.facts(papers, "data-subject", "data-end") == [
            ["committee-1", "2027-02-04"], ["committee-2", "2027-06-03"], ["cabinet-1", "2027-07-15"], ["cabinet-2", "2027-09-16"],
            ["committee-3", "2028-07-27"],
        ])
        #expect(Self.facts([papers[0]], "data-start", "data-done") == [["2027-01-27", "2027-01-18"]])
        #expect(svg.marks("window", "notice").count == 5)
        #expect(Self.facts(svg.marks("window", "key-decision"), "data-subject", "data-start", "data-end") == [
            ["approve-assessment", "2027-06-03", "2027-07-15"], ["approve-plan", "2027-07-15", "2027-09-16"],
        ])
        #expect(Self.facts(svg.marks("window", "responses"), "data-subject", "data-start") == [["repairs-proposal", "2027-02-08"]])
        #expect(svg.marks("window").allSatisfy { $0["title", default: ""].count > 20 })

        #expect(svg.marks("today").isEmpty, "a closed review has no today")
        #expect(svg.marks("late").isEmpty)
        #expect(svg.marks("month").first?["data-date"] == "2027-01-01")
        #expect(svg.marks("month").last?["data-date"] == "2028-08-01")
        #expect(svg.texts.contains("Jan") && svg.texts.contains("2027") && svg.texts.contains("2028") && svg.texts.contains("Jul"))
        #expect(Self.facts(svg.marks("measurement-due", "complete"), "data-label", "data-date") == [
            ["Q2 2027/28", "2027-10-28"], ["Q3 2027/28", "2028-01-28"], ["Q4 2027/28", "2028-04-28"], ["Q1 2028/29", "2028-07-28"],
        ])
    }

    @Test("an unfinished review: the current phase runs to today, and the today line stands where today is on the axis")
    func unfinishedReview() async throws {
        let review = Self.unfinished
        let svg = try await SVGFacts.read(Self.picture(review).svg)
        let current = try #require(svg.marks("phase", "current").first)
        #expect(current["data-phase"] == "monitoring")
        #expect(current["data-end"] == "2028-04-14")
        #expect(svg.marks("phase").count == 6)
        #expect(svg.marks("meeting", "held").count == 6)
        #expect(svg.description.contains("on Friday 14 April 2028 it is in its Monitoring phase"))

        let today = try #require(svg.marks("today").first)
        #expect(today["data-date"] == "2028-04-14")
        let axis = try #require(svg.marks("axis").first)
        let first = try #require(axis["data-start"].flatMap(CivilDate.init)), last = try #require(axis["data-end"].flatMap(CivilDate.init))
        let x0 = try #require(axis["data-x-start"].flatMap(Double.init)), x1 = try #require(axis["data-x-end"].flatMap(Double.init))
        let local = Zone.london.localDateTime(of: review.now)
        let share = (Double(first.days(to: local.date)) + Double(local.time.secondsOfDay) / 86_400) / Double(first.days(to: last))
        let x = try #require(today["line-x1"].flatMap(Double.init))
        #expect(abs(x - (x0 + share * (x1 - x0))) < 0.11, "today at \(x) on an axis from \(x0) (\(first)) to \(x1) (\(last))")
        #expect(svg.texts.contains("today, 14 Apr 2028"))

        #expect(Self.facts(svg.marks("measurement-due"), "data-period", "class") == [
            ["1", "measurement-due complete"], ["2", "measurement-due complete"], ["3", "measurement-due complete"], ["4", "measurement-due open"],
        ])
        #expect(svg.marks("late").isEmpty)
    }

    @Test("papers published after they were due are outlined and named; cancelled and upcoming meetings differ in shape; titles are escaped")
    func latePapers() async throws {
        let script = ScriptedReview.libraries()
        let svg = try await SVGFacts.read(Self.picture(script).svg)
        #expect(svg.title == "Timeline of the Best Value review ‘Libraries & <archives> \"open\" 'late'’" && svg.name == svg.title)
        let late = svg.marks("late")
        #expect(Self.facts(late, "class", "data-subject", "data-start", "data-done") == [
            ["window papers late", "committee-1", "2027-01-27", "2027-02-01"],
        ])
        #expect(late.first?["rect-stroke-width"] == "2.5")
        #expect(late.first?["title"]?.hasSuffix("published Monday 1 February 2027, after they were due: late") == true)
        #expect(svg.texts.contains("papers late"))
        #expect(svg.description.contains("Late: papers for ‘Coordinating committee (scope)’."))
        #expect(svg.marks("window", "notice").allSatisfy { !($0["class"] ?? "").contains("late") })

        #expect(Self.facts(svg.marks("meeting"), "data-meeting", "class") == [
            ["workshop-1", "meeting cancelled"], ["committee-1", "meeting held"], ["committee-2", "meeting upcoming"],
        ])
        #expect(svg.marks("meeting", "cancelled").first?["title"]?.hasSuffix("cancelled on Tuesday 12 January 2027 (The room is flooded)") == true)
        // Papers for 8 April: 5 clear days back over Easter (Good Friday and Easter Monday do not count).
        #expect(Self.facts(svg.marks("window", "papers"), "data-subject", "data-start") == [["committee-1", "2027-01-27"], ["committee-2", "2027-03-31"]])
    }

    @Test("a phase past its deadline and monitoring measurements overdue are outlined and named")
    func overrunAndOverdue() async throws {
        var script = ScriptedReview.libraries()
        script.at("2027-03-10T12:00")
        let libraries = try await SVGFacts.read(Self.picture(script).svg)
        let overrun = try #require(libraries.marks("late").first { $0["data-kind"] == "phase-overrun" })
        #expect(overrun["data-phase"] == "scoping" && overrun["data-deadline"] == "2027-03-01")
        #expect(libraries.texts.contains("overran its deadline by 9 days"))

        let monitoring = try await SVGFacts.read(Self.picture(Self.unfinished, at: FinishedReview.london("2028-08-15T09:00")).svg)
        #expect(Self.facts(monitoring.marks("measurement-due", "late"), "data-label", "data-date") == [["Q1 2028/29", "2028-07-28"]])
        #expect(monitoring.texts.contains("Q1 2028/29 overdue"))
        #expect(monitoring.description.contains("measurements for Q1 2028/29, due by Friday 28 July 2028"))
    }
}

@Suite("The timeline picture: overlapping windows")
struct TimelineOverlapTests {
    @Test func twoProposalsOpenAtOnceAreStackedNotHidden() throws {
        var script = ScriptedReview.libraries()
        script.run(.publishProposal(proposal: "hours", title: "Opening hours", responseDeadline: CivilDate("2027-04-30")))
        script.at("2027-02-15T12:00")
        script.run(.publishProposal(proposal: "mobile", title: "Mobile library", responseDeadline: CivilDate("2027-03-05")))
        let svg = TimelinePicture(state: script.state, engine: script.engine, now: script.now).svg
        // The y of each response window's rectangle, in document order.
        let ys = svg.matches(of: /class="window responses"[^>]*>(?:(?!<\/g>).)*?<rect x="[^"]*" y="([^"]*)"/.dotMatchesNewlines()).map { String($0.1) }
        #expect(ys.count == 2)
        #expect(Set(ys).count == 2, "overlapping windows share a row: \(ys)")
    }
}
