import BVCore
import BVWorkflowFile
import Foundation
import Testing

/// `workflows/best-value-review.yaml`, found from this file: Tests/BVWorkflowFileTests/X.swift.
let shippedWorkflowPath: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("workflows/best-value-review.yaml").path

/// The definition bvd ships loads cleanly and says what docs/workflows.md says it does.
@Suite("The shipped best-value-review workflow")
struct ShippedWorkflowTests {
    let text: String
    let definition: WorkflowDefinition

    init() throws {
        text = try String(contentsOfFile: shippedWorkflowPath, encoding: .utf8)
        switch WorkflowLoader.parse(yaml: text, file: "best-value-review.yaml") {
        case .success(let definition): self.definition = definition
        case .failure(let error):
            Issue.record("the shipped workflow must load with no problems, but:\n\(error)")
            throw error
        }
    }

    @Test func loadsFromItsPathWithNoProblems() throws {
        let fromDisk = try WorkflowLoader.load(path: shippedWorkflowPath).get()
        #expect(fromDisk == definition)
        #expect(definition.id == "best-value-review")
        #expect(definition.version == 1)
        #expect(definition.zone == Zone.london)
        #expect(definition.division == .englandAndWales)
    }

    @Test func phasesInOrder() {
        #expect(definition.phases.map(\.id) == ["scoping", "involvement", "baseline", "assessment", "performance-plan", "monitoring"])
    }

    @Test func rolesCategoriesMethodsAndStrands() {
        #expect(definition.roles.map(\.id) == ["lead-officer", "democratic-services", "scrutiny-chair", "monitoring-officer"])
        #expect(definition.categories.count == 14)
        #expect(definition.categories.first?.id == "action-groups")
        #expect(definition.categories.last?.id == "individual-users")
        #expect(definition.methods.count == 13)
        #expect(definition.methods.filter(\.takesDecisions).map(\.id) == ["coordinating-committee", "area-committee", "executive-meeting"])
        #expect(definition.strands.count == 10)
        #expect(definition.strands.filter { !$0.required }.map(\.id) == ["strategic-sourcing"])
    }

    @Test func papersRuleIsFiveClearDaysExcludingWeekendsAndBankHolidays() throws {
        let rule = try #require(definition.rule("papers-five-clear-days"))
        #expect(rule.kind == .papersBeforeMeeting(.days(DayCount(5, .clearDays, excluding: ExcludedDays([.saturdays, .sundays, .bankHolidays])))))
        #expect(rule.source == "Local Government Act 1972 s100B(3),(4)")
        #expect(definition.rule("public-notice-five-clear-days")?.kind
            == .noticeBeforeMeeting(.days(DayCount(5, .clearDays, excluding: .weekendsAndBankHolidays))))
    }

    @Test func keyDecisionNoticeIsTwentyEightClearDaysWithNothingExcluded() throws {
        let rule = try #require(definition.rule("key-decision-notice"))
        guard case .noticeBeforeDecision(.days(let count)) = rule.kind else {
            Issue.record("key-decision-notice should be a notice-before-decision day count, not \(rule.kind)")
            return
        }
        #expect(count.days == 28)
        #expect(count.mode == .clearDays)
        #expect(count.excluding.kinds.isEmpty)
    }

    @Test func otherRuleSettings() {
        #expect(definition.rule("consultation-twelve-weeks")?.kind == .consultationPeriod(.duration(ISODuration(weeks: 12))))
        #expect(definition.rule("response-window")?.kind == .responseWindow(.days(DayCount(20, .workingDays, excluding: .weekendsAndBankHolidays))))
        #expect(definition.rule("collective-agreement")?.kind == .collectiveAgreement(threshold: 0.75))
        #expect(definition.rule("required-strands-complete")?.kind == .strandsComplete([]))
        #expect(definition.rule("broad-involvement")?.kind == .organisationsInvited(minimumOrganisations: 6, minimumCategories: 4))
        #expect(definition.rules.count == 12)
    }

    @Test func decisionsAndTheirOwners() {
        #expect(definition.decisions.count == 9)
        #expect(definition.decisions.filter(\.key).map(\.id) == ["approve-assessment", "approve-plan"])
        #expect(definition.owner(of: "publish-plan")?.id == "performance-plan")
        #expect(definition.owner(of: "close-review")?.id == "monitoring")
        for decision in definition.decisions {
            #expect(definition.phases.filter { $0.decisions.contains(decision.id) }.count == 1, "\(decision.id) needs one owner")
        }
    }

    @Test func deadlinesMonitoringAndReusedReminders() throws {
        #expect(definition.phase("scoping")?.deadline == .afterEntry(ISODuration(weeks: 8)))
        #expect(definition.phase("performance-plan")?.deadline == .dayOfPlanYear(month: 6, day: 30))
        #expect(definition.phase("monitoring")?.deadline == nil)
        #expect(definition.phase("monitoring")?.monitoring
            == MonitoringSchedule(length: ISODuration(months: 3), count: 4, dueWithin: ISODuration(days: 28)))
        let scoping = try #require(definition.phase("scoping"))
        #expect(scoping.reminders.count == 4)
        // *meeting-reminders gives the later phases the same list as scoping.
        for id in ["baseline", "assessment", "performance-plan"] {
            #expect(definition.phase(id)?.reminders == scoping.reminders, "\(id)")
        }
        #expect(definition.phase("involvement")?.exit == ExitCriteria(decisions: ["close-involvement"], rules: ["responses-considered"]))
    }

    /// Each released version of the shipped file and the SHA-256 of its text. bvd refuses a file
    /// whose version reviews ran under with another text, so an edit to the shipped file without
    /// a higher version would stop every upgraded bvd from starting: raise `version` and add a line.
    static let released: [Int: String] = [
        1: "137410f261163078b2f728bc7cca4e7d9ae5589b545bc4b80cdf2011558ba1e6",
    ]

    @Test("the shipped file's text is the one released as its version")
    func releasedVersionsKeepTheirText() {
        #expect(Self.released[definition.version] == definition.contentHash,
                "workflows/best-value-review.yaml changed: raise its version to \(definition.version + 1) and add that version's hash here")
    }

    @Test func contentHashIsTheSHA256OfTheText() throws {
        #expect(definition.contentHash == SHA256.hex(text))
        #expect(definition.contentHash.count == 64)
        // One character changed in a comment: the file still loads, but its hash differs.
        let edited = text.replacingOccurrences(of: "# Best Value review for a principal authority in England.",
                                               with: "# Best Value review for a principal authority in England!")
        #expect(edited != text)
        let reloaded = try WorkflowLoader.parse(yaml: edited, file: "edited.yaml").get()
        #expect(reloaded.contentHash == SHA256.hex(edited))
        #expect(reloaded.contentHash != definition.contentHash)
        var same = reloaded
        same.contentHash = definition.contentHash
        #expect(same == definition, "only the hash should change")
    }
}
