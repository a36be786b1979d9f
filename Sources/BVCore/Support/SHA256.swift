import CSHA256

/// SHA-256 (FIPS 180-4), used to fingerprint workflow definitions and to chain the event log.
///
/// A small implementation of its own keeps the core free of a crypto library; it is checked
/// against the FIPS test vectors. Every event appended to the log is hashed, so where the
/// processor has the x86 SHA extensions the compression runs on them (a few lines of C, checked
/// against the Swift compression below on the same inputs); elsewhere, in Swift.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    private let hardware: Bool

    /// Whether this processor has the SHA extensions that `SHA256` uses when it can.
    public static let hardwareAvailable = bvd_sha256_x86_available() != 0

    public init() { hardware = Self.hardwareAvailable }

    /// `hardware: false` runs the Swift compression even where the SHA extensions are there.
    init(hardware: Bool) { self.hardware = hardware && Self.hardwareAvailable }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: $0) }
        if handled == nil { Array(bytes).withUnsafeBufferPointer { update(buffer: $0) } }
    }

    private mutating func update(buffer input: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(input.count)
        var index = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, input.count)
            buffer.append(contentsOf: input[0..<take])
            index = take
            guard buffer.count == 64 else { return }
            buffer.withUnsafeBufferPointer { compress($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        let whole = (input.count - index) / 64 * 64
        if whole > 0 { compress(UnsafeBufferPointer(rebasing: input[index..<index + whole])) }
        buffer.append(contentsOf: input[(index + whole)...])
    }

    mutating func update(byte: UInt8) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { one in
            one[0] = byte
            update(buffer: UnsafeBufferPointer(one))
        }
    }

    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(buffer: $0) }
    }

    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8
        let tailLength = buffer.count < 56 ? 64 : 128
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tailLength) { tail in
            _ = tail.initialize(fromContentsOf: buffer)
            tail.baseAddress!.advanced(by: buffer.count).initialize(repeating: 0, count: tailLength - buffer.count)
            tail[buffer.count] = 0x80
            for byte in 0..<8 { tail[tailLength - 1 - byte] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * byte)) }
            compress(UnsafeBufferPointer(tail))
        }
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            for (i, word) in state.enumerated() {
                for byte in 0..<4 { digest[4 * i + byte] = UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * byte)) }
            }
            count = 32
        }
    }

    /// The lowercase hexadecimal digest of `text`'s UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hexString(hasher.finalize())
    }

    /// The digest of `lines` joined by newlines, without joining them.
    public static func hex(lines: [String]) -> String {
        var hasher = SHA256()
        for (index, line) in lines.enumerated() {
            if index > 0 { hasher.update(byte: UInt8(ascii: "\n")) }
            hasher.update(line)
        }
        return hexString(hasher.finalize())
    }

    public static func hex(bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    private static func hexString(_ digest: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: digest.count * 2) { (out: UnsafeMutableBufferPointer<UInt8>) -> Int in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (i, byte) in digest.enumerated() {
                    out[2 * i] = digits[Int(byte >> 4)]
                    out[2 * i + 1] = digits[Int(byte & 0x0f)]
                }
            }
            return digest.count * 2
        }
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Whole 64-byte blocks, on the SHA extensions where there are some.
    private mutating func compress(_ blocks: UnsafeBufferPointer<UInt8>) {
        if hardware {
            state.withUnsafeMutableBufferPointer { state in
                SHA256.k.withUnsafeBufferPointer { k in
                    bvd_sha256_x86_compress(state.baseAddress!, blocks.baseAddress!, blocks.count / 64, k.baseAddress!)
                }
            }
            return
        }
        for start in stride(from: 0, to: blocks.count, by: 64) { compress(block: UnsafeBufferPointer(rebasing: blocks[start..<start + 64])) }
    }

    /// One 64-byte block. The message schedule lives on the stack and the tables are read through
    /// unsafe buffers.
    private mutating func compress(block: UnsafeBufferPointer<UInt8>) {
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            SHA256.k.withUnsafeBufferPointer { k in
                for i in 0..<64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
                }
            }
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
}
