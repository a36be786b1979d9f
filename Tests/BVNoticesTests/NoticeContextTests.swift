import BVCore
import BVNotices
import Testing

@Suite("What a notice's templates can say")
struct NoticeContextTests {
    @Test("dates and times are written for people in the authority's zone, GMT or BST")
    func peopleDates() {
        let dates = PeopleDates(zone: .london)
        #expect(dates.dayAndTime(london("2026-12-01T14:00")) == "Tuesday 1 December 2026, 14:00 GMT")
        #expect(dates.dayAndTime(london("2027-04-01T18:30")) == "Thursday 1 April 2027, 18:30 BST")
        #expect(dates.day(london("2027-03-28T00:30")) == "Sunday 28 March 2027")
        #expect(dates.time(london("2027-03-28T03:00")) == "03:00 BST")
        // A deadline is kept as the midnight it passes: people read the last day allowed.
        #expect(dates.deadline(london("2027-03-23T00:00")) == "the end of Monday 22 March 2027")
        #expect(dates.deadline(london("2027-03-23T12:00")) == "Tuesday 23 March 2027, 12:00 GMT")
    }

    @Test("a meeting invitation knows the review, the recipient and the meeting, start and end")
    func meetingInvitation() throws {
        let fixture = ReviewFixture.withCommittee()
        let values = context(try fixture.notice(.meetingInvitation), fixture).values
        #expect(values.text("review.title") == "Housing repairs")
        #expect(values.text("review.service") == "Responsive repairs to council homes")
        #expect(values.text("review.phase.id") == "scoping")
        #expect(values.text("review.phase.title") == "Scoping")
        #expect(values.text("recipient.name") == "Jane Doe")
        #expect(values.text("recipient.organisation") == "Northfield Tenants' Federation")
        #expect(values.text("meeting.title") == "Coordinating committee")
        #expect(values.text("meeting.method") == "Best Value coordinating committee or working party")
        #expect(values.text("meeting.location") == "Town Hall, Northfield")
        #expect(values.text("meeting.start") == "Tuesday 1 December 2026, 14:00 GMT")
        #expect(values.text("meeting.end") == "Tuesday 1 December 2026, 16:00 GMT")
        #expect(values.text("meeting.endTime") == "16:00 GMT")
        #expect(values.text("kind") == "meeting-invitation")
        #expect(values["late"] == .flag(false))
        #expect(values["proposal"] == .absent)
    }

    @Test("after the meeting moves into summer time, an update says BST")
    func rescheduledIntoSummerTime() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.run(.rescheduleMeeting(meeting: "committee-1", start: LocalDateTime("2027-04-01T18:00")!, place: "Civic Centre"))
        let values = context(try fixture.notice(.meetingUpdate), fixture).values
        #expect(values.text("meeting.start") == "Thursday 1 April 2027, 18:00 BST")
        #expect(values.text("meeting.location") == "Civic Centre")
        #expect(values.text("meeting.changes") == "1")
    }

    @Test("proposals and decisions carry their titles; a response carries its proposal")
    func proposalsAndDecisions() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.at("2026-11-10T10:00")
        fixture.run(.publishProposal(proposal: "p1", title: "Repairs within 28 days", responseDeadline: CivilDate("2027-02-15")))
        let proposal = context(try fixture.notice(.proposalPublished), fixture).values
        #expect(proposal.text("proposal.title") == "Repairs within 28 days")
        #expect(proposal.text("proposal.published") == "Tuesday 10 November 2026")
        #expect(proposal.text("proposal.responseDeadline") == "the end of Monday 15 February 2027")
        fixture.run(.receiveResponse(response: "r1", proposal: "p1", organisation: "tenants-federation", summary: "Agreed", on: nil))
        let response = context(try fixture.notice(.responseAcknowledged), fixture).values
        #expect(response.text("proposal.title") == "Repairs within 28 days")
        #expect(response.text("response.organisation") == "Northfield Tenants' Federation")
        fixture.run(.giveDecisionNotice(decision: "agree-scope", on: nil, intendedDate: CivilDate("2026-12-01")))
        let decision = context(try fixture.notice(.decisionNoticed), fixture).values
        #expect(decision.text("decision.title") == "Agree the aims, objectives, purpose, scope and extent of involvement")
        #expect(decision.text("decision.intendedDate") == "Tuesday 1 December 2026")
    }

    @Test("a delivery failure tells officers what failed, to whom, and why; the late flag is kept")
    func deliveryFailure() throws {
        let fixture = ReviewFixture.withCommittee()
        let failed = OutgoingNotice(id: "n-1", kind: .meetingInvitation, review: "housing-repairs", subject: "committee-1",
                                    recipient: jane, content: RenderedNotice(subject: "Invitation: Coordinating committee",
                                                                             text: "", html: nil, calendar: nil),
                                    createdAt: london("2026-11-02T09:00"), late: false)
        let notice = NoticeDescription.deliveryFailure(of: failed, reason: "550 mailbox unavailable", at: london("2026-11-03T09:00"))
        let officer = NoticeRecipient(id: "role:democratic-services", name: "Democratic services", organisation: nil,
                                      email: "democracy@northfield.gov.uk", channel: "mail")
        let values = NoticeContext(notice: notice, state: fixture.state, workflow: ReviewFixture.workflow, recipient: officer,
                                   zone: .london, now: london("2026-11-03T09:00"), late: true, authority: "Northfield").values
        #expect(values.text("problem") == "550 mailbox unavailable")
        #expect(values.text("failure.kindTitle") == "meeting invitation")
        #expect(values.text("failure.recipient") == "Jane Doe")
        #expect(values.text("failure.subject") == "Invitation: Coordinating committee")
        #expect(values["late"] == .flag(true))
        #expect(values["recipient.organisation"] == .absent)
    }

    @Test("the field list documents every group")
    func fieldNames() {
        let names = NoticeContext.fieldNames
        for name in ["review.title", "review.phase.title", "recipient.name", "meeting.start", "meeting.end", "proposal.title",
                     "decision.title", "rule", "due.day", "late", "problem", "digest.items.title", "monitoring.indicators.status"] {
            #expect(names.contains(name), "\(name)")
        }
    }
}
