import BVSystemd
import Glibc
import Testing

@Suite struct PeerCredentialsTests {
    @Test func aSocketPairReportsThisProcess() throws {
        var fds: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        let credentials = try PeerCredentials.of(socket: fds[0])
        #expect(credentials == PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid()))
    }

    @Test func aPipeIsNotASocket() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(throws: SystemCallError(call: "getsockopt(SO_PEERCRED)", errno: ENOTSOCK)) {
            try PeerCredentials.of(socket: fds[0])
        }
    }

    @Test func aClosedDescriptorFails() {
        #expect(throws: SystemCallError(call: "getsockopt(SO_PEERCRED)", errno: EBADF)) {
            try PeerCredentials.of(socket: -1)
        }
    }
}
