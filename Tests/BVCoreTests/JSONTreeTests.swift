import BVCore
import Foundation
import PropertyBased
import Testing

@Suite("JSONTree reads JSON documents; Instant reads its own form fast")
struct JSONTreeTests {
    @Test("objects, arrays, strings with every escape, numbers, literals, white space")
    func reads() throws {
        let text = #" { "a" : [1, -2.5, 3e2, 0, -0.125E-1, true, false, null], "s": "q\"b\\s\/n\n\r\t\b\f\u00e9\ud83d\ude00", "o": {}, "e": [] } "#
        let tree = try #require(JSONTree(parsing: text))
        #expect(tree["a"] == .array([.number("1"), .number("-2.5"), .number("3e2"), .number("0"), .number("-0.125E-1"), .bool(true), .bool(false), .null]))
        if case .array(let items) = tree["a"] { #expect(items.prefix(5).map(\.double) == [1, -2.5, 300, 0, -0.0125]) }
        #expect(tree["s"]?.string == "q\"b\\s/n\n\r\t\u{8}\u{c}é😀")
        #expect(tree["o"] == .emptyObject)
        let repeated = try #require(JSONTree(parsing: #"{"b": 1, "a": 2, "b": 3, "A": 4}"#))
        #expect(repeated["b"] == .number("1"))
        #expect(repeated["a"] == .number("2"))
        if case .object(let fields) = repeated { #expect(fields.keys == ["A", "a", "b"]) }
        #expect(tree["e"]?.strings == [])
        #expect(tree["missing"] == nil)
    }

    @Test("what is not JSON is refused", arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "\"open", "\"tab\there\"", "\"\\x\"", "\"\\ud800\"", "{\"a\" 1}",
        "[1] 2", "tru", "nul", "{a:1}", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func refuses(_ text: String) {
        #expect(JSONTree(parsing: text) == nil)
    }

    @Test("any string Foundation writes reads back as itself")
    func anyString() async {
        let scalars = Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{2FF}").map { Character($0) }.string(of: 0...24)
        await propertyCheck(count: 300, input: scalars) { text throws in
            let written = String(decoding: try JSONEncoder().encode([text]), as: UTF8.self)
            #expect(JSONTree(parsing: written) == .array([.string(text)]))
        }
    }

    @Test("an instant reads back from its own text, with or without milliseconds, as the general parser reads it")
    func instants() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...4_102_444_800_000)) { ms in
            let instant = Instant(millisecondsSinceEpoch: Int64(ms))
            #expect(Instant(rfc3339: instant.description) == instant)
        }
        #expect(Instant(rfc3339: "2027-04-01T10:00:00+01:00") == Instant(rfc3339: "2027-04-01T09:00:00Z"))
        #expect(Instant(rfc3339: "2027-02-30T09:00:00Z") == nil)
        #expect(Instant(rfc3339: "2027-04-01T25:00:00Z") == nil)
        #expect(Instant(rfc3339: "2027-04-01T09:00:00.2x0Z") == nil)
    }
}
