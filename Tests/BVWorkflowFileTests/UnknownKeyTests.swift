import BVCore
import BVWorkflowFile
import Testing

/// The loader refuses keys it does not know, wherever they are, and says which keys fit there.
@Suite("Unknown keys and rule kinds")
struct UnknownKeyTests {
    @Test func unknownTopLevelKeyNamesTheAllowedKeys() {
        let yaml = """
            id: t
            version: 1
            title: T
            colour: blue
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 4, 1, "unknown key 'colour' in the workflow",
            "expected one of: id, version, title, time-zone, division, roles, categories, methods, "
                + "assessment-strands, indicators, rules, decisions, phases")
    }

    @Test func unknownKeyInsideARule() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: responses-considered
                title: R
                colour: blue
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 8, 5, "unknown key 'colour' in rule 'r'; expected one of: id, title, source, kind")
    }

    @Test func unknownKeyInsideAPhase() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                colour: blue
            """
        expectOnlyProblem(
            yaml, at: 7, 5, "unknown key 'colour' in phase 'only'",
            "expected one of: id, title, purpose, decisions, monitoring, exit, deadline, escalate-to, reminders")
    }

    @Test func unknownKeyInsideAReminder() {
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
                    to: [lead]
                    colour: blue
            """
        expectOnlyProblem(
            yaml, at: 14, 9, "unknown key 'colour' in reminder 1 of phase 'only'; expected one of: before, offsets, at, to")
    }

    @Test func unknownKeyInAFlowStyleReminderIsPlacedOnTheKey() {
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
                  - {before: deadline, offsets: [P1D], to: [lead], colour: blue}
            """
        expectOnlyProblem(yaml, at: 11, 56, "unknown key 'colour' in reminder 1 of phase 'only'")
    }

    @Test func unknownKeysInExitDeadlineAndMonitoring() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                exit: {decisions: [], when: later}
                deadline: {after-entry: P8W, by: friday}
                monitoring: {period: P3M, periods: 4, every: P1M}
            """
        let found = problems(in: yaml)
        #expect(found.count == 3, "\(listing(found))")
        expectProblem(found, at: 7, 27, "unknown key 'when' in 'exit' of phase 'only'; expected one of: decisions, rules")
        expectProblem(found, at: 8, 34, "unknown key 'by' in 'deadline' of phase 'only'")
        expectProblem(
            found, at: 9, 43, "unknown key 'every' in 'monitoring' of phase 'only'; expected one of: period, periods, due-within")
    }

    @Test func misspeltCountingModeIsAnUnknownKeyAndLeavesNoMode() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: papers
                kind: papers-before-meeting
                title: Papers
                period: {clear-day: 5, excluding: [weekends, bank-holidays]}
            phases:
              - id: only
                title: Only
            """
        let found = problems(in: yaml)
        #expect(found.count == 2, "\(listing(found))")
        expectProblem(
            found, at: 8, 14, "unknown key 'clear-day' in 'period' of rule 'papers'",
            "expected one of: calendar-days, working-days, clear-days, excluding")
        expectProblem(found, at: 8, 13, "must give exactly one of clear-days, working-days or calendar-days")
    }

    @Test func unknownRuleKindListsTheKnownKinds() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: papers
                title: R
            phases:
              - id: only
                title: Only
            """
        let problem = expectOnlyProblem(yaml, at: 6, 11, "unknown rule kind 'papers'; known kinds: ")
        for kind in RuleKind.names {
            #expect(problem?.message.contains(kind) == true, "the message should name \(kind)")
        }
    }

    @Test(arguments: [
        "papers-before-meeting", "notice-before-meeting", "notice-before-decision", "consultation-period", "response-window",
    ])
    func ruleKindWithoutItsPeriod(kind: String) {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: \(kind)
                title: R
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 5, 5, "rule 'r' has no 'period'")
    }

    @Test func thresholdOnPapersBeforeMeetingIsAnUnknownKey() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: papers-before-meeting
                title: R
                period: {clear-days: 5}
                threshold: 75%
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 9, 5, "unknown key 'threshold' in rule 'r'; expected one of: id, title, source, kind, period")
    }

    @Test(arguments: [
        ("responses-considered", "period: P12W", "period"),
        ("collective-agreement", "strands: [a]", "strands"),
        ("strands-complete", "threshold: 75%", "threshold"),
        ("organisations-invited", "period: P12W", "period"),
        ("monitoring-complete", "minimum-categories: 2", "minimum-categories"),
    ])
    func keyOfAnotherKindIsUnknown(kind: String, line: String, key: String) {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - id: r
                kind: \(kind)
                title: R
                \(line)
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 8, 5, "unknown key '\(key)' in rule 'r'")
    }

    @Test func thresholdMustBeAShare() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: agree, kind: collective-agreement, title: Agree, threshold: 75}
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 5, 70, "'threshold' of rule 'agree' must be a share such as 75% or 0.75")
    }

    @Test func ruleKeysThatFitTheirKindLoad() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            assessment-strands:
              - {id: benchmarking, title: Benchmarking, four-c: compare}
            rules:
              - {id: agree, kind: collective-agreement, title: Agree, threshold: "0.6"}
              - {id: strands, kind: strands-complete, title: Strands, strands: [benchmarking]}
              - {id: invited, kind: organisations-invited, title: Invited, minimum-organisations: 3, minimum-categories: 2}
              - {id: window, kind: response-window, title: Window, source: Gunning, period: {working-days: 20}}
            phases:
              - id: only
                title: Only
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.rule("agree")?.kind == .collectiveAgreement(threshold: 0.6))
        #expect(definition.rule("strands")?.kind == .strandsComplete(["benchmarking"]))
        #expect(definition.rule("invited")?.kind == .organisationsInvited(minimumOrganisations: 3, minimumCategories: 2))
        #expect(definition.rule("window")?.kind == .responseWindow(.days(DayCount(20, .workingDays))))
        #expect(definition.rule("window")?.source == "Gunning")
        #expect(definition.strand("benchmarking")?.fourC == .compare)
    }
}
