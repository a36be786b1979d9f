import BVDelivery
import Foundation
import Testing

@Suite("Running a delivery program")
struct ChildProcessTests {
    @Test("the program reads its input; stdout and stderr are captured; the exit status is reported")
    func inputOutputAndStatus() async throws {
        let outcome = try await ChildProcess.run(
            ["/bin/sh", "-c", "cat; echo 'to stderr' >&2; exit 3"], input: Array("hello from bvd\n".utf8), timeout: .seconds(10))
        #expect(outcome.termination == .exited(3))
        #expect(outcome.outputText == "hello from bvd\nto stderr\n")
        #expect(!outcome.timedOut && !outcome.outputTruncated)
    }

    @Test("a program that writes while it reads a large input does not deadlock")
    func largeInputAndOutput() async throws {
        let input = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let outcome = try await ChildProcess.run(["cat"], input: input, timeout: .seconds(20), outputLimit: 2 << 20)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.output == input)
    }

    @Test("output beyond the limit is dropped and the capture says so")
    func boundedOutput() async throws {
        let outcome = try await ChildProcess.run(["/bin/sh", "-c", "head -c 300000 /dev/zero"], timeout: .seconds(10), outputLimit: 1024)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.output.count == 1024)
        #expect(outcome.outputTruncated)
    }

    @Test("a program that ignores its input is not an error")
    func unreadInput() async throws {
        let outcome = try await ChildProcess.run(["/bin/sh", "-c", "exit 0"], input: [UInt8](repeating: 65, count: 1 << 20), timeout: .seconds(10))
        #expect(outcome.termination == .exited(0))
    }

    @Test("the time limit stops the program and everything it started")
    func timeLimit() async throws {
        let scratch = try Scratch()
        let pidFile = scratch.path("child.pid")
        let outcome = try await ChildProcess.run(
            ["/bin/sh", "-c", "sleep 30 & echo $! > \(pidFile); wait"], timeout: .milliseconds(300))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGTERM))
        let grandchild = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await processEnds(grandchild), "the background sleep was left running")
    }

    @Test("a program that ignores SIGTERM is killed after the grace period")
    func stubbornProgram() async throws {
        let outcome = try await ChildProcess.run(
            ["/bin/sh", "-c", "trap '' TERM; echo waiting; while :; do sleep 1; done"], timeout: .milliseconds(300),
            terminationGrace: .milliseconds(300))
        #expect(outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGKILL))
        #expect(outcome.outputText == "waiting\n")
    }

    @Test("cancelling the delivery stops the program")
    func cancellation() async throws {
        let task = Task { try await ChildProcess.run(["sleep", "30"], timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let outcome = try await task.value
        #expect(outcome.cancelled && !outcome.timedOut)
        #expect(outcome.termination == .signalled(SIGTERM))
    }

    @Test("the program inherits no descriptors but its standard input, output and error")
    func noInheritedDescriptors() async throws {
        let scratch = try Scratch()
        let leaky = open(scratch.path("open-without-cloexec"), O_WRONLY | O_CREAT, 0o600)
        defer { close(leaky) }
        let outcome = try await ChildProcess.run(["/bin/sh", "-c", "ls /proc/$$/fd"], timeout: .seconds(10))
        #expect(outcome.outputText.split(separator: "\n") == ["0", "1", "2"])
    }

    @Test("a missing program is reported as missing, not run")
    func missingProgram() async throws {
        let error = await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run(["/nonexistent/bin/notify"], timeout: .seconds(5))
        }
        #expect(error?.isMissingProgram == true)
        #expect(error?.description == "cannot run /nonexistent/bin/notify: No such file or directory")
    }
}

/// Whether the process is gone within a second (it may be a zombie for a moment until init
/// reaps it; a zombie has ended too).
func processEnds(_ pid: Int32) async -> Bool {
    for _ in 0..<100 {
        if kill(pid, 0) != 0 { return true }
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        if state == "Z" { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
