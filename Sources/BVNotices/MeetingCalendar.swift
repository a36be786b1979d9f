public import BVCore

/// One meeting as a calendar event: everything a VEVENT says.
public struct CalendarEvent: Sendable, Hashable {
    /// The same for every message about the meeting, so calendars update one event.
    public var uid: String
    /// Rises with each change of the meeting (RFC 5545 §3.8.7.4); calendars ignore an older one.
    public var sequence: Int
    public var summary: String
    public var location: String
    public var description: String
    public var start: Instant
    public var end: Instant
    public var attendee: MailAddress?

    public init(uid: String, sequence: Int, summary: String, location: String, description: String, start: Instant,
                end: Instant, attendee: MailAddress?) {
        (self.uid, self.sequence, self.summary, self.location, self.description) = (uid, sequence, summary, location, description)
        (self.start, self.end, self.attendee) = (start, end, attendee)
    }
}

/// Writes the iCalendar object (RFC 5545) sent with meeting notices, as an iTIP request or
/// cancellation (RFC 5546) that mail programs offer to add to, or remove from, the calendar.
public struct MeetingCalendar: Sendable {
    /// The domain that makes UIDs unique, usually the authority's mail domain.
    public let domain: String
    /// Who sends the invitations: ORGANIZER, and the notice's From address.
    public let organizer: MailAddress
    public let productID: String
    /// When calendars remind people, as an RFC 5545 duration before the start (`-P1D`); nil for none.
    public let alarm: String?

    public init(domain: String, organizer: MailAddress, productID: String = "-//bvd//Best Value reviews//EN",
                alarm: String? = "-P1D") {
        (self.domain, self.organizer, self.productID, self.alarm) = (domain, organizer, productID, alarm)
    }

    /// A UID stable for the meeting's life: `<review>.<meeting>@<domain>`.
    public static func uid(review: String, meeting: String, domain: String) -> String { "\(review).\(meeting)@\(domain)" }

    /// The SEQUENCE of a meeting: the number of times it was rescheduled or cancelled, which the
    /// review's state keeps (`Meeting.sequence`, raised by each such event).
    public static func sequence(of meeting: Meeting) -> Int { meeting.sequence }

    /// The calendar object of a meeting notice, or nil when the notice is not about a meeting's time.
    public func invitation(for context: NoticeContext) -> CalendarInvitation? {
        guard var method = context.notice.template.calendarMethod, let meeting = context.meeting,
              let end = context.meetingEnd else { return nil }
        if meeting.cancelled != nil { method = .cancel }
        var description = "\(context.meetingMethodTitle ?? meeting.method) of the Best Value review '\(context.reviewTitle)'."
        if let reason = meeting.cancellationReason, method == .cancel { description += "\nCancelled: \(reason)" }
        let event = CalendarEvent(
            uid: MeetingCalendar.uid(review: context.notice.review, meeting: meeting.id, domain: domain),
            sequence: MeetingCalendar.sequence(of: meeting), summary: meeting.title, location: meeting.place,
            description: description, start: meeting.start, end: end, attendee: MailAddress(context.recipient))
        return invitation(event, method: method, zone: context.zone, now: context.now)
    }

    /// The VCALENDAR for `event`; times are given in `zone` with its VTIMEZONE.
    public func invitation(_ event: CalendarEvent, method: CalendarMethod, zone: Zone, now: Instant) -> CalendarInvitation {
        var ics = ICalendarText()
        ics.line("BEGIN", "VCALENDAR")
        ics.line("PRODID", productID)
        ics.line("VERSION", "2.0")
        ics.line("CALSCALE", "GREGORIAN")
        ics.line("METHOD", method.rawValue)
        ics.timeZone(zone, around: event.start, event.end)
        ics.line("BEGIN", "VEVENT")
        ics.line("UID", event.uid)
        ics.line("SEQUENCE", String(event.sequence))
        ics.line("DTSTAMP", ICalendarText.utc(now))
        ics.line("DTSTART", ICalendarText.local(event.start, in: zone), parameters: [("TZID", zone.identifier)])
        ics.line("DTEND", ICalendarText.local(event.end, in: zone), parameters: [("TZID", zone.identifier)])
        ics.text("SUMMARY", event.summary)
        if !event.location.isEmpty { ics.text("LOCATION", event.location) }
        ics.text("DESCRIPTION", event.description)
        ics.line("STATUS", method == .cancel ? "CANCELLED" : "CONFIRMED")
        ics.line("TRANSP", "OPAQUE")
        ics.line("ORGANIZER", "mailto:\(organizer.address)", parameters: organizer.name.map { [("CN", $0)] } ?? [])
        if let attendee = event.attendee {
            var parameters = attendee.name.map { [("CN", $0)] } ?? []
            parameters += [("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", "NEEDS-ACTION"), ("RSVP", "FALSE")]
            ics.line("ATTENDEE", "mailto:\(attendee.address)", parameters: parameters)
        }
        if let alarm, method == .request {
            ics.line("BEGIN", "VALARM")
            ics.line("ACTION", "DISPLAY")
            ics.line("TRIGGER", alarm)
            ics.text("DESCRIPTION", event.summary)
            ics.line("END", "VALARM")
        }
        ics.line("END", "VEVENT")
        ics.line("END", "VCALENDAR")
        return CalendarInvitation(method: method.rawValue, text: ics.content)
    }
}
