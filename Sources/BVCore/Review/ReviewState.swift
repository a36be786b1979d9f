/// Everything known about one review, built by folding its events in order.
public struct ReviewState: Sendable, Hashable, Codable {
    public let id: String
    public var title: String
    public var service: String
    public var lead: String
    public var workflow: WorkflowReference
    /// The financial year (starting 1 April of this year) that the Local Performance Plan covers.
    public var planYear: Int
    public var created: Instant
    public var phases: [PhaseVisit] = []
    public var closed: Instant?
    public var organisations: [InvitedOrganisation] = []
    public var representatives: [Representative] = []
    public var meetings: [Meeting] = []
    public var proposals: [Proposal] = []
    public var responses: [Response] = []
    public var decisions: [DecisionRecord] = []
    public var baselinePublished: Instant?
    public var signOffs: [BaselineSignOff] = []
    public var disclosureItems: [DisclosureItem] = []
    public var strands: [StrandRecord] = []
    public var indicators: [Indicator] = []
    public var measurements: [Measurement] = []
    public var actions: [ImprovementAction] = []
    /// How many cycles of monitoring periods the review runs; each extension adds one.
    public var monitoringCycles = 1
    public var eventCount = 0

    /// The phase the review is in, or nil once it is closed.
    public var currentPhase: String? { closed == nil ? phases.last?.phase : nil }
    public var phaseEntered: Instant? { phases.last?.entered }

    public func organisation(_ id: String) -> InvitedOrganisation? { organisations.first { $0.id == id } }
    public func meeting(_ id: String) -> Meeting? { meetings.first { $0.id == id } }
    public func representative(_ id: String) -> Representative? { representatives.first { $0.id == id } }
    public func representatives(of organisation: String) -> [Representative] { representatives.filter { $0.organisation == organisation } }
    public func proposal(_ id: String) -> Proposal? { proposals.first { $0.id == id } }
    public func response(_ id: String) -> Response? { responses.first { $0.id == id } }
    public func decision(_ id: String) -> DecisionRecord? { decisions.first { $0.id == id } }
    public func signOff(_ organisation: String) -> BaselineSignOff? { signOffs.first { $0.organisation == organisation } }
    public func indicator(_ code: String) -> Indicator? { indicators.first { $0.code == code } }
    public func strand(_ id: String) -> StrandRecord? { strands.first { $0.id == id } }
    public func action(_ id: String) -> ImprovementAction? { actions.first { $0.id == id } }
    public func measurement(_ code: String, period: Int) -> Measurement? {
        measurements.first { $0.indicator == code && $0.period == period }
    }

    /// Builds the state from a review's events; nil when there are none or the first is not a start.
    public static func fold(_ events: [ReviewEvent]) -> ReviewState? {
        guard let first = events.first, case .started = first.change else { return nil }
        var state = ReviewState(starting: first)
        for event in events.dropFirst() { state.apply(event) }
        return state
    }

    init(starting event: ReviewEvent) {
        guard case .started(let title, let service, let lead, let workflow, let planYear, let firstPhase) = event.change else {
            preconditionFailure("a review's first event must be review-started")
        }
        self.id = event.review
        (self.title, self.service, self.lead, self.workflow, self.planYear) = (title, service, lead, workflow, planYear)
        self.created = event.at
        self.phases = [PhaseVisit(phase: firstPhase, entered: event.at)]
        self.eventCount = 1
    }

