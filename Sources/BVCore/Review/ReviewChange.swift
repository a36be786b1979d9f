/// One fact recorded about a review. State is a fold of these; nothing else changes it.
public enum ReviewChange: Sendable, Hashable, Codable {
    case started(title: String, service: String, lead: String, workflow: WorkflowReference, planYear: Int, firstPhase: String)
    case organisationInvited(organisation: String, name: String, category: String)
    case representativeAdded(representative: String, organisation: String, name: String, email: String?, phone: String?)
    case representativeRemoved(representative: String)
    case noticePreferencesSet(representative: String, channel: String?, digest: Bool)
    case meetingScheduled(meeting: String, title: String, method: String, start: Instant, place: String, invitees: [String])
    case meetingRescheduled(meeting: String, start: Instant, place: String)
    case meetingInviteesAdded(meeting: String, organisations: [String])
    case meetingCancelled(meeting: String, reason: String)
    case papersPublished(meeting: String, on: Instant)
    case publicNoticeGiven(meeting: String, on: Instant)
    case meetingHeld(meeting: String, minutes: String, attendees: [String]? = nil)
    case proposalPublished(proposal: String, title: String, on: Instant, responseDeadline: TimetableBound)
    case responseReceived(response: String, proposal: String, organisation: String, summary: String, on: Instant)
    case responseConsidered(response: String, note: String)
    case decisionNoticeGiven(decision: String, on: Instant, intendedDate: CivilDate?)
    case decisionTaken(decision: String, meeting: String?, outcome: String)
    case baselinePublished
    case baselineSigned(organisation: String, agrees: Bool, reason: String?)
    case objectionConsidered(organisation: String, note: String)
    case disclosureSet(item: String, title: String, disclosure: Disclosure, reason: String?)
    case strandUpdated(strand: String, status: StrandStatus, findings: String)
    case indicatorAdded(code: String, name: String, unit: String, polarity: Polarity, baseline: Double?,
                        baselinePeriod: String? = nil, definition: String? = nil, source: IndicatorSource? = nil, tolerance: Double? = nil)
    /// `year` nil (events written before targets by year) means the plan year.
    case targetSet(code: String, target: Double, by: CivilDate?, year: Int? = nil)
    case measurementRecorded(code: String, period: Int, value: Double)
    case indicatorRemoved(code: String)
    case actionSet(action: String, title: String, owner: String, due: CivilDate, strand: String?, completed: CivilDate?)
    case monitoringExtended
    case phaseEntered(phase: String)
    case reviewClosed

    /// A stable name for the log and the store: `meeting-scheduled`, `decision-taken`…
    public var kind: String {
        switch self {
        case .started: "review-started"
        case .organisationInvited: "organisation-invited"
        case .representativeAdded: "representative-added"
        case .representativeRemoved: "representative-removed"
        case .noticePreferencesSet: "notice-preferences-set"
        case .meetingScheduled: "meeting-scheduled"
        case .meetingRescheduled: "meeting-rescheduled"
        case .meetingInviteesAdded: "meeting-invitees-added"
        case .meetingCancelled: "meeting-cancelled"
        case .papersPublished: "papers-published"
        case .publicNoticeGiven: "public-notice-given"
        case .meetingHeld: "meeting-held"
        case .proposalPublished: "proposal-published"
        case .responseReceived: "response-received"
        case .responseConsidered: "response-considered"
        case .decisionNoticeGiven: "decision-notice-given"
        case .decisionTaken: "decision-taken"
        case .baselinePublished: "baseline-published"
        case .baselineSigned: "baseline-signed"
        case .objectionConsidered: "objection-considered"
        case .disclosureSet: "disclosure-set"
        case .strandUpdated: "strand-updated"
        case .indicatorAdded: "indicator-added"
        case .targetSet: "target-set"
        case .measurementRecorded: "measurement-recorded"
        case .indicatorRemoved: "indicator-removed"
        case .actionSet: "action-set"
        case .monitoringExtended: "monitoring-extended"
        case .phaseEntered: "phase-entered"
        case .reviewClosed: "review-closed"
        }
    }
}

/// A change as it is kept: which review, when, by whom.
public struct ReviewEvent: Sendable, Hashable, Codable {
    public let review: String
    public let at: Instant
    public let actor: Actor
    public let change: ReviewChange

    public init(review: String, at: Instant, actor: Actor, change: ReviewChange) {
        (self.review, self.at, self.actor, self.change) = (review, at, actor, change)
    }
}
