public import BVCore
import Foundation

/// A review as open data, for the authority's transparency pages: what happened and when, who was
/// invited (organisations only) and how the service performs. It holds no personal data: no
/// representatives or their contact details, no officers' accounts, no responses' text.
///
/// Dates are `YYYY-MM-DD` in the authority's zone; times are ISO 8601 with the offset then in force
/// (`2027-02-04T18:00:00+00:00`); financial years are written `2028/29` (1 April 2028 to 31 March 2029).
/// A field without a value is left out of the JSON.
public struct OpenDataReview: Encodable, Sendable {
    public struct Review: Encodable, Sendable {
        public let id: String
        public let title: String
        public let service: String
        public let workflow: String
        public let workflowVersion: Int
        /// The financial year the Local Performance Plan covers.
        public let planYear: String
        public let started: CivilDate
        public let closed: CivilDate?
        /// The phase the review is in; absent once it has closed.
        public let currentPhase: String?
    }

    public struct Phase: Encodable, Sendable {
        public let id: String
        public let title: String
        public let entered: CivilDate
        public let left: CivilDate?
        /// The last day the phase was due to finish by.
        public let deadline: CivilDate?
        /// Left after its deadline, or still open after it.
        public let overran: Bool
    }

    public struct Organisation: Encodable, Sendable {
        public let id: String
        public let name: String
        public let category: String
        public let categoryTitle: String
    }

    public struct Meeting: Encodable, Sendable {
        public let id: String
        public let title: String
        public let method: String
        public let methodTitle: String
        public let start: String
        public let place: String
        /// `held`, `cancelled`, `upcoming`, or `not-recorded` (past, not yet recorded as held).
        public let status: String
        public let held: Bool
        public let invited: Int
        /// Organisations recorded as present; absent when attendance was not recorded.
        public let attendance: Int?
    }

    public struct Proposal: Encodable, Sendable {
        public let id: String
        public let title: String
        public let published: CivilDate
        /// The last day (or the exact time, in a rehearsal) responses may be made.
        public let responseDeadline: String
        public let responses: Int
        public let responsesConsidered: Int
    }

    public struct Decision: Encodable, Sendable {
        public let id: String
        public let title: String
        public let key: Bool
        public let noticeGiven: CivilDate?
        public let intendedDate: CivilDate?
        public let taken: CivilDate?
        public let meeting: String?
        public let outcome: String?
    }

    public struct DisclosureItem: Encodable, Sendable {
        public let id: String
        public let title: String
        /// `public`, `representatives`, `exempt` or `undecided`.
        public let disclosure: String
        public let reason: String?
    }

    public struct Strand: Encodable, Sendable {
        public let id: String
        public let title: String
        public let status: String
        public let findings: String
    }

    public struct Target: Encodable, Sendable {
        public let financialYear: String
        public let value: Double
    }

    public struct Indicator: Encodable, Sendable {
        public let code: String
        public let name: String
        public let definition: String?
        public let unit: String
        /// `higher` or `lower`: which way is better.
        public let polarity: String
        public let source: String?
        public let baseline: Double?
        public let baselinePeriod: String?
        public let planYearTarget: Double?
        public let targets: [Target]
    }

    public struct Measurement: Encodable, Sendable {
        public let indicator: String
        public let period: Int
        public let periodLabel: String
        public let periodStart: CivilDate
        public let periodEnd: CivilDate
        public let financialYear: String
        public let value: Double?
        public let target: Double?
        /// `on-track`, `at-risk`, `off-track`, `no-target` or `not-measured`.
        public let status: String
        /// `improving`, `unchanged` or `worsening` since the previous value; absent for the first.
        public let trend: String?
        public let recorded: CivilDate?
    }

    public struct Action: Encodable, Sendable {
        public let id: String
        public let title: String
        /// A post, not a person.
        public let owner: String
        public let due: CivilDate
        public let strand: String?
        public let completed: CivilDate?
    }

    /// When this data was produced.
    public let published: String
    public let review: Review
    public let phases: [Phase]
    public let organisations: [Organisation]
    public let meetings: [Meeting]
    public let proposals: [Proposal]
    public let decisions: [Decision]
    public let disclosureItems: [DisclosureItem]
    public let strands: [Strand]
    public let indicators: [Indicator]
    public let measurements: [Measurement]
    public let actions: [Action]

    /// The JSON text: keys sorted, so that two publications of the same data are the same bytes.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
