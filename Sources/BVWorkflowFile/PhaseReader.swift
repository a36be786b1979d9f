import BVCore
import Yams

extension DefinitionReader {
    mutating func readDecisions(_ nodes: [Node], rules: [TimetableRule], methods: [InvolvementMethod]) -> [DecisionDefinition] {
        var seen: [String: Mark?] = [:]
        var read: [(id: String, title: String, key: Bool, atMeeting: Bool, rules: [String], after: [Located<String>])] = []
        for (index, node) in nodes.enumerated() {
            guard var item = MappingReader(node, what: "decision \(index + 1)", log: log) else { continue }
            let id = item.string("id", required: true).flatMap { checkSlug($0, node: item.value("id"), what: "a decision id") }
            item = item.renamed(id.map { "decision '\($0)'" } ?? "decision \(index + 1)")
            let title = item.string("title", required: true)
            let key = item.bool("key") ?? false
            let atMeeting = item.bool("at-meeting") ?? false
            let ruleRefs = item.words("rules") ?? []
            let afterRefs = item.words("after") ?? []
            var ruleList: [String] = []
            for reference in ruleRefs {
                guard let ruleID = check(reference, in: ruleIDs, kind: "rule", from: item.what) else { continue }
                if let rule = rules.first(where: { $0.id == ruleID }), rule.kind.needsMeeting, !atMeeting {
                    log.report(reference.mark, "rule '\(ruleID)' is about the deciding meeting, but \(item.what) is not taken at a meeting (add at-meeting: true)")
                }
                ruleList.append(ruleID)
            }
            if atMeeting, !methods.contains(where: \.takesDecisions) {
                log.report(item.value("at-meeting")?.mark, "\(item.what) is taken at a meeting, but no method has 'takes-decisions: true', so it could never be taken")
            }
            if key, !ruleList.contains(where: { id in rules.contains { $0.id == id && $0.kind.isDecisionNotice } }) {
                log.report(item.value("key")?.mark, "\(item.what) is a key decision but has no notice-before-decision rule; key decisions need published notice")
            }
            item.finish()
            guard let id else { continue }
            if let first = seen[id] {
                log.report(item.value("id")!, "duplicate decision id '\(id)' (first defined at \(first.map(\.description) ?? "?"))")
                continue
            }
            seen[id] = node.mark
            if let title { read.append((id, title, key, atMeeting, ruleList, afterRefs)) }
        }
        decisionIDs = seen
        // `after` may name a decision defined further down: checked once every id is known.
        var after: [String: [String]] = [:]
        for decision in read {
            after[decision.id] = decision.after.compactMap { reference in
                guard let other = check(reference, in: seen, kind: "decision", from: "decision '\(decision.id)'") else { return nil }
                if other == decision.id { log.report(reference.mark, "decision '\(other)' cannot come after itself"); return nil }
                return other
            }
        }
        for decision in read {
            var reached = Set<String>(), stack = after[decision.id] ?? []
            while let next = stack.popLast() {
                if reached.insert(next).inserted { stack += after[next] ?? [] }
            }
            if reached.contains(decision.id) {
                log.report(decision.after.first?.mark, "decision '\(decision.id)' comes, through 'after', after itself, so it could never be taken")
            }
        }
        return read.map { DecisionDefinition(id: $0.id, title: $0.title, key: $0.key, atMeeting: $0.atMeeting, rules: $0.rules, after: after[$0.id] ?? []) }
    }

