public import BVCore

/// Writes iCalendar content lines (RFC 5545 §3.1): values escaped, lines folded at 75 octets
/// without splitting a UTF-8 sequence, CRLF line endings.
public struct ICalendarText: Sendable {
    public private(set) var content = ""

    public init() {}

    /// Appends `NAME;PARAM=…:value`, folded. `value` must already be escaped if it is TEXT.
    public mutating func line(_ name: String, _ value: String, parameters: [(String, String)] = []) {
        let parameterText = parameters.isEmpty ? "" : parameters.map { ";\($0.0)=\(ICalendarText.parameterValue($0.1))" }.joined()
        content += ICalendarText.fold(name + parameterText + ":" + value)
    }

    /// Appends a TEXT property, escaped.
    public mutating func text(_ name: String, _ value: String, parameters: [(String, String)] = []) {
        line(name, ICalendarText.escape(value), parameters: parameters)
    }

    /// TEXT escaping (§3.3.11): backslash, semicolon and comma escaped, line breaks as `\n`.
    public static func escape(_ value: String) -> String {
        // Plain printable ASCII without `\`, `;` or `,` (most titles and places) is its own escape.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") }) {
            return value
        }
        var out = ""
        for scalar in value.replacingLineBreaks().unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value (§3.2): quoted when it holds `:`, `;` or `,`; a double quote cannot appear, so it becomes `'`.
    static func parameterValue(_ value: String) -> String {
        let clean = String(value.unicodeScalars.map { $0 == "\"" ? "'" : $0.value < 0x20 ? " " : Character($0) })
        return clean.contains(where: { ":;,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// One content line folded (§3.1): no line longer than 75 octets, continuation lines start with a space.
    public static func fold(_ line: String) -> String {
        if line.utf8.count <= 75 { return line + "\r\n" }
        var out = ""
        var length = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if length + size > 75 {
                out += "\r\n "
                length = 1
            }
            out.unicodeScalars.append(scalar)
            length += size
        }
        return out + "\r\n"
    }

    /// `20261201T140000Z`.
    public static func utc(_ instant: Instant) -> String {
        Zone.utc.localDateTime(of: instant).compact + "Z"
    }

    /// `20261201T140000`, the wall-clock time in `zone`.
    public static func local(_ instant: Instant, in zone: Zone) -> String {
        zone.localDateTime(of: instant).compact
    }

    /// `+0100`, `-0500`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + two(minutes / 60) + two(minutes % 60)
    }
}

func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

extension LocalDateTime {
    /// The basic ISO 8601 form iCalendar uses: `20261201T140000`.
    var compact: String {
        let year = String(date.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(date.month) + two(date.day)
            + "T" + two(time.hour) + two(time.minute) + two(time.second)
    }
}
