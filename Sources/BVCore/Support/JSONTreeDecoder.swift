/// Decodes a `Decodable` value from JSON text through `JSONTree`, as Foundation's `JSONDecoder`
/// with its default strategies reads what `SortedJSONEncoder` writes: for the store's own data
/// (changes in the log, state snapshots), which a review's first read after a restart folds by
/// the dozen. Errors are `DecodingError`s with the coding path, as Foundation's are; requests
/// from clients still go through `JSONDecoder`, whose messages the control API passes on.
public struct JSONTreeDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        guard let tree = JSONTree(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the text is not JSON"))
        }
        return try decode(type, from: tree)
    }

    public func decode<T: Decodable>(_ type: T.Type, from tree: JSONTree) throws -> T {
        try T(from: TreeDecoder(tree, path: nil))
    }
}

/// Where a value sits: a chain of keys, made into the array `codingPath` asks for only when an
/// error or a caller wants it (building an array for every value read cost more than the read).
private final class Path: @unchecked Sendable {
    let parent: Path?
    let key: any CodingKey

    init(_ parent: Path?, _ key: any CodingKey) { (self.parent, self.key) = (parent, key) }

    static func keys(_ path: Path?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = path
        while let current = node {
            keys.append(current.key)
            node = current.parent
        }
        return keys.reversed()
    }
}

private final class TreeDecoder: Decoder {
    let tree: JSONTree
    let path: Path?
    var codingPath: [any CodingKey] { Path.keys(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ tree: JSONTree, path: Path?) {
        (self.tree, self.path) = (tree, path)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = tree else { throw mismatch([String: Any].self, tree, path) }
        return KeyedDecodingContainer(KeyedTreeContainer<Key>(fields: fields, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = tree else { throw mismatch([Any].self, tree, path) }
        return UnkeyedTreeContainer(items: items, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTreeContainer(tree: tree, path: path) }
}

private func mismatch(_ type: Any.Type, _ tree: JSONTree, _ path: Path?) -> DecodingError {
    let found = switch tree {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
    return .typeMismatch(type, .init(codingPath: Path.keys(path), debugDescription: "expected \(type), found \(found)"))
}

/// The primitive readings shared by the three containers.
private enum Primitive {
    static func bool(_ tree: JSONTree, _ path: @autoclosure () -> Path?) throws -> Bool {
        guard case .bool(let flag) = tree else { throw mismatch(Bool.self, tree, path()) }
        return flag
    }

    static func string(_ tree: JSONTree, _ path: @autoclosure () -> Path?) throws -> String {
        guard case .string(let text) = tree else { throw mismatch(String.self, tree, path()) }
        return text
    }

    /// A number that fits: one too large for the type is an error, as `JSONDecoder` makes it.
    static func floating<T: BinaryFloatingPoint & LosslessStringConvertible>(_ tree: JSONTree, _ path: @autoclosure () -> Path?) throws -> T {
        guard case .number(let text) = tree, let value = T(text) else { throw mismatch(T.self, tree, path()) }
        guard value.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: Path.keys(path()), debugDescription: "\(text) does not fit in \(T.self)"))
        }
        return value
    }

    /// An integer: written as one, or as a number with no fraction that fits (as JSONDecoder reads 3.0 or 3e2).
    static func integer<T: FixedWidthInteger>(_ tree: JSONTree, _ path: @autoclosure () -> Path?) throws -> T {
        guard case .number(let text) = tree else { throw mismatch(T.self, tree, path()) }
        if let value = T(text) { return value }
        guard let double = Double(text), let value = T(exactly: double) else {
            throw DecodingError.dataCorrupted(.init(codingPath: Path.keys(path()), debugDescription: "\(text) does not fit in \(T.self)"))
        }
        return value
    }

    static func decode<T: Decodable>(_ type: T.Type, _ tree: JSONTree, _ path: @autoclosure () -> Path?) throws -> T {
        // The common leaves without a decoder of their own.
        if T.self == String.self { return try string(tree, path()) as! T }
        if T.self == Int.self { return try integer(tree, path()) as Int as! T }
        if T.self == Int64.self { return try integer(tree, path()) as Int64 as! T }
        if T.self == Bool.self { return try bool(tree, path()) as! T }
        if T.self == Double.self { return try floating(tree, path()) as Double as! T }
        return try T(from: TreeDecoder(tree, path: path()))
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: JSONFields
    let path: Path?
    var codingPath: [any CodingKey] { Path.keys(path) }

    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONTree {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for the key \"\(key.stringValue)\""))
        }
        return value
    }

    private func path(_ key: Key) -> Path { Path(path, key) }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Primitive.bool(value(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Primitive.string(value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Primitive.floating(value(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Primitive.floating(value(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Primitive.integer(value(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Primitive.integer(value(key), path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try Primitive.decode(type, value(key), path(key)) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = fields[key.stringValue], value != .null else { return nil }
        return try Primitive.decode(type, value, path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value(key), path: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value(key), path: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(fields["super"] ?? .null, path: path) }
    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(fields[key.stringValue] ?? .null, path: path(key)) }
}

private struct UnkeyedTreeContainer: UnkeyedDecodingContainer {
    let items: [JSONTree]
    let path: Path?
    var codingPath: [any CodingKey] { Path.keys(path) }
    var currentIndex = 0

    init(items: [JSONTree], path: Path?) {
        (self.items, self.path) = (items, path)
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    /// The next element, and the path to it (made only if asked for).
    private mutating func next() throws -> (JSONTree, Int) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], currentIndex)
    }

    private func path(_ index: Int) -> Path { Path(path, Index(index)) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        guard items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, i) = try next(); return try Primitive.bool(v, path(i)) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, i) = try next(); return try Primitive.string(v, path(i)) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, i) = try next(); return try Primitive.floating(v, path(i)) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, i) = try next(); return try Primitive.floating(v, path(i)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, i) = try next(); return try Primitive.integer(v, path(i)) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { let (v, i) = try next(); return try Primitive.decode(type, v, path(i)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, i) = try next()
        return try TreeDecoder(v, path: path(i)).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, i) = try next()
        return try TreeDecoder(v, path: path(i)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, i) = try next()
        return TreeDecoder(v, path: path(i))
    }
}

private struct SingleTreeContainer: SingleValueDecodingContainer {
    let tree: JSONTree
    let path: Path?
    var codingPath: [any CodingKey] { Path.keys(path) }

    func decodeNil() -> Bool { tree == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try Primitive.bool(tree, path) }
    func decode(_ type: String.Type) throws -> String { try Primitive.string(tree, path) }
    func decode(_ type: Double.Type) throws -> Double { try Primitive.floating(tree, path) }
    func decode(_ type: Float.Type) throws -> Float { try Primitive.floating(tree, path) }
    func decode(_ type: Int.Type) throws -> Int { try Primitive.integer(tree, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Primitive.integer(tree, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Primitive.integer(tree, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Primitive.integer(tree, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Primitive.integer(tree, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try Primitive.integer(tree, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Primitive.integer(tree, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Primitive.integer(tree, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Primitive.integer(tree, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Primitive.integer(tree, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Primitive.decode(type, tree, path) }
}
