import BVCore
import BVWorkflowFile
import Testing

/// The name the tests give the text they load; every problem must carry it.
let testFileName = "test.yaml"

/// Every problem the loader reports for `yaml` (empty when it loads).
func problems(in yaml: String) -> [WorkflowProblem] {
    switch WorkflowLoader.parse(yaml: yaml, file: testFileName) {
    case .success: []
    case .failure(let error): error.problems
    }
}

/// The definition, or nil with an issue listing the problems.
func loaded(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> WorkflowDefinition? {
    switch WorkflowLoader.parse(yaml: yaml, file: testFileName) {
    case .success(let definition): return definition
    case .failure(let error):
        Issue.record("expected the text to load, but got:\n\(error)", sourceLocation: sourceLocation)
        return nil
    }
}

func listing(_ problems: [WorkflowProblem]) -> String {
    problems.isEmpty ? "(no problems)" : problems.map(\.description).joined(separator: "\n")
}

/// Expects one of `problems` to be at exactly `line`:`column` with a message containing every fragment.
@discardableResult
func expectProblem(
    _ problems: [WorkflowProblem], at line: Int, _ column: Int, _ fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) -> WorkflowProblem? {
    let match = problems.first { problem in
        problem.line == line && problem.column == column && fragments.allSatisfy { problem.message.contains($0) }
    }
    if let match {
        #expect(match.file == testFileName, sourceLocation: sourceLocation)
    } else {
        Issue.record(
            "no problem at \(line):\(column) containing \(fragments); the problems were:\n\(listing(problems))",
            sourceLocation: sourceLocation)
    }
    return match
}

/// Expects `yaml` to have exactly one problem, at `line`:`column`, containing every fragment.
@discardableResult
func expectOnlyProblem(
    _ yaml: String, at line: Int, _ column: Int, _ fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) -> WorkflowProblem? {
    let found = problems(in: yaml)
    #expect(found.count == 1, "expected exactly one problem, got:\n\(listing(found))", sourceLocation: sourceLocation)
    let match = found.first { problem in
        problem.line == line && problem.column == column && fragments.allSatisfy { problem.message.contains($0) }
    }
    if match == nil {
        Issue.record(
            "no problem at \(line):\(column) containing \(fragments); the problems were:\n\(listing(found))",
            sourceLocation: sourceLocation)
    }
    return match
}
