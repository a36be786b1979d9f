// `make bench`: bvd's speed as ratios against baselines measured in the same run on the same disk.
//
// usage: bvd-bench [json|store|timers|api|notices|all] [--quick]   (api and notices need bvd built beside bvd-bench)
//        bvd-bench store-part raw|alone|batchN|CLIENTS-full|normal   (one figure of `store`, to compare two builds turn about)
//        bvd-bench open-ready DATABASE      (child process: open a store and report readiness)
import BVCore
import BVStore
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let what = arguments.first { !$0.hasPrefix("--") } ?? "all"

if what == "open-ready" {
    try await OpenReady.run(database: arguments[1])
    exit(0)
}

let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["BENCH_DIR"] ?? FileManager.default.currentDirectoryPath)
    .appendingPathComponent(".bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

print("bvd benchmarks — \(Date()) — \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("state directory: \(directory.path) (figures are ratios against baselines measured now, on this disk)")
if what == "store-part" {
    try await StoreBenchmark(directory: directory, quick: quick).part(arguments.dropFirst().first { !$0.hasPrefix("--") } ?? "")
}
if what == "json" || what == "all" { try await JSONBenchmark(directory: directory, quick: quick).run() }
if what == "store" || what == "all" { try await StoreBenchmark(directory: directory, quick: quick).run() }
if what == "timers" || what == "all" { try await TimerBenchmark(directory: directory, quick: quick).run() }
if what == "api" || what == "all" { try await APIBenchmark(directory: directory, quick: quick).run() }
if what == "notices" || what == "all" { try await NoticeBenchmark(directory: directory, quick: quick).run() }
