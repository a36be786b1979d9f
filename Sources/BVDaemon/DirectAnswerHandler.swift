import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a review's progress view (`GET /v1/reviews/{id}`) on the connection's own event loop,
/// before the request reaches the router: no task, no hop between threads, each of which under
/// load waits for a core. It is the hot read of officers' dashboards, sent from the view cache or
/// computed there (a short indexed read and a fraction of a millisecond's work). Everything else,
/// and any read that arrives while an earlier request on the connection is still being answered
/// (so responses keep their order), passes on to Hummingbird unchanged.
///
/// It sits after Hummingbird's connection-state handler, so that idle timeouts and graceful
/// shutdown see these requests and responses like any other.
final class DirectAnswerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The body for a request, or nil to let the router answer it.
    private let answers: (HTTPRequest) -> ByteBuffer?
    /// Requests passed on to the router whose responses have not ended yet.
    private var passedOn = 0
    /// The body to send once the request being read (answered here) has ended.
    private var answer: ByteBuffer?

    init(answers: @escaping (HTTPRequest) -> ByteBuffer?) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            // Only while the socket takes writes: reads are not paused for requests answered
            // here, so a client that never reads its answers must meet the router's back-pressure.
            if passedOn == 0, context.channel.isWritable, let body = answers(request) {
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
