import BVCore
import PropertyBased
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let firstDay = date("2020-01-15").dayNumber
private let lastDay = date("2028-11-30").dayNumber
private let exclusionSets: [ExcludedDays] = [
    .weekendsAndBankHolidays, .section243, .nothing, .weekends, ExcludedDays([.sundays, .bankHolidays]),
]

/// The bundled data with the real England and Wales holidays of 2018, 2019 and 2029 added, to
/// tell whether a beyondCoverage from the bundled calendar was really needed.
private let extendedHolidays: BankHolidays = {
    let dates = [
        "2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26",
        "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26",
        "2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07", "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26",
    ]
    let extra = BankHolidays(days: ["england-and-wales": dates.map { DayOff(title: "Holiday", date: date($0)) }])
    return BankHolidays.bundled.overlaid(with: extra)
}()

private func calendars(_ divisionIndex: Int) -> (bundled: TimetableCalendar, extended: TimetableCalendar) {
    let division = Division.allCases[divisionIndex]
    return (.bundled(division), TimetableCalendar(division: division, holidays: extendedHolidays))
}

/// Asks a question of the bundled calendar. A `beyondCoverage` answer is accepted only when it is
/// justified: the rule uses holiday data, the date reached is outside the covered years, and the
/// answer (found with the extended data) really lies outside them. Otherwise the answer must
/// agree with the extended calendar's.
private func ask(
    _ label: String, from origin: CivilDate, excluding set: ExcludedDays, in division: Int,
    _ question: (TimetableCalendar) throws(CalendarError) -> CivilDate
) -> CivilDate? {
    let (bundled, extended) = calendars(division)
    let reference = try? question(extended)
    do throws(CalendarError) {
        let answer = try question(bundled)
        #expect(reference == answer, "\(label): bundled \(answer), extended \(String(describing: reference))")
        return answer
    } catch {
        guard case .beyondCoverage(_, let reached, let covered?) = error else {
            Issue.record("\(label): unexpected \(error)")
            return nil
        }
        #expect(set.contains(.bankHolidays) || set.contains(.christmasBreak), "\(label) needs no holidays but threw: \(error)")
        #expect(!covered.contains(reached.year), "\(label): \(error)")
        if let reference {
            let (low, high) = (min(origin, reference), max(origin, reference))
            // The s243 Christmas break of the year before may run into early January.
            let mayNeedYearBefore = set.contains(.christmasBreak) && low.month == 1 && low.day <= 10
            if covered.contains(low.year - (mayNeedYearBefore ? 1 : 0)) && covered.contains(high.year) {
                Issue.record("\(label): threw \(error) although the answer \(reference) lies within \(covered)")
            }
        }
        return nil
    }
}

@Suite("Calendar properties")
struct CalendarPropertyTests {
    @Test("clear days: latest(before:) leaves exactly n clear days and is the latest such date")
    func latestClearDays() async {
        await propertyCheck(count: 200, input: Gen.int(in: firstDay...lastDay), Gen.int(in: 0...40), Gen.int(in: 0...2)) { day, n, division throws in
            let meeting = CivilDate(dayNumber: day)
            let calendar = calendars(division).bundled
            for set in exclusionSets {
                let rule = DayCount(n, .clearDays, excluding: set)
                guard let latest = ask("latest(before: \(meeting), \(rule))", from: meeting, excluding: set, in: division, { (c: TimetableCalendar) throws(CalendarError) in
                    try c.latest(before: meeting, leaving: rule)
                }) else { continue }
                #expect(latest < meeting)
                #expect(try calendar.count(from: latest, to: meeting, .clearDays, excluding: set) == n, "\(rule) before \(meeting)")
                if n > 0 {
                    #expect(try calendar.count(from: latest.adding(days: 1), to: meeting, .clearDays, excluding: set) < n)
                }
                #expect(try calendar.satisfies(rule, from: latest, to: meeting))
                #expect(try calendar.earliest(after: latest, by: rule) <= meeting, "\(rule) round trip from \(meeting)")
            }
        }
    }

    @Test("clear days: earliest(after:) is the mirror of latest(before:)")
    func earliestClearDays() async {
        await propertyCheck(count: 200, input: Gen.int(in: firstDay...lastDay), Gen.int(in: 0...40), Gen.int(in: 0...2)) { day, n, division throws in
            let notice = CivilDate(dayNumber: day)
            let calendar = calendars(division).bundled
            for set in exclusionSets {
                let rule = DayCount(n, .clearDays, excluding: set)
                guard let earliest = ask("earliest(after: \(notice), \(rule))", from: notice, excluding: set, in: division, { (c: TimetableCalendar) throws(CalendarError) in
                    try c.earliest(after: notice, by: rule)
                }) else { continue }
                #expect(earliest > notice)
                #expect(try calendar.count(from: notice, to: earliest, .clearDays, excluding: set) == n, "\(rule) after \(notice)")
                if n > 0 {
                    #expect(try calendar.count(from: notice, to: earliest.adding(days: -1), .clearDays, excluding: set) < n)
                }
                #expect(try calendar.latest(before: earliest, leaving: rule) >= notice, "\(rule) round trip from \(notice)")
            }
        }
    }

