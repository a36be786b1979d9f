import Foundation
import Testing

/// Runs a program to its end and returns its standard output (standard error discarded).
private func output(of program: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
    let directory = try TemporaryDirectory()
    let file = directory.url.appendingPathComponent("out")
    guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
        throw BVCtlProcess.Failure(description: "cannot create \(file.path)")
    }
    let handle = try FileHandle(forWritingTo: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: file), as: UTF8.self))
}

/// `nm` from binutils, else the toolchain's `llvm-nm` beside `swift`.
private func nmProgram() -> String? {
    var candidates = ["/usr/bin/nm"]
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        candidates += ["\(directory)/nm", "\(directory)/llvm-nm"]
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The requirement "Fast": bvctl starts without loading full Foundation (and with it ICU),
/// AsyncHTTPClient or Yams; it links only FoundationEssentials, for JSON.
@Suite("bvctl links only what a fast start allows")
struct LinkageTests {
    static let forbiddenLibraries = [
        "libFoundation.so", "libFoundationInternationalization.so", "libFoundationNetworking.so", "libFoundationXML.so",
        "lib_FoundationICU.so", "libicu", "AsyncHTTPClient",
    ]

    /// Mangled Swift module prefixes (`$s` + length + name); ICU's C functions as the toolchain renames
    /// them (`swift_ucal_open`) and its C++ namespace (`icu_74`, mangled `N6icu_74`).
    static let forbiddenSymbols = [
        "$s10Foundation", "$s30FoundationInternationalization", "$s18FoundationNetworking", "$s15AsyncHTTPClient", "$s4Yams",
        "swift_u_", "swift_ucal_", "swift_ubrk_", "swift_udat_", "swift_ucol_", "N6icu_", "K6icu_", "JSONSerialization",
    ]

    @Test("ldd lists no Foundation, FoundationInternationalization, FoundationNetworking, ICU or AsyncHTTPClient")
    func sharedLibraries() throws {
        let bvctl = try #require(BVCtlProcess.executable, "no built bvctl found")
        let ldd = try output(of: "/usr/bin/ldd", [bvctl.path])
        #expect(ldd.status == 0, "ldd \(bvctl.path) failed")
        let found = Self.forbiddenLibraries.filter { ldd.text.contains($0) }
        #expect(found.isEmpty, "bvctl links \(found):\n\(ldd.text)")
        // Only FoundationEssentials, if any of Foundation: the JSON of the control API.
        let foundation = ldd.text.split(separator: "\n").filter { $0.contains("Foundation") }
            .map { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "" }
        #expect(foundation.allSatisfy { $0.hasPrefix("libFoundationEssentials.so") }, "\(foundation)")
    }

    @Test("no symbol of Foundation, ICU, AsyncHTTPClient or Yams is in the binary")
    func symbols() throws {
        let bvctl = try #require(BVCtlProcess.executable, "no built bvctl found")
        let nm = try #require(nmProgram(), "neither nm nor llvm-nm found")
        let listing = try output(of: nm, [bvctl.path])
        #expect(listing.status == 0)
        let names = listing.text.split(separator: "\n").compactMap { $0.split(separator: " ").last }
        #expect(names.count > 1000, "nm listed too little to judge")
        for prefix in Self.forbiddenSymbols {
            let hits = names.filter { $0.contains(prefix) }
            #expect(hits.isEmpty, "\(hits.count) symbols with '\(prefix)', e.g. \(hits.prefix(3))")
        }
    }
}

@Suite("bvctl workflow runs its helper, bvctl-workflow")
struct WorkflowHelperTests {
    /// A copy of bvctl in a directory of its own, with the helper where `helperPath` says (or nowhere).
    func install(helperAt helperPath: String?) throws -> (TemporaryDirectory, URL) {
        let bvctl = try #require(BVCtlProcess.executable, "no built bvctl found")
        let helper = bvctl.deletingLastPathComponent().appendingPathComponent("bvctl-workflow")
        try #require(FileManager.default.isExecutableFile(atPath: helper.path), "no built bvctl-workflow beside bvctl")
        let root = try TemporaryDirectory()
        let bin = root.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("bvctl")
        try FileManager.default.copyItem(at: bvctl, to: copy)
        if let helperPath {
            let target = root.url.appendingPathComponent(helperPath)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: helper, to: target)
        }
        return (root, copy)
    }

    @Test("installed as make install lays it out: bin/bvctl finds libexec/bvd/bvctl-workflow")
    func libexecLayout() throws {
        let (root, bvctl) = try install(helperAt: "libexec/bvd/bvctl-workflow")
        let result = try BVCtlProcess.run(["workflow", "check", "workflows/best-value-review.yaml"], executable: bvctl)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("workflows/best-value-review.yaml: ok (best-value-review version 1, sha256 "))
        withExtendedLifetime(root) {}
    }

    @Test("without the helper, bvctl says where it looked and exits 1; the calendar still works")
    func missingHelper() throws {
        let (root, bvctl) = try install(helperAt: nil)
        let result = try BVCtlProcess.run(["workflow", "show", "workflows/best-value-review.yaml"], executable: bvctl)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let bin = bvctl.deletingLastPathComponent().resolvingSymlinksInPath().path
        #expect(result.stderr.hasPrefix("bvctl: the workflow commands need the helper bvctl-workflow"), "\(result.stderr)")
        #expect(result.stderr.contains("\(bin)/bvctl-workflow"), "\(result.stderr)")
        #expect(result.stderr.contains("libexec/bvd/bvctl-workflow"), "\(result.stderr)")

        // Usage errors are still bvctl's own, before any helper is needed.
        let usage = try BVCtlProcess.run(["workflow", "check"], executable: bvctl)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Missing expected argument"), "\(usage.stderr)")

        let calendar = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5"], executable: bvctl)
        #expect(calendar.status == 0)
        #expect(calendar.stdout.contains("2027-03-22"))
        withExtendedLifetime(root) {}
    }
}
