// Applies commands to a store in a loop and prints "ack BATCH" after each durable commit.
// The crash-safety test kills it with SIGKILL at random moments and checks the database.
//
// usage: bvd-store-exerciser DATABASE WORKFLOW-FILE [durability: full|normal]
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
let actor = Actor(name: "exerciser", uid: 0)
let start = Zone.london.instant(of: LocalDateTime("2027-01-04T09:00")!)
let categories = workflow.definition.categories.map(\.id)

/// Batch `b` is three commands that commit together: a review's start and two invitations, or three invitations.
func batch(_ b: Int) -> [CommandRequest] {
    let review = "r\(b / 10)"
    var commands: [ReviewCommand] = []
    if b % 10 == 0 { commands.append(.start(title: "Review \(b / 10)", service: "Service \(b / 10)", lead: "exerciser", planYear: 2028)) }
    while commands.count < 3 {
        let k = commands.count
        commands.append(.invite(organisation: "org-\(b)-\(k)", name: "Organisation \(b)-\(k)", category: categories[(b + k) % categories.count]))
    }
    return commands.map { CommandRequest(review: review, command: $0, actor: actor) }
}

var b = try await store.eventCount() / 3
while true {
    let outcomes = try await store.execute(batch(b), now: start.adding(seconds: Int64(b)))
    for outcome in outcomes {
        if case .failure(let error) = outcome {
            FileHandle.standardError.write(Data("batch \(b) refused: \(error)\n".utf8))
            exit(1)
        }
    }
    FileHandle.standardOutput.write(Data("ack \(b)\n".utf8))
    b += 1
}
