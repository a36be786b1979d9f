extension ReviewEngine {
    /// Everything that stands between the review and `decision` now: workflow conditions and every
    /// rule with its explanation, and the earliest date the decision becomes possible.
    /// Without `meeting`, a decision taken at a meeting is judged at the next one that can take it.
    public func why(_ decision: String, meeting: String? = nil, state: ReviewState, now: Instant) -> Result<DecisionReadiness, CommandError> {
        do { return .success(try readiness(of: decision, meeting: meeting, state: state, now: now, taking: false)) } catch { return .failure(error) }
    }

    /// `why` for every decision of the current phase that has not been taken.
    public func openDecisions(state: ReviewState, now: Instant) -> [DecisionReadiness] {
        guard let current = state.currentPhase, let phase = workflow.phase(current) else { return [] }
        return phase.decisions.filter { state.decision($0)?.taken == nil }.compactMap {
            try? readiness(of: $0, meeting: nil, state: state, now: now, taking: false)
        }
    }

    func readiness(of id: String, meeting meetingID: String?, state: ReviewState, now: Instant, taking: Bool) throws(CommandError) -> DecisionReadiness {
        guard let definition = workflow.decision(id) else {
            throw .notFound("the workflow has no decision '\(id)'; its decisions are \(workflow.decisions.map(\.id).joined(separator: ", "))")
        }
        var blockers: [String] = []
        if let taken = state.decision(id)?.taken {
            blockers.append("'\(definition.title)' was already taken on \(zone.date(of: taken))")
        }
        for earlier in definition.after where state.decision(earlier)?.taken == nil {
            blockers.append("'\(definition.title)' comes after '\(workflow.decision(earlier)?.title ?? earlier)' (\(earlier)), which has not been taken")
        }
        if let owner = workflow.owner(of: id), owner.id != state.currentPhase {
            let current = state.currentPhase.flatMap { workflow.phase($0) }?.title ?? "closed"
            blockers.append("'\(definition.title)' belongs to phase '\(owner.title)'; the review is in phase '\(current)'")
        }
        var meeting: Meeting?
        if let meetingID {
            guard let found = state.meeting(meetingID) else { throw .notFound("no meeting '\(meetingID)' in this review") }
            meeting = found
            if !found.isActive { blockers.append("meeting '\(found.title)' was cancelled") }
            if definition.atMeeting, workflow.method(found.method)?.takesDecisions != true {
                blockers.append("'\(found.title)' is a \(workflow.method(found.method)?.title.lowercased() ?? found.method), which cannot take decisions; "
                    + "choose a meeting of: \(workflow.methods.filter(\.takesDecisions).map(\.id).joined(separator: ", "))")
            }
            if taking, found.start > now {
                blockers.append("meeting '\(found.title)' begins at \(zone.format(found.start)); record the decision once it has begun")
            }
            // The decision is dated by its meeting: one that began before the review entered the
            // decision's phase would put it on the record before its phase.
            if let owner = workflow.owner(of: id), owner.id == state.currentPhase,
               let entered = state.phases.last(where: { $0.phase == owner.id })?.entered, found.start < entered {
                blockers.append("meeting '\(found.title)' began at \(zone.format(found.start)), before the review entered phase '\(owner.title)' "
                    + "at \(zone.format(entered)); take the decision at a meeting after that")
            }
        } else if definition.atMeeting {
            if taking {
                // A meeting sitting now (begun within the last 12 hours) or the next one to come.
                let next = nextDecisionMeeting(state, from: now.adding(seconds: -43_200))
                blockers.append("'\(definition.title)' is taken at a meeting; name the meeting that takes it"
                    + (next.map { ", such as '\($0.id)' (\($0.title), \(zone.format($0.start)))" } ?? ""))
            } else {
                meeting = nextDecisionMeeting(state, from: now)
                if meeting == nil {
                    blockers.append("no meeting that can take decisions is scheduled (\(workflow.methods.filter(\.takesDecisions).map(\.id).joined(separator: ", ")))")
                }
            }
        }
        let at = definition.atMeeting ? (meeting?.start ?? now) : now
        let evaluator = RuleEvaluator(workflow: workflow, context: context, state: state, at: at, meeting: meeting, now: now, decisionID: id)
        let findings = definition.rules.compactMap(workflow.rule).map(evaluator.evaluate)
        let unmet = findings.filter { !$0.met }
        var earliest: TimetableBound?
        // A meeting that cannot take the decision (cancelled, or of a method that takes none)
        // has no date to wait for: its blocker says what to do.
        let meetingCanDecide = meeting.map { $0.isActive && (!definition.atMeeting || workflow.takesDecisions($0)) } ?? true
        if meetingCanDecide, !unmet.isEmpty, unmet.allSatisfy({ $0.allowedFrom != nil }) {
            earliest = unmet.compactMap(\.allowedFrom).max { $0.start(in: zone) < $1.start(in: zone) }
            // Judged at a meeting that has begun, a date already passed means: from now, at another.
            switch earliest {
            case .date(let day)? where day < zone.date(of: now): earliest = .date(zone.date(of: now))
            case .instant(let moment)? where moment < now: earliest = .instant(now)
            default: break
            }
        }
        return DecisionReadiness(review: state.id, decision: id, title: definition.title, at: at, meeting: meeting?.id,
                                 blockers: blockers, findings: findings, earliest: earliest)
    }

    /// The first meeting from `from` on that can take decisions and has not been cancelled or held.
    func nextDecisionMeeting(_ state: ReviewState, from: Instant) -> Meeting? {
        state.meetings
            .filter { $0.isActive && $0.held == nil && $0.start >= from && workflow.takesDecisions($0) }
            .min { $0.start < $1.start }
    }
}
