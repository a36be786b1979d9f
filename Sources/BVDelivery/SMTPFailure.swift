/// What went wrong in an SMTP conversation, turned into a `DeliveryFailure` at the end.
/// None of the cases holds a password or an AUTH token: stages name commands, not arguments.
enum SMTPFailure: Error, Sendable, Hashable {
    /// The server answered `stage` with a 4xx (retryable) or 5xx (permanent) reply.
    case rejected(stage: String, reply: SMTPReply)
    case timedOut(stage: String, after: Duration)
    case closed(stage: String)
    case cannotConnect(detail: String)
    case connection(stage: String, detail: String)
    case protocolViolation(String)
    /// The server lacks something the configuration requires.
    case notOffered(String, permanent: Bool)
    case tooLarge(size: Int, limit: Int)
    case invalidAddress(String)

    /// The failure an officer reads; `server` is `host:port`.
    func deliveryFailure(server: String) -> DeliveryFailure {
        switch self {
        case .rejected(let stage, let reply):
            return DeliveryFailure("\(server) refused \(stage): \(reply)", isPermanent: reply.code >= 500)
        case .timedOut(let stage, let after):
            return DeliveryFailure("\(server) did not answer \(stage) within \(after.spokenSeconds)")
        case .closed(let stage):
            return DeliveryFailure("\(server) closed the connection while bvd waited for the reply to \(stage)")
        case .cannotConnect(let detail):
            return DeliveryFailure("cannot connect to \(server): \(detail)")
        case .connection(let stage, let detail):
            return DeliveryFailure("the connection to \(server) failed during \(stage): \(detail)")
        case .protocolViolation(let detail):
            return DeliveryFailure("\(server) does not speak SMTP as expected: \(detail)")
        case .notOffered(let what, let permanent):
            return DeliveryFailure("\(server) does not offer \(what), which the configuration requires", isPermanent: permanent)
        case .tooLarge(let size, let limit):
            return DeliveryFailure("the message is \(size) bytes; \(server) accepts at most \(limit)", isPermanent: true)
        case .invalidAddress(let detail):
            return DeliveryFailure("cannot send to \(server): \(detail)", isPermanent: true)
        }
    }
}
