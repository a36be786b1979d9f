import BVCore
import Testing

@Suite("Reminders planned for meetings")
struct MeetingReminderTests {
    static let committeeInvitees = ["tenants-federation", "pensioners-forum", "unison"]

    /// Scoping, entered 2027-01-04, with the coordinating committee on Thursday 2027-04-01 at 18:00 BST.
    static func scopingWithCommittee() -> ReviewDriver {
        var r = ReviewDriver.started(invited: 3)
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00", invitees: committeeInvitees)
        return r
    }

    @Test func everyNoticeOfScopingInOrder() {
        let r = Self.scopingWithCommittee()
        let notices = r.notices
        // Deadline: 8 weeks after 2027-01-04 is 2027-03-01, passed at the start of 2027-03-02 (GMT).
        // Papers and notice: 5 clear days before 1 April, Good Friday and Easter Monday excluded, is 2027-03-22.
        #expect(notices.map { "\($0.due) \($0.key)" } == [
            "2027-02-15T09:00:00Z housing-repairs/deadline-approaching/scoping/2027-02-15",
            "2027-02-22T09:00:00Z housing-repairs/deadline-approaching/scoping/2027-02-22",
            "2027-02-28T09:00:00Z housing-repairs/deadline-approaching/scoping/2027-02-28",
            "2027-03-02T00:00:00Z housing-repairs/deadline-passed/scoping/2027-03-02",
            "2027-03-18T09:00:00Z housing-repairs/meeting-reminder/committee-1/2027-03-18",
            "2027-03-20T09:00:00Z housing-repairs/notice-due/committee-1/2027-03-20",
            "2027-03-20T09:00:00Z housing-repairs/papers-due/committee-1/2027-03-20",
            "2027-03-22T09:00:00Z housing-repairs/notice-due/committee-1/2027-03-22",
            "2027-03-22T09:00:00Z housing-repairs/papers-due/committee-1/2027-03-22",
            "2027-03-25T09:00:00Z housing-repairs/meeting-reminder/committee-1/2027-03-25",
            "2027-03-31T08:00:00Z housing-repairs/meeting-reminder/committee-1/2027-03-31",
        ])
        #expect(notices.allSatisfy { $0.review == "housing-repairs" && $0.phase == "scoping" && $0.problem == nil })
        #expect(Set(notices.map(\.key)).count == notices.count)
    }

    @Test func meetingRemindersGoToInviteesAtNineLondonTimeAcrossTheSpringChange() throws {
        let r = Self.scopingWithCommittee()
        let reminders = r.notices(.meetingReminder, about: "committee-1")
        try #require(reminders.count == 3)
        // 18 and 25 March are GMT; 31 March is BST (clocks went forward on 28 March), so 09:00 is 08:00Z.
        #expect(reminders.map(\.due) == [utc("2027-03-18T09:00:00Z"), utc("2027-03-25T09:00:00Z"), utc("2027-03-31T08:00:00Z")])
        #expect(reminders.map(\.rule) == ["14 days before, at 09:00", "7 days before, at 09:00", "1 day before, at 09:00"])
        for reminder in reminders {
            #expect(reminder.subjectAt == utc("2027-04-01T17:00:00Z"))
            #expect(reminder.subjectTitle == "Coordinating committee")
            #expect(reminder.recipients.are(roles: [], organisations: Self.committeeInvitees))
        }
    }

    @Test func remindersAroundTheAutumnChange() {
        var r = ReviewDriver.started(invited: 2)
        r.schedule("forum-1", "Neighbourhood forum", "neighbourhood-forum", at: "2027-11-01T10:00", invitees: ["pensioners-forum"])
        let reminders = r.notices(.meetingReminder, about: "forum-1")
        // Clocks go back at 02:00 BST on Sunday 31 October 2027: 09:00 that morning is already GMT.
        #expect(reminders.map(\.key) == ["housing-repairs/meeting-reminder/forum-1/2027-10-18",
                                         "housing-repairs/meeting-reminder/forum-1/2027-10-25",
                                         "housing-repairs/meeting-reminder/forum-1/2027-10-31"])
        #expect(reminders.map(\.due) == [utc("2027-10-18T08:00:00Z"), utc("2027-10-25T08:00:00Z"), utc("2027-10-31T09:00:00Z")])
        #expect(reminders.allSatisfy { $0.subjectAt == utc("2027-11-01T10:00:00Z") })
        // A forum takes no decisions, so it has no papers deadline.
        #expect(r.notices(.papersDue, about: "forum-1").isEmpty)
    }

    @Test func papersDueOnTheLastDayByTheClearDayRuleUntilPublished() throws {
        var r = Self.scopingWithCommittee()
        let papers = r.notices(.papersDue, about: "committee-1")
        try #require(papers.count == 2)
        #expect(papers.map(\.due) == [utc("2027-03-20T09:00:00Z"), utc("2027-03-22T09:00:00Z")])
        #expect(papers.map(\.rule) == ["2 days before, at 09:00", "0 days before, at 09:00"])
        for notice in papers {
            #expect(notice.subjectTitle == "papers for 'Coordinating committee' (due by 2027-03-22)")
            #expect(notice.subjectAt == utc("2027-03-23T00:00:00Z"))
            #expect(notice.recipients.are(roles: ["lead-officer", "democratic-services"], organisations: []))
        }
        r.at("2027-03-10T10:00")
        r.run(.publishPapers(meeting: "committee-1", on: nil))
        #expect(r.notices(.papersDue, about: "committee-1").isEmpty)
        #expect(r.notices(.noticeDue, about: "committee-1").count == 2)
        #expect(r.notices(.meetingReminder, about: "committee-1").count == 3)
    }

    @Test func papersAreNotDueForAWorkshop() {
        var r = ReviewDriver.started(invited: 3)
        r.schedule("workshop-1", "Tenants' workshop", "workshop", at: "2027-02-10T18:00", invitees: ["tenants-federation"])
        #expect(r.notices(.papersDue, about: "workshop-1").isEmpty)
        #expect(r.notices(.meetingReminder, about: "workshop-1").map(\.due)
            == [utc("2027-01-27T09:00:00Z"), utc("2027-02-03T09:00:00Z"), utc("2027-02-09T09:00:00Z")])
    }

    @Test func noticeDueUntilNoticeIsGiven() throws {
        var r = Self.scopingWithCommittee()
        let due = r.notices(.noticeDue, about: "committee-1")
        try #require(due.count == 2)
        #expect(due.map(\.key) == ["housing-repairs/notice-due/committee-1/2027-03-20", "housing-repairs/notice-due/committee-1/2027-03-22"])
        #expect(due.allSatisfy { $0.recipients.are(roles: ["democratic-services"], organisations: []) })
        #expect(due.allSatisfy { $0.subjectTitle == "public notice of 'Coordinating committee' (due by 2027-03-22)" })
        r.at("2027-03-15T10:00")
        r.run(.giveMeetingNotice(meeting: "committee-1", on: CivilDate("2027-03-12")))
        #expect(r.notices(.noticeDue, about: "committee-1").isEmpty)
        #expect(r.notices(.papersDue, about: "committee-1").count == 2)
    }

    @Test func aMeetingWithNoInviteesIsReportedNotDropped() {
        var r = ReviewDriver.started(invited: 1)
        r.schedule("cabinet-1", "Cabinet", "executive-meeting", at: "2027-02-25T10:00", invitees: [])
        let reminders = r.notices(.meetingReminder, about: "cabinet-1")
        #expect(reminders.map(\.due) == [utc("2027-02-11T09:00:00Z"), utc("2027-02-18T09:00:00Z"), utc("2027-02-24T09:00:00Z")])
        #expect(reminders.allSatisfy { $0.recipients.isEmpty })
        #expect(reminders.allSatisfy { $0.problem == "nobody to send to: invitees (the meeting has no invitees)" })
        // The roles still get the papers reminders, with no problem.
        #expect(r.notices(.papersDue, about: "cabinet-1").allSatisfy { $0.problem == nil && !$0.recipients.isEmpty })
    }

    @Test func reschedulingMovesTheRemindersAndCancellingRemovesThem() {
        var r = Self.scopingWithCommittee()
        r.at("2027-02-01T10:00")
        r.run(.rescheduleMeeting(meeting: "committee-1", start: local("2027-04-08T18:00"), place: nil))
        let moved = r.notices.filter { $0.subject == "committee-1" }
        // 8 April: reminders 25 March (GMT), 1 and 7 April (BST); papers and notice by 31 March
        // (clear days 7, 6, 5, 2 and 1 April), reminded on Easter Monday 29 March and on 31 March.
        #expect(moved.map { "\($0.due) \($0.key)" } == [
            "2027-03-25T09:00:00Z housing-repairs/meeting-reminder/committee-1/2027-03-25",
            "2027-03-29T08:00:00Z housing-repairs/notice-due/committee-1/2027-03-29",
            "2027-03-29T08:00:00Z housing-repairs/papers-due/committee-1/2027-03-29",
            "2027-03-31T08:00:00Z housing-repairs/notice-due/committee-1/2027-03-31",
            "2027-03-31T08:00:00Z housing-repairs/papers-due/committee-1/2027-03-31",
            "2027-04-01T08:00:00Z housing-repairs/meeting-reminder/committee-1/2027-04-01",
            "2027-04-07T08:00:00Z housing-repairs/meeting-reminder/committee-1/2027-04-07",
        ])
        #expect(moved.filter { $0.kind == .meetingReminder }.allSatisfy { $0.subjectAt == utc("2027-04-08T17:00:00Z") })
        r.run(.cancelMeeting(meeting: "committee-1", reason: "The chair is unavailable"))
        #expect(r.notices.filter { $0.subject == "committee-1" }.isEmpty)
        // The phase deadline is not about the meeting and stays.
        #expect(r.notices.map(\.kind) == [.deadlineApproaching, .deadlineApproaching, .deadlineApproaching, .deadlinePassed])
    }

    @Test func aHeldMeetingHasNoReminders() {
        var r = Self.scopingWithCommittee()
        r.at("2027-04-01T20:00")
        r.run(.recordMeetingHeld(meeting: "committee-1", minutes: "Inquorate; no decisions"))
        #expect(r.notices.filter { $0.subject == "committee-1" }.isEmpty)
    }

    @Test func thePlanIsDeterministicAndItsKeysAreUnique() throws {
        var r = ReviewDriver.started(invited: 6)
        r.schedule("workshop-1", "Tenants' workshop", "workshop", at: "2027-02-10T18:00", invitees: ["tenants-federation"])
        r.schedule("committee-1", "Coordinating committee", "coordinating-committee", at: "2027-04-01T18:00",
                   invitees: ReviewDriver.organisations.map(\.0))
        r.schedule("committee-2", "Coordinating committee", "coordinating-committee", at: "2027-04-08T18:00", invitees: [])
        let state = try #require(r.state)
        let first = r.engine.plannedNotices(state: state)
        let again = r.engine.plannedNotices(state: try #require(ReviewState.fold(r.events)))
        #expect(first == again)
        // The deadline's four, and per committee three meeting reminders and two each for papers and notice.
        #expect(first.filter { $0.subject != "workshop-1" }.count == 4 + 7 + 7)
        #expect(first.filter { $0.subject == "workshop-1" && $0.kind == .meetingReminder }.count == 3)
        #expect(Set(first.map(\.key)).count == first.count)
        #expect(first.map(\.due) == first.map(\.due).sorted())
        // A fresh engine gives the same list.
        let other = ReviewEngine(workflow: ReviewDriver.shippedWorkflow, calendar: .bundled(.englandAndWales))
        #expect(other.plannedNotices(state: state) == first)
    }
}
