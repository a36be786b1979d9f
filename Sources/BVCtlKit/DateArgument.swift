public import BVCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A date or a date and time as an officer types it on the command line.
///
/// Dates: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, `+3d`, `-2d`, `+2w`, `-1w` and
/// `next monday` … `next sunday` (always in the coming week: `next monday` on a Monday is seven days
/// later). Date and time: `YYYY-MM-DDTHH:MM` (or with a space for the `T`), or any date form
/// followed by a space and `HH:MM`, such as `tomorrow 18:30` or `next thursday 18:30`. Times are
/// wall-clock times in Europe/London (the workflow's zone), as the control API reads them.
///
/// Parsing is pure: relative forms count from `today`, which the caller supplies
/// (`DateArgument.today()` is the civil date in Europe/London of the current instant).
public enum DateArgument {
    /// What went wrong, in words that say what to type instead.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The forms accepted, for help texts and error messages.
    public static let dateForms = "YYYY-MM-DD, today, tomorrow, yesterday, +3d, -2d, +2w or next monday … next sunday"
    public static let dateTimeForms = "YYYY-MM-DDTHH:MM, or a date form and a time such as 'tomorrow 18:30' or 'next thursday 18:30'"

    /// The civil date in `zone` (Europe/London by default) of `now` (the current instant by default).
    public static func today(now: Instant = currentInstant(), zone: Zone = .london) -> CivilDate {
        zone.date(of: now)
    }

    /// The current instant from the system clock.
    public static func currentInstant() -> Instant {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Instant(millisecondsSinceEpoch: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
    }

    /// Parses a date form; `name` (such as `--on`) prefixes every error message.
    public static func date(_ text: String, today: CivilDate, name: String? = nil) throws(Problem) -> CivilDate {
        let trimmed = text.trimmingSpaces
        let prefix = name.map { "\($0): " } ?? ""
        guard !trimmed.isEmpty else { throw Problem("\(prefix)a date is needed; use \(dateForms)") }
        if let absolute = try absoluteDate(trimmed, prefix: prefix) { return absolute }
        if let relative = relativeDate(trimmed.lowercased(), today: today) { return relative }
        if LocalDateTime(trimmed) != nil || trimmed.split(separator: " ").count > 1 && LocalTime(trimmed.split(separator: " ").last!) != nil {
            throw Problem("\(prefix)'\(text)' has a time, but only a date is wanted here; use \(dateForms)")
        }
        throw Problem("\(prefix)'\(text)' is not a date; use \(dateForms)")
    }

    /// Parses a date and a wall-clock time (Europe/London); `name` prefixes every error message.
    public static func dateTime(_ text: String, today: CivilDate, name: String? = nil) throws(Problem) -> LocalDateTime {
        let trimmed = text.trimmingSpaces
        let prefix = name.map { "\($0): " } ?? ""
        guard !trimmed.isEmpty else { throw Problem("\(prefix)a date and time are needed; use \(dateTimeForms)") }
        // Split into a date form and a time: "YYYY-MM-DDTHH:MM", or "<date form> HH:MM", where the
        // date form may itself contain a space ("next monday 18:30").
        var parts: (date: String, time: Substring)?
        let chars = Array(trimmed)
        if chars.count > 11, chars[10] == "T" || chars[10] == "t",
           chars[0..<10].allSatisfy({ $0 == "-" || ($0.isASCII && $0.isNumber) }) {
            parts = (String(chars[0..<10]), trimmed.dropFirst(11))
        } else if let space = trimmed.lastIndex(of: " "), looksLikeTime(trimmed[trimmed.index(after: space)...]) {
            parts = (String(trimmed[..<space]).trimmingSpaces, trimmed[trimmed.index(after: space)...])
        }
        guard let parts else {
            // A date alone: say that the time is missing, rather than that the text is wrong.
            if (try? date(trimmed, today: today)) != nil {
                throw Problem("\(prefix)'\(text)' has no time of day; add one, as in '\(trimmed) 18:30'")
            }
            throw Problem("\(prefix)'\(text)' is not a date and time; use \(dateTimeForms)")
        }
        let day = try date(parts.date, today: today, name: name)
        guard let time = LocalTime(parts.time) else {
            throw Problem("\(prefix)'\(parts.time)' is not a time of day; use HH:MM from 00:00 to 23:59")
        }
        return LocalDateTime(date: day, time: time)
    }

    /// `YYYY-MM-DD`; a text of that shape that is not a real day gets a precise error.
    private static func absoluteDate(_ text: String, prefix: String) throws(Problem) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        if let problem = CivilDate.problem(text) { throw Problem(prefix + problem) }
        return CivilDate(text)
    }

    /// The relative forms, already lower-cased.
    private static func relativeDate(_ text: String, today: CivilDate) -> CivilDate? {
        switch text {
        case "today": return today
        case "tomorrow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if let sign = text.first, sign == "+" || sign == "-", let unit = text.last, unit == "d" || unit == "w" {
            let digits = text.dropFirst().dropLast()
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
            let days = n * (unit == "w" ? 7 : 1) * (sign == "-" ? -1 : 1)
            return today.adding(days: days)
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        if words.count == 2, words[0] == "next", let weekday = Weekday.allCases.first(where: { $0.name.lowercased() == words[1] }) {
            // The first such weekday strictly after today: 1 to 7 days ahead.
            let ahead = (weekday.rawValue - today.weekday.rawValue + 7) % 7
            return today.adding(days: ahead == 0 ? 7 : ahead)
        }
        return nil
    }

    private static func looksLikeTime(_ text: Substring) -> Bool {
        text.contains(":") && text.allSatisfy { $0 == ":" || ($0.isASCII && $0.isNumber) }
    }
}
