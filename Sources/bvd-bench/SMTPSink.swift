import NIOCore
import NIOPosix

/// The far end of an SMTP channel on 127.0.0.1, speaking just enough SMTP for a client that
/// submits one message per connection: greeting, EHLO (offering PIPELINING), MAIL, RCPT, DATA
/// to the lone dot, QUIT; RSET and NOOP. It counts messages and keeps none, so that it is never
/// what limits a measured rate (aiosmtpd in the test servers manages far fewer than 500 a second).
final class SMTPSink: Sendable {
    let arrivals: Arrivals
    let port: Int
    private let listener: any Channel

    init(group: any EventLoopGroup) async throws {
        let arrivals = Arrivals()
        listener = try await LoopbackListener.bind(group: group) { pipeline in try pipeline.addHandler(SMTPSession(arrivals: arrivals)) }
        port = listener.localAddress?.port ?? 0
        self.arrivals = arrivals
    }

    func stop() async { try? await listener.close() }
}

/// One connection: command lines until DATA, then the message up to CRLF.CRLF, then commands again.
private final class SMTPSession: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let arrivals: Arrivals
    private var pending = ByteBuffer()
    private var inMessage = false
    /// How far into `pending` the search for the end of the message has already looked.
    private var searched = 0
    private var closing = false

    init(arrivals: Arrivals) { self.arrivals = arrivals }

    func channelActive(context: ChannelHandlerContext) {
        reply("220 sink.localhost ESMTP bvd-bench", context)
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        while !closing, (inMessage ? takeMessage(context) : takeCommand(context)) {}
        pending.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    /// Answers one command line; false when no whole line has arrived yet.
    private func takeCommand(_ context: ChannelHandlerContext) -> Bool {
        guard let end = find([13, 10], from: 0) else { return false }
        let line = pending.readString(length: end) ?? ""
        pending.moveReaderIndex(forwardBy: 2)
        let verb = line.prefix(4).uppercased()
        switch verb {
        case "EHLO": reply("250-sink.localhost\r\n250 PIPELINING", context)
        case "HELO": reply("250 sink.localhost", context)
        case "MAIL", "RCPT", "RSET", "NOOP": reply("250 OK", context)
        case "DATA":
            reply("354 end with <CRLF>.<CRLF>", context)
            inMessage = true
            searched = 0
        case "QUIT":
            closing = true
            reply("221 bye", context)
            context.flush()  // on loopback the reply is written before the close
            context.close(promise: nil)
        default: reply("502 not implemented", context)
        }
        return true
    }

    /// Takes the message once its terminating line has arrived; false until then.
    private func takeMessage(_ context: ChannelHandlerContext) -> Bool {
        let end: Int
        if pending.readableBytesView.starts(with: [46, 13, 10]) {
            end = 0  // an empty message: the dot line follows DATA's own CRLF
        } else if let found = find([13, 10, 46, 13, 10], from: searched) {
            end = found + 2
        } else {
            searched = max(0, pending.readableBytes - 4)
            return false
        }
        pending.moveReaderIndex(forwardBy: end + 3)
        inMessage = false
        arrivals.record(id: nil, bytes: end)
        reply("250 OK queued", context)
        return true
    }

    /// The offset of `needle` in the unread bytes, looking from `from` on.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        pending.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
            var i = from
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == needle[0] {
                    var j = 1
                    while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }

    private func reply(_ text: String, _ context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count + 2)
        buffer.writeString(text)
        buffer.writeString("\r\n")
        context.write(wrapOutboundOut(buffer), promise: nil)
    }
}
