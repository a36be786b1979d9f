import Foundation
import Testing

/// A JSON value read as text, whatever its type.
struct JSONAny: Decodable {
    let text: String
    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let string = try? value.decode(String.self) { text = string } else if let number = try? value.decode(Int.self) { text = "\(number)" } else { text = "" }
    }
}

/// What `bvctl calendar count|before|after --json` prints.
struct CalendarAnswerJSON: Decodable {
    struct Skipped: Decodable, Equatable {
        let date: String
        let reason: String
    }
    let answer: String
    let from: String?
    let to: String?
    let days: Int
    let mode: String
    let division: String
    let excluding: [String]
    let counted: [String]
    let skipped: [Skipped]
}

/// One command line and the answer worked out by hand from the 2026–2028 bank holidays.
struct CalendarCase: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let answer: String
    let why: String

    init(_ line: String, _ answer: String, _ why: String) {
        arguments = ["calendar"] + line.split(separator: " ").map(String.init)
        self.answer = answer
        self.why = why
    }

    var testDescription: String { "bvctl \(arguments.joined(separator: " ")) → \(answer)" }
}

@Suite("bvctl calendar: counting days")
struct CalendarCountingTests {
    @Test("the first worked example: papers for a meeting on Thursday 1 April 2027 are due on Monday 22 March")
    func firstWorkedExampleText() throws {
        let result = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.lines
        try #require(lines.count >= 4, "\(result.stdout)")
        #expect(lines[0] == "2027-03-22")
        #expect(lines[1].contains("Monday 22 March 2027"))
        #expect(lines[1].contains("Thursday 1 April 2027"))
        let counted = try #require(lines.first { $0.contains("counted (5):") })
        #expect(counted.hasSuffix("2027-03-23, 2027-03-24, 2027-03-25, 2027-03-30, 2027-03-31"))
        let skipped = try #require(lines.first { $0.contains("not counted:") })
        for day in ["2027-03-26 Good Friday", "2027-03-27 Saturday", "2027-03-28 Sunday", "2027-03-29 Easter Monday"] {
            #expect(skipped.contains(day), "\(day) missing from: \(skipped)")
        }
    }

