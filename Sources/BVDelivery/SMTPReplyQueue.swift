import NIOCore

/// Hands the server's replies, in order, to whoever waits for the next one, each wait bounded
/// by a timeout. Replies that arrive before anyone waits (the greeting, pipelined replies) are
/// kept. Lives on the channel's event loop.
final class SMTPReplyQueue: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    enum WaitError: Error {
        case timedOut
        case closed
    }

    private struct Waiter {
        let promise: EventLoopPromise<SMTPReply>
        let timeout: Scheduled<Void>
    }

    private var replies = CircularBuffer<SMTPReply>()
    private var waiters = CircularBuffer<Waiter>()
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Replies received that nobody has asked for yet.
    var bufferedCount: Int { replies.count }

    /// The next reply, or a failure after `timeout` (the connection is then closed: a late reply
    /// would be taken for the answer to the next command).
    func next(timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let scheduled = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail(WaitError.timedOut)
            context?.close(promise: nil)
        }
        waiters.append(Waiter(promise: promise, timeout: scheduled))
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter = waiters.popFirst() {
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(WaitError.closed)
        context.fireChannelInactive()
    }

    /// Fails every waiter and every later wait with the first error seen.
    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        while let waiter = waiters.popFirst() {
            waiter.timeout.cancel()
            waiter.promise.fail(failure ?? error)
        }
    }
}
