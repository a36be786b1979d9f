import BVCore
import BVWorkflowFile
import Testing

@Suite("The indicator catalogue and the monitoring tolerance")
struct IndicatorCatalogueTests {
    func workflow(indicators: String, monitoring: String = "{period: P3M, periods: 4}") -> String {
        """
        id: t
        version: 1
        title: T
        indicators:
        \(indicators)
        phases:
          - id: monitoring
            title: Monitoring
            monitoring: \(monitoring)
        """
    }

    @Test func entriesAreReadWithUnitPolarityAndSource() throws {
        let definition = try #require(loaded(workflow(indicators: """
              - {code: BV8, name: Invoices paid within 30 days, unit: "%", polarity: higher, source: national-standard,
                 definition: "Undisputed invoices paid within 30 days, or the agreed terms."}
              - {code: LOC-1, name: Complaints, unit: count, polarity: lower}
            """, monitoring: "{period: P3M, periods: 4, tolerance: 2.5%}")))
        #expect(definition.indicators == [
            IndicatorDefinition(code: "BV8", name: "Invoices paid within 30 days", definition: "Undisputed invoices paid within 30 days, or the agreed terms.",
                                unit: .percent, polarity: .higherIsBetter, source: .nationalStandard),
            IndicatorDefinition(code: "LOC-1", name: "Complaints", unit: .count, polarity: .lowerIsBetter),
        ])
        #expect(definition.phases[0].monitoring?.tolerance == 0.025)
    }

    @Test func anUnknownUnitIsReportedAtItsPlace() {
        expectOnlyProblem(workflow(indicators: "  - {code: X1, name: X, unit: furlongs, polarity: higher}"),
                          at: 5, 31, "unknown unit 'furlongs' of indicator 1", "percent, days, pounds, count, kg, yes-no, level")
    }

    @Test func aDuplicateCodeNamesTheFirst() {
        expectOnlyProblem(workflow(indicators: """
              - {code: X1, name: X, unit: count, polarity: higher}
              - {code: X1, name: Y, unit: count, polarity: lower}
            """), at: 6, 12, "duplicate indicator code 'X1' (first defined at 5:")
    }

    @Test func polaritySourceAndToleranceMustBeKnown() {
        expectOnlyProblem(workflow(indicators: "  - {code: X1, name: X, unit: count, polarity: up}"), at: 5, 48, "'polarity' must be higher or lower")
        expectOnlyProblem(workflow(indicators: "  - {code: X1, name: X, unit: count, polarity: higher, source: gossip}"), at: 5, 64,
                          "'source' must be one of national-standard, local, benchmarking-family, not 'gossip'")
        expectOnlyProblem(workflow(indicators: "  - {code: X1, name: X, unit: count, polarity: higher}", monitoring: "{period: P3M, periods: 4, tolerance: 5}"),
                          at: 9, 54, "'tolerance' of", "must be a percentage of the target such as 5%, not '5'")
    }

    @Test func aMissingUnitIsNamed() {
        expectOnlyProblem(workflow(indicators: "  - {code: X1, name: X, polarity: higher}"), at: 5, 5, "indicator 1 has no 'unit'")
    }
}
