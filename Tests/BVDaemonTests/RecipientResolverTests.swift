import BVCore
@testable import BVDaemon
import BVNotices
import NIOCore
import Testing

@Suite("Who a notice goes to, and by which channel")
struct RecipientResolverTests {
    static let at = Zone.london.instant(of: LocalDateTime("2027-01-04T09:00")!)

    static func state(_ changes: [ReviewChange]) -> ReviewState {
        let start = ReviewChange.started(title: "Housing repairs", service: "Repairs", lead: "j.smith",
                                         workflow: WorkflowReference(id: "best-value-review", version: 1, contentHash: "x"),
                                         planYear: 2028, firstPhase: "scoping")
        return ReviewState.fold(([start] + changes).map { ReviewEvent(review: "r1", at: at, actor: Actor(name: "j.smith", uid: 1001), change: $0) })!
    }

    static let review = state([
        .organisationInvited(organisation: "tenants", name: "Tenants' Federation", category: "tenants-and-community"),
        .organisationInvited(organisation: "unison", name: "UNISON", category: "trade-unions"),
        .organisationInvited(organisation: "carers", name: "Carers' Forum", category: "users"),
        .representativeAdded(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@t.example", phone: nil),
        .representativeAdded(representative: "sam", organisation: "unison", name: "Sam Patel", email: nil, phone: "01632 960123"),
        .representativeAdded(representative: "ann", organisation: "unison", name: "Ann Lee", email: "ann@u.example", phone: nil),
        .noticePreferencesSet(representative: "ann", channel: "hooks", digest: true),
    ])

    static var settings: NoticeSettings {
        var settings = NoticeSettings()
        settings.channels = [
            ChannelSettings(name: "mail", adapter: .sendmail(command: ["/usr/sbin/sendmail"]), maximumInFlight: 4),
            ChannelSettings(name: "hooks", adapter: .webhook(WebhookSettings(url: "http://127.0.0.1:9/x", secrets: ["whsec_AAAA"],
                                                                             allowedHosts: ["127.0.0.1"], timeoutSeconds: 5)), maximumInFlight: 4),
        ]
        settings.defaultChannel = "mail"
        settings.routes[.decisionTaken] = ["mail", "hooks"]
        settings.officers["lead-officer"] = OfficerContact(name: "Review lead", email: "lead@council.example", channels: ["mail", "hooks"])
        return settings
    }

    func notice(_ kind: NoticeKind, organisations: [String] = [], roles: [String] = []) -> PlannedNotice {
        PlannedNotice(key: "k", kind: kind, review: "r1", phase: "scoping", subject: "m1", subjectTitle: "Tenants' forum",
                      subjectAt: Self.at, due: Self.at, rule: "test", recipients: NoticeRecipients(roles: roles, organisations: organisations), problem: nil)
    }

    @Test("representatives of each organisation, by their own channel or the default; nobody yet is a problem that may clear")
    func organisations() {
        let resolved = RecipientResolver(settings: Self.settings).resolve(notice(.meetingInvitation, organisations: ["tenants", "unison", "carers"]), state: Self.review)
        #expect(resolved.map(\.key) == ["mary@mail", "sam@mail", "ann@hooks", "organisation:carers@-"])
        #expect(resolved[0].problem == nil && resolved[0].recipient.organisation == "Tenants' Federation")
        #expect(resolved[1].problem == "Sam Patel has no email address for channel 'mail'" && !resolved[1].problemMayClear)
        #expect(resolved[2].problem == nil && resolved[2].digest == false, "an invitation is statutory: never held for a digest")
        #expect(resolved[3].problem == "no representative of Carers' Forum has been added yet" && resolved[3].problemMayClear)
    }

    @Test("routine reminders wait for the digest of those who chose it; routes pick several channels")
    func digestsAndRoutes() {
        let settings = Self.settings
        let reminder = RecipientResolver(settings: settings).resolve(notice(.meetingReminder, organisations: ["unison"]), state: Self.review)
        #expect(reminder.first { $0.recipient.id == "ann" }?.digest == true)
        let decision = RecipientResolver(settings: settings).resolve(notice(.decisionTaken, organisations: ["tenants"]), state: Self.review)
        #expect(decision.map(\.key) == ["mary@mail", "mary@hooks"])
    }

    @Test("officers by role; a delivery failure avoids the channel that failed; an unknown role is named")
    func officers() {
        let resolver = RecipientResolver(settings: Self.settings)
        #expect(resolver.resolve(notice(.deadlinePassed, roles: ["lead-officer"]), state: Self.review).map(\.key)
            == ["role:lead-officer@mail", "role:lead-officer@hooks"])
        #expect(resolver.resolve(notice(.deliveryFailure, roles: ["lead-officer"]), state: Self.review, avoiding: ["mail"]).map(\.key)
            == ["role:lead-officer@hooks"])
        let unknown = resolver.resolve(notice(.deadlinePassed, roles: ["democratic-services"]), state: Self.review)
        #expect(unknown.first?.problem == "no officer contact is configured for the role 'democratic-services' (notices.officers in bvd.yaml)")
    }

    @Test("retries wait as configured, each within a fifth either way, and never less than the receiver asked")
    func retrySchedule() {
        let schedule = RetrySchedule(waits: [.seconds(5), .seconds(300)])
        #expect(schedule.maximumAttempts == 3)
        #expect(schedule.next(after: 1, now: Self.at, jitter: 1.0) == Self.at.adding(seconds: 5))
        #expect(schedule.next(after: 2, now: Self.at, jitter: 0.8) == Self.at.adding(seconds: 240))
        #expect(schedule.next(after: 1, now: Self.at, atLeast: .seconds(7), jitter: 1.2) == Self.at.adding(seconds: 7))
        #expect(schedule.next(after: 3, now: Self.at) == nil)
        for _ in 0..<100 {
            let next = schedule.next(after: 2, now: Self.at)!
            #expect((240_000...360_000).contains(next.millisecondsSinceEpoch - Self.at.millisecondsSinceEpoch))
        }
    }
}

@Suite("Cached review views")
struct ReviewViewCacheTests {
    @Test("a view is served again only while nothing was written and for at most its lifetime")
    func validity() {
        let cache = ReviewViewCache(lifetimeMilliseconds: 30_000, capacity: 2)
        let t0 = Instant(millisecondsSinceEpoch: 1_000_000)
        cache.store(ByteBuffer(string: "v1"), review: "r1", changes: 7, now: t0)
        #expect(cache.body(review: "r1", changes: 7, now: t0.adding(seconds: 29)) == ByteBuffer(string: "v1"))
        #expect(cache.body(review: "r1", changes: 8, now: t0) == nil, "a commit since makes it stale")
        #expect(cache.body(review: "r1", changes: 7, now: t0.adding(seconds: 30)) == nil, "the clock moves what the view says")
        #expect(cache.body(review: "r2", changes: 7, now: t0) == nil)
        cache.store(ByteBuffer(string: "v2"), review: "r2", changes: 7, now: t0)
        cache.store(ByteBuffer(string: "v3"), review: "r3", changes: 7, now: t0)
        #expect(cache.body(review: "r1", changes: 7, now: t0) == nil, "a full cache starts again")
        #expect(cache.body(review: "r3", changes: 7, now: t0) == ByteBuffer(string: "v3"))
    }
}
