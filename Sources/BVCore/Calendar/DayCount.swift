/// How a rule counts its days.
public enum CountingMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every day counts; "N days before" is plain subtraction.
    case calendarDays = "calendar-days"
    /// Days that are not excluded count; "N working days after X" is the Nth such day after X.
    case workingDays = "working-days"
    /// Only whole days strictly between the two events count, and neither end day does.
    case clearDays = "clear-days"

    /// How people read one of these days: "clear day", "working day", "day".
    public var noun: String {
        switch self {
        case .calendarDays: "day"
        case .workingDays: "working day"
        case .clearDays: "clear day"
        }
    }
}

/// A number of days counted in one mode, leaving out one set of days: "5 clear days,
/// weekends and bank holidays excluded".
public struct DayCount: Sendable, Hashable, Codable, CustomStringConvertible {
    public let days: Int
    public let mode: CountingMode
    public let excluding: ExcludedDays

    public init(_ days: Int, _ mode: CountingMode, excluding: ExcludedDays? = nil) {
        self.days = days
        self.mode = mode
        switch mode {
        case .calendarDays: self.excluding = excluding ?? .nothing
        case .workingDays, .clearDays: self.excluding = excluding ?? .weekendsAndBankHolidays
        }
    }

    public var description: String {
        let noun = days == 1 ? mode.noun : mode.noun + "s"
        return excluding.kinds.isEmpty ? "\(days) \(noun)" : "\(days) \(noun) (\(excluding) excluded)"
    }
}

/// The days a count looked at, for explanations ("Good Friday, Easter Monday and the weekend do not count").
public struct CountedSpan: Sendable, Hashable, Codable {
    public let from: CivilDate
    public let to: CivilDate
    public let counted: [CivilDate]
    public let skipped: [SkippedDay]

    public var count: Int { counted.count }
}

public struct SkippedDay: Sendable, Hashable, Codable {
    public let date: CivilDate
    public let reason: String
}

/// Upper bound on any single count: a decade of days. Keeps a typo (50000 days) from spinning.
let countLimit = 3660

extension TimetableCalendar {
    /// The days strictly between `from` and `to` that are not excluded (empty when `to` is not later).
    public func span(from: CivilDate, to: CivilDate, excluding: ExcludedDays) throws(CalendarError) -> CountedSpan {
        var counted: [CivilDate] = []
        var skipped: [SkippedDay] = []
        guard from.days(to: to) <= countLimit else { throw .runaway(from: from, days: from.days(to: to)) }
        var day = from.adding(days: 1)
        while day < to {
            if let reason = try exclusion(of: day, under: excluding) {
                skipped.append(SkippedDay(date: day, reason: reason))
            } else {
                counted.append(day)
            }
            day = day.adding(days: 1)
        }
        return CountedSpan(from: from, to: to, counted: counted, skipped: skipped)
    }

    /// How many days of `mode` lie strictly between two dates.
    public func count(from: CivilDate, to: CivilDate, _ mode: CountingMode, excluding: ExcludedDays? = nil) throws(CalendarError) -> Int {
        try span(from: from, to: to, excluding: DayCount(0, mode, excluding: excluding).excluding).count
    }

    /// The `n`th day that counts, stepping from `date` (exclusive) in `direction` (+1 or -1).
    func nthCountedDay(from date: CivilDate, _ n: Int, direction: Int, excluding: ExcludedDays) throws(CalendarError) -> CivilDate {
        guard n <= countLimit else { throw .runaway(from: date, days: n) }
        var day = date
        var found = 0
        var steps = 0
        while found < n {
            day = day.adding(days: direction)
            steps += 1
            guard steps <= countLimit * 2 else { throw .runaway(from: date, days: n) }
            if try exclusion(of: day, under: excluding) == nil { found += 1 }
        }
        return day
    }

    /// The latest date on which something may happen and still leave `count` before `date`.
    ///
    /// For clear days that is the day before the earliest of the `n` counted days; for working days,
    /// the `n`th working day before; for calendar days, `n` days before. The answer may itself be an
    /// excluded day: a rule about clear days says nothing of the end days.
    public func latest(before date: CivilDate, leaving count: DayCount) throws(CalendarError) -> CivilDate {
        switch count.mode {
        case .calendarDays:
            return date.adding(days: -count.days)
        case .workingDays:
            return try nthCountedDay(from: date, count.days, direction: -1, excluding: count.excluding)
        case .clearDays:
            guard count.days > 0 else { return date.adding(days: -1) }
            return try nthCountedDay(from: date, count.days, direction: -1, excluding: count.excluding).adding(days: -1)
        }
    }

    /// The earliest date that lies `count` after `date`: the mirror of `latest(before:leaving:)`.
    public func earliest(after date: CivilDate, by count: DayCount) throws(CalendarError) -> CivilDate {
        switch count.mode {
        case .calendarDays:
            return date.adding(days: count.days)
        case .workingDays:
            return try nthCountedDay(from: date, count.days, direction: 1, excluding: count.excluding)
        case .clearDays:
            guard count.days > 0 else { return date.adding(days: 1) }
            return try nthCountedDay(from: date, count.days, direction: 1, excluding: count.excluding).adding(days: 1)
        }
    }

    /// Whether `later` lies at least `count` after `earlier`.
    public func satisfies(_ count: DayCount, from earlier: CivilDate, to later: CivilDate) throws(CalendarError) -> Bool {
        later >= (try earliest(after: earlier, by: count))
    }
}
