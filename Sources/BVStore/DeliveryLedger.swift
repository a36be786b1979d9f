public import BVCore
import GRDB

/// What happened when a notice was offered to one recipient through one channel.
public enum DeliveryOutcome: String, Sendable, Hashable, Codable {
    /// The adapter accepted it (SMTP 250, HTTP 2xx, exit status 0).
    case delivered
    /// The attempt failed; the notice is retried on the schedule or, after the last attempt, failed.
    case failed
    /// Held for the representative's daily digest.
    case digest
}

/// One attempt to deliver a notice to one recipient: the audit trail behind `bvctl notices show`.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    public let recipient: String
    public let channel: String
    public let at: Instant
    public let outcome: DeliveryOutcome
    public let detail: String?

    public init(recipient: String, channel: String, at: Instant, outcome: DeliveryOutcome, detail: String?) {
        (self.recipient, self.channel, self.at, self.outcome, self.detail) = (recipient, channel, at, outcome, detail)
    }
}

extension DeliveryAttempt {
    /// A notice's attempts, in order.
    static func all(outbox id: Int64, _ db: Database) throws -> [DeliveryAttempt] {
        try Row.fetchAll(db, sql: "SELECT * FROM delivery WHERE outbox = ? ORDER BY id", arguments: [id]).map { row in
            DeliveryAttempt(recipient: row["recipient"], channel: row["channel"], at: Instant(millisecondsSinceEpoch: row["at"]),
                            outcome: DeliveryOutcome(rawValue: row["outcome"]) ?? .failed, detail: row["detail"])
        }
    }
}

/// Every attempt of one notice's round of offers, and whether it is now delivered.
public struct DeliveryRound: Sendable, Hashable {
    public let outbox: Int64
    public let review: String
    public let attempts: [DeliveryAttempt]
    public let deliveredAt: Instant?
    /// Nobody was offered the notice: bvd stopped first. Its claim is given back with the attempt
    /// the claim counted, so that a stop does not use up the notice's retry schedule.
    public let unoffered: Bool

    public init(outbox: Int64, review: String, attempts: [DeliveryAttempt], deliveredAt: Instant?, unoffered: Bool = false) {
        (self.outbox, self.review, self.attempts, self.deliveredAt, self.unoffered) = (outbox, review, attempts, deliveredAt, unoffered)
    }
}

/// A channel switched off because its endpoint said it is gone; an administrator switches it back on.
public struct DisabledChannel: Sendable, Hashable, Codable {
    public let name: String
    public let since: Instant
    public let reason: String
}

extension ReviewStore {
    /// Records attempts of one delivery round; a digest outcome also puts the notice in the
    /// recipient's next digest. With `deliveredAt`, the notice is marked delivered in the same transaction.
    public func recordDeliveries(outbox id: Int64, review: String, _ attempts: [DeliveryAttempt], deliveredAt: Instant?) async throws {
        try await recordDeliveries([DeliveryRound(outbox: id, review: review, attempts: attempts, deliveredAt: deliveredAt)])
    }
}