    mutating func readPhases(_ nodes: [Node], decisions: [DecisionDefinition], rules: [TimetableRule]) -> [PhaseDefinition] {
        var seen: [String: Mark?] = [:]
        var owners: [String: String] = [:]
        var phases: [PhaseDefinition] = []
        for (index, node) in nodes.enumerated() {
            guard var item = MappingReader(node, what: "phase \(index + 1)", log: log) else { continue }
            let id = item.string("id", required: true).flatMap { checkSlug($0, node: item.value("id"), what: "a phase id") }
            let what = id.map { "phase '\($0)'" } ?? "phase \(index + 1)"
            item = item.renamed(what)
            let title = item.string("title", required: true)
            let purpose = item.string("purpose") ?? ""
            var owned: [String] = []
            for reference in item.words("decisions") ?? [] {
                guard let decision = check(reference, in: decisionIDs, kind: "decision", from: what) else { continue }
                if let other = owners[decision] {
                    log.report(reference.mark, "decision '\(decision)' is already owned by phase '\(other)'; a decision belongs to one phase")
                    continue
                }
                owners[decision] = id ?? what
                owned.append(decision)
            }
            let monitoring = item.value("monitoring").flatMap { readMonitoring($0, what: "'monitoring' of \(what)") }
            // A key that was written but is invalid has its own problem; do not add follow-on ones.
            let writesMonitoring = item.value("monitoring") != nil
            let exit = item.value("exit").map { readExit($0, phase: what, owners: owners, hasMonitoring: writesMonitoring) } ?? ExitCriteria()
            let deadline = item.value("deadline").flatMap { readDeadline($0, what: "'deadline' of \(what)") }
            let escalateTo = recipients(item.words("escalate-to") ?? [], what: "'escalate-to' of \(what)", subject: nil)
            let reminders = (item.list("reminders") ?? []).enumerated().compactMap { offset, node in
                readReminder(node, what: "reminder \(offset + 1) of \(what)", hasMonitoring: writesMonitoring, hasDeadline: item.value("deadline") != nil)
            }
            for decision in owned {
                guard let definition = decisions.first(where: { $0.id == decision }) else { continue }
                for ruleID in definition.rules where !writesMonitoring {
                    if rules.first(where: { $0.id == ruleID })?.kind == .monitoringComplete {
                        log.report(item.value("decisions")?.mark, "decision '\(decision)' needs rule '\(ruleID)' (monitoring-complete), but \(what) has no 'monitoring' schedule, so it could never be taken")
                    }
                }
            }
            item.finish()
            guard let id else { continue }
            if let first = seen[id] {
                log.report(item.value("id")!, "duplicate phase id '\(id)' (first defined at \(first.map(\.description) ?? "?"))")
                continue
            }
            seen[id] = node.mark
            if let title {
                phases.append(PhaseDefinition(id: id, title: title, purpose: purpose, decisions: owned, exit: exit,
                                              deadline: deadline, escalateTo: escalateTo, reminders: reminders, monitoring: monitoring))
            }
        }
        // In file order: a dictionary's order changes from run to run.
        let unowned = decisionIDs.filter { owners[$0.key] == nil }
            .sorted { ($0.value?.line ?? 0, $0.value?.column ?? 0) < ($1.value?.line ?? 0, $1.value?.column ?? 0) }
        for (decision, mark) in unowned {
            log.report(mark, "decision '\(decision)' is not owned by any phase, so it could never be taken; list it under a phase's 'decisions'")
        }
        return phases
    }

    /// Exit decisions must be owned by this phase or an earlier one, or the phase could never be left.
    func readExit(_ node: Node, phase: String, owners: [String: String], hasMonitoring: Bool) -> ExitCriteria {
        let ruleKinds = Dictionary(ruleIDs.keys.compactMap { id in ruleKindsByID[id].map { (id, $0) } }, uniquingKeysWith: { a, _ in a })
        guard var map = MappingReader(node, what: "'exit' of \(phase)", log: log) else { return ExitCriteria() }
        var decisions: [String] = []
        for reference in map.words("decisions") ?? [] {
            guard let decision = check(reference, in: decisionIDs, kind: "decision", from: map.what) else { continue }
            if owners[decision] == nil {
                log.report(reference.mark, "\(phase) can never be left: its exit needs decision '\(decision)', which is owned by a later phase or by none")
                continue
            }
            decisions.append(decision)
        }
        let rules = (map.words("rules") ?? []).compactMap { reference -> String? in
            guard let id = check(reference, in: ruleIDs, kind: "rule", from: map.what) else { return nil }
            switch ruleKinds[id] {
            case .papersBeforeMeeting?, .noticeBeforeMeeting?:
                log.report(reference.mark, "rule '\(id)' is about a deciding meeting, which leaving a phase does not have; list it under a decision's rules instead")
                return nil
            case .monitoringComplete? where !hasMonitoring:
                log.report(reference.mark, "\(phase) can never be left: its exit needs rule '\(id)' (monitoring-complete), but it has no 'monitoring' schedule")
                return nil
            default:
                return id
            }
        }
        map.finish()
        return ExitCriteria(decisions: decisions, rules: rules)
    }

