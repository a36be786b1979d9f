extension ReviewEngine {
    /// Every notice the timetable plans for the review in its current phase, in order of due time.
    /// Pure: a function of the workflow, the state and the calendar.
    public func plannedNotices(state: ReviewState) -> [PlannedNotice] {
        guard let phaseID = state.currentPhase, let phase = workflow.phase(phaseID), let entered = state.phaseEntered else { return [] }
        var planner = NoticePlanner(engine: self, state: state, phase: phase)
        for reminder in phase.reminders {
            for subject in planner.subjects(of: reminder.subject, entered: entered) {
                for offset in reminder.offsets {
                    // A time offset is elapsed time: it has no wall-clock time, and several may fall on one day.
                    planner.add(kind: subject.kind, subject: subject, due: due(subject.at, offset: offset, at: reminder.at),
                                rule: offset.isDateOnly ? "\(offset.spoken) before, at \(reminder.at)" : "\(offset.spoken) before",
                                to: reminder.to, exact: !offset.isDateOnly)
                }
            }
        }
        if let deadline = deadlineInstant(phase, entered: entered, state: state) {
            let subject = NoticePlanner.Subject(kind: .deadlinePassed, id: phase.id, title: "deadline of phase '\(phase.title)'", at: deadline)
            planner.add(kind: .deadlinePassed, subject: subject, due: deadline, rule: "when the deadline passes", to: phase.escalateTo)
        }
        if phase.monitoring != nil, let periods = monitoringPeriods(state: state) {
            for n in periods.numbers where !planner.measured(period: n) {
                let subject = NoticePlanner.Subject(kind: .measurementOverdue, id: "period-\(n)", title: "measurements for monitoring period \(n) (\(periods.label(of: n)))", at: periods.due(of: n))
                planner.add(kind: .measurementOverdue, subject: subject, due: periods.due(of: n), rule: "when the measurements are overdue", to: phase.escalateTo)
            }
        }
        return planner.notices.sorted { ($0.due, $0.key) < ($1.due, $1.key) }
    }

    /// A date-only offset lands at the reminder's wall-clock time on the civil day; a time offset is elapsed time.
    func due(_ subjectAt: Instant, offset: ISODuration, at time: LocalTime) -> Instant {
        guard offset.isDateOnly else { return offset.added(to: subjectAt, in: zone, sign: -1) }
        let day = offset.added(to: zone.date(of: subjectAt.adding(milliseconds: -1)), sign: -1)
        return zone.instant(of: LocalDateTime(date: day, time: time))
    }

    /// The instant a phase's deadline passes: the start of the day after a date deadline.
    public func deadlineInstant(_ phase: PhaseDefinition, entered: Instant, state: ReviewState) -> Instant? {
        switch phase.deadline {
        case nil: return nil
        case .afterEntry(let d) where d.isDateOnly:
            return zone.startOfDay(d.added(to: zone.date(of: entered)).adding(days: 1))
        case .afterEntry(let d):
            return d.added(to: entered, in: zone)
        case .dayOfPlanYear(let month, let day):
            let year = month >= 4 ? state.planYear : state.planYear + 1
            return zone.startOfDay(CivilDate(year: year, month: month, day: day)!.adding(days: 1))
        }
    }
}

/// Gathers the subjects of reminders and builds their notices.
struct NoticePlanner {
    struct Subject {
        let kind: NoticeKind
        let id: String
        let title: String
        /// When the subject happens; for a "due" date, the start of the day after it.
        let at: Instant
        var organisations: [String]? = nil
    }

    let engine: ReviewEngine
    let state: ReviewState
    let phase: PhaseDefinition
    var notices: [PlannedNotice] = []
    var keys = Set<String>()

    var zone: Zone { engine.zone }

    func measured(period: Int) -> Bool {
        !state.indicators.isEmpty && state.indicators.allSatisfy { indicator in
            state.measurement(indicator.code, period: period) != nil
        }
    }

