public import BVNotices

/// Delivers mail by piping each message to a sendmail-compatible program, so the host's own
/// mail system (Postfix, Exim, msmtp, nullmailer) queues, retries and relays it.
///
/// - Success: the program exits with status 0 (the message is in the local queue).
/// - Retryable: any other exit status (75, EX_TEMPFAIL, is the usual one), a signal, or the time
///   limit; the message says how it ended and quotes the program's output.
/// - Permanent: the program does not exist or may not be run, or the notice cannot be composed.
public struct SendmailAdapter: NoticeAdapter {
    public struct Configuration: Sendable, Hashable {
        /// The program and its arguments. `-t` takes the recipients from the message's headers;
        /// `-oi` stops a line holding a single dot from ending the message.
        public var command: [String]
        /// Appends `-f <sender> -- <recipients…>` to the command, for programs run without `-t`.
        public var passesEnvelope: Bool
        /// Hands the program LF line endings, as local mail programs expect (they write CRLF on
        /// the wire themselves).
        public var unixLineEndings: Bool
        /// How long the program may run before it is stopped (SIGTERM, then SIGKILL).
        public var timeout: Duration
        public var maximumInFlight: Int
        /// How many characters of the program's output a failure message quotes.
        public var outputExcerptLimit: Int

        public init(
            command: [String] = ["/usr/sbin/sendmail", "-oi", "-t"], passesEnvelope: Bool = false, unixLineEndings: Bool = true,
            timeout: Duration = .seconds(60), maximumInFlight: Int = 4, outputExcerptLimit: Int = 500
        ) {
            (self.command, self.passesEnvelope, self.unixLineEndings) = (command, passesEnvelope, unixLineEndings)
            (self.timeout, self.maximumInFlight, self.outputExcerptLimit) = (timeout, maximumInFlight, outputExcerptLimit)
        }
    }

    public let name: String
    public let configuration: Configuration
    private let compose: MailComposer

    public var maximumInFlight: Int { configuration.maximumInFlight }

    public init(name: String = "mail", configuration: Configuration = Configuration(), composer: @escaping MailComposer) {
        (self.name, self.configuration, self.compose) = (name, configuration, composer)
    }

    public func deliver(_ notice: OutgoingNotice) async throws(DeliveryFailure) {
        let mail: ComposedMail
        do { mail = try compose(notice) } catch {
            throw DeliveryFailure("cannot compose mail for notice \(notice.id): \(error)", isPermanent: true)
        }
        var arguments = configuration.command
        if configuration.passesEnvelope {
            if !mail.sender.isEmpty { arguments += ["-f", mail.sender] }
            arguments += ["--"] + mail.recipients
        }
        let input = configuration.unixLineEndings ? withUnixLineEndings(mail.message) : mail.message
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(arguments, input: input, timeout: configuration.timeout)
        } catch {
            throw DeliveryFailure("sendmail: \(error)", isPermanent: error.isMissingProgram)
        }
        guard outcome.termination == .exited(0), !outcome.timedOut, !outcome.cancelled else {
            let program = "sendmail (\(arguments[0]))"
            throw DeliveryFailure(outcome.failureDescription(
                program: program, timeout: configuration.timeout, excerptLimit: configuration.outputExcerptLimit))
        }
    }
}

/// CRLF becomes LF; lone CR and LF are kept as they are.
func withUnixLineEndings(_ message: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(message.count)
    var index = message.startIndex
    while index < message.endIndex {
        let byte = message[index]
        if byte == 13, index + 1 < message.endIndex, message[index + 1] == 10 {
            result.append(10)
            index += 2
        } else {
            result.append(byte)
            index += 1
        }
    }
    return result
}
