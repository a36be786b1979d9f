import BVCore
@testable import BVDaemon
import BVNotices
import Testing

@Suite("bvd.yaml: notice delivery settings")
struct NoticeSettingsTests {
    static let full = """
        notices:
          from: "Best Value reviews <reviews@council.example>"
          template-directories: [/usr/share/bvd/templates, /etc/bvd/templates]
          digest-time: "07:30"
          retry-schedule: [5s, 1m, 2h, 1d]
          default-channel: mail
          channels:
            mail:
              adapter: smtp
              host: smtp.council.example
              security: starttls
              credentials: /etc/bvd/smtp.credentials
              in-flight: 8
            relay:
              adapter: sendmail
            hooks:
              adapter: webhook
              url: https://hooks.council.example/bvd
              secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
            sms:
              adapter: program
              command: [/usr/local/bin/send-sms, --quiet]
              timeout-seconds: 20
          routes:
            decision-taken: [mail, hooks]
            meeting-reminder: sms
          officers:
            lead-officer:
              name: Review lead
              email: lead@council.example
              channels: [mail, hooks]
        """

    @Test("every setting is read: sender, channels with their adapters, routes, officers, digest time and retries")
    func readsEverything() throws {
        let settings = try DaemonConfiguration.parse(Self.full, file: "bvd.yaml").notices
        #expect(settings.from == MailAddress(name: "Best Value reviews", address: "reviews@council.example"))
        #expect(settings.mailDomain == "council.example")
        #expect(settings.digestTime == LocalTime(hour: 7, minute: 30))
        #expect(settings.retrySchedule == [.seconds(5), .seconds(60), .seconds(7200), .seconds(86400)])
        #expect(settings.channels.map(\.name) == ["mail", "relay", "hooks", "sms"])
        #expect(settings.channel("mail")?.maximumInFlight == 8)
        #expect(settings.channel("mail")?.adapter == .smtp(SMTPSettings(host: "smtp.council.example", port: 587, security: .startTLS,
                                                                      credentialsFile: "/etc/bvd/smtp.credentials", caFile: nil, timeoutSeconds: 30)))
        #expect(settings.channel("relay")?.adapter == .sendmail(command: ["/usr/sbin/sendmail", "-oi", "-t"]))
        #expect(settings.channel("sms")?.adapter == .program(command: ["/usr/local/bin/send-sms", "--quiet"], timeoutSeconds: 20))
        #expect(settings.routes[.decisionTaken] == ["mail", "hooks"])
        #expect(settings.routes[.meetingReminder] == ["sms"])
        #expect(settings.officers["lead-officer"] == OfficerContact(name: "Review lead", email: "lead@council.example", channels: ["mail", "hooks"]))
    }

    @Test("without a notices section nothing is delivered and notices stay queued")
    func offByDefault() throws {
        let settings = try DaemonConfiguration.parse("socket: /tmp/x.sock\n", file: "bvd.yaml").notices
        #expect(settings.channels.isEmpty)
        #expect(settings.defaultChannel == nil)
        #expect(settings.retrySchedule.count == 7)
    }

    @Test("mistakes are reported with line and column: unknown adapter, unconfigured channel, bad secret, unknown kind")
    func mistakes() {
        let text = """
            notices:
              from: nobody
              channels:
                hooks:
                  adapter: webhook
                  url: https://hooks.example/x
                  secrets: [plain-secret]
                fax:
                  adapter: fax
              routes:
                decision-taken: [mail]
                meeting-party: [hooks]
              retry-schedule: [5 minutes]
            """
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "bvd.yaml")
        } throws: { error in
            let lines = "\(error)".split(separator: "\n").map(String.init)
            return lines == [
                "bvd.yaml:2:9: 'from' must be a mail address such as \"Best Value reviews <reviews@council.example>\", not 'nobody'",
                "bvd.yaml:13:20: '5 minutes' in 'retry-schedule' is not a wait such as 5s, 5m, 2h or 1d",
                "bvd.yaml:5:7: a webhook secret of channel 'hooks' must start with whsec_ (Standard Webhooks)",
                "bvd.yaml:9:16: 'adapter' of channel 'fax' must be sendmail, smtp, webhook or program, not 'fax'",
                "bvd.yaml:11:22: route 'decision-taken' names channel 'mail', which is not configured; channels: hooks",
                "bvd.yaml:12:5: 'meeting-party' is not a kind of notice; kinds: " + NoticeKind.allCases.map(\.rawValue).joined(separator: ", "),
            ]
        }
    }

    @Test("a channel's one mistake is reported alone, not its other keys as unknown; host names match whatever their case")
    func oneMistakeAlone() throws {
        let text = """
            notices:
              channels:
                sms:
                  adapter: program
                  timeout-seconds: 20
            """
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "bvd.yaml")
        } throws: { error in
            "\(error)".split(separator: "\n").map(String.init) == ["bvd.yaml:4:7: channel 'sms' has no 'command'"]
        }
        let hooks = try DaemonConfiguration.parse("""
            notices:
              channels:
                hooks:
                  adapter: webhook
                  url: HTTPS://Hooks.Council.Example/bvd
                  allowed-hosts: [hooks.council.example]
                  secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
            """, file: "bvd.yaml")
        #expect(hooks.notices.channels.map(\.name) == ["hooks"])
    }
}
