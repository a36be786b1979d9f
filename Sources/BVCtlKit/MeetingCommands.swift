import ArgumentParser
import BVCore

/// `bvctl meeting …`: meetings, workshops, forums, panels and juries of a review.
struct MeetingGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "Schedule, move and cancel meetings; record papers, public notice and that they were held.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl meeting schedule housing-repairs cc-1 --title \"Coordinating committee\" --method coordinating-committee --start \"2027-04-01 18:30\" --place \"Town Hall\" --invite-all"))",
        subcommands: [MeetingSchedule.self, MeetingInvite.self, MeetingReschedule.self, MeetingCancel.self, MeetingPapers.self,
                      MeetingNotice.self, MeetingHeld.self, MeetingList.self]
    )
}

/// The review and meeting arguments every meeting command takes.
struct MeetingTarget: ParsableArguments {
    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The meeting's id in the review.", valueName: "meeting")) var meeting: String

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(meeting, "meeting")
    }

    func path(_ action: String) -> String { APIPath.review(review, "meetings", meeting, action) }
}

/// A meeting start: a future date and time, Europe/London.
func futureStart(_ text: String) throws -> LocalDateTime {
    let start = try DateOption.dateTime(text, "--start")
    guard Zone.london.instant(of: start) > DateArgument.currentInstant() else {
        throw ValidationError("--start: \(start.date) \(start.time) is in the past; a meeting is scheduled for a time to come")
    }
    return start
}

/// A note when the wall-clock time does not exist in Europe/London (the hour the clocks go forward),
/// which bvd moves forward by the gap, or exists twice (the hour they go back), when bvd takes the
/// first: the officer should know which time was meant.
func clockChangeNote(_ start: LocalDateTime) -> String {
    let instant = Zone.london.instant(of: start)
    let actual = Zone.london.localDateTime(of: instant)
    if actual != start {
        return " (\(start.time) does not exist on \(start.date): the clocks go forward, so it is \(actual.time) \(Zone.london.abbreviation(at: instant)))"
    }
    let hourLater = instant.adding(seconds: 3600)
    if Zone.london.localDateTime(of: hourLater) == start {
        return " (\(start.time) happens twice on \(start.date), as the clocks go back: this is the first, \(start.time) \(Zone.london.abbreviation(at: instant)))"
    }
    return ""
}

/// `--invite ORG …` or `--invite-all`: which of the review's organisations a meeting invites.
struct InviteeOptions: ParsableArguments {
    @Option(name: .customLong("invite"), help: ArgumentHelp("An invited organisation to invite (repeatable, or comma-separated).", valueName: "org"))
    var invitees: [String] = []
    @Flag(help: "Invite every organisation invited to the review (as it stands now).") var inviteAll = false

    var named: [String] { invitees.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } } }

    func validate() throws {
        if inviteAll, !invitees.isEmpty { throw ValidationError("give either --invite or --invite-all, not both") }
        for organisation in named { try requireIdentifier(organisation, "--invite") }
    }

    /// The organisations named, or with --invite-all every organisation the review has now.
    func organisations(review: String, _ connection: DaemonConnection) throws -> [String] {
        guard inviteAll else { return named }
        let reply = try connection.call("GET", APIPath.review(review))
        return try decodeReply(ReviewViewReply.self, reply).review.organisations.map(\.id)
    }
}

/// More organisations for a meeting already scheduled: they are sent the invitation, and the
/// meeting's reminders reach them too.
struct MeetingInvite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite more of the review's organisations to a meeting already scheduled.",
        discussion: """
            Organisations already invited to the meeting are left out; with --invite-all, every \
            organisation the review has now that the meeting does not.

            Example:
            \(CommandExample.laidOut(#"bvctl meeting invite housing-repairs cc-1 --invite pensioners,unison"#))
            """)

    @OptionGroup var target: MeetingTarget
    @OptionGroup var invite: InviteeOptions
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if invite.named.isEmpty, !invite.inviteAll { throw ValidationError("name organisations with --invite, or give --invite-all") }
    }

    func run() throws {
        var organisations = try invite.organisations(review: target.review, connection)
        if invite.inviteAll {
            let reply = try connection.call("GET", APIPath.review(target.review))
            let already = try decodeReply(ReviewViewReply.self, reply).review.meetings.first { $0.id == target.meeting }?.invitees ?? []
            organisations.removeAll { already.contains($0) }
            guard !organisations.isEmpty else {
                return print("Every organisation of review '\(target.review)' is already invited to meeting '\(target.meeting)'.")
            }
        }
        try connection.command("POST", APIPath.review(target.review, "meetings", target.meeting, "invitees"),
                               body: ["organisations": organisations],
                               message: "Invited \(Style.count(organisations.count, "more organisation")) to meeting '\(target.meeting)'.")
    }
}

