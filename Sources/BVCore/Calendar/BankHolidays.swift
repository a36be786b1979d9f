#if canImport(FoundationEssentials)
import FoundationEssentials  // JSONDecoder and Data without the rest of Foundation (and ICU)
#else
import Foundation
#endif

/// The bank-holiday divisions of the United Kingdom, named as GOV.UK names them.
public enum Division: String, Sendable, Hashable, CaseIterable, Codable {
    case englandAndWales = "england-and-wales"
    case scotland
    case northernIreland = "northern-ireland"

    public var title: String {
        switch self {
        case .englandAndWales: "England and Wales"
        case .scotland: "Scotland"
        case .northernIreland: "Northern Ireland"
        }
    }
}

/// One day off: a bank holiday, a substitute day, or an authority closure day.
public struct DayOff: Sendable, Hashable, Codable {
    public let title: String
    public let date: CivilDate
    public let notes: String

    public init(title: String, date: CivilDate, notes: String = "") {
        self.title = title
        self.date = date
        self.notes = notes
    }
}

/// Bank holidays per division, read from files in GOV.UK's `bank-holidays.json` format.
///
/// GOV.UK publishes only a year or two ahead, so the data knows which years it covers; a count
/// that reaches past them fails rather than treating an unknown year as holiday-free.
public struct BankHolidays: Sendable, Hashable {
    /// Days off per division (including the pseudo-division `authority-closures`).
    public private(set) var days: [String: [DayOff]]

    /// The name under which an authority lists its own closure days in the same format.
    public static let closuresDivision = "authority-closures"

    public init(days: [String: [DayOff]] = [:]) {
        self.days = days.mapValues { $0.sorted { $0.date < $1.date } }
    }

    /// Parses GOV.UK's format: `{"england-and-wales": {"division": ..., "events": [{"title", "date", "notes", "bunting"}]}}`.
    public init(govUKJSON bytes: [UInt8], source: String) throws(CalendarError) {
        struct File: Decodable {
            struct Event: Decodable { let title: String; let date: String; let notes: String? }
            let events: [Event]
        }
        let file: [String: File]
        do {
            file = try JSONDecoder().decode([String: File].self, from: Data(bytes))
        } catch {
            throw .unreadableHolidays(source: source, reason: Self.describe(error))
        }
        var days: [String: [DayOff]] = [:]
        for (division, content) in file {
            for (index, event) in content.events.enumerated() {
                guard let date = CivilDate(event.date) else {
                    throw .unreadableHolidays(
                        source: source,
                        reason: "\(division) event \(index + 1) ('\(event.title)') has date '\(event.date)', which is not a date of the form YYYY-MM-DD")
                }
                days[division, default: []].append(DayOff(title: event.title, date: date, notes: event.notes ?? ""))
            }
        }
        self.init(days: days)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: return context.debugDescription
        case .keyNotFound(let key, let context)?:
            return "missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return String(describing: error)
        }
    }

    /// The years with at least one listed day in `division`.
    public func coveredYears(_ division: Division) -> ClosedRange<Int>? {
        guard let list = days[division.rawValue], let first = list.first, let last = list.last else { return nil }
        return first.date.year...last.date.year
    }

    public func days(in division: Division, year: Int) -> [DayOff] {
        (days[division.rawValue] ?? []).filter { $0.date.year == year }
    }

    public var closures: [DayOff] { days[Self.closuresDivision] ?? [] }

    /// Lays a newer file over this one: for each division, the years the newer file lists replace
    /// the same years here, so corrected or moved holidays win and older years are kept.
    public func overlaid(with newer: BankHolidays) -> BankHolidays {
        var merged = days
        for (division, list) in newer.days {
            let years = Set(list.map(\.date.year))
            merged[division] = (merged[division] ?? []).filter { !years.contains($0.date.year) } + list
        }
        return BankHolidays(days: merged)
    }
}

extension BankHolidays {
    /// The GOV.UK snapshot compiled into bvd (2020 to 2028), so that counting works with no files.
    public static let bundled: BankHolidays = {
        do {
            return try BankHolidays(govUKJSON: PackageResources.bank_holidays_json, source: "bundled bank-holidays.json")
        } catch {
            fatalError("the bundled bank-holidays.json does not parse: \(error)")
        }
    }()
}
