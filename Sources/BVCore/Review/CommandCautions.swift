extension ReviewEngine {
    /// Whether `cautions` can have anything to say about `command`, so that a caller need not
    /// load the review's engine for the others.
    public static func mayCaution(_ command: ReviewCommand) -> Bool {
        switch command {
        case .publishProposal(_, _, .some), .scheduleMeeting, .rescheduleMeeting, .start, .receiveResponse, .giveDecisionNotice: true
        default: false
        }
    }

    /// What an accepted command did that the timetable advises against without forbidding it:
    /// said to the officer, recorded all the same. A response deadline set by hand earlier than
    /// the workflow's response window would set leaves less time than its rule asks; a meeting
    /// that can take decisions, set so soon that its papers or public notice are already late,
    /// could take none; a meeting with nobody invited has nobody to tell; a review started for a plan
    /// year whose fixed deadlines have passed is late; a response after its window is late; notice of
    /// a decision that is not a key decision is likely a slip.
    public func cautions(for command: ReviewCommand, state: ReviewState? = nil, now: Instant) -> [String] {
        switch command {
        case .publishProposal(_, _, let given?):
            return shortResponseWindow(given, now: now)
        case .scheduleMeeting(let id, _, _, _, _, let invitees):
            guard let meeting = state?.meeting(id) else { return [] }
            let nobody = invitees.isEmpty ? ["nobody is invited to '\(meeting.title)': its invitation has nobody to go to until organisations are invited to it"] : []
            return nobody + lateForMeeting(meeting, now: now)
        case .rescheduleMeeting(let id, _, _):
            guard let meeting = state?.meeting(id) else { return [] }
            return lateForMeeting(meeting, now: now)
        case .start:
            guard let state else { return [] }
            return passedPlanYearDeadlines(state, now: now)
        case .giveDecisionNotice(let id, _, _):
            guard let decision = workflow.decision(id), !decision.key else { return [] }
            return ["'\(decision.title)' is not a key decision: its notice is recorded, but no rule of the workflow asks for it"]
        case .receiveResponse(let id, _, _, _, _):
            guard let response = state?.response(id), let proposal = state?.proposal(response.proposal) else { return [] }
            guard response.received >= proposal.responsesClose(in: zone) else { return [] }
            return ["response '\(id)' came after the response window of '\(proposal.title)' closed (\(proposal.responseDeadline.formatted(in: zone))): "
                    + "recorded as late; it is still to be considered like the others before the decision"]
        default:
            return []
        }
    }

    private func shortResponseWindow(_ given: CivilDate, now: Instant) -> [String] {
        guard let rule = workflow.rules.first(where: { if case .responseWindow = $0.kind { true } else { false } }),
              case .responseWindow(let period) = rule.kind,
              let window = try? responseDeadline(nil, now: now), case .date(let usual) = window, given < usual
        else { return [] }
        return ["responses close on \(given), before the workflow's response window of \(period) ends on \(usual); "
                + "rule '\(rule.title)' asks for that time to respond\(rule.source.map { " — \($0)" } ?? "")"]
    }

    /// A review started for a plan year whose fixed deadlines (the plan published by 30 June)
    /// have passed would be late from its first day.
    private func passedPlanYearDeadlines(_ state: ReviewState, now: Instant) -> [String] {
        workflow.phases.compactMap { phase in
            guard case .dayOfPlanYear(let month, let day)? = phase.deadline,
                  let date = CivilDate(year: month >= 4 ? state.planYear : state.planYear + 1, month: month, day: day),
                  date < zone.date(of: now)
            else { return nil }
            return "phase '\(phase.title)' is due by \(date.longDescription) in the plan year \(FinancialYear(state.planYear)), "
                + "which has passed: it will be late from the start (was a later plan year meant?)"
        }
    }

    private func lateForMeeting(_ meeting: Meeting, now: Instant) -> [String] {
        guard workflow.takesDecisions(meeting) else { return [] }
        var late: [String] = []
        for rule in workflow.rules {
            let period: TimetablePeriod, done: Instant?
            switch rule.kind {
            case .papersBeforeMeeting(let p): (period, done) = (p, meeting.papersPublished)
            case .noticeBeforeMeeting(let p): (period, done) = (p, meeting.noticeGiven)
            default: continue
            }
            guard done == nil, let latest = try? context.latest(before: meeting.start, leaving: period), !latest.isNotPassed(by: now, in: zone)
            else { continue }
            late.append("for '\(meeting.title)' on \(zone.format(meeting.start)), rule '\(rule.title)' needed it done by "
                        + "\(latest.formatted(in: zone)), which has passed: a decision at this meeting would be refused")
        }
        return late
    }
}
