import NIOCore
import NIOPosix
import NIOSSL

/// One connection to an SMTP server: send command lines, await replies, switch to TLS.
/// Every wait for a reply is bounded by `replyTimeout`.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let queue: NIOLoopBound<SMTPReplyQueue>
    let replyTimeout: Duration

    /// Connects; with `tls`, the connection is encrypted from the first byte (implicit TLS).
    static func open(
        host: String, port: Int, group: any EventLoopGroup, connectTimeout: Duration, replyTimeout: Duration,
        tls: NIOSSLContext?
    ) async throws -> SMTPConnection {
        let serverName = sniName(for: host)
        return try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    let queue = SMTPReplyQueue()
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(queue)
                    return SMTPConnection(
                        channel: channel, queue: NIOLoopBound(queue, eventLoop: channel.eventLoop), replyTimeout: replyTimeout)
                }
            }
    }

    /// The name to send in SNI and to check the certificate against; an IP address is checked
    /// against the certificate's IP addresses instead, and is not allowed in SNI.
    static func sniName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// Sends one command line; CRLF is added.
    func send(_ line: String) {
        sendRaw(Array((line + "\r\n").utf8))
    }

    /// Sends bytes as they are (the DATA block, pipelined commands).
    func sendRaw(_ bytes: [UInt8]) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    /// The next reply. `stage` names what the reply answers, for failure messages. A cancelled
    /// delivery (bvd stopping) closes the connection, which ends the wait at once.
    func reply(to stage: String) async throws(SMTPFailure) -> SMTPReply {
        let (queue, channel, eventLoop, timeout) = (queue, channel, channel.eventLoop, TimeAmount(replyTimeout))
        do {
            return try await withTaskCancellationHandler {
                try await eventLoop.flatSubmit { queue.value.next(timeout: timeout, on: eventLoop) }.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch SMTPReplyQueue.WaitError.timedOut {
            throw .timedOut(stage: stage, after: replyTimeout)
        } catch SMTPReplyQueue.WaitError.closed {
            throw .closed(stage: stage)
        } catch let failure as SMTPFailure {
            throw failure
        } catch {
            throw .connection(stage: stage, detail: describe(error))
        }
    }

    /// Sends `line` and returns its reply.
    func command(_ line: String, stage: String? = nil) async throws(SMTPFailure) -> SMTPReply {
        send(line)
        return try await reply(to: stage ?? line)
    }

    /// Puts TLS under the conversation after the server's 220 to STARTTLS. Anything the server
    /// sent after that reply arrived in plain text and could be an attacker's: it is refused.
    func startTLS(context: NIOSSLContext, host: String) async throws(SMTPFailure) {
        let (queue, channel, serverName) = (queue, channel, Self.sniName(for: host))
        do {
            try await channel.eventLoop.submit {
                guard queue.value.bufferedCount == 0 else {
                    throw SMTPFailure.protocolViolation("the server sent more after agreeing to STARTTLS")
                }
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch let failure as SMTPFailure {
            throw failure
        } catch {
            throw .connection(stage: "STARTTLS", detail: describe(error))
        }
    }

    func close() async {
        try? await channel.close().get()
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// An error's words for a failure message.
func describe(_ error: any Error) -> String {
    switch error {
    case let error as IOError: error.description
    case NIOSSLError.handshakeFailed(let reason): "TLS handshake failed: \(reason)"
    case let error as NIOSSLExtraError: "TLS: \(error)"
    default: String(describing: error)
    }
}
