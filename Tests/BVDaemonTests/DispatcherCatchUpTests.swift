import BVCore
@testable import BVDaemon
import BVStore
import BVTestServers
import BVWorkflowFile
import Foundation
import Synchronization
import Testing

/// A clock the test sets; the dispatcher is driven one notice at a time, so nothing sleeps on it.
final class SetClock: SchedulerClock {
    private let current: Mutex<Instant>
    init(_ start: Instant) { current = Mutex(start) }
    func now() -> Instant { current.withLock { $0 } }
    func set(_ instant: Instant) { current.withLock { $0 = instant } }
    func sleep(until: Instant) async throws { try await Task.sleep(for: .milliseconds(10)) }
}

/// Reminders that could not go out while delivery was down (bvd stopped, or its channel
/// unreachable): sent late while their subject is still ahead, recorded as missed once it has passed.
@Suite("Notices after a delivery outage")
struct DispatcherCatchUpTests {
    static func london(_ local: String) -> Instant { Zone.london.instant(of: LocalDateTime(local)!) }

    /// A review with Mary of the tenants and their forum on 20 January 2027, and a dispatcher
    /// delivering to `receiver`, driven by hand.
    struct Fixture {
        let store: SQLiteReviewStore
        let clock: SetClock
        let delivery: HandDrivenDelivery

        init(scratch: Scratch, receiver: TestServer, digest: Bool = false) async throws {
            let workflow = try LoadedWorkflow.load(path: Repository.workflows + "/best-value-review.yaml").get()
            store = try SQLiteReviewStore(path: scratch.path("bvd.sqlite"), workflows: [workflow])
            clock = SetClock(DispatcherCatchUpTests.london("2027-01-04T09:00"))
            let officer = Actor(name: "j.smith", uid: 1001)
            let commands: [ReviewCommand] = [
                .start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028),
                .invite(organisation: "tenants", name: "Tenants' Federation", category: "tenants-and-community"),
                .addRepresentative(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@t.example", phone: nil),
                .setNoticePreferences(representative: "mary", channel: nil, digest: digest),
                .scheduleMeeting(meeting: "forum", title: "Tenants' forum", method: "neighbourhood-forum",
                                 start: LocalDateTime("2027-01-20T18:30")!, place: "Civic Centre", invitees: ["tenants"]),
            ]
            let outcomes = try await store.execute(commands.map { CommandRequest(review: "r1", command: $0, actor: officer) }, now: clock.now())
            #expect(outcomes.filter { if case .success = $0 { true } else { false } }.count == (digest ? 5 : 4))
            delivery = try await HandDrivenDelivery(store: store, clock: clock, receiverPort: receiver.port)
        }

        func deliverAll() async throws { try await delivery.deliverAll() }

        func close() async {
            await delivery.shutdown()
            try? store.close()
        }
    }

    @Test("reminders found late are sent marked late; one whose meeting has passed is missed; invitations always go")
    func lateAndMissed() async throws {
        let scratch = try Scratch()
        let record = scratch.path("webhooks.jsonl")
        let receiver = try await TestServer.start("webhook_receiver.py", [NoticeDeliveryTests.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { receiver.stop() }
        let fixture = try await Fixture(scratch: scratch, receiver: receiver)
        let (store, clock) = (fixture.store, fixture.clock)
        func deliverAll() async throws { try await fixture.deliverAll() }

        // Delivery was down from the start until 13 January, 10:00: the 14-day and 7-day reminders
        // fire late with the meeting still ahead; they and the invitations go out, marked late.
        clock.set(Self.london("2027-01-13T10:00"))
        _ = try await store.fireDueTimers(now: clock.now(), limit: 100)
        try await deliverAll()
        let sent = try await store.outbox(review: "r1")
        let reminders = sent.filter { $0.notice.kind == .meetingReminder }
        #expect(reminders.count == 2)
        #expect(sent.allSatisfy { $0.state == .delivered })
        for reminder in reminders {
            #expect(try await store.deliveries(outbox: reminder.id).map(\.detail) == ["late"])
        }
        #expect(recordedRequests(record).filter { ($0["body"] as? String ?? "").contains("notice.meeting-reminder") }.count == 2)

        // The 1-day reminder fires on 19 January, but delivery is down again until after the meeting.
        clock.set(Self.london("2027-01-19T09:00"))
        _ = try await store.fireDueTimers(now: clock.now(), limit: 100)
        clock.set(Self.london("2027-01-21T09:00"))
        try await deliverAll()
        let last = try #require(try await store.outbox(review: "r1").filter { $0.notice.kind == .meetingReminder }.last)
        #expect(last.state == .missed)
        #expect(last.lastError == "Tenants' forum had already passed when the reminder could be sent")
        #expect(recordedRequests(record).filter { ($0["body"] as? String ?? "").contains("notice.meeting-reminder") }.count == 2)
        await fixture.close()
    }

    @Test("a representative who chose a daily digest gets routine reminders in one message; invitations at once")
    func digest() async throws {
        let scratch = try Scratch()
        let record = scratch.path("webhooks.jsonl")
        let receiver = try await TestServer.start("webhook_receiver.py", [NoticeDeliveryTests.secret, record, "ok"], logDirectory: scratch.url.path)
        defer { receiver.stop() }
        let fixture = try await Fixture(scratch: scratch, receiver: receiver, digest: true)
        fixture.clock.set(Self.london("2027-01-13T09:00"))
        _ = try await fixture.store.fireDueTimers(now: fixture.clock.now(), limit: 100)
        try await fixture.deliverAll()
        let kinds = { recordedRequests(record).compactMap { ($0["body"] as? String)?.firstMatch(of: /"type":"notice\.([a-z-]+)"/).map { String($0.1) } } }
        #expect(kinds().sorted() == ["meeting-invitation", "review-invitation"], "the two reminders wait for the digest")
        #expect(try await fixture.store.outbox(review: "r1").filter { $0.notice.kind == .meetingReminder }.allSatisfy { $0.state == .delivered })

        #expect(try await fixture.store.queueDigests(on: CivilDate("2027-01-14")!, now: Self.london("2027-01-14T08:00")) == 1)
        fixture.clock.set(Self.london("2027-01-14T08:00"))
        try await fixture.deliverAll()
        #expect(kinds().filter { $0 == "digest" }.count == 1)
        let digest = try #require(recordedRequests(record).first { ($0["body"] as? String ?? "").contains("notice.digest") }?["body"] as? String)
        #expect(digest.contains("Tenants' forum"))
        await fixture.close()
    }
}
