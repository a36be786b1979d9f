public import BVCore
import Foundation
import GRDB

/// The first line of an exported review: what it is and the exact workflow text it runs under.
struct ArchiveHeader: Codable {
    var format = "bvd-review-archive"
    var version = 1
    let review: String
    let workflow: ArchivedWorkflow
}

struct ArchivedWorkflow: Codable {
    let hash: String
    let id: String
    let version: Int
    let source: String
    let file: String
}

extension SQLiteReviewStore {
    /// The review as JSON Lines: a header with its workflow, then one event per line.
    public func export(review: String) async throws -> String {
        try await pool.read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [review]),
                  let workflow = try Row.fetchOne(db, sql: "SELECT * FROM workflow WHERE hash = ?", arguments: [hash])
            else { throw StoreError.corrupt("no review '\(review)'") }
            let header = ArchiveHeader(review: review, workflow: ArchivedWorkflow(
                hash: hash, id: workflow["id"], version: workflow["version"], source: workflow["source"], file: workflow["file"]))
            var lines = [String(decoding: try EventLog.encoder.encode(header), as: UTF8.self)]
            for stored in try EventLog.events(review: review, db) {
                lines.append(String(decoding: try EventLog.encoder.encode(stored.event), as: UTF8.self))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Appends an exported review to this store's log (new links in this chain), with its
    /// projections and timers. The whole import is one transaction.
    public func importReview(jsonLines: String, now: Instant) async throws -> String {
        let lines = jsonLines.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first, let header = try? JSONDecoder().decode(ArchiveHeader.self, from: Data(first.utf8)),
              header.format == "bvd-review-archive"
        else { throw StoreError.invalidArchive(line: 1, reason: "not a bvd review archive (no header)") }
        var events: [ReviewEvent] = []
        for (index, line) in lines.dropFirst().enumerated() {
            guard let event = try? JSONDecoder().decode(ReviewEvent.self, from: Data(line.utf8)) else {
                throw StoreError.invalidArchive(line: index + 2, reason: "not an event")
            }
            guard event.review == header.review else {
                throw StoreError.invalidArchive(line: index + 2, reason: "event of review '\(event.review)', not '\(header.review)'")
            }
            events.append(event)
        }
        guard let state = ReviewState.fold(events) else { throw StoreError.invalidArchive(line: 2, reason: "the first event must start the review") }
        let archived = events
        guard SHA256.hex(header.workflow.source) == header.workflow.hash else {
            throw StoreError.invalidArchive(line: 1, reason: "the workflow text does not match its hash")
        }
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review WHERE id = ?)", arguments: [header.review]) == true {
                throw StoreError.invalidArchive(line: 1, reason: "review '\(header.review)' already exists here")
            }
            let w = header.workflow
            try db.execute(sql: "INSERT OR IGNORE INTO workflow (hash, id, version, source, file) VALUES (?, ?, ?, ?, ?)",
                           arguments: [w.hash, w.id, w.version, w.source, w.file])
            let engine = try self.engine(hash: w.hash, db)
            var link = try EventLog.lastLink(db)
            let stored = try EventLog.append(archived, after: &link, db)
            try self.writeProjections(state, previous: nil, workflowHash: w.hash, lastSequence: stored.last!.sequence, db)
            try TimerTable.replan(review: state.id, planned: engine.plannedNotices(state: state), now: now, db)
        }
        changes.bump([header.review])
        return header.review
    }
}
