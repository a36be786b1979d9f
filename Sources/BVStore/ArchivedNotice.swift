import BVCore
import GRDB

/// A notice of the review from the outbox of the store it leaves, with every attempt to deliver
/// it (archive version 3). One not yet delivered is delivered by the importing store; the others
/// are the review's record of what it was sent, and when.
struct ArchivedNotice: Codable {
    let notice: Body

    struct Body: Codable {
        /// The row as it was (its id the exporting store's: a delivery-failure notice names the
        /// failed one by it).
        let outbox: OutboxItem
        let delivered: Instant?
        let deliveries: [DeliveryAttempt]
        /// A routine reminder held for recipients' daily digests: for whom, since when, and the
        /// key of the digest notice that took it in, once one has.
        let heldForDigest: [HeldForDigest]
    }

    struct HeldForDigest: Codable {
        let recipient: String
        let added: Instant
        let digest: String?
    }

    /// Every notice of `review`, in the order they were queued.
    static func all(review: String, _ db: Database) throws -> [ArchivedNotice] {
        let rows = try EventNoticesByEvent.rows(review: review, db)
        return try rows.map { row in
            let item = try OutboxTable.decode(row)
            let held = try Row.fetchAll(db, sql: """
                SELECT d.recipient, d.added, o.key AS digest FROM digest_item d LEFT JOIN outbox o ON o.id = d.digest
                WHERE d.outbox = ? ORDER BY d.recipient
                """, arguments: [item.id]).map { row in
                HeldForDigest(recipient: row["recipient"], added: Instant(millisecondsSinceEpoch: row["added"]), digest: row["digest"])
            }
            let delivered: Int64? = row["delivered"]
            return ArchivedNotice(notice: Body(outbox: item, delivered: delivered.map(Instant.init(millisecondsSinceEpoch:)),
                                               deliveries: try DeliveryAttempt.all(outbox: item.id, db), heldForDigest: held))
        }
    }

    /// Writes the review's notices into the importing store. One that was being delivered when
    /// it was exported is offered again at once: its receiver may see it twice, as after a crash.
    /// A delivery-failure notice is made to name the failed notice by its id here.
    static func insert(_ notices: [ArchivedNotice], now: Instant, _ db: Database) throws {
        var ids: [String: Int64] = [:]
        var newIDs: [Int64: Int64] = [:]
        for archived in notices {
            let n = archived.notice.outbox
            var planned = n.notice
            if planned.kind == .deliveryFailure, let old = Int64(planned.subject), let new = newIDs[old] {
                planned = planned.naming(failed: new)
            }
            let state = n.state == .delivering ? .pending : n.state
            let next = state == .pending ? (n.nextAttempt ?? now) : nil
            try db.run("""
                INSERT INTO outbox (key, review, kind, notice, late, state, attempts, next_attempt, last_error, created, delivered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [planned.key, planned.review, planned.kind.rawValue, NoticeJSON.encode(planned), n.late, state.rawValue,
                      n.attempts, next?.millisecondsSinceEpoch, n.lastError, n.created.millisecondsSinceEpoch,
                      archived.notice.delivered?.millisecondsSinceEpoch])
            let id = db.lastInsertedRowID
            ids[n.notice.key] = id
            newIDs[n.id] = id
            for attempt in archived.notice.deliveries {
                try db.run("INSERT INTO delivery (outbox, recipient, channel, at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           [id, attempt.recipient, attempt.channel, attempt.at.millisecondsSinceEpoch, attempt.outcome.rawValue, attempt.detail])
            }
        }
        // Once every notice has its new id: a held reminder's digest may come after it.
        for archived in notices {
            let planned = archived.notice.outbox.notice
            for held in archived.notice.heldForDigest {
                try db.run("INSERT INTO digest_item (outbox, recipient, review, added, digest) VALUES (?, ?, ?, ?, ?)",
                           [ids[planned.key], held.recipient, planned.review, held.added.millisecondsSinceEpoch, held.digest.flatMap { ids[$0] }])
            }
        }
    }
}

extension PlannedNotice {
    /// The same delivery-failure notice, about the failed notice's id in the importing store.
    func naming(failed id: Int64) -> PlannedNotice {
        PlannedNotice(key: "\(review)/delivery-failure/\(id)", kind: kind, review: review, phase: phase, subject: "\(id)",
                      subjectTitle: subjectTitle, subjectAt: subjectAt, due: due, rule: rule, recipients: recipients, problem: problem)
    }
}
