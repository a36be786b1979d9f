/// An example command laid out for `--help` and the man pages. argument-parser wraps a long line
/// wherever a space falls, even inside a quoted argument, and an example so broken cannot be
/// pasted into a shell. Here the command is broken before its options instead, with shell line
/// continuations, each line within the columns help is wrapped to; a trailing `# comment` goes
/// on a line of its own above it.
enum CommandExample {
    /// Help text is wrapped to 80 columns (a line of 80 is already broken); an example's lines
    /// keep within this many.
    static let width = 78

    static func laidOut(_ command: String) -> String {
        let (words, comment) = split(command)
        // An option starts a group that its values join; the command and its arguments are the first.
        var groups: [String] = []
        for word in words {
            if groups.isEmpty || word.hasPrefix("-") { groups.append(word) } else { groups[groups.count - 1] += " " + word }
        }
        var lines: [String] = []
        var line = ""
        for group in groups {
            if line.isEmpty {
                line = "  " + group
            } else if line.count + 1 + group.count + 2 > width {
                lines.append(line + " \\")
                line = "    " + group
            } else {
                line += " " + group
            }
        }
        lines.append(line)
        return ((comment.map { ["  # " + $0] } ?? []) + lines).joined(separator: "\n")
    }

    /// The shell words of `command`, a quoted argument ('…' or "…", with \" inside) being one,
    /// and the text of a comment (an unquoted `#` that begins a word).
    static func split(_ command: String) -> (words: [String], comment: String?) {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var escaped = false
        var rest = Substring(command)
        while let character = rest.popFirst() {
            if escaped {
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", word.isEmpty {
                return (words, String(rest.drop { $0 == " " }))
            } else if character == " " {
                if !word.isEmpty { words.append(word) }
                word = ""
                continue
            }
            word.append(character)
        }
        if !word.isEmpty { words.append(word) }
        return (words, nil)
    }
}
