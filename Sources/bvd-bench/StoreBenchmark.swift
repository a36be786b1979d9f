import BVCore
import BVStore
import Foundation
import GRDB

/// Durable commands per second, sequential and with 8 clients, at FULL and NORMAL, next to a
/// plain SQLite single-row insert transaction loop on the same disk.
///
/// Every way of running the commands runs the same ones: `commands` invitations spread over 100
/// reviews, on a fresh store. Each invitation grows its review, so a run of fixed length would
/// give the faster way more and larger reviews, and each of its commands would cost more.
struct StoreBenchmark {
    let directory: URL
    let quick: Bool
    /// How many commands each run applies.
    let commands: Int
    /// The raw loop, which grows nothing, runs for this long.
    var seconds: Double { quick ? 1 : 3 }

    static func defaultCommands(quick: Bool) -> Int { quick ? 6_000 : 24_000 }

    init(directory: URL, quick: Bool, commands: Int? = nil) {
        (self.directory, self.quick) = (directory, quick)
        self.commands = commands ?? Self.defaultCommands(quick: quick)
    }

    func run() async throws {
        print("\n== Durable commands (store) ==")
        for durability in Durability.allCases {
            let raw = try rawSQLite(durability)
            let direct = try storeAlone(durability)
            let grouped = try storeAlone(durability, batch: 8)
            let sequential = try await clients(durability, 1)
            let concurrent = try await clients(durability, 8)
            print("synchronous=\(durability.rawValue.uppercased()), \(format(Double(commands))) commands in each run")
            print("  raw SQLite single-row insert transactions: \(format(raw))/s (baseline)")
            print("  the store alone, commands one after another on the calling thread: \(format(direct))/s = \(format(direct / raw * 100))% of raw")
            print("  bvd commands, 1 client:   \(format(sequential))/s = \(format(sequential / raw * 100))% of raw (target ≥ 50% at FULL)")
            print("  bvd commands, 8 clients:  \(format(concurrent))/s = \(format(concurrent / sequential, 1))× sequential (target ≥ 3× at FULL)")
            // What 8 clients would give if every commit held all eight and answering them cost
            // nothing: the store alone, 8 commands a transaction on the calling thread.
            print("  group commit's ceiling, the store alone, 8 commands a transaction: \(format(grouped))/s = "
                  + "\(format(grouped / sequential, 1))× sequential")
        }
        try ThrottledDisk(directory: directory, quick: quick).run()
    }

    func rawSQLite(_ durability: Durability) throws -> Double {
        let path = directory.appendingPathComponent("raw-\(durability.rawValue).sqlite").path
        let pool = try DatabasePool(path: path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var n = 0
        while (clock.now - start).seconds < seconds || n < 20 {
            try pool.write { db in try db.cachedStatement(sql: "INSERT INTO t (body) VALUES (?)").execute(arguments: ["row \(n)"]) }
            n += 1
        }
        return Double(n) / (clock.now - start).seconds
    }

    static let actor = Actor(name: "bench", uid: 0)

    /// A fresh store with 100 reviews: each command is an invitation to one of them (as officers
    /// spread over reviews would).
    func storeWithReviews(_ name: String, _ durability: Durability) throws -> SQLiteReviewStore {
        let path = directory.appendingPathComponent("\(name)-\(durability.rawValue).sqlite").path
        let store = try SQLiteReviewStore(path: path, durability: durability, workflows: [BenchWorkflow.loaded])
        _ = try store.executeBlocking((0..<100).map {
            CommandRequest(review: "r\($0)", command: .start(title: "Review \($0)", service: "S", lead: "bench", planYear: 2028), actor: Self.actor)
        }, now: SystemClock().now())
        return store
    }

    /// The n-th benchmark command.
    static func invitation(_ n: Int) -> CommandRequest {
        CommandRequest(review: "r\(n % 100)", command: .invite(organisation: "o\(n)", name: "Organisation \(n)", category: "tenants-and-community"),
                       actor: actor)
    }

    /// The same commands without the writer thread: `executeBlocking` in a loop on this thread,
    /// `batch` commands a transaction. What the hand-off to the writer and back costs is the
    /// difference to one client.
    func storeAlone(_ durability: Durability, batch: Int = 1) throws -> Double {
        let store = try storeWithReviews("alone-\(batch)", durability)
        let clock = SystemClock()
        let started = ContinuousClock.now
        var n = 0
        while n < commands {
            let outcomes = try store.executeBlocking((n..<min(n + batch, commands)).map { Self.invitation($0 + 1) }, now: clock.now())
            guard outcomes.allSatisfy({ if case .success = $0 { true } else { false } }) else { fatalError("benchmark command refused") }
            n += batch
        }
        return Double(n) / (ContinuousClock.now - started).seconds
    }

    /// One figure alone, to compare two builds turn about: `raw`, `alone`, `batchN` (the
    /// store alone, N commands a transaction) or a number of clients,
    /// then `-full` or `-normal` (e.g. `bvd-bench store-part 8-full`).
    func part(_ name: String) async throws {
        let pieces = name.split(separator: "-")
        guard pieces.count == 2, let durability = Durability(rawValue: String(pieces[1])) else { throw BenchFailure("unknown part '\(name)'") }
        let rate: Double
        switch pieces[0] {
        case "raw": rate = try rawSQLite(durability)
        case "alone": rate = try storeAlone(durability)
        case let piece where piece.hasPrefix("batch"):
            guard let batch = Int(piece.dropFirst(5)), batch > 0 else { throw BenchFailure("unknown part '\(name)'") }
            rate = try storeAlone(durability, batch: batch)
        default:
            guard let clients = Int(pieces[0]), clients > 0 else { throw BenchFailure("unknown part '\(name)'") }
            rate = try await self.clients(durability, clients)
        }
        print("\(name) \(Int(rate))/s")
    }

    /// The commands through `CommandWriter`, as bvd applies them, from `clients` tasks.
    func clients(_ durability: Durability, _ clients: Int) async throws -> Double {
        let store = try storeWithReviews("bvd-\(clients)", durability)
        let clock = SystemClock()
        let writer = CommandWriter(store: store, clock: clock)
        let counter = Counter()
        let total = commands
        let started = ContinuousClock.now
        // Each client submits its next command as soon as the last one is acknowledged.
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var count = 0
                    while case let n = counter.next(), n <= total {
                        guard case .success = try await writer.submit(Self.invitation(n)) else { fatalError("benchmark command refused") }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let rate = Double(done) / (ContinuousClock.now - started).seconds
        writer.close()
        return rate
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

enum BenchWorkflow {
    static let loaded: LoadedWorkflow = {
        let path = ProcessInfo.processInfo.environment["BVD_WORKFLOW"] ?? "workflows/best-value-review.yaml"
        switch LoadedWorkflow.load(path: path) {
        case .success(let w): return w
        case .failure(let error): fatalError("\(error)")
        }
    }()
}
