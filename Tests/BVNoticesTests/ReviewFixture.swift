import BVCore
import BVNotices
import BVWorkflowFile
import Foundation
import Testing

/// The repository's root, for the shipped workflow and templates.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let shippedTemplates = repositoryRoot.appendingPathComponent("templates").path

/// A clock that tests move by hand.
final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant
    init(_ start: Instant) { current = start }
    func now() -> Instant { lock.withLock { current } }
    func set(_ instant: Instant) { lock.withLock { current = instant } }
}

func london(_ local: String) -> Instant { Zone.london.instant(of: LocalDateTime(local)!) }

/// A housing-repairs review driven through the engine under the shipped workflow, keeping its
/// events and the notices they call for as the store would.
struct ReviewFixture {
    static let workflow: WorkflowDefinition = {
        switch WorkflowLoader.load(path: repositoryRoot.appendingPathComponent("workflows/best-value-review.yaml").path) {
        case .success(let definition): return definition
        case .failure(let error): fatalError("the shipped workflow does not load:\n\(error)")
        }
    }()

    let engine = ReviewEngine(workflow: ReviewFixture.workflow, calendar: .bundled(ReviewFixture.workflow.division))
    let clock: ManualClock
    var events: [ReviewEvent] = []
    /// The notices called for by the events of the last command.
    var lastNotices: [PlannedNotice] = []

    var state: ReviewState { ReviewState.fold(events)! }

    init(at start: String) { clock = ManualClock(london(start)) }

    func at(_ local: String) { clock.set(london(local)) }

    mutating func run(_ command: ReviewCommand, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = events.isEmpty ? nil : state
        switch engine.handle(command, review: "housing-repairs", state: before, now: clock.now(), actor: Actor(name: "j.smith")) {
        case .success(let new):
            lastNotices = []
            for event in new {
                events.append(event)
                lastNotices += engine.notices(for: event, state: state)
            }
        case .failure(let error):
            Issue.record("\(command) was refused: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// The review started on 2 November 2026 with the tenants' federation and its representative,
    /// and a coordinating committee on Tuesday 1 December 2026 at 14:00 (GMT).
    static func withCommittee(title: String = "Coordinating committee") -> ReviewFixture {
        var r = ReviewFixture(at: "2026-11-02T09:00")
        r.run(.start(title: "Housing repairs", service: "Responsive repairs to council homes", lead: "j.smith", planYear: 2027))
        r.run(.invite(organisation: "tenants-federation", name: "Northfield Tenants' Federation", category: "tenants-and-community"))
        r.run(.addRepresentative(representative: "jane", organisation: "tenants-federation", name: "Jane Doe",
                                 email: "jane.doe@example.org", phone: nil))
        r.run(.scheduleMeeting(meeting: "committee-1", title: title, method: "coordinating-committee",
                               start: LocalDateTime("2026-12-01T14:00")!, place: "Town Hall, Northfield",
                               invitees: ["tenants-federation"]))
        return r
    }

    /// The notice of `kind` the last command called for.
    func notice(_ kind: NoticeKind, sourceLocation: SourceLocation = #_sourceLocation) throws -> PlannedNotice {
        try #require(lastNotices.first { $0.kind == kind }, "no \(kind) among \(lastNotices.map(\.kind))", sourceLocation: sourceLocation)
    }
}

let jane = NoticeRecipient(id: "jane", name: "Jane Doe", organisation: "Northfield Tenants' Federation",
                           email: "jane.doe@example.org", channel: "mail")

/// The context of `planned` for Jane, as the dispatcher would build it.
func context(_ planned: PlannedNotice, _ fixture: ReviewFixture, late: Bool = false, recipient: NoticeRecipient = jane) -> NoticeContext {
    NoticeContext(notice: NoticeDescription(planned), state: fixture.state, workflow: ReviewFixture.workflow, recipient: recipient,
                  zone: .london, now: planned.due, late: late, authority: "Northfield Borough Council")
}

/// The shipped templates, loaded once.
let shipped: NoticeTemplates = {
    do {
        return try NoticeTemplates.load(directories: [shippedTemplates])
    } catch {
        fatalError("the shipped templates do not load:\n\(error)")
    }
}()

let calendar = MeetingCalendar(domain: "northfield.gov.uk",
                               organizer: MailAddress(name: "Northfield Democratic Services", address: "democracy@northfield.gov.uk"))

let renderer = NoticeRenderer(templates: shipped, calendar: calendar)
