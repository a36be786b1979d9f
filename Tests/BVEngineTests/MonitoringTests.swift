import BVCore
import Testing

@Suite("Indicators, measurements and monitoring reports")
struct MonitoringTests {
    /// Monitoring entered on 1 July 2027 (Q2 2027/28), with an adopted and a local indicator.
    static func monitoring() -> ReviewDriver {
        var r = ReviewDriver.started()
        r.at("2027-07-01T10:00")
        r.record(.phaseEntered(phase: "monitoring"))
        r.run(.addIndicator(code: "BV185", name: nil, unit: nil, polarity: nil, baseline: 71))
        r.run(.addIndicator(code: "HR-02", name: "Repairs right first time", unit: "%", polarity: .higherIsBetter, baseline: 78))
        r.run(.setTarget(code: "BV185", target: 90, by: nil))
        r.run(.setTarget(code: "HR-02", target: 85, by: nil))
        return r
    }

    @Test func anIndicatorIsAdoptedFromTheCatalogueByItsCode() throws {
        let r = Self.monitoring()
        let adopted = try #require(r.state?.indicator("BV185"))
        #expect(adopted.name == "Repairs with appointments made and kept")
        #expect(adopted.unit == "percent")
        #expect(adopted.polarity == .higherIsBetter)
        #expect(adopted.source == .nationalStandard)
        #expect(adopted.definition?.hasPrefix("Percentage of responsive repairs") == true)
        #expect(r.state?.indicator("HR-02")?.unit == "percent", "a unit is kept in its canonical name")
    }

    @Test func anIndicatorOutsideTheCatalogueNeedsItsNameAndAKnownUnit() {
        var r = Self.monitoring()
        if case .invalid(let text)? = r.refuse(.addIndicator(code: "HR-09", name: nil, unit: nil, polarity: nil, baseline: nil)) {
            #expect(text.hasPrefix("'HR-09' is not in the workflow's indicator catalogue, so give its name, unit and polarity (the catalogue has BV1, BV8,"))
        } else { Issue.record("an unknown code without a name must be refused as invalid") }
        if case .invalid(let text)? = r.refuse(.addIndicator(code: "HR-09", name: "Furlongs", unit: "furlongs", polarity: .higherIsBetter, baseline: nil)) {
            #expect(text == "give the indicator's unit: percent, days, pounds, count, kg, yes-no, level, not 'furlongs'")
        } else { Issue.record("an unknown unit must be refused") }
        if case .invalid(let text)? = r.refuse(.setTarget(code: "BV185", target: 92, by: nil, year: 2045)) {
            #expect(text == "a target year must be between 2027 and 2038 (the plan year is 2028/29), not 2045")
        } else { Issue.record("a target year far from the plan year must be refused") }
    }

    @Test func baselinesAndTargetsMustFitTheUnit() {
        var r = Self.monitoring()
        if case .invalid(let text)? = r.refuse(.addIndicator(code: "HR-03", name: "Bins", unit: "percent", polarity: .higherIsBetter, baseline: 140)) {
            #expect(text == "'HR-03' is a percentage: a baseline of 140 is not between 0 and 100")
        } else { Issue.record("a percentage baseline over 100 must be refused") }
        if case .invalid(let text)? = r.refuse(.addIndicator(code: "HR-04", name: "Strategy", unit: "yes-no", polarity: .higherIsBetter, baseline: 2)) {
            #expect(text == "'HR-04' is yes or no: give 1 for yes, 0 for no, as its baseline")
        } else { Issue.record("a yes/no baseline of 2 must be refused") }
        if case .invalid(let text)? = r.refuse(.setTarget(code: "BV185", target: 120, by: nil)) {
            #expect(text == "'BV185' is a percentage: a target of 120 is not between 0 and 100")
        } else { Issue.record("a percentage target over 100 must be refused") }
        if case .invalid(let text)? = r.refuse(.addIndicator(code: "HR-05", name: "Bins", unit: "count", polarity: .lowerIsBetter, baseline: 3, baselinePeriod: "2025")) {
            #expect(text == "the baseline period is a financial year such as 2026/27, not '2025'")
        } else { Issue.record("a baseline period that is not a financial year must be refused") }
        r.run(.addIndicator(code: "HR-05", name: "Bins", unit: "count", polarity: .lowerIsBetter, baseline: 3, baselinePeriod: "2025/26"))
    }

