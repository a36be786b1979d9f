import BVCore
import BVWorkflowFile
import Testing

/// Reminders: subjects that fit the phase, offsets and recipients.
@Suite("Reminders and recipients")
struct ReminderTests {
    @Test func reminderWithAnEmptyRecipientList() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - before: deadline
                    offsets: [P1D]
                    to: []
            """
        expectOnlyProblem(yaml, at: 11, 13, "reminder 1 of phase 'only' has no recipients")
    }

    @Test func reminderWithoutTo() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - before: deadline
                    offsets: [P1D]
            """
        expectOnlyProblem(
            yaml, at: 9, 9, "reminder 1 of phase 'only' has no recipients; name roles, 'invitees' or 'representatives' in 'to'")
    }

    @Test func reminderWithoutOffsetsOrWithEmptyOffsets() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - {before: deadline, to: [representatives]}
                  - {before: deadline, offsets: [], to: [representatives]}
            """
        let found = problems(in: yaml)
        #expect(found.count == 2, "\(listing(found))")
        expectProblem(found, at: 9, 9, "reminder 1 of phase 'only' has no 'offsets'")
        expectProblem(found, at: 10, 9, "reminder 2 of phase 'only' has no offsets")
    }

    @Test func inviteesOnADeadlineReminder() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - before: deadline
                    offsets: [P1D]
                    to: [invitees]
            """
        expectOnlyProblem(
            yaml, at: 11, 14,
            "reminder 1 of phase 'only': 'invitees' means the invitees of a meeting, so it fits only reminders before meeting, papers-due or notice-due")
    }

    @Test func inviteesInEscalation() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                escalate-to: [representatives, invitees]
            """
        expectOnlyProblem(yaml, at: 7, 36, "'escalate-to' of phase 'only': 'invitees' means the invitees of a meeting")
    }

    @Test func measurementDueReminderInAPhaseWithoutMonitoring() {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
            phases:
              - id: only
                title: Only
                reminders:
                  - before: measurement-due
                    offsets: [P1D]
                    to: [lead]
            """
        expectOnlyProblem(
            yaml, at: 10, 17, "reminder 1 of phase 'only' is before measurement-due, but the phase has no 'monitoring' schedule")
    }

    @Test func deadlineReminderInAPhaseWithoutADeadline() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                reminders:
                  - {before: deadline, offsets: [P1D], to: [representatives]}
            """
        expectOnlyProblem(yaml, at: 8, 18, "reminder 1 of phase 'only' is before the deadline, but the phase has no 'deadline'")
    }

    @Test func unknownReminderSubject() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                reminders:
                  - {before: lunch, offsets: [P1D], to: [representatives]}
            """
        expectOnlyProblem(
            yaml, at: 8, 18,
            "reminder 1 of phase 'only': 'before' must be one of meeting, papers-due, notice-due, deadline, response-deadline, measurement-due, not 'lunch'")
    }

    @Test func problemInAReusedReminderListIsAtTheOriginalLineAndNamesTheReusingPhase() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: a
                title: A
                deadline: {after-entry: P8W}
                reminders: &shared
                  - {before: deadline, offsets: [P1D], to: [representatives]}
              - id: b
                title: B
                reminders: *shared
            """
        expectOnlyProblem(yaml, at: 9, 18, "reminder 1 of phase 'b' is before the deadline, but the phase has no 'deadline'")
    }

    @Test func remindersThatFitTheirPhaseLoad() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
            phases:
              - id: only
                title: Only
                monitoring: {period: P3M, periods: 4, due-within: P14D}
                reminders:
                  - {before: measurement-due, offsets: [P7D], to: [lead, representatives]}
                  - {before: meeting, offsets: [P1D], at: "08:15", to: [invitees]}
                  - {before: papers-due, offsets: [P0D], to: [invitees]}
                  - {before: notice-due, offsets: [P2D], to: [invitees]}
                  - {before: response-deadline, offsets: [P1D], to: [representatives]}
            """
        let phase = try #require(loaded(yaml)?.phase("only"))
        #expect(phase.reminders.map(\.subject) == [.measurementDue, .meeting, .papersDue, .noticeDue, .responseDeadline])
        #expect(phase.reminders[0].to == [.role("lead"), .representatives])
        #expect(phase.reminders[0].at == LocalTime(hour: 9, minute: 0))
        #expect(phase.reminders[1].at == LocalTime(hour: 8, minute: 15))
        #expect(phase.reminders[1].to == [.invitees])
        #expect(phase.monitoring?.dueWithin == ISODuration(days: 14))
    }

    @Test func reminderTimeMustBeATimeOfDay() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                reminders:
                  - {before: meeting, offsets: [P1D], at: "25:00", to: [invitees]}
            """
        expectOnlyProblem(yaml, at: 8, 47, "reminder 1 of phase 'only': 'at' must be a time of day such as \"09:00\", not '25:00'")
    }
}
