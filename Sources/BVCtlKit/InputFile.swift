import Glibc

/// A file the user named, read whole. Errors give the system's reason (no such file, a
/// directory, permission denied…), as writing one does (`DocumentOutput.replace`).
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        func failure() -> BVCtlFailure { BVCtlFailure(.error, "\(path): cannot read the file: \(String(cString: strerror(errno)))") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure() }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw failure() }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }
}
