import BVCore
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let england = TimetableCalendar.bundled(.englandAndWales)

@Suite("Working days and calendar days")
struct CountingModeTests {
    @Test("the 7th working day after Monday 7 June 2027 is Wednesday 16 June")
    func sevenWorkingDays() throws {
        #expect(try england.earliest(after: date("2027-06-07"), by: DayCount(7, .workingDays)) == date("2027-06-16"))
        #expect(try england.latest(before: date("2027-06-16"), leaving: DayCount(7, .workingDays)) == date("2027-06-07"))
    }

    @Test("working days step over Easter 2027 and land on working days")
    func workingDaysOverEaster() throws {
        let one = DayCount(1, .workingDays)
        // After Maundy Thursday the next working day is the Tuesday after Easter.
        #expect(try england.earliest(after: date("2027-03-25"), by: one) == date("2027-03-30"))
        #expect(try england.latest(before: date("2027-03-30"), leaving: one) == date("2027-03-25"))
        #expect(try england.latest(before: date("2027-04-06"), leaving: DayCount(7, .workingDays)) == date("2027-03-24"))
        #expect(try england.earliest(after: date("2027-03-31"), by: DayCount(3, .workingDays)) == date("2027-04-05"))
    }

    @Test("working days over the year end 2027 to 2028")
    func workingDaysOverYearEnd() throws {
        #expect(try england.earliest(after: date("2027-12-23"), by: DayCount(5, .workingDays)) == date("2028-01-04"))
        #expect(try england.latest(before: date("2028-01-04"), leaving: DayCount(5, .workingDays)) == date("2027-12-23"))
    }

    @Test("the nth working day before a Saturday is counted from the Friday")
    func workingDaysFromAWeekend() throws {
        let one = DayCount(1, .workingDays)
        #expect(try england.latest(before: date("2027-03-06"), leaving: one) == date("2027-03-05"))
        #expect(try england.earliest(after: date("2027-03-05"), by: one) == date("2027-03-08"))
        #expect(try england.earliest(after: date("2027-03-06"), by: one) == date("2027-03-08"))
    }

    @Test("a working-day count between two dates counts the working days strictly between them")
    func countWorkingDays() throws {
        // 8 to 15 June 2027 (Tue to Tue): Wed, Thu, Fri, Mon.
        #expect(try england.count(from: date("2027-06-08"), to: date("2027-06-15"), .workingDays) == 4)
        // Over Easter 2027: from Wed 24 March to Thu 1 April only 25, 30 and 31 March.
        #expect(try england.count(from: date("2027-03-24"), to: date("2027-04-01"), .workingDays) == 3)
    }

    @Test("in Scotland Easter Monday is a working day")
    func scottishWorkingDays() throws {
        let scotland = TimetableCalendar.bundled(.scotland)
        #expect(try scotland.earliest(after: date("2027-03-25"), by: DayCount(1, .workingDays)) == date("2027-03-29"))
    }

    @Test("calendar days are plain subtraction and addition, holidays or not")
    func calendarDays() throws {
        let twentyEight = DayCount(28, .calendarDays)
        #expect(try england.latest(before: date("2027-04-01"), leaving: twentyEight) == date("2027-03-04"))
        #expect(try england.earliest(after: date("2027-03-04"), by: twentyEight) == date("2027-04-01"))
        #expect(try england.earliest(after: date("2026-12-20"), by: DayCount(14, .calendarDays)) == date("2027-01-03"))
        #expect(try england.latest(before: date("2028-03-01"), leaving: DayCount(1, .calendarDays)) == date("2028-02-29"))
        #expect(try england.latest(before: date("2027-03-01"), leaving: DayCount(1, .calendarDays)) == date("2027-02-28"))
        // Asking for exclusions does not turn calendar days into working days.
        let withExclusions = DayCount(14, .calendarDays, excluding: .weekendsAndBankHolidays)
        #expect(try england.earliest(after: date("2026-12-20"), by: withExclusions) == date("2027-01-03"))
    }

    @Test("three months' notice to a voluntary body, as calendar months")
    func monthsNotice() {
        #expect(date("2027-11-30").adding(months: 3) == date("2028-02-29"))
        #expect(date("2026-11-30").adding(months: 3) == date("2027-02-28"))
    }

    @Test("noun and description read naturally")
    func descriptions() {
        #expect(DayCount(1, .workingDays).description == "1 working day (weekends, bank-holidays excluded)")
        #expect(DayCount(28, .calendarDays).description == "28 days")
        #expect(DayCount(3, .clearDays, excluding: .section243).description
            == "3 clear days (sundays, bank-holidays, christmas-break, easter-break excluded)")
    }

    @Test("exclusion names parse from workflow files and unknown names are named back")
    func parseExclusions() throws {
        #expect(try ExcludedDays.parse(["weekends", "bank-holidays"]).get() == .weekendsAndBankHolidays)
        #expect(try ExcludedDays.parse(["none"]).get() == ExcludedDays.nothing)
        #expect(try ExcludedDays.parse(["sundays", "bank-holidays", "christmas-break", "easter-break"]).get() == .section243)
        guard case .failure(let error) = ExcludedDays.parse(["weekends", "fortnights"]) else {
            Issue.record("'fortnights' should not parse")
            return
        }
        #expect(error.name == "fortnights")
        #expect(error.description.contains("bank-holidays"))
    }
}
