public import BVCore
import BVStore
import Foundation
import Synchronization

/// What the daemon knows about itself at run time: the workflows in force, the last reload's
/// outcome and when it started. Read by the API and the status line; replaced on SIGHUP.
public final class DaemonRuntime: Sendable {
    private struct State {
        var library: WorkflowLibrary
        var reloadProblems: [String] = []
        var lastReload: Instant?
        /// Workflow versions whose text differs from the one reviews ran under (`workflowsDiffering`).
        var workflowWarnings: [String] = []
    }

    private let state: Mutex<State>
    public let started: Instant
    public let version = BVCoreVersion.string

    /// The largest request body accepted (set once at start from the configuration).
    nonisolated(unsafe) static var maximumBodyBytes = 1 << 20

    public init(library: WorkflowLibrary, started: Instant) {
        self.state = Mutex(State(library: library))
        self.started = started
    }

    public var library: WorkflowLibrary { state.withLock { $0.library } }
    public var reloadProblems: [String] { state.withLock { $0.reloadProblems } }
    public var workflowWarnings: [String] { state.withLock { $0.workflowWarnings } }

    public func reloaded(_ library: WorkflowLibrary, warnings: [String], at instant: Instant) {
        state.withLock { $0 = State(library: library, reloadProblems: [], lastReload: instant, workflowWarnings: warnings) }
    }

    public func warn(_ warnings: [String]) {
        state.withLock { $0.workflowWarnings = warnings }
    }

    public func reloadFailed(_ problems: [String], at instant: Instant) {
        state.withLock {
            $0.reloadProblems = problems
            $0.lastReload = instant
        }
    }
}