    /// Applies one event. Events were validated when they were made, so this never fails.
    public mutating func apply(_ event: ReviewEvent) {
        eventCount += 1
        let at = event.at
        switch event.change {
        case .started:
            break
        case .organisationInvited(let organisation, let name, let category):
            organisations.append(InvitedOrganisation(id: organisation, name: name, category: category, invitedAt: at))
        case .representativeAdded(let id, let organisation, let name, let email, let phone):
            representatives.append(Representative(id: id, organisation: organisation, name: name, email: email, phone: phone))
        case .representativeRemoved(let id):
            representatives.removeAll { $0.id == id }
        case .noticePreferencesSet(let id, let channel, let digest):
            if let index = representatives.firstIndex(where: { $0.id == id }) {
                representatives[index].channel = channel
                representatives[index].digest = digest
            }
        case .meetingScheduled(let id, let title, let method, let start, let place, let invitees):
            meetings.append(Meeting(id: id, title: title, method: method, start: start, place: place, invitees: invitees, sequence: 0))
        case .meetingInviteesAdded(let id, let organisations):
            updateMeeting(id) { $0.invitees += organisations.filter { !$0.isEmpty } }
        case .meetingRescheduled(let id, let start, let place):
            updateMeeting(id) { $0.start = start; $0.place = place; $0.sequence += 1 }
        case .meetingCancelled(let id, let reason):
            updateMeeting(id) { $0.cancelled = at; $0.cancellationReason = reason; $0.sequence += 1 }
        case .papersPublished(let id, let on):
            updateMeeting(id) { $0.papersPublished = on }
        case .publicNoticeGiven(let id, let on):
            updateMeeting(id) { $0.noticeGiven = on }
        case .meetingHeld(let id, let minutes, let attendees):
            updateMeeting(id) { $0.held = at; $0.minutes = minutes; $0.attendees = attendees }
        case .proposalPublished(let id, let title, let on, let deadline):
            proposals.append(Proposal(id: id, title: title, published: on, responseDeadline: deadline))
        case .responseReceived(let id, let proposal, let organisation, let summary, let on):
            responses.append(Response(id: id, proposal: proposal, organisation: organisation, summary: summary, received: on))
        case .responseConsidered(let id, let note):
            if let i = responses.firstIndex(where: { $0.id == id }) {
                responses[i].considered = at
                responses[i].considerationNote = note
            }
        case .decisionNoticeGiven(let id, let on, let intended):
            updateDecision(id) { $0.noticeGiven = on; $0.intendedDate = intended }
        case .decisionTaken(let id, let meeting, let outcome):
            updateDecision(id) { $0.taken = at; $0.meeting = meeting; $0.outcome = outcome }
        case .baselinePublished:
            baselinePublished = at
        case .baselineSigned(let organisation, let agrees, let reason):
            signOffs.removeAll { $0.organisation == organisation }
            signOffs.append(BaselineSignOff(organisation: organisation, agrees: agrees, reason: reason, at: at))
        case .objectionConsidered(let organisation, let note):
            if let i = signOffs.firstIndex(where: { $0.organisation == organisation }) {
                signOffs[i].considered = at
                signOffs[i].considerationNote = note
            }
        case .disclosureSet(let id, let title, let disclosure, let reason):
            let item = DisclosureItem(id: id, title: title, disclosure: disclosure, reason: reason)
            if let i = disclosureItems.firstIndex(where: { $0.id == id }) { disclosureItems[i] = item } else { disclosureItems.append(item) }
        case .strandUpdated(let id, let status, let findings):
            let record = StrandRecord(id: id, status: status, findings: findings)
            if let i = strands.firstIndex(where: { $0.id == id }) { strands[i] = record } else { strands.append(record) }
        case .indicatorAdded(let code, let name, let unit, let polarity, let baseline, let baselinePeriod, let definition, let source, let tolerance):
            indicators.append(Indicator(code: code, name: name, unit: unit, polarity: polarity, baseline: baseline, definition: definition,
                                        source: source, baselinePeriod: baselinePeriod, tolerance: tolerance))
        case .targetSet(let code, let target, let by, let year):
            if let i = indicators.firstIndex(where: { $0.code == code }) {
                let year = year ?? planYear
                indicators[i].setTarget(target, year: year)
                if year == planYear {
                    indicators[i].target = target
                    indicators[i].targetDate = by
                }
            }
        case .indicatorRemoved(let code):
            indicators.removeAll { $0.code == code }
        case .actionSet(let id, let title, let owner, let due, let strand, let completed):
            let action = ImprovementAction(id: id, title: title, owner: owner, due: due, strand: strand, completed: completed)
            if let i = actions.firstIndex(where: { $0.id == id }) { actions[i] = action } else { actions.append(action) }
        case .monitoringExtended:
            monitoringCycles += 1
        case .measurementRecorded(let code, let period, let value):
            measurements.removeAll { $0.indicator == code && $0.period == period }
            measurements.append(Measurement(indicator: code, period: period, value: value, recorded: at))
        case .phaseEntered(let phase):
            if !phases.isEmpty { phases[phases.count - 1].left = at }
            phases.append(PhaseVisit(phase: phase, entered: at))
        case .reviewClosed:
            if !phases.isEmpty { phases[phases.count - 1].left = at }
            closed = at
        }
    }

    private mutating func updateMeeting(_ id: String, _ change: (inout Meeting) -> Void) {
        if let i = meetings.firstIndex(where: { $0.id == id }) { change(&meetings[i]) }
    }

    private mutating func updateDecision(_ id: String, _ change: (inout DecisionRecord) -> Void) {
        if let i = decisions.firstIndex(where: { $0.id == id }) {
            change(&decisions[i])
        } else {
            var record = DecisionRecord(id: id)
            change(&record)
            decisions.append(record)
        }
    }
}
