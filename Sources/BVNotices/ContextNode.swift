import Mustache

/// A group of the rendering context as swift-mustache sees it: it answers `child(named:)` from
/// the group's fields and, while templates are checked, records every lookup so that a name no
/// group has can be reported.
final class ContextNode: MustacheParent {
    let path: String
    let fields: [TemplateValue.Field]
    let recorder: LookupRecorder?
    private var children: [String: Any] = [:]

    init(_ fields: [TemplateValue.Field], path: String, recorder: LookupRecorder?) {
        (self.fields, self.path, self.recorder) = (fields, path, recorder)
    }

    func child(named name: String) -> Any? {
        guard let field = fields.first(where: { $0.name == name }) else {
            recorder?.record(node: self, name: name, found: false)
            return nil
        }
        recorder?.record(node: self, name: name, found: true)
        if let cached = children[name] { return cached }
        let value = ContextNode.mustacheValue(field.value, path: path.isEmpty ? name : "\(path).\(name)", recorder: recorder)
        children[name] = value
        return value
    }

    /// What swift-mustache renders for a value: strings, Bools, arrays, nodes, or a null renderable.
    static func mustacheValue(_ value: TemplateValue, path: String, recorder: LookupRecorder?) -> Any {
        switch value {
        case .text(let text): text
        case .flag(let flag): flag
        case .group(let fields): ContextNode(fields, path: path, recorder: recorder)
        case .list(let items): items.map { mustacheValue($0, path: path, recorder: recorder) }
        case .absent: AbsentValue()
        }
    }
}

/// A field without a value: renders as nothing, and counts as empty for sections. Returning it
/// instead of nil stops swift-mustache from looking the name up again in enclosing groups.
struct AbsentValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// The lookups made while a template rendered against a sample context, in order.
final class LookupRecorder {
    struct Lookup {
        let node: ObjectIdentifier
        let path: String
        let name: String
        let found: Bool
        let siblings: [String]
    }

    private(set) var lookups: [Lookup] = []

    func record(node: ContextNode, name: String, found: Bool) {
        lookups.append(Lookup(node: ObjectIdentifier(node), path: node.path, name: name, found: found,
                              siblings: node.fields.map { node.path.isEmpty ? $0.name : "\(node.path).\($0.name)" }))
    }

    /// Lookups that failed for good. A failed first name is looked up again in the enclosing
    /// groups (Mustache's context stack); only the last failure of such a climb is a problem.
    var unresolved: [Lookup] {
        lookups.indices.compactMap { index in
            let lookup = lookups[index]
            guard !lookup.found else { return nil }
            if index + 1 < lookups.count, lookups[index + 1].name == lookup.name, lookups[index + 1].node != lookup.node {
                return nil
            }
            return lookup
        }
    }
}
