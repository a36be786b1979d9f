/// Reads HTTP `Retry-After` (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date in the
/// preferred IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`). A date in the past means
/// "now"; anything unreadable is ignored; more than a year is read as a year.
enum RetryAfter {
    static func parse(_ value: String, now: Int64) -> Duration? {
        let text = value.trimmingSpaces
        if !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) {
            return .seconds(min(Int64(text) ?? .max, maximum))
        }
        guard let date = imfFixdate(text) else { return nil }
        return .seconds(min(max(0, date - now), maximum))
    }

    /// A year: a larger request is taken as this, so arithmetic on it cannot overflow.
    private static let maximum: Int64 = 366 * 86_400

    /// Unix seconds of an IMF-fixdate.
    private static func imfFixdate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int64(parts[1]), (1...31).contains(day),
              let month = months.firstIndex(of: String(parts[2])),
              let year = Int64(parts[3]), parts[3].count == 4
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int64(clock[0]), let minute = Int64(clock[1]), let second = Int64(clock[2]),
              (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: Int64(month + 1), day: day)
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
