import ArgumentParser
import BVCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show bvd's health: version, reviews by phase, reminders not yet sent, next reminders, failed notices.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl status --socket .bvd/control.sock"))")

    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let reply = try connection.call("GET", "/v1/status")
        if connection.json { return print(reply.text) }
        guard let status = (try? JSONDecoder().decode(JSONValue.self, from: Data(reply.body)))?.object else {
            throw BVCtlFailure(.error, "bvd answered with something that is not a status")
        }
        print("bvd \(status["version"]?.string ?? "?") at \(connection.path), running since \(status["started"]?.string.flatMap { Instant(rfc3339: $0) }.map(Style.time) ?? "?")")
        let byPhase = (counts(status["reviewsByPhase"]) ?? [:]).sorted { $0.key < $1.key }
        let reviews = status["reviews"]?.int ?? 0
        print("\(reviews) review\(reviews == 1 ? "" : "s")" + (byPhase.isEmpty ? "" : ": " + byPhase.map { $0.key == "closed" ? "\($0.value) closed" : "\($0.value) in \($0.key)" }.joined(separator: ", ")))
        let overdue = status["overdue"]?.objects ?? []
        // Timers past their due time and not yet fired: the scheduler behind, or bvd just back from
        // downtime. What is overdue in the reviews' work is in bvctl report --all.
        print("\(status["overdueCount"]?.int ?? overdue.count) reminder\((status["overdueCount"]?.int ?? overdue.count) == 1 ? "" : "s") past due and not yet sent")
        // Columns aligned whatever the length of a review's id or a kind.
        func rows(_ items: [[String: JSONValue]]) -> String {
            grid(items.map { ["", dueText($0), $0["review"]?.string ?? "", ($0["kind"]?.string ?? "") + ":", $0["subject"]?.string ?? ""] })
        }
        if !overdue.isEmpty { print(rows(Array(overdue.prefix(10)))) }
        let next = status["nextReminders"]?.objects ?? []
        if !next.isEmpty {
            print("next reminders:")
            print(rows(next))
        }
        let failed = status["failedNotices"]?.int ?? 0, missed = status["missedNotices"]?.int ?? 0
        print("notices: \(status["pendingNotices"]?.int ?? 0) pending, "
            + (failed > 0 ? Style.red("\(failed) failed") : "0 failed") + (missed > 0 ? ", \(missed) missed" : ""))
        if let missedReminders = status["missedReminders"]?.int, missedReminders > 0 {
            let days = status["missedRemindersDays"]?.int ?? 30
            print(Style.red("\(missedReminders) reminder\(missedReminders == 1 ? "" : "s") missed") + " in the last \(days) days: found after their subject had passed (bvd was down), "
                + "recorded and not sent; bvctl agenda lists the recent ones, bvctl review show REVIEW those of one review")
        }
        let channels = status["channels"]?.strings ?? []
        let off = status["disabledChannels"]?.strings ?? []
        if channels.isEmpty {
            print(Style.red("delivery: off, no channels configured (notices.channels in bvd.yaml); notices stay queued"))
        } else {
            print("delivery: " + channels.map { off.contains($0) ? Style.red("\($0) (switched off)") : $0 }.joined(separator: ", "))
        }
        for problem in status["reloadProblems"]?.strings ?? [] { print("reload problem: \(problem)") }
        for warning in status["workflowWarnings"]?.strings ?? [] { print(Style.red("workflow warning: \(warning)")) }
    }

    /// A due instant in Europe/London, as people read it.
    func dueText(_ item: [String: JSONValue]) -> String {
        item["due"]?.string.flatMap { Instant(rfc3339: $0) }.map(Style.time) ?? ""
    }

    /// An object of whole numbers (reviews by phase); nil unless every value is one.
    func counts(_ value: JSONValue?) -> [String: Int]? {
        guard let fields = value?.object else { return nil }
        let numbers = fields.compactMapValues(\.int)
        return numbers.count == fields.count ? numbers : nil
    }
}
