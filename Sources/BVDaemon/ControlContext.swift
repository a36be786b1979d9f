import CSystemd
public import Hummingbird
import NIOCore

/// The context of one request on the control socket: Hummingbird's, plus the uid of the process
/// that opened the connection and, once known, the caller.
public struct ControlContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?
    /// The uid of the process on the other end of the socket, read when the connection was
    /// accepted; nil if the kernel would not say.
    public var peer: UInt32?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// The process on the other end of a NIO channel's Unix socket (SO_PEERCRED through NIO, which
/// keeps the descriptor to itself; `BVSystemd.PeerCredentials` reads a plain descriptor), read
/// once per connection when it is accepted.
enum ChannelPeer {
    /// The peer's uid, or nil if the kernel would not say.
    static func uid(of channel: any Channel) -> EventLoopFuture<UInt32?> {
        guard let provider = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
        let credentials: EventLoopFuture<bvd_ucred> = provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return credentials.map { Optional($0.uid) }.recover { _ in nil }
    }
}

extension bvd_ucred: @retroactive @unchecked Sendable {}
