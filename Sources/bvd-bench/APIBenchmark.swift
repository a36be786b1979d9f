import BVClient
import BVCore
import BVStore
import Foundation

/// The control API under load from a second process's point of view: `GET /v1/reviews/{id}` with
/// 1 and 8 keep-alive connections and 10,000 reviews in the store, next to a minimal fixed-response
/// HTTP server on a Unix socket measured in the same run; and write commands through the API.
struct APIBenchmark {
    let directory: URL
    let quick: Bool
    var seconds: Double { quick ? 1 : 3 }
    var reviewCount: Int { quick ? 1_000 : 10_000 }

    func run() async throws {
        print("\n== Control API (HTTP/1.1 over a Unix socket) ==")
        let state = directory.appendingPathComponent("api-state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let store = try SQLiteReviewStore(path: state.appendingPathComponent("bvd.sqlite").path, durability: .normal, workflows: [BenchWorkflow.loaded])
        let actor = Actor(name: "bench", uid: 0)
        for start in stride(from: 0, to: reviewCount, by: 500) {
            _ = try await store.execute((start..<min(start + 500, reviewCount)).map {
                CommandRequest(review: "r\($0)", command: .start(title: "Review \($0)", service: "S", lead: "bench", planYear: 2028), actor: actor)
            }, now: SystemClock().now())
        }
        try store.close()

        let baselineSocket = directory.appendingPathComponent("fixed.sock").path
        let baseline = try FixedResponseServer(path: baselineSocket)
        let daemon = try BenchDaemon(state: state, configuration: "")
        defer { daemon.stop() }
        _ = try daemon.waitUntilAnswering()
        let daemonSocket = daemon.socket

        print("\(reviewCount) reviews in the store")
        // The first read of each review computes its view; later reads within the cache's lifetime
        // (30 s, while nothing is written) are answered from it. Both are reported.
        let first = load(socket: daemonSocket, connections: 8, requests: reviewCount) { n in "/v1/reviews/r\(n % reviewCount)" }
        print("GET /v1/reviews/{id}, first read of each review (view computed), 8 connections: \(format(first.rate))/s, p50 \(format(first.p50, 3)) ms, p99 \(format(first.p99, 3)) ms")
        for connections in [1, 8] {
            let fixed = load(socket: baselineSocket, connections: connections) { _ in "/" }
            let bvd = load(socket: daemonSocket, connections: connections) { n in "/v1/reviews/r\(n % reviewCount)" }
            print("GET /v1/reviews/{id}, \(connections) connection\(connections == 1 ? "" : "s"): \(format(bvd.rate))/s, p50 \(format(bvd.p50, 3)) ms, p99 \(format(bvd.p99, 3)) ms"
                + " | fixed-response server: \(format(fixed.rate))/s, p50 \(format(fixed.p50, 3)) ms, p99 \(format(fixed.p99, 3)) ms"
                + " | ratio \(format(bvd.rate / fixed.rate * 100))%" + (connections == 8 ? " (target ≥ 40%, p99 < 1 ms)" : ""))
        }
        baseline.stop()

        // bvctl status end to end (process start, request, print) next to curl against the same daemon.
        let bvctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bvctl").path
        let runs = quick ? 20 : 100
        let cli = wallTime(runs: runs, bvctl, ["status", "--socket", daemonSocket])
        let curl = wallTime(runs: runs, "/usr/bin/curl", ["-s", "--unix-socket", daemonSocket, "http://bvd/v1/status"])
        print("bvctl status end to end: \(format(cli * 1000, 2)) ms per run | curl --unix-socket: \(format(curl * 1000, 2)) ms | ratio \(format(cli / curl, 2))× (target ≤ 2×)")

        let writes = load(socket: daemonSocket, connections: 8, method: "POST") { n in "/v1/reviews/r\(n % reviewCount)/organisations" }
        print("write commands through the API, 8 clients, synchronous=FULL: \(format(writes.rate))/s, p50 \(format(writes.p50, 2)) ms, p99 \(format(writes.p99, 2)) ms")
    }

    struct Result { let rate: Double; let p50: Double; let p99: Double }

    /// Mean wall time of running a program to completion, its output discarded. Uses posix_spawn
    /// and waitpid directly: Foundation's Process adds tens of milliseconds per run.
    func wallTime(runs: Int, _ path: String, _ arguments: [String]) -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<runs {
            var pid: pid_t = 0
            guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return .nan }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 / Double(runs)
    }

    /// `connections` threads, each with one keep-alive connection, requesting back to back for `seconds`.
    /// `requests`, when given, ends the run after that many requests instead of after `seconds`.
    func load(socket: String, connections: Int, method: String = "GET", requests: Int? = nil,
              target: @escaping @Sendable (Int) -> String) -> Result {
        let latencies = LatencyLog()
        let counter = Counter()
        let started = Date()
        let deadline = requests == nil ? started.addingTimeInterval(seconds) : .distantFuture
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            Thread {
                let client = UnixHTTPClient(path: socket)
                while Date() < deadline {
                    let n = counter.next()
                    if let requests, n > requests { break }
                    let body: [UInt8]? = method == "POST"
                        ? Array(#"{"id":"o\#(n)","name":"Organisation \#(n)","category":"tenants-and-community"}"#.utf8) : nil
                    let started = DispatchTime.now().uptimeNanoseconds
                    guard let reply = try? client.request(method, target(n), body: body), reply.status < 300 else { break }
                    latencies.add(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                }
                group.leave()
            }.start()
        }
        group.wait()
        let elapsed = requests == nil ? seconds : Date().timeIntervalSince(started)
        let sorted = latencies.sorted
        return Result(rate: Double(sorted.count) / elapsed, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99))
    }
}

final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func add(_ value: Double, times: Int = 1) { lock.withLock { values += Array(repeating: value, count: times) } }
    var sorted: [Double] { lock.withLock { values.sorted() } }
}

/// The baseline: an HTTP/1.1 server on a Unix socket that answers every request with the same
/// small JSON body, a thread per connection, no parsing beyond the end of the head.
final class FixedResponseServer: @unchecked Sendable {
    let fd: Int32
    let path: String
    private let response = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}".utf8)

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        _ = UnixSocketAddress.with(path) { bind(fd, $0, $1) }
        listen(fd, 128)
        Thread { [self] in
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }
                Thread { [self] in serve(connection) }.start()
            }
        }.start()
    }

    private func serve(_ connection: Int32) {
        var buffer = [UInt8](repeating: 0, count: 8192)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { close(connection); return }
            pending += buffer[0..<count]
            while let end = headEnd(pending) {
                pending.removeFirst(end)
                _ = response.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    private func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i + 4 }
        return nil
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }
}
