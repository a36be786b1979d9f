public import BVCore

/// The review's section of the Local Performance Plan: the service, the conclusions per assessment
/// strand, the targets, the improvement actions, who was involved and how, and the disclosure
/// statement — what the authority publishes by 30 June of the plan year.
public struct PerformancePlanReport: Sendable {
    let facts: ReviewFacts

    public init(state: ReviewState, engine: ReviewEngine, now: Instant) { facts = ReviewFacts(state: state, engine: engine, now: now) }

    var state: ReviewState { facts.state }
    var approved: Bool { state.decision("approve-plan")?.taken != nil }

    /// A name as it reads inside a sentence: "Responsive repairs" becomes "responsive repairs", but
    /// "CCTV and community safety" keeps its capitals.
    static func inSentence(_ text: String) -> String {
        let firstWord = text.prefix { !$0.isWhitespace }
        guard firstWord.dropFirst().allSatisfy({ !$0.isUppercase }) else { return text }
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    public var document: ReportDocument {
        let plan = ReviewFacts.financialYear(state.planYear)
        var doc = ReportDocument(
            title: "Local Performance Plan \(plan): \(state.title)",
            subtitle: "Best Value review of \(Self.inSentence(state.service)). Produced on \(facts.day(facts.now)).")
        if !approved {
            let decision = facts.workflow.decision("approve-plan")?.title ?? "approve the plan"
            doc.paragraph("DRAFT: this section has not been approved. The decision '\(decision)' has not been taken yet, so its targets are proposals.")
        }
        doc.heading("The service and the review")
        doc.paragraph(introduction)
        conclusions(&doc)
        targets(&doc)
        actions(&doc)
        involvement(&doc)
        disclosure(&doc)
        return doc
    }

    var introduction: String {
        var text = "This section reports the Best Value review of \(Self.inSentence(state.service)) "
            + "for the plan year \(ReviewFacts.financialYear(state.planYear)) (1 April \(state.planYear) to 31 March \(state.planYear + 1)). "
            + "The review began on \(facts.day(state.created))"
        if let approved = state.decision("approve-plan")?.taken {
            text += "; this section was approved on \(facts.day(approved))"
        }
        if let published = state.decision("publish-plan")?.taken { text += " and published on \(facts.day(published))" }
        return text + "."
    }

    func conclusions(_ doc: inout ReportDocument) {
        doc.heading("Conclusions of the review")
        let rows = facts.workflow.strands.compactMap { strand -> [String]? in
            let record = state.strand(strand.id)
            guard record != nil || strand.required else { return nil }
            return [strand.title, strand.fourC?.rawValue.capitalized ?? "", record.map { Self.words($0.status) } ?? "not started",
                    record?.findings.isEmpty == false ? record!.findings : "No findings recorded."]
        }
        doc.table(ReportTable(caption: "Findings of each assessment strand", columns: ["Strand", "The 4 Cs", "Status", "Findings"], rows: rows))
    }

    static func words(_ status: StrandStatus) -> String {
        switch status {
        case .notStarted: "not started"
        case .inProgress: "in progress"
        case .complete: "complete"
        }
    }

    func targets(_ doc: inout ReportDocument) {
        doc.heading("Performance indicators and targets")
        let years = Array(Set(state.indicators.flatMap { $0.targets.map(\.year) } + [state.planYear])).sorted()
        let rows = state.indicators.map { indicator -> [String] in
            var row = [indicator.code, indicator.name, indicator.polarity == .higherIsBetter ? "higher" : "lower",
                       indicator.baseline.map { indicator.format($0) + (indicator.baselinePeriod.map { " (\($0))" } ?? "") } ?? "not recorded"]
            row += years.map { year in
                guard let target = indicator.targets.first(where: { $0.year == year }) else { return "" }
                let by = year == state.planYear ? indicator.targetDate.map { " by \(ReviewFacts.day($0))" } ?? "" : ""
                return indicator.format(target.value) + by
            }
            row.append(indicator.source?.title ?? "")
            return row
        }
        let columns = ["Code", "Indicator", "Better", "Baseline"] + years.map { "Target \(ReviewFacts.financialYear($0))" } + ["Source"]
        doc.table(ReportTable(caption: approved ? "Targets agreed with representatives" : "Targets proposed (not yet approved)", columns: columns, rows: rows,
                              numeric: Set(3..<(4 + years.count)), empty: "No indicators have been added to the plan."))
        doc.list(state.indicators.compactMap { indicator in indicator.definition.map { "\(indicator.code), \(indicator.name): \($0)" } })
    }

    func actions(_ doc: inout ReportDocument) {
        doc.heading("Improvement actions")
        let today = facts.zone.date(of: facts.now)
        let rows = state.actions.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map { action -> [String] in
            let status = action.completed.map { "done on \(ReviewFacts.day($0))" } ?? (action.due < today ? "overdue" : "open")
            return [action.title, action.owner, ReviewFacts.day(action.due), action.strand.flatMap { facts.workflow.strand($0)?.title } ?? "", status]
        }
        doc.table(ReportTable(caption: "What will be done, by whom and when", columns: ["Action", "Owner", "Due", "Answers the strand", "Status"],
                              rows: rows, empty: "No improvement actions have been recorded."))
    }

    func involvement(_ doc: inout ReportDocument) {
        doc.heading("Who was involved and how")
        doc.paragraph(facts.summaryOfInvolvement)
        doc.table(ReportTable(
            caption: "Organisations by category",
            columns: ["Category", "Organisations invited", "Took part"],
            rows: facts.involvementByCategory.map { ($0.category, $0.invited.map(\.name).joined(separator: "; "), "\($0.tookPart) of \($0.invited.count)") }
                .map { [$0.0, $0.1, $0.2] },
            empty: "No organisations have been invited."))
        doc.table(ReportTable(
            caption: "Methods of involvement",
            columns: ["Method", "Meetings held", "Attendances recorded"],
            rows: facts.meetingsByMethod.map { [$0.method, String($0.held), String($0.attendances)] }, numeric: [1, 2],
            empty: "No meetings have been held."))
    }

    func disclosure(_ doc: inout ReportDocument) {
        doc.heading("Disclosure statement")
        let withheld = state.disclosureItems.filter { $0.disclosure == .exempt }
        doc.paragraph(state.disclosureItems.isEmpty
            ? "No information was recorded as withheld; everything the review used is open to inspection."
            : "The review agreed with representatives which information is disclosed. \(count(withheld.count, "item")) \(withheld.count == 1 ? "was" : "were") withheld from publication, with the reason below.")
        doc.table(ReportTable(
            caption: "Information and its disclosure",
            columns: ["Information", "Disclosed to", "Reason"],
            rows: state.disclosureItems.map { [$0.title, Self.audience($0.disclosure), $0.reason ?? ""] }))
    }

    static func audience(_ disclosure: Disclosure) -> String {
        switch disclosure {
        case .public: "the public"
        case .representatives: "representatives taking part"
        case .exempt: "withheld (exempt)"
        case .undecided: "not yet agreed"
        }
    }
}
