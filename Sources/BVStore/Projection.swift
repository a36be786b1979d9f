import BVCore
import GRDB

/// A query table derived from review state. Each is rewritten for a review after every command
/// that changes it, and can be rebuilt from the log; `verify` compares it with a fresh fold.
struct Projection: Sendable {
    let name: String
    let columns: [String]
    /// The kinds of change that can alter this table's rows; other changes leave it alone.
    let changedBy: Set<String>
    let rows: @Sendable (ReviewState) -> [[DatabaseValue]]

    init(name: String, columns: [String], changedBy: Set<String>, rows: @escaping @Sendable (ReviewState) -> [[DatabaseValue]]) {
        (self.name, self.columns, self.changedBy, self.rows) = (name, columns, changedBy, rows)
    }

    var createSQL: String {
        "CREATE TABLE \(name) (review TEXT NOT NULL, \(columns.map { "\($0)" }.joined(separator: ", "))); "
            + "CREATE INDEX \(name)_by_review ON \(name)(review);"
    }

    /// Brings the table in line with `state`. Unchanged rows are left alone and rows appended since
    /// `previous` are inserted; any other change rewrites the review's rows.
    func write(_ state: ReviewState, previous: ReviewState?, _ db: Database) throws {
        let new = rows(state)
        var old = previous.map(rows) ?? []
        if old == new { return }
        if previous == nil || !new.starts(with: old) {
            try db.run("DELETE FROM \(name) WHERE review = ?", [state.id])
            old = []
        }
        let placeholders = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "INSERT INTO \(name) VALUES (\(placeholders))")
        for row in new.dropFirst(old.count) {
            try statement.execute(arguments: StatementArguments([state.id.databaseValue] + row))
        }
    }

    /// The rows stored for a review, in insertion order, without the review column.
    func stored(review: String, _ db: Database) throws -> [[DatabaseValue]] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(name) WHERE review = ? ORDER BY rowid", arguments: [review])
            .map { row in Array(row.databaseValues.dropFirst()) }
    }

    static let tables: [Projection] = [
        Projection(name: "organisation", columns: ["id", "name", "category", "invited"], changedBy: ["organisation-invited"]) { s in
            s.organisations.map { [$0.id.databaseValue, $0.name.databaseValue, $0.category.databaseValue, $0.invitedAt.millisecondsSinceEpoch.databaseValue] }
        },
        Projection(name: "representative", columns: ["id", "organisation", "name", "email", "phone", "channel", "digest"],
                   changedBy: ["representative-added", "representative-removed", "notice-preferences-set"]) { s in
            s.representatives.map { [$0.id.databaseValue, $0.organisation.databaseValue, $0.name.databaseValue, $0.email.databaseValue,
                                     $0.phone.databaseValue, $0.channel.databaseValue, $0.digest.databaseValue] }
        },
        Projection(name: "meeting", columns: ["id", "title", "method", "start", "place", "invitees", "papers_published", "notice_given", "held", "cancelled", "sequence"], changedBy: ["meeting-scheduled", "meeting-rescheduled", "meeting-invitees-added", "meeting-cancelled", "papers-published", "public-notice-given", "meeting-held"]) { s in
            s.meetings.map { m in
                [m.id.databaseValue, m.title.databaseValue, m.method.databaseValue, m.start.millisecondsSinceEpoch.databaseValue,
                 m.place.databaseValue, m.invitees.joined(separator: ",").databaseValue, m.papersPublished.ms, m.noticeGiven.ms,
                 m.held.ms, m.cancelled.ms, m.sequence.databaseValue]
            }
        },
        Projection(name: "proposal", columns: ["id", "title", "published", "response_deadline"], changedBy: ["proposal-published"]) { s in
            s.proposals.map { [$0.id.databaseValue, $0.title.databaseValue, $0.published.millisecondsSinceEpoch.databaseValue, $0.responseDeadline.description.databaseValue] }
        },
        Projection(name: "response", columns: ["id", "proposal", "organisation", "received", "considered", "note"], changedBy: ["response-received", "response-considered"]) { s in
            s.responses.map { [$0.id.databaseValue, $0.proposal.databaseValue, $0.organisation.databaseValue,
                               $0.received.millisecondsSinceEpoch.databaseValue, $0.considered.ms, $0.considerationNote.databaseValue] }
        },
        Projection(name: "decision", columns: ["id", "notice_given", "intended", "taken", "meeting", "outcome"], changedBy: ["decision-notice-given", "decision-taken"]) { s in
            s.decisions.map { [$0.id.databaseValue, $0.noticeGiven.ms, $0.intendedDate?.description.databaseValue ?? .null,
                               $0.taken.ms, $0.meeting.databaseValue, $0.outcome.databaseValue] }
        },
        Projection(name: "sign_off", columns: ["organisation", "agrees", "reason", "at", "considered"], changedBy: ["baseline-signed", "objection-considered"]) { s in
            s.signOffs.map { [$0.organisation.databaseValue, $0.agrees.databaseValue, $0.reason.databaseValue,
                              $0.at.millisecondsSinceEpoch.databaseValue, $0.considered.ms] }
        },
        Projection(name: "disclosure_item", columns: ["id", "title", "disclosure", "reason"], changedBy: ["disclosure-set"]) { s in
            s.disclosureItems.map { [$0.id.databaseValue, $0.title.databaseValue, $0.disclosure.rawValue.databaseValue, $0.reason.databaseValue] }
        },
        Projection(name: "strand", columns: ["id", "status", "findings"], changedBy: ["strand-updated"]) { s in
            s.strands.map { [$0.id.databaseValue, $0.status.rawValue.databaseValue, $0.findings.databaseValue] }
        },
        Projection(name: "indicator", columns: ["code", "name", "unit", "polarity", "baseline", "target", "target_date"], changedBy: ["indicator-added", "target-set"]) { s in
            s.indicators.map { [$0.code.databaseValue, $0.name.databaseValue, $0.unit.databaseValue, $0.polarity.rawValue.databaseValue,
                                $0.baseline.databaseValue, $0.target.databaseValue, $0.targetDate?.description.databaseValue ?? .null] }
        },
        Projection(name: "measurement", columns: ["indicator", "period", "value", "recorded"], changedBy: ["measurement-recorded"]) { s in
            s.measurements.map { [$0.indicator.databaseValue, $0.period.databaseValue, $0.value.databaseValue, $0.recorded.millisecondsSinceEpoch.databaseValue] }
        },
    ]
}

extension Optional where Wrapped == Instant {
    var ms: DatabaseValue { self?.millisecondsSinceEpoch.databaseValue ?? .null }
}
