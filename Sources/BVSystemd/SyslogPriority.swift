public import Logging

extension Logger.Level {
    /// The syslog(3) priority journald stores in `PRIORITY=`, so `journalctl -p warning` and
    /// the colouring in `journalctl` agree with swift-log's levels.
    public var syslogPriority: Int {
        switch self {
        case .trace, .debug: 7  // LOG_DEBUG
        case .info: 6  // LOG_INFO
        case .notice: 5  // LOG_NOTICE
        case .warning: 4  // LOG_WARNING
        case .error: 3  // LOG_ERR
        case .critical: 2  // LOG_CRIT
        }
    }
}
