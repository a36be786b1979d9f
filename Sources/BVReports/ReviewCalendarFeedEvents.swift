import BVCore
import BVNotices

/// Which events one review contributes to the feed.
extension ReviewCalendarFeed {
    func events(of dates: ReviewDates) -> [FeedEvent] {
        meetingEvents(dates) + dueEvents(dates) + decisionEvents(dates) + responseDeadlines(dates)
            + phaseDeadline(dates) + measurementsDue(dates)
    }

    func uid(_ review: String, _ kind: String, _ id: String) -> String { "\(review).\(kind).\(id)@\(domain)" }

    func end(of meeting: Meeting) -> Instant { meeting.start.adding(seconds: NoticeContext.defaultMeetingLength) }

    /// Every meeting, as its invitation describes it; a cancelled one stays in the feed as CANCELLED.
    func meetingEvents(_ dates: ReviewDates) -> [FeedEvent] {
        dates.state.meetings.map { meeting in
            let method = dates.workflow.method(meeting.method)?.title ?? meeting.method
            var description = "\(method) of the Best Value review '\(dates.state.title)'."
            if let reason = meeting.cancellationReason, meeting.cancelled != nil { description += "\nCancelled: \(reason)" }
            return FeedEvent(uid: MeetingCalendar.uid(review: dates.state.id, meeting: meeting.id, domain: domain), kind: "meeting",
                             when: .span(meeting.start, end(of: meeting)), summary: meeting.title, description: description,
                             location: meeting.place, sequence: MeetingCalendar.sequence(of: meeting), cancelled: meeting.cancelled != nil,
                             busy: true)
        }
    }

    /// The last day for papers and for public notice of each meeting to come that can take decisions.
    func dueEvents(_ dates: ReviewDates) -> [FeedEvent] {
        let words = PeopleDates(zone: dates.zone)
        let upcoming = dates.state.meetings.filter {
            $0.isActive && $0.held == nil && $0.start > now && dates.workflow.takesDecisions($0)
        }
        return upcoming.flatMap { meeting in
            [(ReviewDates.Window.Kind.papers, meeting.papersPublished), (.notice, meeting.noticeGiven)].compactMap { kind, done -> FeedEvent? in
                guard let due = dates.due(kind, for: meeting) else { return nil }
                let (name, what, verb) = kind == .papers ? ("papers-due", "Papers due", "published") : ("notice-due", "Public notice due", "given")
                var description = "\(what) for '\(meeting.title)' on \(words.dayAndTime(meeting.start)) (Best Value review '\(dates.state.title)'): "
                    + "by \(words.bound(due))."
                if let done { description += " \(kind == .papers ? "Papers were" : "Notice was") \(verb) on \(words.day(done))." }
                return FeedEvent(uid: uid(dates.state.id, name, meeting.id), kind: name, when: when(due),
                                 summary: "\(what): \(meeting.title)", description: description)
            }
        }
    }

    /// Decisions taken (at their meeting's time, or on their day) and decisions with an intended date.
    func decisionEvents(_ dates: ReviewDates) -> [FeedEvent] {
        dates.state.decisions.compactMap { record in
            let title = dates.workflow.decision(record.id)?.title ?? record.id
            let when: FeedEvent.When
            let summary: String
            if let taken = record.taken {
                summary = "Decision taken: \(title)"
                when = record.meeting.flatMap(dates.state.meeting).map { .span($0.start, end(of: $0)) } ?? .day(dates.zone.date(of: taken))
            } else if let intended = record.intendedDate {
                summary = "Decision intended: \(title)"
                when = .day(intended)
            } else {
                return nil
            }
            var description = "Decision of the Best Value review '\(dates.state.title)'."
            if let outcome = record.outcome { description += "\nOutcome: \(outcome)" }
            return FeedEvent(uid: uid(dates.state.id, "decision", record.id), kind: "decision", when: when, summary: summary,
                             description: description)
        }
    }

    func responseDeadlines(_ dates: ReviewDates) -> [FeedEvent] {
        dates.state.proposals.map { proposal in
            FeedEvent(uid: uid(dates.state.id, "response-deadline", proposal.id), kind: "response-deadline", when: when(proposal.responseDeadline),
                      summary: "Responses due: \(proposal.title)",
                      description: "Last day for responses to the proposal '\(proposal.title)' of the Best Value review '\(dates.state.title)'.")
        }
    }

    /// The deadline of the phase the review is in, while it is open.
    func phaseDeadline(_ dates: ReviewDates) -> [FeedEvent] {
        guard dates.state.closed == nil, let visit = dates.state.phases.last, let deadline = dates.deadline(of: visit) else { return [] }
        let title = dates.workflow.phase(visit.phase)?.title ?? visit.phase
        return [FeedEvent(uid: uid(dates.state.id, "phase-deadline", visit.phase), kind: "phase-deadline", when: when(passing: deadline, dates),
                          summary: "Deadline: \(title) phase", description: "The \(title) phase of the Best Value review '\(dates.state.title)' is due to finish.")]
    }

    /// The last day for each monitoring period's measurements.
    func measurementsDue(_ dates: ReviewDates) -> [FeedEvent] {
        guard let table = dates.monitoring else { return [] }
        return table.periods.map { period in
            var description = "Measurements for \(period.label) of the Best Value review '\(dates.state.title)'."
            if period.complete { description += " All recorded." } else if period.overdue { description += " Overdue." }
            return FeedEvent(uid: uid(dates.state.id, "measurements-due", "period-\(period.period)"), kind: "measurements-due",
                             when: when(passing: period.due, dates), summary: "Measurements due: \(period.label)", description: description)
        }
    }

    /// A day, or an exact instant in a rehearsal's timetable.
    func when(_ bound: TimetableBound) -> FeedEvent.When {
        switch bound {
        case .date(let date): .day(date)
        case .instant(let instant): .moment(instant)
        }
    }

    /// A deadline kept as the instant it passes: the day before when that is a midnight.
    func when(passing instant: Instant, _ dates: ReviewDates) -> FeedEvent.When {
        dates.isMidnight(instant) ? .day(dates.lastDay(before: instant)) : .moment(instant)
    }
}
