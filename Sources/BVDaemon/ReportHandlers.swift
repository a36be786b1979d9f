import BVCore
import BVReports
import BVStore
import Foundation
import Hummingbird

/// Documents for people, rendered by the daemon so that bvctl, a browser or a calendar
/// application get the same text: the plan section, "you said, we did", progress reports with
/// the timeline picture, calendar feeds and open data.
extension ControlAPI {
    func monitoring(_ request: Request, _ context: ControlContext) async throws -> Response {
        struct Monitoring: Encodable { let begun: Bool; let cycles: Int; let periods: [MonitoringPeriodSummary] }
        let stored = try await review(context)
        let table = stored.engine.monitoringTable(state: stored.state, now: clock.now())
        return try json(Monitoring(begun: table != nil, cycles: stored.state.monitoringCycles, periods: table?.periods ?? []))
    }

    func performancePlan(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return document(PerformancePlanReport(state: stored.state, engine: stored.engine, now: clock.now()).document, try format(request))
    }

    func youSaidWeDid(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return document(YouSaidWeDidReport(state: stored.state, engine: stored.engine, now: clock.now()).document, try format(request))
    }

    func progressReport(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return document(progress(stored, now: clock.now()).document, try format(request))
    }

    func progressOverview(_ request: Request, _ context: ControlContext) async throws -> Response {
        let now = clock.now()
        let reports = try await allReviews().map { progress($0, now: now) }
        let zone = runtime.library.workflows.first?.definition.zone ?? .london
        return document(ProgressOverview(reports: reports, now: now, zone: zone).document, try format(request))
    }

    func timeline(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return text(TimelinePicture(state: stored.state, engine: stored.engine, now: clock.now()).svgDocument, type: "image/svg+xml")
    }

    func reviewCalendar(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return text(feed(name: stored.state.title, zone: stored.engine.zone).ics(reviews: [(stored.state, stored.engine)]),
                    type: "text/calendar; charset=utf-8")
    }

    func calendar(_ request: Request, _ context: ControlContext) async throws -> Response {
        let reviews = try await allReviews().filter { $0.state.closed == nil }
        let zone = reviews.first?.engine.zone ?? .london
        return text(feed(name: "Best Value reviews", zone: zone).ics(reviews: reviews.map { ($0.state, $0.engine) }),
                    type: "text/calendar; charset=utf-8")
    }

    func openData(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return text(try OpenDataReview(state: stored.state, engine: stored.engine, now: clock.now()).json(), type: "application/json")
    }

    func indicatorsCSV(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return text(OpenDataReview(state: stored.state, engine: stored.engine, now: clock.now()).indicatorsCSV, type: "text/csv; charset=utf-8; header=present")
    }

    func measurementsCSV(_ request: Request, _ context: ControlContext) async throws -> Response {
        let stored = try await review(context)
        return text(OpenDataReview(state: stored.state, engine: stored.engine, now: clock.now()).measurementsCSV, type: "text/csv; charset=utf-8; header=present")
    }

    // MARK: Helpers

    func progress(_ stored: StoredReview, now: Instant) -> ProgressReport {
        ProgressReport(state: stored.state, engine: stored.engine, now: now,
                       timeline: TimelinePicture(state: stored.state, engine: stored.engine, now: now).svg)
    }

    func allReviews() async throws -> [StoredReview] {
        var reviews: [StoredReview] = []
        for summary in try await store.reviews() {
            if let stored = try await store.review(summary.id) { reviews.append(stored) }
        }
        return reviews
    }

    func feed(name: String, zone: Zone) -> ReviewCalendarFeed {
        ReviewCalendarFeed(domain: delivery.settings.mailDomain, zone: zone, now: clock.now(), name: name)
    }

    /// `format=md` (the default) or `format=html`.
    func format(_ request: Request) throws -> ReportFormat {
        guard let text = request.uri.queryParameters.get("format") else { return .markdown }
        guard let format = ReportFormat(rawValue: String(text)) else {
            throw ProblemError.unprocessable("'format' must be md or html, not '\(text)'", field: "format")
        }
        return format
    }

    func document(_ document: ReportDocument, _ format: ReportFormat) -> Response {
        text(document.rendered(as: format), type: format.mediaType)
    }

    func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
