import ArgumentParser
import BVCore
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show bvd's health: version, reviews by phase, overdue items, next reminders, failed notices.",
        discussion: "Example: bvctl status --socket .bvd/control.sock")

    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let reply = try connection.call("GET", "/v1/status")
        if connection.json { return print(reply.text) }
        guard let status = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any] else {
            throw BVCtlFailure(.error, "bvd answered with something that is not a status")
        }
        print("bvd \(status["version"] as? String ?? "?") at \(connection.path), running since \((status["started"] as? String).flatMap { Instant(rfc3339: $0) }.map(Style.time) ?? "?")")
        let byPhase = (status["reviewsByPhase"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }
        let reviews = status["reviews"] as? Int ?? 0
        print("\(reviews) review\(reviews == 1 ? "" : "s")" + (byPhase.isEmpty ? "" : ": " + byPhase.map { "\($0.value) in \($0.key)" }.joined(separator: ", ")))
        let overdue = status["overdue"] as? [[String: Any]] ?? []
        print("\(status["overdueCount"] as? Int ?? overdue.count) overdue")
        for item in overdue.prefix(10) { print("  \(dueText(item))  \(item["review"] as? String ?? "")  \(item["subject"] as? String ?? "")") }
        let next = status["nextReminders"] as? [[String: Any]] ?? []
        if !next.isEmpty {
            print("next reminders:")
            for item in next { print("  \(dueText(item))  \(item["review"] as? String ?? "")  \(item["kind"] as? String ?? ""): \(item["subject"] as? String ?? "")") }
        }
        let failed = status["failedNotices"] as? Int ?? 0, missed = status["missedNotices"] as? Int ?? 0
        print("notices: \(status["pendingNotices"] as? Int ?? 0) pending, "
            + (failed > 0 ? Style.red("\(failed) failed") : "0 failed") + (missed > 0 ? ", \(missed) missed" : ""))
        let channels = status["channels"] as? [String] ?? []
        let off = status["disabledChannels"] as? [String] ?? []
        if channels.isEmpty {
            print(Style.red("delivery: off, no channels configured (notices.channels in bvd.yaml); notices stay queued"))
        } else {
            print("delivery: " + channels.map { off.contains($0) ? Style.red("\($0) (switched off)") : $0 }.joined(separator: ", "))
        }
        for problem in status["reloadProblems"] as? [String] ?? [] { print("reload problem: \(problem)") }
    }

    /// A due instant in Europe/London, as people read it.
    func dueText(_ item: [String: Any]) -> String {
        (item["due"] as? String).flatMap { Instant(rfc3339: $0) }.map(Style.time) ?? ""
    }
}