    @Test func anIndicatorAddedByMistakeIsRemovedUntilItIsMeasured() {
        var r = Self.monitoring()
        r.run(.removeIndicator(code: "HR-02"))
        #expect(r.state?.indicators.map(\.code) == ["BV185"])
        r.at("2027-10-02T10:00")
        r.run(.recordMeasurement(code: "BV185", period: 1, value: 80))
        if case .conflict(let text)? = r.refuse(.removeIndicator(code: "BV185")) {
            #expect(text == "indicator 'BV185' has 1 measurement; a measured indicator stays in the record")
        } else { Issue.record("a measured indicator must not be removed") }
        if case .notFound? = r.refuse(.removeIndicator(code: "HR-02")) {} else { Issue.record("an indicator removed is gone") }
    }

    @Test func aPeriodIsMeasuredOnlyOnceItHasEnded() {
        var r = Self.monitoring()
        r.at("2027-09-30T17:00")
        if case .refused(let readiness)? = r.refuse(.recordMeasurement(code: "BV185", period: 1, value: 80)) {
            #expect(readiness.blockers == ["period 1 (Q2 2027/28) has not ended; its measurements can be recorded from 2027-10-01 00:00 BST"])
            #expect(readiness.earliest == .instant(utc("2027-09-30T23:00:00Z")), "waiting is enough: bvctl says from when")
        } else { Issue.record("a measurement of a running period must be refused by the timetable") }
        r.at("2027-10-01T09:00")
        r.run(.recordMeasurement(code: "BV185", period: 1, value: 80))
        if case .invalid(let text)? = r.refuse(.recordMeasurement(code: "HR-02", period: 1, value: 180)) {
            #expect(text == "'HR-02' is a percentage: a value of 180 is not between 0 and 100")
        } else { Issue.record("a percentage over 100 must be refused") }
        if case .invalid(let text)? = r.refuse(.recordMeasurement(code: "HR-02", period: 5, value: 80)) {
            #expect(text == "there is no period 5: the periods are 1 (Q2 2027/28) to 4 (Q1 2028/29)")
        } else { Issue.record("a period beyond the schedule must be refused") }
    }

    @Test func measuringEveryIndicatorOfAPeriodSendsTheMonitoringReportOnce() throws {
        var r = Self.monitoring()
        r.at("2027-10-05T10:00")
        let first = r.run(.recordMeasurement(code: "BV185", period: 1, value: 80))
        let half = try #require(r.state)
        #expect(r.engine.notices(for: first[0], state: half).isEmpty, "half a period sends nothing")
        let last = r.run(.recordMeasurement(code: "HR-02", period: 1, value: 86))
        let measured = try #require(r.state)
        let report = try #require(r.engine.notices(for: last[0], state: measured).first)
        #expect(report.kind == .monitoringReport)
        #expect(report.key == "housing-repairs/monitoring-report/period-1")
        #expect(report.subjectTitle == "monitoring period 1 (Q2 2027/28)")
        #expect(report.recipients.organisations == ReviewDriver.organisations.map(\.0))
        // A correction completes the period again; the same key means the store keeps the first report only.
        let correction = r.run(.recordMeasurement(code: "HR-02", period: 1, value: 87))
        let corrected = try #require(r.state)
        #expect(r.engine.notices(for: correction[0], state: corrected).map(\.key) == [report.key])
        // So it is not the event's own notice, which a store may keep once by its event alone.
        #expect(!report.isOwn(eventAt: measured.eventCount))
        #expect(!report.isOwn(eventAt: corrected.eventCount))
    }

    @Test func theStatusTableShowsMissingPeriodsAndTrendsAgainstTheLastMeasured() throws {
        var r = Self.monitoring()
        r.at("2028-01-02T10:00")
        r.run(.recordMeasurement(code: "BV185", period: 1, value: 80))
        r.run(.recordMeasurement(code: "HR-02", period: 1, value: 86))
        r.run(.recordMeasurement(code: "BV185", period: 2, value: 86.5))
        r.at("2028-02-01T10:00")
        let state = try #require(r.state)
        let table = try #require(r.engine.monitoringTable(state: state, now: r.clock.now()))
        #expect(table.periods.map(\.label) == ["Q2 2027/28", "Q3 2027/28", "Q4 2027/28", "Q1 2028/29"])
        let p1 = try #require(table.period(1)), p2 = try #require(table.period(2)), p3 = try #require(table.period(3))
        #expect(p1.complete && !p1.overdue)
        #expect(p1.readings.map(\.status) == [.offTrack, .onTrack])
        // Period 2's measurements were due by 28 January 2028; HR-02 is missing, so it is overdue.
        #expect(p2.overdue && !p2.complete)
        #expect(p2.readings.map(\.status) == [.atRisk, .notMeasured])
        #expect(p2.readings[0].trend == .improving)
        #expect(!p3.closed && !p3.overdue)
        // On 1 February 2028 Q4 is running and Q1 2028/29 is still to come.
        #expect(p3.begun)
        #expect(table.period(4)?.begun == false)
        #expect(table.latest("HR-02")?.period == 1)
    }

