public import Foundation

/// A real server for the tests, written in Python (the scripts in `Servers/`) and run with Debian's
/// /usr/bin/python3, which has python3-aiosmtpd: an SMTP server and a webhook receiver that checks
/// Standard Webhooks signatures itself. Each listens on a loopback port it chose and announced
/// with "ready <port>".
public final class TestServer: @unchecked Sendable {
    public static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers")

    public let process: Process
    public let port: Int
    private let log: String

    private init(process: Process, port: Int, log: String) {
        (self.process, self.port, self.log) = (process, port, log)
    }

    /// Starts `script` with `arguments`, its errors logged under `logDirectory`, and waits (off
    /// the cooperative pool) until it says it is ready.
    public static func start(_ script: String, _ arguments: [String], logDirectory: String) async throws -> TestServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", scripts.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let log = (logDirectory as NSString).appendingPathComponent("\(script)-\(UUID().uuidString.prefix(4)).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        let descriptor = output.fileHandleForReading.fileDescriptor
        let port: Int? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readReadyLine(descriptor, timeout: 20)) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestServerDidNotStart(description: "\(script) did not start:\n" + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
        return TestServer(process: process, port: port, log: log)
    }

    /// Stops the server at once (SIGKILL to its pid: it keeps nothing worth a clean exit, and
    /// waiting here would hold up a thread other tests need).
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// What the server wrote on its standard error.
    public var errors: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    private static func readReadyLine(_ descriptor: Int32, timeout: Double) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 256)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000))) > 0 else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }), text.contains("\n") {
                return Int(line.dropFirst("ready ".count))
            }
        }
        return nil
    }
}

public struct TestServerDidNotStart: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// The JSON lines a webhook receiver recorded, one object per request.
public func recordedRequests(_ path: String) -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}

/// A loopback port where nothing listens (bound, then released).
public func unusedLoopbackPort() -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
