/// Runs reviews under one workflow definition: turns commands into events, and answers `why`,
/// `plan` and which reminders are due. Holds no state of its own; it is given the review's state.
public struct ReviewEngine: Sendable {
    public let workflow: WorkflowDefinition
    public let context: TimetableContext

    public init(workflow: WorkflowDefinition, calendar: TimetableCalendar) {
        self.workflow = workflow
        self.context = TimetableContext(calendar: calendar, zone: workflow.zone)
    }

    /// The authority's time zone, in which every civil date and time of the review is read.
    public var zone: Zone { context.zone }

    /// Checks a command against the review's state and returns the events it produces.
    public func handle(_ command: ReviewCommand, review: String, state: ReviewState?, now: Instant, actor: Actor)
        -> Result<[ReviewEvent], CommandError>
    {
        do {
            let changes: [ReviewChange]
            if case .start(let title, let service, let lead, let planYear) = command {
                guard state == nil else { return .failure(.conflict("review '\(review)' already exists")) }
                changes = try start(title: title, service: service, lead: lead, planYear: planYear, now: now)
            } else {
                guard let state else { return .failure(.notFound("no review '\(review)'")) }
                guard let phase = state.currentPhase else {
                    return .failure(.conflict("review '\(review)' was closed on \(zone.date(of: state.closed!)); it can no longer change"))
                }
                changes = try decide(command, state: state, phase: phase, now: now)
            }
            return .success(changes.map { ReviewEvent(review: review, at: now, actor: actor, change: $0) })
        } catch {
            return .failure(error)
        }
    }

    func start(title: String, service: String, lead: String, planYear: Int?, now: Instant) throws(CommandError) -> [ReviewChange] {
        guard !title.trimmed.isEmpty else { throw .invalid("a review needs a title") }
        guard !lead.trimmed.isEmpty else { throw .invalid("a review needs a lead officer") }
        guard let first = workflow.phases.first else { throw .invalid("workflow '\(workflow.id)' has no phases") }
        let today = zone.date(of: now)
        // By default the plan year is the financial year after the one in which the review starts.
        let year = planYear ?? (today.month >= 4 ? today.year + 1 : today.year)
        guard (2000...2100).contains(year) else { throw .invalid("plan year \(year) is not plausible") }
        return [.started(title: title, service: service, lead: lead, workflow: workflow.reference, planYear: year, firstPhase: first.id)]
    }

    /// A past or present day given by an officer, as an instant: that day's start, or now for today.
    func instant(on date: CivilDate?, now: Instant, what: String) throws(CommandError) -> Instant {
        guard let date else { return now }
        let today = zone.date(of: now)
        guard date <= today else { throw .invalid("\(what) cannot be recorded for \(date), which is after today (\(today))") }
        return date == today ? now : zone.startOfDay(date)
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
