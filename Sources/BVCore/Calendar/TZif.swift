/// A zone's history read from a TZif file (RFC 8536), as tzdata installs them under
/// `/usr/share/zoneinfo`: its transitions, the local time types they switch to, and the POSIX rule
/// of its footer for every instant after the last transition.
///
/// Versions 2 and later are read from their 64-bit block (times before 1901 and after 2038), a
/// version 1 file from its 32-bit block. Leap-second records (the `right/` zones) are skipped.
public struct TZif: Sendable, Hashable {
    /// Transition instants, seconds since the epoch, ascending.
    public let transitions: [Int64]
    /// For each transition, the index of the type it switches to.
    let transitionTypes: [Int]
    public let types: [LocalTimeType]
    /// The footer's rule, for instants after the last transition; nil when there is none.
    public let footer: POSIXTimeZoneRule?

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case notTZif
        case truncated
        case malformed(String)

        public var description: String {
            switch self {
            case .notTZif: "not a TZif file"
            case .truncated: "the TZif data ends early"
            case .malformed(let reason): "malformed TZif data: \(reason)"
            }
        }
    }

    public init(bytes: [UInt8]) throws(Problem) {
        var reader = Reader(bytes: bytes)
        let header = try reader.header()
        if header.version == 0 {
            self = try Self.block(&reader, header, timeSize: 4, footer: nil)
            return
        }
        // Skip the version 1 block, then read the 64-bit block and the footer that follow it.
        try reader.skip(header.blockSize(timeSize: 4))
        let header2 = try reader.header()
        var parsed = try Self.block(&reader, header2, timeSize: 8, footer: nil)
        guard try reader.byte() == UInt8(ascii: "\n") else { throw .malformed("no footer") }
        var text: [UInt8] = []
        while true {
            let byte = try reader.byte()
            if byte == UInt8(ascii: "\n") { break }
            text.append(byte)
        }
        if !text.isEmpty {
            guard let rule = POSIXTimeZoneRule(String(decoding: text, as: UTF8.self)) else {
                throw .malformed("footer '\(String(decoding: text, as: UTF8.self))' is not a POSIX TZ rule")
            }
            parsed = TZif(transitions: parsed.transitions, transitionTypes: parsed.transitionTypes, types: parsed.types, footer: rule)
        }
        self = parsed
    }

    init(transitions: [Int64], transitionTypes: [Int], types: [LocalTimeType], footer: POSIXTimeZoneRule?) {
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types
        self.footer = footer
    }

    /// A zone with no transitions, only a rule (or a fixed offset).
    public init(rule: POSIXTimeZoneRule) {
        self.init(transitions: [], transitionTypes: [], types: [rule.standard], footer: rule)
    }

    /// The local time in force at `seconds` since the epoch.
    public func localTimeType(at seconds: Int64) -> LocalTimeType {
        guard let first = transitions.first else { return footer?.localTimeType(at: seconds) ?? types[0] }
        // Before the first transition: the first type (RFC 8536 §3.2).
        if seconds < first { return types[0] }
        // The last transition at or before `seconds`.
        var (low, high) = (0, transitions.count)
        while high - low > 1 {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle } else { high = middle }
        }
        if low == transitions.count - 1, let footer { return footer.localTimeType(at: seconds) }
        return types[transitionTypes[low]]
    }

    /// One data block: transitions, their types, the types and their abbreviations.
    private static func block(_ reader: inout Reader, _ header: Reader.Header, timeSize: Int, footer: POSIXTimeZoneRule?) throws(Problem) -> TZif {
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount { transitions.append(timeSize == 8 ? try reader.int64() : Int64(try reader.int32())) }
        var transitionTypes: [Int] = []
        transitionTypes.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount {
            let index = Int(try reader.byte())
            guard index < header.typeCount else { throw .malformed("transition to type \(index) of \(header.typeCount)") }
            transitionTypes.append(index)
        }
        var raw: [(offset: Int32, isDaylight: Bool, abbreviationIndex: Int)] = []
        for _ in 0..<header.typeCount {
            raw.append((try reader.int32(), try reader.byte() != 0, Int(try reader.byte())))
        }
        let characters = Array(try reader.take(header.charCount))
        let types = try raw.map { type throws(Problem) -> LocalTimeType in
            guard type.abbreviationIndex < characters.count else { throw .malformed("abbreviation index out of range") }
            let name = characters[type.abbreviationIndex...].prefix { $0 != 0 }
            return LocalTimeType(offset: Int(type.offset), isDaylight: type.isDaylight, abbreviation: String(decoding: name, as: UTF8.self))
        }
        try reader.skip(header.leapCount * (timeSize + 4) + header.standardCount + header.utcCount)
        for pair in zip(transitions, transitions.dropFirst()) where pair.0 >= pair.1 {
            throw .malformed("transitions out of order")
        }
        return TZif(transitions: transitions, transitionTypes: transitionTypes, types: types, footer: footer)
    }
}

/// Reads big-endian fields from TZif bytes.
private struct Reader {
    let bytes: [UInt8]
    var position = 0

    struct Header {
        let version: UInt8
        let utcCount, standardCount, leapCount, timeCount, typeCount, charCount: Int

        func blockSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + standardCount + utcCount
        }
    }

    mutating func header() throws(TZif.Problem) -> Header {
        guard bytes.count - position >= 44, bytes[position..<position + 4].elementsEqual("TZif".utf8) else {
            throw bytes.count - position >= 4 && bytes[position..<position + 4].elementsEqual("TZif".utf8) ? .truncated : .notTZif
        }
        let version = bytes[position + 4]
        guard version == 0 || (UInt8(ascii: "2")...UInt8(ascii: "9")).contains(version) else { throw .malformed("unknown version \(version)") }
        position += 20
        var counts: [Int] = []
        for _ in 0..<6 {
            let count = try int32()
            guard count >= 0 else { throw .malformed("negative count") }
            counts.append(Int(count))
        }
        guard counts[4] >= 1 else { throw .malformed("no local time types") }
        return Header(version: version, utcCount: counts[0], standardCount: counts[1], leapCount: counts[2],
                      timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
    }

    mutating func byte() throws(TZif.Problem) -> UInt8 {
        guard position < bytes.count else { throw .truncated }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws(TZif.Problem) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - position >= count else { throw .truncated }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func skip(_ count: Int) throws(TZif.Problem) { _ = try take(count) }

    mutating func int32() throws(TZif.Problem) -> Int32 {
        Int32(bitPattern: try take(4).reduce(0) { $0 << 8 | UInt32($1) })
    }

    mutating func int64() throws(TZif.Problem) -> Int64 {
        Int64(bitPattern: try take(8).reduce(0) { $0 << 8 | UInt64($1) })
    }
}
