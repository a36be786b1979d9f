import BVClient
import Foundation
import Testing

/// Review views answered on the connection's event loop, before the router: from the view
/// cache, or computed there once the caller is known.
@Suite("Review views answered on the event loop")
struct DirectViewTests {
    @Test("a view answered on the event loop is what the router answered, and a change to the review shows at once")
    func sameAnswerAndFresh() throws {
        let (daemon, client) = try Self.daemon(withReviews: ["r1"])

        let computed = try client.request("GET", "/v1/reviews/r1")
        let cached = try client.request("GET", "/v1/reviews/r1")
        #expect(computed.status == 200 && cached.status == 200)
        #expect(cached.headers == computed.headers)
        #expect(cached.text == computed.text)
        #expect(!cached.text.contains("Tenants"))

        #expect(try client.request("POST", "/v1/reviews/r1/organisations",
                                    body: body(["id": "tenants", "name": "Tenants", "category": "tenants-and-community"])).status == 200)
        #expect(try client.request("GET", "/v1/reviews/r1").text.contains("Tenants"))
        // A review that does not exist, and other paths, still reach the router and its problems.
        #expect(try client.request("GET", "/v1/reviews/nope").status == 404)
        #expect(try client.request("GET", "/v1/reviews/r1/why").status == 200)
        #expect(daemon.terminate() == 0)
    }

    @Test("a change to one review leaves the cached views of the others; a change to the review itself does not")
    func viewsKeptPerReview() throws {
        let (daemon, client) = try Self.daemon(withReviews: ["r1", "r2"])
        // Each open decision says when it was judged: a view computed later says a later time.
        let first = try client.request("GET", "/v1/reviews/r1").text
        #expect(first.contains(#""at":"#))
        usleep(20_000)
        #expect(try client.request("POST", "/v1/reviews/r2/organisations",
                                    body: body(["id": "tenants", "name": "Tenants", "category": "tenants-and-community"])).status == 200)
        #expect(try client.request("GET", "/v1/reviews/r1").text == first, "r2's change left r1's view cached")
        #expect(try client.request("POST", "/v1/reviews/r1/organisations",
                                    body: body(["id": "unison", "name": "UNISON", "category": "trade-unions"])).status == 200)
        let changed = try client.request("GET", "/v1/reviews/r1").text
        #expect(changed != first && changed.contains("UNISON"))
        #expect(daemon.terminate() == 0)
    }

    @Test("requests sent together are answered in order, a cached read after a change showing the change")
    func pipelinedInOrder() throws {
        let (daemon, client) = try Self.daemon(withReviews: ["r1"])
        _ = try client.request("GET", "/v1/reviews/r1")
        _ = try client.request("GET", "/v1/reviews/r1")

        let invite = #"{"id":"tenants","name":"Tenants","category":"tenants-and-community"}"#
        let replies = try pipeline(daemon.socket, [
            "GET /v1/reviews/r1 HTTP/1.1\r\nHost: bvd\r\n\r\n",
            "POST /v1/reviews/r1/organisations HTTP/1.1\r\nHost: bvd\r\nContent-Type: application/json\r\nContent-Length: \(invite.utf8.count)\r\n\r\n\(invite)",
            "GET /v1/reviews/r1 HTTP/1.1\r\nHost: bvd\r\n\r\n",
            "GET /v1/status HTTP/1.1\r\nHost: bvd\r\n\r\n",
        ])
        #expect(replies.map(\.status) == [200, 200, 200, 200])
        guard replies.count == 4 else { return }
        #expect(!replies[0].body.contains("Tenants"))
        #expect(replies[1].body.contains("organisationInvited"))
        #expect(replies[2].body.contains("Tenants"))
        #expect(replies[3].body.contains(#""reviews":1"#))
        #expect(daemon.terminate() == 0)
    }

    @Test("a read that announces a body it has not sent (Expect: 100-continue) is answered at once, not held for the body")
    func expectContinue() throws {
        let (daemon, client) = try Self.daemon(withReviews: ["r1"])
        _ = try client.request("GET", "/v1/reviews/r1")
        let replies = try pipeline(daemon.socket, ["GET /v1/reviews/r1 HTTP/1.1\r\nHost: bvd\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"])
        #expect(replies.map(\.status) == [200])
        #expect(daemon.terminate() == 0)
    }

    /// A bvd of its own with the reviews `ids` started, and a client on its socket.
    static func daemon(withReviews ids: [String]) throws -> (DaemonProcess, UnixHTTPClient) {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        for id in ids {
            #expect(try client.request("POST", "/v1/reviews", body: body(["id": id, "title": "T", "service": "S", "lead": "l"])).status == 201)
        }
        return (daemon, client)
    }

    /// Sends every request in one write on a fresh connection and reads as many replies.
    func pipeline(_ socket: String, _ requests: [String]) throws -> [(status: Int, body: String)] {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        guard UnixSocketAddress.with(socket, { connect(fd, $0, $1) }) == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(requests.joined().utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { throw POSIXError(.EIO) }

        var received: [UInt8] = []
        var replies: [(status: Int, body: String)] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while replies.count < requests.count {
            if let (reply, used) = Self.reply(in: received) {
                replies.append(reply)
                received.removeFirst(used)
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        return replies
    }

    /// The first whole reply (with Content-Length) in `bytes`, and how many bytes it took.
    static func reply(in bytes: [UInt8]) -> ((status: Int, body: String), Int)? {
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 })
        else { return nil }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        guard let status = Int(head.split(separator: " ").dropFirst().first ?? ""),
              let lengthLine = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
              bytes.count >= end + 4 + length else { return nil }
        return ((status, String(decoding: bytes[(end + 4)..<(end + 4 + length)], as: UTF8.self)), end + 4 + length)
    }
}
