extension ReviewEngine {
    func decide(_ command: ReviewCommand, state: ReviewState, phase: String, now: Instant) throws(CommandError) -> [ReviewChange] {
        switch command {
        case .start:
            throw .conflict("review '\(state.id)' already exists")
        case .invite(let id, let name, let category):
            guard workflow.category(category) != nil else {
                throw .invalid("unknown category '\(category)'; the workflow's categories are \(workflow.categories.map(\.id).joined(separator: ", "))")
            }
            guard state.organisation(id) == nil else { throw .conflict("organisation '\(id)' is already invited to this review") }
            return [.organisationInvited(organisation: id, name: name, category: category)]
        case .addRepresentative(let id, let organisation, let name, let email, let phone):
            guard state.organisation(organisation) != nil else { throw .notFound("organisation '\(organisation)' has not been invited to this review") }
            guard state.representative(id) == nil else { throw .conflict("representative '\(id)' already exists in this review") }
            guard !name.trimmed.isEmpty else { throw .invalid("a representative needs a name") }
            guard email != nil || phone != nil else { throw .invalid("give an email address or a telephone number, so that notices can reach the representative") }
            if let email, !email.contains("@") { throw .invalid("'\(email)' is not an email address") }
            return [.representativeAdded(representative: id, organisation: organisation, name: name, email: email, phone: phone)]
        case .setNoticePreferences(let id, let channel, let digest):
            guard let representative = state.representative(id) else { throw .notFound("no representative '\(id)' in this review") }
            if let channel, channel.trimmed.isEmpty { throw .invalid("a channel needs a name") }
            guard representative.channel != channel || representative.digest != digest else {
                throw .conflict("representative '\(id)' already has these notice preferences")
            }
            return [.noticePreferencesSet(representative: id, channel: channel, digest: digest)]
        case .removeRepresentative(let id):
            guard state.representative(id) != nil else { throw .notFound("no representative '\(id)' in this review") }
            return [.representativeRemoved(representative: id)]
        case .scheduleMeeting(let id, let title, let method, let start, let place, let invitees):
            guard state.meeting(id) == nil else { throw .conflict("meeting '\(id)' already exists in this review") }
            guard workflow.method(method) != nil else {
                throw .invalid("unknown method of involvement '\(method)'; the workflow's methods are \(workflow.methods.map(\.id).joined(separator: ", "))")
            }
            let at = zone.instant(of: start)
            guard at > now else { throw .invalid("a meeting cannot be scheduled in the past (\(start))") }
            for organisation in invitees where state.organisation(organisation) == nil {
                throw .notFound("organisation '\(organisation)' has not been invited to this review")
            }
            return [.meetingScheduled(meeting: id, title: title, method: method, start: at, place: place, invitees: invitees)]
        case .rescheduleMeeting(let id, let start, let place):
            let meeting = try activeMeeting(id, state)
            try standsOnRecord(meeting, state, "moved")
            let at = zone.instant(of: start)
            guard at > now else { throw .invalid("a meeting cannot be moved into the past (\(start))") }
            return [.meetingRescheduled(meeting: id, start: at, place: place ?? meeting.place)]
        case .inviteToMeeting(let id, let organisations):
            let meeting = try activeMeeting(id, state)
            for organisation in organisations where state.organisation(organisation) == nil {
                throw .notFound("organisation '\(organisation)' has not been invited to this review")
            }
            let new = uniqued(organisations).filter { !meeting.invitees.contains($0) }
            guard !new.isEmpty else { throw .conflict("every organisation named is already invited to '\(meeting.title)'") }
            return [.meetingInviteesAdded(meeting: id, organisations: new)]
        case .cancelMeeting(let id, let reason):
            try standsOnRecord(try activeMeeting(id, state), state, "cancelled")
            guard !reason.trimmed.isEmpty else { throw .invalid("say why the meeting is cancelled; invitees are told") }
            return [.meetingCancelled(meeting: id, reason: reason)]
        case .publishPapers(let id, let on):
            let meeting = try activeMeeting(id, state)
            if let first = meeting.papersPublished {
                throw .conflict("papers for '\(meeting.title)' were already published on \(zone.date(of: first)); the first publication is the one the timetable counts")
            }
            let at = try instant(on: on, now: now, what: "papers")
            guard at >= state.created || zone.date(of: at) == zone.date(of: state.created) else {
                throw .invalid("papers cannot be recorded for \(zone.date(of: at)), before the review began on \(zone.date(of: state.created))")
            }
            guard at <= meeting.start else { throw .invalid("papers cannot be published after the meeting has begun") }
            return [.papersPublished(meeting: id, on: at)]
        case .giveMeetingNotice(let id, let on):
            let meeting = try activeMeeting(id, state)
            if let first = meeting.noticeGiven {
                throw .conflict("public notice of '\(meeting.title)' was already given on \(zone.date(of: first)); the first notice is the one the timetable counts")
            }
            let at = try instant(on: on, now: now, what: "public notice")
            guard at >= state.created || zone.date(of: at) == zone.date(of: state.created) else {
                throw .invalid("notice cannot be recorded for \(zone.date(of: at)), before the review began on \(zone.date(of: state.created))")
            }
            guard at <= meeting.start else { throw .invalid("notice cannot be given after the meeting has begun") }
            return [.publicNoticeGiven(meeting: id, on: at)]
        case .recordMeetingHeld(let id, let minutes, let attendees):
            let meeting = try activeMeeting(id, state)
            guard meeting.held == nil else { throw .conflict("meeting '\(id)' is already recorded as held") }
            guard meeting.start <= now else {
                throw .invalid("meeting '\(id)' starts at \(zone.format(meeting.start)); it cannot be recorded as held before then")
            }
            for organisation in attendees ?? [] where state.organisation(organisation) == nil {
                throw .notFound("organisation '\(organisation)' has not been invited to this review, so it cannot be recorded as present")
            }
            return [.meetingHeld(meeting: id, minutes: minutes, attendees: attendees.map(uniqued))]
        case .publishProposal(let id, let title, let deadline):
            guard state.proposal(id) == nil else { throw .conflict("proposal '\(id)' already exists") }
            return [.proposalPublished(proposal: id, title: title, on: now, responseDeadline: try responseDeadline(deadline, now: now))]
        case .receiveResponse(let id, let proposal, let organisation, let summary, let on):
            guard state.response(id) == nil else { throw .conflict("response '\(id)' already exists") }
            guard let published = state.proposal(proposal)?.published else { throw .notFound("no proposal '\(proposal)' in this review") }
            guard state.organisation(organisation) != nil else { throw .notFound("organisation '\(organisation)' has not been invited to this review") }
            let received = try instant(on: on, now: now, what: "a response")
            guard zone.date(of: received) >= zone.date(of: published) else {
                throw .invalid("a response to '\(proposal)' cannot be recorded for \(zone.date(of: received)), before the proposal was published on \(zone.date(of: published))")
            }
            return [.responseReceived(response: id, proposal: proposal, organisation: organisation, summary: summary, on: received)]
        case .considerResponse(let id, let note):
            guard state.response(id) != nil else { throw .notFound("no response '\(id)' in this review") }
            guard !note.trimmed.isEmpty else { throw .invalid("record how the response was considered; the note is the evidence of conscientious consideration") }
            return [.responseConsidered(response: id, note: note)]
        case .giveDecisionNotice(let id, let on, let intended):
            guard workflow.decision(id) != nil else { throw .notFound("the workflow has no decision '\(id)'") }
            guard state.decision(id)?.taken == nil else { throw .conflict("decision '\(id)' has already been taken") }
            let given = try instant(on: on, now: now, what: "notice")
            // A notice announces a decision to come: an intended date before it is a slip of the date.
            if let intended, intended < zone.date(of: given) {
                throw .invalid("the intended date \(intended) is before the notice, given on \(zone.date(of: given)); a notice announces a decision still to come")
            }
            return [.decisionNoticeGiven(decision: id, on: given, intendedDate: intended)]
        case .takeDecision(let id, let meetingID, let outcome):
            let readiness = try self.readiness(of: id, meeting: meetingID, state: state, now: now, taking: true)
            guard readiness.allowed else { throw .refused(readiness) }
            return [.decisionTaken(decision: id, meeting: meetingID, outcome: outcome)]
        case .publishBaseline:
            guard state.baselinePublished == nil else { throw .conflict("the baseline profile was already published") }
            return [.baselinePublished]
        case .signBaseline(let organisation, let agrees, let reason):
            guard state.organisation(organisation) != nil else { throw .notFound("organisation '\(organisation)' has not been invited to this review") }
            guard state.baselinePublished != nil else { throw .conflict("the baseline profile has not been published yet") }
            guard agrees || !(reason ?? "").trimmed.isEmpty else { throw .invalid("an objection must give its reasons") }
            return [.baselineSigned(organisation: organisation, agrees: agrees, reason: reason)]
        case .considerObjection(let organisation, let note):
            guard let signOff = state.signOff(organisation), !signOff.agrees else {
                throw .conflict("'\(organisation)' has recorded no objection to the baseline")
            }
            guard !note.trimmed.isEmpty else { throw .invalid("record how the objection was considered") }
            return [.objectionConsidered(organisation: organisation, note: note)]
        case .setDisclosure(let item, let title, let disclosure, let reason):
            guard disclosure != .exempt || !(reason ?? "").trimmed.isEmpty else {
                throw .invalid("an exempt item must state the reason it is withheld")
            }
            return [.disclosureSet(item: item, title: title, disclosure: disclosure, reason: reason)]
        case .setStrand(let strand, let status, let findings):
            guard workflow.strand(strand) != nil else {
                throw .notFound("the workflow has no assessment strand '\(strand)'; its strands are \(workflow.strands.map(\.id).joined(separator: ", "))")
            }
            return [.strandUpdated(strand: strand, status: status, findings: findings)]
        case .addIndicator(let code, let name, let unit, let polarity, let baseline, let baselinePeriod, let definition, let source, let tolerance):
            return [try addIndicator(code: code, name: name, unit: unit, polarity: polarity, baseline: baseline, baselinePeriod: baselinePeriod,
                                     definition: definition, source: source, tolerance: tolerance, state: state)]
        case .setTarget(let code, let target, let by, let year):
            guard let indicator = state.indicator(code) else { throw .notFound("no indicator '\(code)' in this review") }
            try checkValue(target, of: indicator.code, unit: indicator.knownUnit, what: "target")
            if let year, !(state.planYear - 1...state.planYear + 10).contains(year) {
                throw .invalid("a target year must be between \(state.planYear - 1) and \(state.planYear + 10) (the plan year is \(FinancialYear(state.planYear))), not \(year)")
            }
            if let by {
                // Only the plan year's target carries a date; any other year's is for the year as a whole.
                if let year, year != state.planYear {
                    throw .invalid("a date ('by \(by)') goes with the plan year's target (\(FinancialYear(state.planYear))); the target for \(FinancialYear(year)) is for that year as a whole")
                }
                let began = zone.date(of: state.created)
                guard by >= began else { throw .invalid("a target cannot be due by \(by), before the review began on \(began)") }
            }
            return [.targetSet(code: code, target: target, by: by, year: year)]
        case .removeIndicator(let code):
            return [try removeIndicator(code: code, state: state)]
        case .recordMeasurement(let code, let period, let value):
            return [try recordMeasurement(code: code, period: period, value: value, state: state, phase: phase, now: now)]
        case .setAction(let id, let title, let owner, let due, let strand, let completed):
            guard !title.trimmed.isEmpty else { throw .invalid("an improvement action needs a title") }
            guard !owner.trimmed.isEmpty else { throw .invalid("an improvement action needs an owner: who answers for it") }
            if let strand, workflow.strand(strand) == nil {
                throw .notFound("the workflow has no assessment strand '\(strand)'; its strands are \(workflow.strands.map(\.id).joined(separator: ", "))")
            }
            if let completed, completed > zone.date(of: now) { throw .invalid("an action cannot be recorded as completed on \(completed), a day still to come") }
            return [.actionSet(action: id, title: title, owner: owner, due: due, strand: strand, completed: completed)]
        case .extendMonitoring:
            guard workflow.phase(phase)?.monitoring != nil else {
                throw workflowRefusal("Extending the monitoring", "monitoring can be extended only in a monitoring phase; the review is in '\(phase)'",
                                      state: state, now: now)
            }
            return [.monitoringExtended]
        case .advance:
            return try advance(state: state, phase: phase, now: now)
        }
    }

