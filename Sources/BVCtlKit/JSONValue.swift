/// Any JSON value, for the answers bvctl reads loosely: the fields of a change, `GET /v1/status`
/// and problem details, where a missing or differently typed field is shown as absent rather
/// than refusing the whole answer.
enum JSONValue: Decodable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue? { if case .object(let object) = self { object[key] } else { nil } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    /// A whole number.
    var int: Int? { if case .number(let n) = self { Int(exactly: n) } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var object: [String: JSONValue]? { if case .object(let fields) = self { fields } else { nil } }
    /// An array of strings; nil unless every element is one.
    var strings: [String]? {
        guard let items = array else { return nil }
        let texts = items.compactMap(\.string)
        return texts.count == items.count ? texts : nil
    }

    /// An array of objects; nil unless every element is one.
    var objects: [[String: JSONValue]]? {
        guard let items = array else { return nil }
        let fields = items.compactMap(\.object)
        return fields.count == items.count ? fields : nil
    }

    /// A timetable bound for people: `"2027-03-22"`, or an instant shown in Europe/London.
    var bound: String? { string.map(Style.boundText) }
}
