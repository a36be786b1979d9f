import BVCore
import BVNotices
import Foundation
import Testing

/// Parses a VCALENDAR with Python's `icalendar` and reports what a calendar program would see.
private let readCalendar = """
import sys, json, icalendar
text = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(text)
event = next(c for c in cal.walk() if c.name == 'VEVENT')
start = event.decoded('DTSTART')
end = event.decoded('DTEND')
zones = [c for c in cal.walk() if c.name == 'VTIMEZONE']
alarms = [c for c in event.walk() if c.name == 'VALARM']
print(json.dumps({
    'method': str(cal.get('METHOD')),
    'version': str(cal.get('VERSION')),
    'uid': str(event.get('UID')),
    'sequence': int(event.get('SEQUENCE')),
    'status': str(event.get('STATUS')),
    'summary': str(event.get('SUMMARY')),
    'location': str(event.get('LOCATION')),
    'description': str(event.get('DESCRIPTION')),
    'tzid': event['DTSTART'].params.get('TZID'),
    'start_local': start.strftime('%Y-%m-%d %H:%M'),
    'start_utc_offset': int(start.utcoffset().total_seconds()),
    'end_local': end.strftime('%Y-%m-%d %H:%M'),
    'zone_start_via_vtimezone': zones[0].to_tz().localize(start.replace(tzinfo=None)).utcoffset().total_seconds() if zones else None,
    'organizer': str(event.get('ORGANIZER')),
    'attendee': str(event.get('ATTENDEE')),
    'attendee_partstat': event['ATTENDEE'].params.get('PARTSTAT') if 'ATTENDEE' in event else None,
    'attendee_rsvp': event['ATTENDEE'].params.get('RSVP') if 'ATTENDEE' in event else None,
    'attendee_cn': event['ATTENDEE'].params.get('CN') if 'ATTENDEE' in event else None,
    'alarms': [str(a.get('TRIGGER').to_ical(), 'ascii') for a in alarms],
    'dtstamp': event.decoded('DTSTAMP').strftime('%Y%m%dT%H%M%S%z'),
    'zone_names': sorted(str(c.get('TZNAME')) for z in zones for c in z.subcomponents),
}))
"""

/// Every physical line of the object, CRLF-terminated and within 75 octets.
private func checkLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(text.hasSuffix("\r\n"), sourceLocation: sourceLocation)
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"))
    for line in lines {
        #expect(line.last == UInt8(ascii: "\r"), sourceLocation: sourceLocation)
        #expect(line.count - 1 <= 75, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
    }
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), sourceLocation: sourceLocation)
}

@Suite("Calendar invitations read by an independent iCalendar parser")
struct MeetingCalendarTests {
    @Test("an invitation in winter: REQUEST, stable UID, SEQUENCE 0, 14:00 Europe/London (GMT), attendee, alarm")
    func winterInvitation() throws {
        let fixture = ReviewFixture.withCommittee()
        let ics = try #require(renderer.render(context(try fixture.notice(.meetingInvitation), fixture)).calendar)
        checkLines(ics.text)
        let read = try python(readCalendar, input: Array(ics.text.utf8))
        #expect(read["method"] as? String == "REQUEST")
        #expect(read["version"] as? String == "2.0")
        #expect(read["uid"] as? String == "housing-repairs.committee-1@northfield.gov.uk")
        #expect(read["sequence"] as? Int == 0)
        #expect(read["status"] as? String == "CONFIRMED")
        #expect(read["tzid"] as? String == "Europe/London")
        #expect(read["start_local"] as? String == "2026-12-01 14:00")
        #expect(read["start_utc_offset"] as? Int == 0)
        #expect(read["end_local"] as? String == "2026-12-01 16:00")
        #expect(read["zone_start_via_vtimezone"] as? Double == 0)
        #expect(read["location"] as? String == "Town Hall, Northfield")
        #expect(read["organizer"] as? String == "mailto:democracy@northfield.gov.uk")
        #expect(read["attendee"] as? String == "mailto:jane.doe@example.org")
        #expect(read["attendee_partstat"] as? String == "NEEDS-ACTION")
        #expect(read["attendee_rsvp"] as? String == "FALSE")
        #expect(read["attendee_cn"] as? String == "Jane Doe")
        #expect(read["alarms"] as? [String] == ["-P1D"])
        #expect(read["dtstamp"] as? String == "20261102T090000+0000")
        #expect(read["zone_names"] as? [String] == ["BST", "BST", "GMT", "GMT"])
    }

