import BVCore
import Foundation

/// Writes a `PlannedNotice` as JSON without `JSONEncoder`, and reads it back without
/// `JSONDecoder`: every command queues notices and every plan change writes timers, and the
/// generic encoder was the largest single cost of a command; every review view and every
/// delivery reads them back. The output decodes with the synthesized `Decodable` too (a test
/// checks the round trip both ways).
enum NoticeJSON {
    /// Reads what `encode` writes, and what JSONEncoder wrote before it (any key order).
    static func decode(_ text: String) throws -> PlannedNotice {
        if let tree = JSONTree(parsing: text), let notice = notice(tree) { return notice }
        // Not a notice of the expected shape: the generic decoder says what is wrong.
        return try JSONDecoder().decode(PlannedNotice.self, from: Data(text.utf8))
    }

    private static func notice(_ tree: JSONTree) -> PlannedNotice? {
        guard let key = tree["key"]?.string, let kind = tree["kind"]?.string.flatMap(NoticeKind.init(rawValue:)),
              let review = tree["review"]?.string, let phase = tree["phase"]?.string, let subject = tree["subject"]?.string,
              let subjectTitle = tree["subjectTitle"]?.string, let rule = tree["rule"]?.string,
              let subjectAt = tree["subjectAt"]?.string.flatMap(Instant.init(rfc3339:)),
              let due = tree["due"]?.string.flatMap(Instant.init(rfc3339:)),
              let recipients = tree["recipients"], let roles = recipients["roles"]?.strings,
              let organisations = recipients["organisations"]?.strings
        else { return nil }
        let representatives: [String]
        switch recipients["representatives"] {
        case nil, .null?: representatives = []
        case let value?:
            guard let names = value.strings else { return nil }
            representatives = names
        }
        let problem: String?
        switch tree["problem"] {
        case nil, .null?: problem = nil
        case let value?:
            guard let text = value.string else { return nil }
            problem = text
        }
        return PlannedNotice(key: key, kind: kind, review: review, phase: phase, subject: subject, subjectTitle: subjectTitle,
                             subjectAt: subjectAt, due: due, rule: rule,
                             recipients: NoticeRecipients(roles: roles, organisations: organisations, representatives: representatives),
                             problem: problem)
    }

    static func encode(_ notice: PlannedNotice) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out += "{\"due\":\"".utf8
        notice.due.appendDescription(to: &out)
        out += "\",\"key\":".utf8
        SortedJSONEncoder.appendString(notice.key, to: &out)
        out += ",\"kind\":\"\(notice.kind.rawValue)\",\"phase\":".utf8
        SortedJSONEncoder.appendString(notice.phase, to: &out)
        if let problem = notice.problem {
            out += ",\"problem\":".utf8
            SortedJSONEncoder.appendString(problem, to: &out)
        }
        out += ",\"recipients\":{\"organisations\":".utf8
        array(notice.recipients.organisations, into: &out)
        if !notice.recipients.representatives.isEmpty {
            out += ",\"representatives\":".utf8
            array(notice.recipients.representatives, into: &out)
        }
        out += ",\"roles\":".utf8
        array(notice.recipients.roles, into: &out)
        out += "},\"review\":".utf8
        SortedJSONEncoder.appendString(notice.review, to: &out)
        out += ",\"rule\":".utf8
        SortedJSONEncoder.appendString(notice.rule, to: &out)
        out += ",\"subject\":".utf8
        SortedJSONEncoder.appendString(notice.subject, to: &out)
        out += ",\"subjectAt\":\"".utf8
        notice.subjectAt.appendDescription(to: &out)
        out += "\",\"subjectTitle\":".utf8
        SortedJSONEncoder.appendString(notice.subjectTitle, to: &out)
        out += "}".utf8
        return String(decoding: out, as: UTF8.self)
    }

    private static func array(_ items: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            SortedJSONEncoder.appendString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
