import BVCore

/// A workflow definition written out for people.
struct WorkflowText {
    let workflow: WorkflowDefinition
    init(_ workflow: WorkflowDefinition) { self.workflow = workflow }

    func render() -> String {
        var out: [String] = []
        out.append("\(workflow.title)")
        out.append("\(workflow.id) version \(workflow.version), sha256 \(workflow.contentHash)")
        out.append("Time zone \(workflow.zone), bank holidays of \(workflow.division.title)")
        out.append("")
        out.append("Participant categories (\(workflow.categories.count)): \(workflow.categories.map(\.title).joined(separator: "; "))")
        out.append("Methods of involvement (\(workflow.methods.count)): "
            + workflow.methods.map { $0.title + ($0.takesDecisions ? " [takes decisions]" : "") }.joined(separator: "; "))
        if !workflow.strands.isEmpty {
            out.append("Assessment strands (\(workflow.strands.count)): "
                + workflow.strands.map { $0.title + ($0.fourC.map { " (\($0.rawValue))" } ?? "") + ($0.required ? "" : " [optional]") }.joined(separator: "; "))
        }
        if !workflow.indicators.isEmpty {
            out.append("Indicator catalogue (\(workflow.indicators.count)), adopted with bvctl indicator add REVIEW CODE:")
            for indicator in workflow.indicators {
                out.append("   \(indicator.code): \(indicator.name) (\(indicator.unit.rawValue), \(indicator.polarity.rawValue) is better"
                    + (indicator.source.map { ", \($0.title)" } ?? "") + ")")
            }
        }
        for (index, phase) in workflow.phases.enumerated() {
            out.append("")
            out.append("\(index + 1). \(phase.title) [\(phase.id)]")
            if !phase.purpose.isEmpty { out.append("   \(phase.purpose)") }
            for id in phase.decisions {
                guard let decision = workflow.decision(id) else { continue }
                let flags = [decision.key ? "key decision" : nil, decision.atMeeting ? "at a meeting" : nil].compactMap { $0 }
                out.append("   Decision: \(decision.title) [\(decision.id)]\(flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")")
                for ruleID in decision.rules {
                    guard let rule = workflow.rule(ruleID) else { continue }
                    out.append("     - \(rule.title): \(describe(rule.kind))\(rule.source.map { " [\($0)]" } ?? "")")
                }
            }
            let exits = phase.exit.decisions.map { "decision \($0) taken" } + phase.exit.rules.map { "rule \($0) met" }
            out.append("   Leaves when: \(exits.isEmpty ? "an officer advances it" : exits.joined(separator: "; "))")
            if let deadline = phase.deadline {
                out.append("   Deadline: \(deadline)\(phase.escalateTo.isEmpty ? "" : "; when it passes, tell \(phase.escalateTo.map(\.description).joined(separator: ", "))")")
            }
            if let monitoring = phase.monitoring {
                out.append("   Monitoring: \(monitoring.count) periods of \(monitoring.length.spoken), measurements due \(monitoring.dueWithin.spoken) after each, "
                    + "at risk within \(plainNumber(monitoring.tolerance * 100))% of target")
            }
            for reminder in phase.reminders {
                out.append("   Reminder before \(reminder.subject.rawValue): \(reminder.offsets.map { $0 == ISODuration() ? "on the day" : $0.spoken + " before" }.joined(separator: ", ")), at \(reminder.at), to \(reminder.to.map(\.description).joined(separator: ", "))")
            }
        }
        return out.joined(separator: "\n")
    }

    func describe(_ kind: RuleKind) -> String {
        switch kind {
        case .papersBeforeMeeting(let p): "papers published \(p) before the meeting"
        case .noticeBeforeMeeting(let p): "public notice given \(p) before the meeting"
        case .noticeBeforeDecision(let p): "notice of the decision given \(p) before it"
        case .consultationPeriod(let p): "consultation open at least \(p)"
        case .responseWindow(let p): "each proposal's response window (\(p) by default) closed"
        case .responsesConsidered: "every response considered"
        case .collectiveAgreement(let t): "baseline agreed by at least \(Int((t * 100).rounded()))% of invited organisations, every objection considered"
        case .disclosureSettled: "every information item settled"
        case .strandsComplete(let ids): ids.isEmpty ? "every required assessment strand complete" : "strands complete: \(ids.joined(separator: ", "))"
        case .organisationsInvited(let o, let c): "at least \(o) organisations from \(c) categories invited"
        case .indicatorsTargeted: "every indicator has a target"
        case .monitoringComplete: "every monitoring period ended and measured"
        }
    }
}
