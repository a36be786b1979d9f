#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 response: status, headers (names lower-cased) and body.
public struct HTTPReply: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request over the control socket failed before any reply.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The socket could not be reached: bvd is not running, or the path is wrong.
    case unreachable(path: String, reason: String)
    /// The socket is there but its permissions keep this user out (not in bvd's groups).
    case forbidden(path: String)
    case protocolError(String)

    public var description: String {
        switch self {
        case .unreachable(let path, let reason): "cannot reach bvd at \(path): \(reason)"
        case .forbidden(let path): "this user may not connect to bvd at \(path): permission denied"
        case .protocolError(let text): "bad reply from bvd: \(text)"
        }
    }
}

/// A blocking HTTP/1.1 client over a Unix socket with plain POSIX calls: no event loop and no
/// Foundation, so `bvctl` starts fast. One connection, reused for every request (keep-alive).
public final class UnixHTTPClient {
    public let path: String
    private var fd: Int32 = -1
    private var pending: [UInt8] = []

    public init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    private func connectIfNeeded() throws(ClientError) {
        guard fd < 0 else { return }
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw .unreachable(path: path, reason: String(cString: strerror(errno))) }
        guard let result = UnixSocketAddress.with(path, { connect(socketFD, $0, $1) }) else {
            close(socketFD)
            throw .unreachable(path: path, reason: "the socket path is too long")
        }
        guard result == 0 else {
            let code = errno
            close(socketFD)
            if code == EACCES || code == EPERM { throw .forbidden(path: path) }
            throw .unreachable(path: path, reason: String(cString: strerror(code)))
        }
        fd = socketFD
    }

    /// Sends one request and reads its reply. `target` is the path and query, e.g. `/v1/status`.
    public func request(_ method: String, _ target: String, body: [UInt8]? = nil,
                        contentType: String = "application/json") throws(ClientError) -> HTTPReply {
        try connectIfNeeded()
        var head = "\(method) \(target) HTTP/1.1\r\nHost: bvd\r\nAccept: application/json\r\n"
        if let body {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        do {
            try send(Array(head.utf8) + (body ?? []))
            return try readReply()
        } catch {
            close(fd)
            fd = -1
            pending = []
            throw error
        }
    }

    private func send(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw .protocolError("the connection closed while sending: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    private func fill() throws(ClientError) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw .protocolError("the connection closed before the reply was complete") }
        pending += buffer[0..<count]
    }

    private func readReply() throws(ClientError) -> HTTPReply {
        var headerEnd: Int?
        while headerEnd == nil {
            if let range = find([13, 10, 13, 10], in: pending) { headerEnd = range } else { try fill() }
        }
        let headText = String(decoding: pending[0..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw .protocolError("no status line") }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw .protocolError("bad status line") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].drop { $0 == " " }.description
        }
        var body: [UInt8] = []
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            while pending.count < length { try fill() }
            body = Array(pending[0..<length])
            pending.removeFirst(length)
        } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
            body = try readChunked()
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }

    private func readChunked() throws(ClientError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = find([13, 10], in: pending)
            while lineEnd == nil { try fill(); lineEnd = find([13, 10], in: pending) }
            let sizeText = String(decoding: pending[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingSpaces, radix: 16) else { throw .protocolError("bad chunk size") }
            pending.removeFirst(lineEnd! + 2)
            while pending.count < size + 2 { try fill() }
            body += pending[0..<size]
            pending.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<i + needle.count]) == needle { return i }
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
