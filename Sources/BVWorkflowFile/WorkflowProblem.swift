/// One thing wrong with a workflow file, with where it is.
public struct WorkflowProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        (self.file, self.line, self.column, self.message) = (file, line, column, message)
    }

    /// `file:line:column: message`, the form compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A workflow file that bvd will not accept, with every problem found in it.
public struct WorkflowFileError: Error, Sendable, CustomStringConvertible {
    public let problems: [WorkflowProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
