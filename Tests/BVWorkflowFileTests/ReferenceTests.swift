import BVCore
import BVWorkflowFile
import Testing

/// Every reference must name something defined, and ids are unique within their list.
@Suite("References and duplicate ids")
struct ReferenceTests {
    @Test func decisionRefersToAnUnknownRule() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: a, kind: responses-considered, title: A}
            decisions:
              - id: d
                title: D
                rules: [a, nope]
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(yaml, at: 9, 16, "decision 'd' refers to unknown rule 'nope' (known: a)")
    }

    @Test func decisionComesAfterAnUnknownOrItself() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: a, title: A, after: [b]}
              - {id: b, title: B, after: [nope]}
              - {id: c, title: C, after: [c]}
            phases:
              - id: only
                title: Only
                decisions: [a, b, c]
            """
        let found = problems(in: yaml)
        #expect(found.count == 2, "\(listing(found))")
        expectProblem(found, at: 6, 31, "decision 'b' refers to unknown decision 'nope' (known: a, b, c)")
        expectProblem(found, at: 7, 31, "decision 'c' cannot come after itself")
        #expect(loaded(yaml.replacingOccurrences(of: "[nope]", with: "[]").replacingOccurrences(of: "after: [c]", with: "after: [a]"))?
            .decision("a")?.after == ["b"])
    }

    @Test func decisionsAfterEachOtherCouldNeverBeTaken() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: a, title: A, after: [b]}
              - {id: b, title: B, after: [a]}
            phases:
              - id: only
                title: Only
                decisions: [a, b]
            """
        let found = problems(in: yaml)
        expectProblem(found, at: 5, 31, "decision 'a' comes, through 'after', after itself, so it could never be taken")
        expectProblem(found, at: 6, 31, "decision 'b' comes, through 'after', after itself")
        // A loop found behind a decision seen twice on the way is still found.
        let behind = problems(in: yaml.replacingOccurrences(of: "{id: a, title: A, after: [b]}", with: "{id: a, title: A, after: [c, b, b]}")
            .replacingOccurrences(of: "{id: b, title: B, after: [a]}", with: "{id: b, title: B}\n  - {id: c, title: C, after: [a]}")
            .replacingOccurrences(of: "decisions: [a, b]", with: "decisions: [a, b, c]"))
        #expect(behind.contains { $0.message.contains("decision 'a' comes, through 'after', after itself") }, "\(listing(behind))")
        #expect(behind.contains { $0.message.contains("decision 'c' comes, through 'after', after itself") }, "\(listing(behind))")
    }

    @Test func phaseOwnsAnUnknownDecision() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                decisions: [nope]
            """
        expectOnlyProblem(yaml, at: 7, 17, "phase 'only' refers to unknown decision 'nope' (none are defined)")
    }

    @Test func phaseExitNeedsAnUnknownDecision() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: d, title: D}
            phases:
              - id: only
                title: Only
                decisions: [d]
                exit:
                  decisions: [d, nope]
            """
        expectOnlyProblem(yaml, at: 11, 22, "'exit' of phase 'only' refers to unknown decision 'nope' (known: d)")
    }

    @Test func phaseExitNeedsAnUnknownRule() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                exit:
                  rules: [nope]
            """
        expectOnlyProblem(yaml, at: 8, 15, "'exit' of phase 'only' refers to unknown rule 'nope' (none are defined)")
    }

    @Test func reminderToAnUnknownRole() {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
            phases:
              - id: only
                title: Only
                deadline: {after-entry: P8W}
                reminders:
                  - before: deadline
                    offsets: [P1D]
                    to: [lead, nobody]
            """
        expectOnlyProblem(yaml, at: 13, 20, "reminder 1 of phase 'only' refers to unknown role 'nobody' (known: lead)")
    }

    @Test func escalationToAnUnknownRole() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                escalate-to: [boss]
            """
        expectOnlyProblem(yaml, at: 7, 19, "'escalate-to' of phase 'only' refers to unknown role 'boss' (none are defined)")
    }

    @Test func strandsCompleteNamesAnUnknownStrand() {
        let yaml = """
            id: t
            version: 1
            title: T
            assessment-strands:
              - {id: benchmarking, title: Benchmarking}
            rules:
              - id: r
                kind: strands-complete
                title: R
                strands: [benchmarking, nope]
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 10, 29, "rule 'r' refers to unknown assessment strand 'nope' (known: benchmarking)")
    }

    @Test func referencesMayComeBeforeTheirDefinitions() throws {
        // phases first, then decisions, then rules, then roles: order of the top-level keys does not matter.
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                decisions: [d]
                escalate-to: [lead]
            decisions:
              - {id: d, title: D, rules: [a]}
            rules:
              - {id: a, kind: responses-considered, title: A}
            roles:
              - {id: lead, title: Lead}
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.decision("d")?.rules == ["a"])
        #expect(definition.phase("only")?.escalateTo == [.role("lead")])
        #expect(definition.owner(of: "d")?.id == "only")
    }

    @Test func duplicateRuleIdSaysWhereTheFirstIs() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: r, kind: responses-considered, title: A}
              - {id: r, kind: disclosure-settled, title: B}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 6, 10, "duplicate rule id 'r' (first defined at 5:5)")
    }

    @Test func duplicateDecisionIdSaysWhereTheFirstIs() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - id: d
                title: A
              - id: d
                title: B
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(yaml, at: 7, 9, "duplicate decision id 'd' (first defined at 5:5)")
    }

    @Test func duplicatePhaseIdSaysWhereTheFirstIs() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: p
                title: A
              - id: p
                title: B
            """
        expectOnlyProblem(yaml, at: 7, 9, "duplicate phase id 'p' (first defined at 5:5)")
    }

    @Test func duplicateCategoryIdSaysWhereTheFirstIs() {
        let yaml = """
            id: t
            version: 1
            title: T
            categories:
              - {id: pensioners, title: Pensioner groups}
              - {id: tenants, title: Tenants}
              - {id: pensioners, title: Pensioners again}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 7, 10, "duplicate category id 'pensioners' (first defined at 5:5)")
    }

    @Test func duplicateRoleAndMethodIds() {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: lead, title: Lead}
              - {id: lead, title: Lead again}
            methods:
              - {id: workshop, title: Workshop}
              - {id: workshop, title: Workshop again}
            phases:
              - id: only
                title: Only
            """
        let found = problems(in: yaml)
        #expect(found.count == 2, "\(listing(found))")
        expectProblem(found, at: 6, 10, "duplicate role id 'lead' (first defined at 5:5)")
        expectProblem(found, at: 9, 10, "duplicate method id 'workshop' (first defined at 8:5)")
    }

    @Test func reservedRecipientNamesCannotBeRoleIds() {
        let yaml = """
            id: t
            version: 1
            title: T
            roles:
              - {id: invitees, title: Invitees}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 5, 5, "'invitees' is reserved")
    }

    @Test func idsMustBeSlugs() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: Scoping
                title: Scoping
            """
        expectOnlyProblem(yaml, at: 5, 9, "a phase id must be lower-case letters, digits and hyphens, not 'Scoping'")
    }
}
