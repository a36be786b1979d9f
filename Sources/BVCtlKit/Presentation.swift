import BVClient
import BVCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How human output looks: headings, a little colour (only on a terminal, and never when NO_COLOR
/// is set), times in Europe/London.
enum Style {
    /// Colour only when stdout is a terminal and NO_COLOR is unset.
    static let colour: Bool = isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR") == nil

    static func red(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    static func green(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    static func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// A section heading, preceded by a blank line.
    static func heading(_ text: String) -> String { "\n" + bold(text) }

    /// "met" in green or "NOT MET" in red.
    static func met(_ met: Bool) -> String { met ? green("met") : red("NOT MET") }

    /// The zone human output shows times in (the shipped workflow's zone).
    static let zone = Zone.london

    /// "2027-04-01 18:30 BST".
    static func time(_ instant: Instant?) -> String { instant.map(zone.format) ?? "-" }
    /// "2027-04-01".
    static func day(_ instant: Instant?) -> String { instant.map { zone.date(of: $0).description } ?? "-" }

    /// A deadline passes at the start of the day after its last day; people want the last day.
    static func lastDay(_ passes: Instant) -> String { zone.date(of: passes.adding(milliseconds: -1)).description }
    static func bound(_ bound: TimetableBound?) -> String { bound?.formatted(in: zone) ?? "-" }
    /// A bound as the API writes it (`2027-03-22` or an RFC 3339 instant), for people.
    static func boundText(_ text: String) -> String {
        if CivilDate(text) != nil { return text }
        return Instant(rfc3339: text).map(zone.format) ?? text
    }

    /// The first letter upper-cased.
    static func sentence(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// A finding as one paragraph: "explanation. Remedy."
    static func paragraph(_ finding: RuleFinding) -> String {
        finding.remedy.map { "\(finding.explanation). \(sentence($0))." } ?? "\(finding.explanation)."
    }

    /// `meetingScheduled` → `meeting-scheduled`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "-" + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    /// "1 organisation", "2 organisations".
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
    }
}

/// `table()` without the spaces that pad an empty last column.
func grid(_ rows: [[String]], header: [String]? = nil) -> String {
    table(rows, header: header).split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
}

/// Decodes the daemon's JSON into the types it was encoded from.
func decodeReply<T: Decodable>(_ type: T.Type, _ reply: HTTPReply) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: Data(reply.body))
    } catch {
        throw BVCtlFailure(.error, "bvd answered with something bvctl cannot read (\(error)); are bvd and bvctl the same version?")
    }
}

/// The answer to a successful command: the events it appended.
struct CommandReply: Decodable {
    struct Stored: Decodable {
        let sequence: Int64
        let event: Event
        let hash: String
    }
    struct Event: Decodable {
        let at: Instant
        let actor: Actor
        /// One key, the kind of change, e.g. `meetingScheduled`.
        let change: [String: JSONValue]
        var kind: String { change.keys.first.map(Style.kebab) ?? "?" }

        /// What the change was about, for the audit trail: "meeting committee-1, outcome Agreed".
        var detail: String {
            guard case .object(let fields)? = change.values.first else { return "" }
            let keys = ["organisation", "representative", "meeting", "proposal", "response", "decision", "item", "strand",
                        "code", "period", "phase", "firstPhase", "agrees", "disclosure", "status", "outcome", "title"]
            let parts = keys.compactMap { key -> String? in
                switch fields[key] {
                case .string(let text)?: "\(key) \(text)"
                case .number(let n)?: "\(key) \(n == n.rounded() ? String(Int(n)) : String(n))"
                case .bool(let b)?: "\(key) \(b)"
                default: nil
                }
            }
            return parts.prefix(3).joined(separator: ", ")
        }
    }
    let review: String
    let events: [Stored]
    let warnings: [String]?
}

extension DaemonConnection {
    /// Runs a command and prints `message` and the events it recorded, or the API's JSON.
    func command(_ method: String, _ target: String, body: [String: (any Encodable)?]? = nil, message: @autoclosure () -> String) throws {
        try command(method, target, body: body) { _ in message() }
    }

    /// Runs a command and prints what `message` makes of the reply, or the API's JSON. Absent
    /// (nil) body fields are left out, as the API expects.
    func command(_ method: String, _ target: String, body: [String: (any Encodable)?]? = nil, message: (CommandReply) -> String) throws {
        let reply = try call(method, target, body: try body.map(jsonBody))
        if json { return print(reply.text) }
        let accepted = try decodeReply(CommandReply.self, reply)
        print(message(accepted))
        let kinds = accepted.events.map { "\($0.event.kind) #\($0.sequence)" }
        if !kinds.isEmpty { print("  recorded: \(kinds.joined(separator: ", "))") }
        for warning in accepted.warnings ?? [] { StandardStreams.writeError("Warning: \(warning).\n") }
    }

    /// A request body from named fields; absent (nil) fields are left out, as the API expects.
    func jsonBody(_ fields: [String: (any Encodable)?]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(RequestBody(fields: fields.compactMapValues { $0 })))
    }

    /// GETs `target`: prints the API's JSON unchanged with `--json` (and returns nil), else decodes it.
    func read<T: Decodable>(_ type: T.Type, _ target: String) throws -> T? {
        let reply = try call("GET", target)
        if json {
            print(reply.text)
            return nil
        }
        return try decodeReply(T.self, reply)
    }
}

/// Builds request targets with their path segments and query values percent-encoded.
enum APIPath {
    /// `APIPath.review("r1", "meetings", "m 1")` → `/v1/reviews/r1/meetings/m%201`.
    static func review(_ id: String, _ rest: String...) -> String {
        (["/v1/reviews", segment(id)] + rest.map(segment)).joined(separator: "/")
    }

    static func segment(_ text: String) -> String { PercentEncoding.segment(text) }

    /// The backward plan of `decision` for a decision on `date`.
    static func plan(_ review: String, _ decision: String, on date: CivilDate) -> String {
        query(self.review(review, "plan"), [("decision", decision), ("on", date.description)])
    }

    /// Appends the query parameters that have a value, in order.
    static func query(_ path: String, _ items: [(String, String?)]) -> String {
        let present = items.compactMap { key, value in value.map { "\(key)=\(PercentEncoding.queryValue($0))" } }
        return present.isEmpty ? path : path + "?" + present.joined(separator: "&")
    }
}
