import ArgumentParser
import BVCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options shared by the calendar commands: which division, which days to leave out, extra files.
struct CalendarOptions: ParsableArguments {
    @Option(help: "Bank-holiday division: england-and-wales, scotland or northern-ireland.")
    var division: String = Division.englandAndWales.rawValue

    @Option(help: ArgumentHelp(
        "Days to leave out, comma-separated: weekends, saturdays, sundays, bank-holidays, christmas-break, easter-break, closures, none.",
        discussion: "Default: weekends,bank-holidays for clear and working days; none for calendar days."))
    var exclude: String?

    @Option(name: .customLong("holidays"), help: ArgumentHelp("A bank-holidays file in GOV.UK format laid over the bundled one (repeatable); its division 'authority-closures' lists closure days.", valueName: "file"))
    var holidayFiles: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// Checked while parsing, so that a bad division is reported with the subcommand's usage.
    func validate() throws {
        _ = try chosenDivision()
    }

    func chosenDivision() throws -> Division {
        guard let division = Division(rawValue: division) else {
            throw ValidationError("unknown division '\(division)'; use \(Division.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return division
    }

    func calendar() throws -> TimetableCalendar {
        let division = try chosenDivision()
        var holidays = BankHolidays.bundled
        for path in holidayFiles {
            let data = try InputFile.read(path)
            do {
                holidays = holidays.overlaid(with: try BankHolidays(govUKJSON: data, source: path))
            } catch {
                throw BVCtlFailure(.error, error.description)
            }
        }
        return TimetableCalendar(division: division, holidays: holidays)
    }

    func excluded(for mode: CountingMode) throws -> ExcludedDays {
        guard let exclude else { return DayCount(0, mode).excluding }
        switch ExcludedDays.parse(exclude.split(separator: ",").map { String($0).trimmingSpaces }) {
        case .success(let set): return set
        case .failure(let error): throw ValidationError(error.description)
        }
    }
}

/// One of `--clear-days`, `--working-days` or `--calendar-days`, with or without a number.
struct CountingModeFlag: ParsableArguments {
    @Flag(name: .customLong("clear-days"), help: "Count clear days: neither end day counts.")
    var clear = false
    @Flag(name: .customLong("working-days"), help: "Count working days.")
    var working = false
    @Flag(name: .customLong("calendar-days"), help: "Count every day.")
    var calendarDays = false

    func mode() throws -> CountingMode {
        let chosen = [(clear, CountingMode.clearDays), (working, .workingDays), (calendarDays, .calendarDays)].filter(\.0)
        guard chosen.count == 1 else { throw ValidationError("choose exactly one of --clear-days, --working-days or --calendar-days") }
        return chosen[0].1
    }
}

/// `--clear-days N`, `--working-days N` or `--calendar-days N`.
struct DayCountOption: ParsableArguments {
    @Option(name: .customLong("clear-days"), help: "A number of clear days (neither end day counts).")
    var clear: Int?
    @Option(name: .customLong("working-days"), help: "A number of working days.")
    var working: Int?
    @Option(name: .customLong("calendar-days"), help: "A number of calendar days.")
    var calendarDays: Int?

    func count() throws -> (Int, CountingMode) {
        let chosen = [(clear, CountingMode.clearDays), (working, .workingDays), (calendarDays, .calendarDays)].filter { $0.0 != nil }
        guard chosen.count == 1, let n = chosen[0].0 else {
            throw ValidationError("give exactly one of --clear-days N, --working-days N or --calendar-days N")
        }
        guard (0...3660).contains(n) else { throw ValidationError("the number of days must be between 0 and 3660") }
        return (n, chosen[0].1)
    }
}

/// A date argument of the calendar commands, in every form the other commands take (today, +3d…).
func parseDate(_ text: String, _ name: String) throws -> CivilDate {
    do {
        return try DateArgument.date(text, today: DateArgument.today(), name: name)
    } catch {
        throw ValidationError(error.description)
    }
}
