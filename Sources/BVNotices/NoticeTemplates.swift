import Foundation
public import Mustache

/// The compiled templates of one notice: a subject line, a plain-text body and perhaps an HTML body.
public struct NoticeTemplateSet: Sendable {
    public let subject: MustacheTemplate
    public let text: MustacheTemplate
    public let html: MustacheTemplate?
    /// The file each part came from, for messages.
    public let files: [TemplatePart: String]
}

/// Every notice's templates, read from an ordered list of directories: the shipped ones first
/// (`/usr/share/bvd/templates`), then the administrator's (`/etc/bvd/templates`). A later
/// directory's file replaces the earlier one part by part, so an administrator overrides only what
/// they change; an empty `.html.mustache` removes the HTML body. Everything is checked here, at
/// load time, so that a mistake stops a reload rather than a notice.
public struct NoticeTemplates: Sendable {
    public let sets: [NoticeTemplateKey: NoticeTemplateSet]

    /// The templates of `key`; every key has them once loading succeeded.
    public func set(for key: NoticeTemplateKey) -> NoticeTemplateSet {
        guard let set = sets[key] else { preconditionFailure("no templates for '\(key)' though loading checked every key") }
        return set
    }

    /// Reads and checks every template. Directories that do not exist are skipped (an administrator
    /// need not create one); every problem found is reported at once.
    public static func load(directories: [String]) throws(NoticeTemplateError) -> NoticeTemplates {
        var problems: [TemplateProblem] = []
        var chosen: [NoticeTemplateKey: [TemplatePart: (file: String, text: String)]] = [:]
        let files = FileManager.default
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: directory, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue, let names = try? files.contentsOfDirectory(atPath: directory) else {
                problems.append(TemplateProblem(file: directory, line: 0, column: 0, message: "is not a readable directory"))
                continue
            }
            for name in names.sorted() where name.hasSuffix(".mustache") {
                let path = (directory as NSString).appendingPathComponent(name)
                let parts = name.dropLast(".mustache".count).split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, let key = NoticeTemplateKey(rawValue: String(parts[0])) else {
                    problems.append(TemplateProblem(file: path, line: 0, column: 0, message: "is not the name of a notice template; "
                        + "names are <notice>.subject.mustache, <notice>.text.mustache or <notice>.html.mustache, and the notices are "
                        + NoticeTemplateKey.all.map(\.rawValue).joined(separator: ", ")))
                    continue
                }
                guard let part = TemplatePart(rawValue: String(parts[1])) else {
                    problems.append(TemplateProblem(file: path, line: 0, column: 0,
                                                    message: "'\(parts[1])' is not a part of a notice; parts are subject, text and html"))
                    continue
                }
                guard let data = files.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    problems.append(TemplateProblem(file: path, line: 0, column: 0, message: "cannot be read as UTF-8 text"))
                    continue
                }
                chosen[key, default: [:]][part] = (path, text)
            }
        }
        // No template anywhere: one line that says where bvd looked, not one for each template.
        if chosen.isEmpty, problems.isEmpty {
            let absent = directories.filter { !files.fileExists(atPath: $0) }
            throw NoticeTemplateError(problems: [TemplateProblem(
                file: directories.first ?? "templates", line: 0, column: 0,
                message: "no notice templates found (looked in \(directories.joined(separator: " and "))"
                    + (absent.isEmpty ? "" : "; \(absent.count == directories.count ? "none of these exists" : "\(absent.joined(separator: ", ")) does not exist")")
                    + "); point template-directories or --templates at the shipped templates directory")])
        }
        let validator = TemplateValidator(sample: NoticeContext.sample(zone: .london).values)
        var sets: [NoticeTemplateKey: NoticeTemplateSet] = [:]
        let searched = directories.joined(separator: " or ")
        for key in NoticeTemplateKey.all {
            var compiled: [TemplatePart: MustacheTemplate] = [:]
            for part in TemplatePart.allCases {
                guard let (file, text) = chosen[key]?[part] else {
                    if part != .html {
                        problems.append(TemplateProblem(file: "\(key).\(part).mustache", line: 0, column: 0,
                                                        message: "the \(part) template of the \(key.title) is missing (looked in \(searched))"))
                    }
                    continue
                }
                if part == .html, text.allSatisfy(\.isWhitespace) { continue }
                let (template, found) = validator.compile(text, part: part, file: file)
                problems += found
                compiled[part] = template
            }
            if let subject = compiled[.subject], let text = compiled[.text] {
                let files = (chosen[key] ?? [:]).mapValues(\.file)
                sets[key] = NoticeTemplateSet(subject: subject, text: text, html: compiled[.html], files: files)
            }
        }
        guard problems.isEmpty else { throw NoticeTemplateError(problems: problems) }
        return NoticeTemplates(sets: sets)
    }
}
