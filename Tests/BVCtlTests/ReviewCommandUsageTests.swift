import Foundation
import Testing

/// The daemon commands' help and the usage errors bvctl finds before it connects to bvd.
@Suite("bvctl review commands: help and usage errors")
struct ReviewCommandUsageTests {
    static let commands: [String] = [
        "review create", "review list", "review show", "review advance", "review invite", "review why", "review plan",
        "review log", "review verify", "review rebuild", "review export", "review import", "review calendar", "review open-data",
        "rep add", "rep remove", "rep list",
        "meeting schedule", "meeting reschedule", "meeting cancel", "meeting papers", "meeting notice", "meeting held", "meeting list",
        "proposal publish", "proposal list", "response add", "response consider", "response list",
        "decision notice", "decision take", "decision list",
        "baseline publish", "baseline sign", "baseline consider", "baseline status",
        "disclosure set", "disclosure list", "assessment set", "assessment list",
        "indicator add", "indicator target", "indicator record", "indicator list", "indicator status", "indicator extend",
        "action set", "action list", "plan render", "report", "indicator remove",
        "agenda", "notices list",
        "review", "rep", "meeting", "proposal", "response", "decision", "baseline", "disclosure", "assessment", "indicator", "notices",
        "action", "plan",
    ]

    /// The commands that write documents (Markdown, HTML, SVG, iCalendar, CSV, an archive): no `--json`.
    static let documentCommands: Set<String> = ["plan render", "report", "review calendar", "review open-data", "review export"]

    @Test("every command's help gives an example of itself and the --socket option, and --json where there is JSON to print", arguments: commands)
    func help(_ command: String) throws {
        let result = try BVCtlProcess.run(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.status == 0)
        let text = result.stdout.collapsingWhitespace
        #expect(text.contains("Example: ") || text.contains("Examples: "), "\(text)")
        #expect(result.stdout.contains("\n  bvctl \(command) ") || result.stdout.contains("\n  bvctl \(command.split(separator: " ")[0]) "), "\(result.stdout)")
        if command.contains(" ") || command == "agenda" || command == "report" {
            #expect(text.contains("--socket"), "\(text)")
            #expect(text.contains("--json") == !Self.documentCommands.contains(command), "\(text)")
        }
    }

