import BVCore
import BVWorkflowFile
import Testing

/// Bad ISO 8601 durations, with the reason each is refused.
let badDurations: [(text: String, reason: String)] = [
    ("P", "an ISO 8601 duration starts with P"),
    ("12W", "an ISO 8601 duration starts with P"),
    ("P1H", "'H' is not a unit here; use Y, M, W, D before T and H, M, S after it"),
    ("PT", "no parts after T"),
    ("P1.5D", "'.' is not a unit here"),
]

/// Durations and day counts, wherever they are written.
@Suite("Durations and counting")
struct DurationAndCountingTests {
    @Test(arguments: badDurations)
    func badDurationInARulePeriod(text: String, reason: String) {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: consultation-period
                title: R
                period: \(text)
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 8, 13, "'period' of rule 'r': '\(text)' is not an ISO 8601 duration: \(reason)")
    }

    @Test(arguments: badDurations)
    func badDurationInADeadline(text: String, reason: String) {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                deadline: {after-entry: \(text)}
            """
        expectOnlyProblem(yaml, at: 7, 29, "'deadline' of phase 'only': '\(text)' is not an ISO 8601 duration: \(reason)")
    }

    @Test(arguments: badDurations)
    func badDurationInAReminderOffset(text: String, reason: String) {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - before: deadline
                    offsets: [P1D, \(text)]
                    to: [lead]
            """
        expectOnlyProblem(
            yaml, at: 12, 24, "an offset of reminder 1 of phase 'only': '\(text)' is not an ISO 8601 duration: \(reason)")
    }

    @Test func badDurationsInMonitoring() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                monitoring: {period: 3M, periods: 4, due-within: P28}
            """
        let found = problems(in: yaml)
        #expect(found.count == 2, "\(listing(found))")
        expectProblem(found, at: 7, 26, "'period' of 'monitoring' of phase 'only': '3M' is not an ISO 8601 duration")
        expectProblem(found, at: 7, 54, "'due-within' of 'monitoring' of phase 'only'", "the number 28 has no unit")
    }

    @Test func goodDurationsEverywhere() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
            rules:
              - {id: c, kind: consultation-period, title: C, period: P1Y2M3W4DT5H6M7S}
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P6M}
                monitoring: {period: P3M, periods: 4}
                reminders:
                  - {before: deadline, offsets: [P14D, P0D, PT2H], at: "17:30", to: [lead]}
            """
        let definition = try #require(loaded(yaml))
        let all = ISODuration(years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7)
        #expect(definition.rule("c")?.kind == .consultationPeriod(.duration(all)))
        let phase = try #require(definition.phase("only"))
        #expect(phase.deadline == .afterEntry(ISODuration(months: 6)))
        #expect(phase.monitoring == MonitoringSchedule(length: ISODuration(months: 3), count: 4, dueWithin: ISODuration(days: 28)))
        #expect(phase.reminders == [
            ReminderDefinition(
                subject: .deadline, offsets: [ISODuration(days: 14), ISODuration(days: 0), ISODuration(hours: 2)],
                at: LocalTime(hour: 17, minute: 30)!, to: [.role("lead")]),
        ])
    }

    @Test func periodWithTwoCountingModes() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: papers-before-meeting
                title: R
                period: {clear-days: 5, working-days: 5}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 8, 13,
            "'period' of rule 'r' must give exactly one of clear-days, working-days or calendar-days (or be an ISO 8601 duration such as P12W)")
    }

    @Test func periodWithNoCountingMode() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: papers-before-meeting
                title: R
                period: {excluding: [weekends]}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 8, 13, "'period' of rule 'r' must give exactly one of clear-days, working-days or calendar-days")
    }

    @Test func periodExcludingAnUnknownKindOfDay() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: papers-before-meeting
                title: R
                period: {clear-days: 5, excluding: [weekends, bank-holiday]}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 8, 51,
            "'period' of rule 'r': 'bank-holiday' is not a kind of day; use weekends, none, saturdays, sundays, bank-holidays, christmas-break, easter-break, closures")
    }

    @Test func calendarDaysRejectExcluding() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: notice-before-decision
                title: R
                period: {calendar-days: 28, excluding: [weekends]}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 8, 44, "'period' of rule 'r': calendar days count every day, so 'excluding' does not apply")
    }

    @Test func negativeDayCountIsRefused() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: response-window
                title: R
                period: {working-days: -3}
            phases:
              - id: only
                title: Only
            """
        let found = problems(in: yaml)
        expectProblem(found, at: 8, 28, "'working-days' in 'period' of rule 'r' must be a whole number of at least 0, not '-3'")
    }

    @Test func dayCountsLoadWithTheirExclusions() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: a, kind: papers-before-meeting, title: A, period: {clear-days: 5}}
              - {id: b, kind: notice-before-meeting, title: B, period: {clear-days: 3, excluding: [sundays, bank-holidays, christmas-break, easter-break]}}
              - {id: c, kind: notice-before-decision, title: C, period: {clear-days: 28, excluding: []}}
              - {id: d, kind: notice-before-decision, title: D, period: {clear-days: 28, excluding: [none]}}
              - {id: e, kind: response-window, title: E, period: {calendar-days: 10}}
              - {id: f, kind: response-window, title: F, period: {calendar-days: 10, excluding: []}}
              - {id: g, kind: response-window, title: G, period: {working-days: 0}}
            phases:
              - id: only
                title: Only
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.rule("a")?.kind == .papersBeforeMeeting(.days(DayCount(5, .clearDays, excluding: .weekendsAndBankHolidays))))
        #expect(definition.rule("b")?.kind == .noticeBeforeMeeting(.days(DayCount(3, .clearDays, excluding: .section243))))
        #expect(definition.rule("c")?.kind == .noticeBeforeDecision(.days(DayCount(28, .clearDays, excluding: ExcludedDays.nothing))))
        #expect(definition.rule("d")?.kind == definition.rule("c")?.kind)
        #expect(definition.rule("e")?.kind == .responseWindow(.days(DayCount(10, .calendarDays, excluding: ExcludedDays.nothing))))
        #expect(definition.rule("f")?.kind == definition.rule("e")?.kind)
        #expect(definition.rule("g")?.kind == .responseWindow(.days(DayCount(0, .workingDays))))
    }
}
