// Submits commands through CommandWriter from several concurrent clients, as the daemon does, and
// prints "ack REVIEW" as soon as each group is acknowledged (durable). The crash-safety test kills
// it with SIGKILL at random moments and checks the database.
//
// Each group starts a review and invites two organisations, submitted together: one transaction,
// alone on the client's thread or shared with other clients' groups on the writer thread. A group
// is therefore in the store whole or not at all.
//
// usage: bvd-store-exerciser DATABASE WORKFLOW-FILE [full|normal]
import BVCore
import BVStore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: bvd-store-exerciser DATABASE WORKFLOW-FILE [full|normal]\n".utf8))
    exit(2)
}
let workflow: LoadedWorkflow
switch LoadedWorkflow.load(path: arguments[2]) {
case .success(let loaded): workflow = loaded
case .failure(let error):
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
let durability = arguments.count > 3 ? Durability(rawValue: arguments[3]) ?? .full : .full
let store = try SQLiteReviewStore(path: arguments[1], durability: durability, workflows: [workflow])
let writer = CommandWriter(store: store, clock: SystemClock())
let actor = Actor(name: "exerciser", uid: 0)
let categories = workflow.definition.categories.map(\.id)
/// Review ids stay unique across the runs of one test: each run has its own process id.
let run = getpid()
let clients = 4

func group(_ review: String, _ n: Int) -> [CommandRequest] {
    [ReviewCommand.start(title: "Review \(review)", service: "Service", lead: "exerciser", planYear: 2028),
     .invite(organisation: "a", name: "Organisation A", category: categories[n % categories.count]),
     .invite(organisation: "b", name: "Organisation B", category: categories[(n + 1) % categories.count])]
        .map { CommandRequest(review: review, command: $0, actor: actor) }
}

let output = NSLock()
try await withThrowingTaskGroup(of: Void.self) { tasks in
    for client in 0..<clients {
        tasks.addTask {
            var n = 0
            while true {
                let review = "r\(run)-\(client)-\(n)"
                for outcome in try await writer.submit(group(review, n)) {
                    if case .failure(let error) = outcome {
                        FileHandle.standardError.write(Data("\(review) refused: \(error)\n".utf8))
                        exit(1)
                    }
                }
                output.withLock { FileHandle.standardOutput.write(Data("ack \(review)\n".utf8)) }
                n += 1
            }
        }
    }
    try await tasks.waitForAll()
}
