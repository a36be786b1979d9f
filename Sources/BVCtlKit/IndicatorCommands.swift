import ArgumentParser
import BVCore

/// `bvctl indicator …`: performance indicators, targets and measurements.
struct IndicatorGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Add performance indicators, set their targets, record measurements and list them.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl indicator add housing-repairs HR-01 --name \"Repairs done right first time\" --unit percent --polarity higher --baseline 81.5"))",
        subcommands: [IndicatorAdd.self, IndicatorTarget.self, IndicatorRecord.self, IndicatorList.self, IndicatorStatus.self, IndicatorExtend.self, IndicatorRemove.self]
    )
}

/// The review and indicator-code arguments.
struct IndicatorCode: ParsableArguments {
    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The indicator's code, e.g. HR-01.", valueName: "code")) var code: String

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(code, "code")
    }
}

struct IndicatorAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a performance indicator: adopt one of the workflow's catalogue by its code, or describe your own.",
        discussion: """
            For a code of the workflow's catalogue (bvctl workflow show lists it, e.g. BV8, BV185, BV212) the name, \
            unit, polarity, definition and source come from the catalogue; options given override them.

            Examples:
            \(CommandExample.laidOut(#"bvctl indicator add housing-repairs BV185 --baseline 71 --baseline-period 2026/27"#))
            \(CommandExample.laidOut(#"bvctl indicator add housing-repairs HR-01 --name "Repairs done right first time" --unit percent --polarity higher --baseline 81.5"#))
            """)

    @OptionGroup var indicator: IndicatorCode
    @Option(help: "What the indicator measures (from the catalogue when left out).") var name: String?
    @Option(help: ArgumentHelp("The unit: \(IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "unit")) var unit: String?
    @Option(help: ArgumentHelp("higher or lower: which way is better.", valueName: "polarity")) var polarity: String?
    @Option(help: ArgumentHelp("The value before the review.", valueName: "number")) var baseline: Double?
    @Option(help: ArgumentHelp("When the baseline was measured, e.g. 2026/27.", valueName: "period")) var baselinePeriod: String?
    @Option(help: "How the indicator is calculated, as the plan publishes it.") var definition: String?
    @Option(help: ArgumentHelp("\(IndicatorSource.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "source")) var source: String?
    @Option(help: ArgumentHelp("How far short of target, in the indicator's unit, is still 'at risk' (default: the workflow's share of the target).", valueName: "number"))
    var tolerance: Double?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        if let name { try requireText(name, "--name") }
        if let polarity { try requireChoice(polarity, "--polarity", Polarity.allCases.map(\.rawValue)) }
        if let unit, IndicatorUnit(parsing: unit) == nil {
            throw ValidationError("--unit must be one of \(IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", ")), not '\(unit)'")
        }
        if let source { try requireChoice(source, "--source", IndicatorSource.allCases.map(\.rawValue)) }
        if let baseline, !baseline.isFinite { throw ValidationError("--baseline must be a number") }
        if let tolerance, !(tolerance.isFinite && tolerance >= 0) { throw ValidationError("--tolerance must be a number, 0 or more") }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(indicator.review, "indicators"),
                               body: ["code": indicator.code, "name": name, "unit": unit, "polarity": polarity, "baseline": baseline,
                                      "baselinePeriod": baselinePeriod, "definition": definition, "source": source, "tolerance": tolerance],
                               message: "Added indicator \(indicator.code)\(name.map { ": \($0)" } ?? "").")
    }
}

struct IndicatorTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Set an indicator's target for the plan year or another financial year.",
        discussion: """
            Targets are per financial year (1 April to 31 March); --year 2029 means 2029/30. A monitoring period \
            is measured against the target of the year it falls in.

            Examples:
            \(CommandExample.laidOut(#"bvctl indicator target housing-repairs HR-01 --target 90"#))
            \(CommandExample.laidOut(#"bvctl indicator target housing-repairs HR-01 --target 93 --year 2029"#))
            """)

    @OptionGroup var indicator: IndicatorCode
    @Option(help: ArgumentHelp("The value to reach.", valueName: "number")) var target: Double
    @Option(help: ArgumentHelp("The financial year starting 1 April of this year (default: the plan year).", valueName: "year")) var year: Int?
    @Option(help: ArgumentHelp("For the plan year, the date by which to reach it: \(DateArgument.dateForms).", valueName: "date")) var by: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        guard target.isFinite else { throw ValidationError("--target must be a number") }
        if let year, !(2000...2100).contains(year) { throw ValidationError("--year must be a year such as 2028, not \(year)") }
        _ = try DateOption.date(by, "--by")
    }

    func run() throws {
        let date = try DateOption.date(by, "--by")
        let years = year.map { " for \(FinancialYear($0))" } ?? ""
        try connection.command("PUT", APIPath.review(indicator.review, "indicators", indicator.code, "target"),
                               body: ["target": target, "by": date?.description, "year": year],
                               message: "Set the target of \(indicator.code) to \(target.plain)\(years)" + (date.map { " by \($0)" } ?? "") + ".")
    }
}

