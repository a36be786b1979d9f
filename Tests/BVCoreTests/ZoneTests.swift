import BVCore
import Testing

private func local(_ text: String) -> LocalDateTime {
    guard let value = LocalDateTime(text) else { fatalError("test local time '\(text)' does not parse") }
    return value
}

private func instant(_ text: String) -> Instant {
    guard let value = Instant(rfc3339: text) else { fatalError("test instant '\(text)' does not parse") }
    return value
}

private func date(_ text: String) -> CivilDate {
    guard let value = CivilDate(text) else { fatalError("test date '\(text)' does not parse") }
    return value
}

private let london = Zone.london

/// Europe/London in 2027: clocks go forward at 01:00 GMT on 28 March and back at 02:00 BST
/// (01:00 GMT) on 31 October.
@Suite("Europe/London and instants")
struct ZoneTests {
    @Test("09:00 local is 09:00Z in GMT and 08:00Z in BST", arguments: [
        ("2027-03-27T09:00", "2027-03-27T09:00:00Z"),
        ("2027-03-29T09:00", "2027-03-29T08:00:00Z"),
        ("2027-10-30T09:00", "2027-10-30T08:00:00Z"),
        ("2027-11-01T09:00", "2027-11-01T09:00:00Z"),
        ("2027-07-01T00:00", "2027-06-30T23:00:00Z"),
    ])
    func nineOClock(wall: String, utc: String) {
        #expect(london.instant(of: local(wall)) == instant(utc))
        #expect(london.localDateTime(of: instant(utc)) == local(wall))
    }

    @Test("a time in the skipped hour moves forward by the gap: 01:30 on 28 March 2027 is 02:30 BST")
    func springGap() {
        let moved = london.instant(of: local("2027-03-28T01:30"))
        #expect(moved == instant("2027-03-28T01:30:00Z"))
        #expect(london.localDateTime(of: moved) == local("2027-03-28T02:30"))
        #expect(london.instant(of: local("2027-03-28T01:00")) == instant("2027-03-28T01:00:00Z"))
        #expect(london.instant(of: local("2027-03-28T00:59")) == instant("2027-03-28T00:59:00Z"))
        #expect(london.instant(of: local("2027-03-28T02:00")) == instant("2027-03-28T01:00:00Z"))
    }

    @Test("a time that happens twice means the first occurrence: 01:30 on 31 October 2027 is 00:30Z")
    func autumnOverlap() {
        #expect(london.instant(of: local("2027-10-31T01:30")) == instant("2027-10-31T00:30:00Z"))
        #expect(london.localDateTime(of: instant("2027-10-31T00:30:00Z")) == local("2027-10-31T01:30"))
        #expect(london.localDateTime(of: instant("2027-10-31T01:30:00Z")) == local("2027-10-31T01:30"))
        #expect(london.instant(of: local("2027-10-31T02:00")) == instant("2027-10-31T02:00:00Z"))
        #expect(london.instant(of: local("2027-10-31T00:59")) == instant("2027-10-30T23:59:00Z"))
    }

    @Test("offsets either side of the 2027 changes")
    func offsets() {
        #expect(london.offset(at: instant("2027-03-28T00:59:59Z")) == 0)
        #expect(london.offset(at: instant("2027-03-28T01:00:00Z")) == 3600)
        #expect(london.offset(at: instant("2027-10-31T00:59:59Z")) == 3600)
        #expect(london.offset(at: instant("2027-10-31T01:00:00Z")) == 0)
    }

    @Test("the civil date of an instant is the London date, not the UTC date")
    func civilDateOfInstant() {
        #expect(london.date(of: instant("2027-06-30T23:30:00Z")) == date("2027-07-01"))
        #expect(london.date(of: instant("2027-12-31T23:30:00Z")) == date("2027-12-31"))
        #expect(london.startOfDay(date("2027-07-01")) == instant("2027-06-30T23:00:00Z"))
        #expect(london.startOfDay(date("2027-10-31")) == instant("2027-10-30T23:00:00Z"))
        #expect(london.startOfDay(date("2027-03-28")) == instant("2027-03-28T00:00:00Z"))
    }

