import GRDB

extension SQLiteReviewStore {
    /// A problem for each workflow whose id and version are kept here with other text: the text
    /// of a version that reviews ran under was edited without raising the version, so two texts
    /// would answer to one name (a review records the text's hash, but people read the version).
    public func workflowsDiffering(from workflows: [LoadedWorkflow]) throws -> [String] {
        try pool.read { db in
            try workflows.compactMap { workflow in
                let d = workflow.definition
                guard let kept = try Row.fetchOne(db, sql: "SELECT file FROM workflow WHERE id = ? AND version = ? AND hash != ? LIMIT 1",
                                                  arguments: [d.id, d.version, d.contentHash]) else { return nil }
                let file: String = kept["file"]
                return "\(workflow.versionLocation): workflow '\(d.id)' version \(d.version) differs from the text of that version that reviews "
                    + "already run under (read from \(file)); give the changed text a higher version"
            }
        }
    }
}
