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
        var out = "{\"due\":\"\(notice.due)\",\"key\":"
        string(notice.key, into: &out)
        out += ",\"kind\":\"\(notice.kind.rawValue)\",\"phase\":"
        string(notice.phase, into: &out)
        if let problem = notice.problem {
            out += ",\"problem\":"
            string(problem, into: &out)
        }
        out += ",\"recipients\":{\"organisations\":"
        array(notice.recipients.organisations, into: &out)
        if !notice.recipients.representatives.isEmpty {
            out += ",\"representatives\":"
            array(notice.recipients.representatives, into: &out)
        }
        out += ",\"roles\":"
        array(notice.recipients.roles, into: &out)
        out += "},\"review\":"
        string(notice.review, into: &out)
        out += ",\"rule\":"
        string(notice.rule, into: &out)
        out += ",\"subject\":"
        string(notice.subject, into: &out)
        out += ",\"subjectAt\":\"\(notice.subjectAt)\",\"subjectTitle\":"
        string(notice.subjectTitle, into: &out)
        out += "}"
        return out
    }

    static func array(_ items: [String], into out: inout String) {
        out += "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            string(item, into: &out)
        }
        out += "]"
    }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    static func string(_ text: String, into out: inout String) {
        out += "\""
        // Most text needs no escaping: appended whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