struct IndicatorRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an indicator's value for a monitoring period that has ended (in the monitoring phase).",
        discussion: """
            Periods follow the financial year: period 1 is the quarter monitoring began in (bvctl indicator status \
            lists them). A later value for the same period replaces the earlier one; when every indicator of a \
            period is measured, the representatives are sent the monitoring report.

            Example:
            \(CommandExample.laidOut(#"bvctl indicator record housing-repairs HR-01 --period 1 --value 84.2"#))
            """)

    @OptionGroup var indicator: IndicatorCode
    @Option(help: ArgumentHelp("The monitoring period, from 1.", valueName: "n")) var period: Int
    @Option(help: ArgumentHelp("The value measured.", valueName: "number")) var value: Double
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        guard period >= 1 else { throw ValidationError("--period counts from 1, not \(period)") }
        guard value.isFinite else { throw ValidationError("--value must be a number") }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(indicator.review, "indicators", indicator.code, "measurements"),
                               body: ["period": period, "value": value],
                               message: "Recorded \(indicator.code) = \(value.plain) for period \(period).")
    }
}

struct IndicatorList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a review's indicators with baseline, target and each period's measurement.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the indicators are \
            under .review.indicators and the measurements under .review.measurements.

            Example:
            \(CommandExample.laidOut(#"bvctl indicator list housing-repairs"#))
            """)

    @OptionGroup var listing: ReviewListing
    var review: String { listing.review }

    func run() throws {
        guard let state = try listing.state() else { return }
        guard !state.indicators.isEmpty else { return print("No indicators yet (bvctl indicator add).") }
        let rows = state.indicators.map { indicator -> [String] in
            let measured = state.measurements.filter { $0.indicator == indicator.code }.sorted { $0.period < $1.period }
            return [indicator.code, indicator.unit, indicator.polarity.rawValue, indicator.baseline?.plain ?? "-",
                    targets(indicator),
                    measured.isEmpty ? "-" : measured.map { "P\($0.period) \($0.value.plain)" }.joined(separator: ", "),
                    indicator.name]
        }
        print(grid(rows, header: ["CODE", "UNIT", "BETTER", "BASELINE", "TARGET", "MEASURED", "NAME"]))
    }

    /// "85 (2028/29), 90 (2029/30)", or NONE.
    func targets(_ indicator: Indicator) -> String {
        guard !indicator.targets.isEmpty else { return indicator.target?.plain ?? "NONE" }
        return indicator.targets.map { "\($0.value.plain) (\(FinancialYear($0.year)))" }.joined(separator: ", ")
    }
}

struct IndicatorStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each monitoring period with every indicator's value, target, status (on track, at risk, off track) and trend.",
        discussion: """
            A value short of its target by no more than the tolerance (the workflow's share of the target, or the \
            indicator's own) is at risk; beyond that, off track. The trend compares with the indicator's previous \
            measured period. With --json, prints GET /v1/reviews/ID/monitoring.

            Example:
            \(CommandExample.laidOut(#"bvctl indicator status housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    struct Reply: Decodable { let begun: Bool; let cycles: Int; let periods: [MonitoringPeriodSummary] }

    func run() throws {
        guard let reply = try connection.read(Reply.self, APIPath.review(review, "monitoring")) else { return }
        guard reply.begun else { return print("Monitoring has not begun: the review is not yet in its monitoring phase.") }
        var rows: [[String]] = []
        for period in reply.periods {
            let state = period.overdue ? Style.red("OVERDUE") : period.complete ? "measured" : period.closed ? "due" : period.begun ? "running" : "to come"
            for (i, reading) in period.readings.enumerated() {
                rows.append([i == 0 ? "\(period.period) \(period.label)" : "", i == 0 ? Style.lastDay(period.due) : "",
                             i == 0 ? state : "", reading.indicator, reading.value?.plain ?? "-", reading.target?.plain ?? "-",
                             reading.status == .offTrack ? Style.red(reading.status.words) : reading.status.words, reading.trend?.words ?? ""])
            }
        }
        print(grid(rows, header: ["PERIOD", "DUE BY", "STATE", "CODE", "VALUE", "TARGET", "STATUS", "TREND"]))
        if reply.cycles > 1 { print("\nMonitoring runs \(reply.cycles) cycles (extended with bvctl indicator extend).") }
    }
}

struct IndicatorExtend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Keep the review open for another cycle of monitoring periods instead of closing it.",
        discussion: """
            The review can close only by decision after its last monitoring period; extending adds another cycle \
            (four more quarters with the shipped workflow), with their reminders and reports.

            Example:
            \(CommandExample.laidOut(#"bvctl indicator extend housing-repairs"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    func run() throws {
        try connection.command("POST", APIPath.review(review, "monitoring", "extend"), message: "Extended the monitoring of '\(review)' by another cycle.")
    }
}

struct IndicatorRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an indicator added by mistake (refused once it has a measurement).",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl indicator remove housing-repairs HR-09"))")

    @OptionGroup var indicator: IndicatorCode
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        try connection.command("DELETE", APIPath.review(indicator.review, "indicators", indicator.code),
                               message: "Removed indicator \(indicator.code) and its targets.")
    }
}
