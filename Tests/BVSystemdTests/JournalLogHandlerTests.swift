import BVSystemd
import Glibc
import Logging
import Testing

@Suite struct JournalLogHandlerTests {
    struct ReviewNotFound: Error {}

    private func event(
        _ level: Logger.Level = .warning,
        _ message: Logger.Message = "Notice overdue",
        metadata: Logger.Metadata? = nil,
        error: (any Error)? = nil
    ) -> LogEvent {
        LogEvent(
            level: level, message: message, error: error, metadata: metadata, source: "BVDaemon",
            file: "BVDaemon/Scheduler.swift", function: "tick()", line: 42
        )
    }

    @Test func entryCarriesMessagePriorityIdentifierAndCodeLocation() {
        let handler = JournalLogHandler(label: "bvd.scheduler", identifier: "bvd", metadataProvider: nil)
        let fields = handler.fields(for: event())
        #expect(
            Array(fields.prefix(7)) == [
                JournalField(name: "MESSAGE", value: "Notice overdue"),
                JournalField(name: "PRIORITY", value: "4"),
                JournalField(name: "SYSLOG_IDENTIFIER", value: "bvd"),
                JournalField(name: "CODE_FILE", value: "BVDaemon/Scheduler.swift"),
                JournalField(name: "CODE_LINE", value: "42"),
                JournalField(name: "CODE_FUNC", value: "tick()"),
                JournalField(name: "LOGGER", value: "bvd.scheduler"),
            ])
    }

    @Test func metadataKeysBecomeUpperCaseFields() {
        var handler = JournalLogHandler(label: "bvd", metadataProvider: nil)
        handler[metadataKey: "review"] = "2024-017"
        let fields = handler.fields(
            for: event(metadata: ["phase": "consultation", "rule": "notice-14d", "notice": "n-7", "review": "2024-018"]))
        let byName = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["REVIEW"] == "2024-018")  // the event's own metadata wins
        #expect(byName["PHASE"] == "consultation")
        #expect(byName["RULE"] == "notice-14d")
        #expect(byName["NOTICE"] == "n-7")
    }

    @Test func metadataProviderValuesAreIncluded() {
        let provider = Logger.MetadataProvider { ["request.id": "r-1"] }
        let handler = JournalLogHandler(label: "bvd", metadataProvider: provider)
        #expect(handler.fields(for: event()).contains(JournalField(name: "REQUEST_ID", value: "r-1")))
    }

    @Test func errorsAreRecorded() {
        let handler = JournalLogHandler(label: "bvd", metadataProvider: nil)
        let names = handler.fields(for: event(.error, error: ReviewNotFound())).map(\.name)
        #expect(names.contains("ERROR_MESSAGE"))
        #expect(names.contains("ERROR_TYPE"))
    }

    @Test(arguments: [
        ("review", "REVIEW"),
        ("review.id", "REVIEW_ID"),
        ("notice-kind", "NOTICE_KIND"),
        ("Phase Name", "PHASE_NAME"),
        ("café", "CAF_"),
        ("_private", "META__PRIVATE"),
        ("1st", "META_1ST"),
        ("", "META_"),
        ("message", "META_MESSAGE"),
        ("priority", "META_PRIORITY"),
    ])
    func fieldNames(key: String, name: String) {
        #expect(JournalField.name(forMetadataKey: key) == name)
    }

    @Test func fieldNamesAreAtMost64Characters() {
        #expect(JournalField.name(forMetadataKey: String(repeating: "k", count: 100)).count == 64)
    }

    @Test func priorities() {
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        #expect(levels.map(\.syslogPriority) == [7, 7, 6, 5, 4, 3, 2])
    }

    /// Without journald (as in CI), sd_journal_sendv fails with -errno; with it, 0. Neither may
    /// crash or throw.
    @Test func sendingWorksOrFailsQuietly() {
        var handler = JournalLogHandler(label: "bvd.tests", identifier: "bvd-tests", metadataProvider: nil)
        handler[metadataKey: "review"] = "test"
        let result = handler.send(event(.info, "BVSystemdTests: multi-line\nmessage"))
        #expect(result <= 0)

        let logger = Logger(label: "bvd.tests") { _ in handler }
        logger.notice("BVSystemdTests", metadata: ["phase": "test"])
    }

    @Test func loggingFallsBackToStderrOffTheJournal() {
        #expect(BVDLogging.makeHandler(label: "bvd", connectedToJournal: true) is JournalLogHandler)
        #expect(BVDLogging.makeHandler(label: "bvd", connectedToJournal: false) is StreamLogHandler)
        #expect(BVDLogging.makeHandler(label: "bvd", logLevel: .debug, connectedToJournal: false).logLevel == .debug)
    }
}

extension ProcessStateTests {
    @Test func journalStreamMustNameStderr() throws {
        var status = stat()
        #expect(fstat(2, &status) == 0)
        let actual = "\(status.st_dev):\(status.st_ino)"
        #expect(JournalStream.matches(actual, fileDescriptor: 2))

        withEnvironment(["JOURNAL_STREAM": nil]) {
            #expect(!JournalStream.isConnected)
        }
        for wrong in ["", "0:0", "\(status.st_dev):\(status.st_ino &+ 1)", "garbage", "\(status.st_dev)"] {
            withEnvironment(["JOURNAL_STREAM": wrong]) {
                #expect(!JournalStream.isConnected, "JOURNAL_STREAM=\(wrong)")
            }
        }
        withEnvironment(["JOURNAL_STREAM": actual]) {
            #expect(JournalStream.isConnected)
        }
        #expect(!JournalStream.matches(actual, fileDescriptor: -1))
    }
}
