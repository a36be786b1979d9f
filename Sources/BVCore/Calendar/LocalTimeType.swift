/// The local time in force over a stretch of the time line: its offset east of UTC, whether it is
/// summer (daylight-saving) time and its abbreviation, e.g. +3600, summer, "BST".
public struct LocalTimeType: Sendable, Hashable {
    /// Seconds east of UTC.
    public let offset: Int
    public let isDaylight: Bool
    public let abbreviation: String

    public init(offset: Int, isDaylight: Bool, abbreviation: String) {
        self.offset = offset
        self.isDaylight = isDaylight
        self.abbreviation = abbreviation
    }
}
