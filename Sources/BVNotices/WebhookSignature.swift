import Foundation

/// Signs webhook deliveries as the Standard Webhooks specification says
/// (https://www.standardwebhooks.com): HMAC-SHA256 of `{id}.{timestamp}.{body}`, sent as
/// `webhook-signature: v1,<base64>`; several secrets give several signatures, so a receiver can
/// rotate its secret without missing a delivery.
public struct WebhookSignature: Sendable {
    /// The keys, decoded from the `whsec_<base64>` secrets.
    public let keys: [[UInt8]]

    /// - Throws: `WebhookSecretError` for a secret that is not `whsec_` followed by base64.
    public init(secrets: [String]) throws(WebhookSecretError) {
        keys = try secrets.map { secret throws(WebhookSecretError) in try WebhookSignature.key(of: secret) }
    }

    /// The key a `whsec_<base64>` secret stands for (a bare base64 secret is accepted too).
    public static func key(of secret: String) throws(WebhookSecretError) -> [UInt8] {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst("whsec_".count)) : secret
        guard !encoded.isEmpty, let data = Data(base64Encoded: encoded) else { throw WebhookSecretError(secret: secret) }
        return Array(data)
    }

    /// The `webhook-signature` header value: `v1,<base64>` for each secret, separated by spaces.
    public func header(id: String, timestamp: Int64, body: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        return keys.map { "v1," + Data(HMACSHA256.authenticationCode(key: $0, message: content)).base64EncodedString() }
            .joined(separator: " ")
    }

    /// The three headers of a delivery: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature`.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(name: String, value: String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", header(id: id, timestamp: timestamp, body: body))]
    }
}

/// A webhook secret that cannot be used. The message never repeats the secret.
public struct WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    let prefixed: Bool

    init(secret: String) { prefixed = secret.hasPrefix("whsec_") }

    public var description: String {
        prefixed ? "a webhook secret's text after 'whsec_' is not base64"
            : "a webhook secret must be 'whsec_' followed by base64"
    }
}
