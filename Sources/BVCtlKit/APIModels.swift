import BVCore

// The control API's answers as bvctl reads them (docs/openapi.yaml). Where the daemon encodes a
// BVCore type, bvctl decodes the same type; the store's types are mirrored here, so that bvctl
// does not depend on BVStore.

/// `GET /v1/reviews/{id}`: the review and its progress.
struct ReviewViewReply: Decodable {
    struct PhaseLine: Decodable {
        let phase: String
        let title: String
        let entered: Instant?
        let left: Instant?
        let deadline: Instant?
    }

    let review: ReviewState
    let workflow: WorkflowReference
    let phaseTitle: String?
    let timeline: [PhaseLine]
    let openDecisions: [DecisionReadiness]
    let upcoming: [PlannedNotice]
    let missed: [PlannedNotice]

    /// The title of a phase of the review's workflow, or its id.
    func phaseTitle(_ id: String) -> String { timeline.first { $0.phase == id }?.title ?? id }
}

/// `GET /v1/reviews`.
struct ReviewSummaryReply: Decodable {
    let id: String
    let title: String
    let phase: String?
    let lead: String
    let workflow: String
    let events: Int
}

/// `GET /v1/reviews/{id}/events`.
struct StoredEventReply: Decodable {
    let sequence: Int64
    let event: CommandReply.Event
    let previousHash: String
    let hash: String
}

/// `GET /v1/verify`.
struct VerificationReply: Decodable {
    let events: Int
    let reviews: Int
    let firstProblem: String?
}

/// `GET /v1/agenda`.
struct AgendaItemReply: Decodable {
    let review: String
    let kind: String
    let subject: String
    let due: Instant
    let subjectAt: Instant
    let state: String
}

/// `GET /v1/notices`.
struct OutboxItemReply: Decodable {
    let id: Int64
    let notice: PlannedNotice
    let late: Bool
    let state: String
    let attempts: Int
    let nextAttempt: Instant?
    let lastError: String?
    let created: Instant
}

/// `POST /v1/reviews/import`.
struct ImportReply: Decodable {
    let review: String
}
