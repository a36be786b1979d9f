/// A point on the UTC time line, in whole milliseconds since 1970-01-01T00:00:00Z.
///
/// The core never reads the system clock: every instant comes from an injected `Clock`,
/// so that a months-long timetable can be replayed in milliseconds in tests.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }
    public init(secondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = secondsSinceEpoch * 1000 }

    public var secondsSinceEpoch: Int64 { millisecondsSinceEpoch >= 0
        ? millisecondsSinceEpoch / 1000 : (millisecondsSinceEpoch - 999) / 1000 }

    public func adding(seconds: Int64) -> Instant { Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + seconds * 1000) }
    public func adding(milliseconds: Int64) -> Instant { Instant(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch }

    /// RFC 3339 in UTC, e.g. `2027-04-01T09:00:00Z`.
    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDescription(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `description`'s UTF-8 bytes: every event and notice written holds instants, and
    /// putting them together from small strings was a measurable part of a command.
    public func appendDescription(to out: inout [UInt8]) {
        let seconds = secondsSinceEpoch
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        CivilDate(dayNumber: days).appendDescription(to: &out)
        out.append(UInt8(ascii: "T"))
        CivilDate.appendPadded(rest / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        CivilDate.appendPadded(rest / 60 % 60, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        CivilDate.appendPadded(rest % 60, 2, to: &out)
        let ms = Int(millisecondsSinceEpoch - seconds * 1000)
        if ms != 0 {
            out.append(UInt8(ascii: "."))
            CivilDate.appendPadded(ms, 3, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// `description`'s own form, `2027-04-01T09:00:00Z` or `2027-04-01T09:00:00.250Z`, read from its
    /// bytes: every stored notice holds two of these, and they are read back often.
    private static func canonical(_ utf8: String.UTF8View) -> Instant? {
        guard utf8.count == 20 || utf8.count == 24 else { return nil }
        return utf8.withContiguousStorageIfAvailable { b -> Instant? in
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for i in from..<from + count {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                    value = value * 10 + Int(b[i] - UInt8(ascii: "0"))
                }
                return value
            }
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
                  b[16] == UInt8(ascii: ":"), b[b.count - 1] == UInt8(ascii: "Z"),
                  let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let date = CivilDate(year: year, month: month, day: day),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  let time = LocalTime(hour: hour, minute: minute, second: second)
            else { return nil }
            var ms = 0
            if b.count == 24 {
                guard b[19] == UInt8(ascii: "."), let fraction = number(20, 3) else { return nil }
                ms = fraction
            }
            return Instant(millisecondsSinceEpoch: (Int64(date.dayNumber) * 86_400 + Int64(time.secondsOfDay)) * 1000 + Int64(ms))
        } ?? nil
    }

    /// Parses RFC 3339 (`2027-04-01T09:00:00Z`, `2027-04-01T10:00:00+01:00`, optional fraction).
    public init?(rfc3339 text: String) {
        if let instant = Instant.canonical(text.utf8) {
            self = instant
            return
        }
        guard text.count >= 20, let date = CivilDate(text.prefix(10)),
              text.dropFirst(10).first == "T" || text.dropFirst(10).first == " "
        else { return nil }
        var rest = Substring(text.dropFirst(11))
        guard let time = LocalTime(rest.prefix(8)) else { return nil }
        rest = rest.dropFirst(8)
        var ms: Int64 = 0
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix(while: \.isNumber)
            guard !digits.isEmpty else { return nil }
            let padded = (String(digits) + "000").prefix(3)
            ms = Int64(padded)!
            rest = rest.dropFirst(digits.count)
        }
        var offset = 0
        if rest == "Z" || rest == "z" {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-", rest.count == 6,
                  let h = Int(rest.dropFirst().prefix(2)), rest.dropFirst(3).first == ":",
                  let m = Int(rest.suffix(2)) {
            offset = (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
        let local = Int64(date.dayNumber) * 86_400 + Int64(time.secondsOfDay)
        self.init(millisecondsSinceEpoch: (local - Int64(offset)) * 1000 + ms)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an RFC 3339 instant")
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The source of "now". The daemon passes the system clock; tests pass a clock they move by hand.
public protocol Clock: Sendable {
    func now() -> Instant
}
