/// A POSIX TZ rule such as `GMT0BST,M3.5.0/1,M10.5.0`: what the footer of a TZif file says about
/// every instant after the file's last transition (RFC 8536 §3.3, with the version 3 extensions:
/// transition times from -167 to 167 hours).
///
/// Offsets in the text are POSIX's, positive west of Greenwich (`EST5`); `LocalTimeType.offset`
/// is east of it, as everywhere else in the core.
public struct POSIXTimeZoneRule: Sendable, Hashable {
    /// The day a change happens, in one of POSIX's three forms.
    public enum Day: Sendable, Hashable {
        /// `Jn`: day n of the year, 1 to 365, never counting 29 February.
        case julian(Int)
        /// `n`: day n of the year, 0 to 365, counting 29 February.
        case ordinal(Int)
        /// `Mm.w.d`: weekday d (0 is Sunday) of week w (1 to 5, 5 being the last) of month m.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// A change of clocks: the day, and the local time of day (seconds, may be negative or past
    /// 24 hours) in the time in force before the change.
    public struct Change: Sendable, Hashable {
        public let day: Day
        public let time: Int
    }

    /// Summer time: its local time and when it starts and ends each year.
    public struct Summer: Sendable, Hashable {
        public let type: LocalTimeType
        public let start: Change
        public let end: Change
    }

    public let standard: LocalTimeType
    public let summer: Summer?

    /// Parses a TZ string; nil when it is not one.
    public init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard let standardName = scanner.name(), let standardOffset = scanner.offset(maxHours: 24) else { return nil }
        standard = LocalTimeType(offset: -standardOffset, isDaylight: false, abbreviation: standardName)
        if scanner.atEnd {
            summer = nil
            return
        }
        guard let summerName = scanner.name() else { return nil }
        var summerOffset = standard.offset + 3600
        if !scanner.atEnd, scanner.peek != UInt8(ascii: ",") {
            guard let west = scanner.offset(maxHours: 24) else { return nil }
            summerOffset = -west
        }
        let type = LocalTimeType(offset: summerOffset, isDaylight: true, abbreviation: summerName)
        if scanner.atEnd {
            // No rule given: POSIX leaves it to the implementation; glibc and zic use the US rule.
            summer = Summer(type: type, start: Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200),
                            end: Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200))
            return
        }
        guard scanner.take(","), let start = scanner.change(), scanner.take(","), let end = scanner.change(), scanner.atEnd else {
            return nil
        }
        summer = Summer(type: type, start: start, end: end)
    }

    /// The local time in force at `seconds` since the epoch.
    public func localTimeType(at seconds: Int64) -> LocalTimeType {
        guard let summer else { return standard }
        // The changes of the year before, this year and the year after, in order: the last one at or
        // before `seconds` is in force. The neighbouring years cover rules whose summer crosses the
        // new year (southern zones) and changes written past midnight of 31 December.
        let year = CivilDate(dayNumber: Int(floorDivide(seconds, 86_400))).year
        var latest = Int64.min, inSummer = false
        for candidate in year - 1...year + 1 {
            // Of changes at the same instant, the later year's wins (all-year summer time).
            let start = instant(of: summer.start, in: candidate, offsetBefore: standard.offset)
            if start <= seconds, start >= latest { (latest, inSummer) = (start, true) }
            let end = instant(of: summer.end, in: candidate, offsetBefore: summer.type.offset)
            if end <= seconds, end >= latest { (latest, inSummer) = (end, false) }
        }
        return inSummer ? summer.type : standard
    }

    /// The instant of a change in `year`, its time of day read in the offset in force before it.
    func instant(of change: Change, in year: Int, offsetBefore: Int) -> Int64 {
        let dayNumber: Int
        switch change.day {
        case .julian(let n):
            let march = CivilDate(year: year, month: 3, day: 1)!.dayNumber
            // J60 is 1 March in every year: day 59 of a non-leap year.
            dayNumber = n >= 60 ? march + (n - 60) : CivilDate(year: year, month: 1, day: 1)!.dayNumber + n - 1
        case .ordinal(let n):
            dayNumber = CivilDate(year: year, month: 1, day: 1)!.dayNumber + n
        case .monthWeekDay(let month, let week, let weekday):
            let first = CivilDate(year: year, month: month, day: 1)!
            let firstWeekday = first.weekday.rawValue % 7  // 0 is Sunday, as in POSIX
            var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            while day > CivilDate.daysIn(month: month, year: year) { day -= 7 }
            dayNumber = first.dayNumber + day - 1
        }
        return Int64(dayNumber) * 86_400 + Int64(change.time) - Int64(offsetBefore)
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}

/// Reads the parts of a TZ string.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// `GMT`, or `<+0330>` quoted: at least three characters.
    mutating func name() -> String? {
        let start = index
        if take("<") {
            while let byte = peek, byte != UInt8(ascii: ">") {
                guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return nil }
                index += 1
            }
            let name = bytes[(start + 1)..<index]
            guard take(">"), name.count >= 3 else { return nil }
            return String(decoding: name, as: UTF8.self)
        }
        while let byte = peek, isLetter(byte) { index += 1 }
        guard index - start >= 3 else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `[+|-]hh[:mm[:ss]]` in seconds.
    mutating func offset(maxHours: Int) -> Int? {
        var sign = 1
        if take("-") { sign = -1 } else { _ = take("+") }
        guard let hours = number(maxDigits: 3), hours <= maxHours else { return nil }
        var seconds = hours * 3600
        if take(":") {
            guard let minutes = number(maxDigits: 2), minutes < 60 else { return nil }
            seconds += minutes * 60
            if take(":") {
                guard let rest = number(maxDigits: 2), rest < 60 else { return nil }
                seconds += rest
            }
        }
        return sign * seconds
    }

    /// `,date[/time]`'s date and time; the time defaults to 02:00.
    mutating func change() -> POSIXTimeZoneRule.Change? {
        let day: POSIXTimeZoneRule.Day
        if take("J") {
            guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else if take("M") {
            guard let month = number(maxDigits: 2), (1...12).contains(month), take("."),
                  let week = number(maxDigits: 1), (1...5).contains(week), take("."),
                  let weekday = number(maxDigits: 1), (0...6).contains(weekday) else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else {
            guard let n = number(maxDigits: 3), (0...365).contains(n) else { return nil }
            day = .ordinal(n)
        }
        var time = 7200
        if take("/") {
            guard let seconds = offset(maxHours: 167) else { return nil }
            time = seconds
        }
        return POSIXTimeZoneRule.Change(day: day, time: time)
    }

    mutating func number(maxDigits: Int) -> Int? {
        var value = 0, digits = 0
        while let byte = peek, isDigit(byte), digits < maxDigits {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits == 0 ? nil : value
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
