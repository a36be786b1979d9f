import BVCore

/// The JSON bodies of the control API's commands. Field names are the API's (camelCase).
enum Body {
    struct CreateReview: Decodable { let id: String; let title: String; let service: String; let lead: String; let planYear: Int?; let workflow: String? }
    struct Invite: Decodable { let id: String; let name: String; let category: String }
    struct Representative: Decodable { let id: String; let name: String; let email: String?; let phone: String? }
    struct ScheduleMeeting: Decodable { let id: String; let title: String; let method: String; let start: LocalDateTime; let place: String; let invitees: [String] }
    struct Reschedule: Decodable { let start: LocalDateTime; let place: String? }
    struct Reason: Decodable { let reason: String }
    struct Invitees: Decodable { let organisations: [String] }
    struct On: Decodable { let on: CivilDate? }
    struct Minutes: Decodable { let minutes: String; let attendees: [String]? }
    struct Proposal: Decodable { let id: String; let title: String; let responseDeadline: CivilDate? }
    struct Response: Decodable { let id: String; let proposal: String; let organisation: String; let summary: String; let on: CivilDate? }
    struct Note: Decodable { let note: String }
    struct DecisionNotice: Decodable { let on: CivilDate?; let intendedDate: CivilDate? }
    struct TakeDecision: Decodable { let meeting: String?; let outcome: String }
    struct SignOff: Decodable { let organisation: String; let agrees: Bool; let reason: String? }
    struct DisclosureItem: Decodable { let title: String; let disclosure: Disclosure; let reason: String? }
    struct Strand: Decodable { let status: StrandStatus; let findings: String }
    /// Name, unit and polarity may be left out for an indicator of the workflow's catalogue.
    struct Indicator: Decodable {
        let code: String; let name: String?; let unit: String?; let polarity: Polarity?; let baseline: Double?
        let baselinePeriod: String?; let definition: String?; let source: IndicatorSource?; let tolerance: Double?
    }
    struct Target: Decodable { let target: Double; let by: CivilDate?; let year: Int? }
    struct Action: Decodable { let title: String; let owner: String; let due: CivilDate; let strand: String?; let completed: CivilDate? }
    struct Measurement: Decodable { let period: Int; let value: Double }
    struct NoticePreferences: Decodable { let channel: String?; let digest: Bool? }
    struct DirectoryOrganisation: Decodable {
        var id: String?; var name: String?; var category: String?; var contactName: String?; var email: String?; var phone: String?
    }
    struct DirectoryInvite: Decodable { let organisations: [String]?; let category: String? }
}
