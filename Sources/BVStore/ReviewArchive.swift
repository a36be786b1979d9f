public import BVCore
import Foundation
import GRDB

/// The first line of an exported review: what it is and the exact workflow text it runs under.
struct ArchiveHeader: Codable {
    var format = "bvd-review-archive"
    /// 2: the events are followed by the timers that already fired (or were missed or cancelled).
    /// 3: and then by the review's notices, delivered or not, with their attempts.
    var version = ArchiveHeader.currentVersion
    static let currentVersion = 3
    let review: String
    let workflow: ArchivedWorkflow
    /// How many event, timer and notice lines follow (from versions 2 and 3), so that a copy cut
    /// short is refused.
    var events: Int?
    var timers: Int?
    var notices: Int?
}

/// A timer that is history in the store the review leaves: the new store must not fire it again
/// (a deadline's escalation already sent, a reminder already missed). Pending timers are not
/// archived; the importing store plans them afresh.
struct ArchivedTimer: Codable {
    let timer: TimerHistory

    struct TimerHistory: Codable {
        let notice: PlannedNotice
        let state: TimerState
        let firedAt: Instant?
    }
}

struct ArchivedWorkflow: Codable {
    let hash: String
    let id: String
    let version: Int
    let source: String
    let file: String
}

extension SQLiteReviewStore {
    /// The review as JSON Lines: a header with its workflow, one event per line, then one line per
    /// timer that fired, was missed or was cancelled, then one per notice with its attempts.
    public func export(review: String) async throws -> String {
        try await pool.read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT workflow_hash FROM review WHERE id = ?", arguments: [review]),
                  let workflow = try Row.fetchOne(db, sql: "SELECT * FROM workflow WHERE hash = ?", arguments: [hash])
            else { throw StoreError.corrupt("no review '\(review)'") }
            var lines: [String] = []
            let events = try EventLog.intactEvents(review: review, db)
            for stored in events {
                lines.append(String(decoding: try EventLog.encoder.encode(stored.event), as: UTF8.self))
            }
            let timers = try Row.fetchAll(db, sql: "SELECT * FROM timer WHERE review = ? AND state != 'pending' ORDER BY due, key", arguments: [review])
            for row in timers {
                let timer = try TimerTable.decode(row)
                let line = ArchivedTimer(timer: .init(notice: timer.notice, state: timer.state, firedAt: timer.firedAt))
                lines.append(String(decoding: try EventLog.encoder.encode(line), as: UTF8.self))
            }
            let notices = try ArchivedNotice.all(review: review, db)
            for notice in notices { lines.append(String(decoding: try EventLog.encoder.encode(notice), as: UTF8.self)) }
            let header = ArchiveHeader(review: review, workflow: ArchivedWorkflow(
                hash: hash, id: workflow["id"], version: workflow["version"], source: workflow["source"], file: workflow["file"]),
                events: events.count, timers: timers.count, notices: notices.count)
            lines.insert(String(decoding: try EventLog.encoder.encode(header), as: UTF8.self), at: 0)
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Appends an exported review to this store's log (new links in this chain), with its
    /// projections, timers and notices. The whole import is one transaction.
    public func importReview(jsonLines: String, now: Instant) async throws -> String {
        // JSON Lines; a file that went through a Windows editor or mail has CRLF line ends.
        let lines = jsonLines.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .map { String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self) }
            .filter { !$0.isEmpty }
        guard let first = lines.first, let header = try? JSONDecoder().decode(ArchiveHeader.self, from: Data(first.utf8)),
              header.format == "bvd-review-archive"
        else { throw StoreError.invalidArchive(line: 1, reason: "not a bvd review archive (no header)") }
        if let problem = ReviewID.problem(header.review) { throw StoreError.invalidArchive(line: 1, reason: problem) }
        guard header.version <= ArchiveHeader.currentVersion else {
            throw StoreError.invalidArchive(line: 1, reason: "an archive of version \(header.version), written by a newer bvd; this one reads versions 1 to \(ArchiveHeader.currentVersion)")
        }
        var events: [ReviewEvent] = []
        var history: [ArchivedTimer.TimerHistory] = []
        var notices: [ArchivedNotice] = []
        var (timerKeys, noticeKeys) = (Set<String>(), Set<String>())
        for (index, line) in lines.dropFirst().enumerated() {
            if let archived = try? JSONDecoder().decode(ArchivedNotice.self, from: Data(line.utf8)) {
                let notice = archived.notice.outbox.notice
                guard notice.review == header.review, notice.key.hasPrefix("\(header.review)/") else {
                    throw StoreError.invalidArchive(line: index + 2, reason: "a notice must be one of review '\(header.review)' (its key beginning '\(header.review)/')")
                }
                guard noticeKeys.insert(notice.key).inserted else {
                    throw StoreError.invalidArchive(line: index + 2, reason: "notice '\(notice.key)' appears twice")
                }
                let held = archived.notice.heldForDigest.map(\.recipient)
                guard Set(held).count == held.count else {
                    throw StoreError.invalidArchive(line: index + 2, reason: "notice '\(notice.key)' is held twice for one recipient's digest")
                }
                notices.append(archived)
                continue
            }
            guard notices.isEmpty else { throw StoreError.invalidArchive(line: index + 2, reason: "an event or a timer after the notices") }
            if let timer = try? JSONDecoder().decode(ArchivedTimer.self, from: Data(line.utf8)).timer {
                guard timer.notice.review == header.review, timer.notice.key.hasPrefix("\(header.review)/"), timer.state != .pending else {
                    throw StoreError.invalidArchive(line: index + 2, reason: "a timer must be one of review '\(header.review)' (its key beginning '\(header.review)/') that is no longer pending")
                }
                guard timerKeys.insert(timer.notice.key).inserted else {
                    throw StoreError.invalidArchive(line: index + 2, reason: "timer '\(timer.notice.key)' appears twice")
                }
                history.append(timer)
                continue
            }
            guard history.isEmpty else { throw StoreError.invalidArchive(line: index + 2, reason: "an event after the timers") }
            guard let event = try? JSONDecoder().decode(ReviewEvent.self, from: Data(line.utf8)) else {
                let json = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil
                throw StoreError.invalidArchive(line: index + 2, reason: json ? "neither an event, a timer nor a notice"
                                                    : "not JSON: the line is cut short or was edited")
            }
            guard event.review == header.review else {
                throw StoreError.invalidArchive(line: index + 2, reason: "event of review '\(event.review)', not '\(header.review)'")
            }
            events.append(event)
        }
        if let announced = header.events, announced != events.count {
            throw StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces \(announced) events, the archive holds \(events.count)")
        }
        if let announced = header.timers, announced != history.count {
            throw StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces \(announced) timers, the archive holds \(history.count)")
        }
        if let announced = header.notices, announced != notices.count {
            throw StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces \(announced) notices, the archive holds \(notices.count)")
        }
        for notice in notices {
            for digest in notice.notice.heldForDigest.compactMap(\.digest) where !noticeKeys.contains(digest) {
                throw StoreError.invalidArchive(line: lines.count + 1, reason: "notice '\(notice.notice.outbox.notice.key)' names a digest '\(digest)' the archive does not hold")
            }
        }
        guard let state = ReviewState.fold(events) else { throw StoreError.invalidArchive(line: 2, reason: "the first event must start the review") }
        let (archived, archivedTimers, archivedNotices) = (events, history, notices)
        guard SHA256.hex(header.workflow.source) == header.workflow.hash else {
            throw StoreError.invalidArchive(line: 1, reason: "the workflow text does not match its hash")
        }
        do {
            try await write { db in try self.store(header, state, archived, archivedTimers, archivedNotices, now: now, db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // Rows this store holds already (a notice key left behind by a review since removed…).
            throw StoreError.invalidArchive(line: 1, reason: "it clashes with what this store holds (\(error.message ?? "a constraint")); nothing was imported")
        }
        changes.bump([header.review])
        return header.review
    }

    /// The import's one transaction.
    private func store(_ header: ArchiveHeader, _ state: ReviewState, _ archived: [ReviewEvent], _ archivedTimers: [ArchivedTimer.TimerHistory],
                       _ archivedNotices: [ArchivedNotice], now: Instant, _ db: Database) throws {
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review WHERE id = ?) OR EXISTS (SELECT 1 FROM review_head WHERE review = ?)",
                             arguments: [header.review, header.review]) == true {
            throw StoreError.invalidArchive(line: 1, reason: "review '\(header.review)' already exists here")
        }
        let w = header.workflow
        try db.execute(sql: "INSERT OR IGNORE INTO workflow (hash, id, version, source, file) VALUES (?, ?, ?, ?, ?)",
                       arguments: [w.hash, w.id, w.version, w.source, w.file])
        let engine = try self.engine(hash: w.hash, db)
        var link = try EventLog.lastLink(db)
        let stored = try EventLog.append(archived, after: &link, reviewLast: nil, db)
        try self.writeProjections(state, previous: nil, workflowHash: w.hash, lastSequence: stored.last!.sequence, db)
        // History first: planning leaves fired, late and missed timers as they are.
        for timer in archivedTimers { try TimerTable.insertHistory(timer.notice, state: timer.state, firedAt: timer.firedAt, db) }
        try TimerTable.replan(review: state.id, planned: engine.plannedNotices(state: state), now: now, db)
        try ArchivedNotice.insert(archivedNotices, now: now, db)
    }
}
