import BVCore
import BVStore
import Foundation
import Testing

/// A real process submits commands through `CommandWriter` from four concurrent clients, as the
/// daemon does, and acknowledges each group on stdout; the test kills it with SIGKILL at random
/// moments and checks what survived.
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
    /// Returns the reviews whose groups it acknowledged.
    func runAndKill(database: String, pauseMilliseconds: Int) throws -> [String] {
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
                    if line.hasPrefix("ack ") { acknowledged.append(String(line.dropFirst(4))) }
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

    @Test("SIGKILL at 20 random moments, four clients writing: no acknowledged command lost, no group partial, the outbox whole")
    func killRepeatedly() async throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("crash.sqlite").path
        var generator = SystemRandomNumberGenerator()
        var acknowledged = Set<String>()
        for _ in 0..<20 {
            acknowledged.formUnion(try runAndKill(database: database, pauseMilliseconds: Int.random(in: 0...150, using: &generator)))
        }
        let store = try SQLiteReviewStore(path: database, workflows: [StoreFixture.workflow])
        let report = try await store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        #expect(acknowledged.count > 0)
        let stored = try await store.reviews()
        let present = Set(stored.map(\.id))
        for review in acknowledged { #expect(present.contains(review), "acknowledged review \(review) is missing") }
        // Every group is a start and two invitations, committed together: whole or absent, never a part.
        #expect(stored.allSatisfy { $0.events == 3 }, "\(stored.filter { $0.events != 3 }.map { "\($0.id): \($0.events)" })")
        #expect(report.events == 3 * stored.count)
        // Each review's notices were queued in its group's transaction: as many as a lone group queues.
        let sample = try #require(stored.first).id
        let reference = try TemporaryStore()
        _ = try await reference.store.execute(Self.group(sample), now: StoreFixture.london("2027-01-04T09:00"))
        let perGroup = try await reference.store.outbox(review: sample).count
        #expect(perGroup > 0)
        let outbox = try await store.outbox(review: nil)
        let byReview = Dictionary(grouping: outbox, by: \.notice.review)
        #expect(Set(byReview.keys) == present)
        #expect(byReview.values.allSatisfy { $0.count == perGroup })
    }

    /// The exerciser's group, for a reference store.
    static func group(_ review: String) -> [CommandRequest] {
        let categories = StoreFixture.workflow.definition.categories.map(\.id)
        let n = Int(review.split(separator: "-").last!)!
        return [ReviewCommand.start(title: "Review \(review)", service: "Service", lead: "exerciser", planYear: 2028),
                .invite(organisation: "a", name: "Organisation A", category: categories[n % categories.count]),
                .invite(organisation: "b", name: "Organisation B", category: categories[(n + 1) % categories.count])]
            .map { CommandRequest(review: review, command: $0, actor: Actor(name: "exerciser", uid: 0)) }
    }
}

/// Groups acknowledged by the child, filled by the reader thread.
final class AcknowledgedBatches: @unchecked Sendable {
    private let lock = NSCondition()
    private var list: [String] = []
    private var finished = false

    func append(_ review: String) { lock.withLock { list.append(review) } }
    var count: Int { lock.withLock { list.count } }
    var values: [String] { lock.withLock { list } }

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
