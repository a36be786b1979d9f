import ArgumentParser
import BVCore

struct ReviewShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a review's progress: phases, participation, meetings, open decisions and reminders.",
        discussion: """
            The phase timeline gives each phase's deadline and the dates the review entered and left it; \
            participation lists the organisations by category, their representatives and their answer on \
            the baseline; each meeting shows whether its papers were published and notice given; each open \
            decision lists what blocks it and the earliest date it becomes possible. Times are Europe/London.

            Example:
            \(CommandExample.laidOut(#"bvctl review show housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        guard let view = try connection.read(ReviewViewReply.self, APIPath.review(review)) else { return }
        print(ReviewProgress(view: view).lines.joined(separator: "\n"))
    }
}

/// The human progress view of a review.
struct ReviewProgress {
    let view: ReviewViewReply
    var state: ReviewState { view.review }

    var lines: [String] {
        summary + timeline + participation + meetings + decisions
            + reminders("Next reminders", view.upcoming, empty: "none planned")
            + (view.missed.isEmpty ? [] : reminders("Missed reminders", view.missed, empty: "", missed: true))
    }

    var summary: [String] {
        var lines = [Style.bold("Review \(state.id): \(state.title)"),
                     "service: \(state.service); lead: \(state.lead); plan year \(FinancialYear(state.planYear)); workflow \(view.workflow.id) v\(view.workflow.version)"]
        if let closed = state.closed {
            lines.append("closed on \(Style.day(closed)); \(Style.count(state.eventCount, "event"))")
        } else if let phase = state.currentPhase {
            let deadline = view.timeline.first { $0.phase == phase }?.deadline
            lines.append("phase: \(view.phaseTitle ?? phase) (\(phase)) since \(Style.day(state.phaseEntered))"
                + (deadline.map { ", deadline \(Style.lastDay($0))" } ?? "") + "; \(Style.count(state.eventCount, "event"))")
        }
        return lines
    }

    var timeline: [String] {
        let rows = view.timeline.map { line -> [String] in
            let current = line.phase == state.currentPhase
            return [line.title, line.deadline.map(Style.lastDay) ?? "-", Style.day(line.entered), Style.day(line.left), current ? "<- current" : ""]
        }
        return [Style.heading("Phase timeline"), grid(rows, header: ["PHASE", "DEADLINE", "ENTERED", "LEFT", ""])]
    }

    var participation: [String] {
        let organisations = state.organisations
        let categories = Set(organisations.map(\.category))
        var lines = [Style.heading("Participation: \(Style.count(organisations.count, "organisation")) in \(Style.count(categories.count, "category", plural: "categories"))")]
        guard !organisations.isEmpty else { return lines + ["no organisations invited yet (bvctl review invite)"] }
        let rows = organisations.sorted { ($0.category, $0.name) < ($1.category, $1.name) }.map { org -> [String] in
            let reps = state.representatives(of: org.id).map(\.name)
            return [org.category, "\(org.name) (\(org.id))", reps.isEmpty ? "none" : reps.joined(separator: ", "), signOff(org.id)]
        }
        lines.append(grid(rows, header: ["CATEGORY", "ORGANISATION", "REPRESENTATIVES", "BASELINE"]))
        if let published = state.baselinePublished {
            let agreed = state.signOffs.filter(\.agrees).count
            let objected = state.signOffs.count - agreed
            lines.append("baseline published \(Style.day(published)): \(agreed) of \(organisations.count) agreed, \(objected) objected, "
                + "\(organisations.count - state.signOffs.count) not yet answered")
        } else {
            lines.append("baseline not yet published")
        }
        return lines
    }

    func signOff(_ organisation: String) -> String {
        guard state.baselinePublished != nil else { return "-" }
        guard let answer = state.signOff(organisation) else { return "no answer" }
        if answer.agrees { return "agreed \(Style.day(answer.at))" }
        return "objected \(Style.day(answer.at))" + (answer.considered == nil ? ", not yet considered" : ", considered")
    }

    var meetings: [String] {
        guard !state.meetings.isEmpty else { return [Style.heading("Meetings"), "none scheduled (bvctl meeting schedule)"] }
        return [Style.heading("Meetings"), MeetingTable.render(state.meetings)]
    }

    var decisions: [String] {
        var lines = [Style.heading("Open decisions")]
        if view.openDecisions.isEmpty { lines.append(state.closed == nil ? "none: every decision of this phase is taken" : "none: the review is closed") }
        for readiness in view.openDecisions { lines += ReadinessText.summary(readiness) }
        let taken = state.decisions.filter { $0.taken != nil }
        if !taken.isEmpty {
            lines.append(Style.heading("Decisions taken"))
            lines.append(grid(taken.map { [$0.id, Style.day($0.taken), $0.meeting ?? "-", $0.outcome ?? ""] },
                               header: ["DECISION", "TAKEN", "MEETING", "OUTCOME"]))
        }
        return lines
    }

    func reminders(_ title: String, _ notices: [PlannedNotice], empty: String, missed: Bool = false) -> [String] {
        guard !notices.isEmpty else { return [Style.heading(title), empty] }
        let body = grid(notices.map { [Style.time($0.due), $0.kind.rawValue, $0.subjectTitle, $0.rule] }, header: ["DUE", "KIND", "SUBJECT", "RULE"])
        return [Style.heading(title), missed ? Style.red(body) : body]
    }
}

/// The meetings of a review as a table: start, papers, notice, status.
enum MeetingTable {
    static func render(_ meetings: [Meeting]) -> String {
        let rows = meetings.sorted { $0.start < $1.start }.map { meeting -> [String] in
            [meeting.id, Style.time(meeting.start), meeting.title, meeting.method,
             meeting.papersPublished.map { "published \(Style.day($0))" } ?? "not published",
             meeting.noticeGiven.map { "given \(Style.day($0))" } ?? "not given",
             status(meeting)]
        }
        return grid(rows, header: ["MEETING", "START", "TITLE", "METHOD", "PAPERS", "NOTICE", "STATUS"])
    }

    static func status(_ meeting: Meeting) -> String {
        if let cancelled = meeting.cancelled { return "cancelled \(Style.day(cancelled))" + (meeting.cancellationReason.map { ": \($0)" } ?? "") }
        if let held = meeting.held { return "held \(Style.day(held))" }
        return "scheduled"
    }
}
