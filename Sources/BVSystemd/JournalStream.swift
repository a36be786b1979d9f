import Glibc

/// Whether stderr goes straight to journald.
///
/// systemd sets `$JOURNAL_STREAM` to `<st_dev>:<st_ino>` of the stream it connected to stderr.
/// Comparing it with fstat(2) of fd 2 tells "run by systemd" from "inherited the variable but
/// redirected stderr" (e.g. `bvd 2>file` from a unit's shell), as systemd.exec(5) recommends.
public enum JournalStream {
    /// `true` when `$JOURNAL_STREAM` names the file currently on fd 2.
    public static var isConnected: Bool {
        matches(getenv("JOURNAL_STREAM").map { String(cString: $0) }, fileDescriptor: 2)
    }

    /// Whether `value` (a `$JOURNAL_STREAM` value) names the file open on `fd`.
    public static func matches(_ value: String?, fileDescriptor fd: Int32) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return false
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
