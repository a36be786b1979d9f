import ArgumentParser
import BVCore

struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What is due across reviews in the next days (14 unless --days), with what is overdue or was missed.",
        discussion: """
            Reminders of meetings, papers and notices due, deadlines and measurements, in order of due \
            time (Europe/London). Overdue and missed ones are marked.

            Example:
            \(CommandExample.laidOut(#"bvctl agenda --days 7 --review housing-repairs"#))
            """)

    // Unconditional, so that "--days -1" is a value to refuse rather than a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("How many days ahead to look, 0 to 366.", valueName: "n")) var days: Int?
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
