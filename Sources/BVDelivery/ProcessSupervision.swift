import Glibc

/// Feeds a spawned child its input, collects its output and enforces the time limit, on the
/// dedicated thread that `ChildProcess.run` starts. Writing and reading are interleaved with
/// `poll`, so a child that writes a lot before reading its input cannot deadlock the two.
struct ProcessSupervision: Sendable {
    let process: SpawnedProcess
    let input: [UInt8]
    let timeout: Duration
    let grace: Duration
    let outputLimit: Int
    let stop: StopRequest

    func run() -> ChildProcess.Outcome {
        // A child that stops reading makes `write` raise SIGPIPE; blocked on this thread, it
        // becomes a plain EPIPE and never reaches the daemon's disposition.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        defer { discardPendingPipeSignal(pipeSignal) }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var inputDescriptor: Int32? = process.input
        var outputDescriptor: Int32? = process.output
        var written = 0
        var output: [UInt8] = []
        var truncated = false
        var timedOut = false
        var cancelled = false
        var killAt: ContinuousClock.Instant?
        if input.isEmpty { close(process.input); inputDescriptor = nil }
        defer {
            if let inputDescriptor { close(inputDescriptor) }
            if let outputDescriptor { close(outputDescriptor) }
        }

        while !hasExited() {
            let now = clock.now
            if killAt == nil, now >= deadline || stop.isRequested {
                timedOut = now >= deadline
                cancelled = !timedOut
                process.signalGroup(SIGTERM)
                killAt = now.advanced(by: grace)
            }
            if let killAt, now >= killAt {
                process.signalGroup(SIGKILL)
                break
            }

            var descriptors: [pollfd] = []
            if let inputDescriptor { descriptors.append(pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0)) }
            if let outputDescriptor { descriptors.append(pollfd(fd: outputDescriptor, events: Int16(POLLIN), revents: 0)) }
            // Wake regularly to notice the child's exit (a grandchild may hold the pipe open)
            // and cancellation; more often once no pipe is left to wake us.
            let wait = min(outputDescriptor == nil ? .milliseconds(5) : .milliseconds(50), (killAt ?? deadline) - now)
            _ = poll(&descriptors, nfds_t(descriptors.count), Int32(max(1, milliseconds(wait))))

            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == inputDescriptor {
                    if !writeInput(to: descriptor.fd, written: &written) {
                        close(descriptor.fd)
                        inputDescriptor = nil
                    }
                } else if descriptor.fd == outputDescriptor {
                    if !readOutput(from: descriptor.fd, into: &output, truncated: &truncated) {
                        close(descriptor.fd)
                        outputDescriptor = nil
                    }
                }
            }
        }
        if let outputDescriptor { _ = readOutput(from: outputDescriptor, into: &output, truncated: &truncated) }
        if timedOut || cancelled { process.signalGroup(SIGKILL) }
        return ChildProcess.Outcome(
            termination: reap(), output: output, outputTruncated: truncated, timedOut: timedOut, cancelled: cancelled)
    }

    /// Whether the child has ended, without reaping it: until it is reaped its pid (and so its
    /// process group id) cannot be reused, so signalling the group stays safe.
    private func hasExited() -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(process.pid), &info, WEXITED | WNOHANG | WNOWAIT)
        // ECHILD: someone else reaped it; there is nothing left to wait for.
        return result == 0 ? info.si_signo == SIGCHLD : errno == ECHILD
    }

    private func reap() -> ChildProcess.Termination {
        var status: Int32 = 0
        while waitpid(process.pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Writes what the pipe takes; false once all is written or the child closed its end.
    private func writeInput(to descriptor: Int32, written: inout Int) -> Bool {
        while written < input.count {
            let count = input.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if count > 0 { written += count; continue }
            if count < 0, errno == EINTR { continue }
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
        return false
    }

    /// Reads what is available, keeping at most `outputLimit` bytes; false at end of file.
    private func readOutput(from descriptor: Int32, into output: inout [UInt8], truncated: inout Bool) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, outputLimit - output.count)
                output.append(contentsOf: chunk[0..<min(room, count)])
                if count > room { truncated = true }
                continue
            }
            if count < 0, errno == EINTR { continue }
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
    }

    private func discardPendingPipeSignal(_ set: sigset_t) {
        var set = set
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var none = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&set, nil, &none)
        }
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
