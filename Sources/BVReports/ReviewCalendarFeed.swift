public import BVCore
import BVNotices

/// A calendar to subscribe to (RFC 5545, METHOD:PUBLISH) with the dates of one review or many:
/// meetings, the days papers and public notice are due for the meetings to come, decisions,
/// response deadlines, the current phase's deadline and the days measurements are due.
///
/// Every event keeps its UID for life (`<review>.<kind>.<id>@<domain>`), so a calendar that
/// refreshes the feed updates events instead of duplicating them. A meeting has the UID and
/// SEQUENCE of its invitation, so the feed and the invitations merge into one event.
public struct ReviewCalendarFeed: Sendable {
    public let domain: String
    public let zone: Zone
    public let now: Instant
    /// The calendar's name as calendar programs show it (X-WR-CALNAME).
    public let name: String
    public let productID: String

    public init(domain: String, zone: Zone, now: Instant, name: String, productID: String = "-//bvd//Best Value reviews//EN") {
        (self.domain, self.zone, self.now, self.name, self.productID) = (domain, zone, now, name, productID)
    }

    public func ics(reviews: [(state: ReviewState, engine: ReviewEngine)]) -> String {
        let all = reviews.flatMap { events(of: ReviewDates(state: $0.state, engine: $0.engine, now: now)) }
            .sorted { ($0.when.start(in: zone), $0.uid) < ($1.when.start(in: zone), $1.uid) }
        let instants = all.flatMap { [$0.when.start(in: zone), $0.when.end(in: zone)] }
        var ics = ICalendarText()
        ics.line("BEGIN", "VCALENDAR")
        ics.line("PRODID", productID)
        ics.line("VERSION", "2.0")
        ics.line("CALSCALE", "GREGORIAN")
        ics.line("METHOD", "PUBLISH")
        ics.text("X-WR-CALNAME", name)
        ics.line("X-WR-TIMEZONE", zone.identifier)
        ics.line("REFRESH-INTERVAL", "PT1H", parameters: [("VALUE", "DURATION")])
        ics.line("X-PUBLISHED-TTL", "PT1H")
        ics.timeZone(zone, around: instants.min() ?? now, instants.max() ?? now)
        for event in all { write(event, into: &ics) }
        ics.line("END", "VCALENDAR")
        return ics.content
    }

    func write(_ event: FeedEvent, into ics: inout ICalendarText) {
        ics.line("BEGIN", "VEVENT")
        ics.line("UID", event.uid)
        ics.line("DTSTAMP", ICalendarText.utc(now))
        switch event.when {
        case .day(let date):
            ics.line("DTSTART", Self.basic(date), parameters: [("VALUE", "DATE")])
            ics.line("DTEND", Self.basic(date.adding(days: 1)), parameters: [("VALUE", "DATE")])
        case .span(let start, let end):
            ics.line("DTSTART", ICalendarText.local(start, in: zone), parameters: [("TZID", zone.identifier)])
            ics.line("DTEND", ICalendarText.local(end, in: zone), parameters: [("TZID", zone.identifier)])
        case .moment(let at):
            ics.line("DTSTART", ICalendarText.local(at, in: zone), parameters: [("TZID", zone.identifier)])
        }
        if let sequence = event.sequence { ics.line("SEQUENCE", String(sequence)) }
        ics.text("SUMMARY", event.summary)
        if let location = event.location, !location.isEmpty { ics.text("LOCATION", location) }
        ics.text("DESCRIPTION", event.description)
        ics.line("STATUS", event.cancelled ? "CANCELLED" : "CONFIRMED")
        ics.line("TRANSP", event.busy ? "OPAQUE" : "TRANSPARENT")
        ics.text("CATEGORIES", event.kind)
        ics.line("END", "VEVENT")
    }

    /// `20270322`, the DATE form.
    static func basic(_ date: CivilDate) -> String { date.description.filter { $0 != "-" } }
}

/// One VEVENT of the feed.
struct FeedEvent {
    enum When {
        /// All day, in whatever zone the reader is in.
        case day(CivilDate)
        case span(Instant, Instant)
        /// An exact instant with no length (a rehearsal's deadline).
        case moment(Instant)

        func start(in zone: Zone) -> Instant {
            switch self {
            case .day(let date): zone.startOfDay(date)
            case .span(let start, _), .moment(let start): start
            }
        }

        func end(in zone: Zone) -> Instant {
            switch self {
            case .day(let date): zone.startOfDay(date.adding(days: 1))
            case .span(_, let end): end
            case .moment(let at): at
            }
        }
    }

    let uid: String
    /// A short name of what the event is (CATEGORIES), e.g. `papers-due`.
    let kind: String
    let when: When
    let summary: String
    var description: String
    var location: String? = nil
    var sequence: Int? = nil
    var cancelled = false
    /// Meetings take time in people's calendars; deadlines do not.
    var busy = false
}
