import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a read whose response is already cached (a review's progress view) on the connection's
/// own event loop, before the request reaches the router: no task, no hop between threads. It is
/// the hot read of officers' dashboards; everything else, and any read that arrives while an
/// earlier request on the connection is still being answered (so responses keep their order),
/// passes on to Hummingbird unchanged.
///
/// It sits after Hummingbird's connection-state handler, so that idle timeouts and graceful
/// shutdown see these requests and responses like any other.
final class CachedViewHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The cached body for a request, or nil to let the router answer it.
    private let cached: (HTTPRequest) -> ByteBuffer?
    /// Requests passed on to the router whose responses have not ended yet.
    private var passedOn = 0
    /// The body to send once the request being read (answered here) has ended.
    private var answer: ByteBuffer?

    init(cached: @escaping (HTTPRequest) -> ByteBuffer?) {
        self.cached = cached
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            // Only while the socket takes writes: reads are not paused for requests answered
            // here, so a client that never reads its answers must meet the router's back-pressure.
            if passedOn == 0, context.channel.isWritable, let body = cached(request) {
                answer = body
                return
            }
            passedOn += 1
            context.fireChannelRead(data)
        case .body:
            if answer == nil { context.fireChannelRead(data) }
        case .end:
            guard let body = answer else { return context.fireChannelRead(data) }
            answer = nil
            var head = HTTPResponse(status: .ok)
            head.headerFields[.contentType] = "application/json"
            head.headerFields[.contentLength] = String(body.readableBytes)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn -= 1 }
        context.write(data, promise: promise)
    }
}
