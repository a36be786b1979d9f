import ArgumentParser
import BVCore
import BVWorkflowFile

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Check and show workflow definitions (offline).",
        subcommands: [WorkflowCheck.self, WorkflowShow.self]
    )
}

struct WorkflowCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check workflow files and print every problem as file:line:column: message.",
        discussion: "Exits 1 if any file has a problem. Example: bvctl workflow check workflows/*.yaml")

    @Argument(help: "Workflow files (YAML).") var files: [String]
    @Flag(help: "Print JSON instead of text.") var json = false

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

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one workflow file") }
    }

    func run() throws {
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
        if problems > 0 {
            throw BVCtlFailure(.error, "\(problems) problem\(problems == 1 ? "" : "s") in \(reports.filter { !$0.ok }.count) of \(reports.count) file\(reports.count == 1 ? "" : "s")")
        }
    }
}
