import BVCore
import Testing

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private func instant(_ text: String) -> Instant {
    guard let value = Instant(rfc3339: text) else { fatalError("test instant '\(text)' does not parse") }
    return value
}

private func duration(_ text: String) -> ISODuration {
    guard let value = ISODuration(text) else { fatalError("test duration '\(text)' does not parse") }
    return value
}

private func failure(_ text: String) -> DurationSyntaxError? {
    if case .failure(let error) = ISODuration.parse(text) { return error }
    return nil
}

@Suite("ISO 8601 durations")
struct DurationTests {
    @Test("the durations timetable rules use parse into their parts", arguments: [
        ("P12W", ISODuration(weeks: 12)), ("P3M", ISODuration(months: 3)), ("P28D", ISODuration(days: 28)),
        ("PT2H", ISODuration(hours: 2)), ("PT30S", ISODuration(seconds: 30)), ("PT1M", ISODuration(minutes: 1)),
        ("P1Y2M10DT2H30M", ISODuration(years: 1, months: 2, days: 10, hours: 2, minutes: 30)),
        ("P0D", ISODuration()),
    ])
    func parses(text: String, expected: ISODuration) {
        #expect(ISODuration(text) == expected)
        #expect(expected.description == text)
    }

    @Test("malformed durations fail with a reason that says what is wrong", arguments: [
        ("12W", "starts with P"),
        ("P", "starts with P"),
        ("PT", "no parts after T"),
        ("P1H", "'H' is not a unit here"),
        ("P1.5D", "'.' is not a unit here"),
        ("PXD", "'X' must follow a whole number"),
        ("P1D2D", "'D' appears twice"),
        ("P1DT", "no parts after T"),
        ("PT2H30", "the number 30 has no unit"),
        ("P12345678D", "12345678 is too large"),
        ("P1DT2HT3M", "T may appear once"),
        ("p28d", "starts with P"),
    ])
    func rejects(text: String, reasonFragment: String) {
        let error = failure(text)
        #expect(error != nil, "'\(text)' should not parse")
        #expect(error?.reason.contains(reasonFragment) == true, "\(error?.reason ?? "no reason")")
        #expect(error?.description.hasPrefix("'\(text)' is not an ISO 8601 duration: ") == true)
        #expect(ISODuration(text) == nil)
    }

    @Test("P1M and PT1M are a month and a minute")
    func monthOrMinute() {
        #expect(duration("P1M").isDateOnly)
        #expect(!duration("PT1M").isDateOnly)
        #expect(duration("PT1M").timeSeconds == 60)
        #expect(duration("P1DT2H30M").timeSeconds == 9000)
    }

    @Test("months clamp to the end of a shorter month", arguments: [
        ("2027-01-31", "P1M", "2027-02-28"), ("2028-01-31", "P1M", "2028-02-29"),
        ("2027-03-31", "P1M", "2027-04-30"), ("2027-12-15", "P3M", "2028-03-15"),
        ("2027-01-01", "P12W", "2027-03-26"), ("2027-03-01", "P28D", "2027-03-29"),
        ("2027-02-28", "P1Y", "2028-02-28"), ("2028-02-29", "P1Y", "2029-02-28"),
        ("2027-01-31", "P1M1D", "2027-03-01"),
    ])
    func addedToDates(start: String, text: String, expected: String) {
        #expect(duration(text).added(to: date(start)) == date(expected))
    }

    @Test("subtracting a duration goes back on the calendar")
    func subtracted() {
        #expect(duration("P1M").added(to: date("2027-03-31"), sign: -1) == date("2027-02-28"))
        #expect(duration("P12W").added(to: date("2027-03-26"), sign: -1) == date("2027-01-01"))
    }

    @Test("a date-only duration keeps the local time of day across a clock change")
    func dateOnlyAcrossClockChange() {
        let london = Zone.london
        // 09:00 GMT on Saturday 27 March 2027, plus 7 days, is 09:00 BST on 3 April.
        #expect(duration("P7D").added(to: instant("2027-03-27T09:00:00Z"), in: london) == instant("2027-04-03T08:00:00Z"))
        #expect(duration("P1D").added(to: instant("2027-03-27T09:00:00Z"), in: london) == instant("2027-03-28T08:00:00Z"))
        // 09:00 BST on Saturday 30 October, plus 1 day, is 09:00 GMT on 31 October (25 hours later).
        #expect(duration("P1D").added(to: instant("2027-10-30T08:00:00Z"), in: london) == instant("2027-10-31T09:00:00Z"))
        #expect(duration("P1W").added(to: instant("2027-04-03T08:00:00Z"), in: london, sign: -1) == instant("2027-03-27T09:00:00Z"))
    }

