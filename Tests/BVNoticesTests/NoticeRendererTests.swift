import BVCore
import BVNotices
import Testing

@Suite("Rendering notices from the shipped templates")
struct NoticeRendererTests {
    @Test("a meeting invitation: one-line subject, a courteous text, an HTML body and a calendar request")
    func meetingInvitation() throws {
        let fixture = ReviewFixture.withCommittee()
        let notice = renderer.render(context(try fixture.notice(.meetingInvitation), fixture))
        #expect(notice.subject == "Invitation: Coordinating committee, Tuesday 1 December 2026, 14:00 GMT")
        #expect(notice.text.hasPrefix("Dear Jane Doe,\n"))
        #expect(notice.text.contains("  When:     Tuesday 1 December 2026, 14:00 GMT to 16:00 GMT\n"))
        #expect(notice.text.contains("  Where:    Town Hall, Northfield\n"))
        #expect(notice.text.contains("Northfield Borough Council"))
        #expect(!notice.text.contains("sorry"))
        #expect(notice.html?.contains("<td>Town Hall, Northfield</td>") == true)
        #expect(notice.calendar?.method == "REQUEST")
    }

    @Test("values are HTML-escaped in the HTML body and left as written in the subject and text")
    func escaping() throws {
        let fixture = ReviewFixture.withCommittee(title: "Tenants' & leaseholders' <forum>")
        let notice = renderer.render(context(try fixture.notice(.meetingInvitation), fixture))
        #expect(notice.subject.hasPrefix("Invitation: Tenants' & leaseholders' <forum>, "))
        #expect(notice.text.contains("Meeting:  Tenants' & leaseholders' <forum>\n"))
        #expect(!notice.text.contains("&amp;") && !notice.text.contains("&#39;"))
        let html = try #require(notice.html)
        #expect(html.contains("<td>Tenants&#39; &amp; leaseholders&#39; &lt;forum&gt;</td>"))
        #expect(!html.contains("<forum>"))
    }

    @Test("a late notice apologises")
    func late() throws {
        let fixture = ReviewFixture.withCommittee()
        let notice = renderer.render(context(try fixture.notice(.meetingInvitation), fixture, late: true))
        #expect(notice.text.hasPrefix("We are sorry that this notice reaches you later than planned.\n\nDear Jane Doe,"))
    }

    @Test("a cancellation says why and carries a calendar cancellation")
    func cancellation() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.run(.cancelMeeting(meeting: "committee-1", reason: "The chair is unwell"))
        let notice = renderer.render(context(try fixture.notice(.meetingCancellation), fixture))
        #expect(notice.subject == "Cancelled: Coordinating committee, Tuesday 1 December 2026")
        #expect(notice.text.contains("Reason: The chair is unwell"))
        #expect(notice.calendar?.method == "CANCEL")
        #expect(notice.calendar?.text.contains("STATUS:CANCELLED\r\n") == true)
    }

    @Test("notices not about a meeting's time carry no calendar")
    func noCalendar() throws {
        var fixture = ReviewFixture.withCommittee()
        fixture.run(.publishPapers(meeting: "committee-1", on: nil))
        let notice = renderer.render(context(try fixture.notice(.papersPublished), fixture))
        #expect(notice.calendar == nil)
        #expect(notice.html != nil)
        #expect(notice.subject == "Papers published for Coordinating committee on Tuesday 1 December 2026")
    }

    @Test("every notice of a review renders from the shipped templates: no tags left, no blank subject, lines within 78")
    func everyPlannedNoticeRenders() throws {
        var fixture = ReviewFixture.withCommittee()
        var planned = fixture.lastNotices + fixture.engine.plannedNotices(state: fixture.state)
        fixture.run(.publishPapers(meeting: "committee-1", on: nil))
        planned += fixture.lastNotices
        fixture.run(.rescheduleMeeting(meeting: "committee-1", start: LocalDateTime("2027-04-01T18:00")!, place: nil))
        planned += fixture.lastNotices + fixture.engine.plannedNotices(state: fixture.state)
        fixture.run(.cancelMeeting(meeting: "committee-1", reason: "Postponed"))
        planned += fixture.lastNotices
        #expect(Set(planned.map(\.kind)).count >= 7)
        for notice in planned {
            let rendered = renderer.render(context(notice, fixture))
            #expect(!rendered.subject.isEmpty && !rendered.subject.contains("\n"), "\(notice.kind)")
            #expect(!rendered.text.contains("{{") && !rendered.text.contains("\n\n\n"), "\(notice.kind)")
            let long = rendered.text.split(separator: "\n").filter { $0.count > 78 }
            #expect(long.isEmpty, "\(notice.kind): \(long)")
        }
    }

    @Test("bvd's own notices render: a delivery failure, a digest, a monitoring report")
    func ownNotices() throws {
        let fixture = ReviewFixture.withCommittee()
        let invitation = try fixture.notice(.meetingInvitation)
        let failed = OutgoingNotice(id: "n-1", kind: .meetingInvitation, review: "housing-repairs", subject: "committee-1",
                                    recipient: jane, content: renderer.render(context(invitation, fixture)),
                                    createdAt: invitation.due, late: false)
        let failure = renderer.render(NoticeContext(
            notice: .deliveryFailure(of: failed, reason: "550 5.1.1 mailbox unavailable", at: london("2026-11-03T09:00")),
            state: fixture.state, workflow: ReviewFixture.workflow, recipient: jane, zone: .london,
            now: london("2026-11-03T09:00"), authority: "Northfield Borough Council"))
        #expect(failure.subject == "Not delivered: meeting invitation to Jane Doe")
        #expect(failure.text.contains("  Reason:     550 5.1.1 mailbox unavailable\n"))
        #expect(failure.text.contains("  To:         Jane Doe (Northfield Tenants' Federation)\n"))

        let items = fixture.engine.plannedNotices(state: fixture.state).prefix(2).map { DigestItem($0) }
        let digest = renderer.render(NoticeContext(
            notice: .digest(review: "housing-repairs", day: CivilDate("2026-11-17")!, items: Array(items), at: london("2026-11-17T17:00")),
            state: fixture.state, workflow: ReviewFixture.workflow, recipient: jane, zone: .london,
            now: london("2026-11-17T17:00"), authority: "Northfield Borough Council"))
        #expect(digest.subject == "Your daily summary: Housing repairs, Tuesday 17 November 2026")
        #expect(digest.text.split(separator: "\n").filter { $0.hasPrefix("- ") }.count == items.count)

        let report = renderer.render(NoticeContext(
            notice: .monitoringReport(review: "housing-repairs", period: 1, at: london("2027-07-01T09:00")),
            state: fixture.state, workflow: ReviewFixture.workflow, recipient: jane, zone: .london,
            now: london("2027-07-01T09:00"), authority: "Northfield Borough Council"))
        #expect(report.subject == "Monitoring report: Housing repairs, period 1")
        #expect(report.text.contains("The plan has no indicators yet."))
    }
}