extension SQLiteReviewStore {
    /// Records the rounds of many notices in one transaction: the dispatcher writes a claimed
    /// batch at once, so that delivery costs one commit per batch rather than one per notice.
    public func recordDeliveries(_ rounds: [DeliveryRound]) async throws {
        let rounds = rounds.filter { !$0.attempts.isEmpty || $0.deliveredAt != nil || $0.unoffered }
        guard !rounds.isEmpty else { return }
        try await write { db in
            for round in rounds {
                if let deliveredAt = round.deliveredAt { try OutboxTable.markDelivered(round.outbox, at: deliveredAt, db) }
                if round.unoffered {
                    // Still due (it was when claimed): the next start offers it, as a first attempt if it was one.
                    try db.run("""
                        UPDATE outbox SET state = 'pending', attempts = MAX(attempts - 1, 0), lease_until = NULL, next_attempt = COALESCE(next_attempt, created)
                        WHERE id = ? AND state = 'delivering'
                        """, [round.outbox])
                }
                for attempt in round.attempts {
                    try db.run("INSERT INTO delivery (outbox, recipient, channel, at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                               [round.outbox, attempt.recipient, attempt.channel, attempt.at.millisecondsSinceEpoch, attempt.outcome.rawValue, attempt.detail])
                    if attempt.outcome == .digest {
                        try db.run("INSERT INTO digest_item (outbox, recipient, review, added) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                   [round.outbox, attempt.recipient, round.review, attempt.at.millisecondsSinceEpoch])
                    }
                }
            }
        }
    }

    public func deliveries(outbox id: Int64) async throws -> [DeliveryAttempt] {
        try await pool.read { db in try DeliveryAttempt.all(outbox: id, db) }
    }

    /// A reminder that could not go out before its subject passed: recorded, never sent.
    public func markMissed(_ id: Int64, reason: String) async throws {
        try await write { db in
            try db.run("UPDATE outbox SET state = 'missed', next_attempt = NULL, lease_until = NULL, last_error = ? WHERE id = ? AND state = 'delivering'",
                       [reason, id])
        }
    }

    /// Offers again at once what this process's previous life was delivering when it stopped: with
    /// one daemon per store nobody else holds those leases (a replicated backend would wait them out).
    public func releaseLeases(now: Instant) async throws -> Int {
        try await write { db in
            try db.run("UPDATE outbox SET state = 'pending', next_attempt = ?, lease_until = NULL WHERE state = 'delivering'", [now.millisecondsSinceEpoch])
            return db.changesCount
        }
    }

    /// Puts every failed notice back in the queue (`bvctl notices retry --failed`).
    public func requeueFailed(now: Instant) async throws -> Int {
        try await write { db in
            try db.run("UPDATE outbox SET state = 'pending', next_attempt = ?, lease_until = NULL WHERE state = 'failed'", [now.millisecondsSinceEpoch])
            return db.changesCount
        }
    }

    /// Queues a notice bvd itself raises (a delivery failure to officers); a key already queued is left alone.
    public func enqueue(_ notice: PlannedNotice, now: Instant) async throws {
        try await write { db in try OutboxTable.enqueue(notice, late: false, now: now, db) }
    }

    /// When the next queued notice becomes deliverable (a retry, or a lease that runs out).
    public func nextOutboxAttempt() async throws -> Instant? {
        try await pool.read { db in
            let next = try Int64.fetchOne(db, sql: """
                SELECT MIN(CASE state WHEN 'pending' THEN next_attempt ELSE lease_until END)
                FROM outbox WHERE state IN ('pending', 'delivering')
                """)
            return next.map(Instant.init(millisecondsSinceEpoch:))
        }
    }

    public func disableChannel(_ name: String, reason: String, at: Instant) async throws {
        try await write { db in
            try db.run("INSERT INTO channel_state (name, disabled_at, reason) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
                       [name, at.millisecondsSinceEpoch, reason])
        }
    }

    /// Switches a channel back on; false when it was not off.
    public func enableChannel(_ name: String) async throws -> Bool {
        try await write { db in
            try db.run("DELETE FROM channel_state WHERE name = ?", [name])
            return db.changesCount == 1
        }
    }

    public func disabledChannels() async throws -> [DisabledChannel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM channel_state ORDER BY name").map { row in
                DisabledChannel(name: row["name"], since: Instant(millisecondsSinceEpoch: row["disabled_at"]), reason: row["reason"])
            }
        }
    }

    /// Gathers each representative's waiting routine reminders into one digest notice per review,
    /// queued in the same transaction that marks the items taken. Returns how many digests were queued.
    public func queueDigests(on date: CivilDate, now: Instant) async throws -> Int {
        try await write { db in
            let groups = try Row.fetchAll(db, sql: """
                SELECT review, recipient, MIN(added) AS first FROM digest_item WHERE digest IS NULL GROUP BY review, recipient ORDER BY review, recipient
                """)
            var queued = 0
            for group in groups {
                let review: String = group["review"], recipient: String = group["recipient"]
                // A digest of that day already under way or sent (one imported with its review, say)
                // takes no more items: they go in another, never in one that will not be sent again.
                var key = "\(review)/digest/\(recipient)/\(date)"
                var part = 1
                while let state = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE key = ? AND event IS NULL", arguments: [key]), state != "pending" {
                    part += 1
                    key = "\(review)/digest/\(recipient)/\(date)/\(part)"
                }
                let notice = PlannedNotice(
                    key: key, kind: .digest, review: review, phase: "digest", subject: recipient,
                    subjectTitle: "reminders for \(date)", subjectAt: now, due: now, rule: "daily digest",
                    recipients: NoticeRecipients(roles: [], organisations: [], representatives: [recipient]), problem: nil)
                try OutboxTable.enqueue(notice, late: false, now: now, db)
                guard let digest = try Int64.fetchOne(db, sql: "SELECT id FROM outbox WHERE key = ? AND event IS NULL", arguments: [notice.key]) else { continue }
                try db.run("UPDATE digest_item SET digest = ? WHERE review = ? AND recipient = ? AND digest IS NULL", [digest, review, recipient])
                queued += 1
            }
            return queued
        }
    }

    /// The notices a digest gathers, oldest first.
    public func digestItems(digest id: Int64) async throws -> [OutboxItem] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT outbox.* FROM digest_item JOIN outbox ON outbox.id = digest_item.outbox WHERE digest_item.digest = ? ORDER BY outbox.id",
                             arguments: [id]).map(OutboxTable.decode)
        }
    }
}
