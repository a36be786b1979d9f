extension ReviewEngine {
    /// The notices an event itself calls for (an invitation, a meeting update, papers published…),
    /// due at once. `state` is the review after the event. The key ends with the event's place in
    /// its review (`e12`), which is the same in every store the review is moved to, so a notice
    /// imported with it can never share a key with one of a later event; before 2026-12-06 it
    /// ended with the store's sequence number (digits only, so never the same as these).
    public func notices(for event: ReviewEvent, state: ReviewState) -> [PlannedNotice] {
        var everyone: [String] { state.organisations.map(\.id) }
        func notice(_ kind: NoticeKind, _ subject: String, _ title: String, organisations: [String], roles: [String] = [],
                    subjectAt: Instant? = nil) -> [PlannedNotice] {
            let recipients = NoticeRecipients(roles: roles, organisations: uniqued(organisations))
            return [PlannedNotice(
                key: "\(state.id)/\(kind.rawValue)/\(subject)" + PlannedNotice.eventPlace(state.eventCount), kind: kind, review: state.id,
                phase: state.currentPhase ?? "closed", subject: subject, subjectTitle: title, subjectAt: subjectAt ?? event.at,
                due: event.at, rule: "on \(event.change.kind)", recipients: recipients,
                problem: recipients.isEmpty ? "nobody to send to" : nil)]
        }
        switch event.change {
        case .organisationInvited(let organisation, let name, _):
            return notice(.reviewInvitation, organisation, "invitation to \(name) to take part in '\(state.title)'", organisations: [organisation])
        case .meetingScheduled(let id, _, _, let start, _, let invitees):
            return notice(.meetingInvitation, id, state.meeting(id)?.title ?? id, organisations: invitees, subjectAt: start)
        case .meetingInviteesAdded(let id, let organisations):
            return notice(.meetingInvitation, id, state.meeting(id)?.title ?? id, organisations: organisations,
                          subjectAt: state.meeting(id)?.start)
        case .meetingRescheduled(let id, let start, _):
            return notice(.meetingUpdate, id, state.meeting(id)?.title ?? id, organisations: state.meeting(id)?.invitees ?? [], subjectAt: start)
        case .meetingCancelled(let id, _):
            return notice(.meetingCancellation, id, state.meeting(id)?.title ?? id, organisations: state.meeting(id)?.invitees ?? [])
        case .papersPublished(let id, _):
            return notice(.papersPublished, id, "papers for '\(state.meeting(id)?.title ?? id)'", organisations: state.meeting(id)?.invitees ?? [])
        case .proposalPublished(let id, let title, _, _):
            return notice(.proposalPublished, id, title, organisations: everyone)
        case .responseReceived(let id, _, let organisation, _, _):
            return notice(.responseAcknowledged, id, "response \(id)", organisations: [organisation])
        case .decisionNoticeGiven(let id, _, _):
            return notice(.decisionNoticed, id, workflow.decision(id)?.title ?? id, organisations: everyone, roles: ["democratic-services"].filter { role in workflow.roles.contains { $0.id == role } })
        case .decisionTaken(let id, _, _):
            return notice(.decisionTaken, id, workflow.decision(id)?.title ?? id, organisations: everyone)
        case .measurementRecorded(_, let period, _):
            return monitoringReport(period: period, after: event, state: state)
        case .baselinePublished:
            return notice(.baselineSignOffRequested, "baseline", "baseline profile of '\(state.title)'", organisations: everyone)
        default:
            return []
        }
    }

    /// The report to representatives once every indicator of a period is measured. Its key names
    /// the period only, so that a corrected measurement does not send the report again.
    func monitoringReport(period: Int, after event: ReviewEvent, state: ReviewState) -> [PlannedNotice] {
        guard !state.indicators.isEmpty, state.indicators.allSatisfy({ state.measurement($0.code, period: period) != nil }),
              let periods = monitoringPeriods(state: state) else { return [] }
        let recipients = NoticeRecipients(roles: [], organisations: state.organisations.map(\.id))
        return [PlannedNotice(
            key: "\(state.id)/\(NoticeKind.monitoringReport.rawValue)/period-\(period)", kind: .monitoringReport, review: state.id,
            phase: state.currentPhase ?? "closed", subject: "period-\(period)",
            subjectTitle: "monitoring period \(period) (\(periods.label(of: period)))", subjectAt: periods.end(of: period),
            due: event.at, rule: "when every indicator of the period is measured", recipients: recipients,
            problem: recipients.isEmpty ? "nobody to send to" : nil)]
    }
}

extension PlannedNotice {
    /// The end of the key of a notice that an event calls for: the event's place in its review.
    static func eventPlace(_ place: Int) -> String { "/e\(place)" }

    /// Whether this notice's key names the event at `place` in its review (`…/e12`): no other
    /// event can call for it, so a store need not look its key up to keep it once. A monitoring
    /// report's key names its period instead, so that a corrected measurement does not send it
    /// again: only its key keeps it once.
    public func isOwn(eventAt place: Int) -> Bool { key.hasSuffix(Self.eventPlace(place)) }
}