    @Test("moved into summer time: the same UID, SEQUENCE 1, 18:00 local which is BST, by the VTIMEZONE too")
    func rescheduledAcrossTheClockChange() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.at("2026-11-20T12:00")
        fixture.run(.rescheduleMeeting(meeting: "committee-1", start: LocalDateTime("2027-04-01T18:00")!, place: "Civic Centre"))
        let ics = try #require(renderer.render(context(try fixture.notice(.meetingUpdate), fixture)).calendar)
        let read = try python(readCalendar, input: Array(ics.text.utf8))
        #expect(read["method"] as? String == "REQUEST")
        #expect(read["uid"] as? String == "housing-repairs.committee-1@northfield.gov.uk")
        #expect(read["sequence"] as? Int == 1)
        #expect(read["start_local"] as? String == "2027-04-01 18:00")
        #expect(read["start_utc_offset"] as? Int == 3600)
        #expect(read["zone_start_via_vtimezone"] as? Double == 3600)
        #expect(read["location"] as? String == "Civic Centre")
    }

    @Test("a cancellation: METHOD:CANCEL, STATUS:CANCELLED, a higher SEQUENCE and no alarm")
    func cancellation() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.run(.rescheduleMeeting(meeting: "committee-1", start: LocalDateTime("2026-12-02T14:00")!, place: nil))
        fixture.run(.cancelMeeting(meeting: "committee-1", reason: "The chair is unwell; we will rearrange"))
        let ics = try #require(renderer.render(context(try fixture.notice(.meetingCancellation), fixture)).calendar)
        let read = try python(readCalendar, input: Array(ics.text.utf8))
        #expect(read["method"] as? String == "CANCEL")
        #expect(read["status"] as? String == "CANCELLED")
        #expect(read["sequence"] as? Int == 2)
        #expect(read["alarms"] as? [String] == [])
        #expect((read["description"] as? String)?.hasSuffix("Cancelled: The chair is unwell; we will rearrange") == true)
    }

    @Test("text is escaped and long lines are folded at 75 octets without splitting a character")
    func escapingAndFolding() throws {
        let summary = "Réunion – Tenants’ forum; repairs, voids \\ lettings " + String(repeating: "é", count: 60)
        let event = CalendarEvent(uid: "r.m@example.org", sequence: 3, summary: summary, location: "Room 1, Town Hall",
                                  description: "Line one\nLine two; with, punctuation", start: london("2027-10-31T10:00"),
                                  end: london("2027-10-31T12:00"), attendee: nil)
        let ics = calendar.invitation(event, method: .request, zone: .london, now: london("2027-10-01T09:00"))
        checkLines(ics.text)
        #expect(ics.text.contains("SUMMARY:Réunion – Tenants’ forum\\; repairs\\, voids \\\\ lettings"))
        let read = try python(readCalendar, input: Array(ics.text.utf8))
        #expect(read["summary"] as? String == summary)
        #expect(read["description"] as? String == "Line one\nLine two; with, punctuation")
        #expect(read["location"] as? String == "Room 1, Town Hall")
        // The morning the clocks go back: 10:00 is GMT again, by the IANA data and by the VTIMEZONE.
        #expect(read["start_local"] as? String == "2027-10-31 10:00")
        #expect(read["start_utc_offset"] as? Int == 0)
        #expect(read["zone_start_via_vtimezone"] as? Double == 0)
        #expect(read["sequence"] as? Int == 3)
    }

    @Test("a content line of exactly 75 octets stays whole, one of 76 is folded; plain text needs no escape")
    func foldingEdges() {
        let seventyFive = "SUMMARY:" + String(repeating: "a", count: 67)
        #expect(ICalendarText.fold(seventyFive) == seventyFive + "\r\n")
        let seventySix = seventyFive + "b"
        #expect(ICalendarText.fold(seventySix) == seventyFive + "\r\n b\r\n")
        #expect(ICalendarText.escape("Budget workshop at the Town Hall") == "Budget workshop at the Town Hall")
        #expect(ICalendarText.escape("Papers\r\nattached; see p. 4, item 2") == "Papers\\nattached\\; see p. 4\\, item 2")
        #expect(ICalendarText.escape("Tab\there") == "Tab here")
    }

    @Test("the zone's transitions are found to the second")
    func transitions() {
        let found = Zone.london.transitions(from: london("2027-01-01T00:00"), to: london("2027-12-31T00:00"))
        #expect(found.map(\.at) == [Instant(rfc3339: "2027-03-28T01:00:00Z")!, Instant(rfc3339: "2027-10-31T01:00:00Z")!])
        #expect(found.map(\.name) == ["BST", "GMT"])
        #expect(found.map(\.isDaylight) == [true, false])
        #expect(Zone.utc.transitions(from: london("2027-01-01T00:00"), to: london("2027-12-31T00:00")).isEmpty)
    }
}
