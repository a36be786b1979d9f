extension ReviewEngine {
    /// What the workflow, rather than the timetable, asks before `decision` can be taken on
    /// `date`: that it has not been taken, that the review has reached its phase, leaving each
    /// phase before it on the way (their exit rules planned for the date), and that every decision
    /// to take first is taken: those that end the phases on the way, those it comes after, and
    /// theirs in turn. Each of those is judged by its own phase and planned for the same date: if
    /// its phase is behind the review, or after this decision's, or its own rules rule the date
    /// out, so is this decision ruled out. (`why` reports the conditions of now as blockers.)
    func workflowSteps(_ id: String, _ definition: DecisionDefinition, on date: CivilDate, state: ReviewState, now: Instant) -> [PlanStep] {
        var steps: [PlanStep] = []
        if let taken = state.decision(id)?.taken {
            steps.append(PlanStep(rule: "taken", title: "Not taken already", status: .impossible, latest: nil,
                                  text: "'\(definition.title)' was taken on \(zone.date(of: taken))"))
        }
        func phaseIndex(of decision: String) -> Int? {
            workflow.owner(of: decision).flatMap { owner in workflow.phases.firstIndex { $0.id == owner.id } }
        }
        guard let phase = state.currentPhase, let current = workflow.phases.firstIndex(where: { $0.id == phase }) else {
            return steps + [PlanStep(rule: "phase", title: "Review open", status: .impossible, latest: nil, text: "the review is closed")]
        }
        let target = phaseIndex(of: id)
        var first: [String] = []
        if let target, let owner = workflow.owner(of: id) {
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
        // The decisions to take first, and theirs in turn, each once.
        first += definition.after
        var seen: Set<String> = [id]
        var index = 0
        while index < first.count {
            let earlier = first[index]
            index += 1
            guard seen.insert(earlier).inserted, state.decision(earlier)?.taken == nil, let prior = workflow.decision(earlier) else { continue }
            first += prior.after
            let name = "'\(prior.title)' (\(earlier))"
            func ruledOut(_ why: String) -> PlanStep {
                PlanStep(rule: "after", title: "'\(prior.title)' first", status: .impossible, latest: nil, text: "\(name) must be taken first, but \(why)")
            }
            if let at = phaseIndex(of: earlier), at < current {
                steps.append(ruledOut("it belongs to phase '\(workflow.phases[at].title)', which the review has left without it"))
            } else if let at = phaseIndex(of: earlier), let target, at > target {
                steps.append(ruledOut("it belongs to phase '\(workflow.phases[at].title)', after this decision's"))
            } else if let impossible = ruleSteps(prior.rules, decision: earlier, on: date, state: state, now: now).first(where: { $0.status == .impossible }) {
                steps.append(ruledOut("cannot be by \(date): \(impossible.title.lowercased()), \(impossible.text)"))
            } else {
                steps.append(PlanStep(rule: "after", title: "'\(prior.title)' first", status: .condition, latest: nil,
                                      text: "\(name) must be taken first, by \(date); its own steps have their own dates (plan it for \(date) too)"))
            }
        }
        return steps
    }
}
