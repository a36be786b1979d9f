@testable import BVCtlKit
import Foundation
import Testing

/// bvctl no longer links Foundation; what it used Foundation for must still come out the same.
/// Each helper is compared with the Foundation call it replaced.
@Suite("bvctl's text helpers match the Foundation calls they replace")
struct FoundationFreeTextTests {
    static let samples: [String] = {
        var texts = ["", "plain", "with space", "a/b?c#d%e;f", "k=v&x+y", "Mary O'Neil (chair), £5 @ 10:00 ~ok~ *",
                     "Café naïve 日本語 👩‍👩‍👧", "tab\there", "line\nbreak", "\u{00A0}non-breaking\u{00A0}", "\u{2028}sep\u{2029}",
                     " \t padded \t ", "\u{3000}ideographic\u{3000}", "\u{85}next line\u{85}", "\u{200B}zero width\u{200B}",
                     "e\u{301}", " \u{301}combining"]
        texts.append(String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self))
        return texts
    }()

    @Test("path segments are percent-encoded as with CharacterSet.urlPathAllowed less /?#%;")
    func segments() {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%;")
        for text in Self.samples {
            #expect(PercentEncoding.segment(text) == text.addingPercentEncoding(withAllowedCharacters: allowed), "\(text.debugDescription)")
        }
    }

    @Test("query values are percent-encoded as with CharacterSet.urlQueryAllowed less &=+?#%")
    func queryValues() {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%")
        for text in Self.samples {
            #expect(PercentEncoding.queryValue(text) == text.addingPercentEncoding(withAllowedCharacters: allowed), "\(text.debugDescription)")
        }
    }

    @Test("trimming matches trimmingCharacters(in: .whitespaces) and (in: .whitespacesAndNewlines)")
    func trimming() {
        for text in Self.samples {
            #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.dropFirst().trimmingSpaces == text.dropFirst().trimmingCharacters(in: .whitespaces))
        }
    }

    @Test("the trimmed sets are Foundation's .whitespaces and .newlines, scalar by scalar")
    func characterSets() {
        let (spaces, newlines) = (CharacterSet.whitespaces, CharacterSet.newlines)
        var differ: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if TextTrimming.isSpace(scalar) != spaces.contains(scalar) || TextTrimming.isNewline(scalar) != newlines.contains(scalar) {
                differ.append("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        #expect(differ.isEmpty, "\(differ.prefix(20))")
    }

    @Test("padding matches padding(toLength:withPad:startingAt:) for text of one UTF-16 unit a character")
    func padding() {
        for text in ["", "met", "NOT MET", "’quoted’", "£5", "Café"] {
            for width in [text.count, text.count + 1, text.count + 7] {
                #expect(text.padded(to: width) == text.padding(toLength: width, withPad: " ", startingAt: 0))
            }
        }
        // Where Foundation counted UTF-16 units and cut the text, bvctl now pads by characters.
        #expect("👩‍👩‍👧".padded(to: 2) == "👩‍👩‍👧 ")
    }

    @Test("request bodies hold the same JSON as JSONSerialization wrote, absent fields left out")
    func requestBodies() throws {
        let connection = try DaemonConnection.parse([])
        let fields: [String: (any Encodable)?] = [
            "title": "Options for the repairs service / phase 2 \"B\"", "planYear": 2028, "baseline": 71.5, "target": 90.0,
            "agrees": true, "digest": false, "organisations": ["tenants", "unison"], "reason": nil as String?, "empty": "",
        ]
        let body = try connection.jsonBody(fields)
        let old: [String: Any?] = [
            "title": "Options for the repairs service / phase 2 \"B\"", "planYear": 2028, "baseline": 71.5, "target": 90.0,
            "agrees": true, "digest": false, "organisations": ["tenants", "unison"], "reason": nil as String?, "empty": "",
        ]
        let oldBody = try JSONSerialization.data(withJSONObject: old.compactMapValues { $0 }, options: [.sortedKeys])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary)
        let expected = try #require(try JSONSerialization.jsonObject(with: oldBody) as? NSDictionary)
        #expect(decoded == expected)
        #expect(decoded["reason"] == nil)
        #expect(String(decoding: body, as: UTF8.self).hasPrefix("{\"agrees\":true,\"baseline\":71.5,"))
    }
}
