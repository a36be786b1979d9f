import NIOCore

/// One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines.
struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    /// 2xx: done. 3xx: go on (354 after DATA, 334 during AUTH).
    var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: the server asks to try again later.
    var isTransient: Bool { (400..<500).contains(code) }

    /// "451 4.3.0 try again", continuation lines joined, for failure messages.
    var description: String {
        let text = lines.map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " / ")
        return text.isEmpty ? "\(code)" : "\(code) \(String(text.prefix(300)))"
    }
}

/// Splits the byte stream from the server into replies, joining multi-line replies
/// (`250-first`, `250-second`, `250 last`). Lines end in CRLF; a bare LF is tolerated.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 octets a reply line; some servers write longer EHLO lines.
    static let maximumLineLength = 8 * 1024
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            guard buffer.readableBytes <= Self.maximumLineLength else { throw SMTPFailure.protocolViolation("reply line too long") }
            return .needMoreData
        }
        var line = buffer.readString(length: newline - buffer.readerIndex + 1) ?? ""
        while line.last == "\n" || line.last == "\r" || line.last == "\r\n" { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (48...57).contains($0) }),
              let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200..<600).contains(code),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
        else {
            throw SMTPFailure.protocolViolation("unexpected line from server: \(String(line.prefix(80)))")
        }
        if let pendingCode, pendingCode != code {
            throw SMTPFailure.protocolViolation("multi-line reply changed its code from \(pendingCode) to \(code)")
        }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") {
            pendingCode = code
        } else {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: pending)))
            pending = []
            pendingCode = nil
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
