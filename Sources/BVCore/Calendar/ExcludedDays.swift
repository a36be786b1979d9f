/// A kind of day that a rule leaves out when it counts days.
///
/// Practice differs by rule and by body: principal councils leave out weekends and bank holidays
/// from clear days, while parish councils (LGA 1972 s243) leave out Sundays, the Christmas and
/// Easter breaks and bank holidays but count Saturdays. Each rule therefore names its own set.
public enum ExcludedDay: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case saturdays
    case sundays
    case bankHolidays = "bank-holidays"
    /// LGA 1972 s243(4): from the last week day before Christmas Day to the first week day
    /// after it that is not a bank holiday.
    case christmasBreak = "christmas-break"
    /// LGA 1972 s243(4): from the Thursday before Easter Day to the Tuesday after it.
    case easterBreak = "easter-break"
    /// The authority's own closure days, from the `authority-closures` calendar.
    case closures

    public static func < (lhs: ExcludedDay, rhs: ExcludedDay) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The set of days a rule leaves out when counting.
public struct ExcludedDays: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kinds: Set<ExcludedDay>

    public init(_ kinds: Set<ExcludedDay>) { self.kinds = kinds }

    public static let nothing = ExcludedDays([])
    public static let weekends = ExcludedDays([.saturdays, .sundays])
    /// The safe default of monitoring officers for agendas and notices.
    public static let weekendsAndBankHolidays = ExcludedDays([.saturdays, .sundays, .bankHolidays])
    /// LGA 1972 s243 for parish and community councils: Saturdays count.
    public static let section243 = ExcludedDays([.sundays, .bankHolidays, .christmasBreak, .easterBreak])

    public func contains(_ kind: ExcludedDay) -> Bool { kinds.contains(kind) }

    /// The names an administrator writes: `weekends`, `saturdays`, `sundays`, `bank-holidays`,
    /// `christmas-break`, `easter-break`, `closures`, or `none`.
    public static let vocabulary = ["weekends", "none"] + ExcludedDay.allCases.map(\.rawValue)

    /// Parses a list of names such as `["weekends", "bank-holidays"]`; nil names the bad word.
    public static func parse(_ names: [String]) -> Result<ExcludedDays, UnknownExcludedDay> {
        var kinds = Set<ExcludedDay>()
        for name in names {
            switch name {
            case "weekends": kinds.formUnion([.saturdays, .sundays])
            case "none": break
            default:
                guard let kind = ExcludedDay(rawValue: name) else { return .failure(UnknownExcludedDay(name: name)) }
                kinds.insert(kind)
            }
        }
        return .success(ExcludedDays(kinds))
    }

    /// The canonical list of names, with `weekends` standing for Saturdays and Sundays together.
    public var names: [String] {
        var result: [String] = []
        var rest = kinds
        if rest.isSuperset(of: [.saturdays, .sundays]) {
            result.append("weekends")
            rest.subtract([.saturdays, .sundays])
        }
        result += rest.sorted().map(\.rawValue)
        return result
    }

    public var description: String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let names = try container.decode([String].self)
        switch ExcludedDays.parse(names) {
        case .success(let set): self = set
        case .failure(let error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}

public struct UnknownExcludedDay: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String {
        "'\(name)' is not a kind of day; use \(ExcludedDays.vocabulary.joined(separator: ", "))"
    }
}
