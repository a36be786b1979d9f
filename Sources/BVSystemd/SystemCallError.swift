import Glibc

/// A failed system call with its `errno`, so callers and logs can tell "not a socket" from
/// "bad descriptor" without parsing text.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call that failed, e.g. `"getsockopt(SO_PEERCRED)"`.
    public var call: String
    /// The `errno` it set.
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
