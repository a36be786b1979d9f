import BVSystemd
import Glibc
import Testing

extension ProcessStateTests {
    @Test func watchdogPingsAtHalfTheTimeout() {
        withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(getpid())]) {
            #expect(Watchdog.pingInterval() == .seconds(1))
        }
        withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": nil]) {
            #expect(Watchdog.pingInterval() == .seconds(15))
        }
    }

    @Test func watchdogMeantForAnotherProcessIsIgnored() {
        let otherPID = getpid() == 1 ? 2 : 1
        withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": String(otherPID)]) {
            #expect(Watchdog.pingInterval() == nil)
        }
    }

    @Test func noWatchdogWhenUnset() {
        withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
            #expect(Watchdog.pingInterval() == nil)
        }
    }
}
