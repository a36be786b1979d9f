@testable import BVCore
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test("one million repetitions of 'a'")
    func millionAs() {
        #expect(SHA256.hex(bytes: [UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("padding boundaries: 55, 56 and 64 bytes", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hex(String(repeating: "a", count: length)) == digest)
    }

    @Test("lines are hashed as the text they make joined by newlines")
    func lines() {
        #expect(SHA256.hex(lines: ["abc", "", "Best Value review — £1,000 saving", String(repeating: "x", count: 70)])
            == SHA256.hex("abc\n\nBest Value review — £1,000 saving\n" + String(repeating: "x", count: 70)))
        #expect(SHA256.hex(lines: []) == SHA256.hex(""))
    }

    @Test("text is hashed as UTF-8")
    func utf8() {
        #expect(SHA256.hex("Best Value review — £1,000 saving")
            == "839e06508888269bca6e77bc1d02cbd1381f5afb9b101dbe480457b9ca821e84")
    }

    @Test("feeding the bytes in pieces gives the same digest as feeding them at once")
    func incremental() {
        let message = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        for split in [0, 1, 55, 56, 63, 64, 65, 111, 112] {
            var hasher = SHA256()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            let hex = hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            #expect(hex == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1", "split at \(split)")
        }
    }

    @Test("the SHA extensions and the Swift compression agree on every length of input up to 300 bytes, fed whole and in pieces")
    func hardwareAgreesWithSwift() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var hardware = SHA256(), swift = SHA256(hardware: false)
            let split = length / 3
            hardware.update(message[..<split])
            hardware.update(message[split...])
            swift.update(message)
            #expect(hardware.finalize() == swift.finalize(), "\(length) bytes")
        }
    }
}
