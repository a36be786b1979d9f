import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The store's figures again on a slow disk, emulated: this machine's disk flips between about
/// 10,000 and about 300 flushes a second, and group commit pays only where a flush costs more than
/// a command's own work. A cgroup (v1 `blkio`, which needs root) limits the write operations per
/// second of the disk holding the state directory, and child `bvd-bench store-part` processes
/// placed in it measure the figures there, beside a raw SQLite loop under the same limit.
struct ThrottledDisk {
    let directory: URL
    let quick: Bool
    /// About 300 single-row SQLite transactions a second at FULL: the disk's slow setting.
    static let writesPerSecond = 1200
    /// Commands in each run: about 400 a second for one client on this disk.
    var commands: Int { quick ? 800 : 2_400 }
    static let hierarchy = "/sys/fs/cgroup/blkio"

    /// The disk's "major:minor", or why the emulation cannot run here.
    func disk() -> Result<String, BenchFailure> {
        guard geteuid() == 0 else { return .failure(BenchFailure("needs root to make a cgroup")) }
        guard FileManager.default.fileExists(atPath: "\(Self.hierarchy)/blkio.throttle.write_iops_device") else {
            return .failure(BenchFailure("needs cgroup v1's blkio controller at \(Self.hierarchy)"))
        }
        var status = stat()
        guard stat(directory.path, &status) == 0 else { return .failure(BenchFailure("cannot stat \(directory.path)")) }
        // glibc's encoding of a device number (the `major` and `minor` macros).
        let number = UInt64(status.st_dev)
        let device = "\(((number >> 8) & 0xfff) | ((number >> 32) & ~0xfff)):\((number & 0xff) | ((number >> 12) & ~0xff))"
        // Limits apply to a whole disk, not a partition of it.
        let sys = "/sys/dev/block/\(device)"
        guard FileManager.default.fileExists(atPath: sys) else { return .failure(BenchFailure("\(directory.path) is not on a block device")) }
        if FileManager.default.fileExists(atPath: "\(sys)/partition"),
           let parent = try? String(contentsOfFile: "\(sys)/../dev", encoding: .utf8) {
            return .success(parent.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines))
        }
        return .success(device)
    }

    /// Runs each part (`raw-full`, `1-full`…) in a child process under the limit; its rate a second.
    func rates(_ parts: [String], disk: String) throws -> [String: Double] {
        let group = "\(Self.hierarchy)/bvd-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: group, withIntermediateDirectories: false)
        defer { rmdir(group) }
        try "\(disk) \(Self.writesPerSecond)\n".write(toFile: "\(group)/blkio.throttle.write_iops_device", atomically: false, encoding: .utf8)
        var rates: [String: Double] = [:]
        for part in parts {
            let child = Process()
            // The shell joins the cgroup, then becomes bvd-bench: nothing runs outside the limit.
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            child.arguments = ["-c", "echo $$ > \"$1\" && exec \"$2\" store-part \"$3\" --commands $4 $5", "sh", "\(group)/cgroup.procs",
                               // This very binary, however it was started (by name through PATH, say).
                               (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0],
                               part, String(commands), quick ? "--quick" : ""]
            var environment = ProcessInfo.processInfo.environment
            environment["BENCH_DIR"] = directory.path
            child.environment = environment
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            // The child's last line: "PART N/s".
            guard child.terminationStatus == 0, let last = text.split(separator: "\n").last,
                  last.hasPrefix("\(part) "), let rate = Double(last.dropFirst(part.count + 1).dropLast(2)) else {
                throw BenchFailure("\(part) under the limit failed: \(text)")
            }
            rates[part] = rate
        }
        return rates
    }

    func run() throws {
        switch disk() {
        case .failure(let reason):
            print("on an emulated slow disk: skipped (\(reason))")
        case .success(let disk):
            let rates = try rates(["raw-full", "1-full", "8-full"], disk: disk)
            let (raw, sequential, concurrent) = (rates["raw-full"]!, rates["1-full"]!, rates["8-full"]!)
            print("on an emulated slow disk (cgroup blkio limit of \(Self.writesPerSecond) writes/s on \(disk)), synchronous=FULL, "
                  + "\(format(Double(commands))) commands in each run")
            print("  raw SQLite single-row insert transactions: \(format(raw))/s (baseline)")
            print("  bvd commands, 1 client:   \(format(sequential))/s = \(format(sequential / raw * 100))% of raw (target ≥ 50%)")
            print("  bvd commands, 8 clients:  \(format(concurrent))/s = \(format(concurrent / sequential, 1))× sequential (target ≥ 3×)")
        }
    }
}
