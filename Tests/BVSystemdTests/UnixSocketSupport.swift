import Foundation
import Glibc

/// Test-side Unix sockets: real sockets on real paths, so the library is exercised against the
/// kernel rather than against mocks.
enum UnixSocket {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call) failed: errno \(code)" }
    }

    /// A fresh private directory for socket files (paths must stay under 108 bytes).
    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/bvsd-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(call: "mkdtemp", code: errno) }
        return String(cString: made)
    }

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        return address
    }

    /// A socket of `type` bound to `path`.
    static func bound(type: Int32, at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var address = address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "bind", code: code)
        }
        return fd
    }

    /// A listening stream socket at `path`.
    static func listening(at path: String) throws -> Int32 {
        let fd = try bound(type: Int32(SOCK_STREAM.rawValue), at: path)
        guard listen(fd, 4) == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "listen", code: code)
        }
        return fd
    }

    /// A stream socket connected to `path`.
    static func connected(to path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var address = address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "connect", code: code)
        }
        return fd
    }

    /// The path a socket is bound to, from getsockname(2).
    static func boundPath(of fd: Int32) -> String? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafeBytes(of: &address.sun_path) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

/// A datagram socket standing in for systemd's notification socket.
final class NotifySocket {
    let directory: String
    let path: String
    let fd: Int32

    init() throws {
        directory = try UnixSocket.temporaryDirectory()
        path = directory + "/notify.sock"
        fd = try UnixSocket.bound(type: Int32(SOCK_DGRAM.rawValue), at: path)
    }

    deinit {
        close(fd)
        unlink(path)
        rmdir(directory)
    }

    /// The next queued datagram, or `nil` when none is queued. sd_notify(3) sends synchronously,
    /// so a datagram is already queued when it returns.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}
