import BVDelivery
import BVTestServers
import Foundation
import Testing

/// An aiosmtpd server on loopback, and where it keeps what it accepted.
struct SMTPServer {
    let process: TestServer
    let spool: String
    let scratch: Scratch

    static func start(_ scratch: Scratch, _ options: [String] = []) async throws -> SMTPServer {
        let spool = scratch.path("spool-\(UUID().uuidString.prefix(4))")
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let process = try await TestServer.start("smtp_server.py", ["--directory", spool] + options, logDirectory: scratch.url.path)
        return SMTPServer(process: process, spool: spool, scratch: scratch)
    }

    var messages: [[UInt8]] { scratch.files(endingWith: ".eml", in: spool).map(scratch.bytes) }

    func envelope(_ number: Int) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(spool)/\(number).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

@Suite("SMTP adapter")
struct SMTPAdapterTests {
    func adapter(port: Int, security: SMTPSecurity, credentials: SMTPCredentials? = nil, mechanism: SMTPAuthMechanism? = nil,
                 caFile: String? = nil, replyTimeout: Duration = .seconds(10)) throws -> SMTPAdapter {
        try SMTPAdapter(
            configuration: .init(
                host: "127.0.0.1", port: port, security: security, credentials: credentials, mechanism: mechanism,
                heloName: "bvd.test", trustRoots: caFile.map { .certificateFile($0) } ?? .system,
                connectTimeout: .seconds(5), replyTimeout: replyTimeout),
            composer: Sample.composer)
    }

    @Test("a plain delivery arrives byte for byte, dot-stuffed lines and 8-bit text intact")
    func plainDelivery() async throws {
        let scratch = try Scratch()
        let server = try await SMTPServer.start(scratch)
        defer { server.process.stop() }
        let notice = Sample.notice()
        try await adapter(port: server.process.port, security: .none).deliver(notice)

        #expect(server.messages == [Sample.message(for: notice)])
        let envelope = try server.envelope(1)
        #expect(envelope["mail_from"] as? String == "bvd@council.example")
        #expect(envelope["rcpt_tos"] as? [String] == ["ann@example.org"])
        #expect((envelope["mail_options"] as? [String])?.contains("BODY=8BITMIME") == true)
    }

    @Test("STARTTLS and AUTH PLAIN: the message arrives encrypted and authenticated")
    func startTLSAndPlain() async throws {
        let scratch = try Scratch()
        let certificate = try TestCertificate(in: scratch)
        let server = try await SMTPServer.start(
            scratch, ["--starttls", certificate.certificate, certificate.key, "--auth", "notices", "pa ss:word"])
        defer { server.process.stop() }
        let notice = Sample.notice()
        let adapter = try adapter(
            port: server.process.port, security: .startTLS, credentials: SMTPCredentials(user: "notices", password: "pa ss:word"),
            mechanism: .plain, caFile: certificate.certificate)
        try await adapter.deliver(notice)

        #expect(server.messages == [Sample.message(for: notice)])
        let envelope = try server.envelope(1)
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["authenticated"] as? Bool == true)
        #expect(envelope["login"] as? String == "notices")
    }

    @Test("implicit TLS and AUTH LOGIN")
    func implicitTLSAndLogin() async throws {
        let scratch = try Scratch()
        let certificate = try TestCertificate(in: scratch)
        let server = try await SMTPServer.start(
            scratch, ["--implicit-tls", certificate.certificate, certificate.key, "--auth", "notices", "s3cret"])
        defer { server.process.stop() }
        let adapter = try adapter(
            port: server.process.port, security: .implicitTLS, credentials: SMTPCredentials(user: "notices", password: "s3cret"),
            mechanism: .login, caFile: certificate.certificate)
        try await adapter.deliver(Sample.notice())
        #expect(server.messages.count == 1)
        #expect(try server.envelope(1)["login"] as? String == "notices")
    }

