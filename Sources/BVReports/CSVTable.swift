import BVCore

/// A table as RFC 4180 text: a header row, fields separated by commas, records ended by CRLF, and a
/// field quoted (with its double quotes doubled) when it holds a comma, a double quote or a line break.
public struct CSVTable: Sendable, Hashable {
    public let header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) { (self.header, self.rows) = (header, rows) }

    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// A number as data: no thousands separators and no trailing ".0" (`plainNumber` without its grouping).
    static func number(_ value: Double?) -> String {
        value.map { plainNumber($0).filter { $0 != "," } } ?? ""
    }
}
