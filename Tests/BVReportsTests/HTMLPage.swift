import Foundation
import Testing

/// An HTML report as an independent parser (Python's html.parser) reads it: headings, tables by
/// caption with their header and body cells, and whether tidy, the HTML validator, accepts it.
struct HTMLPage: Decodable {
    struct Table: Decodable {
        let caption: String
        let header: [String]
        let rows: [[String]]
        /// Cells of each body row that are row headers (`th scope="row"`).
        let rowHeaders: Int
    }

    let language: String?
    let title: String
    let headings: [String]
    let paragraphs: [String]
    let tables: [Table]
    let figures: Int
    let svgTitles: [String]

    func table(_ caption: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Table {
        try #require(tables.first { $0.caption == caption }, "no table '\(caption)'; captions: \(tables.map(\.caption))", sourceLocation: sourceLocation)
    }

    /// The row whose first cell is `key`, as column name → cell.
    func row(_ key: String, in table: Table) -> [String: String]? {
        table.rows.first { $0.first == key }.map { Dictionary(zip(table.header, $0), uniquingKeysWith: { a, _ in a }) }
    }

    /// Parses the page, after checking that tidy reports neither errors nor warnings.
    static func read(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> HTMLPage {
        let tidy = try await ExternalTool.tidy.run(["-errors", "-quiet", "-utf8", "--show-warnings", "yes"], input: html)
        #expect(tidy.status == 0, "tidy found problems:\n\(tidy.errors)", sourceLocation: sourceLocation)
        return try await ExternalTool.python.json(HTMLPage.self, script: script, input: html, sourceLocation: sourceLocation)
    }

    static let script = #"""
        import json, sys
        from html.parser import HTMLParser

        class Page(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.out = {"language": None, "title": "", "headings": [], "paragraphs": [], "tables": [], "figures": 0, "svgTitles": []}
                self.stack, self.text, self.table, self.row, self.in_svg = [], None, None, None, False
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "html": self.out["language"] = attrs.get("lang")
                if tag == "svg": self.in_svg = True
                if tag == "figure": self.out["figures"] += 1
                if tag == "table": self.table = {"caption": "", "header": [], "rows": [], "rowHeaders": 0}
                if tag == "tr": self.row = []
                if tag in ("title", "h1", "h2", "h3", "h4", "p", "caption", "th", "td"):
                    self.text, self.scope = "", attrs.get("scope")
                self.stack.append(tag)
            def handle_endtag(self, tag):
                while self.stack and self.stack.pop() != tag: pass
                text = " ".join((self.text or "").split())
                if tag == "svg": self.in_svg = False
                if tag == "title":
                    if self.in_svg: self.out["svgTitles"].append(text)
                    else: self.out["title"] = text
                if tag in ("h1", "h2", "h3", "h4"): self.out["headings"].append(text)
                if tag == "p": self.out["paragraphs"].append(text)
                if tag == "caption": self.table["caption"] = text
                if tag in ("th", "td") and self.row is not None:
                    self.row.append(text)
                    if tag == "th" and self.scope == "row": self.table["rowHeaders"] += 1
                if tag == "tr" and self.table is not None:
                    if "thead" in self.stack: self.table["header"] = self.row
                    else: self.table["rows"].append(self.row)
                    self.row = None
                if tag == "table": self.out["tables"].append(self.table); self.table = None
                if tag in ("title", "h1", "h2", "h3", "h4", "p", "caption", "th", "td"): self.text = None
            def handle_data(self, data):
                if self.text is not None: self.text += data

        page = Page()
        page.feed(sys.stdin.read())
        print(json.dumps(page.out))
        """#
}
