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
        try Self.replace(output, with: bytes)
        print("Wrote \(what) to \(output).")
        return true
    }
}

/// The form of a document for people.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
}

extension DocumentOutput {
    /// Writes `path` whole or not at all: a temporary file beside it, flushed to the disk, then
    /// renamed over it, so an archive kept as a record is never left cut short (a full disk) and an
    /// earlier one is not lost first. Errors give the system's reason (no such directory…).
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        func failure() -> BVCtlFailure { BVCtlFailure(.error, "\(path): cannot write the file: \(String(cString: strerror(errno)))") }
        let temporary = "\(path).bvctl-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure() }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let error = failure()
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            let error = failure()
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure()
            unlink(temporary)
            throw error
        }
    }
}
