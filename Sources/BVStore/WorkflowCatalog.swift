public import BVCore
public import BVWorkflowFile
import Foundation
import Synchronization

/// A workflow definition with the text it was read from, so a store can keep the exact text
/// every review runs under.
public struct LoadedWorkflow: Sendable {
    public let definition: WorkflowDefinition
    public let source: String
    public let file: String

    public init(definition: WorkflowDefinition, source: String, file: String) {
        (self.definition, self.source, self.file) = (definition, source, file)
    }

    /// `file:line:column` of the file's top-level `version:` key (line 1 when it has none), where
    /// a problem with its version is reported.
    public var versionLocation: String {
        let line = source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("version:") }.map { $0 + 1 } ?? 1
        return "\(file):\(line):1"
    }

    /// Reads and checks a workflow file.
    public static func load(path: String) -> Result<LoadedWorkflow, WorkflowFileError> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return WorkflowLoader.load(path: path).map { LoadedWorkflow(definition: $0, source: "", file: path) }
        }
        return WorkflowLoader.parse(yaml: text, file: path).map { LoadedWorkflow(definition: $0, source: text, file: path) }
    }
}

/// The workflows a store can run: the current version of each id for new reviews, and an engine
/// for every definition (by content hash) that any review was started under.
final class WorkflowCatalog: Sendable {
    private struct Contents {
        var current: [String: LoadedWorkflow] = [:]
        var engines: [String: ReviewEngine] = [:]
    }

    private let contents = Mutex(Contents())
    let holidays: BankHolidays

    init(workflows: [LoadedWorkflow], holidays: BankHolidays) {
        self.holidays = holidays
        replaceCurrent(workflows)
    }

    /// New reviews use these from now on; running reviews keep the definition they started with.
    func replaceCurrent(_ workflows: [LoadedWorkflow]) {
        contents.withLock { contents in
            contents.current = Dictionary(workflows.map { ($0.definition.id, $0) }, uniquingKeysWith: { a, b in
                a.definition.version >= b.definition.version ? a : b
            })
            for workflow in workflows { contents.engines[workflow.definition.contentHash] = engine(workflow.definition) }
        }
    }

    func current(_ id: String) -> LoadedWorkflow? { contents.withLock { $0.current[id] } }
    var currentIDs: [String] { contents.withLock { $0.current.keys.sorted() } }

    /// The engine for a definition hash; `source` is consulted (and parsed) only when it is not cached.
    func engine(hash: String, source: () throws -> (text: String, file: String)?) throws -> ReviewEngine {
        if let cached = contents.withLock({ $0.engines[hash] }) { return cached }
        guard let (text, file) = try source() else { throw StoreError.corrupt("no workflow text with hash \(hash)") }
        switch WorkflowLoader.parse(yaml: text, file: file) {
        case .success(let definition):
            let made = engine(definition)
            contents.withLock { $0.engines[hash] = made }
            return made
        case .failure(let error):
            throw StoreError.corrupt("the stored workflow \(hash) no longer parses: \(error)")
        }
    }

    private func engine(_ definition: WorkflowDefinition) -> ReviewEngine {
        ReviewEngine(workflow: definition, calendar: TimetableCalendar(division: definition.division, holidays: holidays))
    }
}
