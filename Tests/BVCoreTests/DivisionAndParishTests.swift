import BVCore
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let england = TimetableCalendar.bundled(.englandAndWales)
private let scotland = TimetableCalendar.bundled(.scotland)
private let northernIreland = TimetableCalendar.bundled(.northernIreland)
private let fiveClear = DayCount(5, .clearDays, excluding: .weekendsAndBankHolidays)

@Suite("Scotland and Northern Ireland")
struct DivisionTests {
    @Test("2 January is a holiday in Scotland only (2027: moved to Monday 4 January)")
    func secondJanuary() throws {
        #expect(try scotland.exclusion(of: date("2027-01-04"), under: .weekendsAndBankHolidays) == "2nd January")
        #expect(try england.exclusion(of: date("2027-01-04"), under: .weekendsAndBankHolidays) == nil)
        // Meeting Friday 8 January 2027: Scotland loses a clear day to 2nd January.
        #expect(try england.latest(before: date("2027-01-08"), leaving: fiveClear) == date("2026-12-30"))
        #expect(try scotland.latest(before: date("2027-01-08"), leaving: fiveClear) == date("2026-12-29"))
    }

    @Test("Easter Monday is not a bank holiday in Scotland")
    func easterMonday() throws {
        #expect(try scotland.exclusion(of: date("2027-03-29"), under: .weekendsAndBankHolidays) == nil)
        #expect(try scotland.exclusion(of: date("2027-03-26"), under: .weekendsAndBankHolidays) == "Good Friday")
        #expect(try scotland.latest(before: date("2027-04-01"), leaving: fiveClear) == date("2027-03-23"))
        #expect(try england.latest(before: date("2027-04-01"), leaving: fiveClear) == date("2027-03-22"))
    }

    @Test("summer bank holiday: first Monday of August in Scotland, last Monday in England")
    func summerHoliday() throws {
        #expect(try scotland.bankHoliday(on: date("2027-08-02")) == "Summer bank holiday")
        #expect(try scotland.bankHoliday(on: date("2027-08-30")) == nil)
        #expect(try england.bankHoliday(on: date("2027-08-30")) == "Summer bank holiday")
        #expect(try england.bankHoliday(on: date("2027-08-02")) == nil)
        let oneWorkingDay = DayCount(1, .workingDays)
        #expect(try england.earliest(after: date("2027-07-30"), by: oneWorkingDay) == date("2027-08-02"))
        #expect(try scotland.earliest(after: date("2027-07-30"), by: oneWorkingDay) == date("2027-08-03"))
        #expect(try england.earliest(after: date("2027-08-27"), by: oneWorkingDay) == date("2027-08-31"))
        #expect(try scotland.earliest(after: date("2027-08-27"), by: oneWorkingDay) == date("2027-08-30"))
    }

    @Test("St Andrew's Day is a Scottish bank holiday")
    func stAndrew() throws {
        #expect(try scotland.bankHoliday(on: date("2027-11-30")) == "St Andrew’s Day")
        #expect(try england.bankHoliday(on: date("2027-11-30")) == nil)
    }

    @Test("Northern Ireland: St Patrick's Day (17 March) costs a clear day")
    func stPatrick() throws {
        #expect(try northernIreland.bankHoliday(on: date("2027-03-17")) == "St Patrick’s Day")
        #expect(try england.bankHoliday(on: date("2027-03-17")) == nil)
        #expect(try northernIreland.latest(before: date("2027-03-18"), leaving: fiveClear) == date("2027-03-09"))
        #expect(try england.latest(before: date("2027-03-18"), leaving: fiveClear) == date("2027-03-10"))
    }

    @Test("Northern Ireland: 12 July, moved to Monday 13 July in 2026")
    func twelfth() throws {
        #expect(try northernIreland.bankHoliday(on: date("2027-07-12")) == "Battle of the Boyne (Orangemen’s Day)")
        #expect(try northernIreland.bankHoliday(on: date("2026-07-13")) != nil)
        #expect(try northernIreland.bankHoliday(on: date("2026-07-12")) == nil)
        #expect(try northernIreland.latest(before: date("2027-07-15"), leaving: fiveClear) == date("2027-07-06"))
        #expect(try england.latest(before: date("2027-07-15"), leaving: fiveClear) == date("2027-07-07"))
    }
}