    @Test func anotherCycleKeepsTheReviewOpenForFourMoreQuarters() throws {
        var r = Self.monitoring()
        r.at("2028-07-05T10:00")
        for period in 1...4 {
            r.run(.recordMeasurement(code: "BV185", period: period, value: 88))
            r.run(.recordMeasurement(code: "HR-02", period: period, value: 86))
        }
        r.run(.extendMonitoring)
        #expect(r.state?.monitoringCycles == 2)
        let state = try #require(r.state)
        let readiness = try r.engine.why("close-review", meeting: nil, state: state, now: r.clock.now()).get()
        #expect(ReviewDriver.unmetSentences(readiness)["monitoring-complete"]?.hasPrefix("the last monitoring period (8, Q1 2029/30) ends on 2029-07-01 00:00 BST") == true)
        #expect(r.notices(.measurementOverdue, about: "period-5").count == 1)
    }

    @Test func monitoringIsExtendedOnlyInTheMonitoringPhase() {
        var r = ReviewDriver.started()
        r.run(.addIndicator(code: "BV185", name: nil, unit: nil, polarity: nil, baseline: 71))
        if case .refused(let readiness)? = r.refuse(.extendMonitoring) {
            #expect(readiness.blockers == ["monitoring can be extended only in a monitoring phase; the review is in 'scoping'"])
            #expect(readiness.earliest == nil)
        } else { Issue.record("extending outside monitoring must be refused by the workflow") }
        if case .refused(let readiness)? = r.refuse(.recordMeasurement(code: "BV185", period: 1, value: 80)) {
            #expect(readiness.title == "Recording a measurement")
            #expect(readiness.blockers == ["measurements are recorded in a monitoring phase; the review is in 'scoping'"])
        } else { Issue.record("a measurement outside monitoring must be refused by the workflow") }
    }

    @Test func improvementActionsNeedAnOwnerAndAKnownStrand() {
        var r = Self.monitoring()
        r.run(.setAction(action: "slots", title: "Saturday slots", owner: "Repairs manager", due: CivilDate("2027-12-31")!))
        if case .invalid(let text)? = r.refuse(.setAction(action: "x", title: "X", owner: " ", due: CivilDate("2027-12-31")!)) {
            #expect(text == "an improvement action needs an owner: who answers for it")
        } else { Issue.record("an action without an owner must be refused") }
        if case .notFound(let text)? = r.refuse(.setAction(action: "x", title: "X", owner: "Me", due: CivilDate("2027-12-31")!, strand: "astrology")) {
            #expect(text.hasPrefix("the workflow has no assessment strand 'astrology'"))
        } else { Issue.record("an unknown strand must be refused") }
        r.run(.setAction(action: "slots", title: "Saturday slots", owner: "Repairs manager", due: CivilDate("2027-12-31")!, completed: CivilDate("2027-07-01")))
        #expect(r.state?.actions.map(\.completed) == [CivilDate("2027-07-01")])
    }
}

extension ReviewDriver {
    static func unmetSentences(_ readiness: DecisionReadiness) -> [String: String] {
        Dictionary(uniqueKeysWithValues: readiness.unmet.map { ($0.rule, $0.sentence) })
    }
}

@Suite("The publication deadline of the Local Performance Plan")
struct PlanPublicationDeadlineTests {
    @Test func thirtyJuneOfThePlanYearIsRemindedAndEscalatedLikeAnyDeadline() {
        var r = ReviewDriver.started()
        r.at("2028-05-02T10:00")
        r.record(.phaseEntered(phase: "performance-plan"))
        let reminders = r.notices(.deadlineApproaching, about: "performance-plan")
        #expect(reminders.map(\.due) == [utc("2028-06-16T08:00:00Z"), utc("2028-06-23T08:00:00Z"), utc("2028-06-29T08:00:00Z")])
        #expect(reminders.allSatisfy { $0.recipients.are(roles: ["lead-officer"]) && $0.subjectTitle == "deadline of phase 'Local Performance Plan'" })
        let passed = r.notices(.deadlinePassed, about: "performance-plan")
        #expect(passed.map(\.due) == [utc("2028-06-30T23:00:00Z")], "the deadline passes at the end of 30 June (BST)")
        #expect(passed.first?.recipients.are(roles: ["lead-officer", "scrutiny-chair", "monitoring-officer"]) == true)
    }
}
