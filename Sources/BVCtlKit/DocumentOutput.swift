import ArgumentParser
import Glibc
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a document goes: standard output, or the file `-o` names (then bvctl says what it wrote).
struct DocumentOutput: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output (- is standard output).", valueName: "file"))
    var output: String?

    /// Writes the bytes; returns whether they went to a file, so that the caller can say so.
    @discardableResult
    func write(_ bytes: [UInt8], what: String) throws -> Bool {
        guard let output, output != "-" else {
            StandardStreams.writeOutput(bytes)
            return false
        }
        // With the system's reason (no such directory, permission denied…), not only that it failed.
        let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BVCtlFailure(.error, "\(output): cannot write the file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw BVCtlFailure(.error, "\(output): cannot write the file: \(String(cString: strerror(errno)))") }
            written += n
        }
        print("Wrote \(what) to \(output).")
        return true
    }
}

/// The form of a document for people.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
}
