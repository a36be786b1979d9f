extension OpenDataReview {
    /// The indicators of the Local Performance Plan, one row per indicator per review:
    ///
    /// | column | meaning |
    /// |---|---|
    /// | `review` | the review's id |
    /// | `code` | the indicator's code, e.g. `BV185` (national) or a local code |
    /// | `name` | what it measures |
    /// | `definition` | how it is calculated; empty when not given |
    /// | `unit` | `percent`, `days`, `pounds`, `count`, `kg`, `yes-no` (1 or 0) or `level` |
    /// | `polarity` | `higher` or `lower`: which way is better |
    /// | `source` | `national-standard`, `local` or `benchmarking-family`; empty when not given |
    /// | `baseline` | the value it started from; empty when not known |
    /// | `baseline_period` | when the baseline was measured, e.g. `2026/27` |
    /// | `plan_year` | the financial year of the plan, e.g. `2028/29` (1 April 2028 to 31 March 2029) |
    /// | `plan_year_target` | the value to reach in the plan year; empty when none is set |
    ///
    /// Numbers are plain (`85`, `81.5`: no thousands separators, no trailing `.0`).
    public static func indicatorsCSV(_ reviews: [OpenDataReview]) -> String {
        CSVTable(header: ["review", "code", "name", "definition", "unit", "polarity", "source", "baseline", "baseline_period", "plan_year",
                          "plan_year_target"],
                 rows: reviews.flatMap { data in
                     data.indicators.map {
                         [data.review.id, $0.code, $0.name, $0.definition ?? "", $0.unit, $0.polarity, $0.source ?? "",
                          CSVTable.number($0.baseline), $0.baselinePeriod ?? "", data.review.planYear, CSVTable.number($0.planYearTarget)]
                     }
                 }).text
    }

    /// The measurements of the monitoring periods, one row per indicator per period that has a value
    /// or has ended:
    ///
    /// | column | meaning |
    /// |---|---|
    /// | `review` | the review's id |
    /// | `code` | the indicator's code |
    /// | `period` | the monitoring period's number, from 1 |
    /// | `period_label` | how officers name it, e.g. `Q2 2027/28` |
    /// | `period_start` | its first day, `YYYY-MM-DD` in the authority's zone |
    /// | `period_end` | its last day |
    /// | `financial_year` | the financial year it falls in, e.g. `2027/28` |
    /// | `value` | the value measured; empty when the period ended without one |
    /// | `target` | the target that applied in that financial year; empty when none |
    /// | `status` | `on-track`, `at-risk` (short of target within the tolerance), `off-track`, `no-target` or `not-measured` |
    /// | `trend` | `improving`, `unchanged` or `worsening` since the indicator's previous value; empty for the first |
    /// | `recorded` | the day the value was recorded; empty when there is none |
    public static func measurementsCSV(_ reviews: [OpenDataReview]) -> String {
        CSVTable(header: ["review", "code", "period", "period_label", "period_start", "period_end", "financial_year", "value", "target",
                          "status", "trend", "recorded"],
                 rows: reviews.flatMap { data in
                     data.measurements.map {
                         [data.review.id, $0.indicator, String($0.period), $0.periodLabel, $0.periodStart.description, $0.periodEnd.description,
                          $0.financialYear, CSVTable.number($0.value), CSVTable.number($0.target), $0.status, $0.trend ?? "",
                          $0.recorded?.description ?? ""]
                     }
                 }).text
    }

    /// This review's indicators (see `indicatorsCSV(_:)` for the columns).
    public var indicatorsCSV: String { Self.indicatorsCSV([self]) }

    /// This review's measurements (see `measurementsCSV(_:)` for the columns).
    public var measurementsCSV: String { Self.measurementsCSV([self]) }
}
