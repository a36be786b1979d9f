import BVCore

/// Writes a `PlannedNotice` as JSON without `JSONEncoder`: every command queues notices and every
/// plan change writes timers, and the generic encoder was the largest single cost of a command.
/// The output decodes with the synthesized `Decodable` (a test checks the round trip).
enum NoticeJSON {
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
