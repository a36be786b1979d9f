public import BVCore
public import BVStore
import BVWorkflowFile
import Foundation

/// The workflows and calendars bvd runs with, read from the configured places. Reading again
/// (SIGHUP) either yields a complete new set or the problems, never half of one.
public struct WorkflowLibrary: Sendable {
    public let workflows: [LoadedWorkflow]
    public let holidays: BankHolidays

    /// Every problem found, each with its file, line and column.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public let lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    public static func load(_ configuration: DaemonConfiguration) -> Result<WorkflowLibrary, Problems> {
        var problems: [String] = []
        var byID: [String: LoadedWorkflow] = [:]
        for directory in configuration.workflowDirectories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = (directory as NSString).appendingPathComponent(name)
                switch LoadedWorkflow.load(path: path) {
                case .success(let workflow):
                    let id = workflow.definition.id
                    if let existing = byID[id], existing.definition.version >= workflow.definition.version {
                        // Which of two texts of one version ran would depend on the files' names.
                        if existing.definition.version == workflow.definition.version, existing.definition.contentHash != workflow.definition.contentHash {
                            problems.append("\(workflow.versionLocation): workflow '\(id)' version \(workflow.definition.version) is also defined, "
                                            + "with other text, by \(existing.file); give the newer text a higher version")
                        }
                        continue
                    }
                    byID[id] = workflow
                case .failure(let error):
                    problems += error.problems.map(\.description)
                }
            }
        }
        if byID.isEmpty, problems.isEmpty {
            problems.append("no workflow definitions found in \(configuration.workflowDirectories.joined(separator: ", "))")
        }
        var holidays = BankHolidays.bundled
        for path in configuration.calendarFiles {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (\(error.localizedDescription))" : "there is no such file"
                problems.append("\(path):1:1: cannot read the calendar file named in calendar-files: \(reason)")
                continue
            }
            do {
                holidays = holidays.overlaid(with: try BankHolidays(govUKJSON: [UInt8](data), source: path))
            } catch {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty else { return .failure(Problems(lines: problems)) }
        return .success(WorkflowLibrary(workflows: byID.values.sorted { $0.definition.id < $1.definition.id }, holidays: holidays))
    }
}
