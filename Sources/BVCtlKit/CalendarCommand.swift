import ArgumentParser
import BVCore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Count days as timetable rules do (offline; no daemon needed).",
        discussion: """
            Only the days strictly between two dates are counted. The answer of 'before' and 'after' is \
            a plain date and may itself be an excluded day: a rule about clear days says nothing about the end days.

            Example:
            \(CommandExample.laidOut(#"bvctl calendar before 2027-04-01 --clear-days 5   # prints 2027-03-22"#))
            """,
        subcommands: [CalendarCount.self, CalendarBefore.self, CalendarAfter.self, CalendarHolidays.self]
    )
}

/// The answer of a calendar command, as JSON and as text.
struct CalendarAnswer: Encodable {
    let answer: String
    let from: CivilDate?
    let to: CivilDate?
    let days: Int
    let mode: CountingMode
    let division: Division
    let excluding: ExcludedDays
    let counted: [CivilDate]
    let skipped: [SkippedDay]

    func print(json: Bool, headline: String) throws {
        if json { return try printJSON(self) }
        Swift.print(answer)
        Swift.print(headline)
        Swift.print("  division: \(division.title); left out: \(excluding)")
        Swift.print("  counted (\(counted.count)): \(counted.isEmpty ? "none" : counted.map(\.description).joined(separator: ", "))")
        if !skipped.isEmpty {
            Swift.print("  not counted: \(skipped.map { "\($0.date) \($0.reason)" }.joined(separator: ", "))")
        }
    }
}

func calendarFailure(_ error: CalendarError) -> BVCtlFailure { BVCtlFailure(.error, error.description) }

struct CalendarCount: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count the days strictly between two dates.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl calendar count 2027-03-25 2027-04-01 --clear-days   # 2"))")

    @Argument(help: "The earlier date (YYYY-MM-DD, today, +3d…).") var from: String
    @Argument(help: "The later date (YYYY-MM-DD, today, +3d…).") var to: String
    @OptionGroup var mode: CountingModeFlag
    @OptionGroup var options: CalendarOptions

    func validate() throws {
        let (from, to) = (try parseDate(self.from, "FROM"), try parseDate(self.to, "TO"))
        guard from <= to else { throw ValidationError("FROM (\(from)) must not be after TO (\(to))") }
        _ = try mode.mode()
        _ = try options.excluded(for: .clearDays)
    }

    func run() throws {
        let (from, to) = (try parseDate(self.from, "FROM"), try parseDate(self.to, "TO"))
        guard from <= to else { throw ValidationError("FROM (\(from)) must not be after TO (\(to))") }
        let mode = try mode.mode()
        let calendar = try options.calendar()
        let excluded = try options.excluded(for: mode)
        do {
            let span = try calendar.span(from: from, to: to, excluding: excluded)
            let answer = CalendarAnswer(answer: "\(span.count)", from: from, to: to, days: span.count, mode: mode,
                                        division: calendar.division, excluding: excluded, counted: span.counted, skipped: span.skipped)
            try answer.print(json: options.json, headline: "\(span.count) \(mode.noun)\(span.count == 1 ? "" : "s") strictly between \(from.longDescription) and \(to.longDescription)")
        } catch let error as CalendarError { throw calendarFailure(error) }
    }
}

/// What `before` and `after` share: a date, a count of days and the calendar options.
struct DateStep: ParsableArguments {
    @Argument(help: "The date to count from (YYYY-MM-DD, today, +3d…).") var date: String
    @OptionGroup var count: DayCountOption
    @OptionGroup var options: CalendarOptions

    func validate() throws {
        _ = try parseDate(self.date, "DATE")
        _ = try count.count()
        _ = try options.excluded(for: .clearDays)
    }

