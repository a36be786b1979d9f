import NIOCore
import NIOPosix

/// A TCP listener on 127.0.0.1 at a port the system chooses, each connection's pipeline set up by
/// `configure`: what the benchmark's receivers have in common.
enum LoopbackListener {
    static func bind(group: any EventLoopGroup,
                     configure: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try configure(channel.pipeline.syncOperations) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }
}
