import BVClient
import BVCore
import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// Where the control API listens: a socket systemd passed (socket activation) or a path bvd binds.
public enum ControlSocket: Sendable, CustomStringConvertible {
    case inherited(fd: Int32)
    case path(String, mode: UInt16)

    /// As the log shows it: the mode in octal, as chmod(1) and the configuration write it.
    public var description: String {
        switch self {
        case .inherited(let fd): "descriptor \(fd) from systemd"
        case .path(let path, let mode): "\(path) (mode \(String(format: "%04o", mode)))"
        }
    }
}

/// The HTTP/1.1 server of the control API on a Unix socket. Hummingbird's `Server` binds only
/// addresses, so this drives Hummingbird's `HTTP1Channel` on a NIO bootstrap that can also start
/// from an inherited descriptor.
public struct ControlServer: Service {
    let socket: ControlSocket
    let responder: RouterResponder<ControlContext>
    let limits: ConnectionLimits
    let logger: Logger
    let answers: DirectAnswers?
    let onListening: @Sendable () async -> Void

    /// A response the connection's event loop may send at once, from the request and the peer's
    /// uid (see `DirectAnswerHandler`); nil lets the router answer.
    public typealias DirectAnswers = @Sendable (HTTPRequest, _ peer: UInt32?) -> ByteBuffer?

    public init(socket: ControlSocket, router: Router<ControlContext>, limits: ConnectionLimits, logger: Logger,
                answers: DirectAnswers? = nil, onListening: @escaping @Sendable () async -> Void) {
        self.socket = socket
        self.responder = router.buildResponder()
        self.answers = answers
        self.limits = limits
        self.logger = logger
        self.onListening = onListening
    }

    /// The HTTP/1.1 handling of one connection, its peer's uid read once when it was accepted.
    func http1(peer: UInt32?) -> HTTP1Channel {
        let responder = self.responder
        let logger = self.logger
        return HTTP1Channel(
            responder: { request, writer, channel in
                var context = ControlContext(source: .init(channel: channel, logger: logger))
                context.peer = peer
                let response: Response
                do {
                    response = try await responder.respond(to: request, context: context)
                } catch {
                    response = Problem(status: .internalServerError, type: "internal", title: "Internal error", detail: "\(error)").response()
                }
                try await writer.write(response: response.head, body: response.body)
            },
            configuration: .init(idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)),
                                 httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 64 * 1024, maxHeaderFieldCount: 100)))
    }

    public func run() async throws {
        let logger = self.logger
        let http1 = http1(peer: nil)
        // The pipeline is set up, and the peer's credentials read (SO_PEERCRED), on the
        // connection's event loop as it is accepted: once per connection, not per request.
        let answers = self.answers
        let accept: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            http1.setup(channel: channel, logger: logger).flatMap { value in
                ChannelPeer.uid(of: channel).flatMapThrowing { peer in
                    if let answers {
                        let operations = channel.pipeline.syncOperations
                        try operations.addHandler(DirectAnswerHandler { answers($0, peer) },
                                                  position: .after(try operations.handler(type: HTTPConnectionStateHandler.self)))
                    }
                    return AcceptedConnection(value: value, peer: peer)
                }
            }.flatMapError { error in
                // NIO drops a connection whose set-up failed without closing it: close it here.
                channel.close(promise: nil)
                return channel.eventLoop.makeFailedFuture(error)
            }
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
        let server: NIOAsyncChannel<AcceptedConnection, Never>
        switch socket {
        case .inherited(let fd):
            server = try await bootstrap.bind(fd, childChannelInitializer: accept)
        case .path(let path, let mode):
            try SocketFile.prepare(path)
            server = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: accept)
            guard chmod(path, mode_t(mode)) == 0 else {
                throw SocketFile.Failure(message: "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
            }
        }
        await onListening()
        let active = ConnectionCount()
        let maximum = limits.maximumConnections
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        let admitted = active.admit(below: maximum)
                        guard admitted else {
                            logger.warning("refused a connection: \(maximum) are open already")
                            try? await connection.value.channel.close()
                            continue
                        }
                        let id = active.track(connection.value.channel)
                        let handler = self.http1(peer: connection.peer)
                        group.addTask {
                            await handler.handle(value: connection.value, logger: logger)
                            active.release(id)
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            // Stop accepting; requests in flight finish, then their connections close; idle
            // keep-alive connections close at once (Hummingbird's handler honours the quiesce event).
            server.channel.close(promise: nil)
            active.quiesceAll()
        }
    }
}

/// A connection as accepted: its HTTP/1.1 channel and the uid of the process that opened it.
struct AcceptedConnection: Sendable {
    let value: HTTP1Channel.Value
    let peer: UInt32?
}

/// Open connections, bounded so that a flood of clients cannot exhaust descriptors, and known so
/// that shutdown can ask each to finish.
final class ConnectionCount: Sendable {
    private struct State {
        var count = 0
        var next = 0
        var channels: [Int: any Channel] = [:]
    }

    private let state = Mutex(State())

    func admit(below maximum: Int) -> Bool {
        state.withLock { state in
            guard state.count < maximum else { return false }
            state.count += 1
            return true
        }
    }

    func track(_ channel: any Channel) -> Int {
        state.withLock { state in
            state.next += 1
            state.channels[state.next] = channel
            return state.next
        }
    }

    func release(_ id: Int) {
        state.withLock { state in
            state.count -= 1
            state.channels[id] = nil
        }
    }

    func quiesceAll() {
        for channel in state.withLock({ Array($0.channels.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }
}

/// The socket file bvd binds itself: refuses to take over from a live bvd, replaces a stale file.
enum SocketFile {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        // Searchable by all, whatever bvd's umask: the socket's own mode says who may connect.
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        if let problem = answeringProblem(path) { throw Failure(message: problem) }
        try FileManager.default.removeItem(atPath: path)
    }

    /// Why bvd cannot take `path`: a live bvd answers there.
    static func answeringProblem(_ path: String) -> String? {
        guard UnixSocketAddress.isAnswering(path) else { return nil }
        return "a bvd already answers at \(path); stop it first (systemctl stop bvd) or choose another socket"
    }
}
