import BVCore
import BVDelivery
import BVNotices
import BVStore
import NIOPosix

/// The event loop the adapters' connections run on: one thread of their own, at background
/// priority, so delivery traffic never waits on, or holds up, the control server's event loops.
let deliveryEventLoops: MultiThreadedEventLoopGroup = {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    for loop in group.makeIterator() { loop.execute { BackgroundPriority.lowerCurrentThread() } }
    return group
}()

/// Makes the configured channels' adapters. A mistake (an unreadable credentials file, a bad
/// webhook secret, an untrusted CA file) stops bvd at start-up, not every notice later.
enum DeliveryChannels {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func make(_ settings: NoticeSettings, zone: Zone, clock: any SchedulerClock) async throws(Problem) -> [any NoticeAdapter] {
        let composer: MailComposer = { notice in
            guard let to = MailAddress(notice.recipient) else {
                throw DeliveryFailure("\(notice.recipient.name) has no email address", isPermanent: true)
            }
            let message = MailMessage(notice: notice, from: settings.from, to: to, messageIDDomain: settings.mailDomain,
                                      date: clock.now(), zone: zone)
            return ComposedMail(message: message.bytes, sender: message.envelope.sender, recipients: message.envelope.recipients)
        }
        let encoder: NoticeBodyEncoder = { notice in WebhookPayload(notice: notice).body }
        var adapters: [any NoticeAdapter] = []
        for channel in settings.channels {
            let name = channel.name
            do {
                switch channel.adapter {
                case .sendmail(let command):
                    adapters.append(SendmailAdapter(name: name, configuration: .init(command: command, maximumInFlight: channel.maximumInFlight),
                                                    composer: composer))
                case .program(let command, let seconds):
                    adapters.append(ProgramAdapter(name: name, configuration: .init(command: command, timeout: .seconds(seconds),
                                                                                    maximumInFlight: channel.maximumInFlight), encoder: encoder))
                case .smtp(let smtp):
                    let credentials = try smtp.credentialsFile.map { path throws(SMTPCredentialsError) in try SMTPCredentials.load(path: path) }
                    adapters.append(try SMTPAdapter(name: name, configuration: .init(
                        host: smtp.host, port: smtp.port, security: smtp.security, credentials: credentials,
                        trustRoots: smtp.caFile.map(TrustRoots.certificateFile) ?? .system, replyTimeout: .seconds(smtp.timeoutSeconds),
                        maximumInFlight: channel.maximumInFlight), composer: composer, eventLoopGroup: deliveryEventLoops))
                case .webhook(let hook):
                    let signature = try WebhookSignature(secrets: hook.secrets)
                    adapters.append(try WebhookAdapter(
                        name: name, configuration: .init(url: hook.url, allowedHosts: hook.allowedHosts, timeout: .seconds(hook.timeoutSeconds),
                                                         maximumInFlight: channel.maximumInFlight),
                        encoder: encoder, signer: { id, timestamp, body in signature.header(id: id, timestamp: timestamp, body: body) },
                        eventLoopGroup: deliveryEventLoops))
                }
            } catch {
                // The channels made so far hold HTTP clients that must be shut down, not dropped.
                await shutdown(adapters)
                throw Problem(description: "channel '\(name)': \(error)")
            }
        }
        return adapters
    }

    /// Lets webhook adapters close their HTTP clients before the daemon exits.
    static func shutdown(_ adapters: [any NoticeAdapter]) async {
        for case let hook as WebhookAdapter in adapters { try? await hook.shutdown() }
    }
}

/// Renders notices from the loaded templates: the one place a queued notice becomes words.
struct NoticeComposition: Sendable {
    let renderer: NoticeRenderer
    let settings: NoticeSettings

    init(templates: NoticeTemplates, settings: NoticeSettings) {
        self.settings = settings
        renderer = NoticeRenderer(templates: templates, calendar: MeetingCalendar(domain: settings.mailDomain, organizer: settings.from))
    }

    func compose(_ item: OutboxItem, _ review: StoredReview, _ recipient: NoticeRecipient, _ digest: [OutboxItem], _ now: Instant) -> RenderedNotice {
        let zone = review.workflow.zone
        var description = NoticeDescription(item.notice)
        switch item.notice.kind {
        case .digest:
            description = .digest(review: item.notice.review, day: zone.date(of: item.notice.due),
                                  items: digest.map { DigestItem($0.notice, late: $0.late) }, at: item.notice.due)
        case .deliveryFailure:
            description.problem = item.notice.rule
        default:
            break
        }
        let context = NoticeContext(notice: description, state: review.state, workflow: review.workflow, recipient: recipient,
                                    zone: zone, now: now, late: item.late, authority: settings.authority)
        return renderer.render(context)
    }
}
