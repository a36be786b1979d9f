import ArgumentParser

// The workflow commands parse their arguments here, so that help and usage errors are bvctl's,
// and leave the YAML to the helper `bvctl-workflow` (see WorkflowHelper): reading YAML needs Yams
// and so Foundation, which bvctl does not link.

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Check and show workflow definitions (offline).",
        subcommands: [WorkflowCheck.self, WorkflowShow.self]
    )
}

struct WorkflowCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check workflow files and print every problem as file:line:column: message.",
        discussion: "Exits 1 if any file has a problem. Example: bvctl workflow check workflows/*.yaml")

    @Argument(help: "Workflow files (YAML).") var files: [String]
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one workflow file") }
    }

    func run() throws {
        try WorkflowHelper.run(["check"] + (json ? ["--json"] : []) + ["--"] + files)
    }
}

struct WorkflowShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a workflow's phases, decisions, rules and reminders in readable form.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl workflow show workflows/best-value-review.yaml"))")

    @Argument(help: "A workflow file (YAML).") var file: String

    func run() throws {
        try WorkflowHelper.run(["show", "--", file])
    }
}
