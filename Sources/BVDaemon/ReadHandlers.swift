import BVCore
import BVStore
import Foundation
import Hummingbird

/// The daemon's health and what needs attention, for `bvctl status` and the STATUS= line.
struct DaemonStatus: Encodable {
    let version: String
    let started: Instant
    let reviews: Int
    let reviewsByPhase: [String: Int]
    /// How many timers are overdue; `overdue` lists the first ten.
    let overdueCount: Int
    let overdue: [AgendaItem]
    let nextReminders: [AgendaItem]
    let failedNotices: Int
    let pendingNotices: Int
    /// Notices whose delivery came too late for their subject.
    let missedNotices: Int
    /// Reminders due in the last `missedRemindersDays` days found after their subject had passed
    /// (bvd was down): recorded, never sent. A window, so that one outage does not mark status for good.
    let missedReminders: Int
    let missedRemindersDays: Int
    /// The configured channels; empty means notices stay queued, undelivered.
    let channels: [String]
    let disabledChannels: [String]
    let workflows: [WorkflowReference]
    let reloadProblems: [String]
    /// Workflow versions served with another text than reviews ran under; absent when none.
    let workflowWarnings: [String]?

    /// One line for systemd: "14 reviews, 2 overdue, next reminder 2026-12-01 09:00 GMT".
    var line: String {
        var parts = ["\(reviews) review\(reviews == 1 ? "" : "s")", "\(overdueCount) overdue"]
        if let next = nextReminders.first { parts.append("next reminder \(Zone.london.format(next.due))") }
        if failedNotices > 0 { parts.append("\(failedNotices) failed notices") }
        if channels.isEmpty { parts.append("notice delivery off (no channels)") }
        if !disabledChannels.isEmpty { parts.append("channel \(disabledChannels.joined(separator: ", ")) switched off") }
        if !reloadProblems.isEmpty { parts.append("reload failed: \(reloadProblems.count) problems, running on the previous workflows") }
        if let warnings = workflowWarnings { parts.append("\(warnings.count) workflow warning\(warnings.count == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}

/// Something due or overdue across reviews.
struct AgendaItem: Encodable {
    let review: String
    let kind: NoticeKind
    let subject: String
    let due: Instant
    let subjectAt: Instant
    let state: TimerState
}

struct ReviewView: Encodable {
    let review: ReviewState
    let workflow: WorkflowReference
    let phaseTitle: String?
    let timeline: [PhaseLine]
    let openDecisions: [DecisionReadiness]
    let upcoming: [PlannedNotice]
    let missed: [PlannedNotice]

    struct PhaseLine: Encodable {
        let phase: String
        let title: String
        let entered: Instant?
        let left: Instant?
        let deadline: Instant?
    }
}

extension ControlAPI {
    /// How far back status counts missed reminders.
    static let missedWindowDays: Int64 = 30

    /// Counts come from SQL aggregates, so the cost does not grow with the number of reviews.
    func computeStatus() async throws -> DaemonStatus {
        let byPhase = try await store.reviewsByPhase()
        let now = clock.now()
        let counts = try await store.outboxCounts()
        return DaemonStatus(
            version: runtime.version, started: runtime.started, reviews: byPhase.values.reduce(0, +), reviewsByPhase: byPhase,
            overdueCount: try await store.overdueCount(now: now),
            overdue: try await store.pendingTimers(review: nil, dueBefore: now, limit: 10).map(agendaItem),
            nextReminders: try await store.nextPendingTimers(from: now, limit: 5).map(agendaItem),
            failedNotices: counts[.failed] ?? 0,
            pendingNotices: (counts[.pending] ?? 0) + (counts[.delivering] ?? 0),
            missedNotices: counts[.missed] ?? 0,
            missedReminders: try await store.missedTimerCount(since: now.adding(seconds: -Self.missedWindowDays * 86_400)),
            missedRemindersDays: Int(Self.missedWindowDays),
            channels: delivery.settings.channels.map(\.name),
            disabledChannels: try await store.disabledChannels().map(\.name),
            workflows: runtime.library.workflows.map(\.definition.reference), reloadProblems: runtime.reloadProblems,
            workflowWarnings: runtime.workflowWarnings.isEmpty ? nil : runtime.workflowWarnings)
    }

    func agendaItem(_ timer: StoredTimer) -> AgendaItem {
        AgendaItem(review: timer.notice.review, kind: timer.notice.kind, subject: timer.notice.subjectTitle,
                   due: timer.notice.due, subjectAt: timer.notice.subjectAt, state: timer.state)
    }

    func status(_ request: Request, _ context: ControlContext) async throws -> Response {
        try json(try await computeStatus())
    }

    func workflows(_ request: Request, _ context: ControlContext) async throws -> Response {
        struct Listed: Encodable { let id: String; let version: Int; let title: String; let sha256: String; let file: String; let phases: [String] }
        return try json(runtime.library.workflows.map {
            Listed(id: $0.definition.id, version: $0.definition.version, title: $0.definition.title,
                   sha256: $0.definition.contentHash, file: $0.file, phases: $0.definition.phases.map(\.id))
        })
    }

    /// What is due across reviews in the next `days` days (default 14), and everything overdue.
    func agenda(_ request: Request, _ context: ControlContext) async throws -> Response {
        let days = try request.uri.queryParameters.get("days").map { text -> Int in
            guard let n = Int(text), (0...366).contains(n) else { throw ProblemError.unprocessable("'days' must be 0 to 366", field: "days") }
            return n
        } ?? 14
        let review = request.uri.queryParameters.get("review").map { String($0) }
        let horizon = clock.now().adding(seconds: Int64(days) * 86_400)
        let pending = try await store.pendingTimers(review: review, dueBefore: horizon.adding(milliseconds: 1), limit: 1000)
        // Missed reminders of the last `days` days: older ones are history (bvctl review show).
        let since = clock.now().adding(seconds: -Int64(days) * 86_400)
        let missed = try await store.missedTimers(review: review).filter { $0.notice.due >= since }
        return try json((missed + pending).map(agendaItem))
    }

    func verify(_ request: Request, _ context: ControlContext) async throws -> Response {
        try json(try await store.verify())
    }

    /// Rewrites the query tables from the log, then verifies: the answer says whether that was enough.
    func rebuildProjections(_ request: Request, _ context: ControlContext) async throws -> Response {
        struct Rebuilt: Encodable { let reviews: Int; let verification: VerificationReport }
        let reviews = try await store.rebuildProjections(now: clock.now())
        // A timer planned again may be due now.
        writer.committedElsewhere()
        context.logger.notice("query tables rebuilt from the event log", metadata: ["reviews": "\(reviews)", "user": "\(context.caller?.user ?? "")"])
        return try json(Rebuilt(reviews: reviews, verification: try await store.verify()))
    }

    func listReviews(_ request: Request, _ context: ControlContext) async throws -> Response {
        var summaries = try await store.reviews()
        if let asked = request.uri.queryParameters.get("phase").map({ String($0) }) {
            // "closed", as listings and status show closed reviews, which have no phase.
            let known = Set(runtime.library.workflows.flatMap { $0.definition.phases.map(\.id) } + summaries.compactMap(\.phase) + ["closed"])
            guard known.contains(asked) else {
                throw ProblemError.unprocessable("no phase '\(asked)'; phases: \(known.sorted().joined(separator: ", "))", field: "phase")
            }
            summaries = summaries.filter { ($0.phase ?? "closed") == asked }
        }
        if let lead = request.uri.queryParameters.get("lead") { summaries = summaries.filter { $0.lead == String(lead) } }
        return try json(summaries)
    }

    func createReview(_ request: Request, _ context: ControlContext) async throws -> Response {
        let body = try await decode(Body.CreateReview.self, request, context)
        if let problem = ReviewID.problem(body.id) { throw ProblemError.unprocessable(problem, field: "id") }
        return try await run(CommandRequest(
            review: body.id, command: .start(title: body.title, service: body.service, lead: body.lead, planYear: body.planYear),
            actor: context.caller!.actor, workflow: body.workflow), created: true)
    }

    func importReview(_ request: Request, _ context: ControlContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 << 20)
        do {
            let id = try await store.importReview(jsonLines: String(buffer: buffer), now: clock.now())
            writer.committedElsewhere()
            return try json(["review": id], status: .created)
        } catch let error as StoreError {
            throw ProblemError(Problem(status: .unprocessableContent, type: "invalid-archive", title: "Not importable", detail: error.description))
        }
    }

    func review(_ context: ControlContext) async throws -> StoredReview {
        let id = try context.parameter("id")
        guard let stored = try await store.review(id) else { throw ProblemError.noReview(id) }
        return stored
    }

    func showReview(_ request: Request, _ context: ControlContext) async throws -> Response {
        let id = try context.parameter("id")
        guard let body = try viewBody(review: id) else { throw ProblemError.noReview(id) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    /// A review's progress view as sent: from the cache, or computed, kept and sent; nil when
    /// there is no such review. Synchronous (a short indexed read and a computation), so that an
    /// event loop can answer with it at once.
    func viewBody(review id: String) throws -> ByteBuffer? {
        let now = clock.now()
        let changes = store.changes.version(of: id)
        if let body = views.body(review: id, changes: changes, now: now) { return body }
        guard let view = try view(review: id, now: now) else { return nil }
        let body = ByteBuffer(bytes: try responseEncoder.encode(view))
        views.store(body, review: id, changes: changes, now: now)
        return body
    }

    /// The view for `GET /v1/reviews/{id}` when the caller is known to have a role, cached or
    /// computed, for `DirectAnswerHandler` on an event loop; nil sends the request through the
    /// router and its access checks (which also look the caller up when it is not known) and
    /// its problem responses (no such review). Requests with a body, an `Expect` or a
    /// `Connection` header go to the router too.
    func directView(_ request: HTTPRequest, peer: UInt32?, policy: AccessPolicy) -> ByteBuffer? {
        let prefix = "/v1/reviews/"
        let headers = request.headerFields
        guard request.method == .get, let uid = peer, let path = request.path, path.hasPrefix(prefix),
              headers[.connection] == nil, headers[.expect] == nil, headers[.transferEncoding] == nil,
              (headers[.contentLength] ?? "0") == "0" else { return nil }
        let id = path.dropFirst(prefix.count)
        guard !id.isEmpty, !id.contains(where: { $0 == "/" || $0 == "?" || $0 == "%" }),
              policy.knownCaller(uid: uid)?.role != nil else { return nil }
        return try? viewBody(review: String(id))
    }

    private func view(review id: String, now: Instant) throws -> ReviewView? {
        guard let (stored, upcoming, missed) = try store.reviewAndTimers(id, from: now, limit: 10) else { return nil }
        let engine = stored.engine
        let state = stored.state
        let timeline = stored.workflow.phases.map { phase in
            let visit = state.phases.last { $0.phase == phase.id }
            return ReviewView.PhaseLine(phase: phase.id, title: phase.title, entered: visit?.entered, left: visit?.left,
                                        deadline: visit.flatMap { engine.deadlineInstant(phase, entered: $0.entered, state: state) })
        }
        return ReviewView(
            review: state, workflow: state.workflow, phaseTitle: state.currentPhase.flatMap { stored.workflow.phase($0)?.title },
            timeline: timeline, openDecisions: engine.openDecisions(state: state, now: now),
            upcoming: upcoming.map(\.notice), missed: missed.map(\.notice))
    }

    func events(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return try json(try await store.events(review: stored.state.id))
    }

    func export(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        do {
            let text = try await store.export(review: stored.state.id)
            return self.text(text, type: "application/jsonl")
        } catch let error as StoreError {
            throw ProblemError(Problem(status: .conflict, type: "damaged-record", title: "Record damaged", detail: "\(error.description); nothing was exported"))
        }
    }

    /// Every rule between the review and a decision (or each open decision) now.
    func why(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        let engine = stored.engine
        guard let decision = request.uri.queryParameters.get("decision").map({ String($0) }) else {
            return try json(engine.openDecisions(state: stored.state, now: clock.now()))
        }
        switch engine.why(decision, meeting: request.uri.queryParameters.get("meeting").map { String($0) }, state: stored.state, now: clock.now()) {
        case .success(let readiness): return try json([readiness])
        case .failure(let error): throw ProblemError(Problem.from(error))
        }
    }

    func plan(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        guard let decision = request.uri.queryParameters.get("decision") else { throw ProblemError.unprocessable("'decision' is required", field: "decision") }
        guard let onText = request.uri.queryParameters.get("on") else { throw ProblemError.unprocessable("'on' is required", field: "on") }
        guard let date = CivilDate(onText) else { throw ProblemError.unprocessable("on: \(CivilDate.problem(onText) ?? "not a date")", field: "on") }
        switch stored.engine.plan(String(decision), on: date, state: stored.state, now: clock.now()) {
        case .success(let plan): return try json(plan)
        case .failure(let error): throw ProblemError(Problem.from(error))
        }
    }

    func timers(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return try json(try await store.timers(review: stored.state.id))
    }
}
