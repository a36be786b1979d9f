import BVCore
import Testing

@Suite("Representatives of invited organisations")
struct RepresentativeTests {
    @Test("representatives are added to invited organisations with a way to reach them, and removed")
    func addAndRemove() throws {
        var r = ReviewDriver(at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028))
        r.run(.invite(organisation: "tenants", name: "Tenants' Federation", category: "tenants-and-community"))
        r.run(.addRepresentative(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@tenants.example", phone: nil))
        r.run(.addRepresentative(representative: "sam", organisation: "tenants", name: "Sam Patel", email: nil, phone: "01632 960123"))
        #expect(r.state?.representatives(of: "tenants").map(\.name) == ["Mary Jones", "Sam Patel"])

        #expect(r.refuse(.addRepresentative(representative: "x", organisation: "unison", name: "X", email: "x@u.example", phone: nil))
            == .notFound("organisation 'unison' has not been invited to this review"))
        #expect(r.refuse(.addRepresentative(representative: "y", organisation: "tenants", name: "Y", email: nil, phone: nil))
            == .invalid("give an email address or a telephone number, so that notices can reach the representative"))
        #expect(r.refuse(.addRepresentative(representative: "z", organisation: "tenants", name: "Z", email: "not-an-address", phone: nil))
            == .invalid("'not-an-address' is not an email address"))
        #expect(r.refuse(.addRepresentative(representative: "mary", organisation: "tenants", name: "M", email: "m@t.example", phone: nil))
            == .conflict("representative 'mary' already exists in this review"))

        r.run(.removeRepresentative(representative: "sam"))
        #expect(r.state?.representatives.map(\.id) == ["mary"])
        #expect(r.refuse(.removeRepresentative(representative: "sam")) == .notFound("no representative 'sam' in this review"))
    }

    @Test("a representative chooses a channel and a daily digest; routine reminders only may wait for it")
    func noticePreferences() throws {
        var r = ReviewDriver(at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028))
        r.run(.invite(organisation: "tenants", name: "Tenants' Federation", category: "tenants-and-community"))
        r.run(.addRepresentative(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@tenants.example", phone: nil))
        #expect(r.state?.representative("mary")?.channel == nil)
        #expect(r.state?.representative("mary")?.digest == false)
        r.run(.setNoticePreferences(representative: "mary", channel: "sms", digest: true))
        #expect(r.state?.representative("mary")?.channel == "sms")
        #expect(r.state?.representative("mary")?.digest == true)
        #expect(r.refuse(.setNoticePreferences(representative: "mary", channel: "sms", digest: true))
            == .conflict("representative 'mary' already has these notice preferences"))
        #expect(r.refuse(.setNoticePreferences(representative: "nobody", channel: nil, digest: false)) == .notFound("no representative 'nobody' in this review"))
        r.run(.setNoticePreferences(representative: "mary", channel: nil, digest: false))
        #expect(r.state?.representative("mary")?.channel == nil)

        #expect(NoticeKind.meetingReminder.isRoutineReminder && NoticeKind.papersDue.isRoutineReminder)
        #expect(!NoticeKind.meetingInvitation.isRoutineReminder && !NoticeKind.papersPublished.isRoutineReminder
            && !NoticeKind.decisionNoticed.isRoutineReminder && !NoticeKind.deadlinePassed.isRoutineReminder)
    }
}

@Suite("Papers and notice are recorded once")
struct FirstPublicationTests {
    @Test("the first publication counts: a second is refused, and none may be dated before the review began")
    func once() throws {
        var r = ReviewDriver(at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028))
        r.run(.scheduleMeeting(meeting: "m1", title: "Committee", method: "coordinating-committee",
                               start: LocalDateTime("2027-02-10T18:00")!, place: "Town Hall", invitees: []))
        #expect(r.refuse(.publishPapers(meeting: "m1", on: CivilDate("2026-12-01")))
            == .invalid("papers cannot be recorded for 2026-12-01, before the review began on 2027-01-04"))
        r.at("2027-01-20T10:00")
        r.run(.publishPapers(meeting: "m1", on: nil))
        r.run(.giveMeetingNotice(meeting: "m1", on: CivilDate("2027-01-19")))
        r.at("2027-01-25T10:00")
        #expect(r.refuse(.publishPapers(meeting: "m1", on: nil))
            == .conflict("papers for 'Committee' were already published on 2027-01-20; the first publication is the one the timetable counts"))
        #expect(r.refuse(.giveMeetingNotice(meeting: "m1", on: nil))
            == .conflict("public notice of 'Committee' was already given on 2027-01-19; the first notice is the one the timetable counts"))
    }
}

@Suite("Inviting more organisations to a meeting")
struct MeetingInviteesTests {
    @Test("new invitees are added once, get the invitation, and the meeting's reminders reach them")
    func addInvitees() throws {
        var r = ReviewDriver(at: "2027-01-04T09:00")
        r.run(.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028))
        r.run(.invite(organisation: "tenants", name: "Tenants", category: "tenants-and-community"))
        r.run(.scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop", start: LocalDateTime("2027-02-10T18:00")!,
                               place: "Hall", invitees: ["tenants"]))
        r.run(.invite(organisation: "unison", name: "UNISON", category: "trade-unions"))
        let added = r.run(.inviteToMeeting(meeting: "m1", organisations: ["unison", "tenants"]))
        #expect(added.map(\.change) == [.meetingInviteesAdded(meeting: "m1", organisations: ["unison"])])
        #expect(r.state?.meeting("m1")?.invitees == ["tenants", "unison"])
        let notices = r.engine.notices(for: added[0], state: r.state!)
        #expect(notices.map(\.kind) == [.meetingInvitation])
        #expect(notices.first?.recipients.organisations == ["unison"])
        // The event's own notice: its key names the event's place, and only this event's.
        #expect(notices.allSatisfy { $0.isOwn(eventAt: r.state!.eventCount) && !$0.isOwn(eventAt: r.state!.eventCount - 1) })
        let reminders = r.engine.plannedNotices(state: r.state!).filter { $0.kind == .meetingReminder }
        #expect(reminders.allSatisfy { $0.recipients.organisations == ["tenants", "unison"] })
        #expect(r.refuse(.inviteToMeeting(meeting: "m1", organisations: ["tenants"]))
            == .conflict("every organisation named is already invited to 'Workshop'"))
        #expect(r.refuse(.inviteToMeeting(meeting: "m1", organisations: ["carers"]))
            == .notFound("organisation 'carers' has not been invited to this review"))
    }
}