    /// A meeting recorded as held, or at which decisions were taken, is part of the record: moving
    /// or cancelling it would tell its invitees of a change to a meeting that took place.
    func standsOnRecord(_ meeting: Meeting, _ state: ReviewState, _ what: String) throws(CommandError) {
        if let held = meeting.held {
            throw .conflict("'\(meeting.title)' was recorded as held on \(zone.date(of: held)); a meeting that took place cannot be \(what)")
        }
        let taken = state.decisions.filter { $0.meeting == meeting.id && $0.taken != nil }.map(\.id)
        if !taken.isEmpty {
            throw .conflict("decisions were taken at '\(meeting.title)' (\(taken.joined(separator: ", "))); a meeting that took them cannot be \(what)")
        }
    }

    func activeMeeting(_ id: String, _ state: ReviewState) throws(CommandError) -> Meeting {
        guard let meeting = state.meeting(id) else { throw .notFound("no meeting '\(id)' in this review") }
        guard meeting.isActive else { throw .conflict("meeting '\(id)' was cancelled") }
        return meeting
    }

    /// The deadline given, or the one the workflow's response-window rule sets from now.
    func responseDeadline(_ given: CivilDate?, now: Instant) throws(CommandError) -> TimetableBound {
        if let given {
            guard given > zone.date(of: now) else { throw .invalid("a response deadline must be after today") }
            return .date(given)
        }
        for rule in workflow.rules {
            guard case .responseWindow(let period) = rule.kind else { continue }
            do {
                // The window is inclusive of its last day: N working days after publication.
                switch period {
                case .days(let count) where count.mode != .clearDays:
                    return .date(try context.calendar.earliest(after: zone.date(of: now), by: count))
                default:
                    let end = try context.earliest(after: now, by: period)
                    if case .date(let d) = end { return .date(d.adding(days: -1)) }
                    return end
                }
            } catch { throw .invalid(error.description) }
        }
        throw .invalid("give a response deadline: the workflow has no response-window rule to set one")
    }

    func advance(state: ReviewState, phase: String, now: Instant) throws(CommandError) -> [ReviewChange] {
        guard let definition = workflow.phase(phase) else { throw .conflict("the review is in phase '\(phase)', which its workflow does not define") }
        var blockers: [String] = []
        for decision in definition.exit.decisions where state.decision(decision)?.taken == nil {
            blockers.append("decision '\(workflow.decision(decision)?.title ?? decision)' has not been taken")
        }
        let evaluator = RuleEvaluator(workflow: workflow, context: context, state: state, at: now, meeting: nil, now: now,
                                      decisionID: definition.decisions.first ?? "")
        let findings = definition.exit.rules.compactMap { workflow.rule($0) }.map(evaluator.evaluate)
        let readiness = DecisionReadiness(review: state.id, decision: "advance", title: "Leaving the \(definition.title) phase",
                                          at: now, meeting: nil, blockers: blockers, findings: findings, earliest: nil)
        guard readiness.allowed else { throw .refused(readiness) }
        if let next = workflow.phase(after: phase) { return [.phaseEntered(phase: next.id)] }
        return [.reviewClosed]
    }
}
