import BVCore
import BVReviewFixtures
import Foundation
import Testing

/// A whole review's values written by `SortedJSONEncoder` (which the store and the control API
/// use) and by Foundation's `JSONEncoder`: the same text, byte for byte.
@Suite("A whole review in JSON: SortedJSONEncoder and Foundation agree")
struct ReviewJSONTests {
    static let review = FinishedReview.make(closing: false)

    static func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("the state after every event, and every event")
    func statesAndEvents() throws {
        let review = Self.review
        #expect(review.problems.isEmpty)
        var state: ReviewState?
        for event in review.events {
            if state == nil { state = ReviewState.fold([event]) } else { state!.apply(event) }
            #expect(try SortedJSONEncoder().encodeToString(event) == Self.foundation(event))
            #expect(try SortedJSONEncoder().encodeToString(event.change) == Self.foundation(event.change))
        }
        let final = try #require(state)
        #expect(try SortedJSONEncoder().encodeToString(final) == Self.foundation(final))
        #expect(try SortedJSONEncoder().encodeToString(final).count > 5_000, "a review with something in it")
    }

    @Test("planned notices and every open decision with its rule findings")
    func plansAndDecisions() throws {
        let review = Self.review
        let plan = review.engine.plannedNotices(state: review.state)
        #expect(!plan.isEmpty)
        #expect(try SortedJSONEncoder().encodeToString(plan) == Self.foundation(plan))
        var state = ReviewState.fold(Array(review.events.prefix(12)))!
        var checked = 0
        for event in review.events.dropFirst(12) {
            state.apply(event)
            let open = review.engine.openDecisions(state: state, now: event.at)
            checked += open.count
            #expect(try SortedJSONEncoder().encodeToString(open) == Self.foundation(open))
        }
        #expect(checked > 0)
    }

    @Test("every state, event and planned notice reads back through JSONTreeDecoder as through JSONDecoder")
    func readsBack() throws {
        let review = Self.review
        var state: ReviewState?
        for event in review.events {
            if state == nil { state = ReviewState.fold([event]) } else { state!.apply(event) }
            let text = try SortedJSONEncoder().encodeToString(event)
            let ours = try JSONTreeDecoder().decode(ReviewEvent.self, from: text)
            #expect(ours == (try JSONDecoder().decode(ReviewEvent.self, from: Data(text.utf8))))
            #expect(ours == event)
        }
        let final = try #require(state)
        let text = try SortedJSONEncoder().encodeToString(final)
        #expect(try JSONTreeDecoder().decode(ReviewState.self, from: text) == final)
        let plan = review.engine.plannedNotices(state: final)
        #expect(try JSONTreeDecoder().decode([PlannedNotice].self, from: SortedJSONEncoder().encodeToString(plan)) == plan)
    }

    @Test("what is not the shape asked for is a DecodingError naming where")
    func decodingErrors() {
        #expect {
            _ = try JSONTreeDecoder().decode(PlannedNotice.self, from: #"{"key": 1}"#)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["key"]
        }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder().decode(ReviewState.self, from: "{") }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder().decode([Int].self, from: "[1.5]") }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder().decode([Double].self, from: "[1e999]") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Double].self, from: Data("[1e999]".utf8)) }
    }
}
