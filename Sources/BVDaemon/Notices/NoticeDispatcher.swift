import BVCore
import BVDelivery
import BVNotices
import BVStore
import Logging
import Synchronization

/// Renders one notice for one recipient; the composer of the notice templates.
typealias ComposeNotice = @Sendable (_ item: OutboxItem, _ review: StoredReview, _ recipient: NoticeRecipient,
                                     _ digest: [OutboxItem], _ now: Instant) throws -> RenderedNotice

/// Delivers the outbox: claims deliverable notices, resolves their recipients, renders, hands
/// each to its channel's adapter (a bounded number in flight per channel) and records every
/// attempt. At least once: a crash mid-delivery leaves the lease to run out and the notice is
/// offered again, to the recipients not yet recorded as delivered.
actor NoticeDispatcher {
    private let store: any ReviewStore
    private let clock: any SchedulerClock
    private let settings: NoticeSettings
    private let adapters: [String: any NoticeAdapter]
    private let gates: [String: ChannelGate]
    private let compose: ComposeNotice
    private let resolver: RecipientResolver
    private let retries: RetrySchedule
    private let zone: Zone
    private let logger: Logger
    /// Notices claimed at once; their records are written in one transaction.
    private let batchSize = 128
    private let lease: Int64 = 300
    /// How long deliveries in flight when bvd begins to stop may take to finish (systemd's
    /// `TimeoutStopSec=` is 30 s).
    private let stopGrace: Duration = .seconds(10)
    private var sleeper: Task<Void, any Error>?
    private var woken = false
    /// Channels switched off, read once per batch.
    private var disabled: [String: DisabledChannel] = [:]
    /// Set when bvd begins to stop: deliveries not yet handed to an adapter are left for the next start.
    private let stopping = Atomic<Bool>(false)
    private let executor = DedicatedThreadExecutor(name: "bvd-notices", background: true)
    private let workers = BackgroundThreads(name: "bvd-render", count: 2)

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(store: any ReviewStore, clock: any SchedulerClock, settings: NoticeSettings, adapters: [any NoticeAdapter],
         zone: Zone, logger: Logger, compose: @escaping ComposeNotice) {
        (self.store, self.clock, self.settings, self.zone, self.logger, self.compose) = (store, clock, settings, zone, logger, compose)
        self.adapters = Dictionary(adapters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.gates = Dictionary(adapters.map { ($0.name, ChannelGate(limit: $0.maximumInFlight)) }, uniquingKeysWith: { first, _ in first })
        self.resolver = RecipientResolver(settings: settings)
        self.retries = RetrySchedule(waits: settings.retrySchedule)
    }

    /// Looks at the outbox now (a command or a timer has queued something).
    func wake() {
        woken = true
        sleeper?.cancel()
    }

    /// Runs until cancelled: delivers what is deliverable, queues digests at the digest time, and
    /// sleeps until the next retry, lease expiry or digest.
    func run() async throws {
        try await withTaskCancellationHandler { try await deliverUntilCancelled() } onCancel: { stopping.store(true, ordering: .relaxed) }
    }

    private func deliverUntilCancelled() async throws {
        var nextDigest = digestTime(after: clock.now())
        while !Task.isCancelled {
            woken = false
            let now = clock.now()
            if now >= nextDigest {
                let queued = try await store.queueDigests(on: zone.date(of: now), now: now)
                if queued > 0 { logger.info("queued \(queued) daily digests") }
                nextDigest = digestTime(after: now)
            }
            let items = try await store.claimOutbox(now: now, leaseUntil: now.adding(seconds: lease), limit: batchSize)
            if !items.isEmpty {
                try await refreshDisabledChannels()
                // The batch's child tasks (rendering each recipient's notice, the adapters'
                // nonisolated work: payloads, signing, encoding) run on the delivery threads, two
                // at background priority, not on the shared threads that answer the control API;
                // the dispatcher's own bookkeeping stays serial on its thread.
                // A batch under way when bvd stops is finished, not cut short, in a task that
                // the stop does not cancel at once: a receiver may already have accepted a notice
                // whose request a cancellation would abandon, to be sent again on the next start.
                // Deliveries not yet handed to an adapter are not begun (`stopping`), and those in
                // flight have `stopGrace` to finish before they are cancelled after all.
                let batch = Task { await withTaskExecutorPreference(workers) { await self.deliver(batch: items) } }
                await withTaskCancellationHandler { await batch.value } onCancel: { [grace = stopGrace] in
                    Task {
                        try? await Task.sleep(for: grace)
                        batch.cancel()
                    }
                }
                continue
            }
            if woken { continue }
            let next = try await store.nextOutboxAttempt()
            let until = min(next ?? nextDigest, nextDigest, clock.now().adding(seconds: 3600))
            let clock = self.clock
            let task = Task { try await clock.sleep(until: until) }
            sleeper = task
            try? await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            sleeper = nil
        }
    }

    private func digestTime(after now: Instant) -> Instant {
        let today = zone.date(of: now)
        let at = zone.instant(of: LocalDateTime(date: today, time: settings.digestTime))
        return at > now ? at : zone.instant(of: LocalDateTime(date: today.adding(days: 1), time: settings.digestTime))
    }

    func refreshDisabledChannels() async throws {
        disabled = Dictionary(try await store.disabledChannels().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One notice, to every recipient not yet served; then delivered, retried later, missed or failed.
    func deliver(_ item: OutboxItem) async { await deliver(batch: [item]) }

    /// Offers every notice of a claimed batch at once (each channel's gate bounds what is in
    /// flight), then records the whole batch's attempts and delivered marks in one transaction:
    /// one commit per batch instead of one per notice. A crash before that commit leaves the
    /// leases to run out and the notices to be offered again: at least once, as before.
    func deliver(batch items: [OutboxItem]) async {
        // The batch's reviews in one read, not one per notice: a burst of deliveries must not
        // take every reader connection from the control API.
        let reviews: [String: StoredReview]
        do {
            reviews = try await store.reviews(Set(items.map(\.notice.review)))
        } catch {
            logger.error("reading the reviews of \(items.count) notices failed: \(error); they will be offered again when their lease runs out")
            return
        }
        let rounds = await withTaskGroup(of: Round?.self) { group in
            for item in items { group.addTask { await self.offerAll(item, review: reviews[item.notice.review]) } }
            var rounds: [Round] = []
            for await round in group { if let round { rounds.append(round) } }
            return rounds
        }
        guard !rounds.isEmpty else { return }
        // What was offered is recorded even when bvd is stopping and the batch was cancelled
        // (GRDB's asynchronous writes give up in a cancelled task): else the next start would
        // send again what a receiver accepted.
        await Task { await self.record(rounds) }.value
    }

    private func record(_ rounds: [Round]) async {
        do {
            try await store.recordDeliveries(rounds.map(\.record))
        } catch {
            logger.error("recording \(rounds.count) deliveries failed: \(error); they will be offered again when their lease runs out")
            return
        }
        // A round cut short by the stop with no failure waits for the next start; one with
        // failures is retried on the schedule (a 410 switches its channel off) like any other.
        for round in rounds where !round.delivered && !(round.interrupted && round.failures.isEmpty) {
            do {
                try await settle(round)
            } catch {
                await stopped(round.item, error)
            }
        }
    }

    /// An unexpected error (the store, most likely) ended a notice's delivery: logged, and retried on the schedule.
    private func stopped(_ item: OutboxItem, _ error: any Error) async {
        logger.error("delivery of notice \(item.id) stopped: \(error)", metadata: ["notice": "\(item.id)", "review": "\(item.notice.review)"])
        try? await store.markAttemptFailed(item.id, error: "\(error)", retryAt: retries.next(after: item.attempts, now: clock.now()))
    }

    /// What one notice's round of offers came to, before it is recorded.
    private struct Round: Sendable {
        let item: OutboxItem
        let results: [Result]
        /// Whether any recipient was left to serve, or had been served before.
        let anyone: Bool
        let now: Instant

        var failures: [DeliveryFailure] { results.compactMap(\.failure) }
        /// Some recipients were not offered the notice because bvd was stopping. The attempts made
        /// are recorded and the notice is offered again on the next start (when nobody was
        /// offered it, its claim is given back, with the attempt the claim counted).
        var interrupted: Bool { results.contains { $0.attempt == nil } }
        var delivered: Bool { failures.isEmpty && anyone && !interrupted }
        var record: DeliveryRound {
            DeliveryRound(outbox: item.id, review: item.notice.review, attempts: results.compactMap(\.attempt), deliveredAt: delivered ? now : nil,
                          unoffered: !results.isEmpty && results.allSatisfy { $0.attempt == nil })
        }
    }

    /// Offers a notice to every recipient not yet served; nil when it needed no delivery (missed,
    /// or its review is gone), which is recorded at once.
    private func offerAll(_ item: OutboxItem, review: StoredReview?) async -> Round? {
        do {
            return try await offerEach(item, review: review)
        } catch {
            await stopped(item, error)
            return nil
        }
    }

    private func offerEach(_ item: OutboxItem, review: StoredReview?) async throws -> Round? {
        let now = clock.now()
        let notice = item.notice
        let metadata: Logger.Metadata = ["notice": "\(item.id)", "review": "\(notice.review)", "kind": "\(notice.kind.rawValue)"]
        if notice.kind.isRoutineReminder, notice.subjectAt <= now {
            try await store.markMissed(item.id, reason: "\(notice.subjectTitle) had already passed when the reminder could be sent")
            logger.warning("reminder missed: its subject had passed", metadata: metadata)
            return nil
        }
        guard let review else {
            try await store.markAttemptFailed(item.id, error: "review '\(notice.review)' no longer exists", retryAt: nil)
            return nil
        }
        // A first attempt has no history: nothing was recorded for the notice before its first lease.
        let history = item.attempts > 1 ? try await store.deliveries(outbox: item.id) : []
        let served = Set(history.filter { $0.outcome != .failed }.map { "\($0.recipient)@\($0.channel)" })
        var avoid: Set<String> = []
        if notice.kind == .deliveryFailure, let failed = Int64(notice.subject) {
            avoid = Set(try await store.deliveries(outbox: failed).filter { $0.outcome == .failed }.map(\.channel))
        }
        let recipients = resolver.resolve(notice, state: review.state, avoiding: avoid).filter { !served.contains($0.key) }
        let digest = notice.kind == .digest ? try await store.digestItems(digest: item.id) : []
        let disabled = self.disabled
        let late = item.late || now.millisecondsSinceEpoch - notice.due.millisecondsSinceEpoch > 60_000

        let results = await withTaskGroup(of: Result.self) { group in
            for target in recipients {
                group.addTask { await self.offer(item, to: target, review: review, digest: digest, disabled: disabled, late: late) }
            }
            var all: [Result] = []
            for await result in group { all.append(result) }
            return all
        }
        return Round(item: item, results: results, anyone: !(recipients.isEmpty && served.isEmpty), now: clock.now())
    }

    /// After the round is recorded: switch off gone endpoints, and schedule a retry or fail the notice.
    private func settle(_ round: Round) async throws {
        let item = round.item
        let metadata: Logger.Metadata = ["notice": "\(item.id)", "review": "\(item.notice.review)", "kind": "\(item.notice.kind.rawValue)"]
        for result in round.results where result.failure?.disablesEndpoint == true {
            guard let channel = result.attempt?.channel else { continue }
            try await store.disableChannel(channel, reason: result.failure?.message ?? "gone", at: round.now)
            try await refreshDisabledChannels()
            logger.error("channel \(channel) disabled: \(result.failure?.message ?? "")", metadata: metadata)
        }
        let failures = round.failures
        let message = failures.isEmpty ? "nobody to send to" : failures.map(\.message).joined(separator: "; ")
        let hopeless = failures.isEmpty || failures.allSatisfy(\.isPermanent)
        let waitAtLeast = failures.compactMap(\.retryAfter).max()
        let retryAt = hopeless ? nil : retries.next(after: item.attempts, now: clock.now(), atLeast: waitAtLeast)
        try await store.markAttemptFailed(item.id, error: message, retryAt: retryAt)
        if retryAt == nil {
            logger.error("notice failed after \(item.attempts) attempts: \(message)", metadata: metadata)
            try await tellOfficers(item, error: message, now: round.now)
        } else {
            logger.warning("delivery attempt \(item.attempts) failed; retrying: \(message)", metadata: metadata)
        }
    }

    private struct Result: Sendable {
        /// Nil when the notice was not offered: bvd was stopping.
        let attempt: DeliveryAttempt?
        let failure: DeliveryFailure?
    }

    /// One recipient's delivery. Nonisolated, so that the batch's offers render and encode in
    /// parallel on the delivery threads; it reads only the dispatcher's constants.
    private nonisolated func offer(_ item: OutboxItem, to target: ResolvedRecipient, review: StoredReview, digest: [OutboxItem],
                                   disabled: [String: DisabledChannel], late: Bool) async -> Result {
        let recipient = target.recipient
        func outcome(_ outcome: DeliveryOutcome, _ failure: DeliveryFailure? = nil) -> Result {
            Result(attempt: DeliveryAttempt(recipient: recipient.id, channel: recipient.channel, at: clock.now(), outcome: outcome,
                                            detail: failure?.message ?? (late && outcome == .delivered ? "late" : nil)),
                   failure: failure)
        }
        if let problem = target.problem { return outcome(.failed, DeliveryFailure(problem, isPermanent: !target.problemMayClear)) }
        if let off = disabled[recipient.channel] {
            return outcome(.failed, DeliveryFailure("channel '\(off.name)' is switched off since \(zone.format(off.since)) (\(off.reason)); "
                                                    + "switch it on with: bvctl notices enable \(off.name)"))
        }
        if target.digest { return outcome(.digest) }
        guard let adapter = adapters[recipient.channel], let gate = gates[recipient.channel] else {
            return outcome(.failed, DeliveryFailure("channel '\(recipient.channel)' has no adapter"))
        }
        let content: RenderedNotice
        do {
            content = try compose(item, review, recipient, digest, clock.now())
        } catch {
            return outcome(.failed, DeliveryFailure("the notice could not be rendered: \(error)", isPermanent: true))
        }
        let outgoing = OutgoingNotice(id: Self.deliveryID(item.id, recipient), kind: item.notice.kind, review: item.notice.review,
                                      subject: item.notice.subject, recipient: recipient, content: content, createdAt: item.created, late: late)
        let offered: DeliveryFailure?? = await gate.withPermit { () async -> DeliveryFailure?? in
            guard !stopping.load(ordering: .relaxed) else { return .none }
            do throws(DeliveryFailure) {
                try await adapter.deliver(outgoing)
                return .some(nil)
            } catch {
                return .some(error)
            }
        }
        guard let failure = offered else { return Result(attempt: nil, failure: nil) }
        return failure.map { outcome(.failed, $0) } ?? outcome(.delivered)
    }

    /// Stable across attempts, unique per notice, recipient and channel: the webhook id and the
    /// local part of the Message-ID, by which a receiver discards a duplicate.
    static func deliveryID(_ outbox: Int64, _ recipient: NoticeRecipient) -> String {
        let safe = "\(recipient.id).\(recipient.channel)".map { $0.isASCII && ($0.isLetter || $0.isNumber) || $0 == "-" || $0 == "." ? $0 : "-" }
        return "bvd-\(outbox).\(String(safe))"
    }

    /// After the last attempt: a delivery-failure notice to every configured officer role, by
    /// another channel than the one that failed where they have one. A failure notice that fails is only logged.
    private func tellOfficers(_ item: OutboxItem, error: String, now: Instant) async throws {
        guard item.notice.kind != .deliveryFailure, !settings.officers.isEmpty else { return }
        let notice = PlannedNotice(
            key: "\(item.notice.review)/delivery-failure/\(item.id)", kind: .deliveryFailure, review: item.notice.review, phase: item.notice.phase,
            subject: "\(item.id)", subjectTitle: "\(item.notice.kind.rawValue): \(item.notice.subjectTitle)", subjectAt: now, due: now,
            rule: error, recipients: NoticeRecipients(roles: settings.officers.keys.sorted(), organisations: []), problem: nil)
        try await store.enqueue(notice, now: now)
    }
}
