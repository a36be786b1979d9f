/// One `NAME=value` field of a journal entry.
///
/// Metadata keys become field names so that `journalctl REVIEW=2024-017` finds every entry of a
/// review. journald accepts only `[A-Z0-9_]`, at most 64 characters, not starting with a digit,
/// and silently drops names starting with `_` (those are trusted fields it sets itself).
public struct JournalField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Fields the handler sets itself; a metadata key that maps onto one gets a `META_` prefix
    /// instead of overriding or duplicating it.
    static let reservedNames: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER",
    ]

    /// The journal field name for a swift-log metadata key: upper-cased, every other character
    /// than an ASCII letter or digit turned into `_` (`review.id` → `REVIEW_ID`).
    public static func name(forMetadataKey key: String) -> String {
        var name = String(
            String.UnicodeScalarView(
                key.unicodeScalars.map { scalar in
                    switch scalar {
                    case "a"..."z": Unicode.Scalar(scalar.value - 32)!
                    case "A"..."Z", "0"..."9": scalar
                    default: "_"
                    }
                }
            )
        )
        if name.isEmpty || name.first == "_" || name.first!.isNumber || reservedNames.contains(name) {
            name = "META_" + name
        }
        return String(name.prefix(64))
    }

    /// The bytes of the iovec: `NAME=value`. Values may hold newlines; sd_journal_sendv(3)
    /// sends those in the binary-safe form.
    var encoded: [UInt8] {
        Array(name.utf8) + [UInt8(ascii: "=")] + Array(value.utf8)
    }
}
