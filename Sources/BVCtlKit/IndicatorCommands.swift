import ArgumentParser
import BVCore

/// `bvctl indicator …`: performance indicators, targets and measurements.
struct IndicatorGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Add performance indicators, set their targets, record measurements and list them.",
        discussion: "Example: bvctl indicator add housing-repairs HR-01 --name \"Repairs done right first time\" --unit percent --polarity higher --baseline 81.5",
        subcommands: [IndicatorAdd.self, IndicatorTarget.self, IndicatorRecord.self, IndicatorList.self]
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
        abstract: "Add a performance indicator, with its unit, which way is better and its baseline.",
        discussion: "Example: bvctl indicator add housing-repairs HR-01 --name \"Repairs done right first time\" --unit percent --polarity higher --baseline 81.5")

    @OptionGroup var indicator: IndicatorCode
    @Option(help: "What the indicator measures.") var name: String
    @Option(help: "The unit, e.g. percent, days, pounds.") var unit: String
    @Option(help: ArgumentHelp("higher or lower: which way is better.", valueName: "polarity")) var polarity: String
    @Option(help: ArgumentHelp("The value before the review.", valueName: "number")) var baseline: Double?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireText(name, "--name")
        try requireText(unit, "--unit")
        try requireChoice(polarity, "--polarity", Polarity.allCases.map(\.rawValue))
        if let baseline, !baseline.isFinite { throw ValidationError("--baseline must be a number") }
    }

    func run() throws {
        try connection.command("POST", APIPath.review(indicator.review, "indicators"),
                               body: ["code": indicator.code, "name": name, "unit": unit, "polarity": polarity, "baseline": baseline],
                               message: "Added indicator \(indicator.code): \(name).")
    }
}

struct IndicatorTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Set an indicator's target, and optionally the date by which to reach it.",
        discussion: "Example: bvctl indicator target housing-repairs HR-01 --target 90 --by 2028-03-31")

    @OptionGroup var indicator: IndicatorCode
    @Option(help: ArgumentHelp("The value to reach.", valueName: "number")) var target: Double
    @Option(help: ArgumentHelp("The date by which to reach it: \(DateArgument.dateForms).", valueName: "date")) var by: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        guard target.isFinite else { throw ValidationError("--target must be a number") }
        _ = try DateOption.date(by, "--by")
    }

    func run() throws {
        let date = try DateOption.date(by, "--by")
        try connection.command("PUT", APIPath.review(indicator.review, "indicators", indicator.code, "target"),
                               body: ["target": target, "by": date?.description],
                               message: "Set the target of \(indicator.code) to \(target.plain)" + (date.map { " by \($0)" } ?? "") + ".")
    }
}

struct IndicatorRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an indicator's value for a monitoring period (in the monitoring phase).",
        discussion: """
            A later value for the same period replaces the earlier one.

            Example: bvctl indicator record housing-repairs HR-01 --period 1 --value 84.2
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

            Example: bvctl indicator list housing-repairs
            """)

    @OptionGroup var listing: ReviewListing
    var review: String { listing.review }

    func run() throws {
        guard let state = try listing.state() else { return }
        guard !state.indicators.isEmpty else { return print("No indicators yet (bvctl indicator add).") }
        let rows = state.indicators.map { indicator -> [String] in
            let measured = state.measurements.filter { $0.indicator == indicator.code }.sorted { $0.period < $1.period }
            return [indicator.code, indicator.unit, indicator.polarity.rawValue, indicator.baseline?.plain ?? "-",
                    indicator.target.map { $0.plain + (indicator.targetDate.map { " by \($0)" } ?? "") } ?? "NONE",
                    measured.isEmpty ? "-" : measured.map { "P\($0.period) \($0.value.plain)" }.joined(separator: ", "),
                    indicator.name]
        }
        print(grid(rows, header: ["CODE", "UNIT", "BETTER", "BASELINE", "TARGET", "MEASURED", "NAME"]))
    }
}
