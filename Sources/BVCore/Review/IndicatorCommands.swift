extension ReviewEngine {
    /// An indicator from the command, with what it leaves out taken from the workflow's catalogue.
    func addIndicator(code: String, name: String?, unit: String?, polarity: Polarity?, baseline: Double?, baselinePeriod: String?,
                      definition: String?, source: IndicatorSource?, tolerance: Double?, state: ReviewState) throws(CommandError) -> ReviewChange {
        guard state.indicator(code) == nil else { throw .conflict("indicator '\(code)' already exists") }
        let model = workflow.indicator(code)
        guard let name = name ?? model?.name, !name.trimmed.isEmpty else {
            let known = workflow.indicators.map(\.code)
            throw .invalid("'\(code)' is not in the workflow's indicator catalogue, so give its name, unit and polarity"
                + (known.isEmpty ? "" : " (the catalogue has \(known.joined(separator: ", ")))"))
        }
        let unitText = unit ?? model?.unit.rawValue
        guard let unitText, let known = IndicatorUnit(parsing: unitText) else {
            throw .invalid("give the indicator's unit: \(IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", "))"
                + (unitText.map { ", not '\($0)'" } ?? ""))
        }
        guard let polarity = polarity ?? model?.polarity else { throw .invalid("say which way is better for '\(code)': higher or lower") }
        if let tolerance, tolerance < 0 { throw .invalid("a tolerance cannot be negative") }
        if let baseline { try checkValue(baseline, of: code, unit: known, what: "baseline") }
        if let baselinePeriod, FinancialYear(parsing: baselinePeriod) == nil {
            throw .invalid("the baseline period is a financial year such as 2026/27, not '\(baselinePeriod)'")
        }
        return .indicatorAdded(code: code, name: name, unit: known.rawValue, polarity: polarity, baseline: baseline,
                               baselinePeriod: baselinePeriod, definition: definition ?? model?.definition,
                               source: source ?? model?.source, tolerance: tolerance)
    }

    /// A measurement for a period that has ended, in the monitoring phase.
    func recordMeasurement(code: String, period: Int, value: Double, state: ReviewState, phase: String,
                           now: Instant) throws(CommandError) -> ReviewChange {
        guard let indicator = state.indicator(code) else { throw .notFound("no indicator '\(code)' in this review") }
        guard workflow.phase(phase)?.monitoring != nil, let periods = monitoringPeriods(state: state) else {
            throw workflowRefusal("Recording a measurement", "measurements are recorded in a monitoring phase; the review is in '\(phase)'",
                                  state: state, now: now)
        }
        guard periods.numbers.contains(period) else {
            // A label can itself be a range ("… to …"): each period is named on its own.
            throw .invalid(periods.count == 1
                ? "there is no period \(period): the only period is 1 (\(periods.label(of: 1)))"
                : "there is no period \(period): the periods are 1 (\(periods.label(of: 1))) to \(periods.count) (\(periods.label(of: periods.count)))")
        }
        let end = periods.end(of: period)
        guard now >= end else {
            throw workflowRefusal("Recording a measurement for period \(period)",
                                  "period \(period) (\(periods.label(of: period))) has not ended; its measurements can be recorded from \(zone.format(end))",
                                  state: state, now: now, earliest: .instant(end))
        }
        try checkValue(value, of: code, unit: indicator.knownUnit, what: "value")
        return .measurementRecorded(code: code, period: period, value: value)
    }

    /// A command the workflow does not allow at this point of the review, refused like a decision
    /// (bvctl exit status 3), with the reason and, when waiting alone will do, from when.
    func workflowRefusal(_ title: String, _ reason: String, state: ReviewState, now: Instant,
                         earliest: TimetableBound? = nil) -> CommandError {
        .refused(DecisionReadiness(review: state.id, decision: "", title: title, at: now, meeting: nil, blockers: [reason],
                                   findings: [], earliest: earliest))
    }

    /// A value the unit can take: a percentage from 0 to 100, yes or no as 1 or 0.
    func checkValue(_ value: Double, of code: String, unit: IndicatorUnit?, what: String) throws(CommandError) {
        if unit == .yesNo, value != 0, value != 1 { throw .invalid("'\(code)' is yes or no: give 1 for yes, 0 for no, as its \(what)") }
        if unit == .percent, !(0...100).contains(value) {
            throw .invalid("'\(code)' is a percentage: a \(what) of \(plainNumber(value)) is not between 0 and 100")
        }
    }

    /// An indicator added by mistake, before anything was measured against it: once measured, its
    /// record is evidence of how the service did and stays.
    func removeIndicator(code: String, state: ReviewState) throws(CommandError) -> ReviewChange {
        guard state.indicator(code) != nil else { throw .notFound("no indicator '\(code)' in this review") }
        let measured = state.measurements.filter { $0.indicator == code }.count
        guard measured == 0 else {
            throw .conflict("indicator '\(code)' has \(measured) measurement\(measured == 1 ? "" : "s"); a measured indicator stays in the record")
        }
        return .indicatorRemoved(code: code)
    }
}
