public import BVNotices

/// Delivers a notice by running an administrator's program (an SMS gateway script, a ticketing
/// system's command line) with the notice's JSON on its standard input.
///
/// The program also finds `BVD_NOTICE_ID`, `BVD_NOTICE_KIND`, `BVD_REVIEW`, `BVD_RECIPIENT` and
/// `BVD_CHANNEL` in its environment, so a shell script need not parse JSON to route a notice.
/// `BVD_NOTICE_ID` stays the same across retries: a program can use it to discard duplicates.
///
/// - Success: exit status 0. Output is discarded.
/// - Permanent: an exit status in `permanentExitStatuses` (by default the `sysexits.h` codes that
///   say the input or the address is wrong: 64, 65, 67, 68), a program that does not exist or may
///   not be run, or a notice that cannot be encoded.
/// - Retryable: any other exit status, a signal, or the time limit.
/// Failure messages quote the start of the program's output (stdout and stderr together).
public struct ProgramAdapter: NoticeAdapter {
    public struct Configuration: Sendable, Hashable {
        /// The program and its arguments; no shell is involved.
        public var command: [String]
        /// How long the program may run before it is stopped (SIGTERM, then SIGKILL).
        public var timeout: Duration
        public var maximumInFlight: Int
        /// Exit statuses meaning "this notice can never be delivered this way".
        public var permanentExitStatuses: Set<Int32>
        /// How many characters of the program's output a failure message quotes.
        public var outputExcerptLimit: Int

        public init(
            command: [String], timeout: Duration = .seconds(30), maximumInFlight: Int = 1,
            permanentExitStatuses: Set<Int32> = [64, 65, 67, 68], outputExcerptLimit: Int = 500
        ) {
            (self.command, self.timeout, self.maximumInFlight) = (command, timeout, maximumInFlight)
            (self.permanentExitStatuses, self.outputExcerptLimit) = (permanentExitStatuses, outputExcerptLimit)
        }
    }

    public let name: String
    public let configuration: Configuration
    private let encode: NoticeBodyEncoder

    public var maximumInFlight: Int { configuration.maximumInFlight }

    public init(name: String, configuration: Configuration, encoder: @escaping NoticeBodyEncoder) {
        (self.name, self.configuration, self.encode) = (name, configuration, encoder)
    }

    public func deliver(_ notice: OutgoingNotice) async throws(DeliveryFailure) {
        let body: [UInt8]
        do { body = try encode(notice) } catch {
            throw DeliveryFailure("cannot encode notice \(notice.id): \(error)", isPermanent: true)
        }
        let environment = [
            "BVD_NOTICE_ID": notice.id, "BVD_NOTICE_KIND": notice.kind.rawValue, "BVD_REVIEW": notice.review,
            "BVD_RECIPIENT": notice.recipient.id, "BVD_CHANNEL": notice.recipient.channel,
        ]
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                configuration.command, input: body, environment: environment, timeout: configuration.timeout)
        } catch {
            throw DeliveryFailure("\(name): \(error)", isPermanent: error.isMissingProgram)
        }
        if outcome.termination == .exited(0), !outcome.timedOut, !outcome.cancelled { return }
        var isPermanent = false
        if case .exited(let status) = outcome.termination, !outcome.timedOut, !outcome.cancelled {
            isPermanent = configuration.permanentExitStatuses.contains(status)
        }
        throw DeliveryFailure(
            outcome.failureDescription(
                program: configuration.command[0], timeout: configuration.timeout, excerptLimit: configuration.outputExcerptLimit),
            isPermanent: isPermanent)
    }
}
