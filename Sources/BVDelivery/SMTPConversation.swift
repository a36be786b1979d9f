import NIOCore
import NIOSSL

/// One mail transaction on a fresh connection (RFC 5321 §3.3, RFC 3207 STARTTLS, RFC 4954 AUTH,
/// RFC 2920 PIPELINING, RFC 1870 SIZE).
struct SMTPConversation: Sendable {
    let configuration: SMTPAdapter.Configuration
    let tls: NIOSSLContext?
    let group: any EventLoopGroup

    func submit(_ mail: ComposedMail) async throws(SMTPFailure) {
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(
                host: configuration.host, port: configuration.port, group: group, connectTimeout: configuration.connectTimeout,
                replyTimeout: configuration.replyTimeout, tls: configuration.security == .implicitTLS ? tls : nil)
        } catch {
            throw .cannotConnect(detail: describe(error))
        }
        do throws(SMTPFailure) {
            try await converse(on: connection, mail)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func converse(on connection: SMTPConnection, _ mail: ComposedMail) async throws(SMTPFailure) {
        try expect(await connection.reply(to: "the greeting"), after: "the greeting")
        var capabilities = try await hello(on: connection)
        if configuration.security == .startTLS, let tls {
            guard capabilities.startTLS else { throw .notOffered("STARTTLS", permanent: false) }
            try expect(await connection.command("STARTTLS"), after: "STARTTLS")
            try await connection.startTLS(context: tls, host: configuration.host)
            capabilities = try await hello(on: connection)
        }
        if let credentials = configuration.credentials {
            try await authenticate(on: connection, as: credentials, capabilities: capabilities)
        }
        let block = smtpDataBlock(mail.message)
        try await sendEnvelope(on: connection, mail, size: block.count, capabilities: capabilities)
        let ready = try await connection.command("DATA")
        guard ready.code == 354 else { throw .rejected(stage: "DATA", reply: ready) }
        connection.sendRaw(block)
        try expect(await connection.reply(to: "the message"), after: "the message")
        // The message is accepted; a missing goodbye changes nothing.
        _ = try? await connection.command("QUIT")
    }

    private func hello(on connection: SMTPConnection) async throws(SMTPFailure) -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(configuration.heloName)", stage: "EHLO")
        if reply.code == 250 { return SMTPCapabilities(ehlo: reply) }
        // A server from before ESMTP: enough for plain, unauthenticated submission.
        if reply.code >= 500, configuration.security == .none, configuration.credentials == nil {
            try expect(await connection.command("HELO \(configuration.heloName)", stage: "HELO"), after: "HELO")
            return SMTPCapabilities()
        }
        throw .rejected(stage: "EHLO", reply: reply)
    }

    /// Neither the password nor the token carrying it is ever part of a stage name.
    private func authenticate(
        on connection: SMTPConnection, as credentials: SMTPCredentials, capabilities: SMTPCapabilities
    ) async throws(SMTPFailure) {
        let offered = capabilities.authMechanisms
        let mechanism: SMTPAuthMechanism
        if let configured = configuration.mechanism {
            guard offered.contains(configured.rawValue) else { throw .notOffered("AUTH \(configured.rawValue)", permanent: true) }
            mechanism = configured
        } else if let usable = SMTPAuthMechanism.allCases.first(where: { offered.contains($0.rawValue) }) {
            mechanism = usable
        } else {
            throw .notOffered("authentication (AUTH PLAIN or LOGIN)", permanent: true)
        }
        let stage = "authentication as \(credentials.user) (AUTH \(mechanism.rawValue))"
        let user = Array(credentials.user.utf8)
        let password = Array(credentials.password.utf8)
        let outcome: SMTPReply
        switch mechanism {
        case .plain:
            outcome = try await connection.command("AUTH PLAIN " + base64Encoded([0] + user + [0] + password), stage: stage)
        case .login:
            for (line, next) in [("AUTH LOGIN", stage), (base64Encoded(user), stage)] {
                let challenge = try await connection.command(line, stage: next)
                guard challenge.code == 334 else { throw .rejected(stage: stage, reply: challenge) }
            }
            outcome = try await connection.command(base64Encoded(password), stage: stage)
        }
        guard outcome.code == 235 else { throw .rejected(stage: stage, reply: outcome) }
    }

    private func sendEnvelope(
        on connection: SMTPConnection, _ mail: ComposedMail, size: Int, capabilities: SMTPCapabilities
    ) async throws(SMTPFailure) {
        guard !mail.recipients.isEmpty else { throw .invalidAddress("the message has no recipients") }
        for address in [mail.sender] + mail.recipients {
            guard !address.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0.value == 0x7f }) else {
                throw .invalidAddress("'\(address.prefix(100))' is not a usable mail address")
            }
        }
        var parameters = ""
        if capabilities.offersSize {
            if let limit = capabilities.sizeLimit, size > limit { throw .tooLarge(size: size, limit: limit) }
            parameters += " SIZE=\(size)"
        }
        if capabilities.eightBitMIME, mail.message.contains(where: { $0 >= 0x80 }) { parameters += " BODY=8BITMIME" }
        if ([mail.sender] + mail.recipients).contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) {
            guard capabilities.smtpUTF8 else { throw .notOffered("SMTPUTF8, needed for a non-ASCII address,", permanent: true) }
            parameters += " SMTPUTF8"
        }
        let commands = ["MAIL FROM:<\(mail.sender)>\(parameters)"] + mail.recipients.map { "RCPT TO:<\($0)>" }
        let stages = ["MAIL FROM:<\(mail.sender)>"] + mail.recipients.map { "recipient <\($0)>" }
        if capabilities.pipelining {
            // All in one write; every reply is read, so the connection stays in step.
            connection.sendRaw(Array(commands.map { $0 + "\r\n" }.joined().utf8))
            var firstRefusal: SMTPFailure?
            for stage in stages {
                let reply = try await connection.reply(to: stage)
                if reply.code / 100 != 2, firstRefusal == nil { firstRefusal = .rejected(stage: stage, reply: reply) }
            }
            if let firstRefusal { throw firstRefusal }
        } else {
            for (command, stage) in zip(commands, stages) {
                try expect(await connection.command(command, stage: stage), after: stage)
            }
        }
    }

    private func expect(_ reply: SMTPReply, after stage: String) throws(SMTPFailure) {
        guard reply.code / 100 == 2 else { throw .rejected(stage: stage, reply: reply) }
    }
}
