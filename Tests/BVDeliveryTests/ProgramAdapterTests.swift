import BVCore
import BVDelivery
import BVNotices
import Foundation
import Testing

@Suite("Program adapter")
struct ProgramAdapterTests {
    func adapter(_ program: String, timeout: Duration = .seconds(10), excerpt: Int = 500) -> ProgramAdapter {
        ProgramAdapter(
            name: "sms", configuration: .init(command: [program], timeout: timeout, outputExcerptLimit: excerpt), encoder: Sample.encoder)
    }

    @Test("the program receives the notice's JSON on stdin and its id in the environment")
    func delivers() async throws {
        let scratch = try Scratch()
        let program = try scratch.script("notify", """
            cat > \(scratch.path("notice.json"))
            printf '%s %s %s' "$BVD_NOTICE_ID" "$BVD_NOTICE_KIND" "$BVD_CHANNEL" > \(scratch.path("environment"))
            echo "sent"
            """)
        let notice = Sample.notice()
        try await adapter(program).deliver(notice)
        let received = try JSONDecoder().decode(OutgoingNotice.self, from: Data(scratch.bytes(scratch.path("notice.json"))))
        #expect(received == notice)
        #expect(try String(contentsOfFile: scratch.path("environment"), encoding: .utf8) == "\(notice.id) meeting-invitation mail")
    }

    @Test("a failing program gives a retryable failure quoting its output")
    func failure() async throws {
        let scratch = try Scratch()
        let program = try scratch.script("notify", "cat > /dev/null; echo 'gateway said: 502 Bad Gateway'; echo 'giving up' >&2; exit 1")
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter(program).deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "\(program) failed with exit status 1: gateway said: 502 Bad Gateway / giving up")
    }

    @Test("EX_DATAERR says the notice can never be delivered this way")
    func permanentStatus() async throws {
        let scratch = try Scratch()
        let program = try scratch.script("notify", "echo 'no mobile number for rep-ann'; exit 65")
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter(program).deliver(Sample.notice()) }
        #expect(failure?.isPermanent == true)
        #expect(failure?.message == "\(program) failed with exit status 65 (data format error): no mobile number for rep-ann")
    }

    @Test("a program that runs too long is stopped and the delivery can be retried")
    func timeout() async throws {
        let scratch = try Scratch()
        let program = try scratch.script("notify", "echo 'connecting'; sleep 30")
        let failure = await #expect(throws: DeliveryFailure.self) {
            try await adapter(program, timeout: .milliseconds(500)).deliver(Sample.notice())
        }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "\(program) did not finish within 0.5 s and was stopped: connecting")
    }

    @Test("long output is cut in the failure message")
    func truncatedOutput() async throws {
        let scratch = try Scratch()
        let program = try scratch.script("notify", "head -c 100000 /dev/zero | tr '\\000' x; exit 2")
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter(program, excerpt: 40).deliver(Sample.notice()) }
        #expect(failure?.message == "\(program) failed with exit status 2: " + String(repeating: "x", count: 40) + "…")
    }

    @Test("a program that does not exist fails permanently")
    func missing() async throws {
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter("/nonexistent/notify").deliver(Sample.notice()) }
        #expect(failure?.isPermanent == true)
        #expect(failure?.message == "sms: cannot run /nonexistent/notify: No such file or directory")
    }
}
