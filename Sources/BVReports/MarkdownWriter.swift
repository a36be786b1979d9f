/// Writes a document as CommonMark with pipe tables (GitHub Flavored Markdown), for officers who
/// paste reports into the council's content system.
struct MarkdownWriter {
    func write(_ document: ReportDocument) -> String {
        var out = "# \(inline(document.title))\n\n"
        if let subtitle = document.subtitle { out += "\(inline(subtitle))\n\n" }
        for block in document.blocks {
            switch block {
            case .heading(let level, let text):
                out += String(repeating: "#", count: min(6, max(2, level))) + " \(inline(text))\n\n"
            case .paragraph(let text):
                out += "\(inline(text))\n\n"
            case .list(let items):
                out += items.map { "- \(inline($0))" }.joined(separator: "\n") + "\n\n"
            case .table(let table):
                out += write(table)
            case .figure(_, let caption, let elsewhere):
                out += "*\(inline(caption))* (\(inline(elsewhere)))\n\n"
            }
        }
        return out
    }

    func write(_ table: ReportTable) -> String {
        var out = "**\(inline(table.caption))**\n\n"
        guard !table.rows.isEmpty else { return out + "\(inline(table.empty))\n\n" }
        out += "| " + table.columns.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + table.columns.indices.map { table.numeric.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
        for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out + "\n"
    }

    /// Text that Markdown would otherwise read as markup is escaped.
    func inline(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]<>#|".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    func cell(_ text: String) -> String { text.isEmpty ? " " : inline(text) }
}
