import CSystemd
import Glibc

/// Who is on the other end of a Unix socket, as the kernel recorded it at connect(2).
///
/// The control socket's mode and group decide who may connect at all; these credentials decide
/// what a connected peer may do. They cannot be forged by the peer, unlike anything it sends.
public struct PeerCredentials: Sendable, Hashable {
    /// The peer's process id at connect time.
    public var pid: Int32
    /// The peer's effective user id.
    public var uid: UInt32
    /// The peer's effective group id.
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// Reads `SO_PEERCRED` of a connected Unix socket.
    ///
    /// - Throws: `SystemCallError` when `fd` is not a connected Unix socket.
    public static func of(socket fd: Int32) throws -> PeerCredentials {
        var credentials = bvd_ucred()
        var length = socklen_t(MemoryLayout<bvd_ucred>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
            throw SystemCallError(call: "getsockopt(SO_PEERCRED)", errno: errno)
        }
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
}
