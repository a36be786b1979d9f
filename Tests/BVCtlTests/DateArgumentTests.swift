import BVCore
@testable import BVCtlKit
import Testing

/// `DateArgument`: the date and date-time forms bvctl accepts, counted from a given today.
@Suite("bvctl date arguments")
struct DateArgumentTests {
    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    struct RelativeCase: Sendable, CustomTestStringConvertible {
        let text: String
        let today: String
        let expected: String
        var testDescription: String { "'\(text)' on \(today) is \(expected)" }
    }

    static let relative: [RelativeCase] = [
        // Absolute dates do not depend on today.
        .init(text: "2027-04-01", today: "2026-11-24", expected: "2027-04-01"),
        .init(text: "2028-02-29", today: "2026-11-24", expected: "2028-02-29"),
        .init(text: "  2027-04-01 ", today: "2026-11-24", expected: "2027-04-01"),
        // today, tomorrow, yesterday across month and year ends.
        .init(text: "today", today: "2027-12-31", expected: "2027-12-31"),
        .init(text: "tomorrow", today: "2027-12-31", expected: "2028-01-01"),
        .init(text: "tomorrow", today: "2027-01-31", expected: "2027-02-01"),
        .init(text: "tomorrow", today: "2028-02-28", expected: "2028-02-29"),
        .init(text: "tomorrow", today: "2027-02-28", expected: "2027-03-01"),
        .init(text: "yesterday", today: "2027-01-01", expected: "2026-12-31"),
        .init(text: "yesterday", today: "2028-03-01", expected: "2028-02-29"),
        .init(text: "TODAY", today: "2027-06-15", expected: "2027-06-15"),
        // +Nd, -Nd, +Nw.
        .init(text: "+3d", today: "2027-12-30", expected: "2028-01-02"),
        .init(text: "+0d", today: "2027-12-30", expected: "2027-12-30"),
        .init(text: "+1d", today: "2027-04-30", expected: "2027-05-01"),
        .init(text: "-1d", today: "2027-03-01", expected: "2027-02-28"),
        .init(text: "+2w", today: "2027-12-25", expected: "2028-01-08"),
        .init(text: "-1w", today: "2027-01-03", expected: "2026-12-27"),
        .init(text: "+365d", today: "2027-03-01", expected: "2028-02-29"),
        .init(text: "+3D", today: "2027-01-01", expected: "2027-01-04"),
        // next <weekday>: always 1 to 7 days ahead; on the day itself, a week later.
        .init(text: "next monday", today: "2027-03-29", expected: "2027-04-05"),  // a Monday
        .init(text: "next tuesday", today: "2027-03-29", expected: "2027-03-30"),
        .init(text: "next sunday", today: "2027-03-28", expected: "2027-04-04"),  // a Sunday
        .init(text: "next monday", today: "2027-03-28", expected: "2027-03-29"),
        .init(text: "next saturday", today: "2027-12-30", expected: "2028-01-01"),  // across the year end
        .init(text: "next friday", today: "2027-02-26", expected: "2027-03-05"),  // a Friday, across February
        .init(text: "Next  Thursday", today: "2027-03-29", expected: "2027-04-01"),
    ]

    @Test("relative and absolute dates", arguments: relative)
    func dates(_ example: RelativeCase) throws {
        #expect(try DateArgument.date(example.text, today: Self.day(example.today)) == Self.day(example.expected))
    }

    @Test("'next monday' on each day of a week lands on the following Monday, never on today")
    func nextWeekday() throws {
        let monday = Self.day("2027-03-29")
        for offset in 0..<7 {
            let today = monday.adding(days: offset)
            let next = try DateArgument.date("next monday", today: today)
            #expect(next.weekday == .monday)
            #expect((1...7).contains(today.days(to: next)), "\(today) -> \(next)")
        }
        #expect(try DateArgument.date("next monday", today: monday) == monday.adding(days: 7))
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let mentions: [String]
        var testDescription: String { "'\(text)'" }
    }

    static let invalidDates: [Invalid] = [
        .init(text: "2027-02-29", mentions: ["'2027-02-29' is not a date", "February 2027 has 28 days"]),
        .init(text: "2028-02-30", mentions: ["February 2028 has 29 days"]),
        .init(text: "2027-04-31", mentions: ["April 2027 has 30 days"]),
        .init(text: "2027-13-01", mentions: ["there is no month 13"]),
        .init(text: "2027-00-10", mentions: ["there is no month 0"]),
        .init(text: "2027-4-1", mentions: ["YYYY-MM-DD"]),
        .init(text: "01-04-2027", mentions: ["YYYY-MM-DD"]),
        .init(text: "someday", mentions: ["'someday' is not a date", "YYYY-MM-DD", "tomorrow", "+3d", "+2w", "next monday"]),
        .init(text: "next funday", mentions: ["'next funday' is not a date"]),
        .init(text: "next", mentions: ["'next' is not a date"]),
        .init(text: "monday", mentions: ["'monday' is not a date"]),
        .init(text: "+3", mentions: ["'+3' is not a date"]),
        .init(text: "+d", mentions: ["'+d' is not a date"]),
        .init(text: "+3m", mentions: ["'+3m' is not a date"]),
        .init(text: "3d", mentions: ["'3d' is not a date"]),
        .init(text: "+1.5d", mentions: ["'+1.5d' is not a date"]),
        .init(text: "+99999999999999999999d", mentions: ["is not a date"]),
        .init(text: "", mentions: ["a date is needed"]),
        .init(text: "2027-04-01T18:30", mentions: ["has a time", "only a date"]),
        .init(text: "tomorrow 18:30", mentions: ["has a time"]),
    ]

