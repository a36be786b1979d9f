package import Yams

/// Collects problems while a file is read, so that one pass reports all of them.
package final class ProblemLog {
    package let file: String
    package private(set) var problems: [WorkflowProblem] = []

    package init(file: String) { self.file = file }

    package func report(_ mark: Mark?, _ message: String) {
        problems.append(WorkflowProblem(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    package func report(_ node: Node, _ message: String) { report(node.mark, message) }
}

/// Reads one YAML mapping strictly: each key is taken at most once, duplicate keys are reported,
/// and `finish()` reports every key nobody asked for.
package struct MappingReader {
    package let node: Node
    package var what: String
    package let log: ProblemLog
    private var pairs: [(key: String, keyNode: Node, value: Node)] = []
    private var allowed: [String] = []

    /// Nil (and a problem reported) when `node` is not a mapping.
    package init?(_ node: Node, what: String, log: ProblemLog) {
        guard case .mapping(let mapping) = node else {
            log.report(node, "\(what) must be a mapping of keys to values")
            return nil
        }
        self.node = node
        self.what = what
        self.log = log
        var seen = Set<String>()
        for (key, value) in mapping {
            guard let name = key.string else {
                log.report(key, "keys in \(what) must be plain words")
                continue
            }
            guard seen.insert(name).inserted else {
                log.report(key, "duplicate key '\(name)' in \(what)")
                continue
            }
            pairs.append((name, key, value))
        }
    }

    package mutating func value(_ key: String) -> Node? {
        if !allowed.contains(key) { allowed.append(key) }
        return pairs.first { $0.key == key }?.value
    }

    /// Every key and value, for mappings whose keys are names the author chose (channels, roles).
    package mutating func entries() -> [(key: String, keyNode: Node, value: Node)] {
        for pair in pairs where !allowed.contains(pair.key) { allowed.append(pair.key) }
        return pairs
    }

    package mutating func required(_ key: String) -> Node? {
        let found = value(key)
        if found == nil { log.report(node, "\(what) has no '\(key)'") }
        return found
    }

    package mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let node = required ? self.required(key) : value(key) else { return nil }
        return scalarString(node, key: key)
    }

    package mutating func int(_ key: String, required: Bool = false, minimum: Int = 0) -> Int? {
        guard let node = required ? self.required(key) : value(key) else { return nil }
        guard let text = scalarString(node, key: key) else { return nil }
        guard let number = Int(text), number >= minimum else {
            log.report(node, "'\(key)' in \(what) must be a whole number of at least \(minimum), not '\(text)'")
            return nil
        }
        return number
    }

    package mutating func bool(_ key: String) -> Bool? {
        guard let node = value(key), let text = scalarString(node, key: key) else { return nil }
        switch text {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            log.report(node, "'\(key)' in \(what) must be true or false, not '\(text)'")
            return nil
        }
    }

    /// A sequence; a single scalar is not silently taken as a list of one.
    package mutating func list(_ key: String, required: Bool = false) -> [Node]? {
        guard let node = required ? self.required(key) : value(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            log.report(node, "'\(key)' in \(what) must be a list")
            return nil
        }
        return Array(sequence)
    }

    /// A list of plain words, each with its place in the file.
    package mutating func words(_ key: String, required: Bool = false) -> [Located<String>]? {
        guard let items = list(key, required: required) else { return nil }
        return items.compactMap { item in scalarString(item, key: key).map { Located($0, item.mark) } }
    }

    package func scalarString(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node else {
            log.report(node, "'\(key)' in \(what) must be a single value, not a \(node.kindName)")
            return nil
        }
        return scalar.string
    }

    /// Reports every key that was never asked for, naming the keys that are allowed here.
    package func finish() {
        for pair in pairs where !allowed.contains(pair.key) {
            log.report(pair.keyNode, "unknown key '\(pair.key)' in \(what); expected one of: \(allowed.joined(separator: ", "))")
        }
    }
}

/// A value with the place in the file where it was written, kept for cross-reference checks.
package struct Located<Value> {
    package let value: Value
    package let mark: Mark?
    package init(_ value: Value, _ mark: Mark?) { (self.value, self.mark) = (value, mark) }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}
