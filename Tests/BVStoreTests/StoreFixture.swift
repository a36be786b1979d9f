import BVCore
@testable import BVStore
import Foundation
import Testing

/// Paths and values shared by the store tests.
enum StoreFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let workflowPath = root.appendingPathComponent("workflows/best-value-review.yaml").path

    static let workflow: LoadedWorkflow = {
        switch LoadedWorkflow.load(path: workflowPath) {
        case .success(let loaded): return loaded
        case .failure(let error): fatalError("\(error)")
        }
    }()

    static let officer = Actor(name: "j.smith", uid: 1001)

    static func london(_ local: String) -> Instant { Zone.london.instant(of: LocalDateTime(local)!) }

    /// A fresh directory under the system's temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bvd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func request(_ review: String, _ command: ReviewCommand) -> CommandRequest {
        CommandRequest(review: review, command: command, actor: officer)
    }

    static let start = ReviewCommand.start(title: "Housing repairs", service: "Repairs", lead: "j.smith", planYear: 2028)

    static func invite(_ id: String, _ category: String = "tenants-and-community") -> ReviewCommand {
        .invite(organisation: id, name: "Organisation \(id)", category: category)
    }
}

/// A real SQLite store in a temporary directory.
final class TemporaryStore: Sendable {
    let directory: URL
    let path: String
    let store: SQLiteReviewStore

    /// `checkpointPages`: the log is checkpointed at this many pages (below SQLite's 1,000 to watch it happen).
    init(durability: Durability = .full, workflow: LoadedWorkflow = StoreFixture.workflow,
         checkpointPages: Int = SQLiteReviewStore.checkpointPages) throws {
        directory = try StoreFixture.temporaryDirectory()
        path = directory.appendingPathComponent("bvd.sqlite").path
        store = try SQLiteReviewStore(path: path, durability: durability, workflows: [workflow], holidays: .bundled, checkpointPages: checkpointPages)
    }

    /// Opens the same file again, as a restarted daemon would.
    func reopen() throws -> SQLiteReviewStore {
        try SQLiteReviewStore(path: path, workflows: [StoreFixture.workflow])
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
    var success: Success? { if case .success(let value) = self { value } else { nil } }
}
