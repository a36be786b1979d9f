import BVCore

/// The dated facts of one review that the timeline picture, the calendar feed and the open data show, with the
/// statutory windows worked out from the workflow's rules as the reminder planner works them out:
/// a window runs from the latest day its rule allows to the event it guards.
struct ReviewDates {
    let state: ReviewState
    let engine: ReviewEngine
    let now: Instant

    var zone: Zone { engine.context.zone }
    var workflow: WorkflowDefinition { engine.workflow }

    /// A span a rule of law or practice sets before something happens.
    struct Window {
        enum Kind: String, CaseIterable {
            /// Papers open to inspection before a meeting that takes decisions.
            case papers
            /// Public notice of such a meeting.
            case notice
            /// Notice of a key decision before it is taken.
            case keyDecision = "key-decision"
            /// Responses to a published proposal.
            case responses
        }

        let kind: Kind
        /// The meeting, decision or proposal the window belongs to.
        let subject: String
        let subjectTitle: String
        /// The latest day the thing was due (papers, notice), or when the window opened (decision notice, proposal).
        let opens: TimetableBound
        /// What the window leads up to: the meeting, the decision, the response deadline.
        let closes: TimetableBound
        /// When the papers were published or the notice given, if they were.
        let done: Instant?
        /// Done after it was due, or not done and already overdue.
        let late: Bool
    }

    // MARK: Windows

    /// Papers and public notice for every active meeting of a method that takes decisions.
    var meetingWindows: [Window] {
        state.meetings.filter { $0.isActive && workflow.takesDecisions($0) }.flatMap { meeting in
            [(Window.Kind.papers, meeting.papersPublished), (.notice, meeting.noticeGiven)].compactMap { kind, done in
                due(kind, for: meeting).map { due in
                    Window(kind: kind, subject: meeting.id, subjectTitle: meeting.title, opens: due, closes: .instant(meeting.start),
                           done: done, late: isLate(due: due, done: done))
                }
            }
        }
    }

    /// The latest day papers (or notice) for `meeting` could be published (given) under the rules.
    func due(_ kind: Window.Kind, for meeting: Meeting) -> TimetableBound? {
        let taken = state.decisions.filter { $0.meeting == meeting.id }.map(\.id)
        guard let period = period(kind, decisions: taken) else { return nil }
        return try? engine.context.latest(before: meeting.start, leaving: period)
    }

    /// Notice given of a decision, up to when it was taken or is intended to be.
    var decisionWindows: [Window] {
        state.decisions.compactMap { record in
            guard let given = record.noticeGiven else { return nil }
            let closes: TimetableBound
            if let taken = record.taken { closes = .instant(taken) } else if let intended = record.intendedDate { closes = .date(intended) } else { return nil }
            let neededBy = period(.keyDecision, decisions: [record.id]).flatMap { try? engine.context.latest(before: closes.start(in: zone), leaving: $0) }
            return Window(kind: .keyDecision, subject: record.id, subjectTitle: workflow.decision(record.id)?.title ?? record.id,
                          opens: .instant(given), closes: closes, done: given, late: neededBy.map { isLate(due: $0, done: given) } ?? false)
        }
    }

    /// Each proposal's response window, from publication to its deadline.
    var responseWindows: [Window] {
        state.proposals.map { proposal in
            Window(kind: .responses, subject: proposal.id, subjectTitle: proposal.title, opens: .instant(proposal.published),
                   closes: proposal.responseDeadline, done: nil, late: false)
        }
    }

    var windows: [Window] { meetingWindows + decisionWindows + responseWindows }

    /// The period of the first rule of the window's kind among the given decisions' rules, else among the workflow's.
    func period(_ kind: Window.Kind, decisions: [String]) -> TimetablePeriod? {
        let own = decisions.compactMap(workflow.decision).flatMap(\.rules).compactMap(workflow.rule)
        return (own + workflow.rules).lazy.compactMap { rule -> TimetablePeriod? in
            switch (kind, rule.kind) {
            case (.papers, .papersBeforeMeeting(let p)), (.notice, .noticeBeforeMeeting(let p)),
                 (.keyDecision, .noticeBeforeDecision(let p)), (.responses, .responseWindow(let p)): p
            default: nil
            }
        }.first
    }

    /// Done after the due bound, or not done while the bound has passed.
    func isLate(due: TimetableBound, done: Instant?) -> Bool {
        !due.isNotPassed(by: done ?? now, in: zone)
    }

    // MARK: Deadlines

    /// The instant a phase visit's deadline passes, if the phase has one.
    func deadline(of visit: PhaseVisit) -> Instant? {
        workflow.phase(visit.phase).flatMap { engine.deadlineInstant($0, entered: visit.entered, state: state) }
    }

    /// The last day on which something due by `instant` is in time: the day before a midnight, else its own day.
    func lastDay(before instant: Instant) -> CivilDate {
        zone.date(of: instant.adding(milliseconds: -1))
    }

    /// Whether `instant` is the start of a day in the zone, so that it reads as "by the end of the day before".
    func isMidnight(_ instant: Instant) -> Bool { zone.startOfDay(zone.date(of: instant)) == instant }

    /// The monitoring status table, once monitoring has begun.
    var monitoring: MonitoringTable? { engine.monitoringTable(state: state, now: now) }
}

extension TimetableBound {
    /// The civil day of the bound in `zone`.
    func day(in zone: Zone) -> CivilDate {
        switch self {
        case .date(let date): date
        case .instant(let instant): zone.date(of: instant)
        }
    }
}
