public import Logging

/// Chooses where bvd's logs go, once, at start-up.
///
/// Under systemd, structured journal entries; run by hand or with stderr redirected, plain
/// lines on stderr (which journald would otherwise store without fields or priorities).
public enum BVDLogging {
    /// A handler for the logger labelled `label`: a `JournalLogHandler` when
    /// `connectedToJournal`, otherwise swift-log's `StreamLogHandler` on stderr.
    ///
    /// - Parameters:
    ///   - identifier: `SYSLOG_IDENTIFIER=` of journal entries.
    ///   - connectedToJournal: defaults to `JournalStream.isConnected`.
    public static func makeHandler(
        label: String,
        identifier: String = "bvd",
        logLevel: Logger.Level = .info,
        connectedToJournal: Bool = JournalStream.isConnected
    ) -> any LogHandler {
        if connectedToJournal {
            return JournalLogHandler(label: label, identifier: identifier, logLevel: logLevel)
        }
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = logLevel
        return handler
    }

    /// Installs the handler factory for the whole process. swift-log allows this only once per
    /// process, so call it first thing in `main`.
    ///
    /// - Parameter label: the program's name, e.g. `"bvd"`: `SYSLOG_IDENTIFIER=` in the
    ///   journal. Each logger's own label is recorded as `LOGGER=`.
    public static func bootstrap(label: String = "bvd", logLevel: Logger.Level = .info) {
        // Decided once: fd 2 does not change under a running daemon.
        let connected = JournalStream.isConnected
        LoggingSystem.bootstrap { loggerLabel in
            makeHandler(
                label: loggerLabel,
                identifier: label,
                logLevel: logLevel,
                connectedToJournal: connected
            )
        }
    }
}
