import Foundation

/// The baselines of the delivery benchmark: what the same receivers take from a plain client
/// with the same number in flight, measured in the same run. Threads with blocking sockets and
/// nothing else: no rendering, no signing, no store.
enum LoopbackSenders {
    /// `inFlight` threads, each POSTing bodies of `bodyBytes` back to back on one keep-alive
    /// connection, for `seconds`; requests per second.
    static func webhooks(port: Int, inFlight: Int, bodyBytes: Int, seconds: Double) -> Double {
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: bodyBytes)
        return run(threads: inFlight, seconds: seconds) { thread in
            var connection: LoopbackConnection?
            var n = 0
            return {
                if connection == nil { connection = try LoopbackConnection(port: port) }
                n += 1
                let head = "POST /bvd HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "webhook-id: baseline-\(thread)-\(n)\r\nContent-Length: \(body.count)\r\n\r\n"
                try connection?.send(Array(head.utf8) + body)
                guard try connection?.read(through: [13, 10, 13, 10]).starts(with: Array("HTTP/1.1 200".utf8)) == true else {
                    throw LoopbackConnection.Failure.unexpected("not 200")
                }
            }
        }
    }

    /// `inFlight` threads, each submitting messages of `messageBytes` one connection per message,
    /// as bvd's SMTP adapter does, for `seconds`; messages per second.
    static func mails(port: Int, inFlight: Int, messageBytes: Int, seconds: Double) -> Double {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 76) + [13, 10]
        let message = Array((0..<max(1, messageBytes / line.count)).flatMap { _ in line }) + Array(".\r\n".utf8)
        return run(threads: inFlight, seconds: seconds) { _ in
            {
                let connection = try LoopbackConnection(port: port)
                try connection.expect("220")
                try connection.send(Array("EHLO baseline.localhost\r\n".utf8))
                try connection.expect("250")
                try connection.send(Array("MAIL FROM:<bvd@localhost>\r\nRCPT TO:<mary@tenants.example>\r\n".utf8))
                try connection.expect("250")
                try connection.expect("250")
                try connection.send(Array("DATA\r\n".utf8))
                try connection.expect("354")
                try connection.send(message)
                try connection.expect("250")
                try connection.send(Array("QUIT\r\n".utf8))
                try connection.expect("221")
            }
        }
    }

    /// Runs each thread's operation back to back until `seconds` pass; completed operations per second.
    private static func run(threads: Int, seconds: Double, _ makeOperation: @escaping @Sendable (Int) -> () throws -> Void) -> Double {
        let completed = Counter()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread {
                let operation = makeOperation(thread)
                while clock.now < deadline, (try? operation()) != nil { _ = completed.next() }
                group.leave()
            }.start()
        }
        group.wait()
        return Double(completed.next() - 1) / (clock.now - start).seconds
    }
}

/// A blocking TCP connection to 127.0.0.1, read through a small buffer.
final class LoopbackConnection {
    enum Failure: Error { case unreachable, closed, unexpected(String) }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure.unreachable }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure.closed }
            offset += written
        }
    }

    /// Everything up to and including the next `delimiter`.
    func read(through delimiter: [UInt8]) throws -> [UInt8] {
        var searched = 0
        while true {
            if buffer.count >= delimiter.count {
                for i in searched...(buffer.count - delimiter.count) where buffer[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                    let taken = Array(buffer[..<(i + delimiter.count)])
                    buffer.removeFirst(i + delimiter.count)
                    return taken
                }
                searched = buffer.count - delimiter.count + 1
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure.closed }
            buffer += chunk[..<count]
        }
    }

    /// Reads one SMTP reply (every line of a multi-line one) and checks its code.
    func expect(_ code: String) throws {
        while true {
            let line = try read(through: [13, 10])
            guard line.starts(with: Array(code.utf8)) else { throw Failure.unexpected(String(decoding: line, as: UTF8.self)) }
            if line.count < 4 || line[3] != UInt8(ascii: "-") { return }
        }
    }
}
