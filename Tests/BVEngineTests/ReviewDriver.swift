import BVCore
import BVWorkflowFile
import Foundation
import Testing

/// A clock that tests move by hand.
final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Instant
    init(_ start: Instant) { current = start }
    func now() -> Instant { lock.withLock { current } }
    func set(_ instant: Instant) { lock.withLock { current = instant } }
}

/// Drives one review through the engine, keeping its events as a store would.
struct ReviewDriver {
    let engine: ReviewEngine
    let clock: ManualClock
    let review: String
    var events: [ReviewEvent] = []
    let actor = Actor(name: "j.smith", uid: 1001)

    static let shippedWorkflow: WorkflowDefinition = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("workflows/best-value-review.yaml").path
        switch WorkflowLoader.load(path: path) {
        case .success(let definition): return definition
        case .failure(let error): fatalError("the shipped workflow does not load:\n\(error)")
        }
    }()

    init(review: String = "housing-repairs", workflow: WorkflowDefinition = ReviewDriver.shippedWorkflow, at start: String) {
        self.engine = ReviewEngine(workflow: workflow, calendar: .bundled(workflow.division))
        self.clock = ManualClock(ReviewDriver.london(start))
        self.review = review
    }

    static func london(_ local: String) -> Instant { Zone.london.instant(of: LocalDateTime(local)!) }

    var state: ReviewState? { ReviewState.fold(events) }

    /// Moves the clock to a local date-time in London.
    func at(_ local: String) { clock.set(ReviewDriver.london(local)) }

    /// Runs a command that must succeed.
    @discardableResult
    mutating func run(_ command: ReviewCommand, sourceLocation: SourceLocation = #_sourceLocation) -> [ReviewEvent] {
        let before = state
        switch engine.handle(command, review: review, state: before, now: clock.now(), actor: actor) {
        case .success(let new):
            events += new
            // The store skips replanning after changes the engine says cannot alter the plan: check that claim.
            if let before, let after = state, !new.contains(where: { engine.mayAlterPlan($0.change, phase: before.currentPhase) }) {
                #expect(engine.plannedNotices(state: before) == engine.plannedNotices(state: after),
                        "\(command) changed the plan though mayAlterPlan said it could not", sourceLocation: sourceLocation)
            }
            return new
        case .failure(let error):
            Issue.record("\(command) was refused: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Runs a command that must be refused, and checks that nothing was recorded.
    mutating func refuse(_ command: ReviewCommand, sourceLocation: SourceLocation = #_sourceLocation) -> CommandError? {
        let before = events.count
        switch engine.handle(command, review: review, state: state, now: clock.now(), actor: actor) {
        case .success:
            Issue.record("\(command) was accepted but should have been refused", sourceLocation: sourceLocation)
            return nil
        case .failure(let error):
            #expect(events.count == before, sourceLocation: sourceLocation)
            return error
        }
    }

    /// The unmet findings of a refusal, as sentences keyed by rule id.
    static func unmet(_ error: CommandError?) -> [String: String] {
        guard case .refused(let readiness)? = error else { return [:] }
        return unmetSentences(readiness)
    }
}
