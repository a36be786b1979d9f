import BVDelivery
import Foundation
import Testing

@Suite("Sendmail adapter")
struct SendmailAdapterTests {
    /// A sendmail stand-in: keeps each message and its arguments in the spool directory.
    func fakeSendmail(_ scratch: Scratch, exitStatus: Int = 0, says: String = "") throws -> String {
        try scratch.script("sendmail", """
            spool=\(scratch.url.path)/spool
            mkdir -p "$spool"
            name="$spool/$(date +%s%N)"
            printf '%s\\n' "$@" > "$name.args"
            cat > "$name.eml"
            \(says.isEmpty ? "" : "echo '\(says)' >&2")
            exit \(exitStatus)
            """)
    }

    @Test("the message is piped to the program with LF line endings and -oi -t")
    func delivers() async throws {
        let scratch = try Scratch()
        let program = try fakeSendmail(scratch)
        let adapter = SendmailAdapter(configuration: .init(command: [program, "-oi", "-t"]), composer: Sample.composer)
        let notice = Sample.notice()
        try await adapter.deliver(notice)

        let messages = scratch.files(endingWith: ".eml", in: scratch.path("spool"))
        try #require(messages.count == 1)
        let expected = String(decoding: Sample.message(for: notice), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(String(decoding: scratch.bytes(messages[0]), as: UTF8.self) == expected)
        let arguments = try String(contentsOfFile: scratch.files(endingWith: ".args", in: scratch.path("spool"))[0], encoding: .utf8)
        #expect(arguments == "-oi\n-t\n")
    }

    @Test("with passesEnvelope the sender and recipients are given as arguments")
    func envelopeArguments() async throws {
        let scratch = try Scratch()
        let program = try fakeSendmail(scratch)
        let adapter = SendmailAdapter(
            configuration: .init(command: [program, "-oi"], passesEnvelope: true, unixLineEndings: false), composer: Sample.composer)
        let notice = Sample.notice()
        try await adapter.deliver(notice)
        let spool = scratch.path("spool")
        let arguments = try String(contentsOfFile: scratch.files(endingWith: ".args", in: spool)[0], encoding: .utf8)
        #expect(arguments == "-oi\n-f\nbvd@council.example\n--\nann@example.org\n")
        #expect(scratch.bytes(scratch.files(endingWith: ".eml", in: spool)[0]) == Sample.message(for: notice))
    }

    @Test("EX_TEMPFAIL is a retryable failure that quotes the program")
    func temporaryFailure() async throws {
        let scratch = try Scratch()
        let program = try fakeSendmail(scratch, exitStatus: 75, says: "queue directory is full")
        let adapter = SendmailAdapter(configuration: .init(command: [program, "-oi", "-t"]), composer: Sample.composer)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "sendmail (\(program)) failed with exit status 75 (temporary failure): queue directory is full")
    }

    @Test("another non-zero status is retryable too")
    func otherFailure() async throws {
        let scratch = try Scratch()
        let program = try fakeSendmail(scratch, exitStatus: 1, says: "cannot connect to the MTA")
        let adapter = SendmailAdapter(configuration: .init(command: [program]), composer: Sample.composer)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "sendmail (\(program)) failed with exit status 1: cannot connect to the MTA")
    }

    @Test("a missing sendmail fails permanently and says which program is missing")
    func missingProgram() async throws {
        let adapter = SendmailAdapter(configuration: .init(command: ["/nonexistent/sbin/sendmail", "-oi", "-t"]), composer: Sample.composer)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == true)
        #expect(failure?.message == "sendmail: cannot run /nonexistent/sbin/sendmail: No such file or directory")
    }

    @Test("a notice that cannot be composed fails permanently without running the program")
    func uncomposable() async throws {
        struct NoAddress: Error, CustomStringConvertible { var description: String { "the recipient has no e-mail address" } }
        let scratch = try Scratch()
        let adapter = SendmailAdapter(configuration: .init(command: [try fakeSendmail(scratch)]), composer: { _ in throw NoAddress() })
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice(id: "n-1")) }
        #expect(failure?.isPermanent == true)
        #expect(failure?.message == "cannot compose mail for notice n-1: the recipient has no e-mail address")
        #expect(scratch.files(endingWith: ".eml", in: scratch.path("spool")).isEmpty)
    }
}
