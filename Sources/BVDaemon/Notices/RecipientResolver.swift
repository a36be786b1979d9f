import BVCore
import BVNotices

/// One person (or officer role) a notice goes to through one channel, or why it cannot.
struct ResolvedRecipient: Sendable, Hashable {
    let recipient: NoticeRecipient
    /// Routine reminders for this person wait for the daily digest.
    let digest: Bool
    /// Why this delivery cannot be made as things stand (no address, no channel, nobody yet).
    let problem: String?
    /// Whether trying again later can help with `problem` (a representative may yet be added).
    let problemMayClear: Bool

    /// Recipient and channel: a notice is delivered once per pair.
    var key: String { "\(recipient.id)@\(recipient.channel)" }
}

/// Turns a queued notice's recipients (organisations, representatives, officer roles) into people
/// and channels, by the representatives' preferences and the configured routes.
struct RecipientResolver: Sendable {
    let settings: NoticeSettings

    func resolve(_ notice: PlannedNotice, state: ReviewState, avoiding failedChannels: Set<String> = []) -> [ResolvedRecipient] {
        var out: [ResolvedRecipient] = []
        for id in notice.recipients.organisations {
            let name = state.organisation(id)?.name ?? id
            let people = state.representatives(of: id)
            if people.isEmpty {
                out.append(problem("organisation:\(id)", name: name, "no representative of \(name) has been added yet", mayClear: true))
            }
            out += people.flatMap { representative($0, kind: notice.kind, organisation: name) }
        }
        for id in notice.recipients.representatives {
            guard let person = state.representative(id) else {
                out.append(problem(id, name: id, "representative '\(id)' is no longer part of the review", mayClear: false))
                continue
            }
            out += representative(person, kind: notice.kind, organisation: state.organisation(person.organisation)?.name)
        }
        for role in notice.recipients.roles {
            guard let contact = settings.officers[role] else {
                out.append(problem("role:\(role)", name: role, "no officer contact is configured for the role '\(role)' (notices.officers in bvd.yaml)", mayClear: true))
                continue
            }
            var channels = contact.channels
            let others = channels.filter { !failedChannels.contains($0) }
            if !others.isEmpty { channels = others }
            out += channels.map { channel in
                deliverable(NoticeRecipient(id: "role:\(role)", name: contact.name, organisation: nil, email: contact.email, channel: channel), digest: false)
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.key).inserted }
    }

    private func representative(_ person: Representative, kind: NoticeKind, organisation: String?) -> [ResolvedRecipient] {
        let channels = person.channel.map { [$0] } ?? settings.routes[kind] ?? settings.defaultChannel.map { [$0] } ?? []
        guard !channels.isEmpty else {
            return [problem(person.id, name: person.name, "no channel is configured for \(kind.rawValue) notices (notices.routes or notices.default-channel)", mayClear: true)]
        }
        return channels.map { channel in
            deliverable(NoticeRecipient(id: person.id, name: person.name, organisation: organisation, email: person.email, channel: channel),
                        digest: person.digest && kind.isRoutineReminder)
        }
    }

    private func deliverable(_ recipient: NoticeRecipient, digest: Bool) -> ResolvedRecipient {
        guard let channel = settings.channel(recipient.channel) else {
            return ResolvedRecipient(recipient: recipient, digest: false, problem: "channel '\(recipient.channel)' is not configured", problemMayClear: true)
        }
        if channel.needsEmail, recipient.email == nil {
            return ResolvedRecipient(recipient: recipient, digest: false,
                                     problem: "\(recipient.name) has no email address for channel '\(channel.name)'", problemMayClear: false)
        }
        return ResolvedRecipient(recipient: recipient, digest: digest, problem: nil, problemMayClear: false)
    }

    private func problem(_ id: String, name: String, _ text: String, mayClear: Bool) -> ResolvedRecipient {
        ResolvedRecipient(recipient: NoticeRecipient(id: id, name: name, organisation: nil, email: nil, channel: "-"), digest: false,
                          problem: text, problemMayClear: mayClear)
    }
}
