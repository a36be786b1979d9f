extension RuleEvaluator {
    /// Papers or public notice for the deciding meeting, at least `period` before it.
    func meetingRule(_ rule: TimetableRule, _ period: TimetablePeriod, fact: Instant?, noun: String, verb: String,
                     noneYet: String) throws(CalendarError) -> RuleFinding {
        guard let meeting else {
            return RuleFinding(rule: rule, met: false, explanation: "no meeting has been named to take the decision, so \(noun) cannot be judged")
        }
        let neededBy = try context.latest(before: meeting.start, leaving: period)
        let meetingOn = moment(meeting.start, period)
        let plural = noun == "papers"
        let it = plural ? "they" : "it"
        guard let fact else {
            if neededBy.isNotPassed(by: now, in: zone) {
                // Still in time: done by then, the meeting itself can take the decision (if it can
                // take decisions at all: a cancelled one, or a workshop, gives no date).
                let canDecide = meeting.isActive && workflow.takesDecisions(meeting)
                let atMeeting: TimetableBound = if case .duration(let d) = period, !d.isDateOnly { .instant(meeting.start) } else {
                    .date(zone.date(of: meeting.start))
                }
                return RuleFinding(rule: rule, met: false,
                                   explanation: "\(noun) for '\(meeting.title)' \(noneYet)",
                                   remedy: "for the meeting on \(meetingOn) \(it) must be \(verb) by \(neededBy.formatted(in: zone))",
                                   neededBy: neededBy, allowedFrom: canDecide ? atMeeting : nil)
            }
            let ifToday = try context.earliest(after: now, by: period)
            return RuleFinding(rule: rule, met: false,
                               explanation: "\(noun) for '\(meeting.title)' \(noneYet)",
                               remedy: "for the meeting on \(meetingOn) \(it) \(plural ? "were" : "was") needed by \(neededBy.formatted(in: zone)); "
                                   + "if \(it) \(plural ? "are" : "is") \(verb) today (\(moment(now, period))), the earliest meeting that can take the decision is on \(ifToday.formatted(in: zone))",
                               neededBy: neededBy, allowedFrom: ifToday)
        }
        let (measured, skipped) = try gap(fact, meeting.start, period)
        // Counted in days, the day of the meeting itself (or a later one) is not "0 clear days before" it.
        let (factDay, meetingDay) = (zone.date(of: fact), zone.date(of: meeting.start))
        let when: String = switch period {
        case .days where factDay == meetingDay: "the day of the meeting itself, not a day before it"
        case .days where factDay > meetingDay: "after the meeting on \(meetingOn)"
        default: "\(measured) before the meeting on \(meetingOn)\(skipped)"
        }
        let facts = "\(noun) for '\(meeting.title)' \(noun == "papers" ? "were" : "was") \(verb) on \(moment(fact, period)), " + when
        if neededBy.isNotPassed(by: fact, in: zone) {
            return RuleFinding(rule: rule, met: true, explanation: facts, neededBy: neededBy)
        }
        let earliest = try context.earliest(after: fact, by: period)
        return RuleFinding(rule: rule, met: false, explanation: "\(facts); \(requirement(period))",
                           remedy: "\(noun) \(noun == "papers" ? "were" : "was") needed by \(neededBy.formatted(in: zone)); "
                               + "with \(noun == "papers" ? "these papers" : "this notice") the earliest meeting that can take the decision is on \(earliest.formatted(in: zone))",
                           neededBy: neededBy, allowedFrom: earliest)
    }

    /// Notice of the decision itself (a key decision's 28 clear days).
    func decisionNotice(_ rule: TimetableRule, _ period: TimetablePeriod) throws(CalendarError) -> RuleFinding {
        let title = workflow.decision(decisionID)?.title ?? decisionID
        let neededBy = try context.latest(before: at, leaving: period)
        let takenOn = moment(at, period)
        guard let given = state.decision(decisionID)?.noticeGiven else {
            let ifToday = try context.earliest(after: now, by: period)
            let when = neededBy.isNotPassed(by: now, in: zone) ? "is needed by" : "was needed by"
            return RuleFinding(rule: rule, met: false, explanation: "no notice of the decision '\(title)' has been given",
                               remedy: "for a decision on \(takenOn) notice \(when) \(neededBy.formatted(in: zone)); "
                                   + "if notice is given today (\(moment(now, period))), the decision can be taken from \(ifToday.formatted(in: zone))",
                               neededBy: neededBy, allowedFrom: ifToday)
        }
        let (measured, skipped) = try gap(given, at, period)
        let facts = "notice of the decision '\(title)' was given on \(moment(given, period)), \(measured) before \(takenOn)\(skipped)"
        if neededBy.isNotPassed(by: given, in: zone) {
            return RuleFinding(rule: rule, met: true, explanation: facts, neededBy: neededBy)
        }
        let earliest = try context.earliest(after: given, by: period)
        return RuleFinding(rule: rule, met: false, explanation: "\(facts); \(requirement(period))",
                           remedy: "with this notice the decision can be taken from \(earliest.formatted(in: zone))",
                           neededBy: neededBy, allowedFrom: earliest)
    }

    /// The minimum consultation period, counted from the first proposal published.
    func consultation(_ rule: TimetableRule, _ period: TimetablePeriod) throws(CalendarError) -> RuleFinding {
        guard let first = state.proposals.min(by: { $0.published < $1.published }) else {
            let ifToday = try context.earliest(after: now, by: period)
            return RuleFinding(rule: rule, met: false, explanation: "consultation has not begun: no proposal has been published",
                               remedy: "if a proposal is published today (\(moment(now, period))), the decision can be taken from \(ifToday.formatted(in: zone))",
                               allowedFrom: ifToday)
        }
        let ends = try context.earliest(after: first.published, by: period)
        let facts = "consultation began on \(moment(first.published, period)) with proposal '\(first.title)'"
        if ends.isReached(by: at, in: zone) {
            return RuleFinding(rule: rule, met: true, explanation: "\(facts); \(period) had passed by \(moment(at, period))")
        }
        let (measured, _) = try gap(first.published, at, period)
        return RuleFinding(rule: rule, met: false,
                           explanation: "\(facts); by \(moment(at, period)) it has run \(measured); \(requirement(period))",
                           remedy: "the decision can be taken from \(ends.formatted(in: zone))", allowedFrom: ends)
    }

    /// Every published proposal's response window has closed.
    func responseWindow(_ rule: TimetableRule) -> RuleFinding {
        let open = state.proposals.filter { !closed($0.responseDeadline) }
        guard !open.isEmpty else {
            let text = state.proposals.isEmpty ? "no proposal has been published, so no response window is open"
                : state.proposals.count == 1 ? "the response window of the one proposal has closed" : "the response windows of all \(state.proposals.count) proposals have closed"
            return RuleFinding(rule: rule, met: true, explanation: text)
        }
        let latest = open.map { firstAfter($0.responseDeadline) }.max { $0.start(in: zone) < $1.start(in: zone) }!
        let list = open.map { "'\($0.title)' until \($0.responseDeadline.formatted(in: zone))" }
        return RuleFinding(rule: rule, met: false,
                           explanation: "responses may still be made to \(open.count == 1 ? "proposal" : "proposals") \(spokenList(list))",
                           remedy: "the decision can be taken from \(latest.formatted(in: zone))", allowedFrom: latest)
    }

    /// A window that ends on a date is open all that day; one that ends at an instant closes then.
    func closed(_ deadline: TimetableBound) -> Bool {
        firstAfter(deadline).isReached(by: at, in: zone)
    }

    func firstAfter(_ deadline: TimetableBound) -> TimetableBound {
        switch deadline {
        case .date(let d): .date(d.adding(days: 1))
        case .instant: deadline
        }
    }
}