    /// Answers with `step`, then prints the answer with the days between it and the date.
    func answer(headline: (CivilDate, CivilDate, DayCount) -> String,
                step: (TimetableCalendar, CivilDate, DayCount) throws(CalendarError) -> CivilDate) throws {
        let date = try parseDate(self.date, "DATE")
        let (n, mode) = try count.count()
        let calendar = try options.calendar()
        let excluded = try options.excluded(for: mode)
        let count = DayCount(n, mode, excluding: excluded)
        do {
            let answer = try step(calendar, date, count)
            // The days between: strictly between for clear days; the counted end day included otherwise.
            let (low, high) = (min(answer, date), max(answer, date))
            let span = mode == .clearDays
                ? try calendar.span(from: low, to: high, excluding: excluded)
                : answer < date ? try calendar.span(from: low.adding(days: -1), to: high, excluding: excluded)
                                : try calendar.span(from: low, to: high.adding(days: 1), excluding: excluded)
            try CalendarAnswer(answer: answer.description, from: low, to: high, days: n, mode: mode, division: calendar.division,
                               excluding: excluded, counted: span.counted, skipped: span.skipped)
                .print(json: options.json, headline: headline(answer, date, count))
        } catch let error as CalendarError { throw calendarFailure(error) }
    }
}

struct CalendarBefore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "before",
        abstract: "The latest date that still leaves N days before DATE.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl calendar before 2027-04-01 --clear-days 5   # 2027-03-22, the last day to publish papers"))")

    @OptionGroup var step: DateStep

    func run() throws {
        try step.answer(headline: { answer, date, count in
            "\(answer.longDescription) is the latest date that leaves \(count) before \(date.longDescription)"
        }, step: { calendar, date, count throws(CalendarError) in try calendar.latest(before: date, leaving: count) })
    }
}

struct CalendarAfter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "after",
        abstract: "The earliest date that is N days after DATE.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl calendar after 2027-03-25 --clear-days 5   # 2027-04-06, the earliest meeting for papers published on 25 March"))")

    @OptionGroup var step: DateStep

    func run() throws {
        try step.answer(headline: { answer, date, count in
            "\(answer.longDescription) is the earliest date \(count) after \(date.longDescription)"
        }, step: { calendar, date, count throws(CalendarError) in try calendar.earliest(after: date, by: count) })
    }
}

struct CalendarHolidays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "List the bank holidays (and closure days) of a year.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl calendar holidays 2027 --division scotland"))")

    @Argument(help: "The year.") var year: Int
    @OptionGroup var options: CalendarOptions

    struct Listing: Encodable {
        let year: Int
        let division: Division
        let covered: String?
        let holidays: [DayOff]
        let closures: [DayOff]
    }

    func run() throws {
        let calendar = try options.calendar()
        let covered = calendar.holidays.coveredYears(calendar.division)
        guard let covered, covered.contains(year) else {
            guard let covered else {
                throw calendarFailure(.beyondCoverage(division: calendar.division, date: CivilDate(year: year, month: 1, day: 1)!, covered: nil))
            }
            throw BVCtlFailure(.error, "bank holidays for \(calendar.division.title) are known for \(covered.lowerBound) to \(covered.upperBound) only, "
                + "not \(year); give a newer bank-holidays.json (GOV.UK format) with --holidays FILE to list \(year)")
        }
        let days = calendar.holidays.days(in: calendar.division, year: year)
        let closures = calendar.holidays.closures.filter { $0.date.year == year }
        if options.json {
            return try printJSON(Listing(year: year, division: calendar.division, covered: "\(covered.lowerBound)-\(covered.upperBound)", holidays: days, closures: closures))
        }
        print("Bank holidays in \(year), \(calendar.division.title) (data covers \(covered.lowerBound) to \(covered.upperBound)):")
        print(table(days.map { [$0.date.description, $0.date.weekday.name, $0.title + ($0.notes.isEmpty ? "" : " (\($0.notes.lowercased()))")] }))
        if !closures.isEmpty {
            print("\nAuthority closure days:")
            print(table(closures.map { [$0.date.description, $0.date.weekday.name, $0.title] }))
        }
    }
}
