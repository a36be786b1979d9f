import CSystemd
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivery is background work: when both cores are busy, an officer's request to the control API
/// should not queue behind notice rendering and encoding. The dispatcher's thread and the
/// adapters' event-loop thread therefore run at a lower scheduling priority (nice 10) than the
/// control server; with idle cores it makes no difference to delivery.
enum BackgroundPriority {
    static let niceness: Int32 = 19

    /// Lowers the priority of the calling thread only (Linux applies nice values per thread).
    static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(bvd_gettid()), niceness)
        #endif
    }
}
