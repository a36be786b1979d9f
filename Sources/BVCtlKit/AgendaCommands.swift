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

/// `bvctl notices …`: the notice outbox.
struct NoticesGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "List the notices queued for delivery and what became of them.",
        discussion: "Example: bvctl notices list --failed",
        subcommands: [NoticesList.self]
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
