import Glibc

/// One assignment of the sd_notify(3) protocol, so callers name intent instead of spelling
/// `KEY=value` strings by hand.
public enum NotifyMessage: Sendable, Hashable {
    /// Start-up is complete: with `Type=notify`, systemd holds back dependent units until this.
    case ready
    /// A reload (SIGHUP) has begun; send `.ready` when it is done. Carries `MONOTONIC_USEC`,
    /// which systemd 253+ requires for `Type=notify-reload` and 252 ignores.
    case reloading
    /// Shutdown has begun, so systemd does not treat the exit as a crash in progress.
    case stopping
    /// A one-line human summary shown by `systemctl status`.
    case status(String)
    /// A keep-alive ping for `WatchdogSec=`.
    case watchdog
    /// Tells systemd which process is the main one (after a re-exec or fork).
    case mainPID(Int32)
    /// Asks for this much more time before the start (or stop) timeout, so that long but
    /// progressing work such as a database upgrade is not killed. Sent again before it runs out.
    case extendTimeout(Duration)

    /// The `KEY=value` lines this message sends, read at the moment of sending so that
    /// `MONOTONIC_USEC` is the time the reload began.
    var assignments: [String] {
        switch self {
        case .ready: ["READY=1"]
        case .reloading: ["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"]
        case .stopping: ["STOPPING=1"]
        case .status(let text): ["STATUS=\(Self.singleLine(text))"]
        case .watchdog: ["WATCHDOG=1"]
        case .mainPID(let pid): ["MAINPID=\(pid)"]
        case .extendTimeout(let time): ["EXTEND_TIMEOUT_USEC=\(time.components.seconds * 1_000_000 + time.components.attoseconds / 1_000_000_000_000)"]
        }
    }

    /// A newline would start a new assignment and a NUL would cut the C string short, so a
    /// status is folded onto one line.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline || $0 == "\0" }).joined(separator: " ")
    }

    /// `CLOCK_MONOTONIC` in microseconds: the clock systemd compares `MONOTONIC_USEC` against.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
