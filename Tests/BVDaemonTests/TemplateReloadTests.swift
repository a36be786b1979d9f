import Foundation
import Testing

/// An administrator's template overrides, read at start and again on SIGHUP; a broken one is refused
/// with its place in the file and the templates in force stay.
@Suite("Notice templates: overrides and reload")
struct TemplateReloadTests {
    @Test("an override changes what notices say after SIGHUP; a misspelt field is refused and the old templates stay")
    func overrideAndReload() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let overrides = scratch.path("templates")
        try FileManager.default.createDirectory(atPath: overrides, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--templates", Repository.templates, "--templates", overrides])
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "Housing repairs", "service": "Repairs", "lead": "j.smith"])).status == 201)
        func subject() throws -> String? {
            jsonObject(try client.request("GET", "/v1/reviews/r1/notices/preview?kind=review-invitation"))["subject"] as? String
        }
        let shipped = try #require(try subject())

        let file = overrides + "/review-invitation.subject.mustache"
        try "Northfield: you are invited to help review {{review.title}}".write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        var changed: String?
        for _ in 0..<100 where changed == nil {
            usleep(50_000)
            if let now = try subject(), now != shipped { changed = now }
        }
        #expect(changed == "Northfield: you are invited to help review Housing repairs")

        try "Invited: {{review.titel}}".write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        var problems: [String] = []
        for _ in 0..<100 where problems.isEmpty {
            usleep(50_000)
            problems = jsonObject(try client.request("GET", "/v1/status"))["reloadProblems"] as? [String] ?? []
        }
        #expect(problems.contains { $0.contains("review-invitation.subject.mustache:1:") && $0.contains("'review.titel'") }, "\(problems)")
        #expect(try subject() == "Northfield: you are invited to help review Housing repairs", "the templates in force stay")
        #expect(daemon.terminate() == 0)
    }
}
