public import BVNotices

/// One way of delivering notices (sendmail, SMTP, webhook, program). The dispatcher chooses the
/// adapter by the name the configuration gives it, and retries what fails.
public protocol NoticeAdapter: Sendable {
    /// The name the configuration gives this adapter (`mail`, `hooks`, `sms`, …).
    var name: String { get }
    /// How many deliveries this adapter may have in flight at once.
    var maximumInFlight: Int { get }
    /// Delivers one notice, or says why not and whether trying again can help.
    func deliver(_ notice: OutgoingNotice) async throws(DeliveryFailure)
}

/// Why a delivery did not succeed, in words an officer can act on, and what to do next.
public struct DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// The receiver asked to wait at least this long (HTTP `Retry-After`).
    public let retryAfter: Duration?
    /// Trying again cannot help (a 5xx SMTP reply, no address): the notice fails at once.
    public let isPermanent: Bool
    /// The endpoint said it is gone (HTTP 410): the adapter is disabled until an administrator acts.
    public let disablesEndpoint: Bool

    public init(_ message: String, retryAfter: Duration? = nil, isPermanent: Bool = false, disablesEndpoint: Bool = false) {
        (self.message, self.retryAfter, self.isPermanent, self.disablesEndpoint) = (message, retryAfter, isPermanent, disablesEndpoint)
    }

    public var description: String { message }
}
