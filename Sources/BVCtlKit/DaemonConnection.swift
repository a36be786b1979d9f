import ArgumentParser
import BVClient
import BVCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The connection to bvd of a command that prints what it is told: `--socket`, and `--json` to
/// print the API's answer itself.
struct DaemonConnection: ParsableArguments {
    @OptionGroup var daemon: DaemonSocket

    @Flag(help: "Print the API's JSON instead of text.")
    var json = false

    var path: String { daemon.path }

    /// Sends a request; with `--json`, a refusal's problem document is printed too, for scripts.
    func call(_ method: String, _ target: String, body: [UInt8]? = nil, contentType: String = "application/json") throws -> HTTPReply {
        try daemon.call(method, target, body: body, contentType: contentType, printingProblem: json)
    }
}

/// How bvctl finds bvd: `--socket`, then `$BVD_SOCKET`, then `/run/bvd/control.sock`, falling back
/// to `./.bvd/control.sock` (the `make run` layout) when that exists. Alone, for the commands that
/// write documents (Markdown, HTML, SVG, iCalendar, CSV), which have no JSON to print.
struct DaemonSocket: ParsableArguments {
    @Option(help: ArgumentHelp("The control socket of bvd (default $BVD_SOCKET, else /run/bvd/control.sock, else ./.bvd/control.sock when only that exists).", valueName: "path"))
    var socket: String?

    static let systemPath = "/run/bvd/control.sock"
    static let developmentPath = ".bvd/control.sock"

    var path: String {
        if let socket { return socket }
        if let env = ProcessInfo.processInfo.environment["BVD_SOCKET"], !env.isEmpty { return env }
        if !FileManager.default.fileExists(atPath: Self.systemPath), FileManager.default.fileExists(atPath: Self.developmentPath) {
            return Self.developmentPath
        }
        return Self.systemPath
    }

    /// Sends a request; maps transport failures and problem replies to bvctl's exit statuses.
    func call(_ method: String, _ target: String, body: [UInt8]? = nil, contentType: String = "application/json",
              printingProblem: Bool = false) throws -> HTTPReply {
        let reply: HTTPReply
        do {
            reply = try UnixHTTPClient(path: path).request(method, target, body: body, contentType: contentType)
        } catch {
            switch error {
            case .unreachable(let path, let reason):
                throw BVCtlFailure(.unreachable, "cannot reach bvd at \(path) (\(reason)); is bvd running? systemctl status bvd")
            case .forbidden(let path):
                throw BVCtlFailure(.permissionDenied, "your user may not connect to bvd at \(path) (permission denied); "
                    + "ask an administrator to add you to a group bvd gives a role (by default bvd-viewers or bvd-officers)")
            case .protocolError:
                throw BVCtlFailure(.error, error.description)
            }
        }
        guard (200..<300).contains(reply.status) else {
            // With --json a script gets the problem document itself (its rules and dates), the text still on standard error.
            if printingProblem, reply.headers["content-type"]?.hasSuffix("json") == true { print(reply.text) }
            throw Self.failure(reply)
        }
        return reply
    }

    static func failure(_ reply: HTTPReply) -> BVCtlFailure {
        let problem = (try? JSONDecoder().decode(JSONValue.self, from: Data(reply.body)))?.object ?? [:]
        let detail = problem["detail"]?.string ?? reply.text
        switch reply.status {
        case 403: return BVCtlFailure(.permissionDenied, detail)
        case 404: return BVCtlFailure(.notFound, detail)
        case 409 where problem["type"]?.string?.hasSuffix("/refused") == true:
            var lines = [detail + ":"]
            for blocker in problem["blockers"]?.strings ?? [] { lines.append("  - \(blocker)") }
            for rule in problem["rules"]?.objects ?? [] {
                let remedy = rule["remedy"]?.string.map { " \($0.prefix(1).uppercased() + $0.dropFirst())." } ?? ""
                lines.append("  - \(rule["title"]?.string ?? ""): \(rule["explanation"]?.string ?? "").\(remedy)")
            }
            // A date ("2027-04-06") or, for rules with time parts, an instant.
            if let earliest = problem["earliest"]?.string {
                var line = "Earliest possible: \(Style.boundText(earliest))"
                // The meeting named (or the next one) sits before that: the date alone would not say it must move.
                if let meeting = problem["meeting"]?.string, let at = problem["at"]?.string.flatMap({ Instant(rfc3339: $0) }),
                   String(earliest.prefix(10)) > Zone.london.date(of: at).description {
                    line += ", at a meeting on or after that date: '\(meeting)' on \(Zone.london.date(of: at)) is too early; move it, or take the decision at a later meeting"
                }
                lines.append(line + ".")
            }
            return BVCtlFailure(.refused, lines.joined(separator: "\n"))
        default: return BVCtlFailure(.error, detail)
        }
    }
}
