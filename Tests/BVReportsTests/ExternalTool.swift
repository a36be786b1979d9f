import Foundation
import Testing

/// An independent program a test checks output with: tidy (HTML), xmllint (SVG), Python's
/// icalendar and csv modules. They come from Debian packages the Makefile installs.
struct ExternalTool {
    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    let path: String

    static let tidy = ExternalTool(path: "/usr/bin/tidy")
    static let xmllint = ExternalTool(path: "/usr/bin/xmllint")
    static let python = ExternalTool(path: "/usr/bin/python3")

    /// Runs the program with `input` on stdin and waits for it without holding a thread of the pool.
    func run(_ arguments: [String], input: String) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        let exited = Exit()
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Both pipes are read on their own threads while stdin is written, so a large output cannot block.
        let output = Collected(), errors = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { output.data = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errors.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in group.notify(queue: .global()) { done.resume() } }
        await exited.wait()
        return Outcome(status: process.terminationStatus, output: String(decoding: output.data, as: UTF8.self),
                       errors: String(decoding: errors.data, as: UTF8.self))
    }

    /// Runs a Python script given as text, with `input` on stdin.
    func python(_ script: String, input: String) async throws -> Outcome { try await run(["-c", script], input: input) }

    private final class Collected: @unchecked Sendable { var data = Data() }

    /// The process's exit, awaited once.
    private final class Exit: @unchecked Sendable {
        private let lock = NSLock()
        private var exited = false
        private var waiter: CheckedContinuation<Void, Never>?

        func signal() {
            let waiter = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                exited = true
                defer { self.waiter = nil }
                return self.waiter
            }
            waiter?.resume()
        }

        func wait() async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if exited { return true }
                    waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}

extension ExternalTool {
    /// Runs a Python script on `input` and decodes the JSON it prints.
    func json<T: Decodable>(_ type: T.Type, script: String, input: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> T {
        let outcome = try await python(script, input: input)
        try #require(outcome.status == 0, "python failed:\n\(outcome.errors)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(T.self, from: Data(outcome.output.utf8))
    }
}
