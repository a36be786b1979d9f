import Foundation
import Testing

/// A command line bvctl must refuse as a usage error, and words its message must contain.
struct UsageCase: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let mentions: [String]
    let usageOf: String

    init(_ line: String, mentions: [String], usageOf: String) {
        arguments = line.split(separator: " ").map(String.init)
        self.mentions = mentions
        self.usageOf = usageOf
    }

    var testDescription: String { "bvctl \(arguments.joined(separator: " "))" }
}

@Suite("bvctl usage errors, help and version")
struct UsageAndHelpTests {
    static let usageErrors: [UsageCase] = [
        .init("calendar before 2027-04-01", mentions: ["--clear-days N", "exactly one"], usageOf: "bvctl calendar before"),
        .init("calendar after 2027-03-25", mentions: ["--clear-days N", "exactly one"], usageOf: "bvctl calendar after"),
        .init("calendar count 2027-03-25 2027-04-01", mentions: ["--clear-days", "exactly one"], usageOf: "bvctl calendar count"),
        .init("calendar before 2027-04-01 --clear-days 5 --working-days 5", mentions: ["exactly one"], usageOf: "bvctl calendar before"),
        .init("calendar count 2027-03-25 2027-04-01 --clear-days --calendar-days", mentions: ["exactly one"],
              usageOf: "bvctl calendar count"),
        .init("calendar before 2027-02-30 --clear-days 5", mentions: ["'2027-02-30' is not a date: February 2027 has 28 days"], usageOf: "bvctl calendar before"),
        .init("calendar before someday --clear-days 5", mentions: ["DATE: 'someday' is not a date; use YYYY-MM-DD, today"], usageOf: "bvctl calendar before"),
        .init("calendar count 2027-02-30 2027-04-01 --clear-days", mentions: ["FROM", "'2027-02-30'"], usageOf: "bvctl calendar count"),
        .init("calendar before 2027-04-01 --clear-days 5 --division england", mentions: ["unknown division 'england'", "scotland"],
              usageOf: "bvctl calendar before"),
        .init("calendar holidays 2027 --division wales", mentions: ["unknown division 'wales'"], usageOf: "bvctl calendar holidays"),
        .init("calendar before 2027-04-01 --clear-days 5 --exclude weekdays", mentions: ["'weekdays'", "bank-holidays"],
              usageOf: "bvctl calendar before"),
        .init("calendar count 2027-03-25 2027-04-01 --clear-days --exclude sundays,fridays", mentions: ["'fridays'"],
              usageOf: "bvctl calendar count"),
        .init("calendar count 2027-04-01 2027-03-25 --clear-days", mentions: ["FROM (2027-04-01)", "TO (2027-03-25)", "after"],
              usageOf: "bvctl calendar count"),
        .init("calendar before 2027-04-01 --clear-days 99999", mentions: ["between 0 and 3660"], usageOf: "bvctl calendar before"),
        .init("calendar frobnicate", mentions: ["'frobnicate'"], usageOf: "bvctl calendar"),
        .init("workflow check", mentions: ["<files>"], usageOf: "bvctl workflow check"),
        .init("org add youth --name Youth --category young-people --contact Kim", mentions: ["give --email or --phone (or both) with --contact"],
              usageOf: "bvctl org add"),
        .init("org add youth --name Youth --category young-people --email kim@youth.example", mentions: ["give --contact"],
              usageOf: "bvctl org add"),
    ]

    @Test("usage errors exit 2, print nothing on stdout and name the problem and the command", arguments: usageErrors)
    func usageError(_ example: UsageCase) throws {
        let result = try BVCtlProcess.run(example.arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        for word in example.mentions {
            #expect(result.stderr.contains(word), "'\(word)' missing from: \(result.stderr)")
        }
        #expect(result.stderr.contains("Usage: \(example.usageOf)"), "\(result.stderr)")
    }

    @Test("bvctl --help explains the exit statuses and gives an example")
    func rootHelp() throws {
        let result = try BVCtlProcess.run(["--help"])
        #expect(result.status == 0)
        let text = result.stdout.collapsingWhitespace
        #expect(text.contains("Example"))
        #expect(text.contains("bvctl calendar before 2027-04-01 --clear-days 5"))
        #expect(text.contains("2 usage"))
        #expect(text.contains("calendar"))
        #expect(text.contains("workflow"))
    }

    @Test("bvctl calendar before --help gives the worked example and the exclusion words")
    func beforeHelp() throws {
        let result = try BVCtlProcess.run(["calendar", "before", "--help"])
        #expect(result.status == 0)
        let text = result.stdout.collapsingWhitespace
        #expect(text.contains("Example: # 2027-03-22, the last day to publish papers bvctl calendar before 2027-04-01 --clear-days 5"), "\(result.stdout)")
        #expect(text.contains("--working-days"))
        #expect(text.contains("christmas-break"))
        #expect(text.contains("authority-closures"))
    }

    @Test("the other calendar commands' help give examples too", arguments: ["count", "after", "holidays"])
    func otherHelp(_ command: String) throws {
        let result = try BVCtlProcess.run(["calendar", command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.collapsingWhitespace.contains("Example: ") && result.stdout.contains("\n  bvctl calendar \(command) "), "\(result.stdout)")
    }

    /// Help is wrapped to 80 columns wherever a space falls, even inside a quoted argument; an
    /// example so broken could not be pasted into a shell.
    @Test("every example in every command's help fits on its lines unbroken, continued with a backslash")
    func examplesAreNotWrapped() throws {
        let dump = try BVCtlProcess.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var discussions: [(String, String)] = []
        func walk(_ command: [String: Any], _ path: String) {
            let name = path.isEmpty ? "bvctl" : path + " " + (command["commandName"] as? String ?? "")
            if let discussion = command["discussion"] as? String { discussions.append((name, discussion)) }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, name) }
        }
        walk(try #require(tool["command"] as? [String: Any]), "")
        #expect(discussions.count > 40)
        var examples = 0
        for (command, discussion) in discussions {
            var continued = false
            for line in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == " " }
                guard continued || trimmed.hasPrefix("bvctl ") || trimmed.hasPrefix("# ") else { continue }
                examples += 1
                // argument-parser breaks a line of 80 columns already.
                #expect(line.count < 80, "\(command): an example line of \(line.count) columns is wrapped in the middle:\n\(line)")
                continued = line.hasSuffix(" \\")
            }
        }
        #expect(examples > 80)
    }

    @Test("bvctl --version prints a version number and nothing else")
    func version() throws {
        let result = try BVCtlProcess.run(["--version"])
        #expect(result.status == 0)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = line.split(separator: ".")
        #expect(parts.count == 3, "\(line)")
        #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(line)")
    }
}
