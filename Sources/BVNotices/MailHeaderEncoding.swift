import BVCore
import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: ASCII only (other text as UTF-8
/// encoded-words), folded so that no line exceeds 78 characters where a space allows.
enum MailHeaderEncoding {
    static let lineLimit = 78
    /// The longest encoded-word we write: `Subject: ` and one word still fit in 78.
    static let encodedWordLimit = 66

    /// `Name: value` for unstructured text (Subject, X-…), folded, ending with CRLF.
    static func unstructured(_ name: String, _ value: String) -> String {
        let clean = sanitized(value)
        let words: [String]
        if needsEncoding(clean) {
            words = encodedWords(clean)
        } else {
            words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        return fold(name: name, words: words)
    }

    /// `Name: Display Name <address>`, the display name quoted or encoded as needed.
    static func mailbox(_ name: String, _ address: MailAddress) -> String {
        guard let display = address.name.map(sanitized), !display.isEmpty else { return "\(name): \(address.address)\r\n" }
        let words: [String]
        if needsEncoding(display) {
            words = encodedWords(display)
        } else if display.allSatisfy({ $0 == " " || isAtext($0) }) {
            words = display.split(separator: " ").map(String.init)
        } else {
            let escaped = display.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            words = ["\"\(escaped)\""]
        }
        return fold(name: name, words: words + ["<\(address.address)>"])
    }

    /// Joins words with single spaces, breaking the line before a word that would pass 78 characters.
    static func fold(name: String, words: [String]) -> String {
        var out = "\(name):"
        var lineLength = out.count
        for word in words {
            if lineLength + 1 + word.count > lineLimit, lineLength > name.count + 1 {
                out += "\r\n"
                lineLength = 0
            }
            out += " " + word
            lineLength += 1 + word.count
        }
        return out + "\r\n"
    }

    /// Non-ASCII text, text that looks like an encoded-word, or a word too long to fold.
    static func needsEncoding(_ text: String) -> Bool {
        text.unicodeScalars.contains { !$0.isASCII } || text.contains("=?")
            || text.split(separator: " ").contains { $0.count > lineLimit - 12 }
    }

    /// The text as `=?UTF-8?B?…?=` words of at most 66 characters, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        let maximumBytes = (encodedWordLimit - "=?UTF-8?B??=".count) / 4 * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
            chunk = []
        }
        for character in text {
            let units = character.unicodeScalars.count > 1 && character.utf8.count > maximumBytes
                ? character.unicodeScalars.map { Array(String($0).utf8) } : [Array(character.utf8)]
            for bytes in units {
                if chunk.count + bytes.count > maximumBytes { flush() }
                chunk += bytes
            }
        }
        flush()
        return words
    }

    /// Control characters (line breaks included) become spaces: a header value is one logical line.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : $0 }))
    }

    static func isAtext(_ character: Character) -> Bool {
        guard character.isASCII, let value = character.asciiValue else { return false }
        return character.isLetter || character.isNumber || "!#$%&'*+-/=?^_`{|}~".utf8.contains(value)
    }

    /// RFC 5322 date-time, e.g. `Tue, 01 Dec 2026 09:00:00 +0000`, in the given zone's offset.
    static func date(_ instant: Instant, in zone: Zone) -> String {
        let local = zone.localDateTime(of: instant)
        let weekday = String(local.date.weekday.name.prefix(3))
        let month = String(CivilDate.monthNames[local.date.month - 1].prefix(3))
        return "\(weekday), \(two(local.date.day)) \(month) \(local.date.year) \(two(local.time.hour)):\(two(local.time.minute)):"
            + "\(two(local.time.second)) \(ICalendarText.offset(zone.offset(at: instant)))"
    }

    /// A notice id as the left part of a Message-ID (RFC 5322 `dot-atom-text`), so that a receiver
    /// finds the notice id there: kept as it is where it can be, as `bvd-12.mary.mail` always
    /// can; characters outside `atext`, `=` itself, and a dot that begins or ends the id or
    /// stands beside another dot as `=XX`.
    static func messageIDLocalPart(_ id: String) -> String {
        let bytes = Array(id.utf8)
        let dot = UInt8(ascii: ".")
        var out = ""
        for (index, byte) in bytes.enumerated() {
            let kept = if byte == dot {
                index > 0 && index < bytes.count - 1 && bytes[index - 1] != dot && bytes[index + 1] != dot
            } else {
                byte < 0x80 && byte != UInt8(ascii: "=") && isAtext(Character(UnicodeScalar(byte)))
            }
            out += kept ? String(Character(UnicodeScalar(byte))) : "=" + String(byte, radix: 16, uppercase: true).leftPadded(2)
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
