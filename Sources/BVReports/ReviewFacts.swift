public import BVCore

/// What reports say about a review, worked out once from its state: who took part and how, the
/// phases against their deadlines, decisions with their notice. Pure.
public struct ReviewFacts: Sendable {
    public let state: ReviewState
    public let engine: ReviewEngine
    public let now: Instant

    public init(state: ReviewState, engine: ReviewEngine, now: Instant) { (self.state, self.engine, self.now) = (state, engine, now) }

    var workflow: WorkflowDefinition { engine.workflow }
    var zone: Zone { engine.zone }

    /// "4 February 2027", in the authority's zone.
    func day(_ instant: Instant) -> String { Self.day(zone.date(of: instant)) }
    static func day(_ date: CivilDate) -> String { "\(date.day) \(CivilDate.monthNames[date.month - 1]) \(date.year)" }
    func day(_ bound: TimetableBound) -> String {
        switch bound {
        case .date(let date): Self.day(date)
        case .instant(let instant): day(instant)
        }
    }

    /// "2028/29".
    static func financialYear(_ year: Int) -> String { FinancialYear(year).description }

    func categoryTitle(_ id: String) -> String { workflow.category(id)?.title ?? id }
    func methodTitle(_ id: String) -> String { workflow.method(id)?.title ?? id }
    func organisationName(_ id: String) -> String { state.organisation(id)?.name ?? id }

    // MARK: Involvement

    /// How often each organisation took part: meetings attended, responses sent, baseline positions recorded.
    public func participation(of organisation: String) -> Int {
        state.meetings.filter { $0.attendees?.contains(organisation) == true }.count
            + state.responses.filter { $0.organisation == organisation }.count
            + (state.signOff(organisation) == nil ? 0 : 1)
    }

    /// Per category in the workflow's order: organisations invited, how many took part, how often.
    public var involvementByCategory: [(category: String, invited: [InvitedOrganisation], tookPart: Int, times: Int)] {
        workflow.categories.compactMap { category in
            let invited = state.organisations.filter { $0.category == category.id }
            guard !invited.isEmpty else { return nil }
            let counts = invited.map { participation(of: $0.id) }
            return (category.title, invited, counts.filter { $0 > 0 }.count, counts.reduce(0, +))
        }
    }

    /// Per method used: meetings held, cancelled, past but not recorded as held, and still to
    /// come (as open data's meeting status counts them), and attendances recorded.
    public var meetingsByMethod: [(method: String, held: Int, cancelled: Int, notRecorded: Int, upcoming: Int, attendances: Int)] {
        workflow.methods.compactMap { method in
            let meetings = state.meetings.filter { $0.method == method.id }
            guard !meetings.isEmpty else { return nil }
            let open = meetings.filter { $0.isActive && $0.held == nil }
            return (method.title, meetings.filter { $0.held != nil }.count, meetings.filter { !$0.isActive }.count,
                    open.filter { $0.start <= now }.count, open.filter { $0.start > now }.count,
                    meetings.reduce(0) { $0 + ($1.attendees?.count ?? 0) })
        }
    }

    public var summaryOfInvolvement: String {
        let took = state.organisations.filter { participation(of: $0.id) > 0 }.count
        let categories = Set(state.organisations.map(\.category)).count
        let held = state.meetings.filter { $0.held != nil }.count
        return "\(count(state.organisations.count, "organisation")) from \(count(categories, "category", "categories")) "
            + "\(state.organisations.count == 1 ? "was" : "were") invited; \(took) took part. "
            + "\(count(held, "meeting")) \(held == 1 ? "was" : "were") held and \(count(state.responses.count, "response")) received."
    }

    // MARK: Phases

    public struct PhaseFacts: Sendable {
        public let id: String
        public let title: String
        public let entered: Instant?
        public let left: Instant?
        public let deadline: Instant?
        /// Days past the deadline when the phase was left, or is still open, after it.
        public let daysLate: Int?
    }

    public var phases: [PhaseFacts] {
        workflow.phases.map { phase in
            let visit = state.phases.last { $0.phase == phase.id }
            let deadline = visit.flatMap { engine.deadlineInstant(phase, entered: $0.entered, state: state) }
            var late: Int?
            if let visit, let deadline {
                let end = visit.left ?? (state.closed == nil ? now : deadline)
                // Counted from the deadline's last day, as people read it: due 1 March, done 10 March is 9 days late.
                if end > deadline { late = max(1, zone.date(of: deadline.adding(milliseconds: -1)).days(to: zone.date(of: end))) }
            }
            return PhaseFacts(id: phase.id, title: phase.title, entered: visit?.entered, left: visit?.left, deadline: deadline, daysLate: late)
        }
    }

    // MARK: Decisions

    /// Clear days between notice of a decision and the day it was taken (neither day counted).
    public func noticeDays(_ record: DecisionRecord) -> Int? {
        guard let notice = record.noticeGiven, let taken = record.taken else { return nil }
        return max(0, zone.date(of: notice).days(to: zone.date(of: taken)) - 1)
    }

    /// Responses received before the decision was taken, and whether each was considered before it.
    public func responsesBefore(_ record: DecisionRecord) -> (received: Int, consideredBefore: Int) {
        guard let taken = record.taken else { return (0, 0) }
        let received = state.responses.filter { $0.received <= taken }
        return (received.count, received.filter { ($0.considered ?? taken.adding(milliseconds: 1)) <= taken }.count)
    }

    // MARK: Things overdue now

    /// Items whose time has passed with the work undone: the phase deadline, papers and notice due,
    /// monitoring measurements, responses waiting for consideration after their window closed.
    public var overdue: [String] {
        guard state.closed == nil else { return [] }
        var items: [String] = []
        for notice in engine.plannedNotices(state: state) where notice.subjectAt <= now {
            switch notice.kind {
            case .deadlinePassed, .measurementOverdue:
                items.append("\(sentenceCase(notice.subjectTitle)): due \(day(notice.subjectAt.adding(milliseconds: -1)))")
            case .papersDue, .noticeDue:
                // Overdue only where the timetable binds: a meeting that can take decisions. Its
                // title says by when ("… (due by 2 December 2026)").
                guard let meeting = state.meeting(notice.subject), workflow.takesDecisions(meeting) else { break }
                items.append(sentenceCase(notice.subjectTitle))
            default: break
            }
        }
        for proposal in state.proposals {
            let closes = proposal.responsesClose(in: zone)
            let waiting = state.responses.filter { $0.proposal == proposal.id && $0.considered == nil }
            if closes <= now, !waiting.isEmpty {
                items.append("\(count(waiting.count, "response")) to '\(proposal.title)' not yet considered (the window closed on \(day(proposal.responseDeadline)))")
            }
        }
        return Array(Set(items)).sorted()
    }
}

func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
}

func sentenceCase(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