struct MeetingSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule a meeting of one of the workflow's methods of involvement.",
        discussion: """
            --start is local time in Europe/London: \(DateArgument.dateTimeForms). Invitees must be \
            organisations invited to the review; --invite-all invites every one of them.

            Example:
            \(CommandExample.laidOut(#"bvctl meeting schedule housing-repairs cc-1 --title "Coordinating committee" --method coordinating-committee --start "next thursday 18:30" --place "Committee Room 2" --invite-all"#))
            """)

    @OptionGroup var target: MeetingTarget
    @Option(help: "What the meeting is called.") var title: String
    @Option(help: ArgumentHelp("One of the workflow's methods, e.g. coordinating-committee.", valueName: "method")) var method: String
    @Option(help: ArgumentHelp("When it begins (Europe/London).", valueName: "date-time")) var start: String
    @Option(help: "Where it is held.") var place: String
    @OptionGroup var invite: InviteeOptions
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireText(title, "--title")
        try requireIdentifier(method, "--method")
        try requireText(place, "--place")
        _ = try futureStart(start)
    }

    func run() throws {
        let start = try futureStart(start)
        let invited = try invite.organisations(review: target.review, connection)
        try connection.command("POST", APIPath.review(target.review, "meetings"),
                               body: ["id": target.meeting, "title": title, "method": method, "start": start.description,
                                      "place": place, "invitees": invited],
                               message: "Scheduled '\(title)' (\(target.meeting)) for \(Style.time(Zone.london.instant(of: start)))\(clockChangeNote(start)) at \(place), "
                                   + "with \(Style.count(invited.count, "organisation")) invited.")
    }
}

struct MeetingReschedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move a meeting to a new start, and optionally a new place; invitees are told.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl meeting reschedule housing-repairs cc-1 --start \"2027-04-08 18:30\" --place \"Council Chamber\""))")

    @OptionGroup var target: MeetingTarget
    @Option(help: ArgumentHelp("The new start (Europe/London): \(DateArgument.dateTimeForms).", valueName: "date-time")) var start: String
    @Option(help: "The new place; the old one when not given.") var place: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws { _ = try futureStart(start) }

    func run() throws {
        let start = try futureStart(start)
        try connection.command("POST", target.path("reschedule"), body: ["start": start.description, "place": place],
                               message: "Moved meeting '\(target.meeting)' to \(Style.time(Zone.london.instant(of: start)))\(clockChangeNote(start))" + (place.map { " at \($0)" } ?? "") + ".")
    }
}

struct MeetingCancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a meeting, saying why; the reason is sent to the invitees.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl meeting cancel housing-repairs cc-1 --reason \"Not quorate; re-arranged for 8 April\""))")

    @OptionGroup var target: MeetingTarget
    @Option(help: "Why the meeting is cancelled.") var reason: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireText(reason, "--reason") }

    func run() throws {
        try connection.command("POST", target.path("cancel"), body: ["reason": reason], message: "Cancelled meeting '\(target.meeting)'.")
    }
}

struct MeetingPapers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers",
        abstract: "Record that a meeting's papers (agenda and reports) were published, now or on a past day.",
        discussion: """
            Late papers are recorded all the same; bvctl review why then says which decisions the meeting \
            can no longer take and when the earliest meeting that can take them is.

            Example:
            \(CommandExample.laidOut(#"bvctl meeting papers housing-repairs cc-1 --on yesterday"#))
            """)

    @OptionGroup var target: MeetingTarget
    @Option(help: ArgumentHelp("The day they were published, today or earlier (default now): \(DateArgument.dateForms).", valueName: "date"))
    var on: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws { _ = try DateOption.pastOrToday(on, "--on") }

    func run() throws {
        let day = try DateOption.pastOrToday(on, "--on")
        try connection.command("POST", target.path("papers"), body: ["on": day?.description],
                               message: "Recorded the papers of meeting '\(target.meeting)' as published \(day.map { "on \($0)" } ?? "now").")
    }
}

struct MeetingNotice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Record that public notice of a meeting was given, now or on a past day.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl meeting notice housing-repairs cc-1 --on 2027-03-22"))")

    @OptionGroup var target: MeetingTarget
    @Option(help: ArgumentHelp("The day notice was given, today or earlier (default now): \(DateArgument.dateForms).", valueName: "date"))
    var on: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws { _ = try DateOption.pastOrToday(on, "--on") }

    func run() throws {
        let day = try DateOption.pastOrToday(on, "--on")
        try connection.command("POST", target.path("notice"), body: ["on": day?.description],
                               message: "Recorded public notice of meeting '\(target.meeting)' as given \(day.map { "on \($0)" } ?? "now").")
    }
}

struct MeetingHeld: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "held",
        abstract: "Record that a meeting was held, with its minutes and the organisations present (once it has begun).",
        discussion: """
            The organisations present count as taking part in the review's reports (involvement by category).

            Example:
            \(CommandExample.laidOut(#"bvctl meeting held housing-repairs cc-1 --minutes "Scope agreed; see minute 4." --attended tenants-federation,unison"#))
            """)

    @OptionGroup var target: MeetingTarget
    @Option(help: "The minutes, or a summary with a reference to them.") var minutes: String
    @Option(help: ArgumentHelp("Invited organisations that were present, separated by commas.", valueName: "org,...")) var attended: String?
    @OptionGroup var connection: DaemonConnection

    var attendees: [String]? { attended.map { $0.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty } } }

    func validate() throws {
        try requireText(minutes, "--minutes")
        for organisation in attendees ?? [] { try requireIdentifier(organisation, "organisation") }
    }

    func run() throws {
        let present = attendees.map { " (\(Style.count($0.count, "organisation")) present)" } ?? ""
        try connection.command("POST", target.path("held"), body: ["minutes": minutes, "attendees": attendees],
                               message: "Recorded meeting '\(target.meeting)' as held\(present).")
    }
}

struct MeetingList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's meetings with their papers, notice and status.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the meetings are \
            under .review.meetings.

            Example:
            \(CommandExample.laidOut(#"bvctl meeting list housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        guard !view.review.meetings.isEmpty else { return print("Review '\(review)' has no meetings yet (bvctl meeting schedule).") }
        print(MeetingTable.render(view.review.meetings))
    }
}
