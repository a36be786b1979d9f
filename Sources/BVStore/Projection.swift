import BVCore
import GRDB

/// A query table derived from review state: one row per item of a list in the state, keyed by
/// (review, position in the list). Each is brought up to date for a review by every command
/// that changes it, and can be rebuilt from the log; `verify` compares it with a fresh fold.
struct Projection: Sendable {
    let name: String
    let columns: [String]
    /// The kinds of change that can alter this table's rows; other changes leave it alone.
    let changedBy: Set<String>
    /// The kinds of change that only add rows at the end (an organisation invited): the new rows
    /// are inserted without building and comparing the others, which grow with the review.
    let appendedBy: Set<String>
    let count: @Sendable (ReviewState) -> Int
    /// The rows of a review's items from index `from` on, without the review column.
    let rows: @Sendable (ReviewState, _ from: Int) -> [[DatabaseValue]]
    let insertSQL: String

    init<Item>(name: String, columns: [String], changedBy: Set<String>, appendedBy: Set<String> = [],
               items: @escaping @Sendable (ReviewState) -> [Item], row: @escaping @Sendable (Item) -> [DatabaseValue]) {
        (self.name, self.columns, self.changedBy, self.appendedBy) = (name, columns, changedBy, appendedBy)
        count = { items($0).count }
        rows = { state, from in items(state).dropFirst(from).map(row) }
        insertSQL = "INSERT INTO \(name) VALUES (\(Array(repeating: "?", count: columns.count + 2).joined(separator: ", ")))"
    }

    /// What the table held for a review before a command: only how many rows, when the command's
    /// changes can only append; otherwise the rows themselves. Taken before the state is changed in
    /// place, so that a command need not keep a second copy of a state that grows with the review.
    enum Before {
        case count(Int)
        case rows([[DatabaseValue]])
    }

    func before(_ previous: ReviewState, changes: Set<String>) -> Before {
        changes.allSatisfy { !changedBy.contains($0) || appendedBy.contains($0) } ? .count(count(previous)) : .rows(rows(previous, 0))
    }

    /// Brings the table in line with `state`. When the changes only appended items, their rows are
    /// inserted; otherwise unchanged rows are left alone, rows appended since `before` are
    /// inserted, and any other change rewrites the review's rows.
    func write(_ state: ReviewState, before: Before?, _ db: Database) throws {
        var old: [[DatabaseValue]] = []
        switch before {
        case .count(let from):
            return try insert(rows(state, from), review: state.id, from: from, db)
        case .rows(let rows):
            old = rows
        case nil:
            break
        }
        let new = rows(state, 0)
        // Without a previous state (a review's start, a rebuild) whatever the table holds for the
        // review is not known to be true: it is replaced, also by nothing.
        if before != nil, old == new { return }
        if before == nil || !new.starts(with: old) {
            try db.run("DELETE FROM \(name) WHERE review = ?", [state.id])
            old = []
        }
        try insert(Array(new.dropFirst(old.count)), review: state.id, from: old.count, db)
    }