    @Test("a wrong password fails permanently, and the failure does not contain the password")
    func wrongPassword() async throws {
        let scratch = try Scratch()
        let certificate = try TestCertificate(in: scratch)
        let server = try await SMTPServer.start(
            scratch, ["--starttls", certificate.certificate, certificate.key, "--auth", "notices", "right-password"])
        defer { server.process.stop() }
        let password = "wrong-password-4711"
        let adapter = try adapter(
            port: server.process.port, security: .startTLS, credentials: SMTPCredentials(user: "notices", password: password),
            caFile: certificate.certificate)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == true)
        #expect(failure?.message.hasPrefix("127.0.0.1:\(server.process.port) refused authentication as notices (AUTH PLAIN): 535") == true)
        let token = Data("\0notices\0\(password)".utf8).base64EncodedString()
        #expect(failure.map { !$0.message.contains(password) && !$0.message.contains(token) } == true)
        #expect(server.messages.isEmpty)
    }

    @Test("a 4xx reply is retryable, and the next attempt succeeds")
    func temporaryRefusalThenSuccess() async throws {
        let scratch = try Scratch()
        let server = try await SMTPServer.start(scratch, ["--fail-first", "1", "--fail-at", "rcpt"])
        defer { server.process.stop() }
        let adapter = try adapter(port: server.process.port, security: .none)
        let notice = Sample.notice()

        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(notice) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "127.0.0.1:\(server.process.port) refused recipient <ann@example.org>: 451 4.3.0 try again")
        #expect(server.messages.isEmpty)

        try await adapter.deliver(notice)
        #expect(server.messages.count == 1)
    }

    @Test("a 4xx reply to the message itself is retryable too")
    func temporaryRefusalOfData() async throws {
        let scratch = try Scratch()
        let server = try await SMTPServer.start(scratch, ["--fail-first", "1", "--fail-at", "data"])
        defer { server.process.stop() }
        let adapter = try adapter(port: server.process.port, security: .none)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message.hasSuffix("refused the message: 451 4.3.0 try again") == true)
        try await adapter.deliver(Sample.notice())
        #expect(server.messages.count == 1)
    }

    @Test("no server listening is a retryable failure")
    func serverDown() async throws {
        let port = unusedLoopbackPort()
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter(port: port, security: .none).deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message.hasPrefix("cannot connect to 127.0.0.1:\(port): ") == true)
    }

    @Test("a server that never answers is given up on after the reply timeout, retryably")
    func silentServer() async throws {
        let scratch = try Scratch()
        let server = try await SMTPServer.start(scratch, ["--silent"])
        defer { server.process.stop() }
        let failure = await #expect(throws: DeliveryFailure.self) {
            try await adapter(port: server.process.port, security: .none, replyTimeout: .milliseconds(500)).deliver(Sample.notice())
        }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message == "127.0.0.1:\(server.process.port) did not answer the greeting within 0.5 s")
    }

    @Test("a delivery cancelled while the server is silent ends at once, retryably, not at the reply timeout",
          .timeLimit(.minutes(1)))
    func cancelledWhileWaiting() async throws {
        let scratch = try Scratch()
        let server = try await SMTPServer.start(scratch, ["--silent"])
        defer { server.process.stop() }
        let smtp = try adapter(port: server.process.port, security: .none, replyTimeout: .seconds(50))
        let delivery = Task { () -> DeliveryFailure? in
            do throws(DeliveryFailure) {
                try await smtp.deliver(Sample.notice())
                return nil
            } catch {
                return error
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        delivery.cancel()
        let failure = await delivery.value
        #expect(ContinuousClock.now - started < .seconds(10), "the wait for the greeting outlived its cancellation")
        #expect(failure?.isPermanent == false)
        #expect(failure?.message.contains("closed") == true, "\(failure?.message ?? "delivered")")
    }

    @Test("a certificate that the configured CA did not sign is refused, retryably, before any credentials are sent")
    func untrustedCertificate() async throws {
        let scratch = try Scratch()
        let certificate = try TestCertificate(in: scratch)
        let stranger = try TestCertificate(in: scratch, name: "stranger")
        let server = try await SMTPServer.start(
            scratch, ["--starttls", certificate.certificate, certificate.key, "--auth", "notices", "s3cret"])
        defer { server.process.stop() }
        let adapter = try adapter(
            port: server.process.port, security: .startTLS, credentials: SMTPCredentials(user: "notices", password: "s3cret"),
            caFile: stranger.certificate)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.isPermanent == false)
        #expect(failure?.message.contains("certificate") == true || failure?.message.contains("CERTIFICATE") == true)
        #expect(server.messages.isEmpty)
    }

    @Test("STARTTLS required but not offered is refused before anything is sent")
    func startTLSMissing() async throws {
        let scratch = try Scratch()
        let certificate = try TestCertificate(in: scratch)
        let server = try await SMTPServer.start(scratch)
        defer { server.process.stop() }
        let adapter = try adapter(port: server.process.port, security: .startTLS, caFile: certificate.certificate)
        let failure = await #expect(throws: DeliveryFailure.self) { try await adapter.deliver(Sample.notice()) }
        #expect(failure?.message == "127.0.0.1:\(server.process.port) does not offer STARTTLS, which the configuration requires")
        #expect(server.messages.isEmpty)
    }

    @Test("credentials on an unencrypted connection are refused when the adapter is made")
    func credentialsNeedTLS() {
        let error = #expect(throws: SMTPConfigurationError.self) {
            try SMTPAdapter(
                configuration: .init(host: "127.0.0.1", security: .none, credentials: SMTPCredentials(user: "notices", password: "s3cret")),
                composer: Sample.composer)
        }
        #expect(error?.description == "refusing to send the password of notices unencrypted: use security starttls or implicit")
    }

    @Test("an unreadable CA file is refused when the adapter is made")
    func missingCAFile() {
        let error = #expect(throws: SMTPConfigurationError.self) {
            try SMTPAdapter(
                configuration: .init(host: "127.0.0.1", security: .startTLS, trustRoots: .certificateFile("/nonexistent/ca.pem")),
                composer: Sample.composer)
        }
        #expect(error?.description == "cannot set up TLS: cannot read the CA file /nonexistent/ca.pem: No such file or directory")
    }
}
