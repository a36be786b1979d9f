public import Logging
import CSystemd
import Glibc

/// A swift-log handler that writes structured entries to journald through sd_journal_sendv(3).
///
/// Structured fields (REVIEW, PHASE, RULE, NOTICE, …) let operators filter with `journalctl`
/// instead of grepping text. The variadic sd_journal_send(3) cannot be called from Swift, hence
/// the iovec form.
public struct JournalLogHandler: LogHandler {
    /// The logger's label, recorded as `LOGGER=`.
    public let label: String
    /// `SYSLOG_IDENTIFIER=`, the name `journalctl -t` filters on.
    public let identifier: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(
        label: String,
        identifier: String = "bvd",
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Logging must never fail the caller, so the result of sending is dropped here.
    public func log(event: LogEvent) {
        send(event)
    }

    /// Sends one entry and returns sd_journal_sendv's result: 0, or `-errno` (e.g. `-ENOENT`
    /// when no journald is listening).
    @discardableResult
    public func send(_ event: LogEvent) -> Int32 {
        let buffers = fields(for: event).map(\.encoded)
        var storage: [UInt8] = []
        storage.reserveCapacity(buffers.reduce(0) { $0 + $1.count })
        var ranges: [Range<Int>] = []
        for buffer in buffers {
            ranges.append(storage.count..<(storage.count + buffer.count))
            storage.append(contentsOf: buffer)
        }
        return storage.withUnsafeBytes { bytes -> Int32 in
            let base = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
            var iovecs = ranges.map { range in
                iovec(iov_base: base.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return sd_journal_sendv(&iovecs, Int32(iovecs.count))
        }
    }

    /// The fields of the entry for `event`: message, priority, identifier, code location, logger
    /// label, then metadata (provider, then handler, then the event's own, later ones winning).
    public func fields(for event: LogEvent) -> [JournalField] {
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { _, new in new }
        merged.merge(event.metadata ?? [:]) { _, new in new }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var fields = [
            JournalField(name: "MESSAGE", value: event.message.description),
            JournalField(name: "PRIORITY", value: String(event.level.syslogPriority)),
            JournalField(name: "SYSLOG_IDENTIFIER", value: identifier),
            JournalField(name: "CODE_FILE", value: event.file),
            JournalField(name: "CODE_LINE", value: String(event.line)),
            JournalField(name: "CODE_FUNC", value: event.function),
            JournalField(name: "LOGGER", value: label),
        ]
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append(JournalField(name: JournalField.name(forMetadataKey: key), value: "\(value)"))
        }
        return fields
    }
}