    func subjects(of kind: ReminderSubject, entered: Instant) -> [Subject] {
        let upcoming = state.meetings.filter { $0.isActive && $0.held == nil }
        switch kind {
        case .meeting:
            return upcoming.map { Subject(kind: .meetingReminder, id: $0.id, title: $0.title, at: $0.start, organisations: $0.invitees) }
        case .papersDue:
            guard let period = period(ofRule: { if case .papersBeforeMeeting(let p) = $0 { p } else { nil } }) else { return [] }
            return upcoming.filter { $0.papersPublished == nil && engine.workflow.takesDecisions($0) }
                .compactMap { dueSubject(.papersDue, meeting: $0, period: period, what: "papers for") }
        case .noticeDue:
            guard let period = period(ofRule: { if case .noticeBeforeMeeting(let p) = $0 { p } else { nil } }) else { return [] }
            return upcoming.filter { $0.noticeGiven == nil }
                .compactMap { dueSubject(.noticeDue, meeting: $0, period: period, what: "public notice of") }
        case .deadline:
            guard let at = engine.deadlineInstant(phase, entered: entered, state: state) else { return [] }
            return [Subject(kind: .deadlineApproaching, id: phase.id, title: "deadline of phase '\(phase.title)'", at: at)]
        case .responseDeadline:
            return state.proposals.map { proposal in
                let closes = proposal.responsesClose(in: zone)
                return Subject(kind: .responseDeadline, id: proposal.id, title: "responses to '\(proposal.title)'", at: closes)
            }
        case .measurementDue:
            guard phase.monitoring != nil, let periods = engine.monitoringPeriods(state: state) else { return [] }
            return periods.numbers.filter { !measured(period: $0) }.map {
                Subject(kind: .measurementDue, id: "period-\($0)", title: "measurements for monitoring period \($0) (\(periods.label(of: $0)))", at: periods.due(of: $0))
            }
        }
    }

    /// The period of the first rule of this kind that the phase's decisions use, else any in the workflow.
    func period(ofRule match: (RuleKind) -> TimetablePeriod?) -> TimetablePeriod? {
        let phaseRules = phase.decisions.compactMap(engine.workflow.decision).flatMap(\.rules).compactMap(engine.workflow.rule)
        return (phaseRules + engine.workflow.rules).compactMap { match($0.kind) }.first
    }

    func dueSubject(_ kind: NoticeKind, meeting: Meeting, period: TimetablePeriod, what: String) -> Subject? {
        guard let latest = try? engine.context.latest(before: meeting.start, leaving: period) else { return nil }
        let at: Instant = switch latest {
        case .date(let d): zone.startOfDay(d.adding(days: 1))
        case .instant(let i): i
        }
        return Subject(kind: kind, id: meeting.id, title: "\(what) '\(meeting.title)' (due by \(latest.formatted(in: zone)))", at: at,
                       organisations: meeting.invitees)
    }

    /// The key ends with the civil date due, or with the exact instant (UTC) when `exact`.
    mutating func add(kind: NoticeKind, subject: Subject, due: Instant, rule: String, to: [Recipient], exact: Bool = false) {
        var recipients = NoticeRecipients(roles: [], organisations: [])
        for recipient in to {
            switch recipient {
            case .role(let role): recipients.roles.append(role)
            case .invitees: recipients.organisations += subject.organisations ?? []
            case .representatives: recipients.organisations += state.organisations.map(\.id)
            }
        }
        recipients.organisations = Array(uniqued(recipients.organisations))
        let key = "\(state.id)/\(kind.rawValue)/\(subject.id)/\(exact ? due.description : zone.date(of: due).description)"
        guard keys.insert(key).inserted else { return }
        let problem = recipients.isEmpty
            ? "nobody to send to: \(to.map(\.description).joined(separator: ", ")) \(to.contains(.invitees) ? "(the meeting has no invitees)" : "resolve to no one")"
            : nil
        notices.append(PlannedNotice(key: key, kind: kind, review: state.id, phase: phase.id, subject: subject.id,
                                     subjectTitle: subject.title, subjectAt: subject.at, due: due, rule: rule,
                                     recipients: recipients, problem: problem))
    }
}

/// Keeps the first of each element, in order.
func uniqued(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}
