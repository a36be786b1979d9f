import CSystemd
import Glibc

/// Talks to the service manager over `$NOTIFY_SOCKET` (sd_notify(3)).
///
/// Notification is best effort by design: a manager that went away or a full socket buffer must
/// never take the daemon down, so failures are reported as `false`, never thrown.
public enum SystemdNotifier {
    /// Whether a service manager asked for notifications (`NOTIFY_SOCKET` is set), so callers can
    /// skip work such as watchdog timers when run by hand.
    public static var isSupervised: Bool {
        getenv("NOTIFY_SOCKET") != nil
    }

    /// Sends all `messages` in one datagram, so that e.g. `STATUS=` and `READY=1` arrive together.
    ///
    /// - Returns: `true` when the datagram was sent; `false` when not supervised, when `messages`
    ///   is empty, or when sending failed.
    @discardableResult
    public static func notify(_ messages: [NotifyMessage]) -> Bool {
        guard !messages.isEmpty else { return false }
        let state = messages.flatMap(\.assignments).joined(separator: "\n")
        // unset_environment = 0: the watchdog and later reloads keep notifying.
        return sd_notify(0, state) > 0
    }
}
