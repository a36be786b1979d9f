import ArgumentParser
import BVCore

struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What is due across reviews in the next days (14 unless --days), with what is overdue or was missed.",
        discussion: """
            Reminders of meetings, papers and notices due, deadlines and measurements, in order of due \
            time (Europe/London). Overdue and missed ones are marked.

            Example: bvctl agenda --days 7 --review housing-repairs
            """)

    @Option(help: ArgumentHelp("How many days ahead to look, 0 to 366.", valueName: "n")) var days: Int?
    @Option(help: ArgumentHelp("Only this review.", valueName: "review")) var review: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if let days, !(0...366).contains(days) { throw ValidationError("--days must be from 0 to 366, not \(days)") }
        if let review { try requireIdentifier(review, "--review") }
    }

    func run() throws {
        let target = APIPath.query("/v1/agenda", [("days", days.map(String.init)), ("review", review)])
        guard let items = try connection.read([AgendaItemReply].self, target) else { return }
        guard !items.isEmpty else { return print("Nothing due in the next \(Style.count(days ?? 14, "day")).") }
        let now = DateArgument.currentInstant()
        let rows = items.map { item -> [String] in
            let note = item.state == "missed" ? "MISSED" : item.state == "pending" && item.due < now ? "OVERDUE" : item.state
            return [Style.time(item.due), note, item.review, item.kind, item.subject, Style.time(item.subjectAt)]
        }
        print(grid(rows, header: ["DUE", "STATE", "REVIEW", "KIND", "SUBJECT", "SUBJECT AT"]))
    }
}

/// One notice and its delivery history so far.
struct NoticesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one notice: what it is about, who it goes to, and its delivery state and attempts.",
        discussion: "Example: bvctl notices show 42")

    @Argument(help: "The notice's number (bvctl notices list).") var id: Int64
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let item = try connection.read(OutboxItemReply.self, "/v1/notices/\(id)") else { return }
        let notice = item.notice
        print(Style.bold("Notice \(item.id): \(notice.kind.rawValue)") + " — \(notice.subjectTitle)")
        print("review \(notice.review), phase \(notice.phase); due \(Style.time(notice.due)) (\(notice.rule)); about \(Style.time(notice.subjectAt))")
        print("to: roles \(notice.recipients.roles.isEmpty ? "none" : notice.recipients.roles.joined(separator: ", ")); "
            + "organisations \(notice.recipients.organisations.isEmpty ? "none" : notice.recipients.organisations.joined(separator: ", "))")
        if let problem = notice.problem { print(Style.red("problem: \(problem)")) }
        print("delivery: \(item.state)\(item.late ? " (late)" : ""), \(item.attempts) attempt\(item.attempts == 1 ? "" : "s")"
            + (item.nextAttempt.map { ", next \(Style.time($0))" } ?? "") + (item.lastError.map { ", last error: \($0)" } ?? ""))
    }
}

/// Puts failed notices back in the queue.
struct NoticesRetry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Requeue a failed notice, or every failed notice, for delivery now.",
        discussion: "Example: bvctl notices retry 42    or    bvctl notices retry --failed")

    @Argument(help: "The failed notice's number.") var id: Int64?
    @Flag(help: "Retry every failed notice.") var failed = false
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if (id == nil) == !failed { throw ValidationError("give a notice's number or --failed, not both") }
    }

    func run() throws {
        var ids: [Int64] = id.map { [$0] } ?? []
        if failed {
            let reply = try connection.call("GET", "/v1/notices?state=failed")
            ids = try decodeReply([OutboxItemReply].self, reply).map(\.id)
        }
        for id in ids { _ = try connection.call("POST", "/v1/notices/\(id)/retry") }
        if !connection.json { print(ids.isEmpty ? "No failed notices." : "Requeued \(ids.count) notice\(ids.count == 1 ? "" : "s"): \(ids.map(String.init).joined(separator: ", ")).") }
    }
}

/// `bvctl notices …`: the notice outbox.
struct NoticesGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "List the notices queued for delivery and what became of them.",
        discussion: "Example: bvctl notices list --failed",
        subcommands: [NoticesList.self, NoticesShow.self, NoticesRetry.self]
    )
}

struct NoticesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notices in the outbox, optionally only failed or pending ones, or one review's.",
        discussion: "Example: bvctl notices list --failed --review housing-repairs")

    @Flag(help: "Only notices whose delivery failed.") var failed = false
    @Flag(help: "Only notices waiting to be delivered.") var pending = false
    @Option(help: ArgumentHelp("Only this review's notices.", valueName: "review")) var review: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if failed, pending { throw ValidationError("give --failed or --pending, not both") }
        if let review { try requireIdentifier(review, "--review") }
    }

    func run() throws {
        let state = failed ? "failed" : pending ? "pending" : nil
        let target = APIPath.query("/v1/notices", [("review", review), ("state", state)])
        guard let items = try connection.read([OutboxItemReply].self, target) else { return }
        guard !items.isEmpty else { return print("No \(state.map { "\($0) " } ?? "")notices.") }
        let rows = items.map { item -> [String] in
            [String(item.id), item.state + (item.late ? " (late)" : ""), item.notice.review, item.notice.kind.rawValue, item.notice.subjectTitle,
             Style.time(item.notice.due), "\(item.attempts)", item.lastError ?? item.notice.problem ?? ""]
        }
        print(grid(rows, header: ["ID", "STATE", "REVIEW", "KIND", "SUBJECT", "DUE", "TRIES", "PROBLEM"]))
    }
}
