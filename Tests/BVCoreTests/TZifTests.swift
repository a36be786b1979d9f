import BVCore
import Foundation
import Testing

private func instant(_ text: String) -> Instant {
    guard let value = Instant(rfc3339: text) else { fatalError("test instant '\(text)' does not parse") }
    return value
}

private func seconds(_ text: String) -> Int64 { instant(text).secondsSinceEpoch }

private func local(_ text: String) -> LocalDateTime {
    guard let value = LocalDateTime(text) else { fatalError("test local time '\(text)' does not parse") }
    return value
}

private func rule(_ text: String) throws -> POSIXTimeZoneRule {
    try #require(POSIXTimeZoneRule(text), "'\(text)' should parse")
}

/// TZif bytes: a header and one data block per version, then the footer for version 2.
private func tzif(version: UInt8, transitions: [Int64], indices: [UInt8], types: [(Int32, Bool, UInt8)], names: String, footer: String?) -> [UInt8] {
    func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    func block(wide: Bool) -> [UInt8] {
        var out = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        for count in [0, 0, 0, transitions.count, types.count, names.utf8.count] { out += be(Int32(count)) }
        for t in transitions { out += wide ? be(t) : be(Int32(t)) }
        out += indices
        for (offset, dst, index) in types { out += be(offset) + [dst ? 1 : 0, index] }
        return out + Array(names.utf8)
    }
    var bytes = block(wide: false)
    if version != 0 { bytes += block(wide: true) + Array("\n\(footer ?? "")\n".utf8) }
    return bytes
}

