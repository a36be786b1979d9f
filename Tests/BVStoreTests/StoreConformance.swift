import BVCore
import BVStore
import Foundation
import Testing

/// The behaviour every `ReviewStore` backend must show. A new backend adds itself to `backends`.
@Suite("Store conformance")
struct StoreConformance {
    typealias Factory = @Sendable () throws -> (store: any ReviewStore, keep: AnyObject)

    static let backends: [(String, Factory)] = [
        ("sqlite", { let t = try TemporaryStore(); return (t.store, t) }),
    ]

    static var names: [String] { backends.map(\.0) }

    static func make(_ name: String) throws -> (store: any ReviewStore, keep: AnyObject) {
        try backends.first { $0.0 == name }!.1()
    }

    let t0 = StoreFixture.london("2027-01-04T09:00")

    @Test("an accepted command appends chained events and updates the review", arguments: names)
    func appendAndRead(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        let outcomes = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start),
            StoreFixture.request("r1", StoreFixture.invite("tenants")),
        ], now: t0)
        let events = try #require(outcomes.map(\.success).compactMap { $0 }.flatMap { $0 } as [StoredEvent]?)
        #expect(events.map(\.event.change.kind) == ["review-started", "organisation-invited"])
        #expect(events[1].previousHash == events[0].hash)
        #expect(events[0].sequence + 1 == events[1].sequence)
        let stored = try await store.events(review: "r1")
        #expect(stored == events)
        let review = try #require(try await store.review("r1"))
        #expect(review.state == ReviewState.fold(events.map(\.event)))
        #expect(review.state.organisations.map(\.id) == ["tenants"])
        #expect(review.workflow.contentHash == StoreFixture.workflow.definition.contentHash)
        #expect(try await store.reviews().map(\.id) == ["r1"])
        withExtendedLifetime(keep) {}
    }

    @Test("a refused command writes nothing, and the others in its batch still commit", arguments: names)
    func refusedWritesNothing(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        _ = try await store.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        let (eventsBefore, timersBefore, outboxBefore) = (try await store.events(review: "r1"), try await store.timers(review: nil), try await store.outbox(review: nil))
        let outcomes = try await store.execute([
            StoreFixture.request("r1", .advance),
            StoreFixture.request("r1", .invite(organisation: "x", name: "X", category: "no-such-category")),
            StoreFixture.request("nope", StoreFixture.invite("y")),
        ], now: t0)
        #expect(outcomes.allSatisfy { $0.failure != nil })
        if case .refused(let readiness)? = outcomes[0].failure {
            #expect(readiness.blockers.count == 3)
        } else { Issue.record("advance should be refused by the workflow") }
        #expect(outcomes[2].failure == .notFound("no review 'nope'"))
        #expect(try await store.events(review: "r1") == eventsBefore)
        #expect(try await store.timers(review: nil) == timersBefore)
        #expect(try await store.outbox(review: nil) == outboxBefore)
        let mixed = try await store.execute([
            StoreFixture.request("r1", StoreFixture.invite("a")),
            StoreFixture.request("r1", StoreFixture.invite("a")),
            StoreFixture.request("r1", StoreFixture.invite("b", "pensioners")),
        ], now: t0)
        #expect(mixed[0].success != nil && mixed[2].success != nil)
        #expect(mixed[1].failure == .conflict("organisation 'a' is already invited to this review"))
        #expect(try await store.review("r1")?.state.organisations.map(\.id) == ["a", "b"])
        #expect(try await store.verify().ok)
        withExtendedLifetime(keep) {}
    }

    @Test("starting under a workflow that is not loaded is refused", arguments: names)
    func unknownWorkflow(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        let outcome = try await store.execute([CommandRequest(review: "r1", command: StoreFixture.start, actor: StoreFixture.officer, workflow: "parish-review")], now: t0)
        #expect(outcome[0].failure == .notFound("no workflow 'parish-review' is loaded; loaded: best-value-review"))
        #expect(try await store.reviews().isEmpty)
        withExtendedLifetime(keep) {}
    }

    @Test("timers follow the plan: rescheduling replaces a meeting's reminders, cancelling cancels them", arguments: names)
    func timersFollowThePlan(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        _ = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop",
                                                         start: LocalDateTime("2027-02-10T18:00")!, place: "Hall", invitees: ["tenants"])),
        ], now: t0)
        let before = try await store.timers(review: "r1").filter { $0.notice.kind == .meetingReminder }
        #expect(before.map(\.notice.key) == ["r1/meeting-reminder/m1/2027-01-27", "r1/meeting-reminder/m1/2027-02-03", "r1/meeting-reminder/m1/2027-02-09"])
        #expect(before.allSatisfy { $0.state == .pending })
        _ = try await store.execute([StoreFixture.request("r1", .rescheduleMeeting(meeting: "m1", start: LocalDateTime("2027-02-17T18:00")!, place: nil))], now: t0)
        let after = try await store.timers(review: "r1").filter { $0.notice.kind == .meetingReminder }
        #expect(after.filter { $0.state == .pending }.map(\.notice.key) == ["r1/meeting-reminder/m1/2027-02-03", "r1/meeting-reminder/m1/2027-02-10", "r1/meeting-reminder/m1/2027-02-16"])
        #expect(after.filter { $0.state == .cancelled }.map(\.notice.key) == ["r1/meeting-reminder/m1/2027-01-27", "r1/meeting-reminder/m1/2027-02-09"])
        _ = try await store.execute([StoreFixture.request("r1", .cancelMeeting(meeting: "m1", reason: "Hall flooded"))], now: t0)
        #expect(try await store.timers(review: "r1").filter { $0.notice.kind == .meetingReminder && $0.state == .pending }.isEmpty)
        let kinds = try await store.outbox(review: "r1").map(\.notice.kind)
        #expect(kinds == [.reviewInvitation, .meetingInvitation, .meetingUpdate, .meetingCancellation])
        withExtendedLifetime(keep) {}
    }

    @Test("a reminder already past when first planned is not kept; one still ahead is", arguments: names)
    func pastRemindersAreNotPlanned(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        // Scheduled on 4 January for 6 January: "14 days" and "7 days before" never had a time to be sent.
        _ = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop",
                                                         start: LocalDateTime("2027-01-06T18:00")!, place: "Hall", invitees: ["tenants"])),
        ], now: t0)
        let keys = try await store.timers(review: "r1").filter { $0.notice.kind == .meetingReminder }.map(\.notice.key)
        #expect(keys == ["r1/meeting-reminder/m1/2027-01-05"])
        #expect(try await store.fireDueTimers(now: t0.adding(seconds: 60), limit: 100).isEmpty)
        withExtendedLifetime(keep) {}
    }

    @Test("a due timer fires once and queues its notice once", arguments: names)
    func firesOnce(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        _ = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop",
                                                         start: LocalDateTime("2027-02-10T18:00")!, place: "Hall", invitees: ["tenants"])),
        ], now: t0)
        #expect(try await store.nextTimerDue() == StoreFixture.london("2027-01-27T09:00"))
        let due = StoreFixture.london("2027-01-27T09:00")
        let fired = try await store.fireDueTimers(now: due, limit: 100)
        #expect(fired.map(\.key) == ["r1/meeting-reminder/m1/2027-01-27"])
        #expect(fired.map(\.state) == [.fired])
        #expect(try await store.fireDueTimers(now: due, limit: 100).isEmpty)
        #expect(try await store.outbox(review: "r1").filter { $0.notice.kind == .meetingReminder }.count == 1)
        // Next: democratic services are told two days before public notice of the workshop is due (2 February).
        let next = try await store.nextTimerDue()
        #expect(next == StoreFixture.london("2027-01-31T09:00"))
        #expect(try await store.timers(review: "r1").filter { $0.notice.due == next }.map(\.notice.key) == ["r1/notice-due/m1/2027-01-31"])
        withExtendedLifetime(keep) {}
    }

    @Test("after downtime: a deadline fires once late, a reminder still ahead is sent late, a passed one is missed; the officers' queries show it", arguments: names)
    func catchUpAndQueries(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        // Scoping began on 4 January; its 8-week deadline passes at the start of 2 March.
        _ = try await store.execute([
            StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m0", title: "Pensioners' forum", method: "neighbourhood-forum",
                                                         start: LocalDateTime("2027-03-01T14:00")!, place: "Church hall", invitees: ["tenants"])),
            StoreFixture.request("r1", .scheduleMeeting(meeting: "m2", title: "Carers' focus group", method: "focus-group",
                                                         start: LocalDateTime("2027-03-10T18:00")!, place: "Library", invitees: ["tenants"])),
            StoreFixture.request("r2", StoreFixture.start),
        ], now: t0)
        #expect(try await store.reviewsByPhase() == ["scoping": 2])
        #expect(try await store.overdueCount(now: t0) == 0)
        let first = try #require(try await store.nextPendingTimers(from: t0, limit: 1).first)
        #expect(try await store.nextTimerDue() == first.notice.due)

        // Down from before the first timer until 6 March.
        let restart = StoreFixture.london("2027-03-06T10:00")
        let overdue = try await store.overdueCount(now: restart)
        #expect(overdue > 0)
        #expect(try await store.pendingTimers(review: "r1", dueBefore: restart, limit: 1000).count + (try await store.pendingTimers(review: "r2", dueBefore: restart, limit: 1000).count) == overdue)
        let fired = try await store.fireDueTimers(now: restart, limit: 1000)
        let states = Dictionary(uniqueKeysWithValues: fired.map { ($0.key, $0.state) })
        #expect(states["r1/meeting-reminder/m2/2027-03-03"] == .late)
        #expect(states["r1/meeting-reminder/m0/2027-02-28"] == .missed)
        #expect(states["r1/deadline-passed/scoping/2027-03-02"] == .late)
        #expect(try await store.fireDueTimers(now: restart, limit: 1000).isEmpty)
        #expect(try await store.overdueCount(now: restart) == 0)

        // Missed reminders are listed for officers and never queued; late ones are queued once, marked late.
        let missed = try await store.missedTimers(review: "r1")
        #expect(missed.map(\.notice.key).contains("r1/meeting-reminder/m0/2027-02-28"))
        #expect(Set(missed.map(\.notice.key)) == Set(fired.filter { $0.state == .missed && $0.review == "r1" }.map(\.key)))
        #expect(try await store.missedTimerCount(since: t0) == fired.filter { $0.state == .missed }.count)
        #expect(try await store.missedTimerCount(since: restart) == 0, "counted by when they were due")
        let outbox = try await store.outbox(review: nil)
        #expect(outbox.allSatisfy { item in !missed.contains { $0.notice.key == item.notice.key } })
        #expect(outbox.filter { $0.notice.kind == .deadlinePassed && $0.notice.review == "r1" }.map(\.late) == [true])
        let counts = try await store.outboxCounts()
        #expect(counts[.pending] == outbox.count)
        let view = try #require(try store.reviewAndTimers("r1", from: restart, limit: 3))
        #expect(view.review.state.id == "r1")
        #expect(view.missed.map(\.notice.key) == missed.map(\.notice.key))
        let ahead = try await store.timers(review: "r1").filter { $0.state == .pending && $0.notice.due >= restart }
        #expect(!ahead.isEmpty)
        #expect(view.upcoming.map(\.notice.key) == Array(ahead.prefix(3).map(\.notice.key)))
        withExtendedLifetime(keep) {}
    }

    @Test("outbox rows are leased, retried, failed and delivered; an expired lease is taken again", arguments: names)
    func outboxDelivery(_ backend: String) async throws {
        let (store, keep) = try Self.make(backend)
        _ = try await store.execute([StoreFixture.request("r1", StoreFixture.start),
                                     StoreFixture.request("r1", StoreFixture.invite("a")),
                                     StoreFixture.request("r1", StoreFixture.invite("b", "pensioners"))], now: t0)
        let lease = t0.adding(seconds: 60)
        let claimed = try await store.claimOutbox(now: t0, leaseUntil: lease, limit: 10)
        #expect(claimed.map(\.notice.subject) == ["a", "b"])
        #expect(claimed.allSatisfy { $0.attempts == 1 && $0.state == .delivering })
        #expect(try await store.claimOutbox(now: t0, leaseUntil: lease, limit: 10).isEmpty)
        try await store.markDelivered(claimed[0].id, at: t0)
        try await store.markAttemptFailed(claimed[1].id, error: "421 try later", retryAt: t0.adding(seconds: 5))
        #expect(try await store.claimOutbox(now: t0.adding(seconds: 4), leaseUntil: lease, limit: 10).isEmpty)
        let retry = try await store.claimOutbox(now: t0.adding(seconds: 5), leaseUntil: t0.adding(seconds: 65), limit: 10)
        #expect(retry.map(\.id) == [claimed[1].id])
        #expect(retry[0].attempts == 2 && retry[0].lastError == "421 try later")
        // The worker died: after the lease runs out the row is taken again, never lost.
        let retaken = try await store.claimOutbox(now: t0.adding(seconds: 66), leaseUntil: t0.adding(seconds: 130), limit: 10)
        #expect(retaken.map(\.id) == [claimed[1].id])
        try await store.markAttemptFailed(claimed[1].id, error: "550 no such user", retryAt: nil)
        // A late report about an already-finished row changes nothing.
        try await store.markDelivered(claimed[1].id, at: t0)
        let final = try await store.outbox(review: "r1")
        #expect(final.map(\.state) == [.delivered, .failed])
        #expect(final[0].nextAttempt == nil, "a delivered notice has no next attempt")
        #expect(final[1].lastError == "550 no such user")
        // An officer retries the failed one; a delivered one cannot be retried.
        #expect(try await store.requeue(claimed[0].id, now: t0.adding(seconds: 200)) == false)
        #expect(try await store.requeue(claimed[1].id, now: t0.adding(seconds: 200)))
        #expect(try await store.outboxItem(claimed[1].id)?.state == .pending)
        #expect(try await store.claimOutbox(now: t0.adding(seconds: 200), leaseUntil: t0.adding(seconds: 260), limit: 10).map(\.id) == [claimed[1].id])
        #expect(try await store.outboxItem(999) == nil)
        withExtendedLifetime(keep) {}
    }

    @Test("export then import moves a review with the same state, timers and a sound chain", arguments: names)
    func exportImport(_ backend: String) async throws {
        let (source, keepSource) = try Self.make(backend)
        let (target, keepTarget) = try Self.make(backend)
        _ = try await source.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r1", StoreFixture.invite("a")),
                                      StoreFixture.request("r1", .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop",
                                                                                   start: LocalDateTime("2027-02-10T18:00")!, place: "Hall", invitees: ["a"]))], now: t0)
        _ = try await target.execute([StoreFixture.request("other", StoreFixture.start)], now: t0)
        let archive = try await source.export(review: "r1")
        // A header, three events, and two notices: the invitations of the organisation and to the workshop.
        #expect(archive.split(separator: "\n").count == 6)
        #expect(try await target.importReview(jsonLines: archive, now: t0) == "r1")
        #expect(try await target.review("r1")?.state == (try await source.review("r1")?.state))
        #expect(try await target.timers(review: "r1").map(\.notice.key) == (try await source.timers(review: "r1").map(\.notice.key)))
        #expect(try await target.verify().ok)
        await #expect(throws: StoreError.self) { try await target.importReview(jsonLines: archive, now: t0) }
        await #expect(throws: StoreError.self) { try await target.importReview(jsonLines: "{\"not\":\"an archive\"}\n", now: t0) }
        // A copy cut short, or one renamed to an id no command could use, is refused and leaves nothing.
        let (other, keepOther) = try Self.make(backend)
        let lines = archive.split(separator: "\n")
        let cut = lines.dropLast().joined(separator: "\n") + "\n"
        await #expect(throws: StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces 2 notices, the archive holds 1")) {
            try await other.importReview(jsonLines: cut, now: t0)
        }
        let noEvent = lines.prefix(3).joined(separator: "\n") + "\n" + lines.dropFirst(4).joined(separator: "\n") + "\n"
        await #expect(throws: StoreError.invalidArchive(line: 1, reason: "cut short or added to: the header announces 3 events, the archive holds 2")) {
            try await other.importReview(jsonLines: noEvent, now: t0)
        }
        let renamed = archive.replacingOccurrences(of: "\"review\":\"r1\"", with: "\"review\":\"Bad Id\"")
        await #expect(throws: StoreError.invalidArchive(line: 1, reason: "a review id is lower-case letters, digits and hyphens, not 'Bad Id'")) {
            try await other.importReview(jsonLines: renamed, now: t0)
        }
        // A line cut mid-way is said to be so, with its number.
        var brokenLines = lines.map(String.init)
        brokenLines[2].removeLast(5)
        let broken = brokenLines.joined(separator: "\n") + "\n"
        await #expect(throws: StoreError.invalidArchive(line: 3, reason: "not JSON: the line is cut short or was edited")) {
            try await other.importReview(jsonLines: broken, now: t0)
        }
        let newer = archive.replacingOccurrences(of: "\"version\":3", with: "\"version\":4")
        await #expect(throws: StoreError.invalidArchive(line: 1, reason: "an archive of version 4, written by a newer bvd; this one reads versions 1 to 3")) {
            try await other.importReview(jsonLines: newer, now: t0)
        }
        #expect(try await other.reviews().isEmpty)
        // Line ends turned to CRLF (a Windows editor, mail) are still the same archive.
        #expect(try await other.importReview(jsonLines: archive.replacingOccurrences(of: "\n", with: "\r\n"), now: t0) == "r1")
        #expect(try await other.verify().ok)
        withExtendedLifetime((keepSource, keepTarget, keepOther)) {}
    }

    @Test("a review moved after its deadline fired does not fire it again; what was still pending is planned afresh", arguments: names)
    func importKeepsTimerHistory(_ backend: String) async throws {
        let (source, keepSource) = try Self.make(backend)
        let (target, keepTarget) = try Self.make(backend)
        _ = try await source.execute([StoreFixture.request("r1", StoreFixture.start)], now: t0)
        // Scoping began on 4 January; its 8-week deadline passes at the start of 2 March.
        let fired = try await source.fireDueTimers(now: StoreFixture.london("2027-03-02T12:00"), limit: 100)
        #expect(fired.contains { $0.kind == .deadlinePassed })
        let archive = try await source.export(review: "r1")
        let moved = StoreFixture.london("2027-03-05T12:00")
        #expect(try await target.importReview(jsonLines: archive, now: moved) == "r1")
        #expect(try await target.timers(review: "r1") == (try await source.timers(review: "r1")))
        #expect(try await target.fireDueTimers(now: moved, limit: 100).isEmpty, "the escalation was sent before the move")
        // The escalation sent before the move is in the new store's record, once.
        let escalations = try await target.outbox(review: "r1").filter { $0.notice.kind == .deadlinePassed }
        #expect(escalations.map(\.notice) == (try await source.outbox(review: "r1").filter { $0.notice.kind == .deadlinePassed }.map(\.notice)))
        #expect(escalations.count == 1)

        // An archive whose history names another review, or a timer still pending, is refused, whole.
        let (other, keepOther) = try Self.make(backend)
        let forged = archive.replacingOccurrences(of: "\"state\":\"late\"", with: "\"state\":\"pending\"")
            .replacingOccurrences(of: "\"state\":\"fired\"", with: "\"state\":\"pending\"")
        await #expect(throws: StoreError.self) { try await other.importReview(jsonLines: forged, now: moved) }
        #expect(try await other.reviews().isEmpty)
        // A timer line given twice, or keyed to another review, is refused as such, not as a database error.
        let lines = archive.split(separator: "\n").map(String.init)
        let timerLine = try #require(lines.last { $0.hasPrefix("{\"timer\"") })
        let afterTimers = try #require(lines.lastIndex(of: timerLine)) + 1
        let twice = (lines.prefix(afterTimers) + [timerLine] + lines.dropFirst(afterTimers)).joined(separator: "\n").replacingOccurrences(of: "\"timers\":\(lines.filter { $0.hasPrefix("{\"timer\"") }.count)",
                                                                                     with: "\"timers\":\(lines.filter { $0.hasPrefix("{\"timer\"") }.count + 1)")
        await #expect(throws: StoreError.invalidArchive(line: afterTimers + 1, reason: "timer '\(try #require(try await source.timers(review: "r1").last { $0.state != .pending }).notice.key)' appears twice")) {
            try await other.importReview(jsonLines: twice, now: moved)
        }
        #expect(try await other.reviews().isEmpty)
        // Line ends turned to CRLF (a Windows editor, mail) are still the same archive.
        #expect(try await other.importReview(jsonLines: archive.replacingOccurrences(of: "\n", with: "\r\n"), now: t0) == "r1")
        #expect(try await other.verify().ok)
        withExtendedLifetime((keepSource, keepTarget, keepOther)) {}
    }
}
