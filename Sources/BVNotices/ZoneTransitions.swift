public import BVCore

/// A change of a zone's UTC offset, found by scanning the zone: what a VTIMEZONE lists.
public struct ZoneTransition: Sendable, Hashable {
    public let at: Instant
    public let offsetFrom: Int
    public let offsetTo: Int
    /// The abbreviation in force after the change, e.g. "BST".
    public let name: String

    /// Clocks go forward: summer time (a DAYLIGHT sub-component).
    public var isDaylight: Bool { offsetTo > offsetFrom }
}

extension Zone {
    /// The offset changes between `start` and `end`, to the second. Scans day by day, then narrows
    /// each change down by bisection; no zone changes its offset twice in a day.
    public func transitions(from start: Instant, to end: Instant) -> [ZoneTransition] {
        var found: [ZoneTransition] = []
        var before = start
        var offsetBefore = offset(at: start)
        while before < end {
            let next = min(before.adding(seconds: 86_400), end)
            let offsetNext = offset(at: next)
            if offsetNext != offsetBefore {
                var (low, high) = (before.secondsSinceEpoch, next.secondsSinceEpoch)
                // offset(low) is the old offset, offset(high) the new: find the first second of the new.
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    if offset(at: Instant(secondsSinceEpoch: middle)) == offsetBefore { low = middle } else { high = middle }
                }
                let at = Instant(secondsSinceEpoch: high)
                found.append(ZoneTransition(at: at, offsetFrom: offsetBefore, offsetTo: offsetNext, name: abbreviation(at: at)))
            }
            (before, offsetBefore) = (next, offsetNext)
        }
        return found
    }
}

extension ICalendarText {
    /// A VTIMEZONE for `zone` (RFC 5545 §3.6.5) with the transitions of the year either side of
    /// the event, so that a calendar without the IANA data still places it correctly.
    public mutating func timeZone(_ zone: Zone, around start: Instant, _ end: Instant) {
        let year: Int64 = 366 * 86_400
        let transitions = zone.transitions(from: start.adding(seconds: -year), to: end.adding(seconds: year))
        line("BEGIN", "VTIMEZONE")
        line("TZID", zone.identifier)
        if transitions.isEmpty {
            // No change near the event: one STANDARD observance from long before it.
            let offset = zone.offset(at: start)
            line("BEGIN", "STANDARD")
            line("DTSTART", "19700101T000000")
            line("TZOFFSETFROM", ICalendarText.offset(offset))
            line("TZOFFSETTO", ICalendarText.offset(offset))
            text("TZNAME", zone.abbreviation(at: start))
            line("END", "STANDARD")
        }
        for transition in transitions {
            let kind = transition.isDaylight ? "DAYLIGHT" : "STANDARD"
            line("BEGIN", kind)
            // DTSTART is the wall-clock time just before the change, in the old offset.
            line("DTSTART", Zone.utc.localDateTime(of: transition.at.adding(seconds: Int64(transition.offsetFrom))).compact)
            line("TZOFFSETFROM", ICalendarText.offset(transition.offsetFrom))
            line("TZOFFSETTO", ICalendarText.offset(transition.offsetTo))
            text("TZNAME", transition.name)
            line("END", kind)
        }
        line("END", "VTIMEZONE")
    }
}
