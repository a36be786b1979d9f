import Foundation

/// A temporary directory for one test, removed when the test drops it.
final class Scratch: @unchecked Sendable {
    let url: URL

    init() throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("bvdelivery-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes an executable `/bin/sh` script and returns its path. The file is opened
    /// close-on-exec and closed at once, so no program started meanwhile keeps it open for
    /// writing (which would make running it fail with "Text file busy").
    func script(_ name: String, _ body: String) throws -> String {
        let path = path(name)
        let bytes = Array(("#!/bin/sh\n" + body + "\n").utf8)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw POSIXError(.EIO) }
        return path
    }

    /// Files in the directory with this suffix, sorted by name.
    func files(endingWith suffix: String, in directory: String? = nil) -> [String] {
        let directory = directory ?? url.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory + "/" + $0 }
    }

    func bytes(_ path: String) -> [UInt8] { Array((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
