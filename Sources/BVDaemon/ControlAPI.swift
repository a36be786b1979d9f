import BVCore
import BVStore
import Foundation
public import Hummingbird

/// The control API: HTTP/1.1 + JSON, versioned under `/v1`. Reads go straight to the store's
/// readers; every change goes through the single writer.
public struct ControlAPI: Sendable {
    let store: any ReviewStore
    let writer: CommandWriter
    let clock: any Clock
    let runtime: DaemonRuntime
    let delivery: NoticeDelivery
    let views = ReviewViewCache()

    init(store: any ReviewStore, writer: CommandWriter, clock: any Clock, runtime: DaemonRuntime, delivery: NoticeDelivery) {
        (self.store, self.writer, self.clock, self.runtime, self.delivery) = (store, writer, clock, runtime, delivery)
    }

    typealias Handler = @Sendable (Request, ControlContext) async throws -> Response

    /// Every operation, in the order of `docs/openapi.yaml`.
    var operations: [(APIRoute, Handler)] {
        [
            (APIRoute(method: "GET", path: "/v1/status"), status),
            (APIRoute(method: "GET", path: "/v1/workflows"), workflows),
            (APIRoute(method: "GET", path: "/v1/agenda"), agenda),
            (APIRoute(method: "GET", path: "/v1/verify"), verify),
            (APIRoute(method: "POST", path: "/v1/rebuild-projections"), rebuildProjections),
            (APIRoute(method: "GET", path: "/v1/notices"), notices),
            (APIRoute(method: "GET", path: "/v1/notices/{notice}"), notice),
            (APIRoute(method: "POST", path: "/v1/notices/{notice}/retry"), retryNotice),
            (APIRoute(method: "POST", path: "/v1/notices/retry"), retryFailedNotices),
            (APIRoute(method: "GET", path: "/v1/channels"), channels),
            (APIRoute(method: "POST", path: "/v1/channels/{channel}/enable"), enableChannel),
            (APIRoute(method: "GET", path: "/v1/organisations"), listDirectory),
            (APIRoute(method: "POST", path: "/v1/organisations"), addDirectoryOrganisation),
            (APIRoute(method: "GET", path: "/v1/organisations/{organisation}"), showDirectoryOrganisation),
            (APIRoute(method: "POST", path: "/v1/organisations/{organisation}"), editDirectoryOrganisation),
            (APIRoute(method: "GET", path: "/v1/reviews"), listReviews),
            (APIRoute(method: "POST", path: "/v1/reviews"), createReview),
            (APIRoute(method: "POST", path: "/v1/reviews/import"), importReview),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}"), showReview),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/events"), events),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/export"), export),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/why"), why),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/plan"), plan),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/timers"), timers),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/advance"), command { _, _ in .advance }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/organisations"), command { r, c in
                let b = try await decode(Body.Invite.self, r, c)
                return .invite(organisation: b.id, name: b.name, category: b.category)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/invitations"), inviteFromDirectory),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/organisations/{organisation}/representatives"), command { r, c in
                let b = try await decode(Body.Representative.self, r, c)
                return .addRepresentative(representative: b.id, organisation: try c.parameter("organisation"), name: b.name, email: b.email, phone: b.phone)
            }),
            (APIRoute(method: "DELETE", path: "/v1/reviews/{id}/representatives/{representative}"), command { _, c in
                .removeRepresentative(representative: try c.parameter("representative"))
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/representatives/{representative}/preferences"), command(noticePreferences)),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/notices/preview"), previewNotice),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings"), command { r, c in
                let b = try await decode(Body.ScheduleMeeting.self, r, c)
                return .scheduleMeeting(meeting: b.id, title: b.title, method: b.method, start: b.start, place: b.place, invitees: b.invitees)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/reschedule"), command { r, c in
                let b = try await decode(Body.Reschedule.self, r, c)
                return .rescheduleMeeting(meeting: try c.parameter("meeting"), start: b.start, place: b.place)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/invitees"), command { r, c in
                .inviteToMeeting(meeting: try c.parameter("meeting"), organisations: try await decode(Body.Invitees.self, r, c).organisations)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/cancel"), command { r, c in
                .cancelMeeting(meeting: try c.parameter("meeting"), reason: try await decode(Body.Reason.self, r, c).reason)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/papers"), command { r, c in
                .publishPapers(meeting: try c.parameter("meeting"), on: try await decodeOptional(Body.On.self, r, c)?.on)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/notice"), command { r, c in
                .giveMeetingNotice(meeting: try c.parameter("meeting"), on: try await decodeOptional(Body.On.self, r, c)?.on)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/meetings/{meeting}/held"), command { r, c in
                let b = try await decode(Body.Minutes.self, r, c)
                return .recordMeetingHeld(meeting: try c.parameter("meeting"), minutes: b.minutes, attendees: b.attendees)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/proposals"), command { r, c in
                let b = try await decode(Body.Proposal.self, r, c)
                return .publishProposal(proposal: b.id, title: b.title, responseDeadline: b.responseDeadline)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/responses"), command { r, c in
                let b = try await decode(Body.Response.self, r, c)
                return .receiveResponse(response: b.id, proposal: b.proposal, organisation: b.organisation, summary: b.summary, on: b.on)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/responses/{response}/consider"), command { r, c in
                .considerResponse(response: try c.parameter("response"), note: try await decode(Body.Note.self, r, c).note)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/decisions/{decision}/notice"), command { r, c in
                let b = try await decodeOptional(Body.DecisionNotice.self, r, c)
                return .giveDecisionNotice(decision: try c.parameter("decision"), on: b?.on, intendedDate: b?.intendedDate)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/decisions/{decision}/take"), command { r, c in
                let b = try await decode(Body.TakeDecision.self, r, c)
                return .takeDecision(decision: try c.parameter("decision"), meeting: b.meeting, outcome: b.outcome)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/baseline/publish"), command { _, _ in .publishBaseline }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/baseline/sign-offs"), command { r, c in
                let b = try await decode(Body.SignOff.self, r, c)
                return .signBaseline(organisation: b.organisation, agrees: b.agrees, reason: b.reason)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/baseline/sign-offs/{organisation}/consider"), command { r, c in
                .considerObjection(organisation: try c.parameter("organisation"), note: try await decode(Body.Note.self, r, c).note)
            }),
            (APIRoute(method: "PUT", path: "/v1/reviews/{id}/disclosure/{item}"), command { r, c in
                let b = try await decode(Body.DisclosureItem.self, r, c)
                return .setDisclosure(item: try c.parameter("item"), title: b.title, disclosure: b.disclosure, reason: b.reason)
            }),
            (APIRoute(method: "PUT", path: "/v1/reviews/{id}/strands/{strand}"), command { r, c in
                let b = try await decode(Body.Strand.self, r, c)
                return .setStrand(strand: try c.parameter("strand"), status: b.status, findings: b.findings)
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/indicators"), command { r, c in
                let b = try await decode(Body.Indicator.self, r, c)
                return .addIndicator(code: b.code, name: b.name, unit: b.unit, polarity: b.polarity, baseline: b.baseline,
                                     baselinePeriod: b.baselinePeriod, definition: b.definition, source: b.source, tolerance: b.tolerance)
            }),
            (APIRoute(method: "PUT", path: "/v1/reviews/{id}/indicators/{code}/target"), command { r, c in
                let b = try await decode(Body.Target.self, r, c)
                return .setTarget(code: try c.parameter("code"), target: b.target, by: b.by, year: b.year)
            }),
            (APIRoute(method: "DELETE", path: "/v1/reviews/{id}/indicators/{code}"), command { _, c in
                .removeIndicator(code: try c.parameter("code"))
            }),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/indicators/{code}/measurements"), command { r, c in
                let b = try await decode(Body.Measurement.self, r, c)
                return .recordMeasurement(code: try c.parameter("code"), period: b.period, value: b.value)
            }),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/monitoring"), monitoring),
            (APIRoute(method: "POST", path: "/v1/reviews/{id}/monitoring/extend"), command { _, _ in .extendMonitoring }),
            (APIRoute(method: "PUT", path: "/v1/reviews/{id}/actions/{action}"), command { r, c in
                let b = try await decode(Body.Action.self, r, c)
                return .setAction(action: try c.parameter("action"), title: b.title, owner: b.owner, due: b.due, strand: b.strand, completed: b.completed)
            }),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/performance-plan"), performancePlan),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/you-said-we-did"), youSaidWeDid),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/report"), progressReport),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/timeline.svg"), timeline),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/calendar.ics"), reviewCalendar),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/open-data.json"), openData),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/indicators.csv"), indicatorsCSV),
            (APIRoute(method: "GET", path: "/v1/reviews/{id}/measurements.csv"), measurementsCSV),
            (APIRoute(method: "GET", path: "/v1/reports/progress"), progressOverview),
            (APIRoute(method: "GET", path: "/v1/calendar.ics"), calendar),
        ]
    }

    /// The operations this API serves, for the OpenAPI check.
    public var routes: [APIRoute] { operations.map(\.0) }

    /// Builds the router with access control and problem responses.
    public func router(policy: AccessPolicy) -> Router<ControlContext> {
        let router = Router(context: ControlContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AccessMiddleware(policy: policy))
        let routes = operations.map(\.0)
        for (route, handler) in operations {
            router.on(RouterPath(route.routerPath), method: HTTPRequest.Method(route.method)!) { request, context in
                try await handler(request, context)
            }
        }
        // A path bvd serves, asked with a method it does not serve there: 405 naming the methods
        // it does, not 404 as if the path did not exist. (The router takes a fixed segment before
        // a parameter, so `GET /v1/reviews/import` never reached the review of that name, which
        // is reserved.)
        for (path, served) in Dictionary(grouping: routes, by: \.path) {
            let allow = served.map(\.method).sorted().joined(separator: ", ")
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] where !served.contains(where: { $0.method == method }) {
                router.on(RouterPath(APIRoute(method: method, path: path).routerPath), method: HTTPRequest.Method(method)!) { _, _ in
                    var response = Problem(status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                                           detail: "\(path) answers \(allow), not \(method)").response()
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
        return router
    }

    /// Wraps a command builder: runs the command for the review in the path as the caller.
    func command(_ build: @escaping @Sendable (Request, ControlContext) async throws -> ReviewCommand) -> Handler {
        { request, context in
            let review = try context.parameter("id")
            let command = try await build(request, context)
            return try await run(CommandRequest(review: review, command: command, actor: context.caller!.actor), created: false)
        }
    }

    func run(_ request: CommandRequest, created: Bool) async throws -> Response {
        switch try await writer.submit(request) {
        case .success(let events):
            // Committed: a failure to read now must not answer as if the command had failed.
            var warnings: [String] = []
            if ReviewEngine.mayCaution(request.command), let stored = try? await store.review(request.review) {
                warnings = stored.engine.cautions(for: request.command, state: stored.state, now: events.first?.event.at ?? clock.now())
            }
            return try json(CommandAccepted(review: request.review, events: events, warnings: warnings.isEmpty ? nil : warnings),
                            status: created ? .created : .ok)
        case .failure(let error):
            throw ProblemError(Problem.from(error))
        }
    }
}

struct CommandAccepted: Encodable {
    let review: String
    let events: [StoredEvent]
    /// What the timetable advises against in what was recorded (`ReviewEngine.cautions`); absent when nothing.
    let warnings: [String]?
}

extension ControlContext {
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw ProblemError.badRequest("missing '\(name)' in the path") }
        return value
    }
}

func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ControlContext) async throws -> T {
    guard let value = try await decodeOptional(type, request, context) else { throw ProblemError.badRequest("this request needs a JSON body") }
    return value
}

/// An empty body means nil; a body that is present must be valid.
func decodeOptional<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ControlContext) async throws -> T? {
    var request = request
    let buffer = try await request.collectBody(upTo: DaemonRuntime.maximumBodyBytes)
    guard buffer.readableBytes > 0 else { return nil }
    return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
}

/// Answers are JSON with sorted keys (what Foundation's JSONEncoder writes with `.sortedKeys`).
let responseEncoder = SortedJSONEncoder()

func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try responseEncoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
