/// Writes a document as one self-contained, accessible HTML page: semantic headings, tables with
/// captions and header cells, text and borders with strong contrast, and a print style sheet, so
/// that an officer can publish it on the council's website as it is.
struct HTMLWriter {
    func write(_ document: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>
            \(Self.styleSheet)
            </style>
            </head>
            <body>
            <main>
            <h1>\(escape(document.title))</h1>

            """
        if let subtitle = document.subtitle { out += "<p class=\"subtitle\">\(escape(subtitle))</p>\n" }
        for block in document.blocks {
            switch block {
            case .heading(let level, let text):
                let h = min(6, max(2, level))
                out += "<h\(h)>\(escape(text))</h\(h)>\n"
            case .paragraph(let text):
                out += "<p>\(escape(text))</p>\n"
            case .list(let items):
                out += "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                out += write(table)
            case .figure(let svg, let caption, _):
                out += "<figure>\n\(svg)\n<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
            }
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    func write(_ table: ReportTable) -> String {
        guard !table.rows.isEmpty else {
            return "<p><strong>\(escape(table.caption))</strong></p>\n<p>\(escape(table.empty))</p>\n"
        }
        var out = "<table>\n<caption>\(escape(table.caption))</caption>\n<thead>\n<tr>"
        for (i, column) in table.columns.enumerated() {
            out += "<th scope=\"col\"\(table.numeric.contains(i) ? " class=\"number\"" : "")>\(escape(column))</th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (i, value) in row.enumerated() {
                let number = table.numeric.contains(i) ? " class=\"number\"" : ""
                if i == 0 && table.rowHeaders {
                    out += "<th scope=\"row\"\(number)>\(escape(value))</th>"
                } else {
                    out += "<td\(number)>\(escape(value))</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func escape(_ text: String) -> String { escapeMarkup(text) }

    /// Black on white, borders and header shading well above WCAG AA contrast; no colour carries
    /// meaning on its own. Printing drops the page margins and keeps table rows whole.
    static let styleSheet = """
        body { margin: 0; background: #ffffff; color: #0b0c0c; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 2rem; line-height: 1.2; }
        h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid #0b0c0c; }
        h3 { font-size: 1.2rem; margin-top: 1.75rem; }
        .subtitle { color: #383f43; font-size: 1.1rem; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0 1.5rem; }
        caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
        th, td { border: 1px solid #505a5f; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #e8e8e8; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1rem 0; }
        figure svg { width: 100%; height: auto; }
        figcaption { font-style: italic; color: #383f43; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          h2, h3 { break-after: avoid; }
          tr, figure { break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """
}

/// Escapes text for HTML and XML (element content and quoted attributes).
func escapeMarkup(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
