import BVCore
import Foundation

/// HMAC-SHA256 (RFC 2104) over BVCore's SHA-256, and the Standard Webhooks signature made with
/// it: the tests' stand-in for BVNotices' `WebhookSignature`.
enum StandardWebhookSignature {
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var key = key
        if key.count > 64 {
            var digest = SHA256()
            digest.update(key)
            key = digest.finalize()
        }
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        inner.update(key.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(key.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// `v1,<base64>` for a `whsec_<base64 key>` secret.
    static func sign(secret: String, id: String, timestamp: Int64, body: [UInt8]) -> String {
        let key = Array(Data(base64Encoded: String(secret.dropFirst("whsec_".count))) ?? Data())
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(hmac(key: key, message: signed)).base64EncodedString()
    }

    /// A fresh random secret in the Standard Webhooks form.
    static func newSecret() -> String {
        "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }
}
