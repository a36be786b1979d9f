import BVCore
import Foundation
import PropertyBased
import Testing

/// The text Foundation writes, which `SortedJSONEncoder` must write too.
private func foundation(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

private func sorted(_ value: some Encodable) throws -> String { try SortedJSONEncoder().encodeToString(value) }

private struct Numbers: Encodable {
    let doubles: [Double]
    let float: Float
    let small: Int8, unsigned: UInt64, big: Int64
    let optional: Double?
    let absent: String?
}

private struct Nested: Encodable {
    enum Kind: String, Encodable { case tenants, unions }
    let zeta: [String: [Int]]
    let alpha: [[String]]
    let kind: Kind
    let empty: [String: String]
    let nothing: [Int]
}

/// Writes one key twice and a nil explicitly, as a hand-written `encode(to:)` might.
private struct HandWritten: Encodable {
    enum Key: String, CodingKey { case b, a, nothing, inner, list }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("first", forKey: .b)
        try container.encode(1, forKey: .a)
        try container.encode("second", forKey: .b)
        try container.encodeNil(forKey: .nothing)
        var inner = container.nestedContainer(keyedBy: Key.self, forKey: .inner)
        try inner.encode(true, forKey: .a)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try list.encode(2.5)
        try list.encodeNil()
        var deeper = list.nestedContainer(keyedBy: Key.self)
        try deeper.encode("x", forKey: .a)
    }
}

private class Base: Encodable {
    let id = "base"
}

private final class Derived: Base, @unchecked Sendable {
    let extra = 7
    enum Key: String, CodingKey { case extra }
    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(extra, forKey: .extra)
        try super.encode(to: container.superEncoder())
    }
}

private struct Nothing: Encodable {}

/// Encodes no value at all, not even an empty container.
private struct Silent: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

@Suite("SortedJSONEncoder writes what Foundation's JSONEncoder writes, with sorted keys")
struct SortedJSONEncoderTests {
    @Test("numbers: whole doubles without .0, exponents as Foundation writes them, integers of every width, nil left out")
    func numbers() throws {
        let value = Numbers(doubles: [71, 0.1, 1e21, 1e-7, 85.5, -0.0, 1.0 / 3, 1.2345678901234568e20, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 100, 1e16, 12345.678],
                            float: 0.1, small: -8, unsigned: .max, big: .min, optional: 2, absent: nil)
        #expect(try sorted(value) == foundation(value))
    }

    @Test("strings: quotes, backslashes and control characters escaped; slashes, DEL, U+2028 and emoji as they are")
    func strings() throws {
        let texts = ["a\"b\\c/d\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}\u{2028}é😀", "", "plain", "Tenants’ forum", "\u{0}"]
        #expect(try sorted(texts) == foundation(texts))
    }

    @Test("objects: keys in byte order (capitals before lower case), nested containers, raw-value enums, empty ones")
    func objects() throws {
        let value = Nested(zeta: ["b": [1], "B": [2], "a": [], "_x": [3], "a10": [4], "a2": [5]], alpha: [["x"], []], kind: .unions,
                           empty: [:], nothing: [])
        #expect(try sorted(value) == foundation(value))
        #expect(try sorted(Nothing()) == foundation(Nothing()))
        #expect(try sorted([Silent()]) == foundation([Silent()]), "within an array: an empty object")
        #expect(throws: EncodingError.self) { try foundation(Silent()) }
        #expect(throws: EncodingError.self) { try sorted(Silent()) }
    }

    @Test("a key written twice keeps its last value; explicit nil, nested and unkeyed containers, a superclass under 'super'")
    func handWritten() throws {
        #expect(try sorted(HandWritten()) == foundation(HandWritten()))
        #expect(try sorted(Derived()) == foundation(Derived()))
        #expect(try sorted(HandWritten()) == #"{"a":1,"b":"second","inner":{"a":true},"list":[2.5,null,{"a":"x"}],"nothing":null}"#)
    }

    @Test("infinity and NaN are refused, as Foundation refuses them")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try sorted([Double.infinity]) }
        #expect(throws: EncodingError.self) { try sorted([Double.nan]) }
    }

    @Test("any string and any double are written as Foundation writes them")
    func anyValue() async {
        let scalars = Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{2FF}").map { Character($0) }.string(of: 0...24)
        await propertyCheck(count: 300, input: scalars, Gen.double(in: -1e30...1e30)) { text, number throws in
            #expect(try sorted([text]) == foundation([text]))
            #expect(try sorted([number, number / 1e20, number.rounded()]) == foundation([number, number / 1e20, number.rounded()]))
        }
    }
}
