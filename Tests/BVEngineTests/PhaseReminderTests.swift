import BVCore
import Testing

@Suite("Reminders planned for deadlines, responses and measurements")
struct PhaseReminderTests {
    @Test func scopingDeadlineApproachingAndPassed() throws {
        let r = ReviewDriver.started(invited: 0)
        let state = try #require(r.state)
        let scoping = try #require(r.engine.workflow.phase("scoping"))
        // Entered on 2027-01-04; 8 weeks later is 2027-03-01, the last day; it passes as 2 March begins.
        #expect(r.engine.deadlineInstant(scoping, entered: try #require(state.phaseEntered), state: state) == utc("2027-03-02T00:00:00Z"))
        let approaching = r.notices(.deadlineApproaching, about: "scoping")
        #expect(approaching.map(\.key) == ["housing-repairs/deadline-approaching/scoping/2027-02-15",
                                           "housing-repairs/deadline-approaching/scoping/2027-02-22",
                                           "housing-repairs/deadline-approaching/scoping/2027-02-28"])
        #expect(approaching.map(\.due) == [utc("2027-02-15T09:00:00Z"), utc("2027-02-22T09:00:00Z"), utc("2027-02-28T09:00:00Z")])
        #expect(approaching.allSatisfy { $0.recipients.are(roles: ["lead-officer"], organisations: []) })
        #expect(approaching.allSatisfy { $0.subjectAt == utc("2027-03-02T00:00:00Z") && $0.subjectTitle == "deadline of phase 'Scoping'" })

        let passed = try #require(r.notices(.deadlinePassed, about: "scoping").first)
        #expect(r.notices(.deadlinePassed, about: "scoping").count == 1)
        #expect(passed.key == "housing-repairs/deadline-passed/scoping/2027-03-02")
        #expect(passed.due == utc("2027-03-02T00:00:00Z"))
        #expect(passed.subjectAt == passed.due)
        #expect(passed.rule == "when the deadline passes")
        #expect(passed.recipients.are(roles: ["lead-officer", "scrutiny-chair"], organisations: []))
        #expect(passed.problem == nil)
    }

    @Test func involvementDeadlinePassesAtMidnightSummerTime() throws {
        var r = ReviewDriver.started()
        r.enterInvolvement()
        // Entered 2027-02-04; 6 months later is 2027-08-04; it passes at 00:00 BST on 5 August.
        let passed = try #require(r.notices(.deadlinePassed, about: "involvement").first)
        #expect(passed.due == utc("2027-08-04T23:00:00Z"))
        #expect(passed.key == "housing-repairs/deadline-passed/involvement/2027-08-05")
        #expect(r.notices(.deadlineApproaching, about: "involvement").map(\.due)
            == [utc("2027-07-21T08:00:00Z"), utc("2027-07-28T08:00:00Z"), utc("2027-08-03T08:00:00Z")])
        // Scoping's notices are gone with the phase, and the committee was held.
        #expect(r.notices.allSatisfy { $0.phase == "involvement" })
        #expect(r.notices.filter { $0.subject == "committee-0" || $0.subject == "scoping" }.isEmpty)
    }

    @Test func responseDeadlineRemindersGoToEveryInvitedOrganisation() throws {
        var r = ReviewDriver.started()
        r.enterInvolvement()
        r.at("2027-02-08T10:00")
        r.run(.publishProposal(proposal: "repairs-proposal", title: "Proposals for a new repairs service", responseDeadline: nil))
        // 20 working days after Monday 8 February 2027 (no bank holidays) is Monday 8 March.
        #expect(r.state?.proposal("repairs-proposal")?.responseDeadline == .date(civil("2027-03-08")))
        let reminders = r.notices(.responseDeadline, about: "repairs-proposal")
        #expect(reminders.map(\.key) == ["housing-repairs/response-deadline/repairs-proposal/2027-03-01",
                                         "housing-repairs/response-deadline/repairs-proposal/2027-03-07"])
        #expect(reminders.map(\.due) == [utc("2027-03-01T09:00:00Z"), utc("2027-03-07T09:00:00Z")])
        #expect(reminders.map(\.rule) == ["7 days before, at 09:00", "1 day before, at 09:00"])
        for reminder in reminders {
            #expect(reminder.subjectAt == utc("2027-03-09T00:00:00Z"))
            #expect(reminder.subjectTitle == "responses to 'Proposals for a new repairs service'")
            #expect(reminder.recipients.are(roles: [], organisations: ReviewDriver.organisations.map(\.0)))
            #expect(reminder.problem == nil)
        }
    }

    @Test func aGivenResponseDeadlineAcrossTheSpringChange() {
        var r = ReviewDriver.started()
        r.enterInvolvement()
        r.at("2027-03-01T10:00")
        r.run(.publishProposal(proposal: "p2", title: "Second proposal", responseDeadline: civil("2027-04-02")))
        // The window is open all of Friday 2 April; 7 days before is 26 March (GMT), 1 day before is 1 April (BST).
        let reminders = r.notices(.responseDeadline, about: "p2")
        #expect(reminders.map(\.due) == [utc("2027-03-26T09:00:00Z"), utc("2027-04-01T08:00:00Z")])
        #expect(reminders.allSatisfy { $0.subjectAt == utc("2027-04-02T23:00:00Z") })
    }

    /// A review that entered monitoring at 2027-07-01T10:00 BST with two indicators.
    static func monitoring() -> ReviewDriver {
        var r = ReviewDriver.started()
        r.at("2027-07-01T10:00")
        r.record(.phaseEntered(phase: "monitoring"))
        r.run(.addIndicator(code: "BV185", name: "Repairs with appointments made and kept", unit: "%", polarity: .higherIsBetter, baseline: 71))
        r.run(.addIndicator(code: "BV212", name: "Average re-let time", unit: "days", polarity: .lowerIsBetter, baseline: 38))
        return r
    }

    @Test func measurementDueAndOverdueInMonitoring() throws {
        let r = Self.monitoring()
        // Period 1 runs from 1 July to 30 September; measurements are due within 28 days of 1 October,
        // so they are overdue from 00:00 BST on 29 October.
        let due = r.notices(.measurementDue, about: "period-1")
        #expect(due.map(\.key) == ["housing-repairs/measurement-due/period-1/2027-10-14",
                                   "housing-repairs/measurement-due/period-1/2027-10-27"])
        #expect(due.map(\.due) == [utc("2027-10-14T08:00:00Z"), utc("2027-10-27T08:00:00Z")])
        #expect(due.allSatisfy { $0.subjectAt == utc("2027-10-28T23:00:00Z") && $0.subjectTitle == "measurements for monitoring period 1 (Q2 2027/28)" })
        #expect(due.allSatisfy { $0.recipients.are(roles: ["lead-officer"], organisations: []) })

        let overdue = try #require(r.notices(.measurementOverdue, about: "period-1").first)
        #expect(overdue.key == "housing-repairs/measurement-overdue/period-1/2027-10-29")
        #expect(overdue.due == utc("2027-10-28T23:00:00Z"))
        #expect(overdue.rule == "when the measurements are overdue")
        #expect(overdue.recipients.are(roles: ["lead-officer"], organisations: []))

        // Period 2 ends as 2028 begins (GMT): overdue from 00:00 on 29 January 2028.
        #expect(r.notices(.measurementDue, about: "period-2").map(\.due) == [utc("2028-01-14T09:00:00Z"), utc("2028-01-27T09:00:00Z")])
        #expect(r.notices(.measurementOverdue, about: "period-2").map(\.due) == [utc("2028-01-29T00:00:00Z")])
        // Period 4 ends on 1 July 2028 (BST).
        #expect(r.notices(.measurementOverdue, about: "period-4").map(\.key) == ["housing-repairs/measurement-overdue/period-4/2028-07-29"])
        #expect(r.notices.count == 4 * 3)
        #expect(r.notices.allSatisfy { $0.phase == "monitoring" })
    }

    @Test func measuringEveryIndicatorEndsAPeriodsReminders() {
        var r = Self.monitoring()
        r.at("2027-10-05T10:00")
        r.run(.recordMeasurement(code: "BV185", period: 1, value: 74))
        // One indicator is still missing, so the period is not measured.
        #expect(r.notices(.measurementOverdue, about: "period-1").count == 1)
        #expect(r.notices(.measurementDue, about: "period-1").count == 2)
        r.run(.recordMeasurement(code: "BV212", period: 1, value: 35))
        #expect(r.notices.filter { $0.subject == "period-1" }.isEmpty)
        #expect(r.notices.map(\.subject) == ["period-2", "period-2", "period-2", "period-3", "period-3", "period-3",
                                             "period-4", "period-4", "period-4"])
    }
}
