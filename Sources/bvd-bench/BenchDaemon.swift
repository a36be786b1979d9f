import BVClient
import Foundation

/// A real bvd — the release build beside bvd-bench, as in the API benchmark — with the shipped
/// workflows and templates, its own state directory, socket and bvd.yaml, its output in a log
/// file that is shown if it does not start.
final class BenchDaemon {
    let socket: String
    let process = Process()
    let started = ContinuousClock.now
    private let log: String

    init(state: URL, configuration: String) throws {
        let config = state.appendingPathComponent("bvd.yaml").path
        try configuration.write(toFile: config, atomically: true, encoding: .utf8)
        socket = state.appendingPathComponent("bvd.sock").path
        log = state.appendingPathComponent("bvd.log").path
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let environment = ProcessInfo.processInfo.environment
        let workflows = URL(fileURLWithPath: environment["BVD_WORKFLOW"] ?? "workflows/best-value-review.yaml").deletingLastPathComponent()
        let templates = environment["BVD_TEMPLATES"] ?? workflows.deletingLastPathComponent().appendingPathComponent("templates").path
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bvd")
        process.arguments = ["--config", config, "--state-directory", state.path, "--socket", socket,
                             "--workflows", workflows.path, "--templates", templates]
        var clean = environment
        for key in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "JOURNAL_STREAM", "BVD_CONFIG"] {
            clean[key] = nil
        }
        process.environment = clean
        let output = FileHandle(forWritingAtPath: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// A client once `GET /v1/status` answers 200.
    func waitUntilAnswering(timeout: Double = 30) throws -> UnixHTTPClient {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning {
            let client = UnixHTTPClient(path: socket)
            if let reply = try? client.request("GET", "/v1/status"), reply.status == 200 { return client }
            usleep(10_000)
        }
        throw BenchFailure("bvd did not start:\n" + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
    }

    /// SIGTERM, as systemd stops it, and its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
