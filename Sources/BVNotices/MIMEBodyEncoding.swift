import Foundation

/// Content transfer encodings (RFC 2045) that keep every body line within 76 characters, so a
/// message passes any mail server however long its lines of text.
enum MIMEBodyEncoding {
    static let lineLimit = 76

    /// Quoted-printable (§6.7) of UTF-8 text: line breaks as CRLF, soft breaks (`=`) before 76
    /// characters, never splitting an `=XX`. A line starting with "." or "From " is escaped too,
    /// so that neither SMTP nor mbox can alter it.
    static func quotedPrintable(_ text: String) -> String {
        var lines: [String] = []
        for line in text.replacingLineBreaks().split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var tokens: [String] = []
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
                let guarded = index == 0 && (byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && line.hasPrefix("From ")))
                tokens.append(literal && !guarded ? String(UnicodeScalar(byte)) : "=" + String(byte, radix: 16, uppercase: true).leftPadded(2))
            }
            var current = ""
            for token in tokens {
                if current.count + token.count > lineLimit - 1 {
                    lines.append(current + "=")
                    current = ""
                }
                current += token
            }
            lines.append(current)
        }
        return lines.joined(separator: "\r\n")
    }

    /// Base64 (§6.8) in lines of 76 characters, CRLF between them.
    static func base64(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}
