import BVCore
import Foundation
import GRDB

/// The append-only, hash-chained event log.
enum EventLog {
    static let genesis = String(repeating: "0", count: 64)

    /// Changes, state snapshots and archives: the text Foundation's JSONEncoder writes with
    /// sorted keys, so events stored before and after it was adopted hash alike.
    static let encoder = SortedJSONEncoder()

    /// SHA-256 over the previous hash and every stored field, so any edit breaks the chain.
    /// The fields are fed to the hash one after another (the text they make is never built).
    static func hash(previous: String, sequence: Int64, review: String, at: Instant, actor: Actor, kind: String, payload: String) -> String {
        SHA256.hex(lines: [previous, String(sequence), review, String(at.millisecondsSinceEpoch), actor.name, actor.uid.map(String.init) ?? "", kind, payload])
    }

    /// The end of the chain: the last event's sequence and hash.
    struct Link: Sendable, Equatable {
        var sequence: Int64
        var hash: String
    }

    /// The end of the chain as stored. `known`, the end this store last committed, is believed
    /// when the last sequence in the database is still its sequence (a one-column read of the
    /// primary key); otherwise the last row is read.
    static func lastLink(_ db: Database, known: Link? = nil) throws -> Link {
        let last = try db.cachedStatement(sql: "SELECT seq FROM event ORDER BY seq DESC LIMIT 1").int64(binding: []) ?? 0
        if let known, known.sequence == last { return known }
        if let row = try db.row("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1") {
            return Link(sequence: row["seq"], hash: row["hash"])
        }
        return Link(sequence: 0, hash: genesis)
    }

    /// Appends events of one review after `link`, the current end of the chain, and moves it on.
    /// `reviewLast`: the review's last event (its head; nil for a new review), which the first
    /// event links to (schema v10); the head then moves to the last event appended.
    static func append(_ events: [ReviewEvent], after link: inout Link, reviewLast: Int64?, _ db: Database) throws -> [StoredEvent] {
        var stored: [StoredEvent] = []
        var reviewLast = reviewLast
        for event in events {
            let sequence = link.sequence + 1
            let previous = link.hash
            let payload = String(decoding: try encoder.encode(event.change), as: UTF8.self)
            let hash = hash(previous: previous, sequence: sequence, review: event.review, at: event.at, actor: event.actor,
                            kind: event.change.kind, payload: payload)
            try db.cachedStatement(sql: "INSERT INTO event (seq, review, at, actor, actor_uid, kind, payload, prev_hash, hash, review_prev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .run(binding: [.int(sequence), .text(event.review), .int(event.at.millisecondsSinceEpoch), .text(event.actor.name),
                               .optional(event.actor.uid.map(Int64.init)), .text(event.change.kind), .text(payload), .text(previous), .text(hash),
                               .optional(reviewLast)])
            stored.append(StoredEvent(sequence: sequence, event: event, previousHash: previous, hash: hash))
            link = Link(sequence: sequence, hash: hash)
            reviewLast = sequence
        }
        if let last = stored.last {
            try db.cachedStatement(sql: """
                INSERT INTO review_head (review, last_seq, events) VALUES (?, ?, ?)
                ON CONFLICT(review) DO UPDATE SET last_seq = excluded.last_seq, events = review_head.events + excluded.events
                """).run(binding: [.text(last.event.review), .int(last.sequence), .int(Int64(stored.count))])
        }
        return stored
    }

    static func decode(_ row: Row) throws -> StoredEvent {
        let payload: String = row["payload"]
        let change = try JSONTreeDecoder().decode(ReviewChange.self, from: payload)
        let event = ReviewEvent(review: row["review"], at: Instant(millisecondsSinceEpoch: row["at"]),
                                actor: Actor(name: row["actor"], uid: row["actor_uid"]), change: change)
        return StoredEvent(sequence: row["seq"], event: event, previousHash: row["prev_hash"], hash: row["hash"])
    }

    /// A review's events after `sequence`, walked back from its head (schema v10).
    static func events(review: String, after sequence: Int64 = 0, _ db: Database) throws -> [StoredEvent] {
        try rows(review: review, after: sequence, db).map(decode)
    }

    /// A review's events, each checked against its own hash: an archive must not carry an edited
    /// event out of the store, where the importing store would chain it afresh as sound.
    static func intactEvents(review: String, _ db: Database) throws -> [StoredEvent] {
        try rows(review: review, after: 0, db).map { row in
            let stored = try decode(row)
            guard isIntact(row, stored) else {
                throw StoreError.corrupt("event \(stored.sequence) of review '\(review)' was altered: its hash does not match its content (bvctl review verify)")
            }
            return stored
        }
    }

    /// Whether a stored event's hash is that of its own content after the previous hash it names:
    /// an edited event fails this without the whole chain being walked.
    static func isIntact(_ row: Row, _ stored: StoredEvent) -> Bool {
        stored.hash == hash(previous: stored.previousHash, sequence: stored.sequence, review: stored.event.review, at: stored.event.at,
                            actor: stored.event.actor, kind: row["kind"], payload: row["payload"])
    }

    private static func rows(review: String, after sequence: Int64, _ db: Database) throws -> [Row] {
        try Row.fetchAll(db, sql: ReviewHeads.chain + "SELECT event.* FROM chain JOIN event ON event.seq = chain.seq ORDER BY event.seq",
                         arguments: [review, sequence])
    }
}
