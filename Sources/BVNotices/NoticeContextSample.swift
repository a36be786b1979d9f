import BVCore

extension NoticeContext {
    /// A context in which every field has a value: templates are rendered against it at load time,
    /// so that a template naming a field that does not exist is refused before anything is sent.
    static func sample(zone: Zone) -> NoticeContext {
        let start = zone.instant(of: LocalDateTime(date: CivilDate(year: 2026, month: 12, day: 1)!, time: LocalTime(hour: 14, minute: 0)!))
        let day: Int64 = 86_400
        let at = { (days: Int64) in start.adding(seconds: -days * day) }
        let actor = Actor(name: "sample")
        let workflow = WorkflowDefinition(
            id: "sample", version: 1, title: "Sample", zone: zone,
            categories: [ParticipantCategory(id: "tenants", title: "Tenants and community organisations")],
            methods: [InvolvementMethod(id: "committee", title: "Coordinating committee", takesDecisions: true)],
            decisions: [DecisionDefinition(id: "agree-scope", title: "Agree the scope", key: true, atMeeting: true)],
            phases: [PhaseDefinition(id: "scoping", title: "Scoping", decisions: ["agree-scope"]),
                     PhaseDefinition(id: "monitoring", title: "Monitoring", monitoring: MonitoringSchedule(length: ISODuration(months: 3), count: 4))])
        let changes: [(Int64, ReviewChange)] = [
            (60, .started(title: "Housing repairs", service: "Responsive repairs", lead: "j.smith", workflow: workflow.reference,
                          planYear: 2027, firstPhase: "scoping")),
            (59, .organisationInvited(organisation: "tenants", name: "Northfield Tenants' Federation", category: "tenants")),
            (50, .meetingScheduled(meeting: "committee-1", title: "Coordinating committee", method: "committee", start: start,
                                   place: "Town Hall", invitees: ["tenants"])),
            (10, .papersPublished(meeting: "committee-1", on: at(10))),
            (5, .meetingCancelled(meeting: "committee-1", reason: "The chair is unwell")),
            (40, .proposalPublished(proposal: "proposal-1", title: "Repairs within 28 days", on: at(40),
                                    responseDeadline: .date(zone.date(of: at(1))))),
            (30, .responseReceived(response: "response-1", proposal: "proposal-1", organisation: "tenants",
                                   summary: "We support the proposal", on: at(30))),
            (20, .decisionNoticeGiven(decision: "agree-scope", on: at(20), intendedDate: zone.date(of: start))),
            (0, .decisionTaken(decision: "agree-scope", meeting: "committee-1", outcome: "Agreed")),
            (0, .indicatorAdded(code: "R1", name: "Repairs on time", unit: "percent", polarity: .higherIsBetter, baseline: 80)),
            (0, .targetSet(code: "R1", target: 90, by: zone.date(of: start))),
            (0, .phaseEntered(phase: "monitoring")),
            (0, .measurementRecorded(code: "R1", period: 1, value: 82)),
            (0, .measurementRecorded(code: "R1", period: 2, value: 86)),
        ]
        let events = changes.map { ReviewEvent(review: "housing-repairs", at: at($0.0), actor: actor, change: $0.1) }
        let state = ReviewState.fold(events)!
        let recipient = NoticeRecipient(id: "rep-1", name: "Jane Doe", organisation: "Northfield Tenants' Federation",
                                        email: "jane@example.org", channel: "mail")
        let failure = FailedDelivery(template: .init(.meetingInvitation), subjectTitle: "Invitation: Coordinating committee",
                                     recipient: recipient, firstDue: at(2))
        let notice = NoticeDescription(
            template: .deliveryFailure, review: "housing-repairs", subject: "committee-1", subjectTitle: "Coordinating committee",
            subjectAt: start, due: at(7), rule: "7 days before, at 09:00", problem: "the mail server refused the address",
            failure: failure, digest: [DigestItem(template: .init(.meetingReminder), title: "Coordinating committee", at: start)])
        let records = NoticeRecords(meeting: state.meeting("committee-1"), proposal: state.proposal("proposal-1"),
                                    response: state.response("response-1"), decision: "agree-scope",
                                    decisionRecord: state.decision("agree-scope"), organisation: state.organisation("tenants"),
                                    period: 2)
        return NoticeContext(notice: notice, state: state, workflow: workflow, records: records, recipient: recipient,
                             zone: zone, now: at(7), late: true, authority: "Northfield Borough Council",
                             meetingLength: NoticeContext.defaultMeetingLength)
    }
}
