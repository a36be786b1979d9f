public import BVNotices
import Glibc
public import NIOCore
import NIOPosix
import NIOSSL

/// How an SMTP connection is encrypted.
public enum SMTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// Plain text: only for a relay on the same host or a trusted network.
    case none
    /// Plain connection upgraded with STARTTLS before anything else is sent (port 587).
    case startTLS = "starttls"
    /// TLS from the first byte (port 465, "submissions").
    case implicitTLS = "implicit"

    var defaultPort: Int {
        switch self {
        case .none: 25
        case .startTLS: 587
        case .implicitTLS: 465
        }
    }
}

/// The SASL mechanisms bvd can authenticate with. Both send the password itself, which is why
/// authentication requires TLS.
public enum SMTPAuthMechanism: String, Sendable, Hashable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
}

/// Submits mail directly to an SMTP server (a council's relay, Microsoft 365, GOV.UK Notify's
/// SMTP gateway), one connection per notice.
///
/// The conversation: greeting, EHLO (HELO if refused on a plain connection), STARTTLS and EHLO
/// again, AUTH, MAIL FROM (with SIZE, BODY=8BITMIME and SMTPUTF8 when offered and needed),
/// RCPT TO for each recipient (pipelined when offered), DATA with dot-stuffing, QUIT.
///
/// - Success: the server accepts the message after DATA (250).
/// - Retryable: a 4xx reply, no connection, a timeout, a TLS failure, a dropped connection, or a
///   server that no longer offers STARTTLS.
/// - Permanent: a 5xx reply (including refused credentials), a message larger than the server's
///   SIZE, an AUTH mechanism the server does not offer, or a notice that cannot be composed.
/// Every recipient must be accepted, or the message is not sent.
public struct SMTPAdapter: NoticeAdapter {
    public struct Configuration: Sendable, Hashable {
        public var host: String
        /// Defaults to 25, 587 or 465 after `security`.
        public var port: Int
        public var security: SMTPSecurity
        /// Authenticate with these (see `SMTPCredentials.load(path:)`); requires TLS.
        public var credentials: SMTPCredentials?
        /// The mechanism to use; by default PLAIN when offered, else LOGIN.
        public var mechanism: SMTPAuthMechanism?
        /// The name given in EHLO; by default this host's name.
        public var heloName: String
        public var trustRoots: TrustRoots
        /// How long establishing the TCP connection may take.
        public var connectTimeout: Duration
        /// How long bvd waits for each reply, including the one after the message.
        public var replyTimeout: Duration
        public var maximumInFlight: Int

        public init(
            host: String, port: Int? = nil, security: SMTPSecurity = .startTLS, credentials: SMTPCredentials? = nil,
            mechanism: SMTPAuthMechanism? = nil, heloName: String? = nil, trustRoots: TrustRoots = .system,
            connectTimeout: Duration = .seconds(15), replyTimeout: Duration = .seconds(60), maximumInFlight: Int = 2
        ) {
            (self.host, self.port, self.security) = (host, port ?? security.defaultPort, security)
            (self.credentials, self.mechanism, self.heloName) = (credentials, mechanism, heloName ?? Self.hostName())
            (self.trustRoots, self.connectTimeout, self.replyTimeout) = (trustRoots, connectTimeout, replyTimeout)
            self.maximumInFlight = maximumInFlight
        }

        private static func hostName() -> String {
            var buffer = [CChar](repeating: 0, count: 256)
            guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return name.isEmpty ? "localhost" : name
        }
    }

    public let name: String
    public let configuration: Configuration
    private let compose: MailComposer
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup

    public var maximumInFlight: Int { configuration.maximumInFlight }

    /// Checks the configuration and loads the trust roots now, so a mistake stops the daemon at
    /// start-up rather than failing every notice. Connections run on `eventLoopGroup`, by default
    /// NIO's shared singleton group.
    public init(
        name: String = "mail", configuration: Configuration, composer: @escaping MailComposer,
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) throws(SMTPConfigurationError) {
        guard !configuration.host.isEmpty else { throw SMTPConfigurationError("no SMTP host configured") }
        guard (1...65535).contains(configuration.port) else {
            throw SMTPConfigurationError("SMTP port \(configuration.port) is not between 1 and 65535")
        }
        guard !configuration.heloName.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw SMTPConfigurationError("the EHLO name may not contain spaces or line breaks")
        }
        if let credentials = configuration.credentials, configuration.security == .none {
            throw SMTPConfigurationError(
                "refusing to send the password of \(credentials.user) unencrypted: use security starttls or implicit")
        }
        (self.name, self.configuration, self.compose) = (name, configuration, composer)
        group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        tls = configuration.security == .none ? nil : try Self.tlsContext(configuration.trustRoots)
    }

    private static func tlsContext(_ roots: TrustRoots) throws(SMTPConfigurationError) -> NIOSSLContext {
        do { return try NIOSSLContext(configuration: roots.clientConfiguration()) } catch {
            throw SMTPConfigurationError("cannot set up TLS: \(error)")
        }
    }

    public func deliver(_ notice: OutgoingNotice) async throws(DeliveryFailure) {
        let mail: ComposedMail
        do { mail = try compose(notice) } catch {
            throw DeliveryFailure("cannot compose mail for notice \(notice.id): \(error)", isPermanent: true)
        }
        let conversation = SMTPConversation(configuration: configuration, tls: tls, group: group)
        do throws(SMTPFailure) {
            try await conversation.submit(mail)
        } catch {
            throw error.deliveryFailure(server: "\(configuration.host):\(configuration.port)")
        }
    }
}

/// A configuration bvd cannot use.
public struct SMTPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