    @Test("--json gives the answer, the counted days and the skipped days as data")
    func firstWorkedExampleJSON() throws {
        let result = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(CalendarAnswerJSON.self, result.stdout)
        #expect(json.answer == "2027-03-22")
        #expect(json.from == "2027-03-22")
        #expect(json.to == "2027-04-01")
        #expect(json.days == 5)
        #expect(json.mode == "clear-days")
        #expect(json.division == "england-and-wales")
        #expect(json.excluding == ["weekends", "bank-holidays"])
        #expect(json.counted == ["2027-03-23", "2027-03-24", "2027-03-25", "2027-03-30", "2027-03-31"])
        #expect(json.skipped == [
            .init(date: "2027-03-26", reason: "Good Friday"),
            .init(date: "2027-03-27", reason: "Saturday"),
            .init(date: "2027-03-28", reason: "Sunday"),
            .init(date: "2027-03-29", reason: "Easter Monday"),
        ])
    }

    @Test("the second worked example: Christmas, the Boxing Day substitute and New Year push papers back to 22 December 2026")
    func secondWorkedExample() throws {
        let result = try BVCtlProcess.run(["calendar", "before", "2027-01-04", "--clear-days", "5", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(CalendarAnswerJSON.self, result.stdout)
        #expect(json.answer == "2026-12-22")
        #expect(json.counted == ["2026-12-23", "2026-12-24", "2026-12-29", "2026-12-30", "2026-12-31"])
        #expect(json.skipped.map(\.date) == ["2026-12-25", "2026-12-26", "2026-12-27", "2026-12-28",
                                             "2027-01-01", "2027-01-02", "2027-01-03"])
        #expect(json.skipped.first { $0.date == "2026-12-28" }?.reason == "Boxing Day")
        #expect(json.skipped.first { $0.date == "2027-01-01" }?.reason.hasPrefix("New Year") == true)
    }

    static let cases: [CalendarCase] = [
        // Clear days, weekends and bank holidays left out by default.
        .init("after 2027-03-25 --clear-days 5", "2027-04-06", "30, 31 Mar, 1, 2, 5 Apr count; Easter and two weekends do not"),
        .init("count 2027-03-25 2027-04-01 --clear-days", "2", "only 30 and 31 March between them count"),
        .init("before 2027-01-04 --clear-days 5", "2026-12-22", "second worked example"),
        // Working days: the Nth working day itself, not the day before it.
        .init("before 2027-04-01 --working-days 5", "2027-03-23", "31, 30, 25, 24, 23 March"),
        .init("after 2027-03-25 --working-days 3", "2027-04-01", "30, 31 March, 1 April"),
        .init("count 2027-03-22 2027-04-02 --working-days", "6", "23, 24, 25, 30, 31 March, 1 April"),
        // Calendar days: plain arithmetic, nothing left out.
        .init("before 2027-04-01 --calendar-days 5", "2027-03-27", "1 April minus 5 days"),
        .init("after 2027-03-25 --calendar-days 12", "2027-04-06", "25 March plus 12 days"),
        .init("count 2027-03-25 2027-04-01 --calendar-days", "6", "26 to 31 March"),
        // Divisions: Scotland has 2 January (a Saturday in 2027, so Monday 4 January) but not Easter Monday.
        .init("before 2027-01-05 --clear-days 1", "2027-01-03", "England: Monday 4 January is a working day"),
        .init("before 2027-01-05 --clear-days 1 --division scotland", "2026-12-30", "Scotland: 4 January is the 2 January substitute"),
        .init("count 2027-03-28 2027-03-31 --working-days", "1", "England: Easter Monday 29 March is a bank holiday"),
        .init("count 2027-03-28 2027-03-31 --working-days --division scotland", "2", "Scotland: Easter Monday is a working day"),
        .init("count 2027-03-16 2027-03-18 --working-days --division northern-ireland", "0", "St Patrick's Day 17 March"),
        // Chosen exclusions: parish-style Saturdays count; none leaves out nothing.
        .init("before 2027-04-01 --clear-days 5 --exclude sundays,bank-holidays", "2027-03-23", "Saturday 27 March counts"),
        .init("before 2027-04-01 --clear-days 5 --exclude none", "2027-03-26", "27 to 31 March all count"),
    ]

    @Test("answers worked out by hand", arguments: cases)
    func handWorkedAnswers(_ example: CalendarCase) throws {
        let result = try BVCtlProcess.run(example.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.lines.first == example.answer, "\(example.why)\n\(result.stdout)")
    }

    @Test("Scotland and England differ around 2 January, and the JSON says which division counted")
    func divisionsDiffer() throws {
        let england = try decodeJSON(CalendarAnswerJSON.self,
                                     try BVCtlProcess.run(["calendar", "before", "2027-01-05", "--clear-days", "1", "--json"]).stdout)
        let scotland = try decodeJSON(CalendarAnswerJSON.self, try BVCtlProcess.run(
            ["calendar", "before", "2027-01-05", "--clear-days", "1", "--division", "scotland", "--json"]).stdout)
        #expect(england.division == "england-and-wales")
        #expect(scotland.division == "scotland")
        #expect(england.counted == ["2027-01-04"])
        #expect(scotland.counted == ["2026-12-31"])
        #expect(scotland.skipped.contains { $0.date == "2027-01-04" && $0.reason.contains("2nd January") })
        #expect(!england.skipped.contains { $0.date == "2027-01-04" })
    }

    @Test("--exclude sundays,bank-holidays counts Saturdays and still skips Sundays and bank holidays")
    func saturdaysCount() throws {
        let result = try BVCtlProcess.run(
            ["calendar", "before", "2027-04-01", "--clear-days", "5", "--exclude", "sundays,bank-holidays", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(CalendarAnswerJSON.self, result.stdout)
        #expect(json.excluding == ["sundays", "bank-holidays"])
        #expect(json.counted == ["2027-03-24", "2027-03-25", "2027-03-27", "2027-03-30", "2027-03-31"])
        #expect(json.skipped == [
            .init(date: "2027-03-26", reason: "Good Friday"),
            .init(date: "2027-03-28", reason: "Sunday"),
            .init(date: "2027-03-29", reason: "Easter Monday"),
        ])
    }

    @Test("--exclude none skips nothing, even Good Friday and the weekend")
    func excludeNone() throws {
        let result = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5", "--exclude", "none", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(CalendarAnswerJSON.self, result.stdout)
        #expect(json.answer == "2027-03-26")
        #expect(json.excluding.isEmpty)
        #expect(json.counted == ["2027-03-27", "2027-03-28", "2027-03-29", "2027-03-30", "2027-03-31"])
        #expect(json.skipped.isEmpty)
    }

    @Test("the calendar takes the date forms the other commands take: today is counted from today")
    func relativeDates() throws {
        let today = try BVCtlProcess.run(["calendar", "count", "today", "+7d", "--calendar-days", "--json"])
        #expect(today.status == 0, "\(today.stderr)")
        let answer = try JSONDecoder().decode([String: JSONAny].self, from: Data(today.stdout.utf8))
        let london = DateFormatter()
        london.timeZone = TimeZone(identifier: "Europe/London")
        london.dateFormat = "yyyy-MM-dd"
        // Run at midnight, the two clocks may straddle it: either day is today.
        let days = [Date().addingTimeInterval(-60), Date()].map { london.string(from: $0) }
        #expect(days.contains(answer["from"]?.text ?? ""), "\(today.stdout)")
        #expect(answer["days"]?.text == "6", "the six days strictly between today and a week on")
    }

    @Test("a count that runs past the bundled data fails with exit 1 rather than guessing")
    func countPastCoverage() throws {
        let result = try BVCtlProcess.run(["calendar", "after", "2028-12-20", "--clear-days", "10"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("2020 to 2028"))
        #expect(result.stderr.contains("2029-01-01"))
    }
}
