import BVCore
import Foundation
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

@Suite("Civil dates")
struct CivilDateTests {
    @Test("parses YYYY-MM-DD into its parts")
    func parses() {
        let meeting = CivilDate("2027-04-01")
        #expect(meeting?.year == 2027)
        #expect(meeting?.month == 4)
        #expect(meeting?.day == 1)
        #expect(meeting?.description == "2027-04-01")
    }

    @Test("29 February exists in 2028 but not in 2027", arguments: [
        ("2028-02-29", true), ("2027-02-29", false), ("2000-02-29", true), ("1900-02-29", false),
    ])
    func leapDay(text: String, exists: Bool) {
        #expect((CivilDate(text) != nil) == exists)
    }

    @Test("rejects text that is not a real date of the form YYYY-MM-DD", arguments: [
        "2027-13-01", "2027-00-10", "2027-04-31", "2027-04-00", "2027-4-1", "27-04-01",
        "2027/04/01", "2027-04-01T09:00", "", "2027-04", "+027-04-01", "2027-0a-01",
        "２０２７-04-01",
    ])
    func rejects(text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test("the component initializer refuses days that do not exist")
    func componentInit() {
        #expect(CivilDate(year: 2027, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2027, month: 6, day: 31) == nil)
        #expect(CivilDate(year: 2028, month: 2, day: 29) == date("2028-02-29"))
    }

    @Test("day numbers count from 1970-01-01", arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11017), ("2027-04-01", 20909),
        ("1900-01-01", -25567),
    ])
    func dayNumbers(text: String, number: Int) {
        #expect(date(text).dayNumber == number)
        #expect(CivilDate(dayNumber: number) == date(text))
    }

    @Test("weekdays of dates in notices", arguments: [
        ("2027-04-01", Weekday.thursday), ("2027-03-26", .friday), ("2027-03-29", .monday),
        ("2026-12-25", .friday), ("2027-12-25", .saturday), ("2028-02-29", .tuesday),
        ("1970-01-01", .thursday), ("1969-12-31", .wednesday), ("1900-01-01", .monday),
    ])
    func weekdays(text: String, weekday: Weekday) {
        #expect(date(text).weekday == weekday)
    }

    @Test("a date reads as it would in a notice")
    func longDescription() {
        #expect(date("2027-04-01").longDescription == "Thursday 1 April 2027")
        #expect(date("2028-02-29").longDescription == "Tuesday 29 February 2028")
    }

    @Test("adding days crosses months, the year end and leap days")
    func addingDays() {
        #expect(date("2027-12-31").adding(days: 1) == date("2028-01-01"))
        #expect(date("2028-02-28").adding(days: 1) == date("2028-02-29"))
        #expect(date("2027-02-28").adding(days: 1) == date("2027-03-01"))
        #expect(date("2027-04-01").adding(days: -10) == date("2027-03-22"))
        #expect(date("2027-01-01").days(to: date("2028-01-01")) == 365)
        #expect(date("2028-01-01").days(to: date("2029-01-01")) == 366)
    }

    @Test("adding months keeps the day or clamps it to the month's last day", arguments: [
        ("2027-01-31", 1, "2027-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2027-03-31", -1, "2027-02-28"),
        ("2027-01-15", -1, "2026-12-15"), ("2027-11-30", 3, "2028-02-29"), ("2028-02-29", 12, "2029-02-28"),
        ("2027-08-31", 1, "2027-09-30"), ("2027-10-31", -24, "2025-10-31"), ("2027-06-15", 0, "2027-06-15"),
    ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(date(start).adding(months: months) == date(expected))
    }

    @Test("ordering follows the calendar, not the text")
    func ordering() {
        #expect(date("2026-12-31") < date("2027-01-01"))
        #expect(date("2027-02-28") < date("2027-03-01"))
        #expect(!(date("2027-04-01") < date("2027-04-01")))
        #expect([date("2027-04-01"), date("2026-12-25"), date("2027-03-22")].sorted()
            == [date("2026-12-25"), date("2027-03-22"), date("2027-04-01")])
    }

    @Test("dates encode as YYYY-MM-DD strings and refuse impossible ones on decoding")
    func codable() throws {
        let encoded = try JSONEncoder().encode([date("2027-04-01")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2027-04-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: Data(#"["2028-02-29"]"#.utf8)) == [date("2028-02-29")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["2027-02-29"]"#.utf8))
        }
    }

    @Test("Easter Day by the Gregorian computus", arguments: [
        (2020, "2020-04-12"), (2021, "2021-04-04"), (2022, "2022-04-17"), (2024, "2024-03-31"),
        (2025, "2025-04-20"), (2027, "2027-03-28"), (2028, "2028-04-16"), (2038, "2038-04-25"),
        (2285, "2285-03-22"), (1943, "1943-04-25"), (2008, "2008-03-23"),
    ])
    func easter(year: Int, expected: String) {
        #expect(Easter.sunday(in: year) == date(expected))
    }

    @Test("the bundled Good Friday is two days before Easter Day in every division and year")
    func goodFridayMatchesEaster() {
        for division in Division.allCases {
            for year in 2020...2028 {
                let goodFriday = BankHolidays.bundled.days(in: division, year: year).filter { $0.title == "Good Friday" }
                #expect(goodFriday.map(\.date) == [Easter.sunday(in: year).adding(days: -2)], "\(division) \(year)")
            }
        }
    }
}
