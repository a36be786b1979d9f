public import BVCore
import BVWorkflowFile
import Foundation

/// A clock the fixture moves by hand.
final class FixtureClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant
    init(_ start: Instant) { current = start }
    func now() -> Instant { lock.withLock { current } }
    func set(_ instant: Instant) { lock.withLock { current = instant } }
}

/// A housing-repairs review driven through the engine under the shipped workflow from scoping to
/// closed: six organisations, meetings of several methods with attendance, a proposal with
/// responses and their consideration, baseline sign-offs, disclosure, strands, an adopted and a
/// local indicator with targets for two years, improvement actions, four quarters of measurements.
/// Shared by the report tests and the daemon's end-to-end tests (which import it as an archive).
public struct FinishedReview: Sendable {
    public let engine: ReviewEngine
    public let events: [ReviewEvent]
    public let state: ReviewState
    /// When the fixture stops: after the review closed.
    public let now: Instant
    /// Commands the engine refused while the fixture ran; a correct fixture has none.
    public let problems: [String]

    public var workflow: WorkflowDefinition { engine.workflow }

    /// The repository's shipped workflow file.
    public static let workflowPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows/best-value-review.yaml").path

    public static let organisations = [
        ("tenants-federation", "Northfield Tenants' Federation", "tenants-and-community"),
        ("pensioners-forum", "Northfield Pensioners' Forum", "pensioners"),
        ("unison", "UNISON Northfield branch", "trade-unions"),
        ("carers", "Northfield Carers' Network", "patients-and-carers"),
        ("youth-club", "Eastside Youth Club", "youth-and-student-clubs"),
        ("traders", "Market Street Traders", "local-business"),
    ]

    public static let shippedWorkflow: WorkflowDefinition = {
        switch WorkflowLoader.load(path: workflowPath) {
        case .success(let definition): return definition
        case .failure(let error): fatalError("the shipped workflow does not load:\n\(error)")
        }
    }()

    public static func london(_ local: String) -> Instant { Zone.london.instant(of: LocalDateTime(local)!) }

    /// The whole review; `closing: false` stops in monitoring after the third quarter's measurements.
    public static func make(closing: Bool = true) -> FinishedReview {
        var driver = Driver(engine: ReviewEngine(workflow: shippedWorkflow, calendar: .bundled(shippedWorkflow.division)),
                            clock: FixtureClock(london("2027-01-04T09:00")))
        driver.script(closing: closing)
        return FinishedReview(engine: driver.engine, events: driver.events, state: ReviewState.fold(driver.events)!, now: driver.clock.now(),
                              problems: driver.problems)
    }

