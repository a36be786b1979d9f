import BVClient
import Foundation
import Testing

/// Paths of the repository and of the built executables.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let workflows = root.appendingPathComponent("workflows").path
    static let templates = root.appendingPathComponent("templates").path

    /// The products directory: the test bundle sits beside the executables.
    static let products: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("bvd").path) { return url }
        }
        return root.appendingPathComponent(".build/debug")
    }()

    static var bvd: String { products.appendingPathComponent("bvd").path }
}

/// A scratch directory that other users (nobody) can enter, removed afterwards.
final class Scratch: @unchecked Sendable {
    let url: URL
    init() throws {
        url = URL(fileURLWithPath: "/tmp").appendingPathComponent("bvd-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A datagram socket standing in for systemd's NOTIFY_SOCKET: the test reads what bvd tells systemd.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit { close(fd) }

    /// The next datagram, or nil after `timeout` seconds.
    func next(timeout: Double = 20) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// Reads datagrams until one contains `line` (as a whole line); returns every datagram read.
    func read(until line: String, timeout: Double = 20) -> [String] {
        var seen: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, let message = next(timeout: deadline.timeIntervalSinceNow) {
            seen.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { break }
        }
        return seen
    }
}

/// A real bvd process.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let scratch: Scratch
    let socket: String
    let output: String

    init(scratch: Scratch, arguments extra: [String] = [], environment: [String: String] = [:], executable: String = Repository.bvd,
         prefix: [String] = [], socket: String? = nil) throws {
        self.scratch = scratch
        self.socket = socket ?? scratch.path("control.sock")
        output = scratch.path("bvd-\(UUID().uuidString.prefix(4)).log")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let arguments = ["--state-directory", scratch.path("state"), "--socket", self.socket, "--workflows", scratch.path("workflows"),
                         "--templates", Repository.templates] + extra
        if prefix.isEmpty {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [executable] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "JOURNAL_STREAM"] { env[key] = nil }
        env["BVD_CONFIG"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let handle = FileHandle(forWritingAtPath: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    /// Waits until the control socket answers.
    func waitUntilAnswering(timeout: Double = 30) throws -> UnixHTTPClient {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let client = UnixHTTPClient(path: socket)
            if let reply = try? client.request("GET", "/v1/status"), reply.status == 200 { return client }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        throw DaemonDidNotStart(log: log)
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends SIGTERM and waits; returns the exit status.
    func terminate(timeout: Double = 20) -> Int32 {
        if process.isRunning { signal(SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { signal(SIGKILL); process.waitUntilExit(); return -1 }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct DaemonDidNotStart: Error, CustomStringConvertible {
    let log: String
    var description: String { "bvd did not start:\n\(log)" }
}

/// Copies the shipped workflows into the scratch directory, so a test may break them.
func installWorkflows(_ scratch: Scratch) throws {
    let target = scratch.path("workflows")
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    for name in try FileManager.default.contentsOfDirectory(atPath: Repository.workflows) where name.hasSuffix(".yaml") {
        try FileManager.default.copyItem(atPath: Repository.workflows + "/" + name, toPath: target + "/" + name)
    }
}

func jsonObject(_ reply: HTTPReply) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any] ?? [:]
}

func body(_ object: [String: Any]) -> [UInt8] {
    Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
}