    @Test("times are shown to people in local time with the zone abbreviation")
    func format() {
        #expect(london.format(instant("2027-01-04T09:30:00Z")) == "2027-01-04 09:30 GMT")
        #expect(london.format(instant("2027-04-01T09:00:00Z")).hasPrefix("2027-04-01 10:00 "))
        #expect(london.format(instant("2027-04-01T09:00:00Z")) == "2027-04-01 10:00 BST")
    }

    @Test("a date bound is reached at local midnight, which is 23:00Z the day before in summer")
    func dateBounds() {
        let bound = TimetableBound.date(date("2027-04-01"))
        #expect(bound.isReached(by: instant("2027-03-31T23:00:00Z"), in: london))
        #expect(!bound.isReached(by: instant("2027-03-31T22:59:59Z"), in: london))
        #expect(bound.isNotPassed(by: instant("2027-04-01T22:59:59Z"), in: london))
        #expect(!bound.isNotPassed(by: instant("2027-04-01T23:00:00Z"), in: london))
        #expect(bound.start(in: london) == instant("2027-03-31T23:00:00Z"))
    }

    @Test("RFC 3339 instants with offsets and fractions")
    func rfc3339() {
        #expect(instant("2027-04-01T10:00:00+01:00") == instant("2027-04-01T09:00:00Z"))
        #expect(instant("2027-04-01T04:00:00-05:00") == instant("2027-04-01T09:00:00Z"))
        #expect(instant("2027-04-01T09:00:00.5Z").millisecondsSinceEpoch
            == instant("2027-04-01T09:00:00Z").millisecondsSinceEpoch + 500)
        #expect(instant("2027-04-01T09:00:00.5Z").description == "2027-04-01T09:00:00.500Z")
        #expect(instant("1970-01-01T00:00:00Z").millisecondsSinceEpoch == 0)
        #expect(instant("1969-12-31T23:59:59.500Z").millisecondsSinceEpoch == -500)
        #expect(instant("1969-12-31T23:59:59.500Z").description == "1969-12-31T23:59:59.500Z")
        #expect(instant("2028-02-29T12:00:00Z").description == "2028-02-29T12:00:00Z")
        // Every field keeps its leading zeros, and a year past 9999 all its digits.
        #expect(instant("0999-01-02T03:04:05.006Z").description == "0999-01-02T03:04:05.006Z")
        #expect(Instant(millisecondsSinceEpoch: 253_402_300_800_000).description == "10000-01-01T00:00:00Z")
        #expect(CivilDate(year: 33, month: 3, day: 3)?.description == "0033-03-03")
        // Before year 1 the sign comes after the zeros, as it always has.
        #expect(CivilDate(year: -5, month: 1, day: 1)?.description == "00-5-01-01")
        #expect(CivilDate.problem("2027-02-00") == "'2027-02-00' is not a date: there is no day 0")
        #expect(CivilDate.problem("2027-02-29") == "'2027-02-29' is not a date: February 2027 has 28 days")
        #expect(CivilDate.problem("2028-02-29") == nil)
    }

    @Test("RFC 3339 text without a zone or with an impossible date is refused", arguments: [
        "2027-04-01T09:00:00", "2027-04-01", "2027-02-29T09:00:00Z", "2027-04-01T25:00:00Z",
        "2027-04-01T09:00:00+0100", "2027-04-01T09:00:00.Z", "not a time at all, honestly",
    ])
    func rfc3339Rejects(text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test("local date-times parse with a T or a space")
    func localDateTimes() {
        #expect(LocalDateTime("2027-04-01 09:00") == local("2027-04-01T09:00"))
        #expect(local("2027-04-01T09:00").description == "2027-04-01T09:00")
        #expect(LocalDateTime("2027-04-01T24:00") == nil)
        #expect(LocalTime("9:00") == nil)
        #expect(LocalTime("09:00:30")?.secondsOfDay == 32_430)
    }
}
