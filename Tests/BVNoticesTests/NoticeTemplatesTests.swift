import BVCore
import BVNotices
import Foundation
import Testing

/// A directory of template files for one test, removed afterwards by the caller.
private func directory(_ files: [String: String]) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bvnotices-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return url.path
}

/// Loads the shipped templates with an administrator's directory holding `files`, and returns the problems.
private func problems(overriding files: [String: String]) throws -> [TemplateProblem] {
    let admin = try directory(files)
    defer { try? FileManager.default.removeItem(atPath: admin) }
    do {
        _ = try NoticeTemplates.load(directories: [shippedTemplates, admin])
        return []
    } catch {
        return error.problems.map { TemplateProblem(file: ($0.file as NSString).lastPathComponent, line: $0.line, column: $0.column,
                                                    message: $0.message) }
    }
}

@Suite("Loading and checking notice templates")
struct NoticeTemplatesTests {
    @Test("the shipped templates give every notice a subject and a text body, and invitations, meeting notices and papers an HTML body")
    func shippedTemplatesAreComplete() {
        for key in NoticeTemplateKey.all {
            let set = shipped.set(for: key)
            #expect(set.files[.subject] != nil && set.files[.text] != nil, "\(key)")
        }
        let withHTML = NoticeTemplateKey.all.filter { shipped.set(for: $0).html != nil }.map(\.rawValue)
        #expect(Set(withHTML) == ["review-invitation", "meeting-invitation", "meeting-update", "meeting-cancellation",
                                  "meeting-reminder", "papers-published"])
    }

    @Test("the keys are every kind of the core and bvd's own notices")
    func keys() {
        let keys = Set(NoticeTemplateKey.all.map(\.rawValue))
        #expect(keys.isSuperset(of: NoticeKind.allCases.map(\.rawValue)))
        #expect(keys.isSuperset(of: ["delivery-failure", "digest", "monitoring-report"]))
        #expect(NoticeTemplateKey(rawValue: "meeting-invitaton") == nil)
    }

    @Test("a field that does not exist is refused at load time, at its line and column, with the fields there are")
    func unknownFieldIsReported() throws {
        let found = try problems(overriding: [
            "meeting-invitation.text.mustache": "Dear {{recipient.name}},\n\nThe meeting starts at {{meeting.startz}}.\n",
        ])
        try #require(found.count == 1)
        #expect(found[0].file == "meeting-invitation.text.mustache")
        #expect((found[0].line, found[0].column) == (3, 23))
        #expect(found[0].message.hasPrefix("'meeting.startz' is not a field of a notice (did you mean 'meeting.start'?); fields of 'meeting': "))
        #expect(found[0].message.contains("meeting.start, meeting.end"))
        #expect(found[0].description.hasSuffix("meeting-invitation.text.mustache:3:23: " + found[0].message))
    }

    @Test("names inside sections may be relative to the section or to the whole notice; wrong ones are still found")
    func namesInsideSections() throws {
        let good = try problems(overriding: [
            "meeting-reminder.text.mustache": "{{#meeting}}{{title}} at {{location}} for {{review.title}}{{/meeting}}\n{{#late}}{{authority}}{{/late}}\n",
        ])
        #expect(good.isEmpty)
        let bad = try problems(overriding: [
            "meeting-reminder.text.mustache": "{{#meeting}}\n  {{titel}}\n{{/meeting}}\n",
        ])
        try #require(bad.count == 1)
        #expect((bad[0].line, bad[0].column) == (2, 3))
        #expect(bad[0].message.hasPrefix("'titel' is not a field of a notice"))
    }

    @Test("a wrong name only reached when a value is missing ({{^…}}) is found too")
    func invertedSectionsAreChecked() throws {
        let found = try problems(overriding: ["digest.text.mustache": "{{^digest.items}}\nNothing for {{recipent.name}}.\n{{/digest.items}}\n"])
        #expect(found.map { String($0.message.prefix(30)) } == ["'recipent' is not a field of a"])
        #expect(found.map(\.line) == [2])
    }

    @Test("a template that does not parse is refused with the place of the mistake")
    func parseError() throws {
        let found = try problems(overriding: ["decision-taken.subject.mustache": "Decision {{#late}}late\n"])
        try #require(found.count == 1)
        #expect(found[0].file == "decision-taken.subject.mustache")
        // At the section's opening tag, not where the text ran out.
        #expect(found[0].line == 1 && found[0].column == 10)
        #expect(found[0].message == "this section '{{#late}}' is never closed with '{{/late}}'")
        let nested = try problems(overriding: ["decision-taken.text.mustache": "{{#late}}\nLate.\n{{/late}}\n{{^late}}\nOn time.\n"])
        #expect(nested.map { [$0.line, $0.column] } == [[4, 1]])
        let unfinished = try problems(overriding: ["decision-taken.text.mustache": "Line one\nThe decision {{decision.title\n"])
        #expect(unfinished.map { [$0.line, $0.column] } == [[2, 14]])
        #expect(unfinished.first?.message.hasPrefix("unfinished tag") == true)
    }

    @Test("every problem of every file is reported at once")
    func allProblemsAtOnce() throws {
        let found = try problems(overriding: [
            "papers-due.subject.mustache": "{{meeting.tittle}}",
            "papers-due.text.mustache": "{{nosuch}} and {{review.nosuch}}",
            "digest.html.mustache": "<p>{{#digest.items}}{{titel}}{{/digest.items}}</p>",
            "meeting-invitaton.text.mustache": "misspelt file name",
            "digest.body.mustache": "unknown part",
        ])
        #expect(found.count == 6)
        #expect(found.contains { $0.file == "meeting-invitaton.text.mustache" && $0.message.contains("is not the name of a notice template") })
        #expect(found.contains { $0.file == "digest.body.mustache" && $0.message.contains("'body' is not a part") })
        #expect(found.contains { $0.file == "digest.html.mustache" && $0.message.hasPrefix("'titel' is not a field") })
        #expect(found.filter { $0.file == "papers-due.text.mustache" }.map(\.column) == [1, 16])
    }

    @Test("an administrator's file replaces the shipped one part by part; an empty HTML file removes the HTML body")
    func overridesPartByPart() throws {
        let admin = try directory([
            "meeting-invitation.subject.mustache": "You are invited: {{meeting.title}}",
            "meeting-invitation.html.mustache": "\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: admin) }
        let templates = try NoticeTemplates.load(directories: [shippedTemplates, admin, "/nonexistent/bvd/templates"])
        let set = templates.set(for: .init(.meetingInvitation))
        #expect(set.files[.subject] == (admin as NSString).appendingPathComponent("meeting-invitation.subject.mustache"))
        #expect(set.files[.text] == (shippedTemplates as NSString).appendingPathComponent("meeting-invitation.text.mustache"))
        #expect(set.html == nil)
        #expect(templates.set(for: .init(.meetingUpdate)).html != nil)
    }

    @Test("a notice without its subject or text template is refused, naming the file and where it was looked for")
    func missingParts() throws {
        let only = try directory(["digest.subject.mustache": "Digest"])
        defer { try? FileManager.default.removeItem(atPath: only) }
        do {
            _ = try NoticeTemplates.load(directories: [only])
            Issue.record("templates without text bodies loaded")
        } catch {
            #expect(error.problems.count == NoticeTemplateKey.all.count * 2 - 1)
            #expect(error.problems.contains { $0.file == "digest.text.mustache" && $0.message.contains("looked in \(only)") })
            #expect(!error.problems.contains { $0.file == "digest.subject.mustache" })
        }
    }

    @Test("no template anywhere is one problem that says where bvd looked, not one for each template")
    func noTemplatesAtAll() throws {
        let empty = try directory([:])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        do {
            _ = try NoticeTemplates.load(directories: ["/nonexistent/bvd/templates", empty])
            Issue.record("no templates loaded")
        } catch {
            #expect(error.problems.map(\.message) == [
                "no notice templates found (looked in /nonexistent/bvd/templates and \(empty); /nonexistent/bvd/templates does not exist); "
                    + "point template-directories or --templates at the shipped templates directory",
            ])
        }
    }
}
