public import BVCore

/// "You said, we did": for each proposal, every response by organisation and category and the
/// officer's recorded consideration of it; for each decision that needs responses considered,
/// whether every response received by then had been considered before it. This is the evidence
/// that consultation responses were conscientiously taken into account (the Gunning principles).
public struct YouSaidWeDidReport: Sendable {
    let facts: ReviewFacts

    public init(state: ReviewState, engine: ReviewEngine, now: Instant) { facts = ReviewFacts(state: state, engine: engine, now: now) }

    var state: ReviewState { facts.state }

    public var document: ReportDocument {
        var doc = ReportDocument(title: "You said, we did: \(state.title)",
                                 subtitle: "How the responses to the review's proposals were considered. Produced on \(facts.day(facts.now)).")
        let considered = state.responses.filter { $0.considered != nil }.count
        doc.paragraph("\(count(state.proposals.count, "proposal")) \(state.proposals.count == 1 ? "was" : "were") published for responses; "
            + "\(count(state.responses.count, "response")) \(state.responses.count == 1 ? "was" : "were") received and \(considered) considered.")
        for proposal in state.proposals {
            doc.heading(proposal.title)
            doc.paragraph("Published on \(facts.day(proposal.published)); responses were invited until \(facts.day(proposal.responseDeadline)).")
            let rows = state.responses.filter { $0.proposal == proposal.id }.sorted { ($0.received, $0.id) < ($1.received, $1.id) }.map { response in
                [facts.organisationName(response.organisation),
                 state.organisation(response.organisation).map { facts.categoryTitle($0.category) } ?? "",
                 facts.day(response.received), response.summary,
                 response.considerationNote ?? "Not yet considered.",
                 response.considered.map(facts.day) ?? ""]
            }
            doc.table(ReportTable(caption: "Responses to \(proposal.title)",
                                  columns: ["Organisation", "Category", "Received", "You said", "We did", "Considered on"],
                                  rows: rows, empty: "No responses were received."))
        }
        objections(&doc)
        decisions(&doc)
        return doc
    }

    /// Objections to the baseline profile are answered the same way.
    func objections(_ doc: inout ReportDocument) {
        let objections = state.signOffs.filter { !$0.agrees }
        guard !objections.isEmpty else { return }
        doc.heading("Objections to the baseline profile")
        doc.table(ReportTable(
            caption: "Reasoned objections and how each was considered",
            columns: ["Organisation", "Objection", "We did", "Considered on"],
            rows: objections.map { [facts.organisationName($0.organisation), $0.reason ?? "", $0.considerationNote ?? "Not yet considered.",
                                    $0.considered.map(facts.day) ?? ""] }))
    }

    /// Each decision guarded by a responses-considered rule, with the evidence at the time it was taken.
    func decisions(_ doc: inout ReportDocument) {
        let guarded = facts.workflow.decisions.filter { decision in
            decision.rules.contains { facts.workflow.rule($0)?.kind == .responsesConsidered }
        }
        let rows = guarded.compactMap { definition -> [String]? in
            guard let record = state.decision(definition.id), let taken = record.taken else { return nil }
            let (received, before) = facts.responsesBefore(record)
            let evidence = received == 0 ? "no responses had been received"
                : before == received ? "all \(count(received, "response")) considered before the decision"
                : "\(before) of \(count(received, "response")) considered before the decision"
            return [definition.title, facts.day(taken), evidence]
        }
        doc.heading("Decisions taken after considering the responses")
        doc.table(ReportTable(caption: "Decisions that needed every response considered first", columns: ["Decision", "Taken on", "Responses"],
                              rows: rows, empty: "No such decision has been taken yet."))
    }
}