    @Test("time parts are elapsed time, so 24 hours over the autumn change ends at 08:00 local")
    func timePartsAreElapsed() {
        let london = Zone.london
        let later = duration("PT24H").added(to: instant("2027-10-30T08:00:00Z"), in: london)
        #expect(later == instant("2027-10-31T08:00:00Z"))
        #expect(london.format(later) == "2027-10-31 08:00 GMT")
        #expect(duration("PT30S").added(to: instant("2027-04-01T09:00:00Z"), in: london) == instant("2027-04-01T09:00:30Z"))
    }

    @Test("durations as people say them")
    func spoken() {
        #expect(duration("P12W").spoken == "12 weeks")
        #expect(duration("P3M").spoken == "3 months")
        #expect(duration("PT1S").spoken == "1 second")
        #expect(duration("P1Y2M10DT2H30M").spoken == "1 year 2 months 10 days 2 hours 30 minutes")
    }
}

@Suite("Timetable context: periods applied to real events")
struct TimetableContextTests {
    let context = TimetableContext(calendar: .bundled(.englandAndWales), zone: .london)

    @Test("clear days from a meeting at 19:00 BST are counted on London dates")
    func clearDaysFromInstant() throws {
        // The meeting starts 2027-04-01 19:00 BST.
        let meeting = instant("2027-04-01T18:00:00Z")
        let bound = try context.latest(before: meeting, leaving: .days(DayCount(5, .clearDays)))
        #expect(bound == .date(date("2027-03-22")))
        // 22 March is before the clocks change: a notice sent at 23:30 GMT that day is on time.
        #expect(bound.isNotPassed(by: instant("2027-03-22T23:30:00Z"), in: .london))
        #expect(!bound.isNotPassed(by: instant("2027-03-23T00:00:00Z"), in: .london))
    }

    @Test("a 12-week consultation is a date bound; a PT2H rehearsal period is an instant bound")
    func durationBounds() throws {
        let opens = instant("2027-01-04T09:00:00Z")
        #expect(try context.earliest(after: opens, by: .duration(duration("P12W"))) == .date(date("2027-03-29")))
        #expect(try context.earliest(after: opens, by: .duration(duration("PT2H"))) == .instant(instant("2027-01-04T11:00:00Z")))
        #expect(try context.latest(before: opens, leaving: .duration(duration("P3M"))) == .date(date("2026-10-04")))
    }

    @Test("measuring clear days between two events matches the worked example")
    func measureClearDays() throws {
        let published = instant("2027-03-22T12:00:00Z")
        let meeting = instant("2027-04-01T18:00:00Z")
        #expect(try context.measure(from: published, to: meeting, as: .days(DayCount(5, .clearDays))) == "5 clear days")
        #expect(try context.measure(from: instant("2027-01-04T09:00:00Z"), to: instant("2027-03-29T08:00:00Z"),
                                    as: .duration(duration("P12W"))) == "12 weeks")
    }

    @Test("measuring a calendar-day or working-day period reports the period that was satisfied")
    func measureCalendarAndWorkingDays() throws {
        // 1 to 29 January 2027 is exactly 28 calendar days: satisfies(28 calendar days) is true.
        let start = instant("2027-01-01T09:00:00Z")
        let end = instant("2027-01-29T09:00:00Z")
        #expect(try context.calendar.satisfies(DayCount(28, .calendarDays), from: date("2027-01-01"), to: date("2027-01-29")))
        #expect(try context.measure(from: start, to: end, as: .days(DayCount(28, .calendarDays))) == "28 days")
        #expect(try context.measure(from: start, to: instant("2027-01-28T09:00:00Z"), as: .days(DayCount(28, .calendarDays))) == "27 days")
        // The 7th working day after Monday 7 June 2027 is Wednesday 16 June.
        #expect(try context.measure(from: instant("2027-06-07T09:00:00Z"), to: instant("2027-06-16T09:00:00Z"),
                                    as: .days(DayCount(7, .workingDays))) == "7 working days")
        // Over Easter 2027: from Wednesday 24 March to Thursday 1 April, only 25, 30, 31 March and 1 April.
        #expect(try context.measure(from: instant("2027-03-24T09:00:00Z"), to: instant("2027-04-01T08:00:00Z"),
                                    as: .days(DayCount(1, .workingDays))) == "4 working days")
    }
}
