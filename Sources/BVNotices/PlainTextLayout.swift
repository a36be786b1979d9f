/// Lays out rendered plain text for mail readers: lines of at most 78 characters where a space
/// allows, continuation lines keeping the indentation of the line they continue, and at most one
/// blank line in a row (sections that render nothing leave gaps).
enum PlainTextLayout {
    static let width = 78

    static func layout(_ text: String) -> String {
        var lines: [String] = []
        for line in text.replacingLineBreaks().split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.lastIndex { $0 != " " && $0 != "\t" }.map { String(line[...$0]) } ?? ""
            if trimmed.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines += wrap(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line broken at spaces; a word longer than the width stays whole. Lengths are kept as
    /// counts alongside the strings: `String.count` walks the whole string each time.
    static func wrap(_ line: String) -> [String] {
        guard line.utf8.count > width, line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        // A list item's continuation lines align with the item's text.
        let hanging = line.dropFirst(indent.count).hasPrefix("- ") || line.dropFirst(indent.count).hasPrefix("* ")
            ? indent + "  " : indent
        var result: [String] = []
        var current = indent
        var currentCount = indent.count
        for word in line.dropFirst(indent.count).split(separator: " ") {
            let leadCount = result.isEmpty ? indent.count : hanging.count
            let wordCount = word.count
            if currentCount > leadCount, currentCount + 1 + wordCount > width {
                result.append(current)
                current = hanging + word
                currentCount = hanging.count + wordCount
            } else {
                if currentCount > leadCount {
                    current += " "
                    currentCount += 1
                }
                current += word
                currentCount += wordCount
            }
        }
        result.append(current)
        return result
    }

    /// The subject as one line: every run of whitespace, line breaks included, becomes one space.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension String {
    /// CRLF and CR become LF.
    func replacingLineBreaks() -> String {
        if !utf8.contains(UInt8(ascii: "\r")) { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                out.unicodeScalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
