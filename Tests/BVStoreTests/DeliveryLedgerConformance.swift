import BVCore
import BVStore
import Testing

/// The delivery ledger every backend keeps: attempts per recipient, missed reminders, channels
/// switched off, digests, and the leases a restarted daemon takes back.
@Suite("Store conformance: delivery ledger")
struct DeliveryLedgerConformance {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    /// A review with two invited organisations, so two invitation notices are queued.
    func queued(_ backend: String) async throws -> (any ReviewStore, AnyObject, [OutboxItem]) {
        let (store, keep) = try StoreConformance.make(backend)
        _ = try await store.execute([StoreFixture.request("r1", StoreFixture.start),
                                     StoreFixture.request("r1", StoreFixture.invite("a")),
                                     StoreFixture.request("r1", StoreFixture.invite("b", "pensioners"))], now: t0)
        let claimed = try await store.claimOutbox(now: t0, leaseUntil: t0.adding(seconds: 60), limit: 10)
        return (store, keep, claimed)
    }

    @Test("every attempt is kept per recipient and channel, in order", arguments: StoreConformance.names)
    func attemptsAreKept(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        let id = claimed[0].id
        try await store.recordDeliveries(outbox: id, review: "r1", [
            DeliveryAttempt(recipient: "mary", channel: "mail", at: t0, outcome: .delivered, detail: nil),
            DeliveryAttempt(recipient: "sam", channel: "mail", at: t0, outcome: .failed, detail: "451 try again"),
        ], deliveredAt: nil)
        try await store.recordDeliveries(outbox: id, review: "r1", [
            DeliveryAttempt(recipient: "sam", channel: "mail", at: t0.adding(seconds: 5), outcome: .delivered, detail: "late"),
        ], deliveredAt: t0.adding(seconds: 5))
        let attempts = try await store.deliveries(outbox: id)
        #expect(attempts.map(\.recipient) == ["mary", "sam", "sam"])
        #expect(attempts.map(\.outcome) == [.delivered, .failed, .delivered])
        #expect(attempts[1].detail == "451 try again")
        #expect(try await store.outboxItem(id)?.state == .delivered, "the last round marked it delivered in the same transaction")
        #expect(try await store.deliveries(outbox: claimed[1].id).isEmpty)
        withExtendedLifetime(keep) {}
    }

    @Test("a batch of rounds is recorded together: each notice's attempts, and delivered marks only where given", arguments: StoreConformance.names)
    func batchOfRounds(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        try await store.recordDeliveries([
            DeliveryRound(outbox: claimed[0].id, review: "r1", attempts: [
                DeliveryAttempt(recipient: "mary", channel: "hooks", at: t0, outcome: .delivered, detail: nil)], deliveredAt: t0),
            DeliveryRound(outbox: claimed[1].id, review: "r1", attempts: [
                DeliveryAttempt(recipient: "sam", channel: "hooks", at: t0, outcome: .failed, detail: "503")], deliveredAt: nil),
            DeliveryRound(outbox: claimed[1].id, review: "r1", attempts: [], deliveredAt: nil),
        ])
        #expect(try await store.outboxItem(claimed[0].id)?.state == .delivered)
        #expect(try await store.outboxItem(claimed[1].id)?.state == .delivering, "a failed round leaves the notice to its retry")
        #expect(try await store.deliveries(outbox: claimed[0].id).map(\.recipient) == ["mary"])
        #expect(try await store.deliveries(outbox: claimed[1].id).map(\.detail) == ["503"])
        try await store.recordDeliveries([])
        withExtendedLifetime(keep) {}
    }

    @Test("reviews are read together for a batch; an unknown id is left out", arguments: StoreConformance.names)
    func reviewsTogether(_ backend: String) async throws {
        let (store, keep, _) = try await queued(backend)
        let found = try await store.reviews(["r1", "nobody"])
        #expect(Array(found.keys) == ["r1"])
        #expect(found["r1"]?.state.organisations.map(\.id) == ["a", "b"])
        #expect(try await store.reviews([]).isEmpty)
        withExtendedLifetime(keep) {}
    }

