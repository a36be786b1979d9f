import AsyncHTTPClient

/// What a webhook receiver's answer means for the notice.
struct WebhookResponse {
    let code: UInt
    let reason: String
    let retryAfter: String?
    let location: String?
    let bodyExcerpt: String

    /// Nil for success.
    func failure(host: String, now: Int64) -> DeliveryFailure? {
        if (200..<300).contains(code) { return nil }
        let answered = "\(host) answered \(code) \(reason)"
        let quoted = bodyExcerpt.isEmpty ? "" : ": \(bodyExcerpt)"
        switch code {
        case 410:
            return DeliveryFailure(
                "\(answered): the endpoint is gone, so this adapter is disabled until an administrator acts\(quoted)",
                isPermanent: true, disablesEndpoint: true)
        case 429, 503:
            if let value = retryAfter, let wait = RetryAfter.parse(value, now: now) {
                return DeliveryFailure("\(answered) and asks to wait \(wait.spokenSeconds)\(quoted)", retryAfter: wait)
            }
            return DeliveryFailure(answered + quoted)
        case 300..<400:
            let target = location.map { " to \($0.prefix(200))" } ?? ""
            return DeliveryFailure("\(answered) with a redirect\(target), which bvd does not follow\(quoted)")
        default:
            return DeliveryFailure(answered + quoted)
        }
    }

    /// A request that got no answer: always worth trying again.
    static func failure(host: String, error: any Error, configuration: WebhookAdapter.Configuration) -> DeliveryFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return DeliveryFailure("\(host) did not answer within \(configuration.timeout.spokenSeconds)")
            case .connectTimeout:
                return DeliveryFailure("cannot connect to \(host) within \(configuration.connectTimeout.spokenSeconds)")
            default: break
            }
        }
        return DeliveryFailure("cannot deliver to \(host): \(describe(error))")
    }
}