@Suite("Time zones from the IANA data without Foundation: TZif files and POSIX rules")
struct TZifTests {
    @Test("Zone agrees with Foundation's TimeZone (ICU) at instants from 1970 to 2100", arguments: [
        "Europe/London", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
        "Pacific/Auckland", "America/St_Johns", "Australia/Lord_Howe", "UTC",
    ])
    func agreesWithFoundation(identifier: String) throws {
        let zone = try #require(Zone(identifier: identifier))
        let foundation = try #require(TimeZone(identifier: identifier))
        // A fixed sequence (an LCG), so that a failure can be repeated; past 2037 the footer's rule answers.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var disagreements: [String] = []
        for _ in 0..<4000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let s = Int64(state >> 33) % 4_102_444_800
            let mine = zone.offset(at: Instant(secondsSinceEpoch: s))
            let theirs = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s)))
            if mine != theirs { disagreements.append("\(Instant(secondsSinceEpoch: s)): \(mine) against \(theirs)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test("London's footer rule gives the same offsets as every transition of the file since 1997")
    func londonFooterMatchesTransitions() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/London"))
        let file = try TZif(bytes: Array(data))
        let footer = try #require(file.footer)
        #expect(footer == (try rule("GMT0BST,M3.5.0/1,M10.5.0")))
        let recent = file.transitions.filter { $0 > seconds("1997-01-01T00:00:00Z") }
        #expect(recent.count > 10)
        for t in recent {
            for s in [t - 1, t, t + 1] { #expect(footer.localTimeType(at: s) == file.localTimeType(at: s), "at \(Instant(secondsSinceEpoch: s))") }
        }
    }

    @Test("after the file's last transition the footer rules: London in 2050")
    func londonIn2050() {
        let london = Zone.london
        #expect(london.offset(at: instant("2050-03-27T00:59:59Z")) == 0)
        #expect(london.offset(at: instant("2050-03-27T01:00:00Z")) == 3600)
        #expect(london.offset(at: instant("2050-10-30T00:59:59Z")) == 3600)
        #expect(london.offset(at: instant("2050-10-30T01:00:00Z")) == 0)
        #expect(london.format(instant("2050-07-01T12:00:00Z")) == "2050-07-01 13:00 BST")
        #expect(london.format(instant("2050-12-01T12:00:00Z")) == "2050-12-01 12:00 GMT")
        #expect(london.instant(of: local("2050-03-27T01:30")) == instant("2050-03-27T01:30:00Z"))
        #expect(london.instant(of: local("2050-10-30T01:30")) == instant("2050-10-30T00:30:00Z"))
    }

    @Test("POSIX rules: a southern summer that spans the new year")
    func southern() throws {
        let sydney = try rule("AEST-10AEDT,M10.1.0,M4.1.0/3")
        #expect(sydney.localTimeType(at: seconds("2050-01-15T00:00:00Z")) == LocalTimeType(offset: 39600, isDaylight: true, abbreviation: "AEDT"))
        #expect(sydney.localTimeType(at: seconds("2050-04-02T15:59:59Z")).offset == 39600)
        #expect(sydney.localTimeType(at: seconds("2050-04-02T16:00:00Z")) == LocalTimeType(offset: 36000, isDaylight: false, abbreviation: "AEST"))
        #expect(sydney.localTimeType(at: seconds("2050-10-01T15:59:59Z")).offset == 36000)
        #expect(sydney.localTimeType(at: seconds("2050-10-01T16:00:00Z")).offset == 39600)
        #expect(sydney.localTimeType(at: seconds("2050-12-31T23:00:00Z")).offset == 39600)
    }

    @Test("POSIX rules: version 3 times past 24 hours, all-year summer time, Julian days, quoted names")
    func ruleForms() throws {
        // Israel: the Thursday of the fourth week of March at 26:00, i.e. Friday 02:00.
        let israel = try rule("IST-2IDT,M3.4.4/26,M10.5.0")
        #expect(israel.localTimeType(at: seconds("2050-03-24T23:59:59Z")).offset == 7200)
        #expect(israel.localTimeType(at: seconds("2050-03-25T00:00:00Z")) == LocalTimeType(offset: 10800, isDaylight: true, abbreviation: "IDT"))

        let always = try rule("EST5EDT,0/0,J365/25")
        for text in ["2050-01-01T00:30:00Z", "2050-01-01T06:00:00Z", "2050-07-01T00:00:00Z", "2050-12-31T23:59:59Z"] {
            #expect(always.localTimeType(at: seconds(text)).offset == -14400, "\(text)")
        }

        // J60 is 1 March, in leap years too; n counts 29 February.
        let julian = try rule("<-03>3<-02>,J60/2,J300/2")
        #expect(julian.localTimeType(at: seconds("2048-03-01T04:59:59Z")) == LocalTimeType(offset: -10800, isDaylight: false, abbreviation: "-03"))
        #expect(julian.localTimeType(at: seconds("2048-03-01T05:00:00Z")) == LocalTimeType(offset: -7200, isDaylight: true, abbreviation: "-02"))
        let ordinal = try rule("XXX3YYY,59/2,300/2")
        #expect(ordinal.localTimeType(at: seconds("2048-02-29T05:00:00Z")).offset == -7200)
        #expect(ordinal.localTimeType(at: seconds("2047-03-01T04:59:59Z")).offset == -10800)
        #expect(ordinal.localTimeType(at: seconds("2047-03-01T05:00:00Z")).offset == -7200)

        let tehran = try rule("<+0330>-3:30")
        #expect(tehran.localTimeType(at: 0) == LocalTimeType(offset: 12600, isDaylight: false, abbreviation: "+0330"))
        #expect(tehran.summer == nil)
    }

    @Test("text that is not a POSIX rule is refused", arguments: [
        "", "GM0", "GMT", "GMT0BST,M13.1.0,M10.5.0", "GMT0BST,M3.5.0", "GMT0BST,M3.6.0,M10.5.0", "GMT0BST,J0,J365",
        "GMT0BST,M3.5.0/1,M10.5.0x", "<GM>0", "GMT25",
    ])
    func refused(text: String) {
        #expect(POSIXTimeZoneRule(text) == nil)
    }

    @Test("a slim version 2 file (no transitions) is read from its footer; a version 1 file from its 32-bit block")
    func builtFiles() throws {
        let slim = try TZif(bytes: tzif(version: UInt8(ascii: "2"), transitions: [], indices: [], types: [(0, false, 0)],
                                        names: "GMT\0", footer: "GMT0BST,M3.5.0/1,M10.5.0"))
        let zone = Zone(identifier: "Test/Slim", rules: slim)
        #expect(zone.offset(at: instant("2027-07-01T00:00:00Z")) == 3600)
        #expect(zone.abbreviation(at: instant("2027-07-01T00:00:00Z")) == "BST")
        #expect(zone.instant(of: local("2027-03-28T01:30")) == instant("2027-03-28T01:30:00Z"))

        let summer = seconds("2027-03-28T01:00:00Z"), winter = seconds("2027-10-31T01:00:00Z")
        let v1 = try TZif(bytes: tzif(version: 0, transitions: [summer, winter], indices: [1, 0], types: [(0, false, 0), (3600, true, 4)],
                                      names: "GMT\0BST\0", footer: nil))
        #expect(v1.footer == nil)
        #expect(v1.localTimeType(at: summer - 1) == LocalTimeType(offset: 0, isDaylight: false, abbreviation: "GMT"))
        #expect(v1.localTimeType(at: summer) == LocalTimeType(offset: 3600, isDaylight: true, abbreviation: "BST"))
        #expect(v1.localTimeType(at: winter).offset == 0)
        #expect(v1.localTimeType(at: winter + 400_000_000).offset == 0)
    }

    @Test("files that are not TZif, or end early, are refused")
    func badFiles() {
        #expect(throws: TZif.Problem.notTZif) { try TZif(bytes: Array("# tzdb timezone descriptions\n".utf8)) }
        let whole = tzif(version: UInt8(ascii: "2"), transitions: [0], indices: [0], types: [(0, false, 0)], names: "UTC\0", footer: "UTC0")
        #expect(throws: TZif.Problem.truncated) { try TZif(bytes: Array(whole.dropLast(3))) }
        #expect(throws: TZif.Problem.truncated) { try TZif(bytes: Array(whole.prefix(30))) }
        #expect((try? TZif(bytes: whole)) != nil)
    }

    @Test("names that are not zones, or would leave the zone directory, are refused", arguments: [
        "Mars/Olympus", "zone.tab", "Europe", "../../etc/passwd", "/etc/localtime", "Europe//London", "", "Europe/London ",
    ])
    func notZones(identifier: String) {
        #expect(Zone(identifier: identifier) == nil)
    }

    @Test("gaps and overlaps elsewhere: New York in 2027, Sydney in 2025")
    func otherZones() throws {
        let newYork = try #require(Zone(identifier: "America/New_York"))
        #expect(newYork.instant(of: local("2027-03-14T02:30")) == instant("2027-03-14T07:30:00Z"))
        #expect(newYork.format(instant("2027-03-14T07:30:00Z")) == "2027-03-14 03:30 EDT")
        #expect(newYork.instant(of: local("2027-11-07T01:30")) == instant("2027-11-07T05:30:00Z"))
        #expect(newYork.instant(of: local("2027-11-07T02:00")) == instant("2027-11-07T07:00:00Z"))

        let sydney = try #require(Zone(identifier: "Australia/Sydney"))
        #expect(sydney.instant(of: local("2025-04-06T02:30")) == instant("2025-04-05T15:30:00Z"))
        #expect(sydney.instant(of: local("2025-10-05T02:30")) == instant("2025-10-04T16:30:00Z"))
        #expect(sydney.localDateTime(of: instant("2025-10-04T16:30:00Z")) == local("2025-10-05T03:30"))
        #expect(sydney.abbreviation(at: instant("2025-01-01T00:00:00Z")) == "AEDT")
        #expect(Zone.utc.abbreviation(at: instant("2027-07-01T00:00:00Z")) == "UTC")
    }
}
