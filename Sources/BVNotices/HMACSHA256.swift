import BVCore

/// HMAC-SHA256 (RFC 2104) over the core's SHA-256, for webhook signatures: no native crypto
/// library to link, and the RFC 4231 test vectors check it.
public enum HMACSHA256 {
    static let blockSize = 64

    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var key = key
        if key.count > blockSize {
            var hasher = SHA256()
            hasher.update(key)
            key = hasher.finalize()
        }
        key += [UInt8](repeating: 0, count: blockSize - key.count)
        var inner = SHA256()
        inner.update(key.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(key.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