    @Test("a missed reminder is recorded, not retried; failed notices are requeued together", arguments: StoreConformance.names)
    func missedAndRequeued(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        try await store.markMissed(claimed[0].id, reason: "the meeting had passed")
        try await store.markAttemptFailed(claimed[1].id, error: "no representative", retryAt: nil)
        #expect(try await store.outboxItem(claimed[0].id)?.state == .missed)
        #expect(try await store.outboxItem(claimed[0].id)?.lastError == "the meeting had passed")
        #expect(try await store.nextOutboxAttempt() == nil)
        #expect(try await store.requeueFailed(now: t0.adding(seconds: 10)) == 1)
        #expect(try await store.outboxItem(claimed[1].id)?.state == .pending)
        #expect(try await store.outboxItem(claimed[0].id)?.state == .missed)
        #expect(try await store.nextOutboxAttempt() == t0.adding(seconds: 10))
        withExtendedLifetime(keep) {}
    }

    @Test("a notice offered to nobody (bvd stopped first) goes back to the queue, its attempt uncounted", arguments: StoreConformance.names)
    func unofferedGivenBack(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        #expect(claimed.map(\.attempts) == [1, 1])
        try await store.recordDeliveries([
            DeliveryRound(outbox: claimed[0].id, review: "r1", attempts: [], deliveredAt: nil, unoffered: true),
            DeliveryRound(outbox: claimed[1].id, review: "r1", attempts: [
                DeliveryAttempt(recipient: "mary", channel: "hooks", at: t0, outcome: .delivered, detail: nil)], deliveredAt: nil),
        ])
        let given = try await store.outboxItem(claimed[0].id)
        #expect(given?.state == .pending)
        #expect(given?.attempts == 0)
        #expect(try await store.deliveries(outbox: claimed[0].id).isEmpty)
        #expect(try await store.outboxItem(claimed[1].id)?.state == .delivering, "one offered to some of its recipients keeps its lease")
        // Due at once, before the other's lease runs out: claimed again as a first attempt.
        #expect(try await store.nextOutboxAttempt() == t0)
        let again = try await store.claimOutbox(now: t0.adding(seconds: 1), leaseUntil: t0.adding(seconds: 61), limit: 10)
        #expect(again.map(\.id) == [claimed[0].id])
        #expect(again.first?.attempts == 1)
        withExtendedLifetime(keep) {}
    }

    @Test("a restarted daemon takes back its leases at once; the next attempt is the earliest retry or lease", arguments: StoreConformance.names)
    func leasesReleased(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        #expect(try await store.nextOutboxAttempt() == t0.adding(seconds: 60))
        #expect(try await store.releaseLeases(now: t0.adding(seconds: 1)) == 2)
        let again = try await store.claimOutbox(now: t0.adding(seconds: 1), leaseUntil: t0.adding(seconds: 61), limit: 10)
        #expect(again.map(\.id) == claimed.map(\.id))
        #expect(again.allSatisfy { $0.attempts == 2 })
        withExtendedLifetime(keep) {}
    }

    @Test("a channel switched off stays off until switched on", arguments: StoreConformance.names)
    func channels(_ backend: String) async throws {
        let (store, keep, _) = try await queued(backend)
        try await store.disableChannel("hooks", reason: "410 Gone", at: t0)
        try await store.disableChannel("hooks", reason: "410 Gone again", at: t0.adding(seconds: 5))
        let off = try await store.disabledChannels()
        #expect(off.map(\.name) == ["hooks"])
        #expect(off.first?.since == t0 && off.first?.reason == "410 Gone")
        #expect(try await store.enableChannel("hooks"))
        #expect(try await store.enableChannel("hooks") == false)
        #expect(try await store.disabledChannels().isEmpty)
        withExtendedLifetime(keep) {}
    }

