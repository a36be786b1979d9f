public import BVCore
import Foundation
public import Hummingbird

/// An RFC 9457 problem: what went wrong, for people and for programs. Refusals carry every unmet
/// rule with its explanation and dates.
public struct Problem: Encodable, Sendable {
    public let type: String
    public let title: String
    public let status: Int
    public let detail: String
    public var field: String?
    public var blockers: [String]?
    public var rules: [RuleFinding]?
    public var earliest: TimetableBound?
    /// For a decision refused at a meeting: that meeting, and when it sits (what the rules were
    /// judged against), so a client can say when the meeting itself is too early.
    public var meeting: String?
    public var at: Instant?

    public init(status: HTTPResponse.Status, type: String, title: String, detail: String) {
        (self.status, self.type, self.title, self.detail) = (Int(status.code), "https://bvd.invalid/problems/\(type)", title, detail)
    }

    public static func from(_ error: CommandError) -> Problem {
        switch error {
        case .notFound(let text): return Problem(status: .notFound, type: "not-found", title: "Not found", detail: text)
        case .invalid(let text): return Problem(status: .unprocessableContent, type: "invalid", title: "Invalid command", detail: text)
        case .conflict(let text): return Problem(status: .conflict, type: "conflict", title: "Conflicts with the review's record", detail: text)
        case .refused(let readiness):
            var problem = Problem(status: .conflict, type: "refused", title: "Refused by the timetable or workflow",
                                  detail: "'\(readiness.title)' is not allowed now")
            problem.blockers = readiness.blockers
            problem.rules = readiness.unmet
            problem.earliest = readiness.earliest
            if let meeting = readiness.meeting { (problem.meeting, problem.at) = (meeting, readiness.at) }
            return problem
        }
    }

    public func response() -> Response {
        let data = (try? responseEncoder.encode(self)) ?? []
        return Response(status: .init(code: status), headers: [.contentType: "application/problem+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Thrown by handlers; turned into a problem response by `ProblemMiddleware`.
public struct ProblemError: Error, Sendable {
    public let problem: Problem
    public init(_ problem: Problem) { self.problem = problem }

    static func badRequest(_ detail: String, field: String? = nil) -> ProblemError {
        var problem = Problem(status: .badRequest, type: "bad-request", title: "Bad request", detail: detail)
        problem.field = field
        return ProblemError(problem)
    }

    static func unprocessable(_ detail: String, field: String) -> ProblemError {
        var problem = Problem(status: .unprocessableContent, type: "invalid", title: "Invalid value", detail: detail)
        problem.field = field
        return ProblemError(problem)
    }

    static func notFound(_ detail: String) -> ProblemError {
        ProblemError(Problem(status: .notFound, type: "not-found", title: "Not found", detail: detail))
    }

    static func noReview(_ id: String) -> ProblemError { notFound("no review '\(id)'") }
}
