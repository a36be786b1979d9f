/// Finds the tags of a Mustache template in its text with their line and column, so that a
/// problem found while rendering can be shown where the administrator wrote it.
struct TemplateTag: Equatable {
    /// The sigil: "" for a variable, or one of `# ^ / & { ! > < $ = %`.
    let sigil: String
    /// The name, without sigil, braces, whitespace or transforms: `meeting.start`.
    let name: String
    let line: Int
    let column: Int

    var components: [Substring] { name.split(separator: ".", omittingEmptySubsequences: false) }
}

enum TemplateTagScanner {
    /// Every `{{…}}` tag with the default delimiters. Text after a `{{=…=}}` delimiter change is not scanned.
    static func tags(in text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        var line = 1
        var column = 1
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("{{") {
                let triple = rest.hasPrefix("{{{")
                let close = triple ? "}}}" : "}}"
                guard let end = rest.range(of: close) else { break }
                var inner = rest[rest.index(rest.startIndex, offsetBy: triple ? 3 : 2)..<end.lowerBound].drop { $0 == " " }
                var sigil = triple ? "{" : ""
                if !triple, let mark = inner.first, "#^/&!><$=%".contains(mark) {
                    sigil = String(mark)
                    inner = inner.dropFirst()
                }
                if sigil == "=" { break }
                tags.append(TemplateTag(sigil: sigil, name: bareName(inner), line: line, column: column))
                let tagText = rest[rest.startIndex..<end.upperBound]
                advance(over: tagText, line: &line, column: &column)
                rest = rest[end.upperBound...]
                continue
            }
            advance(over: [first], line: &line, column: &column)
            rest = rest.dropFirst()
        }
        return tags
    }

    /// The innermost section (`{{#…}}` or `{{^…}}`) still open at the end of the text, if any.
    static func unclosedSection(in text: String) -> TemplateTag? {
        var open: [TemplateTag] = []
        for tag in tags(in: text) {
            if tag.sigil == "#" || tag.sigil == "^" { open.append(tag) } else if tag.sigil == "/" { _ = open.popLast() }
        }
        return open.last
    }

    /// Where the first `{{` with no `}}` after it is, if any.
    static func unclosed(in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        var rest = Substring(text)
        while let first = rest.first {
            if rest.hasPrefix("{{") {
                guard let end = rest.range(of: "}}") else { return (line, column) }
                advance(over: rest[rest.startIndex..<end.upperBound], line: &line, column: &column)
                rest = rest[end.upperBound...]
                continue
            }
            advance(over: [first], line: &line, column: &column)
            rest = rest.dropFirst()
        }
        return nil
    }

    /// `uppercased(meeting.title)` → `meeting.title`.
    static func bareName(_ inner: Substring) -> String {
        var name = inner.trimmingWhitespace()
        while let open = name.lastIndex(of: "(") {
            name = name[name.index(after: open)...].prefix { $0 != ")" }
        }
        return String(name)
    }

    private static func advance(over text: some Collection<Character>, line: inout Int, column: inout Int) {
        for character in text {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[first...last]
    }
}
