// bvctl-workflow: the YAML half of `bvctl workflow check|show`. bvctl parses the command line
// (help, usage errors) and runs this helper, so that bvctl itself links neither Yams nor
// Foundation; the helper prints exactly what bvctl prints and exits with bvctl's status.
//
// usage: bvctl-workflow check [--json] [--] FILE...
//        bvctl-workflow show [--] FILE
import Foundation

let usage = "usage: bvctl-workflow check [--json] [--] FILE... | show [--] FILE (run by bvctl workflow)"
var arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.isEmpty ? "" : arguments.removeFirst()
var json = false
var files: [String] = []
var optionsEnded = false
for argument in arguments {
    if !optionsEnded, argument == "--" { optionsEnded = true }
    else if !optionsEnded, command == "check", argument == "--json" { json = true }
    else if !optionsEnded, argument.hasPrefix("-"), argument != "-" { printError("bvctl-workflow: unknown option '\(argument)'\n\(usage)"); exit(2) }
    else { files.append(argument) }
}

switch command {
case "check" where !files.isEmpty:
    do { exit(try WorkflowCheck.run(files: files, json: json)) } catch {
        printError("bvctl: \(error)")
        exit(1)
    }
case "show" where files.count == 1:
    exit(WorkflowShow.run(file: files[0]))
default:
    printError(usage)
    exit(2)
}
