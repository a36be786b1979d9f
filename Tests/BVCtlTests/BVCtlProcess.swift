import Foundation
import Testing

/// Runs the real, built `bvctl` executable in a subprocess, as an officer's shell would.
enum BVCtlProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root, found from this file's path (Tests/BVCtlTests/BVCtlProcess.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped workflow definition.
    static let shippedWorkflow = packageRoot.appendingPathComponent("workflows/best-value-review.yaml")

    /// The `bvctl` built next to the running tests: the test bundle lives in `<scratch>/<config>/`,
    /// and so does the executable, whatever `--scratch-path` the build used.
    static let executable: URL? = {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["BVCTL_EXECUTABLE"] {
            return URL(fileURLWithPath: override)
        }
        let starts = [
            Bundle(for: BundleMarker.self).bundleURL,
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        ]
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("bvctl")
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   fileManager.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/bvctl")
        return fileManager.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }()

    /// Runs `bvctl args` in the package root with the environment plus `env`, and returns what it did;
    /// `executable` runs another copy of bvctl.
    static func run(_ args: [String], env: [String: String] = [:], executable: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let executable = executable ?? Self.executable else {
            throw Failure(description: "no built bvctl found next to the test bundle or in .build/debug; run swift build first")
        }
        // Output goes to files, not pipes, so that a large output cannot block the child.
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
              FileManager.default.createFile(atPath: errURL.path, contents: nil) else {
            throw Failure(description: "cannot create output files in \(scratch.url.path)")
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return (process.terminationStatus, stdout, stderr)
    }
}

private final class BundleMarker {}

/// A fresh directory under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bvctl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns the file's path.
    func write(_ text: String, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Decodes bvctl's `--json` output, recording a test issue with the raw text when it does not decode.
func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    } catch {
        Issue.record("bvctl printed JSON that does not decode as \(T.self): \(error)\n\(text)", sourceLocation: sourceLocation)
        throw error
    }
}

extension String {
    /// The text with every run of white space (including line breaks from help wrapping) made one space.
    var collapsingWhitespace: String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The non-empty lines of the text.
    var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}
