import BVSystemd
import Foundation
import Glibc
import Testing

extension ProcessStateTests {
    /// What systemd does before exec'ing bvd: a listening socket at fd 3 and the LISTEN_*
    /// variables naming this process.
    @Test func takeReturnsTheNamedSocketAtFD3AndClearsTheVariables() throws {
        let directory = try UnixSocket.temporaryDirectory()
        let path = directory + "/control.sock"
        defer {
            unlink(path)
            rmdir(directory)
        }
        let listener = try UnixSocket.listening(at: path)
        print("DEBUG-FD3", (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/3")) ?? "none", (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").sorted()) ?? [])
        defer { close(listener) }

        try withDescriptor(listener, at: 3) {
            try withEnvironment([
                "LISTEN_PID": String(getpid()), "LISTEN_FDS": "1", "LISTEN_FDNAMES": "control",
            ]) {
                let sockets = SocketActivation.take()
                #expect(sockets == [ListenedSocket(fd: 3, name: "control")])
                #expect(sockets.socket(named: "control")?.fd == 3)
                #expect(environment("LISTEN_PID") == nil)
                #expect(environment("LISTEN_FDS") == nil)
                #expect(environment("LISTEN_FDNAMES") == nil)
                // Descriptors must not leak into processes bvd spawns.
                #expect(fcntl(3, F_GETFD) & FD_CLOEXEC != 0)

                // fd 3 really is the listening socket: a client connecting to its path is
                // accepted there.
                #expect(UnixSocket.boundPath(of: 3) == path)
                let client = try UnixSocket.connected(to: path)
                defer { close(client) }
                let accepted = accept(3, nil, nil)
                #expect(accepted >= 0)
                if accepted >= 0 { close(accepted) }
            }
        }
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

/// Puts `fd` at descriptor number `target` for the duration of `body`, then puts back whatever
/// was open there (with its close-on-exec flag), or closes it if nothing was.
///
/// fd 3 normally belongs to something else in the test process; the swap lasts only for the
/// duration of `body`.
func withDescriptor<T>(_ fd: Int32, at target: Int32, _ body: () throws -> T) throws -> T {
    let flags = fcntl(target, F_GETFD)
    let saved = flags >= 0 ? fcntl(target, F_DUPFD_CLOEXEC, 100) : -1
    guard flags < 0 || saved >= 0 else { throw UnixSocket.Failure(call: "fcntl(F_DUPFD_CLOEXEC)", code: errno) }
    guard dup2(fd, target) == target else {
        let code = errno
        if saved >= 0 { close(saved) }
        throw UnixSocket.Failure(call: "dup2", code: code)
    }
    defer {
        if saved >= 0 {
            dup2(saved, target)
            _ = fcntl(target, F_SETFD, flags)
            close(saved)
        } else {
            close(target)
        }
    }
    return try body()
}

@Suite struct ListenedSocketTests {
    @Test func socketNamedFindsTheFirstSocketWithThatName() {
        let sockets = [
            ListenedSocket(fd: 3, name: "http"),
            ListenedSocket(fd: 4, name: "control"),
            ListenedSocket(fd: 5, name: "control"),
        ]
        #expect(sockets.socket(named: "control")?.fd == 4)
        #expect(sockets.socket(named: "metrics") == nil)
    }
}
