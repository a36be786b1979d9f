import ArgumentParser
import BVClient
import BVCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct ReviewLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show a review's audit trail: sequence, time, actor, kind of change, short hash and what it was about.",
        discussion: """
            Sequence numbers are global to the store's hash chain; the hash is the first 12 hexadecimal \
            digits of the event's link. Times are Europe/London.

            Example:
            \(CommandExample.laidOut(#"bvctl review log housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let events = try connection.read([StoredEventReply].self, APIPath.review(review, "events")) else { return }
        let rows = events.map { stored in
            ["\(stored.sequence)", Style.time(stored.event.at), stored.event.actor.description, stored.event.kind,
             String(stored.hash.prefix(12)), stored.event.detail]
        }
        print(grid(rows, header: ["SEQ", "TIME", "ACTOR", "KIND", "HASH", "DETAIL"]))
    }
}

struct ReviewVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole event log's hash chain, every review's projection and its timers.",
        discussion: """
            Says the chain is sound, or names the first problem found and exits 1.

            Example:
            \(CommandExample.laidOut(#"bvctl review verify"#))
            """)

    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let reply = try connection.call("GET", "/v1/verify")
        try Self.report(try decodeReply(VerificationReply.self, reply), reply, connection, before: "")
    }

    /// Prints a verification (the JSON with --json) and exits 1 when it found a problem; `before`
    /// says what was done first (a rebuild).
    static func report(_ report: VerificationReply, _ reply: HTTPReply, _ connection: DaemonConnection, before: String) throws {
        if connection.json { print(reply.text) }
        if let problem = report.firstProblem {
            if !connection.json { print(Style.red("\(before)The event log is NOT sound: \(problem)")) }
            throw ExitCode(ExitStatus.error.rawValue)
        }
        if !connection.json {
            print(before + Style.green("The event log is sound") + ": \(Style.count(report.events, "event")) in \(Style.count(report.reviews, "review")); "
                + "every link of the hash chain, every review's projection and its timers checked.")
        }
    }
}

struct ReviewRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rewrite every review's query tables from the event log (administrators only).",
        discussion: """
            For when bvctl review verify reports a projection, title, phase, or a review's link or \
            head that differs from the log (after a restore from backup, or an edit of the database \
            file). The events themselves are not touched: only what is derived from them, including \
            the links by which a review's events are found. Verifies afterwards: exits 1 if the log \
            is still not sound, as when an event was altered, which no rebuild can mend.

            Example:
            \(CommandExample.laidOut(#"bvctl review rebuild"#))
            """)

    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let reply = try connection.call("POST", "/v1/rebuild-projections")
        let rebuilt = try decodeReply(RebuildReply.self, reply)
        try ReviewVerify.report(rebuilt.verification, reply, connection,
                                before: "Rebuilt the query tables of \(Style.count(rebuilt.reviews, "review")) from the event log. ")
    }
}

struct ReviewExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a review as JSON Lines (a header with its workflow, its events, the timers no longer pending, its notices).",
        discussion: """
            The archive can be imported into another bvd with bvctl review import, which delivers \
            the notices not yet delivered and keeps the record of the others. Without -o it is \
            written to standard output. A review with an event altered in the database is not \
            exported (exit 1, naming the event).

            Example:
            \(CommandExample.laidOut(#"bvctl review export housing-repairs -o housing-repairs.jsonl"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var output: DocumentOutput
    @OptionGroup var connection: DaemonSocket

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        let reply = try connection.call("GET", APIPath.review(review, "export"))
        // The header counts what follows it: events, timers that are no longer pending, notices.
        let header = (try? JSONDecoder().decode(JSONValue.self, from: Data(reply.body.prefix { $0 != 10 })))
        let events = header?["events"]?.int ?? 0, timers = header?["timers"]?.int ?? 0, notices = header?["notices"]?.int ?? 0
        try output.write(reply.body, what: "review '\(review)' (a header, \(Style.count(events, "event")), "
                         + "\(Style.count(timers, "timer")) and \(Style.count(notices, "notice")))")
    }
}

struct ReviewImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a review exported from another bvd (administrators only).",
        discussion: """
            The review must not exist here; its events become new links of this store's hash chain. \
            FILE may be - for standard input.

            Example:
            \(CommandExample.laidOut(#"bvctl review import housing-repairs.jsonl"#))
            """)

    @Argument(help: ArgumentHelp("An archive written by bvctl review export.", valueName: "file")) var file: String
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let data: [UInt8]
        if file == "-" {
            data = StandardStreams.readInput()
        } else {
            data = try InputFile.read(file)
        }
        let reply = try connection.call("POST", "/v1/reviews/import", body: Array(data), contentType: "application/jsonl")
        if connection.json { return print(reply.text) }
        let imported = try decodeReply(ImportReply.self, reply)
        print("Imported review '\(imported.review)'.")
    }
}
