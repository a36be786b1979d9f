/// An example command laid out for `--help` and the man pages. argument-parser wraps a long line
/// wherever a space falls, even inside a quoted argument, and an example so broken cannot be
/// pasted into a shell. Here the command is broken before its options instead, with shell line
/// continuations, each line within the columns help is wrapped to; a trailing `# comment` goes
/// on a line of its own above it.
enum CommandExample {
    /// Help text is wrapped to 80 columns; a line of an example keeps inside them.
    static let width = 78

    static func laidOut(_ command: String) -> String {
        var text = command
        var comment: String?
        if let hash = text.firstRange(of: "   # ") {
            comment = "  # " + text[hash.upperBound...]
            text = String(text[..<hash.lowerBound])
        }
        // Words, a quoted argument being one; an option starts a group that its values join.
        var groups: [String] = []
        var word = "", quoted = false
        for character in text + " " {
            if character == "\"" { quoted.toggle() }
            guard character == " ", !quoted else {
                word.append(character)
                continue
            }
            if word.isEmpty { continue }
            if groups.isEmpty || word.hasPrefix("-") { groups.append(word) } else { groups[groups.count - 1] += " " + word }
            word = ""
        }
        var lines: [String] = []
        var line = "  "
        for group in groups {
            if line.trimmingLeadingSpaces.isEmpty {
                line += group
            } else if line.count + 1 + group.count + 2 > width {
                lines.append(line + " \\")
                line = "    " + group
            } else {
                line += " " + group
            }
        }
        lines.append(line)
        return ((comment.map { [$0] } ?? []) + lines).joined(separator: "\n")
    }
}

private extension String {
    var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
