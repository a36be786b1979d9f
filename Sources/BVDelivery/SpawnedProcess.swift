import Glibc
import Synchronization

/// Held from creating the pipes until the child has started: glibc's `pipe2` (atomic
/// close-on-exec) is not visible to Swift, so without this a child spawned by a concurrent
/// delivery could inherit another child's pipe and keep it from ever seeing end of input.
private let spawning = Mutex<Void>(())

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift does not see
/// because it is declared for `_GNU_SOURCE` only; nil on an older C library.
private let closeFrom3: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()

/// A child started with `posix_spawnp`, and the parent's ends of its pipes (non-blocking,
/// close-on-exec, so no later child inherits them).
struct SpawnedProcess: Sendable {
    let pid: pid_t
    /// The write end of the child's standard input.
    let input: Int32
    /// The read end of the child's standard output and standard error.
    let output: Int32

    /// Signals the child's process group; only the signals the parent sent are of interest.
    func signalGroup(_ signal: Int32) { _ = kill(-pid, signal) }

    static func spawn(_ arguments: [String], environment: [String]) throws(ChildProcessError) -> SpawnedProcess {
        try spawning.withLock { _ throws(ChildProcessError) in try spawnLocked(arguments, environment: environment) }
    }

    private static func spawnLocked(_ arguments: [String], environment: [String]) throws(ChildProcessError) -> SpawnedProcess {
        let program = arguments[0]
        func failure(_ call: String, _ code: Int32) -> ChildProcessError {
            ChildProcessError(program: program, reason: .system(call: call, errno: code))
        }
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard pipe(&inputPipe) == 0 else { throw failure("pipe", errno) }
        guard pipe(&outputPipe) == 0 else {
            let code = errno
            close(inputPipe[0]); close(inputPipe[1])
            throw failure("pipe", code)
        }
        for descriptor in inputPipe + outputPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies; the originals close at exec.
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)
        // Descriptors opened elsewhere without close-on-exec (a log, a database) stay ours.
        _ = closeFrom3?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a time limit stops the whole pipeline a script starts; no
        // blocked signals, and default dispositions for those a daemon commonly ignores.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        var result = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        // "Text file busy": another thread's child may hold the program open for writing for the
        // instant between its fork and exec (a script just written). It passes; try again.
        for pause in [2, 10, 50] where result == ETXTBSY {
            usleep(useconds_t(pause * 1000))
            result = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        }

        close(inputPipe[0])
        close(outputPipe[1])
        guard result == 0 else {
            close(inputPipe[1]); close(outputPipe[0])
            throw failure("posix_spawnp", result)
        }
        for descriptor in [inputPipe[1], outputPipe[0]] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        return SpawnedProcess(pid: pid, input: inputPipe[1], output: outputPipe[0])
    }
}
