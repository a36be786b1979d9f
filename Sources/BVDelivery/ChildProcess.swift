import Foundation
import Glibc
import Synchronization

/// Runs a program to completion with bytes on its standard input, and reports how it ended and
/// what it said. Sendmail and administrators' programs are run this way.
///
/// Why not `Foundation.Process`: it cannot put the child in its own process group (a time limit
/// must also stop the shell's children, or they keep the output pipe open), offers no bounded
/// capture and blocks on pipes that a child stops reading. `posix_spawn` does all of this in one
/// call and, unlike `fork`, is safe in a multi-threaded process.
///
/// The child gets the daemon's environment (plus `environment`), stdin from `input`, stdout and
/// stderr into one bounded capture, and its own process group. When `timeout` passes, or the
/// calling task is cancelled, the group receives SIGTERM, and SIGKILL `terminationGrace` later.
/// The run waits for the child only, not for daemons it leaves behind. The blocking work happens
/// on a dedicated thread, so the cooperative pool is never held up by a slow program.
public enum ChildProcess {
    /// What one run produced.
    public struct Outcome: Sendable, Hashable {
        /// How the child ended.
        public let termination: Termination
        /// Standard output and standard error, interleaved, at most `outputLimit` bytes.
        public let output: [UInt8]
        /// More output was written than was kept.
        public let outputTruncated: Bool
        /// The time limit passed and the child was stopped.
        public let timedOut: Bool
        /// The calling task was cancelled and the child was stopped.
        public let cancelled: Bool

        /// The output as text (invalid UTF-8 replaced), for logs and failure messages.
        public var outputText: String { String(decoding: output, as: UTF8.self) }
    }

    /// How a child ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "killed by signal \(signal)\(signalName(signal).map { " (\($0))" } ?? "")"
            }
        }
    }

    /// Runs `arguments` (the program, then its arguments; a program without `/` is looked up in
    /// `PATH`) and returns once it has ended. Throws only when it could not be started.
    public static func run(
        _ arguments: [String],
        input: [UInt8] = [],
        environment: [String: String] = [:],
        timeout: Duration,
        terminationGrace: Duration = .seconds(2),
        outputLimit: Int = 64 * 1024
    ) async throws(ChildProcessError) -> Outcome {
        guard let program = arguments.first, !program.isEmpty else {
            throw ChildProcessError(program: "", reason: .emptyCommand)
        }
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { _, new in new }
        let spawned = try SpawnedProcess.spawn(arguments, environment: variables.map { "\($0.key)=\($0.value)" })
        let stop = StopRequest()
        let supervision = ProcessSupervision(
            process: spawned, input: input, timeout: timeout, grace: terminationGrace, outputLimit: outputLimit, stop: stop)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: supervision.run()) }
            }
        } onCancel: {
            stop.request()
        }
    }
}

/// Why a program could not be started.
public struct ChildProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case emptyCommand
        /// `posix_spawn` or `pipe` failed with this `errno`.
        case system(call: String, errno: Int32)
    }

    public let program: String
    public let reason: Reason

    /// The program does not exist or may not be executed: trying again cannot help.
    public var isMissingProgram: Bool {
        if case .system(_, let code) = reason { return [ENOENT, EACCES, ENOTDIR, ENOEXEC, ELOOP, ENAMETOOLONG].contains(code) }
        return reason == .emptyCommand
    }

    public var description: String {
        switch reason {
        case .emptyCommand: return "no program configured"
        case .system(let call, let code):
            let text = String(cString: strerror(code))
            if isMissingProgram { return "cannot run \(program): \(text)" }
            return "cannot start \(program): \(call): \(text)"
        }
    }
}

/// Set from the cancelled task, read by the supervising thread.
final class StopRequest: Sendable {
    private let flag = Atomic<Bool>(false)
    func request() { flag.store(true, ordering: .relaxed) }
    var isRequested: Bool { flag.load(ordering: .relaxed) }
}

private func signalName(_ signal: Int32) -> String? {
    switch signal {
    case SIGTERM: "SIGTERM"
    case SIGKILL: "SIGKILL"
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    case SIGINT: "SIGINT"
    case SIGHUP: "SIGHUP"
    case SIGPIPE: "SIGPIPE"
    default: nil
    }
}
