import CSystemd
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivery is background work: when both cores are busy, an officer's request to the control API
/// should not queue behind notice rendering and encoding. The dispatcher's thread, the rendering
/// threads and the adapters' event-loop thread therefore run at the lowest scheduling priority
/// (nice 19); with idle cores it makes no difference to delivery, and notices have minutes to
/// spare where officers wait in seconds. The store's writes never run on these threads: the
/// write lock must not be held at a priority that officers' commands would wait behind.
enum BackgroundPriority {
    static let niceness: Int32 = 19

    /// Lowers the priority of the calling thread only (Linux applies nice values per thread).
    static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(bvd_gettid()), niceness)
        #endif
    }
}