    @Test("routine reminders held for a digest become one digest notice per representative, once", arguments: StoreConformance.names)
    func digests(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        for item in claimed {
            try await store.recordDeliveries(outbox: item.id, review: "r1", [
                DeliveryAttempt(recipient: "mary", channel: "mail", at: t0, outcome: .digest, detail: nil),
            ], deliveredAt: t0)
        }
        let day = CivilDate("2027-01-05")!
        let at = StoreFixture.london("2027-01-05T08:00")
        #expect(try await store.queueDigests(on: day, now: at) == 1)
        #expect(try await store.queueDigests(on: day, now: at) == 0)
        let digest = try #require(try await store.outbox(review: "r1").first { $0.notice.kind == .digest })
        #expect(digest.notice.recipients.representatives == ["mary"])
        #expect(digest.state == .pending)
        #expect(try await store.digestItems(digest: digest.id).map(\.id) == claimed.map(\.id))
        withExtendedLifetime(keep) {}
    }

    @Test("a review moved to another store takes its notices: those not delivered are delivered there, the others kept with their attempts",
          arguments: StoreConformance.names)
    func noticesMoveWithTheReview(_ backend: String) async throws {
        let (source, keepSource) = try StoreConformance.make(backend)
        _ = try await source.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a")),
                                      StoreFixture.request("r1", StoreFixture.invite("b", "pensioners")),
                                      StoreFixture.request("r1", StoreFixture.invite("c", "trade-unions"))], now: t0)
        let claimed = try await source.claimOutbox(now: t0, leaseUntil: t0.adding(seconds: 60), limit: 10)
        #expect(claimed.count == 3)
        // Delivered; held for a daily digest, which is then queued; and still being delivered when exported.
        try await source.recordDeliveries([
            DeliveryRound(outbox: claimed[0].id, review: "r1", attempts: [
                DeliveryAttempt(recipient: "mary", channel: "mail", at: t0, outcome: .delivered, detail: "late")], deliveredAt: t0),
            DeliveryRound(outbox: claimed[1].id, review: "r1", attempts: [
                DeliveryAttempt(recipient: "sam", channel: "mail", at: t0, outcome: .digest, detail: nil)], deliveredAt: t0),
        ])
        #expect(try await source.queueDigests(on: CivilDate("2027-01-05")!, now: StoreFixture.london("2027-01-05T08:00")) == 1)
        let archive = try await source.export(review: "r1")

        let (target, keepTarget) = try StoreConformance.make(backend)
        let moved = StoreFixture.london("2027-01-06T09:00")
        #expect(try await target.importReview(jsonLines: archive, now: moved) == "r1")
        let notices = try await target.outbox(review: "r1")
        #expect(notices.map(\.notice) == (try await source.outbox(review: "r1").map(\.notice)))
        #expect(notices.map(\.state) == [.delivered, .delivered, .pending, .pending])
        #expect(notices.map(\.attempts) == [1, 1, 1, 0])
        #expect(try await target.deliveries(outbox: notices[0].id) == (try await source.deliveries(outbox: claimed[0].id)))
        #expect(try await target.digestItems(digest: notices[3].id).map(\.notice.key) == [claimed[1].notice.key])
        // The one cut short, and the digest, are offered by the new store at once.
        let offered = try await target.claimOutbox(now: moved, leaseUntil: moved.adding(seconds: 60), limit: 10)
        #expect(offered.map(\.notice.key) == [claimed[2].notice.key, notices[3].notice.key])
        // Keyed by the event's place in the review, not the store's sequence: the review's next
        // event there queues its own notice beside the imported ones.
        #expect(notices.prefix(3).map(\.notice.key) == ["r1/review-invitation/a/e2", "r1/review-invitation/b/e3", "r1/review-invitation/c/e4"])
        #expect(try await target.execute([StoreFixture.request("r1", StoreFixture.invite("d", "pensioners"))], now: moved).first?.success != nil)
        #expect(try await target.outbox(review: "r1").last?.notice.key == "r1/review-invitation/d/e5")
        // A copy that lost a notice is refused.
        let cut = archive.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        let (other, keepOther) = try StoreConformance.make(backend)
        await #expect(throws: StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces 4 notices, the archive holds 3")) {
            try await other.importReview(jsonLines: cut, now: moved)
        }
        withExtendedLifetime((keepSource, keepTarget, keepOther)) {}
    }

    @Test("reminders held after the day's digest went out go in another digest that day, never in the one already sent", arguments: StoreConformance.names)
    func secondDigestOfTheDay(_ backend: String) async throws {
        let (store, keep, claimed) = try await queued(backend)
        let day = CivilDate("2027-01-05")!
        let at = StoreFixture.london("2027-01-05T08:00")
        try await store.recordDeliveries(outbox: claimed[0].id, review: "r1", [
            DeliveryAttempt(recipient: "mary", channel: "mail", at: t0, outcome: .digest, detail: nil)], deliveredAt: t0)
        #expect(try await store.queueDigests(on: day, now: at) == 1)
        let first = try #require(try await store.claimOutbox(now: at, leaseUntil: at.adding(seconds: 60), limit: 10).first { $0.notice.kind == .digest })
        try await store.recordDeliveries(outbox: first.id, review: "r1", [
            DeliveryAttempt(recipient: "mary", channel: "mail", at: at, outcome: .delivered, detail: nil)], deliveredAt: at)
        try await store.recordDeliveries(outbox: claimed[1].id, review: "r1", [
            DeliveryAttempt(recipient: "mary", channel: "mail", at: at, outcome: .digest, detail: nil)], deliveredAt: at)
        #expect(try await store.queueDigests(on: day, now: at.adding(seconds: 60)) == 1)
        let second = try #require(try await store.outbox(review: "r1").last)
        #expect(second.notice.key == "r1/digest/mary/2027-01-05/2")
        #expect(second.state == .pending)
        #expect(try await store.digestItems(digest: second.id).map(\.id) == [claimed[1].id])
        #expect(try await store.digestItems(digest: first.id).map(\.id) == [claimed[0].id])
        withExtendedLifetime(keep) {}
    }

    @Test("a delivery-failure notice moved with its review names the failed notice by its id in the new store", arguments: StoreConformance.names)
    func failureNoticeMoves(_ backend: String) async throws {
        let (source, keepSource) = try StoreConformance.make(backend)
        _ = try await source.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a"))], now: t0)
        let failed = try #require(try await source.outbox(review: "r1").first)
        try await source.enqueue(PlannedNotice(
            key: "r1/delivery-failure/\(failed.id)", kind: .deliveryFailure, review: "r1", phase: "scoping", subject: "\(failed.id)",
            subjectTitle: "review-invitation: a", subjectAt: t0, due: t0, rule: "503 Service Unavailable",
            recipients: NoticeRecipients(roles: ["lead-officer"], organisations: []), problem: nil), now: t0)
        let archive = try await source.export(review: "r1")
        // The new store has notices of its own, so the moved ones get other ids.
        let (target, keepTarget) = try StoreConformance.make(backend)
        _ = try await target.execute([StoreFixture.request("other", StoreFixture.start), StoreFixture.request("other", StoreFixture.invite("x"))], now: t0)
        #expect(try await target.importReview(jsonLines: archive, now: t0) == "r1")
        let moved = try await target.outbox(review: "r1")
        #expect(moved.count == 2)
        #expect(moved[0].id != failed.id)
        #expect(moved[1].notice.subject == "\(moved[0].id)")
        #expect(moved[1].notice.key == "r1/delivery-failure/\(moved[0].id)")
        withExtendedLifetime((keepSource, keepTarget)) {}
    }

    @Test("a notice bvd raises itself is queued once per key", arguments: StoreConformance.names)
    func enqueueOnce(_ backend: String) async throws {
        let (store, keep, _) = try await queued(backend)
        let notice = PlannedNotice(key: "r1/delivery-failure/1", kind: .deliveryFailure, review: "r1", phase: "scoping", subject: "1",
                                   subjectTitle: "review-invitation", subjectAt: t0, due: t0, rule: "550 no such user",
                                   recipients: NoticeRecipients(roles: ["lead-officer"], organisations: []), problem: nil)
        try await store.enqueue(notice, now: t0)
        try await store.enqueue(notice, now: t0)
        #expect(try await store.outbox(review: "r1").filter { $0.notice.kind == .deliveryFailure }.count == 1)
        withExtendedLifetime(keep) {}
    }
}
