import BVCore
@testable import BVDaemon
import BVDelivery
import BVNotices
import BVStore
import Logging

/// A dispatcher delivering through one signed webhook channel to a test receiver on 127.0.0.1,
/// driven by hand: each call offers what is deliverable now on the test's clock.
struct HandDrivenDelivery {
    let store: SQLiteReviewStore
    let clock: SetClock
    let dispatcher: NoticeDispatcher
    let adapters: [any NoticeAdapter]

    init(store: SQLiteReviewStore, clock: SetClock, receiverPort: Int) async throws {
        var settings = NoticeSettings()
        settings.channels = [ChannelSettings(name: "hooks", adapter: .webhook(WebhookSettings(
            url: "http://127.0.0.1:\(receiverPort)/bvd", secrets: [NoticeDeliveryTests.secret], allowedHosts: ["127.0.0.1"], timeoutSeconds: 5)),
            maximumInFlight: 4)]
        settings.defaultChannel = "hooks"
        let composition = NoticeComposition(templates: try NoticeTemplates.load(directories: [Repository.templates]), settings: settings)
        (self.store, self.clock) = (store, clock)
        adapters = try await DeliveryChannels.make(settings, zone: .london, clock: clock)
        dispatcher = NoticeDispatcher(store: store, clock: clock, settings: settings, adapters: adapters, zone: .london,
                                      logger: Logger(label: "test"), compose: composition.compose)
    }

    /// Offers every notice deliverable now, one at a time.
    func deliverAll() async throws {
        try await dispatcher.refreshDisabledChannels()
        for item in try await store.claimOutbox(now: clock.now(), leaseUntil: clock.now().adding(seconds: 300), limit: 100) {
            await dispatcher.deliver(item)
        }
    }

    func shutdown() async { await DeliveryChannels.shutdown(adapters) }
}
