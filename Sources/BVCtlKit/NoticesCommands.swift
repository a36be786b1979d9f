import ArgumentParser
import BVCore

/// `bvctl notices …`: the notice outbox, delivery channels and previews.
struct NoticesGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "List the notices queued for delivery and what became of them; preview and retry notices.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices list --failed"))",
        subcommands: [NoticesList.self, NoticesShow.self, NoticesRetry.self, NoticesPreview.self, NoticesChannels.self, NoticesEnable.self]
    )
}

struct NoticesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notices in the outbox, optionally only failed or pending ones, or one review's.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices list --failed --review housing-repairs"))")

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
             // A delivered notice has no problem left; its earlier failed tries are in notices show.
             Style.time(item.notice.due), "\(item.attempts)", item.state == "delivered" ? "" : item.lastError ?? item.notice.problem ?? ""]
        }
        print(grid(rows, header: ["ID", "STATE", "REVIEW", "KIND", "SUBJECT", "DUE", "TRIES", "PROBLEM"]))
    }
}

/// One notice, how it reads and its delivery history.
struct NoticesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one notice: what it is about, who it goes to, how it reads, and every delivery attempt.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices show 42"))")

    @Argument(help: "The notice's number (bvctl notices list).") var id: Int64
    @Flag(help: "Leave out the rendered subject and text.") var brief = false
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let item = try connection.read(NoticeDetailReply.self, "/v1/notices/\(id)") else { return }
        let notice = item.notice
        print(Style.bold("Notice \(item.id): \(notice.kind.rawValue)") + " — \(notice.subjectTitle)")
        print("review \(notice.review), phase \(notice.phase); due \(Style.time(notice.due)) (\(notice.rule)); about \(Style.time(notice.subjectAt))")
        var to: [String] = []
        if !notice.recipients.roles.isEmpty { to.append("roles " + notice.recipients.roles.joined(separator: ", ")) }
        if !notice.recipients.organisations.isEmpty { to.append("organisations " + notice.recipients.organisations.joined(separator: ", ")) }
        if !notice.recipients.representatives.isEmpty { to.append("representatives " + notice.recipients.representatives.joined(separator: ", ")) }
        print("to: " + (to.isEmpty ? "nobody" : to.joined(separator: "; ")))
        if let problem = notice.problem { print(Style.red("problem: \(problem)")) }
        let state = item.state == "failed" || item.state == "missed" ? Style.red(item.state) : item.state
        print("delivery: \(state)\(item.late ? " (late)" : ""), \(item.attempts) attempt\(item.attempts == 1 ? "" : "s")"
            + (item.nextAttempt.map { ", next \(Style.time($0))" } ?? "") + (item.lastError.map { item.state == "delivered" ? ", after an earlier error: \($0)" : ", last error: \($0)" } ?? ""))
        if !item.deliveries.isEmpty {
            print("")
            print(grid(item.deliveries.map { [Style.time($0.at), $0.recipient, $0.channel, $0.outcome, $0.detail ?? ""] },
                       header: ["AT", "RECIPIENT", "CHANNEL", "OUTCOME", "DETAIL"]))
        }
        if !brief, let content = item.content {
            print("")
            if to.isEmpty { print(Style.bold("How it would read") + " (it has nobody to go to; shown for a stand-in):") }
            print(Style.bold("Subject: ") + content.subject)
            print(content.text)
            if let calendar = content.calendar { print(Style.bold("Calendar: ") + "METHOD:\(calendar.method), \(calendar.text.utf8.count) bytes attached") }
        }
    }
}

/// Puts failed notices back in the queue.
struct NoticesRetry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Requeue a failed notice, or every failed notice, for delivery now.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices retry 42    or    bvctl notices retry --failed"))")

    @Argument(help: "The failed notice's number.") var id: Int64?
    @Flag(help: "Retry every failed notice.") var failed = false
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if (id == nil) == !failed { throw ValidationError("give a notice's number or --failed, not both") }
    }

    func run() throws {
        if let id {
            let reply = try connection.call("POST", "/v1/notices/\(id)/retry")
            return print(connection.json ? reply.text : "Requeued notice \(id) for delivery now.")
        }
        let reply = try connection.call("POST", "/v1/notices/retry")
        if connection.json { return print(reply.text) }
        let count = try decodeReply(RequeuedReply.self, reply).requeued
        print(count == 0 ? "No failed notices." : "Requeued \(count) failed notice\(count == 1 ? "" : "s") for delivery now.")
    }
}

/// Renders a notice for a review without sending it.
struct NoticesPreview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show how a notice of a kind would read for a review now, without sending it.",
        discussion: """
            Uses a notice already planned or queued for the review when there is one (of --subject, if \
            given), and the first representative it would go to.

            Example:
            \(CommandExample.laidOut(#"bvctl notices preview housing-repairs meeting-invitation --subject tenants-forum"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The kind of notice, e.g. meeting-invitation, papers-published, meeting-reminder.", valueName: "kind"))
    var kind: String
    @Option(help: ArgumentHelp("The meeting, proposal or decision it is about.", valueName: "id")) var subject: String?
    @Flag(help: "Also print the HTML body and the calendar invitation.") var full = false
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        guard NoticeKind(rawValue: kind) != nil else {
            throw ValidationError("'\(kind)' is not a kind of notice; kinds: \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let target = APIPath.query(APIPath.review(review, "notices", "preview"), [("kind", kind), ("subject", subject)])
        guard let content = try connection.read(RenderedNoticeReply.self, target) else { return }
        print(Style.bold("Subject: ") + content.subject)
        print("")
        print(content.text)
        if full, let html = content.html { print("\n" + Style.bold("HTML:") + "\n" + html) }
        if let calendar = content.calendar {
            print("\n" + Style.bold("Calendar invitation (METHOD:\(calendar.method))") + (full ? ":\n" + calendar.text : ""))
        }
    }
}

/// The configured delivery channels and whether any is switched off.
struct NoticesChannels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "List the delivery channels configured in bvd.yaml and whether each is switched on.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices channels"))")

    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let channels = try connection.read([ChannelReplyModel].self, "/v1/channels") else { return }
        guard !channels.isEmpty else {
            return print("No delivery channels are configured: notices stay queued. Configure notices.channels in bvd.yaml.")
        }
        print(grid(channels.map { channel in
            [channel.name, channel.adapter, "\(channel.maximumInFlight)",
             channel.disabled.map { Style.red("off since \(Style.time($0.since)): \($0.reason)") } ?? "on"]
        }, header: ["CHANNEL", "ADAPTER", "IN FLIGHT", "STATE"]))
    }
}

/// Switches a channel back on after its endpoint said it was gone.
struct NoticesEnable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Switch a delivery channel back on after its endpoint answered 410 Gone.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl notices enable hooks"))")

    @Argument(help: ArgumentHelp("The channel's name (bvctl notices channels).", valueName: "channel")) var channel: String
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        let reply = try connection.call("POST", "/v1/channels/\(APIPath.segment(channel))/enable")
        print(connection.json ? reply.text : "Channel '\(channel)' is switched on; waiting notices will be retried on their schedule.")
    }
}
