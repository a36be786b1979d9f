/// Who did something: the officer's user name and uid, as the daemon learnt them from the socket.
public struct Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String
    public let uid: Int?
    public init(name: String, uid: Int? = nil) { (self.name, self.uid) = (name, uid) }
    public var description: String { uid.map { "\(name) (uid \($0))" } ?? name }
}

/// An organisation invited to take part in a review, with the category it represents.
public struct InvitedOrganisation: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let category: String
    public let invitedAt: Instant
}

/// A person who speaks for an invited organisation, and how to reach them.
public struct Representative: Sendable, Hashable, Codable {
    public let id: String
    public let organisation: String
    public var name: String
    public var email: String?
    public var phone: String?
    /// The configured channel (adapter) for this person's notices; nil means the authority's routes.
    public var channel: String?
    /// Routine reminders gathered into one message a day instead of sent one by one.
    public var digest: Bool

    public init(id: String, organisation: String, name: String, email: String?, phone: String?, channel: String? = nil, digest: Bool = false) {
        (self.id, self.organisation, self.name, self.email, self.phone) = (id, organisation, name, email, phone)
        (self.channel, self.digest) = (channel, digest)
    }

    /// Snapshots written before notice preferences existed have neither field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        (id, organisation, name) = (try container.decode(String.self, forKey: .id), try container.decode(String.self, forKey: .organisation),
                                    try container.decode(String.self, forKey: .name))
        email = try container.decodeIfPresent(String.self, forKey: .email)
        phone = try container.decodeIfPresent(String.self, forKey: .phone)
        channel = try container.decodeIfPresent(String.self, forKey: .channel)
        digest = try container.decodeIfPresent(Bool.self, forKey: .digest) ?? false
    }
}

/// A meeting, workshop, forum, panel or jury of the review.
public struct Meeting: Sendable, Hashable, Codable {
    public let id: String
    public var title: String
    public var method: String
    public var start: Instant
    public var place: String
    public var invitees: [String]
    public var papersPublished: Instant?
    public var noticeGiven: Instant?
    public var held: Instant?
    public var minutes: String?
    /// Organisations recorded as present when the meeting was held; nil when not recorded.
    public var attendees: [String]?
    public var cancelled: Instant?
    public var cancellationReason: String?
    /// Rises with every change, for iCalendar SEQUENCE.
    public var sequence: Int

    public var isActive: Bool { cancelled == nil }
}

/// A proposal published for responses; the response window closes at `responseDeadline`.
public struct Proposal: Sendable, Hashable, Codable {
    public let id: String
    public let title: String
    public let published: Instant
    public let responseDeadline: TimetableBound

    /// When responses stop: the start of the day after a deadline date (the window is open all its
    /// last day), or the deadline instant itself.
    public func responsesClose(in zone: Zone) -> Instant {
        switch responseDeadline {
        case .date(let d): zone.startOfDay(d.adding(days: 1))
        case .instant(let i): i
        }
    }
}

/// A response from an organisation to a proposal, and the officer's record of considering it.
public struct Response: Sendable, Hashable, Codable {
    public let id: String
    public let proposal: String
    public let organisation: String
    public let summary: String
    public let received: Instant
    public var considered: Instant?
    public var considerationNote: String?
}

/// The state of one of the workflow's decisions in this review.
public struct DecisionRecord: Sendable, Hashable, Codable {
    public let id: String
    public var noticeGiven: Instant?
    public var intendedDate: CivilDate?
    public var taken: Instant?
    public var meeting: String?
    public var outcome: String?
}

/// An organisation's position on the baseline profile.
public struct BaselineSignOff: Sendable, Hashable, Codable {
    public let organisation: String
    public let agrees: Bool
    public let reason: String?
    public let at: Instant
    public var considered: Instant?
    public var considerationNote: String?
}

/// Whether an item of information is disclosed, and to whom.
public enum Disclosure: String, Sendable, Hashable, Codable, CaseIterable {
    case `public`
    case representatives
    case exempt
    case undecided
}

public struct DisclosureItem: Sendable, Hashable, Codable {
    public let id: String
    public var title: String
    public var disclosure: Disclosure
    public var reason: String?
}

public enum StrandStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case complete
}

public struct StrandRecord: Sendable, Hashable, Codable {
    public let id: String
    public var status: StrandStatus
    public var findings: String
}

/// A stay in one phase.
public struct PhaseVisit: Sendable, Hashable, Codable {
    public let phase: String
    public let entered: Instant
    public var left: Instant?
}
