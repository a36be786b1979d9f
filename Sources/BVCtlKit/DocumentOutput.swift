import ArgumentParser
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
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw BVCtlFailure(.error, "\(output): cannot write the file")
        }
        print("Wrote \(what) to \(output).")
        return true
    }
}

/// The form of a document for people.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
}