    func readDeadline(_ node: Node, what: String) -> PhaseDeadline? {
        guard var map = MappingReader(node, what: what, log: log) else { return nil }
        defer { map.finish() }
        let afterNode = map.value("after-entry"), dateNode = map.value("date"), ofNode = map.value("of")
        if let after = afterNode {
            guard dateNode == nil, ofNode == nil else {
                log.report(node, "\(what) gives both 'after-entry' and 'date'/'of'; give either 'after-entry' or 'date' with 'of: plan-year'")
                return nil
            }
            guard let text = map.scalarString(after, key: "after-entry") else { return nil }
            switch ISODuration.parse(text) {
            case .success(let d): return .afterEntry(d)
            case .failure(let error):
                log.report(after, "\(what): \(error.description)")
                return nil
            }
        }
        guard let dateNode else {
            log.report(node, "\(what) needs 'after-entry' (such as P8W) or 'date' with 'of: plan-year' (such as \"06-30\")")
            return nil
        }
        let of = ofNode.flatMap { map.scalarString($0, key: "of") }
        guard let text = map.scalarString(dateNode, key: "date") else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: 2027)
        else {
            log.report(dateNode, "\(what): '\(text)' is not a day of the year of the form MM-DD (29 February is not allowed)")
            return nil
        }
        guard of == "plan-year" else {
            log.report(node, "\(what): a 'date' deadline needs 'of: plan-year'")
            return nil
        }
        return .dayOfPlanYear(month: month, day: day)
    }

    func readMonitoring(_ node: Node, what: String) -> MonitoringSchedule? {
        guard var map = MappingReader(node, what: what, log: log) else { return nil }
        let period = map.required("period").flatMap { durationValue($0, what: "'period' of \(what)") }
        let count = map.int("periods", required: true, minimum: 1)
        let due = map.value("due-within").flatMap { durationValue($0, what: "'due-within' of \(what)") }
        var tolerance = MonitoringSchedule.defaultTolerance
        if let node = map.value("tolerance"), let text = map.scalarString(node, key: "tolerance") {
            if text.hasSuffix("%"), let value = Double(text.dropLast()), value >= 0, value < 100 {
                tolerance = value / 100
            } else {
                log.report(node, "'tolerance' of \(what) must be a percentage of the target such as 5%, not '\(text)'")
            }
        }
        map.finish()
        guard let period, let count else { return nil }
        return MonitoringSchedule(length: period, count: count, dueWithin: due ?? ISODuration(days: 28), tolerance: tolerance)
    }

    func durationValue(_ node: Node, what: String) -> ISODuration? {
        guard case .scalar(let scalar) = node else {
            log.report(node, "\(what) must be an ISO 8601 duration such as P3M")
            return nil
        }
        switch ISODuration.parse(scalar.string) {
        case .success(let d): return d
        case .failure(let error):
            log.report(node, "\(what): \(error.description)")
            return nil
        }
    }

    func readReminder(_ node: Node, what: String, hasMonitoring: Bool, hasDeadline: Bool) -> ReminderDefinition? {
        guard var map = MappingReader(node, what: what, log: log) else { return nil }
        var subject: ReminderSubject?
        if let subjectNode = map.required("before"), let text = map.scalarString(subjectNode, key: "before") {
            subject = ReminderSubject(rawValue: text)
            if subject == nil {
                log.report(subjectNode, "\(what): 'before' must be one of \(ReminderSubject.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            } else if subject == .measurementDue, !hasMonitoring {
                log.report(subjectNode, "\(what) is before measurement-due, but the phase has no 'monitoring' schedule")
            } else if subject == .deadline, !hasDeadline {
                log.report(subjectNode, "\(what) is before the deadline, but the phase has no 'deadline'")
            }
        }
        let offsetNodes = map.list("offsets", required: true) ?? []
        let offsets = offsetNodes.compactMap { durationValue($0, what: "an offset of \(what)") }
        if map.value("offsets") != nil, offsetNodes.isEmpty { log.report(node, "\(what) has no offsets") }
        var at = LocalTime(hour: 9, minute: 0)!
        if let atNode = map.value("at"), let text = map.scalarString(atNode, key: "at") {
            if let time = LocalTime(text) { at = time } else { log.report(atNode, "\(what): 'at' must be a time of day such as \"09:00\", not '\(text)'") }
        }
        let toWords = map.words("to")
        let to = recipients(toWords ?? [], what: what, subject: subject)
        if toWords?.isEmpty ?? true {
            log.report(map.value("to") ?? node, "\(what) has no recipients; name roles, 'invitees' or 'representatives' in 'to'")
        }
        map.finish()
        guard let subject, offsets.count == offsetNodes.count, !to.isEmpty else { return nil }
        return ReminderDefinition(subject: subject, offsets: offsets, at: at, to: to)
    }

    func recipients(_ words: [Located<String>], what: String, subject: ReminderSubject?) -> [Recipient] {
        words.compactMap { word in
            switch word.value {
            case "invitees":
                guard [.meeting, .papersDue, .noticeDue].contains(subject) else {
                    log.report(word.mark, "\(what): 'invitees' means the invitees of a meeting, so it fits only reminders before meeting, papers-due or notice-due")
                    return nil
                }
                return .invitees
            case "representatives": return .representatives
            default:
                return check(word, in: roleIDs, kind: "role", from: what).map(Recipient.role)
            }
        }
    }
}
