extension ReviewEngine {
    /// What the workflow, rather than the timetable, asks before `decision` can be taken on
    /// `date`: that it has not been taken, that the decisions it comes after are taken first, and
    /// that the review has reached its phase, leaving each phase before it on the way. A decision
    /// still to be taken first is planned for the same date: if its own rules rule that date out,
    /// so do they for this one. (`why` reports the same conditions as blockers, for now.)
    func workflowSteps(_ id: String, _ definition: DecisionDefinition, on date: CivilDate, state: ReviewState, now: Instant) -> [PlanStep] {
        var steps: [PlanStep] = []
        if let taken = state.decision(id)?.taken {
            steps.append(PlanStep(rule: "taken", title: "Not taken already", status: .impossible, latest: nil,
                                  text: "'\(definition.title)' was taken on \(zone.date(of: taken))"))
        }
        var first: [String] = []
        if let owner = workflow.owner(of: id), let target = workflow.phases.firstIndex(where: { $0.id == owner.id }) {
            guard let phase = state.currentPhase, let current = workflow.phases.firstIndex(where: { $0.id == phase }) else {
                return steps + [PlanStep(rule: "phase", title: "In phase '\(owner.title)'", status: .impossible, latest: nil, text: "the review is closed")]
            }
            if target < current {
                steps.append(PlanStep(rule: "phase", title: "In phase '\(owner.title)'", status: .impossible, latest: nil,
                                      text: "'\(definition.title)' belongs to phase '\(owner.title)', which the review has left; it is in phase '\(workflow.phases[current].title)'"))
            } else if target > current {
                for leaving in workflow.phases[current..<target] {
                    first += leaving.exit.decisions
                    // A rule the decision has too is planned once, as its own.
                    let exitRules = leaving.exit.rules.filter { !definition.rules.contains($0) }
                    steps += ruleSteps(exitRules, decision: leaving.decisions.first ?? "", on: date, state: state, now: now).map {
                        PlanStep(rule: $0.rule, title: $0.title, status: $0.status, latest: $0.latest, text: "to leave phase '\(leaving.title)': \($0.text)")
                    }
                }
                steps.append(PlanStep(rule: "phase", title: "In phase '\(owner.title)'", status: .condition, latest: nil,
                                      text: "the review must have moved on to phase '\(owner.title)' by \(date); it is in phase '\(workflow.phases[current].title)'"))
            }
        }
        first += definition.after
        var planned: Set<String> = []
        for earlier in first where state.decision(earlier)?.taken == nil && planned.insert(earlier).inserted {
            guard let prior = workflow.decision(earlier) else { continue }
            let ruledOut = ruleSteps(prior.rules, decision: earlier, on: date, state: state, now: now).first { $0.status == .impossible }
            steps.append(ruledOut.map {
                PlanStep(rule: "after", title: "'\(prior.title)' first", status: .impossible, latest: nil,
                         text: "'\(prior.title)' (\(earlier)) must be taken first and cannot be by \(date): \($0.title.lowercased()), \($0.text)")
            } ?? PlanStep(rule: "after", title: "'\(prior.title)' first", status: .condition, latest: nil,
                          text: "'\(prior.title)' (\(earlier)) must be taken first, by \(date)"))
        }
        return steps
    }
}
