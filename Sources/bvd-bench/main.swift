// `make bench`: bvd's speed as ratios against baselines measured in the same run on the same disk.
//
// usage: bvd-bench [json|store|timers|api|notices|all] [--quick]   (api and notices need bvd built beside bvd-bench)
//        bvd-bench store-part raw|alone|batchN|CLIENTS-full|normal [--commands N]   (one figure of `store`, to compare two builds turn about)
//        bvd-bench open-ready DATABASE      (child process: open a store and report readiness)
import BVCore
import BVStore
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: bvd-bench [json|store|timers|api|notices|all] [--quick]
           bvd-bench store-part raw|alone|batchN|CLIENTS-full|normal [--quick] [--commands N]
    Prints each figure next to a baseline measured in the same run (docs/benchmarks.md).
    --commands N: how many commands each run of the store's benchmark applies
                  (default \(StoreBenchmark.defaultCommands(quick: false)), with --quick \(StoreBenchmark.defaultCommands(quick: true))).
    """
func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bvd-bench: \(message)\n\(usage)\n".utf8))
    exit(2)
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
var commands: Int?
if let index = arguments.firstIndex(of: "--commands") {
    guard index + 1 < arguments.count, let n = Int(arguments[index + 1]), n > 0 else { refuse("--commands needs a number of commands above 0") }
    commands = n
    arguments.removeSubrange(index...index + 1)
}
let quick = arguments.contains("--quick")
let what = arguments.first { !$0.hasPrefix("-") } ?? "all"
// A mistyped name would otherwise measure nothing, or everything for minutes.
let unknown = arguments.filter { $0.hasPrefix("-") && $0 != "--quick" }
    + (["json", "store", "timers", "api", "notices", "all", "store-part", "open-ready"].contains(what) ? [] : [what])
if !unknown.isEmpty { refuse("unknown \(unknown.map { "'\($0)'" }.joined(separator: ", "))") }

if what == "open-ready" {
    try await OpenReady.run(database: arguments[1])
    exit(0)
}

let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["BENCH_DIR"] ?? FileManager.default.currentDirectoryPath)
    .appendingPathComponent(".bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

print("bvd benchmarks — \(Date()) — \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("state directory: \(directory.path) (figures are ratios against baselines measured now, on this disk)")
var failed = false
do {
    if what == "store-part" {
        try await StoreBenchmark(directory: directory, quick: quick, commands: commands).part(arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "")
    }
    if what == "json" || what == "all" { try await JSONBenchmark(directory: directory, quick: quick).run() }
    if what == "store" || what == "all" { try await StoreBenchmark(directory: directory, quick: quick, commands: commands).run() }
    if what == "timers" || what == "all" { try await TimerBenchmark(directory: directory, quick: quick).run() }
    if what == "api" || what == "all" { try await APIBenchmark(directory: directory, quick: quick).run() }
    if what == "notices" || what == "all" { try await NoticeBenchmark(directory: directory, quick: quick).run() }
} catch {
    // Said plainly, rather than a crash report that leaves the state directory behind.
    FileHandle.standardError.write(Data("bvd-bench: \(error)\n".utf8))
    failed = true
}
try? FileManager.default.removeItem(at: directory)
if failed { exit(1) }
