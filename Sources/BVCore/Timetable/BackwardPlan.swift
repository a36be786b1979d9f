/// One prerequisite of a decision on a target date: the latest date it can happen, or that it is
/// done, or why it makes the date impossible.
public struct PlanStep: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Already satisfied for the target date.
        case done
        /// Still to do, no later than `latest`.
        case due
        /// Cannot be satisfied for the target date.
        case impossible
        /// Not a matter of dates; must hold by the target date.
        case condition
    }

    public let rule: String
    public let title: String
    public let status: Status
    public let latest: TimetableBound?
    public let text: String
}

/// The backward schedule for taking a decision on a chosen date.
public struct DecisionPlan: Sendable, Hashable, Codable {
    public let review: String
    public let decision: String
    public let title: String
    public let on: CivilDate
    public let steps: [PlanStep]
    /// Whether every step can still be met in time.
    public var possible: Bool { !steps.contains { $0.status == .impossible } }
}

extension ReviewEngine {
    /// For a decision on `date`, the latest date of each prerequisite (papers, public notice,
    /// key-decision notice, consultation start), or why the date is impossible; first, what the
    /// workflow itself asks by then (`workflowSteps`).
    public func plan(_ decision: String, on date: CivilDate, state: ReviewState, now: Instant) -> Result<DecisionPlan, CommandError> {
        guard let definition = workflow.decision(decision) else {
            return .failure(.notFound("the workflow has no decision '\(decision)'"))
        }
        let today = zone.date(of: now)
        guard date >= today else { return .failure(.invalid("\(date) is in the past; plan for today (\(today)) or later")) }
        let steps = workflowSteps(decision, definition, on: date, state: state, now: now)
            + ruleSteps(definition.rules, decision: decision, on: date, state: state, now: now)
        return .success(DecisionPlan(review: state.id, decision: decision, title: definition.title, on: date, steps: steps))
    }

    /// The steps of `rules` for `decision` on `date`, judged at the meeting that can take
    /// decisions that day if there is one.
    func ruleSteps(_ rules: [String], decision: String, on date: CivilDate, state: ReviewState, now: Instant) -> [PlanStep] {
        let meeting = state.meetings.first { $0.isActive && zone.date(of: $0.start) == date && workflow.takesDecisions($0) }
        // The deciding meeting's start when there is one, so that periods with time parts count to it.
        let target = meeting?.start ?? zone.startOfDay(date)
        let evaluator = RuleEvaluator(workflow: workflow, context: context, state: state, at: target,
                                      meeting: meeting, now: now, decisionID: decision)
        var steps: [PlanStep] = []
        for rule in rules.compactMap(workflow.rule) {
            do {
                steps.append(try step(rule, target: target, date: date, meeting: meeting, state: state, now: now, evaluator: evaluator))
            } catch {
                steps.append(PlanStep(rule: rule.id, title: rule.title, status: .impossible, latest: nil, text: error.description))
            }
        }
        return steps
    }

    private func step(_ rule: TimetableRule, target: Instant, date: CivilDate, meeting: Meeting?, state: ReviewState,
                      now: Instant, evaluator: RuleEvaluator) throws(CalendarError) -> PlanStep {
        func deadline(_ period: TimetablePeriod, done: Instant?, what: String) throws(CalendarError) -> PlanStep {
            let latest = try context.latest(before: target, leaving: period)
            if let done {
                return latest.isNotPassed(by: done, in: zone)
                    ? PlanStep(rule: rule.id, title: rule.title, status: .done, latest: latest, text: "\(what) on \(zone.date(of: done)), in time")
                    : PlanStep(rule: rule.id, title: rule.title, status: .impossible, latest: latest,
                               text: "\(what) on \(zone.date(of: done)), after \(latest.formatted(in: zone)), the latest date for a decision on \(date)")
            }
            return latest.isNotPassed(by: now, in: zone)
                ? PlanStep(rule: rule.id, title: rule.title, status: .due, latest: latest, text: "\(what) by \(latest.formatted(in: zone))")
                : PlanStep(rule: rule.id, title: rule.title, status: .impossible, latest: latest,
                           text: "\(what) by \(latest.formatted(in: zone)), which has passed")
        }
        switch rule.kind {
        case .papersBeforeMeeting(let period):
            return try deadline(period, done: meeting?.papersPublished, what: "papers published")
        case .noticeBeforeMeeting(let period):
            return try deadline(period, done: meeting?.noticeGiven, what: "public notice of the meeting given")
        case .noticeBeforeDecision(let period):
            return try deadline(period, done: state.decision(evaluator.decisionID)?.noticeGiven, what: "notice of the decision given")
        case .consultationPeriod(let period):
            guard let first = state.proposals.min(by: { $0.published < $1.published }) else {
                return try deadline(period, done: nil, what: "first proposal published (consultation begins)")
            }
            let ends = try context.earliest(after: first.published, by: period)
            return ends.isReached(by: target, in: zone)
                ? PlanStep(rule: rule.id, title: rule.title, status: .done, latest: nil,
                           text: "consultation began on \(zone.date(of: first.published)) and runs its \(period) by \(ends.formatted(in: zone))")
                : PlanStep(rule: rule.id, title: rule.title, status: .impossible, latest: nil,
                           text: "consultation began on \(zone.date(of: first.published)); its \(period) end on \(ends.formatted(in: zone)), after \(date)")
        case .responseWindow:
            let open = state.proposals.filter { !evaluator.firstAfter($0.responseDeadline).isReached(by: target, in: zone) }
            return open.isEmpty
                ? PlanStep(rule: rule.id, title: rule.title, status: .done, latest: nil, text: "every response window published so far closes before \(date)")
                : PlanStep(rule: rule.id, title: rule.title, status: .impossible, latest: nil,
                           text: "responses may still be made on \(date) to \(spokenList(open.map { "'\($0.title)' (until \($0.responseDeadline.formatted(in: zone)))" }))")
        default:
            let finding = evaluator.evaluate(rule)
            return PlanStep(rule: rule.id, title: rule.title, status: finding.met ? .done : .condition, latest: nil,
                            text: finding.met ? finding.explanation : "must hold by \(date): \(finding.explanation)")
        }
    }
}
