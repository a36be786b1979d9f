import CSystemd
public import Hummingbird
public import NIOCore

/// The context of one request on the control socket: Hummingbird's, plus the channel it came on
/// (for the peer's credentials) and, once known, the caller.
public struct ControlContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel
    public var caller: Caller?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The uid of the process on the other end of the Unix socket (SO_PEERCRED), or nil if the
    /// kernel would not say.
    func peerUID() async -> UInt32? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let credentials: bvd_ucred? = try? await provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)).get()
        return credentials.map { $0.uid }
    }
}

extension bvd_ucred: @retroactive @unchecked Sendable {}
