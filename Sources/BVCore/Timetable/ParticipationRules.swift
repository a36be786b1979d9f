extension RuleEvaluator {
    func organisationName(_ id: String) -> String { state.organisation(id)?.name ?? id }

    /// Gunning 4: every response conscientiously considered.
    func responsesConsidered(_ rule: TimetableRule) -> RuleFinding {
        let pending = state.responses.filter { $0.considered == nil }
        guard !pending.isEmpty else {
            return RuleFinding(rule: rule, met: true, explanation: state.responses.isEmpty
                ? "no responses have been received" : state.responses.count == 1 ? "the one response has been considered" : "all \(state.responses.count) responses have been considered")
        }
        let list = pending.map { response in
            "\(organisationName(response.organisation)) on '\(state.proposal(response.proposal)?.title ?? response.proposal)' (received \(day(response.received)))"
        }
        return RuleFinding(rule: rule, met: false,
                           explanation: "\(pending.count) of \(state.responses.count) responses \(pending.count == 1 ? "has" : "have") not been considered: \(spokenList(list))",
                           remedy: "record the consideration of each (bvctl response consider)")
    }

    func collectiveAgreement(_ rule: TimetableRule, threshold: Double) -> RuleFinding {
        guard state.baselinePublished != nil else {
            return RuleFinding(rule: rule, met: false, explanation: "the baseline profile has not been published",
                               remedy: "publish it and ask each invited organisation to agree or object")
        }
        var problems: [String] = []
        let silent = state.organisations.filter { state.signOff($0.id) == nil }
        if !silent.isEmpty {
            problems.append("\(silent.count) organisation\(silent.count == 1 ? " has" : "s have") neither agreed nor objected: \(spokenList(silent.map(\.name)))")
        }
        let unconsidered = state.signOffs.filter { !$0.agrees && $0.considered == nil }
        if !unconsidered.isEmpty {
            problems.append("the objection\(unconsidered.count == 1 ? "" : "s") of \(spokenList(unconsidered.map { organisationName($0.organisation) })) \(unconsidered.count == 1 ? "has" : "have") not been considered")
        }
        let total = state.organisations.count
        let agreeing = state.signOffs.filter(\.agrees).count
        let share = total == 0 ? 0 : Double(agreeing) / Double(total)
        let percent = Int((share * 100).rounded())
        let required = Int((threshold * 100).rounded())
        let tally = "\(agreeing) of \(total) invited organisations (\(percent)%) agree; \(required)% is required"
        if share + 1e-9 < threshold { problems.append(tally) }
        guard problems.isEmpty else {
            return RuleFinding(rule: rule, met: false, explanation: problems.joined(separator: "; "))
        }
        return RuleFinding(rule: rule, met: true, explanation: tally.replacing(" is required", with: " was required"))
    }

    func disclosureSettled(_ rule: TimetableRule) -> RuleFinding {
        guard !state.disclosureItems.isEmpty else {
            return RuleFinding(rule: rule, met: false, explanation: "no information items have been listed for the disclosure agreement",
                               remedy: "record each item as public, representatives-only or exempt with a reason (bvctl disclosure set)")
        }
        let undecided = state.disclosureItems.filter { $0.disclosure == .undecided }
        guard undecided.isEmpty else {
            return RuleFinding(rule: rule, met: false,
                               explanation: "\(undecided.count) information item\(undecided.count == 1 ? " is" : "s are") undecided: \(spokenList(undecided.map { "'\($0.title)'" }))")
        }
        let exempt = state.disclosureItems.filter { $0.disclosure == .exempt }.count
        return RuleFinding(rule: rule, met: true,
                           explanation: (state.disclosureItems.count == 1 ? "the one information item is settled" : "all \(state.disclosureItems.count) information items are settled")
                               + " (\(exempt) exempt with reasons)")
    }

    func strandsComplete(_ rule: TimetableRule, _ ids: [String]) -> RuleFinding {
        let wanted = ids.isEmpty ? workflow.strands.filter(\.required).map(\.id) : ids
        let incomplete = wanted.filter { state.strand($0)?.status != .complete }
        guard !incomplete.isEmpty else {
            return RuleFinding(rule: rule, met: true, explanation: wanted.count == 1 ? "the one required assessment strand is complete" : "all \(wanted.count) required assessment strands are complete")
        }
        let list = incomplete.map { id in
            "\(workflow.strand(id)?.title ?? id) (\((state.strand(id)?.status ?? .notStarted).rawValue.replacing("-", with: " ")))"
        }
        return RuleFinding(rule: rule, met: false,
                           explanation: "\(incomplete.count) of \(wanted.count) required assessment strands \(incomplete.count == 1 ? "is" : "are") not complete: \(spokenList(list))")
    }

    func organisationsInvited(_ rule: TimetableRule, _ minimumOrganisations: Int, _ minimumCategories: Int) -> RuleFinding {
        let count = state.organisations.count
        let categories = Set(state.organisations.map(\.category)).count
        let facts = "\(count) organisation\(count == 1 ? "" : "s") from \(categories) categor\(categories == 1 ? "y" : "ies") invited"
        guard count >= minimumOrganisations, categories >= minimumCategories else {
            return RuleFinding(rule: rule, met: false,
                               explanation: "\(facts); at least \(minimumOrganisations) from \(minimumCategories) categories are required",
                               remedy: "invite more organisations (bvctl review invite)")
        }
        return RuleFinding(rule: rule, met: true, explanation: facts)
    }

    func indicatorsTargeted(_ rule: TimetableRule) -> RuleFinding {
        guard !state.indicators.isEmpty else {
            return RuleFinding(rule: rule, met: false, explanation: "no performance indicators have been added",
                               remedy: "add them with their baselines and targets (bvctl indicator add, bvctl indicator target)")
        }
        let missing = state.indicators.filter { $0.target == nil }
        guard missing.isEmpty else {
            return RuleFinding(rule: rule, met: false,
                               explanation: "\(missing.count) indicator\(missing.count == 1 ? " has" : "s have") no target: \(spokenList(missing.map(\.code)))")
        }
        return RuleFinding(rule: rule, met: true, explanation: state.indicators.count == 1 ? "the one indicator has a target" : "all \(state.indicators.count) indicators have targets")
    }

    func monitoringComplete(_ rule: TimetableRule) -> RuleFinding {
        guard let owner = workflow.owner(of: decisionID), owner.monitoring != nil,
              let periods = MonitoringPeriods(workflow: workflow, state: state, zone: zone), periods.phase == owner.id
        else {
            return RuleFinding(rule: rule, met: false, explanation: "monitoring has not begun")
        }
        let count = periods.count
        let lastEnd = periods.end(of: count)
        var problems: [String] = []
        if at < lastEnd {
            problems.append("the last monitoring period (\(count), \(periods.label(of: count))) ends on \(zone.format(lastEnd))")
        }
        var missing: [String] = []
        for indicator in state.indicators {
            for period in 1...count where state.measurement(indicator.code, period: period) == nil {
                missing.append("\(indicator.code) for period \(period)")
            }
        }
        if !missing.isEmpty { problems.append("measurements missing: \(spokenList(missing))") }
        guard problems.isEmpty else {
            return RuleFinding(rule: rule, met: false, explanation: problems.joined(separator: "; "),
                               allowedFrom: missing.isEmpty ? .instant(lastEnd) : nil)
        }
        return RuleFinding(rule: rule, met: true,
                           explanation: count == 1 ? "the one monitoring period has ended and every indicator was measured in it"
                                : "all \(count) monitoring periods have ended and every indicator was measured in each")
    }
}
