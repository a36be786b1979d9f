import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes bvd the only daemon using its state directory: one writer, one scheduler and one
/// dispatcher per database. An exclusive `flock` on `bvd.lock`, held for the life of the process
/// and released by the kernel however it ends (so a crash never leaves a stale lock); the file
/// holds the holder's pid for the message a second bvd gives.
final class StateDirectoryLock: Sendable {
    private let descriptor: Int32
    let path: String

    /// Prepares the state directory and takes its lock, or says why bvd cannot use it.
    init(directory: String) throws(StartupError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw StartupError(description: "the state directory \(directory) is a file, not a directory; set state-directory (or --state-directory) to a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StartupError(description: "cannot create the state directory \(directory): \((error as NSError).localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("bvd.lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StartupError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            close(descriptor)
            guard reason == EWOULDBLOCK else { throw StartupError(description: "cannot lock \(path): \(String(cString: strerror(reason)))") }
            let holder = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
            throw StartupError(description: "another bvd\(holder.isEmpty ? "" : " (pid \(holder))") is using the state directory \(directory); "
                + "two daemons on one database would each fire its reminders; stop the other one first (systemctl stop bvd)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    deinit { close(descriptor) }
}