    /// Inserts `rows` as the review's items from position `from` on. Each table is clustered by
    /// (review, position), so a review's rows share pages and need no separate index.
    private func insert(_ rows: [[DatabaseValue]], review: String, from: Int, _ db: Database) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: insertSQL)
        for (offset, row) in rows.enumerated() {
            var arguments: [SQLArgument] = [.text(review), .int(Int64(from + offset))]
            arguments.reserveCapacity(row.count + 2)
            for value in row { arguments.append(SQLArgument(value)) }
            try statement.run(binding: arguments)
        }
    }

    /// The rows stored for a review, in order, without the review and position columns.
    func stored(review: String, _ db: Database) throws -> [[DatabaseValue]] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(name) WHERE review = ? ORDER BY position", arguments: [review])
            .map { row in Array(row.databaseValues.dropFirst(2)) }
    }

    static let tables: [Projection] = [
        Projection(name: "organisation", columns: ["id", "name", "category", "invited"],
                   changedBy: ["organisation-invited"], appendedBy: ["organisation-invited"], items: { $0.organisations }) {
            [$0.id.databaseValue, $0.name.databaseValue, $0.category.databaseValue, $0.invitedAt.millisecondsSinceEpoch.databaseValue]
        },
        Projection(name: "representative", columns: ["id", "organisation", "name", "email", "phone", "channel", "digest"],
                   changedBy: ["representative-added", "representative-removed", "notice-preferences-set"],
                   appendedBy: ["representative-added"], items: { $0.representatives }) {
            [$0.id.databaseValue, $0.organisation.databaseValue, $0.name.databaseValue, $0.email.databaseValue,
             $0.phone.databaseValue, $0.channel.databaseValue, $0.digest.databaseValue]
        },
        Projection(name: "meeting", columns: ["id", "title", "method", "start", "place", "invitees", "papers_published", "notice_given", "held", "cancelled", "sequence"],
                   changedBy: ["meeting-scheduled", "meeting-rescheduled", "meeting-invitees-added", "meeting-cancelled", "papers-published", "public-notice-given", "meeting-held"],
                   appendedBy: ["meeting-scheduled"], items: { $0.meetings }) { m in
            [m.id.databaseValue, m.title.databaseValue, m.method.databaseValue, m.start.millisecondsSinceEpoch.databaseValue,
             m.place.databaseValue, m.invitees.joined(separator: ",").databaseValue, m.papersPublished.ms, m.noticeGiven.ms,
             m.held.ms, m.cancelled.ms, m.sequence.databaseValue]
        },
        Projection(name: "proposal", columns: ["id", "title", "published", "response_deadline"],
                   changedBy: ["proposal-published"], appendedBy: ["proposal-published"], items: { $0.proposals }) {
            [$0.id.databaseValue, $0.title.databaseValue, $0.published.millisecondsSinceEpoch.databaseValue, $0.responseDeadline.description.databaseValue]
        },
        Projection(name: "response", columns: ["id", "proposal", "organisation", "received", "considered", "note"],
                   changedBy: ["response-received", "response-considered"], appendedBy: ["response-received"], items: { $0.responses }) {
            [$0.id.databaseValue, $0.proposal.databaseValue, $0.organisation.databaseValue,
             $0.received.millisecondsSinceEpoch.databaseValue, $0.considered.ms, $0.considerationNote.databaseValue]
        },
        Projection(name: "decision", columns: ["id", "notice_given", "intended", "taken", "meeting", "outcome"],
                   changedBy: ["decision-notice-given", "decision-taken"], items: { $0.decisions }) {
            [$0.id.databaseValue, $0.noticeGiven.ms, $0.intendedDate?.description.databaseValue ?? .null,
             $0.taken.ms, $0.meeting.databaseValue, $0.outcome.databaseValue]
        },
        Projection(name: "sign_off", columns: ["organisation", "agrees", "reason", "at", "considered"],
                   changedBy: ["baseline-signed", "objection-considered"], items: { $0.signOffs }) {
            [$0.organisation.databaseValue, $0.agrees.databaseValue, $0.reason.databaseValue, $0.at.millisecondsSinceEpoch.databaseValue, $0.considered.ms]
        },
        Projection(name: "disclosure_item", columns: ["id", "title", "disclosure", "reason"], changedBy: ["disclosure-set"], items: { $0.disclosureItems }) {
            [$0.id.databaseValue, $0.title.databaseValue, $0.disclosure.rawValue.databaseValue, $0.reason.databaseValue]
        },
        Projection(name: "strand", columns: ["id", "status", "findings"], changedBy: ["strand-updated"], items: { $0.strands }) {
            [$0.id.databaseValue, $0.status.rawValue.databaseValue, $0.findings.databaseValue]
        },
        Projection(name: "indicator", columns: ["code", "name", "unit", "polarity", "baseline", "target", "target_date"],
                   changedBy: ["indicator-added", "target-set", "indicator-removed"], items: { $0.indicators }) {
            [$0.code.databaseValue, $0.name.databaseValue, $0.unit.databaseValue, $0.polarity.rawValue.databaseValue,
             $0.baseline.databaseValue, $0.target.databaseValue, $0.targetDate?.description.databaseValue ?? .null]
        },
        Projection(name: "measurement", columns: ["indicator", "period", "value", "recorded"], changedBy: ["measurement-recorded"], items: { $0.measurements }) {
            [$0.indicator.databaseValue, $0.period.databaseValue, $0.value.databaseValue, $0.recorded.millisecondsSinceEpoch.databaseValue]
        },
    ]
}

extension Optional where Wrapped == Instant {
    var ms: DatabaseValue { self?.millisecondsSinceEpoch.databaseValue ?? .null }
}
