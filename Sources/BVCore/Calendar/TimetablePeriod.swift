/// The length a timetable rule asks for: an ISO 8601 duration or a count of days in one mode.
public enum TimetablePeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    case duration(ISODuration)
    case days(DayCount)

    public var description: String {
        switch self {
        case .duration(let d): d.spoken
        case .days(let count): count.description
        }
    }
}

/// A limit that a timetable sets: a whole civil date, or an exact instant when the rule's
/// period has time parts (as in rehearsals).
public enum TimetableBound: Sendable, Hashable, Codable, CustomStringConvertible {
    case date(CivilDate)
    case instant(Instant)

    /// Encoded as a plain string: `2027-03-22` for a date, `2027-03-22T09:00:00Z` for an instant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = CivilDate(text) {
            self = .date(date)
        } else if let instant = Instant(rfc3339: text) {
            self = .instant(instant)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is neither a date (YYYY-MM-DD) nor an RFC 3339 instant")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Whether something happening at `instant` is on or after this bound.
    public func isReached(by instant: Instant, in zone: Zone) -> Bool {
        switch self {
        case .date(let date): zone.date(of: instant) >= date
        case .instant(let bound): instant >= bound
        }
    }

    /// Whether something happening at `instant` is on or before this bound.
    public func isNotPassed(by instant: Instant, in zone: Zone) -> Bool {
        switch self {
        case .date(let date): zone.date(of: instant) <= date
        case .instant(let bound): instant <= bound
        }
    }

    /// The first instant at which the bound is reached.
    public func start(in zone: Zone) -> Instant {
        switch self {
        case .date(let date): zone.startOfDay(date)
        case .instant(let instant): instant
        }
    }

    public var date: CivilDate? { if case .date(let d) = self { d } else { nil } }

    public var description: String {
        switch self {
        case .date(let d): d.description
        case .instant(let i): i.description
        }
    }

    public func formatted(in zone: Zone) -> String {
        switch self {
        case .date(let d): d.description
        case .instant(let i): zone.format(i)
        }
    }
}

/// A calendar and a zone together: everything needed to apply a period to real events.
public struct TimetableContext: Sendable {
    public let calendar: TimetableCalendar
    public let zone: Zone

    public init(calendar: TimetableCalendar, zone: Zone) {
        self.calendar = calendar
        self.zone = zone
    }

    /// The earliest bound for something that must come `period` after `start`.
    public func earliest(after start: Instant, by period: TimetablePeriod) throws(CalendarError) -> TimetableBound {
        switch period {
        case .days(let count):
            return .date(try calendar.earliest(after: zone.date(of: start), by: count))
        case .duration(let d) where d.isDateOnly:
            return .date(d.added(to: zone.date(of: start)))
        case .duration(let d):
            return .instant(d.added(to: start, in: zone))
        }
    }

    /// The latest bound for something that must come `period` before `end`.
    public func latest(before end: Instant, leaving period: TimetablePeriod) throws(CalendarError) -> TimetableBound {
        switch period {
        case .days(let count):
            return .date(try calendar.latest(before: zone.date(of: end), leaving: count))
        case .duration(let d) where d.isDateOnly:
            return .date(d.added(to: zone.date(of: end), sign: -1))
        case .duration(let d):
            return .instant(d.added(to: end, in: zone, sign: -1))
        }
    }

    /// What lies between two events, measured as the period measures: "2 clear days", "9 weeks 3 days".
    public func measure(from start: Instant, to end: Instant, as period: TimetablePeriod) throws(CalendarError) -> String {
        switch period {
        case .days(let count):
            let (from, to) = (zone.date(of: start), zone.date(of: end))
            // Clear days lie strictly between; "N working days after" and "N days after" include the later day.
            let n: Int = switch count.mode {
            case .clearDays: try calendar.span(from: from, to: to, excluding: count.excluding).count
            case .workingDays: try calendar.span(from: from, to: to.adding(days: 1), excluding: count.excluding).count
            case .calendarDays: max(0, from.days(to: to))
            }
            return "\(n) \(count.mode.noun)\(n == 1 ? "" : "s")"
        case .duration(let d) where d.isDateOnly:
            let n = zone.date(of: start).days(to: zone.date(of: end))
            return n >= 7 && n % 7 == 0 ? "\(n / 7) week\(n == 7 ? "" : "s")" : "\(n) day\(n == 1 ? "" : "s")"
        case .duration:
            let s = (end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
            return "\(s) second\(s == 1 ? "" : "s")"
        }
    }
}
