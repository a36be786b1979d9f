import CSystemd

/// The service watchdog (`WatchdogSec=`): systemd kills and restarts a daemon that stops
/// pinging, which catches a wedged event loop that a crash-only restart would miss.
public enum Watchdog {
    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) recommends,
    /// so one late ping does not trigger a restart. `nil` when no watchdog is expected of this
    /// process (`WATCHDOG_USEC` unset, or `WATCHDOG_PID` names another process).
    public static func pingInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(usec / 2)
    }
}
