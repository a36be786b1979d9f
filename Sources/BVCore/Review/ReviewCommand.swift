/// What an officer asks of a review. A command either yields events or is refused with reasons;
/// a refused command changes nothing.
public enum ReviewCommand: Sendable, Hashable, Codable {
    case start(title: String, service: String, lead: String, planYear: Int?)
    case invite(organisation: String, name: String, category: String)
    /// A representative of an invited organisation; notices to the organisation go to them.
    case addRepresentative(representative: String, organisation: String, name: String, email: String?, phone: String?)
    case removeRepresentative(representative: String)
    /// How a representative wants notices: a configured channel (nil: the authority's routes) and
    /// whether routine reminders come as a daily digest.
    case setNoticePreferences(representative: String, channel: String?, digest: Bool)
    case scheduleMeeting(meeting: String, title: String, method: String, start: LocalDateTime, place: String, invitees: [String])
    case rescheduleMeeting(meeting: String, start: LocalDateTime, place: String?)
    /// More organisations invited to a meeting already scheduled; they are sent the invitation.
    case inviteToMeeting(meeting: String, organisations: [String])
    case cancelMeeting(meeting: String, reason: String)
    /// `on` records a past day; nil means now.
    case publishPapers(meeting: String, on: CivilDate?)
    case giveMeetingNotice(meeting: String, on: CivilDate?)
    /// `attendees` are the invited organisations that were present, for the involvement report.
    case recordMeetingHeld(meeting: String, minutes: String, attendees: [String]? = nil)
    /// Without a deadline, the workflow's response-window rule sets it.
    case publishProposal(proposal: String, title: String, responseDeadline: CivilDate?)
    case receiveResponse(response: String, proposal: String, organisation: String, summary: String, on: CivilDate?)
    case considerResponse(response: String, note: String)
    case giveDecisionNotice(decision: String, on: CivilDate?, intendedDate: CivilDate?)
    case takeDecision(decision: String, meeting: String?, outcome: String)
    case publishBaseline
    case signBaseline(organisation: String, agrees: Bool, reason: String?)
    case considerObjection(organisation: String, note: String)
    case setDisclosure(item: String, title: String, disclosure: Disclosure, reason: String?)
    case setStrand(strand: String, status: StrandStatus, findings: String)
    /// A field left nil is taken from the workflow's indicator catalogue entry with the same code.
    case addIndicator(code: String, name: String?, unit: String?, polarity: Polarity?, baseline: Double?,
                      baselinePeriod: String? = nil, definition: String? = nil, source: IndicatorSource? = nil, tolerance: Double? = nil)
    /// `year` is the financial year the target is for; nil means the review's plan year.
    case setTarget(code: String, target: Double, by: CivilDate?, year: Int? = nil)
    /// An indicator added by mistake; refused once it has been measured.
    case removeIndicator(code: String)
    case recordMeasurement(code: String, period: Int, value: Double)
    /// An improvement action of the plan; setting it again with the same id updates it.
    case setAction(action: String, title: String, owner: String, due: CivilDate, strand: String? = nil, completed: CivilDate? = nil)
    /// Keeps the review open for another cycle of monitoring periods instead of closing it.
    case extendMonitoring
    case advance
}

/// Why a command was not carried out.
public enum CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Something named does not exist: a review, meeting, decision, organisation…
    case notFound(String)
    /// The command itself is malformed: a bad value, a date in the future, a missing reason.
    case invalid(String)
    /// The command conflicts with what already happened (an id already used, a meeting cancelled).
    case conflict(String)
    /// The workflow or the timetable does not allow it yet: every reason, with dates.
    case refused(DecisionReadiness)

    public var description: String {
        switch self {
        case .notFound(let text), .invalid(let text), .conflict(let text): text
        case .refused(let readiness):
            ([readiness.blockers.isEmpty && readiness.unmet.isEmpty ? "refused" : "'\(readiness.title)' is not allowed now:"]
                + readiness.blockers.map { "- \($0)" }
                + readiness.unmet.map { "- \($0.title): \($0.sentence)" }).joined(separator: "\n")
        }
    }
}
