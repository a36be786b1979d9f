/// A descriptor handed over by socket activation, with the name from `FileDescriptorName=`, so
/// the daemon picks its sockets by role rather than by position.
public struct ListenedSocket: Sendable, Hashable {
    /// The descriptor (3, 4, …). Owned by the daemon from now on; never shutdown(2) it, because
    /// the socket unit keeps listening on the same socket after the service stops.
    public var fd: Int32
    /// The `FileDescriptorName=` of the socket unit, `"unknown"` when it set none.
    public var name: String

    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }
}

extension Array where Element == ListenedSocket {
    /// The first socket named `name`, e.g. `"control"`.
    public func socket(named name: String) -> ListenedSocket? {
        first { $0.name == name }
    }
}
