import BVCore
import BVStore
import BVWorkflowFile
import Foundation
import Testing

@Suite("Scheduler: on time, across DST, after downtime, exactly once")
struct SchedulerTests {
    /// A review with a workshop on 1 April 2027 (after the clocks go forward on 28 March).
    func reviewWithMeeting(_ store: SQLiteReviewStore, at start: Instant) async throws {
        let outcomes = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Tenants' workshop", method: "workshop",
                                                         start: LocalDateTime("2027-04-01T18:00")!, place: "Hall", invitees: ["tenants"])),
        ], now: start)
        #expect(outcomes.allSatisfy { $0.success != nil })
    }

    /// Runs a scheduler and steps the clock to each instant it sleeps until, as real time would,
    /// up to `end`.
    func runScheduler(_ store: SQLiteReviewStore, _ clock: ManualSchedulerClock, until end: Instant) async throws {
        let scheduler = Scheduler(store: store, clock: clock)
        let loop = Task { try await scheduler.run() }
        defer { loop.cancel() }
        var previous: Instant?
        while true {
            try await eventually("the scheduler to sleep again") {
                guard let until = await scheduler.sleepingUntil else { return false }
                return until != previous
            }
            guard let until = await scheduler.sleepingUntil, until < end else { break }
            previous = until
            clock.advance(to: until)
        }
    }

    @Test("09:00 reminders fire at 09:00 local on both sides of the change to BST, each exactly when due")
    func acrossDST() async throws {
        let t = try TemporaryStore()
        let clock = ManualSchedulerClock(StoreFixture.london("2027-03-10T12:00"))
        try await reviewWithMeeting(t.store, at: clock.now())
        try await runScheduler(t.store, clock, until: StoreFixture.london("2027-04-01T00:00"))
        var firedAt: [String: Instant] = [:]
        for timer in try await t.store.timers(review: "r1") where timer.notice.kind == .meetingReminder && timer.state == .fired {
            firedAt[timer.notice.key] = timer.firedAt
        }
        #expect(firedAt == [
            "r1/meeting-reminder/m1/2027-03-18": Instant(rfc3339: "2027-03-18T09:00:00Z")!,  // GMT
            "r1/meeting-reminder/m1/2027-03-25": Instant(rfc3339: "2027-03-25T09:00:00Z")!,  // GMT
            "r1/meeting-reminder/m1/2027-03-31": Instant(rfc3339: "2027-03-31T08:00:00Z")!,  // BST
        ])
    }

    @Test("a reminder at a time the clocks skip fires an hour on, at 02:30 BST; one at a time they repeat fires once, at the first")
    func skippedAndRepeatedHours() async throws {
        // The shipped workflow with its meeting reminders at 01:30 instead of 09:00.
        let text = try String(contentsOfFile: StoreFixture.workflowPath, encoding: .utf8)
            .replacingOccurrences(of: "- {before: meeting, offsets: [P14D, P7D, P1D], at: \"09:00\"", with: "- {before: meeting, offsets: [P14D, P7D, P1D], at: \"01:30\"")
        let workflow = try LoadedWorkflow(definition: WorkflowLoader.parse(yaml: text, file: "night.yaml").get(), source: text, file: "night.yaml")
        let t = try TemporaryStore(workflow: workflow)
        let clock = ManualSchedulerClock(StoreFixture.london("2027-03-10T12:00"))
        let meeting = { (id: String, start: String) in
            StoreFixture.request("r1", .scheduleMeeting(meeting: id, title: "Forum \(id)", method: "neighbourhood-forum",
                                                         start: LocalDateTime(start)!, place: "Hall", invitees: ["tenants"]))
        }
        // 7 days before: 01:30 on 28 March (skipped: 01:00 GMT becomes 02:00 BST) and on 31 October (01:00–02:00 twice).
        let outcomes = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("tenants")),
                                                  meeting("spring", "2027-04-04T18:00"), meeting("autumn", "2027-11-07T18:00")], now: clock.now())
        #expect(outcomes.allSatisfy { $0.success != nil })
        try await runScheduler(t.store, clock, until: StoreFixture.london("2027-11-08T00:00"))
        let timers = try await t.store.timers(review: "r1")
        let spring = timers.filter { $0.notice.key == "r1/meeting-reminder/spring/2027-03-28" }
        #expect(spring.map(\.state) == [.fired])
        #expect(spring.first?.firedAt == Instant(rfc3339: "2027-03-28T01:30:00Z"))  // 02:30 BST
        let autumn = timers.filter { $0.notice.key.hasPrefix("r1/meeting-reminder/autumn/2027-10-31") }
        #expect(autumn.map(\.state) == [.fired])
        #expect(autumn.first?.firedAt == Instant(rfc3339: "2027-10-31T00:30:00Z"))  // 01:30 BST, the first of the two
        let outbox = try await t.store.outbox(review: "r1").filter { $0.notice.key.hasPrefix("r1/meeting-reminder/autumn/2027-10-31") }
        #expect(outbox.count == 1)
    }

    @Test("a timer planned earlier than the current sleep wakes the scheduler")
    func earlierTimerWakes() async throws {
        let t = try TemporaryStore()
        let clock = ManualSchedulerClock(StoreFixture.london("2027-03-10T12:00"))
        try await reviewWithMeeting(t.store, at: clock.now())
        let scheduler = Scheduler(store: t.store, clock: clock)
        let loop = Task { try await scheduler.run() }
        defer { loop.cancel() }
        try await eventually("the first sleep") { await scheduler.sleepingUntil == StoreFixture.london("2027-03-18T09:00") }
        let writer = CommandWriter(store: t.store, clock: clock)
        writer.setAfterCommit { _ in Task { await scheduler.wake() } }
        let outcome = try await writer.submit(StoreFixture.request("r1", .scheduleMeeting(
            meeting: "m2", title: "Focus group", method: "focus-group", start: LocalDateTime("2027-03-12T18:00")!, place: "Library", invitees: ["tenants"])))
        #expect(outcome.success != nil)
        // The focus group's 1-day reminder is due at 09:00 on 11 March, a week before the old sleep ends.
        let earlier = StoreFixture.london("2027-03-11T09:00")
        try await eventually("the scheduler to sleep until the earlier timer") { await scheduler.sleepingUntil == earlier }
        clock.advance(to: earlier)
        try await eventually("the earlier reminder to fire") {
            try await t.store.timers(review: "r1").contains { $0.notice.key == "r1/meeting-reminder/m2/2027-03-11" && $0.state == .fired }
        }
    }

    @Test("a review imported while the scheduler sleeps has its timers looked at at once")
    func importWakes() async throws {
        let source = try TemporaryStore()
        try await reviewWithMeeting(source.store, at: StoreFixture.london("2027-03-10T12:00"))
        let archive = try await source.store.export(review: "r1")
        let t = try TemporaryStore()
        let clock = ManualSchedulerClock(StoreFixture.london("2027-03-20T12:00"))
        let scheduler = Scheduler(store: t.store, clock: clock)
        let writer = CommandWriter(store: t.store, clock: clock)
        writer.setAfterCommit { _ in Task { await scheduler.wake() } }
        let loop = Task { try await scheduler.run() }
        defer { loop.cancel() }
        // Nothing planned: it sleeps an hour, and the clock here does not move.
        try await eventually("the first sleep") { await scheduler.sleepingUntil == StoreFixture.london("2027-03-20T13:00") }
        #expect(try await t.store.importReview(jsonLines: archive, now: clock.now()) == "r1")
        writer.committedElsewhere()
        // The next of its timers: 22 March, when the papers' notice falls due.
        try await eventually("the scheduler to sleep until the imported review's next timer") {
            await scheduler.sleepingUntil == StoreFixture.london("2027-03-22T09:00")
        }
    }

    @Test("after 10 days down: reminders still ahead are late, passed ones missed, the deadline fires once late; restarts add nothing")
    func downtime() async throws {
        let t = try TemporaryStore()
        // Scoping began on 4 January; its 8-week deadline passes at the start of 2 March.
        try await reviewWithMeeting(t.store, at: StoreFixture.london("2027-01-04T09:00"))
        _ = try await t.store.execute([
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m0", title: "Pensioners' forum", method: "neighbourhood-forum",
                                                         start: LocalDateTime("2027-03-01T14:00")!, place: "Church hall", invitees: ["tenants"])),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m2", title: "Carers' focus group", method: "focus-group",
                                                         start: LocalDateTime("2027-03-10T18:00")!, place: "Library", invitees: ["tenants"])),
        ], now: StoreFixture.london("2027-01-04T09:00"))
        // bvd runs, firing each timer when it is due, up to 24 February; then it is down until 6 March.
        var beforeDowntime: [FiredTimer] = []
        while let next = try await t.store.nextTimerDue(), next <= StoreFixture.london("2027-02-24T09:00") {
            beforeDowntime += try await t.store.fireDueTimers(now: next, limit: 1000)
        }
        #expect(beforeDowntime.allSatisfy { $0.state == .fired })
        #expect(beforeDowntime.map(\.key).contains("r1/meeting-reminder/m2/2027-02-24"))
        let restart = StoreFixture.london("2027-03-06T10:00")
        let reopened = try t.reopen()
        let caughtUp = try await Scheduler(store: reopened, clock: ManualSchedulerClock(restart)).fireDue()
        let states = Dictionary(uniqueKeysWithValues: caughtUp.map { ($0.key, $0.state) })
        // The focus group on 10 March is still ahead: its 7-day reminder is sent, marked late.
        #expect(states["r1/meeting-reminder/m2/2027-03-03"] == .late)
        #expect(states["r1/meeting-reminder/m2/2027-03-09"] == nil)  // not due yet
        // The forum on 1 March has passed: its 1-day reminder is recorded as missed, not sent.
        #expect(states["r1/meeting-reminder/m0/2027-02-28"] == .missed)
        // The scoping deadline passed on 2 March: the reminder before it is missed; the deadline fires once, late.
        #expect(states["r1/deadline-approaching/scoping/2027-02-28"] == .missed)
        #expect(states["r1/deadline-passed/scoping/2027-03-02"] == .late)
        #expect(Set(states.values) == [.late, .missed])
        #expect(caughtUp.filter { $0.kind == .deadlinePassed }.count == 1)
        // Restart twice more: nothing fires again, nothing is queued twice.
        for _ in 0..<2 {
            let again = try t.reopen()
            #expect(try await Scheduler(store: again, clock: ManualSchedulerClock(restart)).fireDue().isEmpty)
        }
        let outbox = try await reopened.outbox(review: "r1")
        #expect(Set(outbox.map(\.notice.key)).count == outbox.count)
        #expect(outbox.filter { $0.notice.kind == .deadlinePassed }.map(\.late) == [true])
        #expect(try await reopened.timers(review: "r1").filter { $0.state == .missed }.allSatisfy { timer in
            !outbox.contains { $0.notice.key == timer.notice.key }
        })
    }
}
