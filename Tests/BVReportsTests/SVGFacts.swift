import Foundation
import Testing

/// An SVG picture as an independent XML parser (Python's ElementTree) reads it: the root, what its
/// aria-labelledby points at, every group with its attributes and own `<title>`, the texts, and
/// anything a standalone picture must not have (scripts, external references).
struct SVGFacts: Decodable {
    let tag: String
    let viewBox: String
    let role: String
    /// The root's own `<title>`.
    let title: String
    /// The elements aria-labelledby and aria-describedby name, as [tag, text].
    let labelledBy: [[String]]
    let describedBy: [[String]]
    /// Each `<g>`'s attributes, with `title` (its own `<title>`), and `line-x1`, `rect-stroke-width` of its first line and rect.
    let marks: [[String: String]]
    let texts: [String]
    let scripts: Int
    let externalReferences: [String]
    /// Every fill and stroke used.
    let paints: [String]
    let declaration: Bool

    /// The accessible name and description, as assistive technology computes them from the references.
    var name: String { labelledBy.map { $0.last ?? "" }.joined(separator: " ") }
    var description: String { describedBy.map { $0.last ?? "" }.joined(separator: " ") }

    /// The groups whose class holds every one of `classes`.
    func marks(_ classes: String...) -> [[String: String]] {
        marks.filter { mark in
            let own = Set((mark["class"] ?? "").split(separator: " ").map(String.init))
            return classes.allSatisfy(own.contains)
        }
    }

    /// Checks well-formedness with xmllint, then reads the picture.
    static func read(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> SVGFacts {
        let lint = try await ExternalTool.xmllint.run(["--noout", "-"], input: svg)
        #expect(lint.status == 0, "xmllint: \(lint.errors)", sourceLocation: sourceLocation)
        return try await ExternalTool.python.json(SVGFacts.self, script: script, input: svg, sourceLocation: sourceLocation)
    }

    static let script = #"""
        import json, sys
        import xml.etree.ElementTree as ET
        S = '{http://www.w3.org/2000/svg}'
        text = sys.stdin.read()
        root = ET.fromstring(text)
        ids = {e.get('id'): e for e in root.iter() if e.get('id')}
        marks = []
        for g in root.iter(S + 'g'):
            mark = dict(g.attrib)
            title = g.find(S + 'title')
            mark['title'] = title.text if title is not None and title.text else ''
            line, rect = g.find(S + 'line'), g.find(S + 'rect')
            if line is not None: mark['line-x1'] = line.get('x1')
            if rect is not None: mark['rect-stroke-width'] = rect.get('stroke-width', '1')
            marks.append(mark)
        print(json.dumps({
            'tag': root.tag,
            'viewBox': root.get('viewBox', ''),
            'role': root.get('role', ''),
            'title': (root.find(S + 'title').text or '') if root.find(S + 'title') is not None else '',
            'labelledBy': [[ids[i].tag.replace(S, ''), ids[i].text or ''] for i in root.get('aria-labelledby', '').split() if i in ids],
            'describedBy': [[ids[i].tag.replace(S, ''), ids[i].text or ''] for i in root.get('aria-describedby', '').split() if i in ids],
            'marks': marks,
            'texts': [t.text or '' for t in root.iter(S + 'text')],
            'scripts': sum(1 for e in root.iter() if e.tag in (S + 'script', S + 'foreignObject', S + 'image')),
            'externalReferences': sorted({v for e in root.iter() for k, v in e.attrib.items()
                                          if k.endswith('href') or ('url(' in v and not v.startswith('url(#'))}),
            'paints': sorted({e.get(a) for e in root.iter() for a in ('fill', 'stroke') if e.get(a)}),
            'declaration': text.lstrip().startswith('<?xml'),
        }))
        """#
}
