/// A declarative description of how one kind of review runs: its phases, decisions, timetable
/// rules and reminders. Loaded from `workflows/*.yaml`; a review keeps the exact definition
/// (id, version and content hash) it was started with.
public struct WorkflowDefinition: Sendable, Hashable {
    public var id: String
    public var version: Int
    public var title: String
    public var zone: Zone
    public var division: Division
    public var roles: [Role]
    public var categories: [ParticipantCategory]
    public var methods: [InvolvementMethod]
    public var strands: [AssessmentStrand]
    public var rules: [TimetableRule]
    public var decisions: [DecisionDefinition]
    public var phases: [PhaseDefinition]
    /// Indicators a review may adopt by code.
    public var indicators: [IndicatorDefinition]
    /// SHA-256 of the definition's source text, so that a review can prove which text governed it.
    public var contentHash: String

    public init(id: String, version: Int, title: String, zone: Zone = .london, division: Division = .englandAndWales,
                roles: [Role] = [], categories: [ParticipantCategory] = [], methods: [InvolvementMethod] = [],
                strands: [AssessmentStrand] = [], rules: [TimetableRule] = [], decisions: [DecisionDefinition] = [],
                phases: [PhaseDefinition] = [], indicators: [IndicatorDefinition] = [], contentHash: String = "") {
        (self.id, self.version, self.title, self.zone, self.division) = (id, version, title, zone, division)
        (self.roles, self.categories, self.methods, self.strands) = (roles, categories, methods, strands)
        (self.rules, self.decisions, self.phases, self.contentHash) = (rules, decisions, phases, contentHash)
        self.indicators = indicators
    }

    public var reference: WorkflowReference { WorkflowReference(id: id, version: version, contentHash: contentHash) }

    public func phase(_ id: String) -> PhaseDefinition? { phases.first { $0.id == id } }
    public func decision(_ id: String) -> DecisionDefinition? { decisions.first { $0.id == id } }
    public func rule(_ id: String) -> TimetableRule? { rules.first { $0.id == id } }
    public func category(_ id: String) -> ParticipantCategory? { categories.first { $0.id == id } }
    public func method(_ id: String) -> InvolvementMethod? { methods.first { $0.id == id } }
    public func strand(_ id: String) -> AssessmentStrand? { strands.first { $0.id == id } }
    public func indicator(_ code: String) -> IndicatorDefinition? { indicators.first { $0.code == code } }

    /// Whether a meeting is of a method that takes decisions (cancelled or not).
    public func takesDecisions(_ meeting: Meeting) -> Bool { method(meeting.method)?.takesDecisions == true }

    /// The phase that owns a decision.
    public func owner(of decision: String) -> PhaseDefinition? { phases.first { $0.decisions.contains(decision) } }

    public func phase(after id: String) -> PhaseDefinition? {
        guard let index = phases.firstIndex(where: { $0.id == id }), index + 1 < phases.count else { return nil }
        return phases[index + 1]
    }
}

/// Which definition a review runs under.
public struct WorkflowReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public let id: String
    public let version: Int
    public let contentHash: String

    public init(id: String, version: Int, contentHash: String) {
        (self.id, self.version, self.contentHash) = (id, version, contentHash)
    }

    public var description: String { "\(id) v\(version) (sha256:\(contentHash.prefix(12)))" }
}

/// A role in the authority that notices can be addressed to (lead officer, scrutiny chair…).
public struct Role: Sendable, Hashable {
    public let id: String
    public let title: String
    public init(id: String, title: String) { (self.id, self.title) = (id, title) }
}

/// A kind of organisation whose representatives take part: tenants, pensioners, trade unions…
public struct ParticipantCategory: Sendable, Hashable {
    public let id: String
    public let title: String
    public init(id: String, title: String) { (self.id, self.title) = (id, title) }
}

/// A method of involvement, i.e. a kind of meeting: workshop, citizens' jury, user panel…
public struct InvolvementMethod: Sendable, Hashable {
    public let id: String
    public let title: String
    /// Whether meetings of this kind can take the review's decisions (and so need papers in time).
    public let takesDecisions: Bool
    public init(id: String, title: String, takesDecisions: Bool = false) {
        (self.id, self.title, self.takesDecisions) = (id, title, takesDecisions)
    }
}

/// The "4 Cs" of a Best Value review.
public enum FourC: String, Sendable, Hashable, CaseIterable, Codable {
    case challenge, compare, consult, compete
}

/// One strand of the assessment: benchmarking, market intelligence, user research…
public struct AssessmentStrand: Sendable, Hashable {
    public let id: String
    public let title: String
    public let fourC: FourC?
    public let required: Bool
    public init(id: String, title: String, fourC: FourC? = nil, required: Bool = true) {
        (self.id, self.title, self.fourC, self.required) = (id, title, fourC, required)
    }
}