    static let usageErrors: [UsageCase] = [
        .init("review create Housing_Repairs --title T --service S --lead l", mentions: ["lower-case letters, digits and hyphens", "'Housing_Repairs'"],
              usageOf: "bvctl review create"),
        .init("agenda --days -1", mentions: ["--days must be from 0 to 366, not -1"], usageOf: "bvctl agenda"),
        .init("rep add r1 unison-branch a/b --name Sam --email sam@example.org", mentions: ["'a/b' is not an id: an id has no spaces and no '/'"],
              usageOf: "bvctl rep add"),
        .init("review create r1 --title T --service S --lead l --plan-year 99", mentions: ["--plan-year", "2000 to 2100"], usageOf: "bvctl review create"),
        .init("review create r1 --service S --lead l", mentions: ["--title"], usageOf: "bvctl review create"),
        .init("review why r1 --meeting cc-1", mentions: ["--meeting needs a DECISION"], usageOf: "bvctl review why"),
        .init("review plan r1 agree-scope --on 2027-02-30", mentions: ["--on: '2027-02-30' is not a date", "February 2027 has 28 days"],
              usageOf: "bvctl review plan"),
        .init("review plan r1 agree-scope --on someday", mentions: ["'someday' is not a date", "next monday"], usageOf: "bvctl review plan"),
        .init("review plan r1 agree-scope --on 2020-01-01", mentions: ["2020-01-01 is in the past"], usageOf: "bvctl review plan"),
        .init("rep add r1 org rep --name N", mentions: ["give --email or --phone"], usageOf: "bvctl rep add"),
        .init("rep add r1 org rep --name N --email nobody", mentions: ["'nobody' is not an email address"], usageOf: "bvctl rep add"),
        .init("meeting schedule r1 cc-1 --title T --method m --start tomorrow --place P", mentions: ["'tomorrow' has no time of day"],
              usageOf: "bvctl meeting schedule"),
        .init("meeting schedule r1 cc-1 --title T --method m --start 2020-01-01T18:30 --place P", mentions: ["in the past"],
              usageOf: "bvctl meeting schedule"),
        .init("meeting schedule r1 cc-1 --title T --method m --start 2099-01-01T18:30 --place P --invite a --invite-all", mentions: ["--invite-all"],
              usageOf: "bvctl meeting schedule"),
        .init("meeting papers r1 cc-1 --on +2d", mentions: ["is in the future"], usageOf: "bvctl meeting papers"),
        .init("meeting notice r1 cc-1 --on 2027-13-01", mentions: ["there is no month 13"], usageOf: "bvctl meeting notice"),
        .init("proposal publish r1 p1 --title T --deadline today", mentions: ["is not after today"], usageOf: "bvctl proposal publish"),
        .init("baseline sign r1 --org tf", mentions: ["exactly one of --agree or --object"], usageOf: "bvctl baseline sign"),
        .init("baseline sign r1 --org tf --agree --object --reason x", mentions: ["exactly one of --agree or --object"], usageOf: "bvctl baseline sign"),
        .init("baseline sign r1 --org tf --object", mentions: ["--reason"], usageOf: "bvctl baseline sign"),
        .init("disclosure set r1 item --title T --disclosure secret", mentions: ["public, representatives, exempt, undecided", "'secret'"],
              usageOf: "bvctl disclosure set"),
        .init("disclosure set r1 item --title T --disclosure exempt", mentions: ["--reason"], usageOf: "bvctl disclosure set"),
        .init("assessment set r1 benchmarking --status done --findings F", mentions: ["not-started, in-progress, complete"],
              usageOf: "bvctl assessment set"),
        .init("indicator add r1 HR-01 --name N --unit u --polarity up", mentions: ["higher, lower"], usageOf: "bvctl indicator add"),
        .init("indicator record r1 HR-01 --period 0 --value 3", mentions: ["--period counts from 1"], usageOf: "bvctl indicator record"),
        .init("indicator add r1 HR-01 --unit furlongs", mentions: ["--unit must be one of percent, days", "not 'furlongs'"], usageOf: "bvctl indicator add"),
        .init("indicator target r1 HR-01 --target 90 --year 28", mentions: ["--year must be a year such as 2028, not 28"], usageOf: "bvctl indicator target"),
        .init("action set r1 a1 --title T --owner O --due 2027-02-30", mentions: ["--due", "'2027-02-30' is not a date"], usageOf: "bvctl action set"),
        .init("action set r1 a1 --title T --owner ' ' --due 2027-02-01", mentions: ["--owner"], usageOf: "bvctl action set"),
        .init("report r1 --all", mentions: ["give a review or --all, not both"], usageOf: "bvctl report"),
        .init("report --all --you-said-we-did", mentions: ["--you-said-we-did needs a review"], usageOf: "bvctl report"),
        .init("report", mentions: ["give a review, or --all for every review"], usageOf: "bvctl report"),
        .init("report r1 --timeline --format html", mentions: ["--timeline writes SVG"], usageOf: "bvctl report"),
        .init("report r1 --timeline --you-said-we-did", mentions: ["choose one: --you-said-we-did or --timeline"], usageOf: "bvctl report"),
        // Commands that write documents have no --json: their usage does not offer it.
        .init("plan render r1 --json", mentions: ["Unknown option '--json'"], usageOf: "bvctl plan render"),
        .init("review open-data r1 --csv indicators --json", mentions: ["Unknown option '--json'"], usageOf: "bvctl review open-data"),
        .init("review export r1 --json", mentions: ["Unknown option '--json'"], usageOf: "bvctl review export"),
        .init("plan render r1 --format pdf", mentions: ["pdf"], usageOf: "bvctl plan render"),
        .init("review calendar", mentions: ["give a review, or --all for every open review"], usageOf: "bvctl review calendar"),
        .init("review open-data r1 --csv actions", mentions: ["actions"], usageOf: "bvctl review open-data"),
        .init("decision notice r1 agree-scope --on tomorrow", mentions: ["is in the future"], usageOf: "bvctl decision notice"),
        .init("agenda --days 400", mentions: ["--days must be from 0 to 366"], usageOf: "bvctl agenda"),
        .init("notices list --failed --pending", mentions: ["--failed or --pending, not both"], usageOf: "bvctl notices list"),
    ]

    @Test("usage errors exit 2 before any connection, naming the problem and the command", arguments: usageErrors)
    func usageError(_ example: UsageCase) throws {
        // A socket that does not exist: a usage error must be found before bvctl tries to connect.
        let result = try BVCtlProcess.run(example.arguments, env: ["BVD_SOCKET": "/nonexistent/bvd.sock"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        for word in example.mentions {
            #expect(result.stderr.contains(word), "'\(word)' missing from: \(result.stderr)")
        }
        #expect(result.stderr.contains("Usage: \(example.usageOf)"), "\(result.stderr)")
    }

    @Test("a daemon command with bvd unreachable exits 6 and names the socket")
    func unreachable() throws {
        let result = try BVCtlProcess.run(["review", "list"], env: ["BVD_SOCKET": "/nonexistent/bvd.sock"])
        #expect(result.status == 6)
        #expect(result.stderr.contains("cannot reach bvd at /nonexistent/bvd.sock"))
    }
}