    /// The review as `bvctl review export` writes it, for `bvctl review import`.
    public func archive() throws -> String {
        let source = try String(contentsOfFile: Self.workflowPath, encoding: .utf8)
        let header: [String: Any] = [
            "format": "bvd-review-archive", "version": 1, "review": state.id,
            "workflow": ["hash": workflow.contentHash, "id": workflow.id, "version": workflow.version, "source": source,
                         "file": "best-value-review.yaml"],
        ]
        var lines = [String(decoding: try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]), as: UTF8.self)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for event in events { lines.append(String(decoding: try encoder.encode(event), as: UTF8.self)) }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Driver {
        let engine: ReviewEngine
        let clock: FixtureClock
        var events: [ReviewEvent] = []
        var problems: [String] = []
        let actor = Actor(name: "j.smith", uid: 1001)

        var state: ReviewState? { ReviewState.fold(events) }
        func at(_ local: String) { clock.set(FinishedReview.london(local)) }

        mutating func run(_ command: ReviewCommand, line: Int = #line) {
            switch engine.handle(command, review: "housing-repairs", state: state, now: clock.now(), actor: actor) {
            case .success(let new): events += new
            case .failure(let error): problems.append("line \(line): \(command) was refused: \(error)")
            }
        }

        mutating func meeting(_ id: String, _ title: String, _ method: String, at start: String, invitees: [String]) {
            run(.scheduleMeeting(meeting: id, title: title, method: method, start: LocalDateTime(start)!, place: "Town Hall", invitees: invitees))
        }

        mutating func script(closing: Bool) {
            let everyone = FinishedReview.organisations.map(\.0)
            run(.start(title: "Housing repairs", service: "Responsive repairs to council homes", lead: "j.smith", planYear: 2028))
            for (id, name, category) in FinishedReview.organisations { run(.invite(organisation: id, name: name, category: category)) }

            // Scoping.
            meeting("workshop-1", "Tenants' workshop", "workshop", at: "2027-01-20T18:00", invitees: ["tenants-federation", "pensioners-forum"])
            meeting("committee-1", "Coordinating committee (scope)", "coordinating-committee", at: "2027-02-04T18:00", invitees: everyone)
            at("2027-01-18T10:00")
            run(.publishPapers(meeting: "committee-1", on: nil))
            run(.giveMeetingNotice(meeting: "committee-1", on: nil))
            run(.setDisclosure(item: "repair-costs", title: "Unit costs of repairs by contractor", disclosure: .representatives, reason: nil))
            run(.setDisclosure(item: "contract-terms", title: "Contractor's pricing schedule", disclosure: .exempt,
                               reason: "Commercially confidential (LGA 1972 Sch 12A para 3)"))
            at("2027-01-20T20:00")
            run(.recordMeetingHeld(meeting: "workshop-1", minutes: "Repairs priorities discussed", attendees: ["tenants-federation"]))
            at("2027-02-04T19:00")
            for decision in ["agree-scope", "agree-involvement-plan", "agree-information"] {
                run(.takeDecision(decision: decision, meeting: "committee-1", outcome: "Agreed"))
            }
            run(.recordMeetingHeld(meeting: "committee-1", minutes: "Scope agreed", attendees: ["tenants-federation", "pensioners-forum", "unison", "carers"]))
            run(.advance)

            // Involvement: a proposal, responses from three organisations, each considered.
            at("2027-02-08T10:00")
            run(.publishProposal(proposal: "repairs-proposal", title: "Proposals for a new repairs service", responseDeadline: nil))
            meeting("jury-1", "Citizens' jury on repairs", "citizens-jury", at: "2027-03-03T10:00", invitees: everyone)
            at("2027-03-01T10:00")
            run(.receiveResponse(response: "r1", proposal: "repairs-proposal", organisation: "tenants-federation",
                                 summary: "Evening and Saturday appointments are needed", on: nil))
            run(.receiveResponse(response: "r2", proposal: "repairs-proposal", organisation: "unison",
                                 summary: "Keep repairs in house; no outsourcing", on: nil))
            run(.receiveResponse(response: "r3", proposal: "repairs-proposal", organisation: "carers",
                                 summary: "Text reminders before each appointment", on: nil))
            at("2027-03-03T17:00")
            run(.recordMeetingHeld(meeting: "jury-1", minutes: "Jury verdict on appointments", attendees: ["tenants-federation", "youth-club", "traders"]))
            at("2027-05-10T10:00")
            run(.considerResponse(response: "r1", note: "Saturday appointments added to the proposal"))
            run(.considerResponse(response: "r2", note: "The in-house team keeps responsive repairs; market testing only for gas servicing"))
            run(.considerResponse(response: "r3", note: "Text reminders the day before each appointment adopted"))
            run(.takeDecision(decision: "close-involvement", meeting: nil, outcome: "Involvement closed"))
            run(.advance)

            // Baseline agreement.
            run(.publishBaseline)
            meeting("committee-2", "Coordinating committee (baseline)", "coordinating-committee", at: "2027-06-03T18:00", invitees: everyone)
            at("2027-05-20T10:00")
            run(.publishPapers(meeting: "committee-2", on: nil))
            run(.giveMeetingNotice(meeting: "committee-2", on: nil))
            for (id, _, _) in FinishedReview.organisations.dropLast() { run(.signBaseline(organisation: id, agrees: true, reason: nil)) }
            run(.signBaseline(organisation: "traders", agrees: false, reason: "Contractor costs are not shown"))
            run(.considerObjection(organisation: "traders", note: "Costs are exempt; totals added to the profile"))
            at("2027-06-03T20:00")
            run(.takeDecision(decision: "agree-baseline", meeting: "committee-2", outcome: "Baseline agreed"))
            run(.recordMeetingHeld(meeting: "committee-2", minutes: "Baseline agreed", attendees: ["tenants-federation", "unison", "traders"]))
            run(.advance)

            // Assessment.
            for strand in workflow.strands where strand.required {
                run(.setStrand(strand: strand.id, status: .complete, findings: "Findings of \(strand.title.lowercased())"))
            }
            run(.setStrand(strand: "benchmarking", status: .complete, findings: "Upper-middle quartile of the family group"))
            meeting("cabinet-1", "Cabinet (assessment)", "executive-meeting", at: "2027-07-15T10:00", invitees: [])
            run(.giveDecisionNotice(decision: "approve-assessment", on: nil, intendedDate: CivilDate("2027-07-15")))
            at("2027-07-01T10:00")
            run(.publishPapers(meeting: "cabinet-1", on: nil))
            run(.giveMeetingNotice(meeting: "cabinet-1", on: nil))
            at("2027-07-15T11:00")
            run(.takeDecision(decision: "approve-assessment", meeting: "cabinet-1", outcome: "Approved"))
            run(.recordMeetingHeld(meeting: "cabinet-1", minutes: "Assessment approved"))
            run(.advance)

            // Local Performance Plan: one adopted indicator, one local; targets for two years; actions.
            run(.addIndicator(code: "BV185", name: nil, unit: nil, polarity: nil, baseline: 71, baselinePeriod: "2026/27"))
            run(.addIndicator(code: "HR-02", name: "Repairs done right first time", unit: "percent", polarity: .higherIsBetter, baseline: 78,
                              baselinePeriod: "2026/27", definition: "Repairs completed at the first visit", source: .local))
            run(.addIndicator(code: "BV212", name: nil, unit: nil, polarity: nil, baseline: 38, baselinePeriod: "2026/27"))
            run(.setTarget(code: "BV185", target: 85, by: nil))
            run(.setTarget(code: "BV185", target: 90, by: nil, year: 2029))
            run(.setTarget(code: "HR-02", target: 85, by: nil))
            run(.setTarget(code: "BV212", target: 28, by: nil))
            run(.setAction(action: "saturday-slots", title: "Offer Saturday appointments", owner: "Repairs manager",
                           due: CivilDate("2027-10-31")!, strand: "user-research"))
            run(.setAction(action: "text-reminders", title: "Send text reminders before appointments", owner: "Customer services",
                           due: CivilDate("2027-12-31")!))
            meeting("cabinet-2", "Cabinet (plan)", "executive-meeting", at: "2027-09-16T10:00", invitees: [])
            run(.giveDecisionNotice(decision: "approve-plan", on: nil, intendedDate: CivilDate("2027-09-16")))
            at("2027-09-01T10:00")
            run(.publishPapers(meeting: "cabinet-2", on: nil))
            run(.giveMeetingNotice(meeting: "cabinet-2", on: nil))
            at("2027-09-16T11:00")
            run(.takeDecision(decision: "approve-plan", meeting: "cabinet-2", outcome: "Approved"))
            run(.recordMeetingHeld(meeting: "cabinet-2", minutes: "Plan approved"))
            run(.takeDecision(decision: "publish-plan", meeting: nil, outcome: "Published on the council's website"))
            run(.advance)

            // Monitoring from Q2 2027/28 (entered 16 September 2027): four quarters to Q1 2028/29.
            let values: [(String, [Double])] = [("BV185", [80, 84, 86, 83]), ("HR-02", [79, 81, 82, 88]), ("BV212", [36, 33, 29, 27])]
            let recorded = ["2027-10-10T10:00", "2028-01-12T10:00", "2028-04-14T10:00", "2028-07-10T10:00"]
            for (period, day) in recorded.enumerated() where closing || period < 3 {
                at(day)
                for (code, series) in values { run(.recordMeasurement(code: code, period: period + 1, value: series[period])) }
            }
            run(.setAction(action: "saturday-slots", title: "Offer Saturday appointments", owner: "Repairs manager",
                           due: CivilDate("2027-10-31")!, strand: "user-research", completed: CivilDate("2027-10-20")))
            guard closing else { return }
            meeting("committee-3", "Coordinating committee (close)", "coordinating-committee", at: "2028-07-27T18:00", invitees: everyone)
            at("2028-07-12T10:00")
            run(.publishPapers(meeting: "committee-3", on: nil))
            run(.giveMeetingNotice(meeting: "committee-3", on: nil))
            at("2028-07-27T19:30")
            run(.takeDecision(decision: "close-review", meeting: "committee-3", outcome: "Review closed"))
            run(.recordMeetingHeld(meeting: "committee-3", minutes: "Review closed", attendees: ["tenants-federation", "pensioners-forum", "unison"]))
            run(.advance)
        }

        var workflow: WorkflowDefinition { engine.workflow }
    }
}
