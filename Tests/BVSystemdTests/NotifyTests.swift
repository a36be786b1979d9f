import BVSystemd
import Glibc
import Testing

extension ProcessStateTests {
    @Test func notifySendsEachMessageAsItsAssignment() throws {
        let socket = try NotifySocket()
        withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            #expect(SystemdNotifier.isSupervised)
            let expected: [(NotifyMessage, String)] = [
                (.ready, "READY=1"),
                (.stopping, "STOPPING=1"),
                (.watchdog, "WATCHDOG=1"),
                (.mainPID(4242), "MAINPID=4242"),
                (.extendTimeout(.seconds(60)), "EXTEND_TIMEOUT_USEC=60000000"),
                (.extendTimeout(.milliseconds(1500)), "EXTEND_TIMEOUT_USEC=1500000"),
                (.status("3 reviews; next timer 09:00"), "STATUS=3 reviews; next timer 09:00"),
            ]
            for (message, text) in expected {
                #expect(SystemdNotifier.notify([message]))
                #expect(socket.receive() == text)
            }
            #expect(socket.receive() == nil)
        }
    }

    @Test func notifyJoinsMessagesIntoOneDatagramAndFoldsStatusOntoOneLine() throws {
        let socket = try NotifySocket()
        withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            #expect(SystemdNotifier.notify([.status("Loaded 3 reviews\nnext timer\r\n09:00\0x"), .ready]))
            #expect(socket.receive() == "STATUS=Loaded 3 reviews next timer 09:00 x\nREADY=1")
            #expect(socket.receive() == nil)
        }
    }

    @Test func reloadingCarriesTheCurrentMonotonicTime() throws {
        let socket = try NotifySocket()
        try withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            let before = monotonicMicroseconds()
            #expect(SystemdNotifier.notify([.reloading]))
            let after = monotonicMicroseconds()
            let text = try #require(socket.receive())
            let lines = text.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first == "RELOADING=1")
            let stamp = try #require(lines.last?.wholeMatch(of: /MONOTONIC_USEC=(\d+)/))
            let usec = try #require(UInt64(stamp.1))
            #expect(before <= usec && usec <= after)
        }
    }

    @Test func notifyToAMissingSocketReturnsFalse() throws {
        let directory = try UnixSocket.temporaryDirectory()
        defer { rmdir(directory) }
        withEnvironment(["NOTIFY_SOCKET": directory + "/missing.sock"]) {
            #expect(SystemdNotifier.isSupervised)
            #expect(!SystemdNotifier.notify([.ready]))
            #expect(!SystemdNotifier.notify([.watchdog]))
        }
    }

    @Test func notifyWithoutASocketReturnsFalse() {
        withEnvironment(["NOTIFY_SOCKET": nil]) {
            #expect(!SystemdNotifier.isSupervised)
            #expect(!SystemdNotifier.notify([.ready]))
            #expect(!SystemdNotifier.notify([.stopping, .status("bye")]))
        }
    }

    @Test func notifyWithNoMessagesSendsNothing() throws {
        let socket = try NotifySocket()
        withEnvironment(["NOTIFY_SOCKET": socket.path]) {
            #expect(!SystemdNotifier.notify([]))
            #expect(socket.receive() == nil)
        }
    }
}

private func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
