import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log back into the database file mostly on a connection and a thread of
/// its own, so that no command's commit waits while thousands of pages are copied.
///
/// SQLite's own checkpoint runs inside the commit that finds the log over its threshold: that
/// command, and every command queued behind it, waits while the pages are copied and the database
/// file is flushed. Here, once the log holds `pages` pages, a passive checkpoint on another
/// connection copies them beside the writer (it takes no write lock), on the core the writer is not
/// using. It cannot finish the job alone: the writer goes on adding pages, and the log starts again
/// from its beginning only when a write finds every page copied. So the commit after that pass
/// copies the few pages written meanwhile itself (as SQLite's own checkpoint would, but a
/// fraction of the pages), and the next write starts the log again. Should many pages have been
/// written meanwhile, another pass is asked for instead; but once the log holds twice `pages`
/// (passes are not keeping up: a slow disk, NORMAL's unflushed commits) the commit checkpoints
/// itself, so that the log never grows without bound.
final class LogCheckpointer: Sendable {
    let connection: DatabaseQueue
    private let pages: Int32
    private let progress = Mutex(Progress())
    private struct Progress {
        /// A pass is queued or under way.
        var asked = false
        /// The log's pages copied by the last pass, once it is done (until the log starts again).
        var copied: Int32?
        var closed = false
    }

    init(path: String, pages: Int) throws {
        var configuration = Configuration()
        configuration.label = "bvd-checkpointer"
        configuration.busyMode = .timeout(5)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.pages = Int32(pages)
    }

    /// Installs the log hook on the writer connection, in place of SQLite's automatic checkpoint.
    /// The hook holds this checkpointer until `unwatch` (a store never closed keeps it for good).
    func watch(_ writer: Database) {
        sqlite3_wal_hook(writer.sqliteConnection, { context, connection, _, logPages in
            Unmanaged<LogCheckpointer>.fromOpaque(context!).takeUnretainedValue().committed(logPages: logPages, writer: connection)
            return SQLITE_OK
        }, Unmanaged.passRetained(self).toOpaque())
    }

    /// Removes the hook; the writer connection then checkpoints nothing by itself.
    func unwatch(_ writer: Database) {
        sqlite3_wal_hook(writer.sqliteConnection, nil, nil)
        Unmanaged.passUnretained(self).release()
    }

    /// Called by the writer connection after each commit, with the pages the log now holds.
    private func committed(logPages: Int32, writer: OpaquePointer?) {
        enum Step { case none, finish, pass }
        let step: Step = progress.withLock { progress in
            guard logPages >= pages, !progress.closed else {
                progress.copied = nil
                return .none
            }
            if logPages >= 2 * pages {
                progress.copied = nil
                return .finish
            }
            // A pass that finished after the log started again counted pages of the old log.
            if let copied = progress.copied, copied <= logPages {
                progress.copied = nil
                if logPages - copied <= pages / 4 { return .finish }
            }
            if progress.asked { return .none }
            progress.asked = true
            return .pass
        }
        switch step {
        case .none:
            break
        case .finish:
            // On the writer connection, inside this commit, as SQLite's own checkpoint runs.
            sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        case .pass:
            connection.asyncWriteWithoutTransaction { [self] db in
                // A busy or failed pass is asked for again by a later commit; meanwhile the log grows.
                let copied = try? db.checkpoint(.passive).checkpointedFrameCount
                progress.withLock { progress in
                    progress.asked = false
                    progress.copied = copied.map(Int32.init)
                }
            }
        }
    }

    /// Waits for a pass under way and closes the connection.
    func close() throws {
        progress.withLock { $0.closed = true }
        try connection.close()
    }
}
