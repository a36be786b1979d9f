/// Percent-encoding of request targets (RFC 3986): every UTF-8 byte outside the allowed set is
/// written `%XX`. The sets are the ones bvctl used with Foundation: `urlPathAllowed` without
/// `/?#%;` for a path segment, `urlQueryAllowed` without `&=+?#%` for a query value.
enum PercentEncoding {
    /// Letters, digits and `!$&'()*+,-.:=@_~`.
    static func segment(_ text: String) -> String { encode(text, keeping: "!$&'()*+,-.:=@_~") }

    /// Letters, digits and `!$'()*,-./:;@_~`.
    static func queryValue(_ text: String) -> String { encode(text, keeping: "!$'()*,-./:;@_~") }

    private static func encode(_ text: String, keeping punctuation: String) -> String {
        let kept = Set(punctuation.utf8)
        var out = ""
        for byte in text.utf8 {
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isAlphanumeric || kept.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
