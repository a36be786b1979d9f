/// Trimming and padding as bvctl did them with Foundation's `trimmingCharacters(in:)` and
/// `padding(toLength:withPad:startingAt:)`, without Foundation.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation's `.whitespaces`).
    var trimmingSpaces: String { trimming(TextTrimming.isSpace) }

    /// Without leading and trailing white space and line breaks (Foundation's `.whitespacesAndNewlines`).
    var trimmingWhitespace: String { trimming { TextTrimming.isSpace($0) || TextTrimming.isNewline($0) } }

    private func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, drop(scalars[start]) { start = scalars.index(after: start) }
        while end > start, drop(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// Padded with spaces to `width` characters (never cut).
    func padded(to width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}

/// Foundation's character sets for trimming, as CoreFoundation defines them.
enum TextTrimming {
    /// `CharacterSet.whitespaces`: tab, space, no-break space, Ogham space mark, U+2000 to U+200B
    /// (the zero-width space included), narrow no-break space, medium mathematical space and
    /// ideographic space.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `CharacterSet.newlines`: U+000A to U+000D, next line, line and paragraph separators.
    static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
