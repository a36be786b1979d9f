@testable import BVStore
import Foundation
import GRDB

/// A database at an older schema holding what today's store wrote, as a bvd of that version would
/// have kept it: the log, timers and outbox as they are (in the columns that schema has), the review rows likewise,
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
                    // The columns the older table has (v9 added one to the outbox).
                    let columns = try olderColumns(table, db).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM source.\(table)")
                }
                // The review row's columns as the older schema has them (v7 dropped two that v1 made).
                let derived = ["event_count": "(SELECT COUNT(*) FROM source.event e WHERE e.review = r.id)",
                               "last_seq": "(SELECT MAX(seq) FROM source.event e WHERE e.review = r.id)"]
                let reviewColumns = try olderColumns("review", db)
                try db.execute(sql: """
                    INSERT INTO main.review (\(reviewColumns.joined(separator: ", ")))
                    SELECT \(reviewColumns.map { derived[$0] ?? $0 }.joined(separator: ", ")) FROM source.review r
                    """)
                // Rows of several reviews interleaved, as commands to several reviews leave them.
                for projection in Projection.tables where projections.contains(projection.name) {
                    let columns = try olderColumns(projection.name, db).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO main.\(projection.name) (\(columns)) SELECT \(columns) FROM source.\(projection.name) ORDER BY position, review")
                }
                try finish(db)
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE source")
        }
        try queue.close()
    }

    private static func olderColumns(_ table: String, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table])
    }

    /// What `source` (closed here) holds, in a database at `migration` with every projection table,
    /// opened by today's store: an upgrade as bvd meets it.
    static func upgraded(from source: TemporaryStore, at migration: String) throws -> UpgradedStore {
        try source.store.close()
        let directory = try StoreFixture.temporaryDirectory()
        let path = directory.appendingPathComponent("older.sqlite").path
        try make(at: path, upTo: migration, from: source.path, projections: Set(Projection.tables.map(\.name)))
        return UpgradedStore(directory: directory, store: try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow]))
    }
}

/// A store opened on an older database, removed with its directory when let go.
final class UpgradedStore: Sendable {
    let directory: URL
    let store: SQLiteReviewStore

    init(directory: URL, store: SQLiteReviewStore) { (self.directory, self.store) = (directory, store) }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
