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
    /// Absent from a bvd older than 2026-12-06.
    let workflowVersion: Int?
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

/// `GET /v1/notices/{id}`: the notice, its attempts and how it reads.
struct NoticeDetailReply: Decodable {
    let id: Int64
    let notice: PlannedNotice
    let late: Bool
    let state: String
    let attempts: Int
    let nextAttempt: Instant?
    let lastError: String?
    let deliveries: [DeliveryAttemptReply]
    let content: RenderedNoticeReply?
}

struct DeliveryAttemptReply: Decodable {
    let recipient: String
    let channel: String
    let at: Instant
    let outcome: String
    let detail: String?
}

/// A notice rendered for one recipient (`GET /v1/reviews/{id}/notices/preview`).
struct RenderedNoticeReply: Decodable {
    struct Calendar: Decodable { let method: String; let text: String }
    let subject: String
    let text: String
    let html: String?
    let calendar: Calendar?
}

/// `GET /v1/channels`.
struct ChannelReplyModel: Decodable {
    struct Disabled: Decodable { let name: String; let since: Instant; let reason: String }
    let name: String
    let adapter: String
    let maximumInFlight: Int
    let disabled: Disabled?
}

/// `GET /v1/organisations`: an organisation of the directory.
struct DirectoryOrganisationReply: Decodable {
    struct Contact: Decodable { let name: String; let email: String?; let phone: String? }
    let id: String
    let name: String
    let category: String
    let contact: Contact?
    let updatedBy: String
    let updated: Instant

    var contactText: String {
        guard let contact else { return "-" }
        return ([contact.name] + [contact.email, contact.phone].compactMap { $0 }).joined(separator: ", ")
    }
}

/// `POST /v1/reviews/{id}/invitations`: one organisation's outcome.
struct DirectoryInvitationReply: Decodable {
    let organisation: String
    let outcome: String
    let invited: Bool
    let representative: String?
}

/// `POST /v1/notices/retry`.
struct RequeuedReply: Decodable { let requeued: Int }

/// `POST /v1/rebuild-projections`.
struct RebuildReply: Decodable {
    let reviews: Int
    let verification: VerificationReply
}

/// `POST /v1/reviews/import`.
struct ImportReply: Decodable {
    let review: String
}