/// LGA 1972 s243: Sundays, bank holidays and the Christmas and Easter breaks are excluded;
/// Saturdays count.
@Suite("Parish councils (LGA 1972 s243)")
struct Section243Tests {
    private let threeClearParish = DayCount(3, .clearDays, excluding: .section243)
    private let threeClearPrincipal = DayCount(3, .clearDays, excluding: .weekendsAndBankHolidays)

    @Test("Saturdays count for a parish summons but not for a principal council")
    func saturdaysCount() throws {
        // Meeting Monday 14 June 2027.
        #expect(try england.latest(before: date("2027-06-14"), leaving: threeClearParish) == date("2027-06-09"))
        #expect(try england.latest(before: date("2027-06-14"), leaving: threeClearPrincipal) == date("2027-06-08"))
        #expect(try england.exclusion(of: date("2027-06-12"), under: .section243) == nil)
        #expect(try england.exclusion(of: date("2027-06-13"), under: .section243) == "Sunday")
        #expect(try england.earliest(after: date("2027-06-11"), by: threeClearParish) == date("2027-06-16"))
        #expect(try england.earliest(after: date("2027-06-11"), by: threeClearPrincipal) == date("2027-06-17"))
    }

    @Test("the Christmas break 2026 runs from Thursday 24 to Tuesday 29 December")
    func christmasBreak() throws {
        let excluded = try (0..<14).map { date("2026-12-20").adding(days: $0) }
            .filter { try england.exclusion(of: $0, under: ExcludedDays([.christmasBreak])) != nil }
        #expect(excluded == ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28", "2026-12-29"].map(date))
        #expect(try england.exclusion(of: date("2026-12-29"), under: .section243) == "Christmas break")
        #expect(try england.exclusion(of: date("2026-12-28"), under: .section243) == "Boxing Day")
        #expect(try england.exclusion(of: date("2026-12-26"), under: .section243) == "Christmas break")
    }

    @Test("a parish meeting on Thursday 31 December 2026 needs the summons by 21 December")
    func christmasBreakCount() throws {
        #expect(try england.latest(before: date("2026-12-31"), leaving: threeClearParish) == date("2026-12-21"))
        // Without the break (Sundays and bank holidays only) Saturday 26 and Tuesday 29 would count.
        let sundaysAndHolidays = DayCount(3, .clearDays, excluding: ExcludedDays([.sundays, .bankHolidays]))
        #expect(try england.latest(before: date("2026-12-31"), leaving: sundaysAndHolidays) == date("2026-12-25"))
    }

    @Test("the Christmas break 2027 runs past the substitute days to Wednesday 29 December")
    func christmasBreak2027() throws {
        let excluded = try (0..<14).map { date("2027-12-20").adding(days: $0) }
            .filter { try england.exclusion(of: $0, under: ExcludedDays([.christmasBreak])) != nil }
        #expect(excluded == ["2027-12-24", "2027-12-25", "2027-12-26", "2027-12-27", "2027-12-28", "2027-12-29"].map(date))
    }

    @Test("the Easter break 2027 runs from Maundy Thursday 25 March to Tuesday 30 March")
    func easterBreak() throws {
        let excluded = try (0..<10).map { date("2027-03-23").adding(days: $0) }
            .filter { try england.exclusion(of: $0, under: ExcludedDays([.easterBreak])) != nil }
        #expect(excluded == ["2027-03-25", "2027-03-26", "2027-03-27", "2027-03-28", "2027-03-29", "2027-03-30"].map(date))
        #expect(try england.exclusion(of: date("2027-03-27"), under: .section243) == "Easter break")
        #expect(try england.latest(before: date("2027-04-01"), leaving: threeClearParish) == date("2027-03-22"))
        #expect(try england.latest(before: date("2027-04-01"), leaving: threeClearPrincipal) == date("2027-03-24"))
    }

    @Test("s243 counting works throughout 2020, the first year the bundled data covers")
    func firstCoveredYear() throws {
        // The Christmas break of the year before matters only in early January.
        #expect(try england.exclusion(of: date("2020-06-15"), under: .section243) == nil)
        #expect(try england.latest(before: date("2020-06-15"), leaving: threeClearParish) == date("2020-06-10"))
    }
}
