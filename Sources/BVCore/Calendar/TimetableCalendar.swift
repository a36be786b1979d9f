/// The days an authority counts: its bank-holiday division plus its own closure days.
///
/// Every answer it gives is a pure function of its data, so the same question gets the same
/// answer in the daemon, in `bvctl calendar` and in tests.
public struct TimetableCalendar: Sendable, Hashable {
    public let division: Division
    public let holidays: BankHolidays
    private let holidayTitles: [CivilDate: String]
    private let closureTitles: [CivilDate: String]

    public init(division: Division, holidays: BankHolidays) {
        self.division = division
        self.holidays = holidays
        var titles: [CivilDate: String] = [:]
        for day in holidays.days[division.rawValue] ?? [] {
            titles[day.date] = titles[day.date].map { "\($0) and \(day.title)" } ?? day.title
        }
        self.holidayTitles = titles
        self.closureTitles = Dictionary(holidays.closures.map { ($0.date, $0.title) }, uniquingKeysWith: { a, _ in a })
    }

    /// The snapshot of GOV.UK data that ships with bvd.
    public static func bundled(_ division: Division = .englandAndWales) -> TimetableCalendar {
        TimetableCalendar(division: division, holidays: .bundled)
    }

    public func bankHoliday(on date: CivilDate) throws(CalendarError) -> String? {
        let covered = holidays.coveredYears(division)
        guard let covered, covered.contains(date.year) else {
            throw .beyondCoverage(division: division, date: date, covered: covered)
        }
        return holidayTitles[date]
    }

    /// Why `date` is left out under `excluded`, or nil when it counts.
    public func exclusion(of date: CivilDate, under excluded: ExcludedDays) throws(CalendarError) -> String? {
        if excluded.contains(.saturdays), date.weekday == .saturday { return "Saturday" }
        if excluded.contains(.sundays), date.weekday == .sunday { return "Sunday" }
        if excluded.contains(.bankHolidays), let title = try bankHoliday(on: date) { return title }
        if excluded.contains(.closures), let title = closureTitles[date] { return title }
        if excluded.contains(.christmasBreak), try isInChristmasBreak(date) { return "Christmas break" }
        if excluded.contains(.easterBreak), isInEasterBreak(date) { return "Easter break" }
        return nil
    }

    func isInEasterBreak(_ date: CivilDate) -> Bool {
        let offset = Easter.sunday(in: date.year).days(to: date)
        return (-3...2).contains(offset)
    }

    /// s243(4): "week day" is read as Monday to Friday. The break starts at most three days before
    /// Christmas and ends by 29 December (26 to 28 December are the only bank holidays after it),
    /// so only the date's own year matters and no other day needs bank-holiday data.
    func isInChristmasBreak(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard date.month == 12, date.day >= 21 else { return false }
        let christmas = CivilDate(year: date.year, month: 12, day: 25)!
        var start = christmas.adding(days: -1)
        while start.weekday.isWeekend { start = start.adding(days: -1) }
        var end = christmas.adding(days: 1)
        while end.weekday.isWeekend { end = end.adding(days: 1) }
        while try bankHoliday(on: end) != nil {
            end = end.adding(days: 1)
            while end.weekday.isWeekend { end = end.adding(days: 1) }
        }
        return start <= date && date <= end
    }
}
