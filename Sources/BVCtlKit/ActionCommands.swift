import ArgumentParser
import BVCore

/// `bvctl action …`: the improvement actions of the Local Performance Plan.
struct ActionGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Record the plan's improvement actions with their owners and dates, and list them.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl action set housing-repairs saturday-slots --title \"Offer Saturday appointments\" --owner \"Repairs manager\" --due 2027-10-31"))",
        subcommands: [ActionSet.self, ActionList.self])
}

struct ActionSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add an improvement action, or change one (the same id), e.g. to record it done.",
        discussion: """
            Examples:
            \(CommandExample.laidOut(#"bvctl action set housing-repairs saturday-slots --title "Offer Saturday appointments" --owner "Repairs manager" --due 2027-10-31 --strand user-research"#))
            \(CommandExample.laidOut(#"bvctl action set housing-repairs saturday-slots --title "Offer Saturday appointments" --owner "Repairs manager" --due 2027-10-31 --done 2027-10-20"#))
            """)

    @Argument(help: reviewHelp) var review: String
    @Argument(help: ArgumentHelp("The action's id, e.g. saturday-slots.", valueName: "action")) var action: String
    @Option(help: "What will be done.") var title: String
    @Option(help: "The post that answers for it, e.g. \"Repairs manager\" (the plan is published: name a post, not a person).") var owner: String
    @Option(help: ArgumentHelp("When it is due: \(DateArgument.dateForms).", valueName: "date")) var due: String
    @Option(help: ArgumentHelp("The assessment strand whose finding it answers.", valueName: "strand")) var strand: String?
    @Option(help: ArgumentHelp("The day it was done: \(DateArgument.dateForms).", valueName: "date")) var done: String?
    @OptionGroup var connection: DaemonConnection

    func validate() throws {
        try requireIdentifier(review, "review")
        try requireIdentifier(action, "action")
        try requireText(title, "--title")
        try requireText(owner, "--owner")
        _ = try DateOption.date(due, "--due")
        _ = try DateOption.date(done, "--done")
    }

    func run() throws {
        let dueDate = try DateOption.date(due, "--due"), doneDate = try DateOption.date(done, "--done")
        try connection.command("PUT", APIPath.review(review, "actions", action),
                               body: ["title": title, "owner": owner, "due": dueDate.description, "strand": strand, "completed": doneDate?.description],
                               message: "Recorded action '\(action)' (\(owner), due \(dueDate))" + (doneDate.map { ", done on \($0)" } ?? "") + ".")
    }
}

struct ActionList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the plan's improvement actions with owner, due date and whether each is done.",
        discussion: """
            With --json, prints the review as the API gives it (GET /v1/reviews/ID); the actions are under .review.actions.

            Example:
            \(CommandExample.laidOut(#"bvctl action list housing-repairs"#))
            """)

    @OptionGroup var listing: ReviewListing

    func run() throws {
        guard let state = try listing.state() else { return }
        guard !state.actions.isEmpty else { return print("No improvement actions yet (bvctl action set).") }
        let today = DateArgument.today()
        let rows = state.actions.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map { action in
            [action.id, action.due.description, action.completed.map { "done \($0)" } ?? (action.due < today ? Style.red("OVERDUE") : "open"),
             action.owner, action.strand ?? "-", action.title]
        }
        print(grid(rows, header: ["ACTION", "DUE", "STATE", "OWNER", "STRAND", "TITLE"]))
    }
}