    @Test("working days: the nth working day before and after, never an excluded day")
    func workingDays() async {
        await propertyCheck(count: 200, input: Gen.int(in: firstDay...lastDay), Gen.int(in: 1...40), Gen.int(in: 0...2)) { day, n, division throws in
            let event = CivilDate(dayNumber: day)
            let calendar = calendars(division).bundled
            for set in exclusionSets {
                let rule = DayCount(n, .workingDays, excluding: set)
                if let latest = ask("latest(before: \(event), \(rule))", from: event, excluding: set, in: division, { (c: TimetableCalendar) throws(CalendarError) in
                    try c.latest(before: event, leaving: rule)
                }) {
                    #expect(try calendar.exclusion(of: latest, under: set) == nil, "\(latest) is excluded")
                    // The latest date itself is the nth working day; n - 1 more lie strictly between.
                    #expect(try calendar.count(from: latest, to: event, .workingDays, excluding: set) == n - 1)
                    let eventIsWorkingDay = try calendar.exclusion(of: event, under: set) == nil
                    let back = try calendar.earliest(after: latest, by: rule)
                    #expect(eventIsWorkingDay ? back == event : back > event, "\(rule) round trip from \(event)")
                }
                if let earliest = ask("earliest(after: \(event), \(rule))", from: event, excluding: set, in: division, { (c: TimetableCalendar) throws(CalendarError) in
                    try c.earliest(after: event, by: rule)
                }) {
                    #expect(try calendar.exclusion(of: earliest, under: set) == nil, "\(earliest) is excluded")
                    #expect(try calendar.count(from: event, to: earliest, .workingDays, excluding: set) == n - 1)
                }
            }
        }
    }

    @Test("calendar days: plain subtraction and addition whatever is excluded")
    func calendarDays() async {
        await propertyCheck(count: 200, input: Gen.int(in: firstDay...lastDay), Gen.int(in: 0...40)) { day, n throws in
            let event = CivilDate(dayNumber: day)
            let calendar = TimetableCalendar.bundled(.englandAndWales)
            for set in exclusionSets {
                let rule = DayCount(n, .calendarDays, excluding: set)
                let latest = try calendar.latest(before: event, leaving: rule)
                let earliest = try calendar.earliest(after: event, by: rule)
                #expect(latest.days(to: event) == n)
                #expect(event.days(to: earliest) == n)
                #expect(try calendar.earliest(after: latest, by: rule) == event)
            }
        }
    }

    @Test("measure reports n for the earliest date n days after an event, in every counting mode")
    func measureAgreesWithEarliest() async {
        await propertyCheck(count: 200, input: Gen.int(in: firstDay...lastDay), Gen.int(in: 1...40)) { day, n throws in
            let context = TimetableContext(calendar: .bundled(.englandAndWales), zone: .london)
            let event = CivilDate(dayNumber: day)
            for mode in CountingMode.allCases {
                let rule = DayCount(n, mode)
                guard let earliest = ask("earliest(after: \(event), \(rule))", from: event, excluding: rule.excluding, in: 0, {
                    (c: TimetableCalendar) throws(CalendarError) in try c.earliest(after: event, by: rule)
                }) else { continue }
                let from = context.zone.instant(of: LocalDateTime(date: event, time: LocalTime(hour: 9, minute: 0)!))
                let to = context.zone.instant(of: LocalDateTime(date: earliest, time: LocalTime(hour: 19, minute: 0)!))
                let expected = "\(n) \(mode.noun)\(n == 1 ? "" : "s")"
                #expect(try context.measure(from: from, to: to, as: .days(rule)) == expected, "\(rule) from \(event) to \(earliest)")
            }
        }
    }

    @Test("civil dates: day numbers, text and weekdays agree over four centuries")
    func civilDates() async {
        await propertyCheck(count: 500, input: Gen.int(in: -150_000...150_000)) { day in
            let civil = CivilDate(dayNumber: day)
            #expect(civil.dayNumber == day)
            #expect(CivilDate(civil.description) == civil)
            #expect(CivilDate(year: civil.year, month: civil.month, day: civil.day) == civil)
            let next = civil.adding(days: 1)
            #expect(civil < next)
            #expect(next.weekday.rawValue == civil.weekday.rawValue % 7 + 1)
            #expect(civil.adding(days: 7).weekday == civil.weekday)
        }
    }

    @Test("adding months keeps the day of month unless the month is too short")
    func addingMonths() async {
        await propertyCheck(count: 500, input: Gen.int(in: firstDay...lastDay), Gen.int(in: -36...36)) { day, months in
            let start = CivilDate(dayNumber: day)
            let moved = start.adding(months: months)
            #expect((moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months)
            #expect(moved.day == min(start.day, CivilDate.daysIn(month: moved.month, year: moved.year)))
        }
    }
}
