import BVCore
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let england = TimetableCalendar.bundled(.englandAndWales)

private func holidays(_ json: String, source: String = "test.json") throws(CalendarError) -> BankHolidays {
    try BankHolidays(govUKJSON: Array(json.utf8), source: source)
}

@Suite("Bank-holiday data and its coverage")
struct HolidayDataTests {
    @Test("the bundled snapshot covers 2020 to 2028 in every division")
    func bundledCoverage() {
        for division in Division.allCases {
            #expect(BankHolidays.bundled.coveredYears(division) == 2020...2028, "\(division)")
        }
        #expect(BankHolidays.bundled.days(in: .englandAndWales, year: 2027).count == 8)
    }

    @Test("a count that runs into 2029 throws beyondCoverage at the first 2029 weekday it needs")
    func pastCoverage() {
        #expect(throws: CalendarError.beyondCoverage(division: .englandAndWales, date: date("2029-01-01"), covered: 2020...2028)) {
            try england.earliest(after: date("2028-12-20"), by: DayCount(10, .workingDays))
        }
        #expect(throws: CalendarError.beyondCoverage(division: .scotland, date: date("2029-01-09"), covered: 2020...2028)) {
            try TimetableCalendar.bundled(.scotland).latest(before: date("2029-01-10"), leaving: DayCount(5, .clearDays))
        }
        #expect(throws: CalendarError.beyondCoverage(division: .englandAndWales, date: date("2019-12-31"), covered: 2020...2028)) {
            try england.latest(before: date("2020-01-02"), leaving: DayCount(1, .clearDays))
        }
    }

    @Test("the beyondCoverage message names the division, the years covered and the date reached")
    func pastCoverageMessage() {
        do throws(CalendarError) {
            _ = try england.count(from: date("2028-12-20"), to: date("2029-01-15"), .workingDays)
            Issue.record("a count into 2029 should not succeed with data to 2028")
        } catch {
            let message = error.description
            #expect(message.contains("England and Wales"))
            #expect(message.contains("2020 to 2028"))
            #expect(message.contains("2029-01-01"))
            #expect(message.contains("bank-holidays.json"))
        }
    }

    @Test("a count up to the last covered day, or one that needs no holidays, succeeds")
    func withinCoverage() throws {
        #expect(try england.count(from: date("2028-12-20"), to: date("2029-01-01"), .workingDays) == 5)
        #expect(try england.latest(before: date("2030-03-01"), leaving: DayCount(28, .calendarDays)) == date("2030-02-01"))
        #expect(try england.count(from: date("2029-06-01"), to: date("2029-06-12"), .clearDays, excluding: .weekends) == 6)
    }

    @Test("a division with no data at all says so rather than treating every day as ordinary")
    func noDataForDivision() {
        let empty = TimetableCalendar(division: .northernIreland, holidays: BankHolidays())
        #expect(throws: CalendarError.beyondCoverage(division: .northernIreland, date: date("2027-03-17"), covered: nil)) {
            try empty.bankHoliday(on: date("2027-03-17"))
        }
        #expect(CalendarError.beyondCoverage(division: .northernIreland, date: date("2027-03-17"), covered: nil)
            .description.contains("no bank holidays are known for Northern Ireland"))
    }

    @Test("overlaid(with:) replaces the years the newer file lists and keeps the rest")
    func overlay() throws {
        let newer = try holidays("""
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "Moved spring holiday", "date": "2027-06-07", "notes": "", "bunting": true},
              {"title": "New Year’s Day", "date": "2029-01-01", "notes": "", "bunting": true}
            ]}}
            """)
        let merged = BankHolidays.bundled.overlaid(with: newer)
        let calendar = TimetableCalendar(division: .englandAndWales, holidays: merged)
        #expect(try calendar.bankHoliday(on: date("2027-06-07")) == "Moved spring holiday")
        // The whole of 2027 is replaced: Good Friday 2027 is no longer listed.
        #expect(try calendar.bankHoliday(on: date("2027-03-26")) == nil)
        #expect(merged.days(in: .englandAndWales, year: 2027).count == 1)
        // Other years and other divisions are kept.
        #expect(try calendar.bankHoliday(on: date("2026-12-25")) == "Christmas Day")
        #expect(merged.days(in: .scotland, year: 2027) == BankHolidays.bundled.days(in: .scotland, year: 2027))
        // Listing 2029 extends the coverage, so the count that used to throw now answers.
        #expect(merged.coveredYears(.englandAndWales) == 2020...2029)
        #expect(try calendar.earliest(after: date("2028-12-20"), by: DayCount(10, .workingDays)) == date("2029-01-08"))
    }

    @Test("authority closure days are excluded only when a rule asks for closures")
    func closures() throws {
        let file = try holidays("""
            {"authority-closures": {"division": "authority-closures", "events": [
              {"title": "Council offices closed", "date": "2027-12-29"}
            ]}}
            """)
        let calendar = TimetableCalendar(division: .englandAndWales, holidays: BankHolidays.bundled.overlaid(with: file))
        let withClosures = ExcludedDays([.saturdays, .sundays, .bankHolidays, .closures])
        #expect(try calendar.exclusion(of: date("2027-12-29"), under: withClosures) == "Council offices closed")
        #expect(try calendar.exclusion(of: date("2027-12-29"), under: .weekendsAndBankHolidays) == nil)
        #expect(try calendar.earliest(after: date("2027-12-24"), by: DayCount(1, .workingDays, excluding: withClosures))
            == date("2027-12-30"))
    }

    @Test("a file that is not JSON gives unreadableHolidays naming the source")
    func notJSON() {
        do throws(CalendarError) {
            _ = try holidays("<html>Service unavailable</html>", source: "/etc/bvd/bank-holidays.json")
            Issue.record("an HTML page should not parse as bank holidays")
        } catch {
            guard case .unreadableHolidays(let source, _) = error else {
                Issue.record("expected unreadableHolidays, got \(error)")
                return
            }
            #expect(source == "/etc/bvd/bank-holidays.json")
            #expect(error.description.hasPrefix("/etc/bvd/bank-holidays.json: not a bank-holidays file in GOV.UK format"))
        }
    }

    @Test("an impossible date in the file is reported with its division, position and title")
    func badDate() {
        let json = """
            {"scotland": {"division": "scotland", "events": [
              {"title": "New Year’s Day", "date": "2027-01-01"},
              {"title": "Leap holiday", "date": "2027-02-29"}
            ]}}
            """
        #expect(throws: CalendarError.unreadableHolidays(
            source: "test.json",
            reason: "scotland event 2 ('Leap holiday') has date '2027-02-29', which is not a date of the form YYYY-MM-DD")
        ) { try holidays(json) }
    }

    @Test("a division without its events list is unreadable, and says what is missing")
    func missingEvents() {
        do throws(CalendarError) {
            _ = try holidays(#"{"england-and-wales": {"division": "england-and-wales"}}"#)
            Issue.record("a division without events should not parse")
        } catch {
            guard case .unreadableHolidays(_, let reason) = error else {
                Issue.record("expected unreadableHolidays, got \(error)")
                return
            }
            #expect(reason.contains("events"))
        }
    }
}
