import BVCore
import BVNotices
import BVStore
import Foundation
import Hummingbird

/// A notice with every delivery attempt and how it reads, for `bvctl notices show`.
struct NoticeDetail: Encodable {
    let id: Int64
    let notice: PlannedNotice
    let late: Bool
    let state: OutboxState
    let attempts: Int
    let nextAttempt: Instant?
    let lastError: String?
    let created: Instant
    let deliveries: [DeliveryAttempt]
    /// Rendered for the first recipient (or a stand-in); nil when the review is gone.
    let content: RenderedNotice?
}

/// A configured channel and whether it is switched off.
struct ChannelReply: Encodable {
    let name: String
    let adapter: String
    let maximumInFlight: Int
    let disabled: DisabledChannel?
}

extension ControlAPI {
    func notices(_ request: Request, _ context: ControlContext) async throws -> Response {
        let review = request.uri.queryParameters.get("review").map { String($0) }
        var items = try await store.outbox(review: review)
        // A review that does not exist is not one with no notices (one with notices exists).
        if let review, items.isEmpty, try await store.review(review) == nil { throw ProblemError.noReview(review) }
        if let state = request.uri.queryParameters.get("state") {
            guard let wanted = OutboxState(rawValue: String(state)) else {
                throw ProblemError.unprocessable("'state' must be pending, delivering, delivered, failed or missed", field: "state")
            }
            items = items.filter { $0.state == wanted }
        }
        return try json(items)
    }

    func noticeID(_ context: ControlContext) throws -> Int64 {
        let text = try context.parameter("notice")
        guard let id = Int64(text) else { throw ProblemError.notFound("no notice '\(text)'; notices are numbered (bvctl notices list)") }
        return id
    }

    func notice(_ request: Request, _ context: ControlContext) async throws -> Response {
        let id = try noticeID(context)
        guard let item = try await store.outboxItem(id) else { throw ProblemError.notFound("no notice \(id)") }
        var content: RenderedNotice?
        if let review = try await store.review(item.notice.review) {
            let digest = item.notice.kind == .digest ? try await store.digestItems(digest: id) : []
            let recipient = delivery.sampleRecipient(for: item.notice, state: review.state)
            content = try? delivery.compose(item, review, recipient, digest, clock.now())
        }
        return try json(NoticeDetail(id: item.id, notice: item.notice, late: item.late, state: item.state, attempts: item.attempts,
                                     nextAttempt: item.nextAttempt, lastError: item.lastError, created: item.created,
                                     deliveries: try await store.deliveries(outbox: id), content: content))
    }

    /// Puts a failed notice back in the queue. Anything else is a conflict: it is still on its way or delivered.
    func retryNotice(_ request: Request, _ context: ControlContext) async throws -> Response {
        let id = try noticeID(context)
        guard let item = try await store.outboxItem(id) else { throw ProblemError.notFound("no notice \(id)") }
        guard try await store.requeue(id, now: clock.now()) else {
            throw ProblemError(Problem(status: .conflict, type: "conflict", title: "Not failed",
                                       detail: "notice \(id) is \(item.state.rawValue), not failed; only failed notices are retried"))
        }
        context.logger.info("notice requeued", metadata: ["notice": "\(id)", "user": "\(context.caller?.user ?? "?")"])
        await delivery.dispatcher?.wake()
        return try json(try await store.outboxItem(id))
    }

    func retryFailedNotices(_ request: Request, _ context: ControlContext) async throws -> Response {
        let count = try await store.requeueFailed(now: clock.now())
        context.logger.info("failed notices requeued", metadata: ["count": "\(count)", "user": "\(context.caller?.user ?? "?")"])
        await delivery.dispatcher?.wake()
        return try json(["requeued": count])
    }

    func channels(_ request: Request, _ context: ControlContext) async throws -> Response {
        let disabled = try await store.disabledChannels()
        return try json(delivery.settings.channels.map { channel in
            ChannelReply(name: channel.name, adapter: channel.adapter.kindName, maximumInFlight: channel.maximumInFlight,
                         disabled: disabled.first { $0.name == channel.name })
        })
    }