    @Test("text that is not a date gets a clear error naming the forms", arguments: invalidDates)
    func invalidDate(_ example: Invalid) {
        do {
            let date = try DateArgument.date(example.text, today: Self.day("2027-03-29"))
            Issue.record("'\(example.text)' was read as \(date)")
        } catch {
            for word in example.mentions { #expect(error.description.contains(word), "'\(word)' missing from: \(error.description)") }
        }
    }

    @Test("the option's name leads the message")
    func named() {
        #expect(throws: DateArgument.Problem.self) { try DateArgument.date("2027-02-30", today: Self.day("2027-01-01"), name: "--on") }
        do { _ = try DateArgument.date("2027-02-30", today: Self.day("2027-01-01"), name: "--on") } catch {
            #expect(error.description.hasPrefix("--on: '2027-02-30' is not a date"))
        }
    }

    @Test("dates and times: absolute, with a space, and relative with a time")
    func dateTimes() throws {
        let today = Self.day("2027-12-31")  // a Friday
        func parse(_ text: String) throws -> String { try DateArgument.dateTime(text, today: today).description }
        #expect(try parse("2027-04-01T18:30") == "2027-04-01T18:30")
        #expect(try parse("2027-04-01 18:30") == "2027-04-01T18:30")
        #expect(try parse("2027-04-01T09:15:30") == "2027-04-01T09:15:30")
        #expect(try parse("tomorrow 18:30") == "2028-01-01T18:30")
        #expect(try parse("today 00:00") == "2027-12-31T00:00")
        #expect(try parse("+2w 09:00") == "2028-01-14T09:00")
        #expect(try parse("next monday 18:00") == "2028-01-03T18:00")
        #expect(try parse("next friday 23:59") == "2028-01-07T23:59")
    }

    @Test("a date and time that is wrong says which part is wrong", arguments: [
        ("2027-04-01", "has no time of day"),
        ("tomorrow", "has no time of day; add one, as in 'tomorrow 18:30'"),
        ("2027-04-01T25:00", "'25:00' is not a time of day"),
        ("2027-04-01 18:61", "'18:61' is not a time of day"),
        ("2027-02-30T18:30", "February 2027 has 28 days"),
        ("next funday 18:30", "'next funday' is not a date"),
        ("tomorrow at 7pm", "is not a date and time"),
        ("", "a date and time are needed"),
    ])
    func invalidDateTime(_ text: String, _ expected: String) {
        do {
            let value = try DateArgument.dateTime(text, today: Self.day("2027-03-29"), name: "--start")
            Issue.record("'\(text)' was read as \(value)")
        } catch {
            #expect(error.description.hasPrefix("--start: "))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("today is the civil date in Europe/London, not in UTC")
    func todayInLondon() {
        // 23:30 UTC on 30 June is 00:30 BST on 1 July.
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-06-30T23:30:00Z")!) == Self.day("2027-07-01"))
        // In winter London is on UTC.
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-01-31T23:30:00Z")!) == Self.day("2027-01-31"))
        // Just before and after the clocks go forward (01:00 UTC on 28 March 2027).
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-03-27T23:59:59Z")!) == Self.day("2027-03-27"))
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-10-30T23:00:00Z")!) == Self.day("2027-10-31"))
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-10-31T23:00:00Z")!) == Self.day("2027-10-31"))
        #expect(DateArgument.today(now: Instant(rfc3339: "2027-06-30T12:00:00Z")!, zone: .utc) == Self.day("2027-06-30"))
    }
}

@Suite("Meeting times that the clocks skip")
struct ClockChangeNoteTests {
    @Test("a start in the hour the clocks go forward is named and moved; one in the hour they go back is said to be the first; others say nothing")
    func gap() {
        #expect(clockChangeNote(LocalDateTime("2027-03-28T01:30")!)
            == " (01:30 does not exist on 2027-03-28: the clocks go forward, so it is 02:30 BST)")
        #expect(clockChangeNote(LocalDateTime("2027-03-28T02:30")!) == "")
        #expect(clockChangeNote(LocalDateTime("2027-10-31T01:30")!)
            == " (01:30 happens twice on 2027-10-31, as the clocks go back: this is the first, 01:30 BST)")
        #expect(clockChangeNote(LocalDateTime("2027-10-31T02:30")!) == "")
        #expect(clockChangeNote(LocalDateTime("2027-10-31T00:30")!) == "")
    }
}
