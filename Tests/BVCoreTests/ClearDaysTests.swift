import BVCore
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let england = TimetableCalendar.bundled(.englandAndWales)
private let fiveClear = DayCount(5, .clearDays, excluding: .weekendsAndBankHolidays)

/// Clear days under the principal-council practice: weekends and bank holidays excluded,
/// neither the publication day nor the meeting day counted (England and Wales).
@Suite("Clear days, England and Wales")
struct ClearDaysTests {
    @Test("worked example 1: meeting Thursday 1 April 2027 over Easter, papers by Monday 22 March")
    func workedExampleEaster() throws {
        let meeting = date("2027-04-01")
        #expect(try england.latest(before: meeting, leaving: fiveClear) == date("2027-03-22"))
        let span = try england.span(from: date("2027-03-22"), to: meeting, excluding: .weekendsAndBankHolidays)
        #expect(span.counted == ["2027-03-23", "2027-03-24", "2027-03-25", "2027-03-30", "2027-03-31"].map(date))
        #expect(span.skipped.map(\.date) == ["2027-03-26", "2027-03-27", "2027-03-28", "2027-03-29"].map(date))
        #expect(span.skipped.map(\.reason) == ["Good Friday", "Saturday", "Sunday", "Easter Monday"])
    }

    @Test("worked example 2: meeting Monday 4 January 2027, papers by Tuesday 22 December 2026")
    func workedExampleChristmas() throws {
        let meeting = date("2027-01-04")
        #expect(try england.latest(before: meeting, leaving: fiveClear) == date("2026-12-22"))
        let span = try england.span(from: date("2026-12-22"), to: meeting, excluding: .weekendsAndBankHolidays)
        #expect(span.counted == ["2026-12-23", "2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31"].map(date))
        let reasons = Dictionary(uniqueKeysWithValues: span.skipped.map { ($0.date, $0.reason) })
        #expect(reasons[date("2026-12-25")] == "Christmas Day")
        #expect(reasons[date("2026-12-28")] == "Boxing Day")
        #expect(reasons[date("2027-01-01")] == "New Year’s Day")
        #expect(span.skipped.count == 7)
    }

    @Test("a Thursday meeting with no holidays near it needs papers by the Wednesday of the week before")
    func ordinaryThursday() throws {
        #expect(try england.latest(before: date("2027-06-17"), leaving: fiveClear) == date("2027-06-09"))
        #expect(try england.count(from: date("2027-06-09"), to: date("2027-06-17"), .clearDays) == 5)
        // Publishing on the Thursday before leaves only four clear days.
        #expect(try england.count(from: date("2027-06-10"), to: date("2027-06-17"), .clearDays) == 4)
    }

    @Test("neither end day counts, even when both are ordinary weekdays")
    func endDaysDoNotCount() throws {
        #expect(try england.count(from: date("2027-06-14"), to: date("2027-06-15"), .clearDays) == 0)
        #expect(try england.count(from: date("2027-06-14"), to: date("2027-06-16"), .clearDays) == 1)
        #expect(try england.count(from: date("2027-06-16"), to: date("2027-06-14"), .clearDays) == 0)
        #expect(try england.count(from: date("2027-06-16"), to: date("2027-06-16"), .clearDays) == 0)
    }

    @Test("the default exclusions for clear days are weekends and bank holidays")
    func defaultExclusions() throws {
        #expect(DayCount(5, .clearDays).excluding == .weekendsAndBankHolidays)
        #expect(DayCount(28, .calendarDays).excluding == .nothing)
        #expect(try england.count(from: date("2027-03-22"), to: date("2027-04-01"), .clearDays) == 5)
        #expect(fiveClear.description == "5 clear days (weekends, bank-holidays excluded)")
    }

    @Test("28 clear days with nothing excluded: 2027-01-31 before 1 March 2027, 2028-02-01 in the leap year")
    func twentyEightClearDays() throws {
        let notice = DayCount(28, .clearDays, excluding: ExcludedDays.nothing)
        #expect(try england.latest(before: date("2027-03-01"), leaving: notice) == date("2027-01-31"))
        #expect(try england.count(from: date("2027-01-31"), to: date("2027-03-01"), .clearDays, excluding: ExcludedDays.nothing) == 28)
        #expect(try england.latest(before: date("2028-03-01"), leaving: notice) == date("2028-02-01"))
        #expect(try england.earliest(after: date("2027-01-31"), by: notice) == date("2027-03-01"))
    }

