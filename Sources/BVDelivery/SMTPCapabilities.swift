/// What the server offers in its EHLO reply (RFC 5321 §4.1.1.1): the first line greets, each
/// further line names an extension and its parameters.
struct SMTPCapabilities: Sendable, Hashable {
    /// Upper-cased keyword → parameters.
    let extensions: [String: [String]]

    init(ehlo reply: SMTPReply) {
        var extensions: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            // Old servers write `AUTH=LOGIN PLAIN`.
            if first.uppercased().hasPrefix("AUTH=") {
                extensions["AUTH", default: []] += [String(first.dropFirst(5))] + words.dropFirst()
            } else {
                extensions[first.uppercased(), default: []] += words.dropFirst()
            }
        }
        self.extensions = extensions
    }

    /// A server that answered HELO: no extensions.
    init() { extensions = [:] }

    var startTLS: Bool { extensions["STARTTLS"] != nil }
    var pipelining: Bool { extensions["PIPELINING"] != nil }
    var eightBitMIME: Bool { extensions["8BITMIME"] != nil }
    var smtpUTF8: Bool { extensions["SMTPUTF8"] != nil }
    var authMechanisms: Set<String> { Set((extensions["AUTH"] ?? []).map { $0.uppercased() }) }
    /// SIZE is offered; the limit is nil when the server states none (or 0).
    var offersSize: Bool { extensions["SIZE"] != nil }
    var sizeLimit: Int? { extensions["SIZE"]?.first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
}
