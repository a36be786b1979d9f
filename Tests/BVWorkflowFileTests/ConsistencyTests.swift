import BVCore
import BVWorkflowFile
import Testing

/// Definitions that parse but could never run as written.
@Suite("Consistency between phases, decisions, rules and reminders")
struct ConsistencyTests {
    @Test func phaseWhoseExitNeedsALaterPhasesDecisionCanNeverBeLeft() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: d1, title: D1}
              - {id: d2, title: D2}
            phases:
              - id: a
                title: A
                decisions: [d1]
                exit:
                  decisions: [d1, d2]
              - id: b
                title: B
                decisions: [d2]
            """
        expectOnlyProblem(
            yaml, at: 12, 23,
            "phase 'a' can never be left: its exit needs decision 'd2', which is owned by a later phase or by none")
    }

    @Test func exitMayNeedADecisionOfAnEarlierPhase() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: d1, title: D1}
              - {id: d2, title: D2}
            phases:
              - id: a
                title: A
                decisions: [d1]
              - id: b
                title: B
                decisions: [d2]
                exit: {decisions: [d1, d2]}
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.phase("b")?.exit == ExitCriteria(decisions: ["d1", "d2"]))
        #expect(definition.phase(after: "a")?.id == "b")
    }

    @Test func decisionNoPhaseOwns() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: d, title: D}
              - {id: orphan, title: O}
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(
            yaml, at: 6, 5,
            "decision 'orphan' is not owned by any phase, so it could never be taken; list it under a phase's 'decisions'")
    }

    @Test func decisionOwnedByTwoPhases() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: d, title: D}
            phases:
              - id: a
                title: A
                decisions: [d]
              - id: b
                title: B
                decisions: [d]
            """
        expectOnlyProblem(yaml, at: 12, 17, "decision 'd' is already owned by phase 'a'; a decision belongs to one phase")
    }

    @Test func monitoringCompleteRuleOnADecisionOfAPhaseWithoutMonitoring() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: done, kind: monitoring-complete, title: Done}
            decisions:
              - {id: close, title: Close, rules: [done]}
            phases:
              - id: only
                title: Only
                decisions: [close]
            """
        expectOnlyProblem(
            yaml, at: 11, 16,
            "decision 'close' needs rule 'done' (monitoring-complete), but phase 'only' has no 'monitoring' schedule, so it could never be taken")
    }

    @Test func monitoringCompleteRuleInTheExitOfAPhaseWithoutMonitoring() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: done, kind: monitoring-complete, title: Done}
            phases:
              - id: only
                title: Only
                exit: {rules: [done]}
            """
        expectOnlyProblem(
            yaml, at: 9, 20, "phase 'only' can never be left: its exit needs rule 'done' (monitoring-complete), but it has no 'monitoring' schedule")
    }

    @Test func monitoringCompleteRuleWithMonitoringLoads() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: done, kind: monitoring-complete, title: Done}
            decisions:
              - {id: close, title: Close, rules: [done]}
            phases:
              - id: only
                title: Only
                decisions: [close]
                exit: {decisions: [close], rules: [done]}
                monitoring: {period: P3M, periods: 4}
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.phase("only")?.exit == ExitCriteria(decisions: ["close"], rules: ["done"]))
    }

    @Test func keyDecisionWithoutANoticeBeforeDecisionRule() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - id: d
                title: D
                key: true
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(
            yaml, at: 7, 10,
            "decision 'd' is a key decision but has no notice-before-decision rule; key decisions need published notice")
    }

    @Test func atMeetingDecisionWhenNoMethodTakesDecisions() {
        let yaml = """
            id: t
            version: 1
            title: T
            methods:
              - {id: workshop, title: Workshop}
            decisions:
              - id: d
                title: D
                at-meeting: true
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(
            yaml, at: 9, 17,
            "decision 'd' is taken at a meeting, but no method has 'takes-decisions: true', so it could never be taken")
    }

    @Test func meetingRuleOnADecisionNotTakenAtAMeeting() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: papers, kind: papers-before-meeting, title: P, period: {clear-days: 5}}
            decisions:
              - {id: d, title: D, rules: [papers]}
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        expectOnlyProblem(
            yaml, at: 7, 31,
            "rule 'papers' is about the deciding meeting, but decision 'd' is not taken at a meeting (add at-meeting: true)")
    }

    @Test func meetingRuleInAPhaseExit() {
        let yaml = """
            id: t
            version: 1
            title: T
            rules:
              - {id: notice, kind: notice-before-meeting, title: N, period: {clear-days: 5}}
            phases:
              - id: only
                title: Only
                exit: {rules: [notice]}
            """
        expectOnlyProblem(
            yaml, at: 9, 20, "rule 'notice' is about a deciding meeting, which leaving a phase does not have")
    }

    @Test func keyDecisionAtAMeetingWithAllItsRulesLoads() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            methods:
              - {id: cabinet, title: Cabinet, takes-decisions: true}
            rules:
              - {id: notice, kind: notice-before-decision, title: N, period: {clear-days: 28, excluding: []}}
              - {id: papers, kind: papers-before-meeting, title: P, period: {clear-days: 5}}
            decisions:
              - {id: d, title: D, key: true, at-meeting: yes, rules: [notice, papers]}
            phases:
              - id: only
                title: Only
                decisions: [d]
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.decision("d") == DecisionDefinition(id: "d", title: "D", key: true, atMeeting: true, rules: ["notice", "papers"]))
        #expect(definition.method("cabinet")?.takesDecisions == true)
    }

    @Test func unownedDecisionsAreReportedInFileOrder() {
        let yaml = """
            id: t
            version: 1
            title: T
            decisions:
              - {id: c, title: C}
              - {id: a, title: A}
              - {id: b, title: B}
              - {id: owned, title: Owned}
            phases:
              - {id: only, title: Only, decisions: [owned]}
            """
        let found = problems(in: yaml)
        #expect(found.map(\.line) == [5, 6, 7], "\(listing(found))")
        #expect(found.map(\.message.first) == ["d", "d", "d"])
        #expect(found.allSatisfy { $0.message.hasSuffix("is not owned by any phase, so it could never be taken; list it under a phase's 'decisions'") })
    }

    @Test func dateDeadlineNeedsOfPlanYearAndARealDay() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - {id: a, title: A, deadline: {date: "06-30"}}
              - {id: b, title: B, deadline: {date: "02-29", of: plan-year}}
              - {id: c, title: C, deadline: {of: plan-year}}
              - {id: d, title: D, deadline: {after-entry: P8W, date: "06-30"}}
            """
        let found = problems(in: yaml)
        #expect(found.count == 4, "\(listing(found))")
        expectProblem(found, at: 5, 33, "'deadline' of phase 'a': a 'date' deadline needs 'of: plan-year'")
        expectProblem(found, at: 6, 40, "'deadline' of phase 'b': '02-29' is not a day of the year of the form MM-DD (29 February is not allowed)")
        expectProblem(found, at: 7, 33, "'deadline' of phase 'c' needs 'after-entry' (such as P8W) or 'date' with 'of: plan-year'")
        expectProblem(found, at: 8, 33, "'deadline' of phase 'd' gives both 'after-entry' and 'date'/'of'")
        #expect(!found.contains { $0.message.contains("unknown key") }, "'date' and 'of' are keys of a deadline")
    }
}
