/// Where a measurement stands against its target, given which way is better and a tolerance.
public enum TargetStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case offTrack = "off-track"
    case noTarget = "no-target"
    case notMeasured = "not-measured"

    public var words: String {
        switch self {
        case .onTrack: "on track"
        case .atRisk: "at risk"
        case .offTrack: "off track"
        case .noTarget: "no target set"
        case .notMeasured: "not measured"
        }
    }

    /// On track when the target is met; at risk when short of it by no more than `tolerance` (in the
    /// indicator's unit); off track beyond that. Values within a rounding error of an edge count as on it.
    public static func of(value: Double?, target: Double?, polarity: Polarity, tolerance: Double) -> TargetStatus {
        guard let value else { return .notMeasured }
        guard let target else { return .noTarget }
        let margin = polarity == .higherIsBetter ? value - target : target - value
        let slack = 1e-9 * max(1, abs(target))
        if margin >= -slack { return .onTrack }
        if margin >= -tolerance - slack { return .atRisk }
        return .offTrack
    }
}

/// How a measurement moved since the indicator's previous measured period.
public enum Trend: String, Sendable, Hashable, Codable, CaseIterable {
    case improving, unchanged, worsening

    public var words: String { rawValue }

    /// `previous` is the latest earlier measured value; nil when there is none.
    public static func of(value: Double?, previous: Double?, polarity: Polarity) -> Trend? {
        guard let value, let previous else { return nil }
        let change = polarity == .higherIsBetter ? value - previous : previous - value
        if abs(change) <= 1e-9 * max(1, abs(previous)) { return .unchanged }
        return change > 0 ? .improving : .worsening
    }
}
