/// A date on the civil calendar of the authority (proleptic Gregorian), with no time and no zone.
///
/// Timetable law counts days, not instants: "5 clear days before the meeting" is a statement about
/// dates. Keeping dates separate from instants makes that arithmetic exact and DST-proof.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist (such as 2027-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date that lies `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Why `text` is not a date of the form `YYYY-MM-DD`, as precisely as can be said ("February
    /// 2027 has 28 days"), or nil when it is one: bvctl, the control API and JSON bodies say it alike.
    public static func problem(_ text: some StringProtocol) -> String? {
        guard CivilDate(text) == nil else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return "'\(text)' is not a date of the form YYYY-MM-DD (four-digit year, two-digit month and day)" }
        guard (1...12).contains(month) else { return "'\(text)' is not a date: there is no month \(month)" }
        guard day > 0 else { return "'\(text)' is not a date: there is no day 0" }
        return "'\(text)' is not a date: \(monthNames[month - 1]) \(year) has \(daysIn(month: month, year: year)) days"
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday.allCases[index]
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Adds calendar months, keeping the day of month or clamping it to the month's last day
    /// (31 January + 1 month = 28 or 29 February), as ISO 8601 and most civil calendars do.
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = min(day, CivilDate.daysIn(month: m, year: y))
        return CivilDate(year: y, month: m, day: d)!
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        appendDescription(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `description`'s UTF-8 bytes (see `Instant.appendDescription`).
    public func appendDescription(to out: inout [UInt8]) {
        Self.appendPadded(year, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendPadded(month, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendPadded(day, 2, to: &out)
    }

    /// A date as people read it in notices: "Thursday 1 April 2027".
    public var longDescription: String {
        "\(weekday.name) \(day) \(CivilDate.monthNames[month - 1]) \(year)"
    }

    public static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        var out: [UInt8] = []
        appendPadded(value, width, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `value`'s decimal digits, with zeros before them up to `width` digits.
    static func appendPadded(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        if value < 0 {
            // As the text was written before: zeros before the sign, to the width.
            let text = String(value)
            for _ in text.count..<max(width, text.count) { out.append(UInt8(ascii: "0")) }
            out += text.utf8
            return
        }
        var digits = 1
        var power = 10
        while value >= power, digits < 19 { digits += 1; power = power &* 10 }
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: CivilDate.problem(text) ?? "'\(text)' is not a date")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public enum Weekday: Int, Sendable, CaseIterable, Codable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var name: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }

    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
