/// Encodes an `Encodable` value as compact JSON with the keys of every object in byte order:
/// the text Foundation's `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` and
/// its default strategies, at a fraction of its cost.
///
/// Every command stores its change as JSON and every review view is sent as JSON, so the
/// generic encoder was a large share of both. This one calls each value's `encode(to:)` without
/// the dynamic casts Foundation makes for dates, data and URLs (bvd encodes none), keeps each
/// object as a list of entries rather than a dictionary, and writes the bytes in one pass.
/// Floating-point values are written as Swift prints them, without a trailing ".0" (as
/// Foundation does); infinities and NaN are refused. A test holds the output to Foundation's.
public struct SortedJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try JSONNode.make(value, topLevel: true).write(into: &out)
        return out
    }

    public func encodeToString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// A JSON string literal, escaped as this encoder writes every string, for JSON written by
    /// hand where a generic encoder costs too much (the notices kept with timers and outbox rows).
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        JSONNode.write(string: text, into: &out)
    }
}

/// A value on its way to text. Objects and arrays are classes because a container handed out by
/// an encoder keeps being filled after it is returned.
enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case object(JSONObject)
    case array(JSONArray)
    /// What a `superEncoder()` is given, read when the text is written.
    case deferred(JSONTreeEncoder)

    /// A value that encodes nothing is an empty object within another, and an error on its own
    /// (as Foundation has it).
    static func make<T: Encodable>(_ value: T, topLevel: Bool = false) throws -> JSONNode {
        switch value {
        case let text as String: return .string(text)
        case let number as Int: return .number(number.description)
        case let flag as Bool: return .bool(flag)
        default:
            let encoder = JSONTreeEncoder()
            try value.encode(to: encoder)
            if let node = encoder.node { return node }
            guard !topLevel else {
                throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
            }
            return .object(JSONObject())
        }
    }

    static func number(_ value: Double) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) cannot be written as JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONNode.write(string: text, into: &out)
        case .object(let object): object.write(into: &out)
        case .array(let array):
            out.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .deferred(let encoder): (encoder.node ?? .object(JSONObject())).write(into: &out)
        }
    }

    /// A string literal as Foundation writes it: quote, backslash and control characters escaped
    /// (`\b \f \n \r \t`, the rest as `\u00xx`), everything else as it is.
    static func write(string text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { write(utf8: $0, into: &out) }
        if done == nil { Array(text.utf8).withUnsafeBufferPointer { write(utf8: $0, into: &out) } }
        out.append(UInt8(ascii: "\""))
    }

    private static func write(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var plain = 0  // start of the run of bytes copied as they are
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
            plain = index + 1
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            default:
                let hex: StaticString = "0123456789abcdef"
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex.utf8Start[Int(byte >> 4)])
                out.append(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
    }
}

final class JSONObject {
    @exclusivity(unchecked) var entries: [(key: String, value: JSONNode)] = []

    /// Keys in byte order; where a key was set twice, the last value (as Foundation keeps it).
    func write(into out: inout [UInt8]) {
        let order = entries.indices.sorted { a, b in
            let (x, y) = (entries[a].key, entries[b].key)
            return x == y ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        out.append(UInt8(ascii: "{"))
        var first = true
        for (position, index) in order.enumerated() {
            if position + 1 < order.count, entries[order[position + 1]].key == entries[index].key { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONNode.write(string: entries[index].key, into: &out)
            out.append(UInt8(ascii: ":"))
            entries[index].value.write(into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

final class JSONArray {
    @exclusivity(unchecked) var items: [JSONNode] = []
}

/// The `Encoder` handed to `encode(to:)`: it records the one value it is given as a node.
final class JSONTreeEncoder: Encoder {
    @exclusivity(unchecked) var node: JSONNode?
    let codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = node { return KeyedEncodingContainer(JSONKeyedContainer<Key>(object: object)) }
        let object = JSONObject()
        node = .object(object)
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = node { return JSONUnkeyedContainer(array: array) }
        let array = JSONArray()
        node = .array(array)
        return JSONUnkeyedContainer(array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueContainer(encoder: self) }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObject
    var codingPath: [any CodingKey] { [] }

    private func set(_ node: JSONNode, _ key: Key) { object.entries.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try .number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try .number(Double(value)).floatText(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(value.description), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try .make(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        set(.object(nested), key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        set(.array(nested), key)
        return JSONUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = JSONTreeEncoder()
        object.entries.append((name, .deferred(encoder)))
        return encoder
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let array: JSONArray
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(try .number(value)) }
    mutating func encode(_ value: Float) throws { array.items.append(try JSONNode.number(Double(value)).floatText(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: Int64) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: Int8) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: Int16) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: Int32) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.number(value.description)) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.number(value.description)) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try .make(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        array.items.append(.array(nested))
        return JSONUnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONTreeEncoder()
        array.items.append(.deferred(encoder))
        return encoder
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try .number(value) }
    mutating func encode(_ value: Float) throws { encoder.node = try JSONNode.number(Double(value)).floatText(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: Int64) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: Int8) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: Int16) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: Int32) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: UInt) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .number(value.description) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .number(value.description) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try .make(value) }
}

extension JSONNode {
    /// A `Float` as Swift prints it (0.1, not the Double nearest to it), once checked finite.
    func floatText(_ value: Float) -> JSONNode {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}
