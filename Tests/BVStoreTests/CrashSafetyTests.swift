import BVCore
import BVStore
import Foundation
import Testing

/// A real process applies commands and acknowledges each batch on stdout; the test kills it with
/// SIGKILL at random moments and checks what survived.
@Suite("Crash safety")
struct CrashSafetyTests {
    static let products: URL = {
        // The test bundle sits in the products directory beside the executables.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("bvd-store-exerciser").path) { return url }
        }
        return StoreFixture.root.appendingPathComponent(".build/debug")
    }()

    /// Runs the exerciser until it has acknowledged something, then kills it after a random pause.
    /// Returns the batches it acknowledged.
    func runAndKill(database: String, pauseMilliseconds: Int) throws -> [Int] {
        let process = Process()
        process.executableURL = Self.products.appendingPathComponent("bvd-store-exerciser")
        process.arguments = [database, StoreFixture.workflowPath, "full"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let acknowledged = AcknowledgedBatches()
        let reader = Thread {
            let handle = output.fileHandleForReading
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer += chunk
                while let newline = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if line.hasPrefix("ack "), let n = Int(line.dropFirst(4)) { acknowledged.append(n) }
                }
            }
            acknowledged.finish()
        }
        reader.start()
        let deadline = Date().addingTimeInterval(20)
        while acknowledged.count == 0, Date() < deadline, process.isRunning { usleep(2000) }
        usleep(UInt32(pauseMilliseconds * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        acknowledged.waitUntilFinished()
        #expect(process.terminationReason == .uncaughtSignal)
        return acknowledged.values
    }

    @Test("SIGKILL at 20 random moments loses no acknowledged command and leaves no partial one")
    func killRepeatedly() async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("crash.sqlite").path
        var generator = SystemRandomNumberGenerator()
        var acknowledged = Set<Int>()
        for _ in 0..<20 {
            acknowledged.formUnion(try runAndKill(database: database, pauseMilliseconds: Int.random(in: 0...150, using: &generator)))
        }
        let store = try SQLiteReviewStore(path: database, workflows: [StoreFixture.workflow])
        let report = try await store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        // Every batch is three events committed together: present whole or not at all.
        #expect(report.events % 3 == 0)
        let batches = report.events / 3
        #expect(acknowledged.count > 0)
        for batch in acknowledged { #expect(batch < batches, "acknowledged batch \(batch) is missing (\(batches) batches stored)") }
        // The store holds exactly batches 0..<batches, each with its three organisations, in order.
        var seen = 0
        for summary in try await store.reviews() {
            let state = try #require(try await store.review(summary.id)?.state)
            seen += state.organisations.count + 1
            for organisation in state.organisations {
                let parts = organisation.id.split(separator: "-")
                let batch = Int(parts[1])!
                #expect("r\(batch / 10)" == summary.id)
                #expect(state.organisations.filter { $0.id.hasPrefix("org-\(batch)-") }.count == (batch % 10 == 0 ? 2 : 3))
            }
        }
        #expect(seen == report.events)
    }
}

/// Batches acknowledged by the child, filled by the reader thread.
final class AcknowledgedBatches: @unchecked Sendable {
    private let lock = NSCondition()
    private var list: [Int] = []
    private var finished = false

    func append(_ n: Int) { lock.withLock { list.append(n) } }
    var count: Int { lock.withLock { list.count } }
    var values: [Int] { lock.withLock { list } }

    func finish() {
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    func waitUntilFinished() {
        lock.withLock { while !finished { lock.wait() } }
    }
}
