import Mustache

/// The three parts of a notice's templates.
public enum TemplatePart: String, Sendable, Hashable, CaseIterable {
    /// One line; required.
    case subject
    /// The plain-text body; required.
    case text
    /// The HTML body; optional.
    case html

    /// Subjects and plain text are not HTML: their values must not be HTML-escaped.
    var isPlainText: Bool { self != .html }
}

/// Compiles one template file and checks it at load time: it must parse, and every field it names
/// must exist in a notice's context. Found by rendering it against complete, hollow and empty
/// sample contexts whose groups record each lookup; the failed ones are then found in the text.
struct TemplateValidator {
    let samples: [TemplateValue]

    init(sample: TemplateValue) {
        samples = [sample, sample.hollowed, sample.withoutGroups]
    }

    /// Makes swift-mustache leave values unescaped for plain-text parts. Its own line, so that the
    /// template's first line keeps its standalone-tag behaviour; errors are reported one line up.
    static let plainTextPragma = "{{%CONTENT_TYPE:TEXT}}\n"

    static func parse(_ text: String, part: TemplatePart) throws -> MustacheTemplate {
        try MustacheTemplate(string: part.isPlainText ? plainTextPragma + text : text)
    }

    func compile(_ text: String, part: TemplatePart, file: String) -> (MustacheTemplate?, [TemplateProblem]) {
        let template: MustacheTemplate
        do {
            template = try TemplateValidator.parse(text, part: part)
        } catch let error as MustacheTemplate.ParserError {
            // Running off the end of the text is swift-mustache's internal "overflow": say which tag is open.
            if !(error.error is MustacheTemplate.Error), let open = TemplateTagScanner.unclosed(in: text) {
                return (nil, [TemplateProblem(file: file, line: open.line, column: open.column,
                                              message: "unfinished tag: this '{{' is never closed with '}}'")])
            }
            // A section never closed: said at its opening tag, not at the end of the text.
            if case .expectedSectionEnd = error.error as? MustacheTemplate.Error, let open = TemplateTagScanner.unclosedSection(in: text) {
                return (nil, [TemplateProblem(file: file, line: open.line, column: open.column,
                                              message: "this section '{{\(open.sigil)\(open.name)}}' is never closed with '{{/\(open.name)}}'")])
            }
            let line = error.context.lineNumber - (part.isPlainText ? 1 : 0)
            return (nil, [TemplateProblem(file: file, line: max(line, 1), column: error.context.columnNumber,
                                          message: TemplateValidator.explain(error.error))])
        } catch {
            return (nil, [TemplateProblem(file: file, line: 1, column: 1, message: "cannot be read as a template: \(error)")])
        }
        let tags = TemplateTagScanner.tags(in: text)
        var problems = tags.filter { $0.sigil == ">" || $0.sigil == "<" }.map { tag in
            TemplateProblem(file: file, line: tag.line, column: tag.column,
                            message: "'{{\(tag.sigil) \(tag.name)}}' includes another template, which notice templates cannot do")
        }
        var seen = Set<TemplateProblem>()
        for sample in samples {
            let recorder = LookupRecorder()
            _ = template.render(ContextNode(sample.fields, path: "", recorder: recorder))
            for lookup in recorder.unresolved {
                for problem in locate(lookup, in: tags, file: file) where seen.insert(problem).inserted {
                    problems.append(problem)
                }
            }
        }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return (problems.isEmpty ? template : nil, problems)
    }

    /// Every tag that made the failed lookup, with a message naming the fields that do exist there.
    func locate(_ lookup: LookupRecorder.Lookup, in tags: [TemplateTag], file: String) -> [TemplateProblem] {
        let parent = lookup.path.split(separator: ".").last
        let found: [(TemplateTag, String)] = tags.compactMap { tag in
            guard ["", "{", "&", "#", "^"].contains(tag.sigil) else { return nil }
            let components = tag.components
            guard let k = components.firstIndex(where: { $0 == lookup.name }) else { return nil }
            // At the top, the name opens the tag; in a group, it follows the group's name.
            guard parent == nil ? k == 0 : k > 0 && components[k - 1] == parent else { return nil }
            return (tag, components[0...k].joined(separator: "."))
        }
        let message = { (name: String) in
            let prefix = lookup.path.isEmpty ? "" : "\(lookup.path)."
            var text = "'\(name)' is not a field of a notice"
            if let close = Self.closest(to: prefix + lookup.name, among: lookup.siblings) { text += " (did you mean '\(close)'?)" }
            return text + "; fields\(lookup.path.isEmpty ? "" : " of '\(lookup.path)'"): " + lookup.siblings.joined(separator: ", ")
        }
        guard !found.isEmpty else {
            let name = lookup.path.isEmpty ? lookup.name : "\(lookup.path).\(lookup.name)"
            return [TemplateProblem(file: file, line: 1, column: 1, message: message(name))]
        }
        return found.map { TemplateProblem(file: file, line: $0.0.line, column: $0.0.column, message: message($0.1)) }
    }

    /// The field within two edits of `name`, if there is exactly one nearest.
    static func closest(to name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(Array(name), Array($0))) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }), scored.filter({ $0.1 == best.1 }).count == 1 else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// swift-mustache's parse errors in words.
    static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "cannot be parsed: \(error)" }
        return switch error {
        case .sectionCloseNameIncorrect: "this closing tag does not match the section it closes"
        case .unfinishedName: "unfinished tag: a name may hold letters, digits, '.', '-' and '_', and must end with '}}'"
        case .expectedSectionEnd: "a section opened with '{{#…}}' or '{{^…}}' is never closed with '{{/…}}'"
        case .invalidSetDelimiter: "badly formed delimiter change '{{=… …=}}'"
        case .transformAppliedToInheritanceSection: "a transform cannot be applied to a block"
        case .illegalTokenInsideInheritSection: "only blocks may appear inside an inherited template"
        case .textInsideInheritSection: "text may not appear inside an inherited template"
        case .invalidConfigVariableSyntax: "badly formed pragma '{{%…}}'"
        case .unrecognisedConfigVariable: "unknown pragma: only CONTENT_TYPE is understood"
        }
    }
}
