public import BVCore

/// Dates and times as a notice tells them to people, in the authority's time zone:
/// "Tuesday 1 December 2026", "14:00 GMT", "Tuesday 1 December 2026, 14:00 GMT".
public struct PeopleDates: Sendable {
    public let zone: Zone

    public init(zone: Zone) { self.zone = zone }

    /// The civil day of `instant`, e.g. "Tuesday 1 December 2026".
    public func day(_ instant: Instant) -> String { zone.date(of: instant).longDescription }

    /// The wall-clock time with the zone's abbreviation, e.g. "14:00 GMT" or "09:30 BST".
    public func time(_ instant: Instant) -> String {
        let time = zone.localDateTime(of: instant).time
        return "\(pad(time.hour)):\(pad(time.minute)) \(zone.abbreviation(at: instant))"
    }

    /// Both, e.g. "Tuesday 1 December 2026, 14:00 GMT".
    public func dayAndTime(_ instant: Instant) -> String { "\(day(instant)), \(time(instant))" }

    /// A time-table bound: a whole day, or a day and time when the bound is exact.
    public func bound(_ bound: TimetableBound) -> String {
        switch bound {
        case .date(let date): date.longDescription
        case .instant(let instant): dayAndTime(instant)
        }
    }

    /// The last whole day before `instant` when it is a start of day ("by the end of"), else the day and time.
    /// Deadlines are kept as the instant they pass, the midnight after the last allowed day.
    public func deadline(_ instant: Instant) -> String {
        if zone.startOfDay(zone.date(of: instant)) == instant {
            return "the end of \(zone.date(of: instant).adding(days: -1).longDescription)"
        }
        return dayAndTime(instant)
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
