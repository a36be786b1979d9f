/// Writes SVG elements with their attributes in the order given (an attribute whose value is nil is
/// left out), every value and text escaped for XML, so that the picture is well-formed whatever the
/// review's titles contain.
struct SVGMarkup {
    private(set) var text = ""
    private var depth = 0

    /// `<name a="v">` on its own line; `close` ends it.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        write("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        write("</\(name)>")
    }

    /// `<name a="v"/>`, or `<name a="v">text</name>` with the text escaped.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text content: String? = nil) {
        if let content {
            write("<\(name)\(Self.attributes(attributes))>\(Self.escape(content))</\(name)>")
        } else {
            write("<\(name)\(Self.attributes(attributes))/>")
        }
    }

    /// Opens a group with a `<title>` first, which screen readers and tooltips announce for everything
    /// in it; `close("g")` ends it.
    mutating func openGroup(_ attributes: KeyValuePairs<String, String?>, title: String) {
        open("g", attributes)
        element("title", text: title)
    }

    private mutating func write(_ line: String) {
        text += String(repeating: "  ", count: depth) + line + "\n"
    }

    private static func attributes(_ pairs: KeyValuePairs<String, String?>) -> String {
        pairs.compactMap { pair in pair.value.map { " \(pair.key)=\"\(escape($0))\"" } }.joined()
    }

    /// Text and attribute values for XML: the markup escaped, and control characters (which XML 1.0
    /// forbids even as references) replaced by spaces.
    static func escape(_ value: String) -> String {
        var clean = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            clean.append(scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? " " : scalar)
        }
        return escapeMarkup(String(clean))
    }

    /// A coordinate with at most one decimal: "12", "12.5".
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// An id usable in XML (a name: letters, digits, '-', '_'), from a prefix and any text.
    static func identifier(_ parts: String...) -> String {
        parts.joined(separator: "-").unicodeScalars
            .map { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" ? String($0) : "_" }
            .joined()
    }
}
