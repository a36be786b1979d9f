#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

func printError(_ text: String) {
    StandardStreams.writeError(text + "\n")
}

/// Prints a value as pretty JSON with sorted keys, for scripts.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// Left-aligned columns, two spaces apart.
func table(_ rows: [[String]], header: [String]? = nil) -> String {
    let all = (header.map { [$0] } ?? []) + rows
    guard let width = all.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: width)
    for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return all.map { row in
        row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padded(to: widths[i]) }
            .joined(separator: "  ")
    }.joined(separator: "\n")
}
