/// A financial year of an authority, 1 April to 31 March, as people write it: "2026/27".
public struct FinancialYear: Sendable, Hashable, CustomStringConvertible {
    /// The calendar year in which it begins.
    public let start: Int

    public init(_ start: Int) { self.start = start }

    /// "2026/27": two consecutive years; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let first = Int(parts[0]), let second = Int(parts[1]),
              (first + 1) % 100 == second else { return nil }
        start = first
    }

    public var description: String { "\(start)/\(String(start + 1).suffix(2))" }
}
