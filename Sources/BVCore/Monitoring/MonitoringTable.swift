/// One indicator in one monitoring period: the value, the target that applied, the status and the trend.
public struct IndicatorReading: Sendable, Hashable, Codable {
    public let indicator: String
    public let period: Int
    public let value: Double?
    public let target: Double?
    public let status: TargetStatus
    public let trend: Trend?
}

/// One monitoring period with every indicator's reading.
public struct MonitoringPeriodSummary: Sendable, Hashable, Codable {
    public let period: Int
    public let label: String
    public let financialYear: Int
    public let begins: Instant
    public let ends: Instant
    public let due: Instant
    /// The period has begun.
    public let begun: Bool
    /// The period has ended (its measurements can be recorded).
    public let closed: Bool
    /// Its measurements are due and some are missing.
    public let overdue: Bool
    public let readings: [IndicatorReading]

    public var complete: Bool { !readings.isEmpty && readings.allSatisfy { $0.value != nil } }
}

/// The status table of a review's monitoring: what reports and monitoring notices show.
public struct MonitoringTable: Sendable, Hashable, Codable {
    public let periods: [MonitoringPeriodSummary]

    /// Each indicator's latest measured reading, for the plan and the progress report.
    public func latest(_ code: String) -> IndicatorReading? {
        periods.reversed().lazy.compactMap { $0.readings.first { $0.indicator == code && $0.value != nil } }.first
    }

    public func period(_ n: Int) -> MonitoringPeriodSummary? { periods.first { $0.period == n } }
}

extension MonitoringTable {
    /// The status table; nil before monitoring begins. Pure: a function of the state and `now`.
    public init?(workflow: WorkflowDefinition, state: ReviewState, zone: Zone, now: Instant) {
        guard let periods = MonitoringPeriods(workflow: workflow, state: state, zone: zone) else { return nil }
        let tolerance = periods.schedule.tolerance
        var previous: [String: Double] = [:]
        self.init(periods: periods.numbers.map { n -> MonitoringPeriodSummary in
            let year = periods.financialYear(of: n)
            let readings = state.indicators.map { indicator -> IndicatorReading in
                let value = state.measurement(indicator.code, period: n)?.value
                let target = indicator.target(inYear: year)
                let reading = IndicatorReading(
                    indicator: indicator.code, period: n, value: value, target: target,
                    status: TargetStatus.of(value: value, target: target, polarity: indicator.polarity,
                                            tolerance: Self.tolerance(of: indicator, target: target, share: tolerance)),
                    trend: Trend.of(value: value, previous: previous[indicator.code], polarity: indicator.polarity))
                if let value { previous[indicator.code] = value }
                return reading
            }
            let due = periods.due(of: n)
            return MonitoringPeriodSummary(
                period: n, label: periods.label(of: n), financialYear: year, begins: periods.begin(of: n), ends: periods.end(of: n),
                due: due, begun: now >= periods.begin(of: n), closed: now >= periods.end(of: n), overdue: now >= due && readings.contains { $0.value == nil },
                readings: readings)
        })
    }

    /// The indicator's own tolerance, else the workflow's share of the target; none for yes/no.
    static func tolerance(of indicator: Indicator, target: Double?, share: Double) -> Double {
        if let own = indicator.tolerance { return own }
        if indicator.knownUnit == .yesNo { return 0 }
        return share * abs(target ?? 0)
    }
}

extension ReviewEngine {
    /// The monitoring periods of the review, once it has entered its monitoring phase.
    public func monitoringPeriods(state: ReviewState) -> MonitoringPeriods? {
        MonitoringPeriods(workflow: workflow, state: state, zone: zone)
    }

    /// The status table; nil before monitoring begins.
    public func monitoringTable(state: ReviewState, now: Instant) -> MonitoringTable? {
        MonitoringTable(workflow: workflow, state: state, zone: zone, now: now)
    }
}
