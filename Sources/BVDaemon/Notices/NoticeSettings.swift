public import BVCore
public import BVDelivery
public import BVNotices
import Foundation

/// How bvd delivers notices: the channels it may use, which channel carries which kind, the
/// officers' contacts, templates, digests and the retry schedule. With no channel configured,
/// notices stay queued (and `bvctl status` says so) rather than fail.
public struct NoticeSettings: Sendable {
    /// The sender of mail, e.g. `Best Value reviews <reviews@council.example>`.
    public var from = MailAddress(name: "Best Value reviews", address: "bvd@localhost")
    /// The council's name, as notices sign off.
    public var authority = "The Council"
    /// The domain of Message-IDs and calendar UIDs; the sender's domain unless set.
    public var domain: String?
    /// Shipped templates first (beside the installed binary: `/usr/bin/bvd` reads
    /// `/usr/share/bvd/templates`), then an administrator's overrides, file by file.
    public var templateDirectories = [NoticeSettings.shippedTemplates, "/etc/bvd/templates"]
    public var channels: [ChannelSettings] = []
    /// The channel for a kind with no route and a representative with no preference.
    public var defaultChannel: String?
    /// Kind (e.g. `meeting-invitation`) to the channels that carry it.
    public var routes: [NoticeKind: [String]] = [:]
    /// Workflow role (e.g. `lead-officer`) to the officers who hold it.
    public var officers: [String: OfficerContact] = [:]
    /// When each representative's daily digest of routine reminders is queued, authority time.
    public var digestTime = LocalTime(hour: 8, minute: 0)!
    /// Waits between attempts; after the last one the notice fails and officers are told.
    public var retrySchedule: [Duration] = [.seconds(5), .seconds(300), .seconds(1800), .seconds(7200),
                                            .seconds(18000), .seconds(36000), .seconds(86400)]

    public init() {}

    /// `<prefix>/share/bvd/templates` for a bvd installed as `<prefix>/bin/bvd`.
    public static var shippedTemplates: String { DaemonConfiguration.shipped("templates") }

    public var mailDomain: String { domain ?? from.domain }

    /// Said at start and by `--check-config` when channels are configured: the workflows send
    /// notices to these roles, which have no contact in `notices.officers`, so those notices wait
    /// and are retried until one is configured.
    func rolesWithoutContact(_ workflows: [WorkflowDefinition]) -> String? {
        let missing = Set(workflows.flatMap { $0.roles.map(\.id) }).subtracting(officers.keys).sorted()
        guard !channels.isEmpty, !missing.isEmpty else { return nil }
        return "no officer contact for the workflow role\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (notices.officers): "
            + "notices to \(missing.count == 1 ? "it" : "them") wait and are retried until one is configured"
    }
    public func channel(_ name: String) -> ChannelSettings? { channels.first { $0.name == name } }
}

/// An officer role's contact: an address for mail and the channels to use.
public struct OfficerContact: Sendable, Hashable {
    public var name: String
    public var email: String?
    /// Channels in order of preference; a delivery failure goes by another channel than the one that failed.
    public var channels: [String]
}

/// One configured channel: a name officers and representatives use, and its adapter.
public struct ChannelSettings: Sendable, Hashable {
    public var name: String
    public var adapter: Adapter
    /// Deliveries in flight at once through this channel.
    public var maximumInFlight: Int

    public enum Adapter: Sendable, Hashable {
        case sendmail(command: [String])
        case smtp(SMTPSettings)
        case webhook(WebhookSettings)
        case program(command: [String], timeoutSeconds: Int)
    }

    /// Mail channels need an address; webhook and program channels carry the notice to one endpoint.
    public var needsEmail: Bool {
        switch adapter {
        case .sendmail, .smtp: true
        case .webhook, .program: false
        }
    }
}

public struct SMTPSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    /// A file only the service can read, with `user …` and `password …` lines (`SMTPCredentials`).
    public var credentialsFile: String?
    /// Extra CA certificates to trust (a private relay); the system's otherwise.
    public var caFile: String?
    public var timeoutSeconds: Int
}

public struct WebhookSettings: Sendable, Hashable {
    public var url: String
    /// `whsec_…` secrets; several while a secret is rotated.
    public var secrets: [String]
    /// Hosts the endpoint may be on; redirects are never followed.
    public var allowedHosts: [String]
    public var timeoutSeconds: Int
}

