/// Which way is better for an indicator.
public enum Polarity: String, Sendable, Hashable, Codable, CaseIterable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// What an indicator counts in. It decides how values read in reports ("81.5%", "£1,200", "yes").
public enum IndicatorUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case percent, days, pounds, count, kg
    case yesNo = "yes-no"
    case level

    /// Accepts the names and the signs officers write: `percent` or `%`, `pounds` or `£`, `yes/no`.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "%", "per cent", "percentage": self = .percent
        case "£", "gbp": self = .pounds
        case "yes/no", "yesno", "boolean": self = .yesNo
        case "day": self = .days
        case "kilograms", "kilogram": self = .kg
        default:
            guard let unit = IndicatorUnit(rawValue: text.lowercased()) else { return nil }
            self = unit
        }
    }

    /// A value as people read it in this unit.
    public func format(_ value: Double) -> String {
        let number = plainNumber(value)
        switch self {
        case .percent: return number + "%"
        case .pounds: return value < 0 ? "-£" + plainNumber(-value) : "£" + number
        case .days: return number + (value == 1 ? " day" : " days")
        case .kg: return number + " kg"
        case .count: return number
        case .yesNo: return value >= 0.5 ? "yes" : "no"
        case .level: return "level " + number
        }
    }

    public var title: String {
        switch self {
        case .percent: "per cent"
        case .pounds: "pounds"
        case .yesNo: "yes or no (1 or 0)"
        default: rawValue
        }
    }
}

/// Where an indicator comes from: a national standard, the authority itself, or a benchmarking family.
public enum IndicatorSource: String, Sendable, Hashable, Codable, CaseIterable {
    case nationalStandard = "national-standard"
    case local
    case benchmarkingFamily = "benchmarking-family"

    public var title: String {
        switch self {
        case .nationalStandard: "national standard"
        case .local: "local"
        case .benchmarkingFamily: "benchmarking family"
        }
    }
}

/// The value an indicator should reach in one financial year (starting 1 April of `year`).
public struct YearTarget: Sendable, Hashable, Codable {
    public let year: Int
    public let value: Double
    public init(year: Int, value: Double) { (self.year, self.value) = (year, value) }
}

/// A performance indicator of the review's Local Performance Plan.
public struct Indicator: Sendable, Hashable, Codable {
    public let code: String
    public var name: String
    /// An `IndicatorUnit` raw value; older reviews may hold free text.
    public var unit: String
    public var polarity: Polarity
    public var baseline: Double?
    /// The target for the plan year, as most reports quote it.
    public var target: Double?
    public var targetDate: CivilDate?
    /// How the indicator is calculated, as published in the plan.
    public var definition: String?
    public var source: IndicatorSource?
    /// The period the baseline was measured in, e.g. "2026/27".
    public var baselinePeriod: String?
    /// How far short of target a value may fall and still be "at risk" rather than "off track", in the
    /// indicator's unit; nil means the workflow's relative tolerance.
    public var tolerance: Double?
    /// Targets by financial year, ascending.
    public var targets: [YearTarget]

    public init(code: String, name: String, unit: String, polarity: Polarity, baseline: Double? = nil, target: Double? = nil,
                targetDate: CivilDate? = nil, definition: String? = nil, source: IndicatorSource? = nil,
                baselinePeriod: String? = nil, tolerance: Double? = nil, targets: [YearTarget] = []) {
        (self.code, self.name, self.unit, self.polarity, self.baseline) = (code, name, unit, polarity, baseline)
        (self.target, self.targetDate, self.definition, self.source) = (target, targetDate, definition, source)
        (self.baselinePeriod, self.tolerance, self.targets) = (baselinePeriod, tolerance, targets)
    }

    /// Snapshots written before targets by year existed have no `targets`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        unit = try c.decode(String.self, forKey: .unit)
        polarity = try c.decode(Polarity.self, forKey: .polarity)
        baseline = try c.decodeIfPresent(Double.self, forKey: .baseline)
        target = try c.decodeIfPresent(Double.self, forKey: .target)
        targetDate = try c.decodeIfPresent(CivilDate.self, forKey: .targetDate)
        definition = try c.decodeIfPresent(String.self, forKey: .definition)
        source = try c.decodeIfPresent(IndicatorSource.self, forKey: .source)
        baselinePeriod = try c.decodeIfPresent(String.self, forKey: .baselinePeriod)
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance)
        targets = try c.decodeIfPresent([YearTarget].self, forKey: .targets) ?? []
    }

    public var knownUnit: IndicatorUnit? { IndicatorUnit(parsing: unit) }

    /// A value in the indicator's unit; free-text units are appended.
    public func format(_ value: Double) -> String { knownUnit?.format(value) ?? "\(plainNumber(value)) \(unit)" }

    /// The target that applies in a financial year: that year's, else the latest earlier one, else
    /// the earliest set (monitoring may begin before the plan year does).
    public func target(inYear year: Int) -> Double? {
        (targets.last { $0.year <= year } ?? targets.first)?.value ?? target
    }

    /// Records a target for a year, keeping the list ordered.
    mutating func setTarget(_ value: Double, year: Int) {
        targets.removeAll { $0.year == year }
        targets.append(YearTarget(year: year, value: value))
        targets.sort { $0.year < $1.year }
    }
}

/// A value recorded for an indicator in one monitoring period (numbered from 1).
public struct Measurement: Sendable, Hashable, Codable {
    public let indicator: String
    public let period: Int
    public let value: Double
    public let recorded: Instant
    public init(indicator: String, period: Int, value: Double, recorded: Instant) {
        (self.indicator, self.period, self.value, self.recorded) = (indicator, period, value, recorded)
    }
}

/// An improvement action of the plan, with who owns it and when it is due.
public struct ImprovementAction: Sendable, Hashable, Codable {
    public let id: String
    public var title: String
    public var owner: String
    public var due: CivilDate
    /// The assessment strand whose finding it answers, if any.
    public var strand: String?
    public var completed: CivilDate?
    public init(id: String, title: String, owner: String, due: CivilDate, strand: String? = nil, completed: CivilDate? = nil) {
        (self.id, self.title, self.owner, self.due, self.strand, self.completed) = (id, title, owner, due, strand, completed)
    }
}

/// Numbers without a trailing ".0", with thousands separators for large whole values: 81.5, 1,200.
public func plainNumber(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    if value == value.rounded(), abs(value) < 1e15 {
        let whole = Int64(value)
        let digits = String(abs(whole))
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return (whole < 0 ? "-" : "") + grouped
    }
    var text = String(value)
    if text.contains("e") { return text }
    while text.hasSuffix("0") { text.removeLast() }
    return text
}
