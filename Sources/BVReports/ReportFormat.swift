/// The forms a document for people comes in.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case markdown = "md"
    case html

    public var mediaType: String {
        switch self {
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
    }
}
