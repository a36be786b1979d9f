#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `bvctl-workflow`, the helper that reads workflow YAML for `bvctl workflow check|show`,
/// with bvctl's standard input, output and error, and ends bvctl with the helper's exit status.
///
/// The helper is looked for beside the running bvctl (the build directory, or `$(PREFIX)/bin`
/// for an older layout), then in `../libexec/bvd/` from there (`make install` puts it in
/// `$(PREFIX)/libexec/bvd/`).
enum WorkflowHelper {
    static let name = "bvctl-workflow"

    /// Where the helper may be, in the order tried.
    static func candidates() -> [String] {
        let directory = executableDirectory()
        let parent = directory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return ["\(directory)/\(name)", "\(parent)/libexec/bvd/\(name)"]
    }

    static func run(_ arguments: [String]) throws {
        let places = candidates()
        guard let path = places.first(where: { access($0, X_OK) == 0 }) else {
            throw BVCtlFailure(.error, "the workflow commands need the helper \(name), which is neither at \(places[0]) nor at \(places[1]); "
                + "build it with swift build, or install bvd with make install")
        }
        fflush(nil)  // what bvctl printed goes before what the helper prints
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let started = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard started == 0 else {
            throw BVCtlFailure(.error, "cannot run \(path): \(String(cString: strerror(started)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BVCtlFailure(.error, "lost \(path): \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED and WEXITSTATUS are C macros, which Swift cannot call.
        // Ended by a signal (SIGPIPE when the output's reader went away): end quietly with the
        // status a shell gives a process killed by it, 128 + the signal.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        if code != 0 { throw HelperExit(status: code) }
    }

    /// The directory of the running executable, symbolic links resolved.
    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var path = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        if !path.hasPrefix("/"), let resolved = realpath(path, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The helper has printed what went wrong; bvctl ends with its status and says nothing more.
struct HelperExit: Error {
    let status: Int32
}
