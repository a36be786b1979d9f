public import BVCore
import Foundation
package import Yams

/// Reads workflow definitions from YAML, refusing any file it does not wholly understand.
public enum WorkflowLoader {
    /// Parses `yaml`; `file` names it in problems. Every problem is reported, not just the first.
    public static func parse(yaml: String, file: String) -> Result<WorkflowDefinition, WorkflowFileError> {
        let log = ProblemLog(file: file)
        guard let root = compose(yaml, log: log, emptyMessage: "the file is empty; a workflow needs at least id, version, title and phases") else {
            return .failure(WorkflowFileError(problems: log.problems))
        }
        var reader = DefinitionReader(log: log)
        let definition = reader.read(root, contentHash: SHA256.hex(yaml))
        if let definition, log.problems.isEmpty { return .success(definition) }
        return .failure(WorkflowFileError(problems: log.problems))
    }

    /// Parses YAML into nodes that remember their line and column; problems go to `log`.
    package static func compose(_ yaml: String, log: ProblemLog, emptyMessage: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                log.report(nil, emptyMessage)
                return nil
            }
            return root
        } catch let error as YamlError {
            log.report(error.mark, error.isDuplicateKey ? error.problem : "not valid YAML: \(error.problem)")
        } catch {
            log.report(nil, "not valid YAML: \(error)")
        }
        return nil
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) -> Result<WorkflowDefinition, WorkflowFileError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(WorkflowFileError(problems: [
                WorkflowProblem(file: path, line: 1, column: 1, message: "cannot read the file (does it exist, and may bvd read it?)"),
            ]))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(WorkflowFileError(problems: [
                WorkflowProblem(file: path, line: 1, column: 1, message: "the file is not UTF-8 text"),
            ]))
        }
        return parse(yaml: text, file: path)
    }
}

extension YamlError {
    var isDuplicateKey: Bool { if case .duplicatedKeysInMapping = self { true } else { false } }

    var mark: Mark? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
        case .duplicatedKeysInMapping(_, let context): context.mark
        default: nil
        }
    }

    var problem: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            [context.map { "\($0.text)" }, problem].compactMap { $0 }.joined(separator: ": ")
        case .duplicatedKeysInMapping(let duplicates, _):
            // Yams marks the first occurrence of the first key it lists, not the start of the mapping.
            duplicates.count == 1
                ? "duplicate key '\(duplicates[0])': it is written here and again later in the same mapping; a key may appear once"
                : "duplicate keys \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in the same mapping ('\(duplicates[0])' is first written here); a key may appear once"
        case .reader(let problem, _, _, _): problem
        default: "the text cannot be read as YAML"
        }
    }
}
