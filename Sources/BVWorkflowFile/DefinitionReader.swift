import BVCore
import Yams

/// Turns the YAML tree into a `WorkflowDefinition`, checking every reference on the way.
struct DefinitionReader {
    let log: ProblemLog
    var roleIDs: [String: Mark?] = [:]
    var categoryIDs: [String: Mark?] = [:]
    var methodIDs: [String: Mark?] = [:]
    var strandIDs: [String: Mark?] = [:]
    var ruleIDs: [String: Mark?] = [:]
    var decisionIDs: [String: Mark?] = [:]
    var ruleKindsByID: [String: RuleKind] = [:]

    init(log: ProblemLog) { self.log = log }

    mutating func read(_ root: Node, contentHash: String) -> WorkflowDefinition? {
        guard var top = MappingReader(root, what: "the workflow", log: log) else { return nil }
        let id = top.string("id", required: true).flatMap { checkSlug($0, node: top.value("id"), what: "the workflow id") }
        let version = top.int("version", required: true, minimum: 1)
        let title = top.string("title", required: true)
        var zone = Zone.london
        if let node = top.value("time-zone"), let name = top.scalarString(node, key: "time-zone") {
            if let z = Zone(identifier: name) { zone = z } else {
                log.report(node, "unknown time zone '\(name)'; use an IANA name such as Europe/London")
            }
        }
        var division = Division.englandAndWales
        if let node = top.value("division"), let name = top.scalarString(node, key: "division") {
            if let d = Division(rawValue: name) { division = d } else {
                log.report(node, "unknown bank-holiday division '\(name)'; use \(Division.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let roles: [Role]
        (roles, roleIDs) = readList(&top, "roles") { _, id, title in Role(id: id, title: title) }
        for reserved in ["invitees", "representatives"] where roleIDs[reserved] != nil {
            log.report(roleIDs[reserved]!, "'\(reserved)' is reserved for the representatives notices go to; give the role another id")
        }
        let categories: [ParticipantCategory]
        (categories, categoryIDs) = readList(&top, "categories") { _, id, title in ParticipantCategory(id: id, title: title) }
        let methods: [InvolvementMethod]
        (methods, methodIDs) = readList(&top, "methods") { reader, id, title in
            InvolvementMethod(id: id, title: title, takesDecisions: reader.bool("takes-decisions") ?? false)
        }
        let strands: [AssessmentStrand]
        (strands, strandIDs) = readList(&top, "assessment-strands") { reader, id, title in
            var fourC: FourC?
            if let node = reader.value("four-c"), let text = reader.scalarString(node, key: "four-c") {
                fourC = FourC(rawValue: text)
                if fourC == nil { log.report(node, "'four-c' must be one of challenge, compare, consult, compete, not '\(text)'") }
            }
            return AssessmentStrand(id: id, title: title, fourC: fourC, required: reader.bool("required") ?? true)
        }
        let indicators = readIndicators(top.list("indicators") ?? [])
        let ruleNodes = top.list("rules") ?? []
        let decisionNodes = top.list("decisions") ?? []
        let phaseNodes = top.list("phases", required: true) ?? []
        top.finish()

        // Rules and decisions are read before phases so that references can be checked in any order.
        let rules = readRules(ruleNodes)
        ruleKindsByID = Dictionary(rules.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let decisions = readDecisions(decisionNodes, rules: rules, methods: methods)
        if phaseNodes.isEmpty, top.value("phases") != nil { log.report(root, "the workflow has no phases") }
        let phases = readPhases(phaseNodes, decisions: decisions, rules: rules)

        guard let id, let version, let title else { return nil }
        return WorkflowDefinition(
            id: id, version: version, title: title, zone: zone, division: division, roles: roles,
            categories: categories, methods: methods, strands: strands, rules: rules, decisions: decisions,
            phases: phases, indicators: indicators, contentHash: contentHash)
    }

    /// The indicator catalogue: `{code, name, unit, polarity, definition?, source?}` items.
    func readIndicators(_ nodes: [Node]) -> [IndicatorDefinition] {
        var seen: [String: Mark?] = [:]
        var result: [IndicatorDefinition] = []
        for (index, node) in nodes.enumerated() {
            guard var item = MappingReader(node, what: "indicator \(index + 1)", log: log) else { continue }
            let code = item.string("code", required: true)
            let name = item.string("name", required: true)
            let definition = item.string("definition")
            var unit: IndicatorUnit?
            if let node = item.required("unit"), let text = item.scalarString(node, key: "unit") {
                unit = IndicatorUnit(parsing: text)
                if unit == nil {
                    log.report(node, "unknown unit '\(text)' of indicator \(index + 1); use \(IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            var polarity: Polarity?
            if let node = item.required("polarity"), let text = item.scalarString(node, key: "polarity") {
                polarity = Polarity(rawValue: text)
                if polarity == nil { log.report(node, "'polarity' must be higher or lower (which way is better), not '\(text)'") }
            }
            var source: IndicatorSource?
            if let node = item.value("source"), let text = item.scalarString(node, key: "source") {
                source = IndicatorSource(rawValue: text)
                if source == nil {
                    log.report(node, "'source' must be one of \(IndicatorSource.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
                }
            }
            if let code {
                if code.isEmpty || code.contains(where: { $0.isWhitespace || $0 == "/" }) {
                    log.report(item.value("code")!, "an indicator code is letters, digits and hyphens, not '\(code)'")
                } else if let first = seen[code] {
                    log.report(item.value("code")!, "duplicate indicator code '\(code)' (first defined at \(first.map(\.description) ?? "?"))")
                } else {
                    seen[code] = node.mark
                }
            }
            item.finish()
            if let code, let name, let unit, let polarity {
                result.append(IndicatorDefinition(code: code, name: name, definition: definition, unit: unit, polarity: polarity, source: source))
            }
        }
        return result
    }

    /// Reads a list of `{id, title, ...}` items, reporting duplicate ids.
    func readList<T>(
        _ top: inout MappingReader, _ key: String,
        _ make: (inout MappingReader, String, String) -> T?
    ) -> ([T], [String: Mark?]) {
        var ids: [String: Mark?] = [:]
        var result: [T] = []
        let singular = Self.singular[key] ?? key
        for (index, node) in (top.list(key) ?? []).enumerated() {
            guard var item = MappingReader(node, what: "\(singular) \(index + 1)", log: log) else { continue }
            let id = item.string("id", required: true).flatMap { checkSlug($0, node: item.value("id"), what: "the id of a \(singular)") }
            let title = item.string("title", required: true)
            if let id {
                if let first = ids[id] {
                    log.report(item.value("id")!, "duplicate \(singular) id '\(id)' (first defined at \(first.map(\.description) ?? "?"))")
                } else {
                    ids[id] = node.mark
                }
            }
            if let id, let title, let value = make(&item, id, title) { result.append(value) }
            item.finish()
        }
        return (result, ids)
    }

    static let singular = [
        "roles": "role", "categories": "category", "methods": "method", "assessment-strands": "assessment strand",
        "rules": "rule", "decisions": "decision", "phases": "phase",
    ]

    func checkSlug(_ text: String, node: Node?, what: String) -> String? {
        let ok = !text.isEmpty && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && text.first != "-"
        if !ok, let node { log.report(node, "\(what) must be lower-case letters, digits and hyphens, not '\(text)'") }
        return ok ? text : nil
    }

    /// Reports a reference to an id that is not defined.
    func check(_ reference: Located<String>, in ids: [String: Mark?], kind: String, from: String) -> String? {
        guard ids[reference.value] != nil else {
            let known = ids.keys.sorted()
            let hint = known.isEmpty ? "none are defined" : "known: \(known.joined(separator: ", "))"
            log.report(reference.mark, "\(from) refers to unknown \(kind) '\(reference.value)' (\(hint))")
            return nil
        }
        return reference.value
    }
}