    @Test("29 February 2028 is an ordinary counted Tuesday")
    func leapDayCounts() throws {
        #expect(try england.latest(before: date("2028-03-02"), leaving: fiveClear) == date("2028-02-23"))
        #expect(try england.latest(before: date("2027-03-04"), leaving: fiveClear) == date("2027-02-24"))
        #expect(try england.exclusion(of: date("2028-02-29"), under: .weekendsAndBankHolidays) == nil)
    }

    @Test("Christmas 2021 with substitute days on 27 and 28 December and 3 January 2022")
    func christmas2021() throws {
        for substitute in ["2021-12-27", "2021-12-28", "2022-01-03"] {
            #expect(try england.exclusion(of: date(substitute), under: .weekendsAndBankHolidays) != nil, "\(substitute)")
        }
        // Thu 23 Dec to Wed 5 Jan: only 24, 29, 30, 31 Dec and 4 Jan count.
        #expect(try england.count(from: date("2021-12-23"), to: date("2022-01-05"), .clearDays) == 5)
        // Meeting Thursday 6 January 2022: the answer is itself a bank holiday, which a clear-day rule allows.
        #expect(try england.latest(before: date("2022-01-06"), leaving: fiveClear) == date("2021-12-28"))
    }

    @Test("Christmas 2022: Boxing Day on the Monday, Christmas Day substitute on Tuesday 27 December")
    func christmas2022() throws {
        #expect(try england.exclusion(of: date("2022-12-26"), under: .weekendsAndBankHolidays) == "Boxing Day")
        #expect(try england.exclusion(of: date("2022-12-27"), under: .weekendsAndBankHolidays) == "Christmas Day")
        let firstWorkingDay = try england.earliest(after: date("2022-12-23"), by: DayCount(1, .workingDays))
        #expect(firstWorkingDay == date("2022-12-28"))
    }

    @Test("Christmas 2027 falls on a Saturday: 27 and 28 December and 3 January 2028 are off")
    func christmas2027() throws {
        #expect(try england.latest(before: date("2028-01-04"), leaving: fiveClear) == date("2027-12-22"))
        #expect(try england.earliest(after: date("2027-12-24"), by: fiveClear) == date("2028-01-06"))
    }

    @Test("earliest(after:) mirrors the worked examples; the answer may be a bank holiday")
    func earliestMirrors() throws {
        #expect(try england.earliest(after: date("2027-03-22"), by: fiveClear) == date("2027-04-01"))
        #expect(try england.earliest(after: date("2026-12-22"), by: fiveClear) == date("2027-01-01"))
        // Papers out on Maundy Thursday: the meeting can be no earlier than Tuesday 6 April.
        #expect(try england.earliest(after: date("2027-03-25"), by: fiveClear) == date("2027-04-06"))
    }

    @Test("zero clear days means the day before or the day after")
    func zeroClearDays() throws {
        let none = DayCount(0, .clearDays)
        #expect(try england.latest(before: date("2027-04-01"), leaving: none) == date("2027-03-31"))
        #expect(try england.earliest(after: date("2027-04-01"), by: none) == date("2027-04-02"))
    }

    @Test("satisfies agrees with the worked example at its boundary")
    func satisfies() throws {
        #expect(try england.satisfies(fiveClear, from: date("2027-03-22"), to: date("2027-04-01")))
        #expect(try !england.satisfies(fiveClear, from: date("2027-03-23"), to: date("2027-04-01")))
        #expect(try england.satisfies(fiveClear, from: date("2027-03-19"), to: date("2027-04-01")))
    }

    @Test("a count longer than a decade is refused as a runaway")
    func runaway() {
        #expect(throws: CalendarError.runaway(from: date("2027-01-01"), days: 5000)) {
            try england.earliest(after: date("2027-01-01"), by: DayCount(5000, .workingDays))
        }
        #expect(throws: CalendarError.self) {
            try england.count(from: date("2020-01-01"), to: date("2031-01-01"), .clearDays, excluding: ExcludedDays.nothing)
        }
    }
}