    func enableChannel(_ request: Request, _ context: ControlContext) async throws -> Response {
        let name = try context.parameter("channel")
        guard delivery.settings.channel(name) != nil else { throw ProblemError.notFound("no channel '\(name)' is configured") }
        guard try await store.enableChannel(name) else {
            throw ProblemError(Problem(status: .conflict, type: "conflict", title: "Not switched off", detail: "channel '\(name)' is not switched off"))
        }
        context.logger.info("channel switched on", metadata: ["channel": "\(name)", "user": "\(context.caller?.user ?? "?")"])
        await delivery.dispatcher?.wake()
        return try json(["enabled": name])
    }

    /// How a notice of `kind` would read for this review now, without sending it.
    func previewNotice(_ request: Request, _ context: ControlContext) async throws -> Response {
        let reviewID = try context.parameter("id")
        guard let review = try await store.review(reviewID) else { throw ProblemError.noReview(reviewID) }
        let kindText = request.uri.queryParameters.get("kind").map { String($0) } ?? ""
        guard let kind = NoticeKind(rawValue: kindText) else {
            throw ProblemError.unprocessable("'kind' must be one of: \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
        }
        let subject = request.uri.queryParameters.get("subject").map { String($0) }
        let now = clock.now()
        let planned = try await store.timers(review: reviewID).map(\.notice) + (try await store.outbox(review: reviewID)).map(\.notice)
        let match = planned.first { $0.kind == kind && (subject == nil || $0.subject == subject) }
        // A stand-in is rendered for a subject the review has, never for a mistyped one.
        if match == nil, let subject, !Self.subjects(of: review).union(planned.map(\.subject)).contains(subject), !Self.isOtherSubject(subject) {
            throw ProblemError.notFound("'\(subject)' is not a meeting, proposal, response, decision, phase, organisation, representative or indicator of review '\(reviewID)'")
        }
        let notice = match
            ?? PlannedNotice(key: "preview", kind: kind, review: reviewID, phase: review.state.currentPhase ?? "closed",
                             subject: subject ?? review.state.meetings.first?.id ?? reviewID, subjectTitle: subject ?? review.state.title,
                             subjectAt: now, due: now, rule: "preview",
                             recipients: NoticeRecipients(roles: [], organisations: review.state.organisations.map(\.id)), problem: nil)
        let item = OutboxItem(id: 0, notice: notice, late: false, state: .pending, attempts: 0, nextAttempt: nil, lastError: nil, created: now)
        do {
            return try json(try delivery.compose(item, review, delivery.sampleRecipient(for: notice, state: review.state), [], now))
        } catch {
            throw ProblemError.unprocessable("the \(kind.rawValue) notice cannot be rendered: \(error)", field: "kind")
        }
    }

    /// Every id a notice of the review can be about.
    static func subjects(of review: StoredReview) -> Set<String> {
        let state = review.state, workflow = review.workflow
        var ids = Set(state.meetings.map(\.id) + state.proposals.map(\.id) + state.responses.map(\.id) + state.organisations.map(\.id))
        ids.formUnion(state.representatives.map(\.id) + state.indicators.map(\.code) + workflow.decisions.map(\.id) + workflow.phases.map(\.id))
        ids.insert(state.id)
        return ids
    }

    /// Subjects not of the review's lists: the baseline profile, a monitoring period, a notice
    /// (by its id, for a delivery failure).
    static func isOtherSubject(_ subject: String) -> Bool {
        subject == "baseline" || (subject.hasPrefix("period-") && Int(subject.dropFirst(7)) != nil) || Int64(subject) != nil
    }

    /// A representative's channel and digest choice; the channel must be configured.
    func noticePreferences(_ request: Request, _ context: ControlContext) async throws -> ReviewCommand {
        let body = try await decode(Body.NoticePreferences.self, request, context)
        if let channel = body.channel, delivery.settings.channel(channel) == nil {
            let names = delivery.settings.channels.map(\.name)
            throw ProblemError.unprocessable("no channel '\(channel)' is configured; channels: \(names.isEmpty ? "none" : names.joined(separator: ", "))", field: "channel")
        }
        return .setNoticePreferences(representative: try context.parameter("representative"), channel: body.channel, digest: body.digest ?? false)
    }
}

extension ChannelSettings.Adapter {
    var kindName: String {
        switch self {
        case .sendmail: "sendmail"
        case .smtp: "smtp"
        case .webhook: "webhook"
        case .program: "program"
        }
    }
}
