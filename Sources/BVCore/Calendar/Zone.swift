/// The authority's time zone: turns civil date-times into instants and back.
///
/// The zone's rules come from the IANA data installed on the machine (the TZif file under
/// `$TZDIR` or `/usr/share/zoneinfo`, see `TZif`), read without Foundation so that bvctl need not
/// link it.
///
/// A local time that does not exist (the hour skipped when clocks go forward) is moved forward
/// by the length of the gap; one that exists twice (when clocks go back) means its first
/// occurrence — so a reminder fires once, as systemd timers do.
public struct Zone: Sendable, Hashable, CustomStringConvertible {
    public let identifier: String
    private let rules: TZif

    /// The zone with this IANA name (`Europe/London`), or nil when there is none.
    public init?(identifier: String) {
        guard let rules = ZoneInfoDirectory.rules(for: identifier) else { return nil }
        self.init(identifier: identifier, rules: rules)
    }

    /// A zone with the given rules, e.g. read from a TZif file elsewhere.
    public init(identifier: String, rules: TZif) {
        self.identifier = identifier
        self.rules = rules
    }

    public static let london = Zone(identifier: "Europe/London")!
    public static let utc = Zone(identifier: "UTC")!

    public var description: String { identifier }

    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Seconds east of UTC in force at `instant`.
    public func offset(at instant: Instant) -> Int {
        rules.localTimeType(at: instant.secondsSinceEpoch).offset
    }

    public func localDateTime(of instant: Instant) -> LocalDateTime {
        let local = instant.secondsSinceEpoch + Int64(offset(at: instant))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let rest = Int(local - days * 86_400)
        return LocalDateTime(
            date: CivilDate(dayNumber: Int(days)),
            time: LocalTime(hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)!)
    }

    public func date(of instant: Instant) -> CivilDate { localDateTime(of: instant).date }

    public func instant(of local: LocalDateTime) -> Instant {
        let wall = Int64(local.date.dayNumber) * 86_400 + Int64(local.time.secondsOfDay)
        // The offsets in force half a day either side cover every transition the zone can have.
        let before = offset(at: Instant(secondsSinceEpoch: wall - 43_200))
        let after = offset(at: Instant(secondsSinceEpoch: wall + 43_200))
        let candidates = [before, after]
            .map { Instant(secondsSinceEpoch: wall - Int64($0)) }
            .filter { Int64(offset(at: $0)) == wall - $0.secondsSinceEpoch }
        if let first = candidates.min() { return first }
        // In a gap: read the wall time with the offset in force before it, which lands after the gap.
        return Instant(secondsSinceEpoch: wall - Int64(before))
    }

    /// The instant at which `date` begins in this zone.
    public func startOfDay(_ date: CivilDate) -> Instant {
        instant(of: LocalDateTime(date: date, time: .midnight))
    }

    /// The zone's abbreviation at `instant` from the IANA data: "GMT" or "BST" in London.
    public func abbreviation(at instant: Instant) -> String {
        rules.localTimeType(at: instant.secondsSinceEpoch).abbreviation
    }

    /// A local time for people, e.g. "2027-04-01 10:00 BST".
    public func format(_ instant: Instant) -> String {
        let local = localDateTime(of: instant)
        return "\(local.date) \(local.time) \(abbreviation(at: instant))"
    }
}
