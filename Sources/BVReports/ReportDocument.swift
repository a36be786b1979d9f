/// A document for people, built once and written as Markdown or HTML, so that both forms say the
/// same things. Reports build it from a review; writers only lay it out.
public struct ReportDocument: Sendable, Hashable {
    public var title: String
    /// Shown under the title: whose document it is and when it was produced.
    public var subtitle: String?
    public var blocks: [ReportBlock]

    public init(title: String, subtitle: String? = nil, blocks: [ReportBlock] = []) {
        (self.title, self.subtitle, self.blocks) = (title, subtitle, blocks)
    }

    public mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(level: level, text: text)) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    public mutating func list(_ items: [String]) { if !items.isEmpty { blocks.append(.list(items)) } }
    public mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }
}

public enum ReportBlock: Sendable, Hashable {
    /// Level 2 is a section of the document, 3 a part of a section (the title is level 1).
    case heading(level: Int, text: String)
    case paragraph(String)
    case list([String])
    case table(ReportTable)
    /// A picture given as SVG markup; Markdown, which cannot hold it, says where to find it.
    case figure(svg: String, caption: String, elsewhere: String)
}

/// A table with a caption, column headers and, usually, a first column that heads each row.
public struct ReportTable: Sendable, Hashable {
    public var caption: String
    public var columns: [String]
    public var rows: [[String]]
    /// Whether the first cell of each row names the row (for screen readers: `th scope="row"`).
    public var rowHeaders: Bool
    /// Columns of numbers, aligned right.
    public var numeric: Set<Int>
    /// What to say instead of an empty table.
    public var empty: String

    public init(caption: String, columns: [String], rows: [[String]], rowHeaders: Bool = true, numeric: Set<Int> = [], empty: String = "None.") {
        (self.caption, self.columns, self.rows, self.rowHeaders, self.numeric, self.empty) = (caption, columns, rows, rowHeaders, numeric, empty)
    }
}

extension ReportDocument {
    /// The document in the form asked for.
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .markdown: MarkdownWriter().write(self)
        case .html: HTMLWriter().write(self)
        }
    }
}
