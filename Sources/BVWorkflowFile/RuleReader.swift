import BVCore
import Yams

extension DefinitionReader {
    mutating func readRules(_ nodes: [Node]) -> [TimetableRule] {
        var seen: [String: Mark?] = [:]
        var rules: [TimetableRule] = []
        for (index, node) in nodes.enumerated() {
            guard var item = MappingReader(node, what: "rule \(index + 1)", log: log) else { continue }
            let id = item.string("id", required: true).flatMap { checkSlug($0, node: item.value("id"), what: "a rule id") }
            let what = id.map { "rule '\($0)'" } ?? "rule \(index + 1)"
            item = item.renamed(what)
            let title = item.string("title", required: true)
            let source = item.string("source")
            let kind = readRuleKind(&item)
            item.finish()
            guard let id else { continue }
            if let first = seen[id] {
                log.report(item.value("id")!, "duplicate rule id '\(id)' (first defined at \(first.map(\.description) ?? "?"))")
                continue
            }
            seen[id] = node.mark
            if let title, let kind { rules.append(TimetableRule(id: id, title: title, source: source, kind: kind)) }
        }
        ruleIDs = seen
        return rules
    }

    /// Reads `kind` and exactly the keys that kind takes; a key of another kind is an unknown key.
    func readRuleKind(_ item: inout MappingReader) -> RuleKind? {
        guard let kindNode = item.required("kind"), let name = item.scalarString(kindNode, key: "kind") else { return nil }
        func period() -> TimetablePeriod? {
            guard let node = item.required("period") else { return nil }
            return readPeriod(node, what: "'period' of \(item.what)")
        }
        switch name {
        case "papers-before-meeting": return period().map(RuleKind.papersBeforeMeeting)
        case "notice-before-meeting": return period().map(RuleKind.noticeBeforeMeeting)
        case "notice-before-decision": return period().map(RuleKind.noticeBeforeDecision)
        case "consultation-period": return period().map(RuleKind.consultationPeriod)
        case "response-window": return period().map(RuleKind.responseWindow)
        case "responses-considered": return .responsesConsidered
        case "disclosure-settled": return .disclosureSettled
        case "indicators-targeted": return .indicatorsTargeted
        case "monitoring-complete": return .monitoringComplete
        case "collective-agreement":
            guard let node = item.value("threshold") else { return .collectiveAgreement(threshold: 1) }
            guard let text = item.scalarString(node, key: "threshold"), let share = Self.share(text) else {
                log.report(node, "'threshold' of \(item.what) must be a share such as 75% or 0.75")
                return nil
            }
            return .collectiveAgreement(threshold: share)
        case "strands-complete":
            let strands = (item.words("strands") ?? []).compactMap {
                check($0, in: strandIDs, kind: "assessment strand", from: item.what)
            }
            return .strandsComplete(strands)
        case "organisations-invited":
            let organisations = item.int("minimum-organisations", minimum: 1) ?? 1
            let categories = item.int("minimum-categories", minimum: 1) ?? 1
            return .organisationsInvited(minimumOrganisations: organisations, minimumCategories: categories)
        default:
            log.report(kindNode, "unknown rule kind '\(name)'; known kinds: \(RuleKind.names.joined(separator: ", "))")
            return nil
        }
    }

    static func share(_ text: String) -> Double? {
        let value: Double?
        if text.hasSuffix("%") { value = Double(text.dropLast()).map { $0 / 100 } } else { value = Double(text) }
        guard let value, value > 0, value <= 1 else { return nil }
        return value
    }

    /// A period is an ISO 8601 duration (`P12W`) or `{clear-days|working-days|calendar-days: N, excluding: [...]}`.
    func readPeriod(_ node: Node, what: String) -> TimetablePeriod? {
        if case .scalar(let scalar) = node {
            switch ISODuration.parse(scalar.string) {
            case .success(let d): return .duration(d)
            case .failure(let error):
                log.report(node, "\(what): \(error.description)")
                return nil
            }
        }
        guard var map = MappingReader(node, what: what, log: log) else { return nil }
        var found: [(CountingMode, Int)] = []
        for mode in CountingMode.allCases {
            if let n = map.int(mode.rawValue, minimum: 0) { found.append((mode, n)) }
        }
        var excluding: ExcludedDays?
        if let words = map.words("excluding") {
            switch ExcludedDays.parse(words.map(\.value)) {
            case .success(let set): excluding = set
            case .failure(let error):
                let bad = words.first { $0.value == error.name }
                log.report(bad?.mark ?? node.mark, "\(what): \(error.description)")
            }
        }
        map.finish()
        if let excluding, found.count == 1, found[0].0 == .calendarDays, !excluding.kinds.isEmpty {
            log.report(map.value("excluding") ?? node, "\(what): calendar days count every day, so 'excluding' does not apply; use clear-days or working-days to leave days out")
            return nil
        }
        guard found.count == 1 else {
            log.report(node, "\(what) must give exactly one of clear-days, working-days or calendar-days (or be an ISO 8601 duration such as P12W)")
            return nil
        }
        return .days(DayCount(found[0].1, found[0].0, excluding: excluding))
    }
}

extension MappingReader {
    /// The same reader, named more precisely once its id is known.
    func renamed(_ what: String) -> MappingReader {
        var copy = self
        copy.what = what
        return copy
    }
}
