import BVCore
import BVNotices
import BVStore
import Synchronization

/// The templates in force, replaced on SIGHUP when the new ones load without a problem.
final class NoticeTemplateHolder: Sendable {
    private let current: Mutex<NoticeComposition>

    init(_ composition: NoticeComposition) { current = Mutex(composition) }

    func replace(_ composition: NoticeComposition) { current.withLock { $0 = composition } }

    var compose: ComposeNotice {
        { [self] item, review, recipient, digest, now in
            current.withLock { $0 }.compose(item, review, recipient, digest, now)
        }
    }
}

/// What the control API needs of notice delivery: the settings, the composer of notices (for
/// `show` and `preview`) and the dispatcher to wake when a notice is requeued.
struct NoticeDelivery: Sendable {
    let settings: NoticeSettings
    let compose: ComposeNotice
    let dispatcher: NoticeDispatcher?

    /// A representative, or a stand-in, to show how a notice reads.
    func sampleRecipient(for notice: PlannedNotice, state: ReviewState) -> NoticeRecipient {
        let resolved = RecipientResolver(settings: settings).resolve(notice, state: state).first { $0.problem == nil }
        if let resolved { return resolved.recipient }
        // A notice with nobody to go to reads for a plain stand-in, not for someone it was never addressed to.
        let person = notice.recipients.isEmpty ? nil
            : notice.recipients.organisations.lazy.flatMap { state.representatives(of: $0) }.first ?? state.representatives.first
        return NoticeRecipient(id: person?.id ?? "sample", name: person?.name ?? "Sample Representative",
                               organisation: person.flatMap { state.organisation($0.organisation)?.name },
                               email: person?.email ?? "representative@example.org", channel: settings.defaultChannel ?? "preview")
    }
}
