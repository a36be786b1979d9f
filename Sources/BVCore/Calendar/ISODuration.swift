/// An ISO 8601 duration such as `P12W`, `P3M`, `P28D`, `PT2H` or `PT30S`.
///
/// Date parts are added on the civil calendar (31 January + `P1M` is the last day of February);
/// time parts are elapsed time. Time parts let a rehearsal run a whole timetable in seconds.
public struct ISODuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var years = 0, months = 0, weeks = 0, days = 0
    public var hours = 0, minutes = 0, seconds = 0

    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0,
                hours: Int = 0, minutes: Int = 0, seconds: Int = 0) {
        (self.years, self.months, self.weeks, self.days) = (years, months, weeks, days)
        (self.hours, self.minutes, self.seconds) = (hours, minutes, seconds)
    }

    /// Parses the text, or explains what is wrong with it.
    public static func parse(_ text: String) -> Result<ISODuration, DurationSyntaxError> {
        var result = ISODuration()
        guard text.first == "P", text.count > 1 else {
            return .failure(DurationSyntaxError(text: text, reason: "an ISO 8601 duration starts with P, as in P28D, P12W, P3M or PT30S"))
        }
        var inTime = false
        var number = ""
        var seen = Set<String>()
        for ch in text.dropFirst() {
            if ch == "T" {
                guard !inTime, number.isEmpty else { return .failure(.init(text: text, reason: "T may appear once, before the time parts")) }
                inTime = true
                continue
            }
            if ch.isASCII, ch.isNumber { number.append(ch); continue }
            guard let value = Int(number), number.count <= 7 else {
                return .failure(.init(text: text, reason: number.isEmpty
                    ? "'\(ch)' must follow a whole number" : "\(number) is too large"))
            }
            let unit = (inTime ? "T" : "") + String(ch)
            guard seen.insert(unit).inserted else { return .failure(.init(text: text, reason: "'\(ch)' appears twice")) }
            switch unit {
            case "Y": result.years = value
            case "M": result.months = value
            case "W": result.weeks = value
            case "D": result.days = value
            case "TH": result.hours = value
            case "TM": result.minutes = value
            case "TS": result.seconds = value
            default:
                return .failure(.init(text: text, reason: "'\(ch)' is not a unit here; use Y, M, W, D before T and H, M, S after it"))
            }
            number = ""
        }
        guard number.isEmpty else { return .failure(.init(text: text, reason: "the number \(number) has no unit")) }
        guard !seen.isEmpty, !(inTime && !seen.contains(where: { $0.hasPrefix("T") })) else {
            return .failure(.init(text: text, reason: "no parts after \(inTime ? "T" : "P")"))
        }
        return .success(result)
    }

    public init?(_ text: String) {
        guard case .success(let value) = ISODuration.parse(text) else { return nil }
        self = value
    }

    /// True when the duration has no hours, minutes or seconds, so it moves dates, not instants.
    public var isDateOnly: Bool { hours == 0 && minutes == 0 && seconds == 0 }

    public var timeSeconds: Int64 { Int64(hours) * 3600 + Int64(minutes) * 60 + Int64(seconds) }

    public func added(to date: CivilDate, sign: Int = 1) -> CivilDate {
        date.adding(months: sign * (years * 12 + months)).adding(days: sign * (weeks * 7 + days))
    }

    /// Adds the date parts on the wall clock of `zone` and then the time parts as elapsed time.
    public func added(to instant: Instant, in zone: Zone, sign: Int = 1) -> Instant {
        var result = instant
        if years != 0 || months != 0 || weeks != 0 || days != 0 {
            let local = zone.localDateTime(of: instant)
            result = zone.instant(of: LocalDateTime(date: added(to: local.date, sign: sign), time: local.time))
        }
        return result.adding(seconds: Int64(sign) * timeSeconds)
    }

    public var description: String {
        var text = "P"
        for (value, unit) in [(years, "Y"), (months, "M"), (weeks, "W"), (days, "D")] where value != 0 {
            text += "\(value)\(unit)"
        }
        if !isDateOnly {
            text += "T"
            for (value, unit) in [(hours, "H"), (minutes, "M"), (seconds, "S")] where value != 0 {
                text += "\(value)\(unit)"
            }
        }
        return text == "P" ? "P0D" : text
    }

    /// The duration as people say it: "12 weeks", "3 months", "30 seconds".
    public var spoken: String {
        let parts: [(Int, String)] = [(years, "year"), (months, "month"), (weeks, "week"), (days, "day"),
                                      (hours, "hour"), (minutes, "minute"), (seconds, "second")]
        let words = parts.filter { $0.0 != 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return words.isEmpty ? "0 days" : words.joined(separator: " ")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch ISODuration.parse(text) {
        case .success(let value): self = value
        case .failure(let error): throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public struct DurationSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "'\(text)' is not an ISO 8601 duration: \(reason)" }
}
