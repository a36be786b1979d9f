public import BVCore

/// Where a review stands, for officers, members and representatives: phases against their
/// deadlines, involvement by category, meetings by method, decisions with their notice, overdue
/// items and the indicators' status, with the timeline picture in HTML.
public struct ProgressReport: Sendable {
    let facts: ReviewFacts
    let timeline: String?

    /// `timeline` is the review's SVG picture, embedded in HTML.
    public init(state: ReviewState, engine: ReviewEngine, now: Instant, timeline: String? = nil) {
        facts = ReviewFacts(state: state, engine: engine, now: now)
        self.timeline = timeline
    }

    var state: ReviewState { facts.state }

    public var document: ReportDocument {
        var doc = ReportDocument(title: "Progress report: \(state.title)", subtitle: "Produced on \(facts.day(facts.now)).")
        sections(&doc, level: 2)
        return doc
    }

    /// The report's sections, at `level` (3 when the report is part of one across reviews).
    func sections(_ doc: inout ReportDocument, level: Int) {
        doc.paragraph(standing)
        if let timeline {
            doc.blocks.append(.figure(svg: timeline, caption: "Timeline of the review '\(state.title)': phases, meetings, decisions and statutory windows",
                                      elsewhere: "the picture is in the HTML version of this report"))
        }
        doc.heading("Phases", level: level)
        doc.table(ReportTable(caption: "Phases with their deadlines and actual dates", columns: ["Phase", "Began", "Ended", "Deadline", "Timeliness"],
                              rows: facts.phases.map(phaseRow)))
        doc.heading("Involvement", level: level)
        doc.paragraph(facts.summaryOfInvolvement)
        doc.table(ReportTable(caption: "Involvement by category", columns: ["Category", "Invited", "Took part", "Times taking part"],
                              rows: facts.involvementByCategory.map { [$0.category, String($0.invited.count), String($0.tookPart), String($0.times)] },
                              numeric: [1, 2, 3], empty: "No organisations have been invited."))
        doc.table(ReportTable(caption: "Meetings by method", columns: ["Method", "Held", "Cancelled", "Past, not recorded as held", "To come", "Attendances"],
                              rows: facts.meetingsByMethod.map {
                                  [$0.method, String($0.held), String($0.cancelled), String($0.notRecorded), String($0.upcoming), String($0.attendances)]
                              },
                              numeric: [1, 2, 3, 4, 5], empty: "No meetings have been scheduled."))
        doc.heading("Decisions", level: level)
        doc.table(ReportTable(caption: "Decisions with their notice", columns: ["Decision", "Key", "Notice given", "Taken", "Clear days' notice", "Where"],
                              rows: decisionRows, empty: "No decision has been noticed or taken yet."))
        doc.heading("Overdue", level: level)
        let overdue = facts.overdue
        if overdue.isEmpty { doc.paragraph("Nothing is overdue.") } else { doc.list(overdue) }
        doc.heading("Indicators", level: level)
        doc.table(ReportTable(caption: "Indicators and their latest measurement", columns: ["Code", "Indicator", "Baseline", "Target", "Latest", "Status", "Trend"],
                              rows: indicatorRows, empty: "No indicators have been added."))
    }

    var standing: String {
        if let closed = state.closed { return "The review closed on \(facts.day(closed))." }
        let phase = state.currentPhase.flatMap { facts.workflow.phase($0)?.title } ?? "?"
        return "The review is in its \(phase) phase, entered on \(state.phaseEntered.map(facts.day) ?? "?"). The lead officer is \(state.lead)."
    }

    func phaseRow(_ phase: ReviewFacts.PhaseFacts) -> [String] {
        let timeliness: String
        if phase.entered == nil { timeliness = "not started" }
        else if let late = phase.daysLate { timeliness = "late by \(count(late, "day"))" }
        else if phase.left == nil && state.closed == nil { timeliness = "in progress" }
        else { timeliness = phase.deadline == nil ? "done" : "on time" }
        return [phase.title, phase.entered.map(facts.day) ?? "", phase.left.map(facts.day) ?? "", phase.deadline.map { facts.day($0.adding(milliseconds: -1)) } ?? "", timeliness]
    }

    var decisionRows: [[String]] {
        facts.workflow.decisions.compactMap { definition in
            guard let record = state.decision(definition.id) else { return nil }
            let meeting = record.meeting.flatMap(state.meeting).map { "\($0.title) (\(facts.methodTitle($0.method)))" } ?? ""
            return [definition.title, definition.key ? "yes" : "no", record.noticeGiven.map(facts.day) ?? "",
                    record.taken.map(facts.day) ?? "not yet", facts.noticeDays(record).map(String.init) ?? "", meeting]
        }
    }

    var indicatorRows: [[String]] {
        let table = facts.engine.monitoringTable(state: state, now: facts.now)
        return state.indicators.map { indicator in
            let latest = table?.latest(indicator.code)
            let label = latest.flatMap { table?.period($0.period)?.label }
            let target = latest?.target ?? indicator.target
            return [indicator.code, indicator.name, indicator.baseline.map(indicator.format) ?? "",
                    target.map(indicator.format) ?? "none", latest?.value.map { indicator.format($0) + (label.map { " (\($0))" } ?? "") } ?? "not measured",
                    latest?.status.words ?? (table == nil ? "monitoring not begun" : TargetStatus.notMeasured.words), latest?.trend?.words ?? ""]
        }
    }
}

/// One report across reviews: a summary table, then each review's progress.
public struct ProgressOverview: Sendable {
    let reports: [ProgressReport]
    let now: Instant
    let zone: Zone

    public init(reports: [ProgressReport], now: Instant, zone: Zone) { (self.reports, self.now, self.zone) = (reports, now, zone) }

    public var document: ReportDocument {
        var doc = ReportDocument(title: "Best Value reviews: progress", subtitle: "Produced on \(ReviewFacts.day(zone.date(of: now))).")
        doc.table(ReportTable(
            caption: "Every review", columns: ["Review", "Phase", "Lead officer", "Overdue items"],
            rows: reports.map { report in
                [report.state.title, report.state.currentPhase.flatMap { report.facts.workflow.phase($0)?.title } ?? "closed",
                 report.state.lead, String(report.facts.overdue.count)]
            }, numeric: [3], empty: "There are no reviews."))
        for report in reports {
            doc.heading(report.state.title)
            report.sections(&doc, level: 3)
        }
        return doc
    }
}
