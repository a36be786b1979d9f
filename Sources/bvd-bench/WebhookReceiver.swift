import NIOCore
import NIOHTTP1
import NIOPosix

/// The far end of a webhook channel on 127.0.0.1: HTTP/1.1 with keep-alive, 200 and an empty
/// body to every request, counting requests and distinct `webhook-id`s. It checks no signature
/// and keeps no body, so that it is never what limits a measured delivery rate (the Python test
/// receiver manages a few hundred requests a second).
final class WebhookReceiver: Sendable {
    let arrivals: Arrivals
    let port: Int
    private let listener: any Channel

    init(group: any EventLoopGroup) async throws {
        let arrivals = Arrivals()
        listener = try await LoopbackListener.bind(group: group) { pipeline in
            try pipeline.configureHTTPServerPipeline()
            try pipeline.addHandler(WebhookHandler(arrivals: arrivals))
        }
        port = listener.localAddress?.port ?? 0
        self.arrivals = arrivals
    }

    /// The channel's URL in bvd.yaml.
    var url: String { "http://127.0.0.1:\(port)/bvd" }

    func stop() async { try? await listener.close() }
}

/// One connection: counts each request when its body is complete and answers it at once.
private final class WebhookHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let arrivals: Arrivals
    private var id: String?
    private var bytes = 0
    private static let head: HTTPResponseHead = {
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: "0")
        return HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
    }()

    init(arrivals: Arrivals) { self.arrivals = arrivals }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            id = head.headers.first(name: "webhook-id")
            bytes = 0
        case .body(let buffer):
            bytes += buffer.readableBytes
        case .end:
            arrivals.record(id: id, bytes: bytes)
            context.write(wrapOutboundOut(.head(Self.head)), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// One flush per read, however many requests a client pipelined into it.
    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }
}
