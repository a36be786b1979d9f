import BVSystemd
import Foundation
import Glibc
import Testing

extension ProcessStateTests {
    /// The real hand-over: `systemd-socket-activate` listens on a path, and on the first
    /// connection execs this test binary with the socket at fd 3 and LISTEN_* set, exactly as
    /// systemd does for bvd.service. The child runs `ActivatedProcess` below and writes what it
    /// received to a report file.
    ///
    /// A child process, because in this process fd 3 already belongs to someone else
    /// (libdispatch's epoll descriptor): swapping a socket in there, even briefly, could crash
    /// every test running in parallel.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate")))
    func takeReceivesTheNamedSocketFromSystemdSocketActivate() throws {
        let directory = try UnixSocket.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socketPath = directory + "/control.sock"
        let reportPath = directory + "/report"
        let logPath = directory + "/child.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        process.arguments = [
            "--listen=\(socketPath)", "--fdname=control", "--setenv=\(ActivatedProcess.reportVariable)=\(reportPath)",
            try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            "--testing-library", "swift-testing", "--filter", "BVSystemdTests.ActivatedProcess",
        ]
        // A fixed environment: the parent's changes while other tests run must not leak in.
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // systemd-socket-activate waiting for its first connection ignores SIGTERM: end it for sure.
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }

        // systemd-socket-activate execs the program on the first connection, as systemd does.
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: socketPath), process.isRunning, Date() < deadline {
            usleep(10_000)
        }
        // The file appears at bind(2), a moment before listen(2): retry a refused connection.
        var connected: Int32?
        while connected == nil {
            do {
                connected = try UnixSocket.connected(to: socketPath)
            } catch {
                guard Date() < deadline, process.isRunning else { throw error }
                usleep(10_000)
            }
        }
        let client = connected!
        defer { close(client) }
        while process.isRunning, Date() < deadline {
            usleep(10_000)
        }
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try #require(!process.isRunning, "child did not finish:\n\(output)")
        #expect(process.terminationStatus == 0, "child failed:\n\(output)")

        let report = try String(contentsOfFile: reportPath, encoding: .utf8)
        #expect(
            report.split(separator: "\n") == [
                "sockets=3:control",
                "variables-cleared=true",
                "cloexec=true",
                "bound-path=\(socketPath)",
                "accepted-peer-uid=\(getuid())",
            ], "\(report)\nchild output:\n\(output)")
    }

    @Test func takeIgnoresVariablesMeantForAnotherProcess() {
        let otherPID = getpid() == 1 ? 2 : 1
        withEnvironment(["LISTEN_PID": String(otherPID), "LISTEN_FDS": "1", "LISTEN_FDNAMES": "control"]) {
            #expect(SocketActivation.take().isEmpty)
            #expect(environment("LISTEN_FDS") == nil)
        }
    }

    @Test func takeWithoutActivationReturnsNothing() {
        withEnvironment(["LISTEN_PID": nil, "LISTEN_FDS": nil, "LISTEN_FDNAMES": nil]) {
            #expect(SocketActivation.take().isEmpty)
        }
    }
}

/// Runs only in the child started by `takeReceivesTheNamedSocketFromSystemdSocketActivate`
/// (skipped in a normal test run): takes the activated sockets and reports what it got.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["BVSD_ACTIVATION_REPORT"] != nil))
struct ActivatedProcess {
    static let reportVariable = "BVSD_ACTIVATION_REPORT"

    @Test func reportActivatedSockets() throws {
        let reportPath = try #require(environment(Self.reportVariable))
        let sockets = SocketActivation.take()
        var report = [
            "sockets=" + sockets.map { "\($0.fd):\($0.name)" }.joined(separator: ","),
            "variables-cleared=\(["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"].allSatisfy { environment($0) == nil })",
        ]
        if let control = sockets.socket(named: "control") {
            // Descriptors must not leak into processes bvd spawns.
            report.append("cloexec=\(fcntl(control.fd, F_GETFD) & FD_CLOEXEC != 0)")
            report.append("bound-path=\(UnixSocket.boundPath(of: control.fd) ?? "?")")
            // The connection that triggered activation is waiting in the backlog.
            let connection = accept(control.fd, nil, nil)
            if connection >= 0 {
                report.append("accepted-peer-uid=\((try? PeerCredentials.of(socket: connection).uid).map(String.init) ?? "?")")
                close(connection)
            } else {
                report.append("accept-errno=\(errno)")
            }
        }
        try (report.joined(separator: "\n") + "\n").write(toFile: reportPath, atomically: true, encoding: .utf8)
    }
}
