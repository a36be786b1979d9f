/// One thing wrong with a notice template, where an administrator can find it.
public struct TemplateProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the problem is about the file as a whole (it is missing, or unreadable).
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        (self.file, self.line, self.column, self.message) = (file, line, column, message)
    }

    /// `file:line:column: message`, as compilers write it, so editors can jump to it.
    public var description: String { line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)" }
}

/// The templates could not be loaded: every problem found, not just the first.
public struct NoticeTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public let problems: [TemplateProblem]

    public init(problems: [TemplateProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "notice templates have \(count):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
