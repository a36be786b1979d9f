/// One value of a notice's rendering context: text, a yes/no flag, a group of named fields, a
/// list, or absent. A tree of these, rather than Swift structs read by reflection, lets the same
/// fields serve rendering and the check, at load time, that a template names only fields that exist.
public indirect enum TemplateValue: Sendable, Hashable {
    case text(String)
    case flag(Bool)
    /// Named fields, in the order they are listed to administrators.
    case group([Field])
    case list([TemplateValue])
    /// A field that exists but has no value for this notice (no meeting, no organisation…):
    /// it renders as nothing, and `{{^field}}` sections render.
    case absent

    /// A named value of a group.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let value: TemplateValue
        public init(_ name: String, _ value: TemplateValue) { (self.name, self.value) = (name, value) }
    }

    /// Text, or absent when there is none.
    public static func optional(_ text: String?) -> TemplateValue { text.map(TemplateValue.text) ?? .absent }

    /// The value at a dotted path such as `meeting.start`, if there is one.
    public subscript(path: String) -> TemplateValue? {
        var value = self
        for name in path.split(separator: ".") {
            guard case .group(let fields) = value, let field = fields.first(where: { $0.name == name }) else { return nil }
            value = field.value
        }
        return value
    }

    /// The text at a dotted path, if it is text.
    public func text(_ path: String) -> String? {
        if case .text(let text)? = self[path] { return text }
        return nil
    }

    /// The fields of a group, empty for anything else.
    public var fields: [Field] {
        if case .group(let fields) = self { return fields }
        return []
    }

    /// The same shape with every leaf emptied: texts absent, flags false, lists empty. Rendering a
    /// template against it reaches the `{{^…}}` sections that a complete sample skips.
    var hollowed: TemplateValue {
        switch self {
        case .text, .absent: .absent
        case .flag: .flag(false)
        case .list: .list([])
        case .group(let fields): .group(fields.map { Field($0.name, $0.value.hollowed) })
        }
    }

    /// The same shape with every group below the top absent.
    var withoutGroups: TemplateValue {
        guard case .group(let fields) = self else { return self }
        return .group(fields.map { field in
            if case .group = field.value { return Field(field.name, .absent) }
            return Field(field.name, field.value.hollowed)
        })
    }
}
