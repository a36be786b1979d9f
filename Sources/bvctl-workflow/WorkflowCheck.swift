import BVWorkflowFile
import Foundation

/// `bvctl workflow check`: every problem of every file as `file:line:column: message`, or JSON.
enum WorkflowCheck {
    struct Report: Encodable {
        let file: String
        let ok: Bool
        let workflow: String?
        let version: Int?
        let sha256: String?
        let problems: [Problem]
    }

    struct Problem: Encodable {
        let line: Int
        let column: Int
        let message: String
    }

    /// Prints the reports and returns bvctl's exit status: 1 when any file has a problem.
    static func run(files: [String], json: Bool) throws -> Int32 {
        var reports: [Report] = []
        for file in files {
            switch WorkflowLoader.load(path: file) {
            case .success(let definition):
                reports.append(Report(file: file, ok: true, workflow: definition.id, version: definition.version,
                                      sha256: definition.contentHash, problems: []))
            case .failure(let error):
                reports.append(Report(file: file, ok: false, workflow: nil, version: nil, sha256: nil,
                                      problems: error.problems.map { Problem(line: $0.line, column: $0.column, message: $0.message) }))
            }
        }
        if json {
            try printJSON(reports)
        } else {
            for report in reports {
                if report.ok {
                    print("\(report.file): ok (\(report.workflow!) version \(report.version!), sha256 \(report.sha256!.prefix(12)))")
                } else {
                    for problem in report.problems { printError("\(report.file):\(problem.line):\(problem.column): \(problem.message)") }
                }
            }
        }
        let problems = reports.reduce(0) { $0 + $1.problems.count }
        guard problems == 0 else {
            printError("bvctl: \(problems) problem\(problems == 1 ? "" : "s") in \(reports.filter { !$0.ok }.count) of \(reports.count) file\(reports.count == 1 ? "" : "s")")
            return 1
        }
        return 0
    }
}

/// `bvctl workflow show`: the workflow for people, or its problems.
enum WorkflowShow {
    static func run(file: String) -> Int32 {
        switch WorkflowLoader.load(path: file) {
        case .failure(let error):
            for problem in error.problems { printError(problem.description) }
            printError("bvctl: \(file) has \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")")
            return 1
        case .success(let workflow):
            print(WorkflowText(workflow).render())
            return 0
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Pretty JSON with sorted keys, as bvctl prints it.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
