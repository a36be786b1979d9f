/// Why a calendar question cannot be answered.
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The count reaches a year for which no bank holidays are known.
    case beyondCoverage(division: Division, date: CivilDate, covered: ClosedRange<Int>?)
    case unreadableHolidays(source: String, reason: String)
    /// A count would run further than any timetable can reasonably need.
    case runaway(from: CivilDate, days: Int)

    public var description: String {
        switch self {
        case .beyondCoverage(let division, let date, let covered?):
            return "bank holidays for \(division.title) are known for \(covered.lowerBound) to \(covered.upperBound) only, "
                + "and this count reaches \(date); install a newer bank-holidays.json (GOV.UK format) to count past \(covered.upperBound)"
        case .beyondCoverage(let division, let date, nil):
            return "no bank holidays are known for \(division.title), and this count reaches \(date); "
                + "install a bank-holidays.json (GOV.UK format) that lists them"
        case .unreadableHolidays(let source, let reason):
            return "\(source): not a bank-holidays file in GOV.UK format: \(reason)"
        case .runaway(let from, let days):
            return "counting \(days) days from \(from) runs past any plausible timetable"
        }
    }
}
