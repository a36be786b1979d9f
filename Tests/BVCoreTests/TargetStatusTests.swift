import BVCore
import Testing

@Suite("Status against target and trend")
struct TargetStatusTests {
    @Test("higher is better: at or above target is on track; short by up to the tolerance is at risk", arguments: [
        (90.0, TargetStatus.onTrack), (95, .onTrack), (89.99, .atRisk), (85.5, .atRisk), (85.49, .offTrack), (60, .offTrack),
    ])
    func higherIsBetter(value: Double, expected: TargetStatus) {
        // Target 90 with the default 5 % tolerance: 4.5 points.
        #expect(TargetStatus.of(value: value, target: 90, polarity: .higherIsBetter, tolerance: 0.05 * 90) == expected)
    }

    @Test("lower is better: at or below target is on track; over by up to the tolerance is at risk", arguments: [
        (28.0, TargetStatus.onTrack), (20, .onTrack), (28.01, .atRisk), (29.4, .atRisk), (29.41, .offTrack), (40, .offTrack),
    ])
    func lowerIsBetter(value: Double, expected: TargetStatus) {
        #expect(TargetStatus.of(value: value, target: 28, polarity: .lowerIsBetter, tolerance: 0.05 * 28) == expected)
    }

    @Test func aValueOnTheToleranceEdgeIsAtRiskDespiteRounding() {
        // 0.1 + 0.2 style error: 0.05 * 90 is not exactly 4.5 in binary.
        #expect(TargetStatus.of(value: 90 - 0.05 * 90, target: 90, polarity: .higherIsBetter, tolerance: 4.5) == .atRisk)
        #expect(TargetStatus.of(value: 0.3, target: 0.1 + 0.2, polarity: .higherIsBetter, tolerance: 0) == .onTrack)
    }

    @Test func missingValueOrTargetIsSaidSo() {
        #expect(TargetStatus.of(value: nil, target: 90, polarity: .higherIsBetter, tolerance: 1) == .notMeasured)
        #expect(TargetStatus.of(value: 80, target: nil, polarity: .higherIsBetter, tolerance: 1) == .noTarget)
        #expect(TargetStatus.notMeasured.words == "not measured")
    }

    @Test func zeroToleranceLeavesNoRoomForAtRisk() {
        #expect(TargetStatus.of(value: 0, target: 1, polarity: .higherIsBetter, tolerance: 0) == .offTrack)
        #expect(TargetStatus.of(value: 1, target: 1, polarity: .higherIsBetter, tolerance: 0) == .onTrack)
    }

    @Test func trendFollowsPolarity() {
        #expect(Trend.of(value: 84, previous: 80, polarity: .higherIsBetter) == .improving)
        #expect(Trend.of(value: 84, previous: 80, polarity: .lowerIsBetter) == .worsening)
        #expect(Trend.of(value: 33, previous: 36, polarity: .lowerIsBetter) == .improving)
        #expect(Trend.of(value: 80, previous: 80, polarity: .higherIsBetter) == .unchanged)
        #expect(Trend.of(value: 80, previous: nil, polarity: .higherIsBetter) == nil)
        #expect(Trend.of(value: nil, previous: 80, polarity: .higherIsBetter) == nil)
    }

    @Test func unitsReadAsPeopleWriteThem() {
        #expect(IndicatorUnit(parsing: "%") == .percent)
        #expect(IndicatorUnit(parsing: "£") == .pounds)
        #expect(IndicatorUnit(parsing: "yes/no") == .yesNo)
        #expect(IndicatorUnit(parsing: "furlongs") == nil)
        #expect(IndicatorUnit.percent.format(81.5) == "81.5%")
        #expect(IndicatorUnit.pounds.format(1200) == "£1,200")
        #expect(IndicatorUnit.pounds.format(-3.5) == "-£3.5")
        #expect(IndicatorUnit.days.format(1) == "1 day")
        #expect(IndicatorUnit.days.format(28) == "28 days")
        #expect(IndicatorUnit.kg.format(412.25) == "412.25 kg")
        #expect(IndicatorUnit.yesNo.format(1) == "yes")
        #expect(IndicatorUnit.yesNo.format(0) == "no")
        #expect(IndicatorUnit.level.format(3) == "level 3")
        #expect(IndicatorUnit.count.format(1_234_567) == "1,234,567")
    }

    @Test func targetByYearFallsBackToTheLatestEarlierThenTheEarliest() {
        var indicator = Indicator(code: "BV8", name: "Invoices paid", unit: "percent", polarity: .higherIsBetter)
        #expect(indicator.target(inYear: 2028) == nil)
        indicator.targets = [YearTarget(year: 2028, value: 92), YearTarget(year: 2030, value: 97)]
        #expect(indicator.target(inYear: 2027) == 92)
        #expect(indicator.target(inYear: 2028) == 92)
        #expect(indicator.target(inYear: 2029) == 92)
        #expect(indicator.target(inYear: 2031) == 97)
    }
}
