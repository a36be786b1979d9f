import Foundation
import Testing

/// What `bvctl workflow check --json` prints: one report per file.
struct CheckReportJSON: Decodable {
    struct Problem: Decodable, Equatable {
        let line: Int
        let column: Int
        let message: String
    }
    let file: String
    let ok: Bool
    let workflow: String?
    let version: Int?
    let sha256: String?
    let problems: [Problem]
}

/// A copy of the shipped workflow with known mistakes, and where each one is in the copy.
struct BrokenWorkflow {
    struct Planted {
        let line: Int
        let column: Int
        let words: [String]
    }

    let text: String
    let planted: [Planted]

    /// Replaces text that occurs exactly once; `marker` is the part of the new text the problem points at.
    static func make() throws -> BrokenWorkflow {
        var text = try String(contentsOf: BVCtlProcess.shippedWorkflow, encoding: .utf8)
        let edits: [(old: String, new: String, marker: String, words: [String])] = [
            ("    title: Agenda and reports open to inspection before the meeting\n",
             "    title: Agenda and reports open to inspection before the meeting\n    colour: blue\n",
             "colour", ["unknown key 'colour'", "papers-five-clear-days"]),
            ("period: P12W", "period: P12X", "P12X", ["'P12X'", "duration", "consultation-twelve-weeks"]),
            ("kind: disclosure-settled", "kind: disclosure-setled", "disclosure-setled", ["unknown rule kind 'disclosure-setled'"]),
            ("rules: [consultation-twelve-weeks, response-window, responses-considered]",
             "rules: [consultation-twelve-weeks, response-windw, responses-considered]",
             "response-windw", ["close-involvement", "unknown rule 'response-windw'"]),
        ]
        for edit in edits {
            let count = text.components(separatedBy: edit.old).count - 1
            guard count == 1 else {
                throw BVCtlProcess.Failure(description: "the shipped workflow has '\(edit.old)' \(count) times; update this test")
            }
            text = text.replacingOccurrences(of: edit.old, with: edit.new)
        }
        let lines = text.components(separatedBy: "\n")
        let planted = try edits.map { edit in
            guard let index = lines.firstIndex(where: { $0.contains(edit.marker) }),
                  let range = lines[index].range(of: edit.marker) else {
                throw BVCtlProcess.Failure(description: "lost '\(edit.marker)'")
            }
            return Planted(line: index + 1, column: lines[index].distance(from: lines[index].startIndex, to: range.lowerBound) + 1,
                           words: edit.words)
        }
        return BrokenWorkflow(text: text, planted: planted.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
}

@Suite("bvctl workflow check and show")
struct WorkflowCommandTests {
    @Test("the shipped workflow checks ok, with its id, version and hash")
    func shippedWorkflowIsOK() throws {
        let result = try BVCtlProcess.run(["workflow", "check", "workflows/best-value-review.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.lines == [result.stdout.lines.first ?? ""])
        let line = try #require(result.stdout.lines.first)
        #expect(line.hasPrefix("workflows/best-value-review.yaml: ok (best-value-review version 1, sha256 "))

        let json = try decodeJSON([CheckReportJSON].self,
                                  try BVCtlProcess.run(["workflow", "check", "workflows/best-value-review.yaml", "--json"]).stdout)
        #expect(json.count == 1)
        #expect(json.first?.ok == true)
        #expect(json.first?.workflow == "best-value-review")
        #expect(json.first?.problems.isEmpty == true)
        let sha = try #require(json.first?.sha256)
        #expect(sha.count == 64 && sha.allSatisfy(\.isHexDigit))
        #expect(line.contains(String(sha.prefix(12))))
    }

    @Test("a broken copy exits 1 and prints every problem as file:line:column: message")
    func brokenCopyText() throws {
        let broken = try BrokenWorkflow.make()
        let directory = try TemporaryDirectory()
        let file = try directory.write(broken.text, to: "broken.yaml")

        let result = try BVCtlProcess.run(["workflow", "check", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let problems = result.stderr.lines.filter { $0.hasPrefix(file + ":") }
        #expect(problems.count == broken.planted.count, "\(result.stderr)")
        for (line, planted) in zip(problems, broken.planted) {
            #expect(line.hasPrefix("\(file):\(planted.line):\(planted.column): "), "\(line)")
            for word in planted.words { #expect(line.contains(word), "'\(word)' missing from: \(line)") }
        }
        #expect(result.stderr.lines.last == "bvctl: \(broken.planted.count) problems in 1 of 1 file")
    }

    @Test("--json lists the problems of a broken copy as data")
    func brokenCopyJSON() throws {
        let broken = try BrokenWorkflow.make()
        let directory = try TemporaryDirectory()
        let file = try directory.write(broken.text, to: "broken.yaml")

        let result = try BVCtlProcess.run(["workflow", "check", "--json", file])
        #expect(result.status == 1)
        let reports = try decodeJSON([CheckReportJSON].self, result.stdout)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.file == file)
        #expect(!report.ok)
        #expect(report.workflow == nil && report.sha256 == nil)
        #expect(report.problems.map { [$0.line, $0.column] } == broken.planted.map { [$0.line, $0.column] })
        for (problem, planted) in zip(report.problems, broken.planted) {
            for word in planted.words { #expect(problem.message.contains(word), "'\(word)' missing from: \(problem.message)") }
            #expect(!problem.message.contains(file), "the message should not repeat the file name")
        }
    }

    @Test("several files at once: the good one is ok, the bad one's problems are reported, and the exit status is 1")
    func goodAndBadTogether() throws {
        let broken = try BrokenWorkflow.make()
        let directory = try TemporaryDirectory()
        let bad = try directory.write(broken.text, to: "broken.yaml")
        let good = "workflows/best-value-review.yaml"

        let text = try BVCtlProcess.run(["workflow", "check", good, bad])
        #expect(text.status == 1)
        #expect(text.stdout.lines.count == 1)
        #expect(text.stdout.hasPrefix("\(good): ok "))
        #expect(text.stderr.lines.filter { $0.hasPrefix(bad + ":") }.count == broken.planted.count)
        #expect(text.stderr.lines.last == "bvctl: \(broken.planted.count) problems in 1 of 2 files")

        let json = try BVCtlProcess.run(["workflow", "check", "--json", good, bad])
        #expect(json.status == 1)
        let reports = try decodeJSON([CheckReportJSON].self, json.stdout)
        #expect(reports.map(\.file) == [good, bad])
        #expect(reports.map(\.ok) == [true, false])
        #expect(reports.map(\.problems.count) == [0, broken.planted.count])
    }

    @Test("a missing file exits 1 and says the file cannot be read")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("no-such-workflow.yaml").path
        let result = try BVCtlProcess.run(["workflow", "check", missing])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let first = try #require(result.stderr.lines.first)
        #expect(first.hasPrefix("\(missing):"))
        #expect(first.contains("cannot read"))

        let shown = try BVCtlProcess.run(["workflow", "show", missing])
        #expect(shown.status == 1)
        #expect(shown.stderr.contains("cannot read"))
    }

    @Test("workflow show prints the six phases in order with their decisions and the papers rule")
    func show() throws {
        let result = try BVCtlProcess.run(["workflow", "show", "workflows/best-value-review.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.lines
        #expect(lines.first == "Best Value review (England)")
        #expect(lines.contains("Time zone Europe/London, bank holidays of England and Wales"))

        let phases = ["1. Scoping [scoping]", "2. Involvement [involvement]", "3. Baseline agreement [baseline]",
                      "4. Assessment [assessment]", "5. Local Performance Plan [performance-plan]", "6. Monitoring [monitoring]"]
        let phaseLines = lines.filter { $0.first?.isNumber == true }
        #expect(phaseLines == phases)

        // Each phase's decisions appear between its heading and the next.
        let decisions: [[String]] = [
            ["agree-scope", "agree-involvement-plan", "agree-information"], ["close-involvement"], ["agree-baseline"],
            ["approve-assessment"], ["approve-plan", "publish-plan"], ["close-review"],
        ]
        let starts = phases.compactMap { lines.firstIndex(of: $0) }
        try #require(starts.count == 6)
        for (index, ids) in decisions.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : lines.count
            let section = lines[starts[index]..<end].filter { $0.contains("Decision: ") }
            #expect(section.map { $0.components(separatedBy: "[").last?.components(separatedBy: "]").first } == ids,
                    "phase \(phases[index])")
        }
        #expect(lines.contains { $0.contains("Decision: Approve the assessment and its recommendations [approve-assessment] (key decision, at a meeting)") })

        let papers = "- Agenda and reports open to inspection before the meeting: papers published 5 clear days "
            + "(weekends, bank-holidays excluded) before the meeting [Local Government Act 1972 s100B(3),(4)]"
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == papers })
        #expect(lines.filter { $0.contains("papers published 5 clear days") }.count == 7,
                "every decision at a meeting carries the papers rule")
    }
}
