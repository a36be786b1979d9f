import BVCore
import BVDelivery
import BVNotices
import BVWorkflowFile
import Foundation
import Yams

/// Reads the `notices:` section of bvd.yaml strictly: every problem with its line and column.
enum NoticeSettingsReader {
    static func read(_ node: Node, log: ProblemLog) -> NoticeSettings {
        var settings = NoticeSettings()
        guard var top = MappingReader(node, what: "'notices'", log: log) else { return settings }
        if let node = top.value("from"), let text = top.scalarString(node, key: "from") {
            if let address = mailAddress(text) { settings.from = address } else {
                log.report(node, "'from' must be a mail address such as \"Best Value reviews <reviews@council.example>\", not '\(text)'")
            }
        }
        settings.domain = top.string("domain")
        if let authority = top.string("authority") { settings.authority = authority }
        if let words = top.words("template-directories") { settings.templateDirectories = words.map(\.value) }
        if let node = top.value("digest-time"), let text = top.scalarString(node, key: "digest-time") {
            if let time = LocalTime(text) { settings.digestTime = time } else {
                log.report(node, "'digest-time' must be a time of day such as \"08:00\", not '\(text)'")
            }
        }
        if let words = top.words("retry-schedule") {
            var schedule: [Duration] = []
            for word in words {
                if let duration = parseWait(word.value) { schedule.append(duration) } else {
                    log.report(word.mark, "'\(word.value)' in 'retry-schedule' is not a wait such as 5s, 5m, 2h or 1d")
                }
            }
            if words.isEmpty { log.report(node, "'retry-schedule' needs at least one wait") } else { settings.retrySchedule = schedule }
        }
        if let node = top.value("channels"), var channels = MappingReader(node, what: "'channels'", log: log) {
            for entry in channels.entries() {
                if let channel = readChannel(entry.key, entry.value, log: log) { settings.channels.append(channel) }
            }
        }
        let names = Set(settings.channels.map(\.name))
        func checkChannel(_ located: Located<String>, where place: String) -> String? {
            guard names.contains(located.value) else {
                log.report(located.mark, "\(place) names channel '\(located.value)', which is not configured; channels: \(names.sorted().joined(separator: ", "))")
                return nil
            }
            return located.value
        }
        if let node = top.value("default-channel"), let text = top.scalarString(node, key: "default-channel") {
            settings.defaultChannel = checkChannel(Located(text, node.mark), where: "'default-channel'")
        } else if settings.channels.count == 1 {
            settings.defaultChannel = settings.channels[0].name
        }
        if let node = top.value("routes"), var routes = MappingReader(node, what: "'routes'", log: log) {
            for entry in routes.entries() {
                guard let kind = NoticeKind(rawValue: entry.key) else {
                    log.report(entry.keyNode, "'\(entry.key)' is not a kind of notice; kinds: \(NoticeKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                let words = wordList(entry.value, key: entry.key, reader: routes)
                settings.routes[kind] = words.compactMap { checkChannel($0, where: "route '\(entry.key)'") }
            }
        }
        if let node = top.value("officers"), var officers = MappingReader(node, what: "'officers'", log: log) {
            for entry in officers.entries() {
                guard var officer = MappingReader(entry.value, what: "officer role '\(entry.key)'", log: log) else { continue }
                let name = officer.string("name") ?? entry.key
                var email: String?
                if let node = officer.value("email"), let text = officer.scalarString(node, key: "email") {
                    if text.contains("@") { email = text } else { log.report(node, "'\(text)' is not an email address") }
                }
                var channels = officer.words("channels")?.compactMap { checkChannel($0, where: "officer role '\(entry.key)'") } ?? []
                if channels.isEmpty, let fallback = settings.defaultChannel { channels = [fallback] }
                officer.finish()
                settings.officers[entry.key] = OfficerContact(name: name, email: email, channels: channels)
            }
        }
        top.finish()
        return settings
    }

    /// A list of words, or one word alone (`meeting-invitation: mail`).
    private static func wordList(_ node: Node, key: String, reader: MappingReader) -> [Located<String>] {
        if case .sequence(let items) = node {
            return items.compactMap { item in reader.scalarString(item, key: key).map { Located($0, item.mark) } }
        }
        return reader.scalarString(node, key: key).map { [Located($0, node.mark)] } ?? []
    }

    private static func readChannel(_ name: String, _ node: Node, log: ProblemLog) -> ChannelSettings? {
        guard var reader = MappingReader(node, what: "channel '\(name)'", log: log) else { return nil }
        // A channel given up on at its first mistake has keys not yet read: they are not unknown.
        var abandoned = true
        defer { if !abandoned { reader.finish() } }
        guard let adapterNode = reader.required("adapter"), let adapter = reader.scalarString(adapterNode, key: "adapter") else { return nil }
        let inFlight = reader.int("in-flight", minimum: 1)
        func command(_ fallback: [String]?) -> [String]? {
            guard let words = reader.words("command", required: fallback == nil) else { return fallback }
            if words.isEmpty { log.report(node, "'command' of channel '\(name)' is empty") }
            return words.map(\.value)
        }
        let kind: ChannelSettings.Adapter
        switch adapter {
        case "sendmail":
            guard let argv = command(["/usr/sbin/sendmail", "-oi", "-t"]) else { return nil }
            kind = .sendmail(command: argv)
        case "program":
            guard let argv = command(nil) else { return nil }
            kind = .program(command: argv, timeoutSeconds: reader.int("timeout-seconds", minimum: 1) ?? 30)
        case "smtp":
            let host = reader.string("host") ?? "127.0.0.1"
            var security = SMTPSecurity.startTLS
            if let node = reader.value("security"), let text = reader.scalarString(node, key: "security") {
                if let value = SMTPSecurity(rawValue: text) { security = value } else {
                    log.report(node, "'security' of channel '\(name)' must be none, starttls or implicit, not '\(text)'")
                }
            }
            let port = reader.int("port", minimum: 1) ?? (security == .implicitTLS ? 465 : security == .none ? 25 : 587)
            kind = .smtp(SMTPSettings(host: host, port: port, security: security, credentialsFile: reader.string("credentials"),
                                      caFile: reader.string("ca-file"), timeoutSeconds: reader.int("timeout-seconds", minimum: 1) ?? 30))
        case "webhook":
            guard let urlNode = reader.required("url"), let url = reader.scalarString(urlNode, key: "url") else { return nil }
            // Scheme and host names are case-insensitive; the adapter compares them lower-cased too.
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = parsed.host?.lowercased() else {
                log.report(urlNode, "'url' of channel '\(name)' must be an http or https address, not '\(url)'")
                return nil
            }
            var secrets = reader.words("secrets")?.map(\.value) ?? []
            if let file = reader.string("secrets-file") {
                if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                    secrets += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                } else {
                    log.report(node, "cannot read 'secrets-file' \(file) of channel '\(name)'")
                }
            }
            if secrets.isEmpty { log.report(node, "channel '\(name)' needs 'secrets' or 'secrets-file' (whsec_… secrets to sign with)") }
            for secret in secrets where !secret.hasPrefix("whsec_") {
                log.report(node, "a webhook secret of channel '\(name)' must start with whsec_ (Standard Webhooks)")
            }
            let allowed = reader.words("allowed-hosts")?.map { $0.value.lowercased() } ?? [host]
            if !allowed.contains(host) { log.report(urlNode, "the host of 'url' (\(host)) is not among 'allowed-hosts' of channel '\(name)'") }
            kind = .webhook(WebhookSettings(url: url, secrets: secrets, allowedHosts: allowed,
                                            timeoutSeconds: reader.int("timeout-seconds", minimum: 1) ?? 10))
        default:
            log.report(adapterNode, "'adapter' of channel '\(name)' must be sendmail, smtp, webhook or program, not '\(adapter)'")
            return nil
        }
        abandoned = false
        return ChannelSettings(name: name, adapter: kind, maximumInFlight: inFlight ?? 4)
    }

    /// `Name <addr>` or a bare `addr`.
    static func mailAddress(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard address.contains("@"), !address.contains(" ") else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        guard trimmed.contains("@"), !trimmed.contains(" ") else { return nil }
        return MailAddress(address: trimmed)
    }

    /// `5s`, `5m`, `2h`, `1d`.
    static func parseWait(_ text: String) -> Duration? {
        guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "s": return .seconds(number)
        case "m": return .seconds(number * 60)
        case "h": return .seconds(number * 3600)
        case "d": return .seconds(number * 86400)
        default: return nil
        }
    }
}
