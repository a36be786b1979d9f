#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the IANA zone data lives: `$TZDIR` when set, then `/usr/share/zoneinfo` (Debian's
/// tzdata). A zone is read from its TZif file, e.g. `/usr/share/zoneinfo/Europe/London`.
enum ZoneInfoDirectory {
    static let standard = "/usr/share/zoneinfo"

    /// Rules used when no file is found, so that the zones bvd itself relies on work on a machine
    /// without tzdata: UTC, and the United Kingdom's rule in force since 1996.
    static let builtIn: [String: String] = [
        "UTC": "UTC0", "Etc/UTC": "UTC0", "GMT": "GMT0", "Etc/GMT": "GMT0",
        "Europe/London": "GMT0BST,M3.5.0/1,M10.5.0",
    ]

    /// The zone's rules, or nil when `identifier` names no zone.
    static func rules(for identifier: String) -> TZif? {
        guard isIdentifier(identifier) else { return nil }
        var directories: [String] = []
        if let value = getenv("TZDIR"), case let directory = String(cString: value), !directory.isEmpty { directories.append(directory) }
        if !directories.contains(standard) { directories.append(standard) }
        for directory in directories {
            guard let bytes = contents(of: directory + "/" + identifier) else { continue }
            // A file that is not TZif (zone.tab, a directory's listing) names no zone.
            return try? TZif(bytes: bytes)
        }
        return builtIn[identifier].flatMap(POSIXTimeZoneRule.init).map(TZif.init(rule:))
    }

    /// An IANA name: `Area/Location` parts of letters, digits, `_`, `-`, `+` and `.`, none of
    /// them `.` or `..`, so that a name can never leave the directory.
    static func isIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 255 && parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
                && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-+.".unicodeScalars.contains($0)) }
        }
    }

    /// The whole file, or nil when it cannot be read as a regular file.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            // No TZif file is this large; stop rather than read a device.
            if bytes.count > 1 << 20 { return nil }
        }
    }
}
