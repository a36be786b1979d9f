@testable import BVStore
import GRDB

/// A database at an older schema holding what today's store wrote, as a bvd of that version would
/// have kept it: the log, timers and outbox as they are, the review rows with the columns v1 made,
/// and the projection tables named (those the older schema had).
enum OlderDatabase {
    static func make(at path: String, upTo migration: String, from source: String, projections: Set<String>,
                     then finish: (Database) throws -> Void = { _ in }) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: migration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
            try db.inTransaction {
                for table in ["workflow", "event", "timer", "outbox"] {
                    try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM source.\(table)")
                }
                try db.execute(sql: """
                    INSERT INTO main.review (id, title, service, lead, phase, workflow_hash, plan_year, created, closed, event_count, last_seq, state, snapshot_seq)
                    SELECT id, title, service, lead, phase, workflow_hash, plan_year, created, closed,
                           (SELECT COUNT(*) FROM source.event e WHERE e.review = r.id), (SELECT MAX(seq) FROM source.event e WHERE e.review = r.id),
                           state, snapshot_seq
                    FROM source.review r
                    """)
                // Rows of several reviews interleaved, as commands to several reviews leave them.
                for projection in Projection.tables where projections.contains(projection.name) {
                    let columns = projection.columns.joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO main.\(projection.name) SELECT review, \(columns) FROM source.\(projection.name) ORDER BY position, review")
                }
                try finish(db)
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE source")
        }
        try queue.close()
    }
}
