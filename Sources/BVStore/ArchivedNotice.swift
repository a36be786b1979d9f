import BVCore
import GRDB

/// A notice of the review from the outbox of the store it leaves, with every attempt to deliver
/// it (archive version 3). One not yet delivered is delivered by the importing store; the others
/// are the review's record of what it was sent, and when.
struct ArchivedNotice: Codable {
    let notice: Body

    struct Body: Codable {
        /// Its id where it was exported: a delivery-failure notice names the failed one by it.
        let id: Int64?
        let planned: PlannedNotice
        let state: OutboxState
        let late: Bool
        let attempts: Int
        let nextAttempt: Instant?
        let lastError: String?
        let created: Instant
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
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE key >= ? AND key < ? AND review = ? ORDER BY id",
                                    arguments: [review + "/", review + "0", review])
        return try rows.map { row in
            let id: Int64 = row["id"]
            let deliveries = try Row.fetchAll(db, sql: "SELECT * FROM delivery WHERE outbox = ? ORDER BY id", arguments: [id]).map { row in
                DeliveryAttempt(recipient: row["recipient"], channel: row["channel"], at: Instant(millisecondsSinceEpoch: row["at"]),
                                outcome: DeliveryOutcome(rawValue: row["outcome"]) ?? .failed, detail: row["detail"])
            }
            let held = try Row.fetchAll(db, sql: """
                SELECT d.recipient, d.added, o.key AS digest FROM digest_item d LEFT JOIN outbox o ON o.id = d.digest
                WHERE d.outbox = ? ORDER BY d.recipient
                """, arguments: [id]).map { row in
                HeldForDigest(recipient: row["recipient"], added: Instant(millisecondsSinceEpoch: row["added"]), digest: row["digest"])
            }
            let item = try OutboxTable.decode(row)
            let delivered: Int64? = row["delivered"]
            return ArchivedNotice(notice: Body(
                id: id, planned: item.notice, state: item.state, late: item.late, attempts: item.attempts, nextAttempt: item.nextAttempt,
                lastError: item.lastError, created: item.created, delivered: delivered.map(Instant.init(millisecondsSinceEpoch:)),
                deliveries: deliveries, heldForDigest: held))
        }
    }

    /// Writes the review's notices into the importing store. One that was being delivered when
    /// it was exported is offered again at once: its receiver may see it twice, as after a crash.
    /// A delivery-failure notice is made to name the failed notice by its id here.
    static func insert(_ notices: [ArchivedNotice], now: Instant, _ db: Database) throws {
        var ids: [String: Int64] = [:]
        var newIDs: [Int64: Int64] = [:]
        for archived in notices {
            var n = archived.notice
            if n.planned.kind == .deliveryFailure, let old = Int64(n.planned.subject), let new = newIDs[old] {
                n = n.naming(failed: new)
            }
            let state = n.state == .delivering ? .pending : n.state
            let next = state == .pending ? (n.nextAttempt ?? now) : nil
            try db.run("""
                INSERT INTO outbox (key, review, kind, notice, late, state, attempts, next_attempt, last_error, created, delivered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [n.planned.key, n.planned.review, n.planned.kind.rawValue, NoticeJSON.encode(n.planned), n.late, state.rawValue,
                      n.attempts, next?.millisecondsSinceEpoch, n.lastError, n.created.millisecondsSinceEpoch, n.delivered?.millisecondsSinceEpoch])
            let id = db.lastInsertedRowID
            ids[archived.notice.planned.key] = id
            if let old = n.id { newIDs[old] = id }
            for attempt in n.deliveries {
                try db.run("INSERT INTO delivery (outbox, recipient, channel, at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           [id, attempt.recipient, attempt.channel, attempt.at.millisecondsSinceEpoch, attempt.outcome.rawValue, attempt.detail])
            }
        }
        // Once every notice has its new id: a held reminder's digest may come after it.
        for archived in notices {
            for held in archived.notice.heldForDigest {
                try db.run("INSERT INTO digest_item (outbox, recipient, review, added, digest) VALUES (?, ?, ?, ?, ?)",
                           [ids[archived.notice.planned.key], held.recipient, archived.notice.planned.review,
                            held.added.millisecondsSinceEpoch, held.digest.flatMap { ids[$0] }])
            }
        }
    }
}

extension ArchivedNotice.Body {
    /// The same delivery-failure notice, about the failed notice's id in the importing store.
    func naming(failed id: Int64) -> Self {
        let p = planned
        let renamed = PlannedNotice(key: "\(p.review)/delivery-failure/\(id)", kind: p.kind, review: p.review, phase: p.phase, subject: "\(id)",
                                    subjectTitle: p.subjectTitle, subjectAt: p.subjectAt, due: p.due, rule: p.rule, recipients: p.recipients,
                                    problem: p.problem)
        return Self(id: self.id, planned: renamed, state: state, late: late, attempts: attempts, nextAttempt: nextAttempt, lastError: lastError,
                    created: created, delivered: delivered, deliveries: deliveries, heldForDigest: heldForDigest)
    }
}
