import BVCore
import BVNotices
import BVReports
import BVReviewFixtures
import Testing

/// A feed as Python's icalendar reads it.
private struct Feed: Decodable {
    struct Event: Decodable {
        let uid: String
        let summary: String
        let status: String
        let sequence: Int?
        let allDay: Bool
        /// `2027-02-04T18:00:00+00:00`, or `2027-03-31` for an all-day event.
        let start: String
        let end: String?
        let tzid: String?
        let location: String
        let description: String
        let dtstamp: String
    }

    let method: String
    let version: String
    let name: String
    let timezone: String
    let zones: [String]
    let events: [Event]

    func event(_ uid: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Event {
        try #require(events.first { $0.uid == uid }, "no event \(uid) in \(events.map(\.uid))", sourceLocation: sourceLocation)
    }

    static func read(_ ics: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Feed {
        try await ExternalTool.python.json(Feed.self, script: script, input: ics, sourceLocation: sourceLocation)
    }

    static let script = #"""
        import sys, json, datetime, icalendar
        cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
        def when(value):
            return value.isoformat()
        events = []
        for e in cal.walk('VEVENT'):
            start = e.decoded('DTSTART')
            events.append({
                'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'status': str(e.get('STATUS', '')),
                'sequence': int(e['SEQUENCE']) if 'SEQUENCE' in e else None,
                'allDay': not isinstance(start, datetime.datetime),
                'start': when(start), 'end': when(e.decoded('DTEND')) if 'DTEND' in e else None,
                'tzid': e['DTSTART'].params.get('TZID'),
                'location': str(e.get('LOCATION', '')), 'description': str(e.get('DESCRIPTION', '')),
                'dtstamp': e.decoded('DTSTAMP').strftime('%Y%m%dT%H%M%S%z'),
            })
        print(json.dumps({
            'method': str(cal.get('METHOD')), 'version': str(cal.get('VERSION')), 'name': str(cal.get('X-WR-CALNAME')),
            'timezone': str(cal.get('X-WR-TIMEZONE')), 'zones': [str(z['TZID']) for z in cal.walk('VTIMEZONE')], 'events': events,
        }))
        """#
}

/// Every physical line CRLF-terminated and within 75 octets.
private func checkLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(text.hasSuffix("\r\n"), sourceLocation: sourceLocation)
    for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
        #expect(line.last == UInt8(ascii: "\r"), sourceLocation: sourceLocation)
        #expect(line.count - 1 <= 75, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
    }
}

@Suite("The calendar feed of reviews")
struct CalendarFeedTests {
    static let domain = "northfield.gov.uk"

    static func feed(now: Instant) -> ReviewCalendarFeed {
        ReviewCalendarFeed(domain: domain, zone: .london, now: now, name: "Best Value reviews, Northfield Borough Council")
    }

    @Test("meetings keep their invitation's UID and SEQUENCE, at local times either side of the clock change; a cancelled one is CANCELLED")
    func meetings() async throws {
        let script = ScriptedReview.libraries()
        let ics = Self.feed(now: script.now).ics(reviews: [(script.state, script.engine)])
        checkLines(ics)
        let feed = try await Feed.read(ics)
        #expect(feed.method == "PUBLISH" && feed.version == "2.0")
        #expect(feed.name == "Best Value reviews, Northfield Borough Council")
        #expect(feed.timezone == "Europe/London" && feed.zones == ["Europe/London"])

        let held = try feed.event(MeetingCalendar.uid(review: "libraries", meeting: "committee-1", domain: Self.domain))
        #expect(held.uid == "libraries.committee-1@northfield.gov.uk")
        #expect(held.summary == "Coordinating committee (scope)" && held.location == "Central Library")
        #expect(held.tzid == "Europe/London" && !held.allDay)
        #expect(held.start == "2027-02-04T18:00:00+00:00" && held.end == "2027-02-04T20:00:00+00:00", "18:00 GMT, two hours")
        #expect(held.status == "CONFIRMED" && held.sequence == 0)
        #expect(held.dtstamp == "20270210T120000+0000")

        let summer = try feed.event("libraries.committee-2@northfield.gov.uk")
        #expect(summer.start == "2027-04-08T18:00:00+01:00", "18:00 BST")
        let cancelled = try feed.event("libraries.workshop-1@northfield.gov.uk")
        #expect(cancelled.status == "CANCELLED" && cancelled.sequence == 1)
        #expect(cancelled.description.hasSuffix("Cancelled: The room is flooded"))
    }

    @Test("the days papers and public notice are due for a meeting to come, and the current phase's deadline, are all-day events")
    func dueDates() async throws {
        let script = ScriptedReview.libraries()
        let feed = try await Feed.read(Self.feed(now: script.now).ics(reviews: [(script.state, script.engine)]))
        // 8 April 2027: five clear days back, leaving out the weekends, Good Friday and Easter Monday.
        let papers = try feed.event("libraries.papers-due.committee-2@northfield.gov.uk")
        #expect(papers.allDay && papers.start == "2027-03-31" && papers.end == "2027-04-01" && papers.tzid == nil)
        #expect(papers.summary == "Papers due: Coordinating committee (plan)")
        let notice = try feed.event("libraries.notice-due.committee-2@northfield.gov.uk")
        #expect(notice.allDay && notice.start == "2027-03-31")
        #expect(!feed.events.contains { $0.uid.contains("-due.committee-1") }, "the committee already held has no due dates")
        let deadline = try feed.event("libraries.phase-deadline.scoping@northfield.gov.uk")
        #expect(deadline.allDay && deadline.start == "2027-03-01", "scoping: 8 weeks from 4 January")
    }

    @Test("decisions at their meeting's time or on their day, response deadlines and measurements due; two reviews with distinct UIDs")
    func feedAcrossReviews() async throws {
        let housing = FinishedReview.make(closing: false), libraries = ScriptedReview.libraries()
        let feed = Self.feed(now: housing.now)
        let ics = feed.ics(reviews: [(housing.state, housing.engine), (libraries.state, libraries.engine)])
        checkLines(ics)
        let read = try await Feed.read(ics)

        let scope = try read.event("housing-repairs.decision.agree-scope@northfield.gov.uk")
        #expect(scope.summary == "Decision taken: Agree the aims, objectives, purpose, scope and extent of involvement")
        #expect(scope.start == "2027-02-04T18:00:00+00:00" && scope.tzid == "Europe/London", "at the committee, in winter")
        let assessment = try read.event("housing-repairs.decision.approve-assessment@northfield.gov.uk")
        #expect(assessment.start == "2027-07-15T10:00:00+01:00", "at the cabinet, in summer")
        let closing = try read.event("housing-repairs.decision.close-involvement@northfield.gov.uk")
        #expect(closing.allDay && closing.start == "2027-05-10", "taken outside a meeting: its day")

        let proposal = try #require(housing.state.proposal("repairs-proposal")?.responseDeadline.date)
        let responses = try read.event("housing-repairs.response-deadline.repairs-proposal@northfield.gov.uk")
        #expect(responses.allDay && responses.start == proposal.description)
        #expect(try read.event("housing-repairs.measurements-due.period-4@northfield.gov.uk").start == "2028-07-28")
        #expect(try read.event("housing-repairs.measurements-due.period-1@northfield.gov.uk").start == "2027-10-28")
        #expect(!read.events.contains { $0.uid.hasPrefix("housing-repairs.phase-deadline.") }, "monitoring has no deadline")

        let uids = read.events.map(\.uid)
        #expect(Set(uids).count == uids.count, "every UID is distinct")
        #expect(uids.contains { $0.hasPrefix("libraries.") } && uids.contains { $0.hasPrefix("housing-repairs.") })
        let housingAlone = try await Feed.read(feed.ics(reviews: [(housing.state, housing.engine)]))
        let librariesAlone = try await Feed.read(feed.ics(reviews: [(libraries.state, libraries.engine)]))
        #expect(housingAlone.events.count + librariesAlone.events.count == read.events.count)
        #expect(read.events.count(where: { $0.uid.hasPrefix("housing-repairs.") && !$0.allDay && $0.tzid == "Europe/London" })
                    == housing.state.meetings.count + 6, "meetings and the decisions taken at them")
    }
}
