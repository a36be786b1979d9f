import BVReviewFixtures
import Foundation
import Testing

/// A finished review imported into a real bvd, and every document for people taken from it through
/// the real bvctl: what an officer would publish on the council's website.
@Suite("bvctl plan, report, calendar and open data against a real bvd")
struct BVCtlReportTests {
    /// Runs an independent checker (tidy, xmllint) on a file.
    static func check(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        (process.standardOutput, process.standardError) = (pipe, pipe)
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("a finished review gives a valid plan section, reports, timeline, calendar and open data")
    func documentsOfAFinishedReview() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let review = FinishedReview.make()
        #expect(review.problems.isEmpty)
        let archive = scratch.path("housing-repairs.jsonl")
        try review.archive().write(toFile: archive, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        func run(_ line: [String]) throws -> BVCtlReviewTests.Run { try BVCtlReviewTests.bvctl(line, socket: daemon.socket, scratch: scratch) }
        func ok(_ line: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try run(line)
            #expect(result.status == 0, "bvctl \(line.joined(separator: " ")): \(result.all)", sourceLocation: sourceLocation)
            return result.stdout
        }
        _ = try ok(["review", "import", archive])

        let plan = scratch.path("plan.html")
        #expect(try ok(["plan", "render", "housing-repairs", "--format", "html", "-o", plan]).contains("Wrote the plan section of 'housing-repairs' to \(plan)."))
        let tidy = try Self.check("/usr/bin/tidy", ["-errors", "-quiet", "-utf8", plan])
        #expect(tidy.status == 0, "tidy: \(tidy.output)")
        let planText = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(planText.contains("<title>Local Performance Plan 2028/29: Housing repairs</title>"))
        #expect(planText.contains("<th scope=\"row\">BV185</th><td>Repairs with appointments made and kept</td><td>higher</td><td class=\"number\">71% (2026/27)</td><td class=\"number\">85%</td><td class=\"number\">90%</td>"))

        let markdown = try ok(["plan", "render", "housing-repairs"])
        #expect(markdown.hasPrefix("# Local Performance Plan 2028/29: Housing repairs"))

        let progress = scratch.path("progress.html")
        _ = try ok(["report", "housing-repairs", "--format", "html", "-o", progress])
        #expect(try Self.check("/usr/bin/tidy", ["-errors", "-quiet", "-utf8", progress]).status == 0)
        let progressText = try String(contentsOfFile: progress, encoding: .utf8)
        #expect(progressText.contains("<figure>\n<svg"), "the HTML progress report embeds the timeline picture")
        #expect(progressText.contains("The review closed on 27 July 2028."))

        let youSaid = try ok(["report", "housing-repairs", "--you-said-we-did"])
        #expect(youSaid.contains("| UNISON Northfield branch | Trade unions | 1 March 2027 | Keep repairs in house; no outsourcing |"))
        #expect(youSaid.contains("| Approve the Local Performance Plan section of the review | 16 September 2027 | all 3 responses considered before the decision |"))

        let timeline = scratch.path("timeline.svg")
        _ = try ok(["report", "housing-repairs", "--timeline", "-o", timeline])
        let lint = try Self.check("/usr/bin/xmllint", ["--noout", timeline])
        #expect(lint.status == 0, "xmllint: \(lint.output)")

        let all = try ok(["report", "--all"])
        #expect(all.contains("| Housing repairs | closed | j.smith | 0 |"))
        #expect(try run(["report", "--all", "--timeline"]).status == 2)
        #expect(try run(["report"]).status == 2)

        let calendar = try ok(["review", "calendar", "housing-repairs"])
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(calendar.contains("UID:housing-repairs.committee-1@"))

        let measurements = try ok(["review", "open-data", "housing-repairs", "--csv", "measurements"])
        #expect(measurements.hasPrefix("review,code,period,period_label,period_start,period_end,financial_year,value,target,status,trend,recorded\r\n"))
        #expect(measurements.contains("housing-repairs,BV212,4,Q1 2028/29,2028-04-01,2028-06-30,2028/29,27,28,on-track,improving,2028-07-10"))
        let openData = try ok(["review", "open-data", "housing-repairs"])
        #expect(openData.contains("\"planYear\""))

        let status = try ok(["indicator", "status", "housing-repairs"])
        #expect(status.contains("1 Q2 2027/28"))
        #expect(status.contains("at risk"))
        #expect(try ok(["action", "list", "housing-repairs"]).contains("done 2027-10-20"))
        #expect(try run(["plan", "render", "no-such-review"]).status == 4)
        // A measurement outside the monitoring phase is refused by the workflow: exit status 3, with the reason.
        _ = try ok(["review", "create", "waste", "--title", "Waste collection", "--service", "Refuse and recycling", "--lead", "a.patel"])
        _ = try ok(["indicator", "add", "waste", "BV82a", "--baseline", "41.5", "--baseline-period", "2025/26"])
        let early = try run(["indicator", "record", "waste", "BV82a", "--period", "1", "--value", "44"])
        #expect(early.status == 3, "\(early.all)")
        #expect(early.stderr.contains("'Recording a measurement' is not allowed now:\n  - measurements are recorded in a monitoring phase; the review is in 'scoping'"))
        #expect(daemon.terminate() == 0)
    }
}
