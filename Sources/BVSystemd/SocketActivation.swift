import CSystemd
import Glibc

/// Receives the listening sockets systemd opened for us (sd_listen_fds_with_names(3)), so that
/// the control socket exists, with its owner and mode, before the daemon starts and across
/// restarts.
public enum SocketActivation {
    /// The sockets passed to this process, or `[]` when none were (run by hand, or the variables
    /// were meant for another process).
    ///
    /// Unsets `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES`, so child processes do not mistake
    /// the descriptors for their own; call it once, early. The descriptors get `FD_CLOEXEC`.
    public static func take() -> [ListenedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        defer {
            if let names {
                var index = 0
                while let name = names[index] {
                    free(name)
                    index += 1
                }
                free(names)
            }
        }
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { index in
            let name = names?[index].map { String(cString: $0) } ?? "unknown"
            return ListenedSocket(fd: SD_LISTEN_FDS_START + Int32(index), name: name)
        }
    }
}
