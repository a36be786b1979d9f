public import BVStore
public import BVWorkflowFile
import Foundation
import Yams

/// bvd's settings. Every one has a default, so an empty file (or none) gives a working daemon;
/// an unknown key is an error with its line and column.
public struct DaemonConfiguration: Sendable {
    /// Where the database lives: `state-directory` in the file, else `$STATE_DIRECTORY` (systemd's
    /// StateDirectory=), else /var/lib/bvd; `--state-directory` overrides all three.
    public var stateDirectory = ProcessInfo.processInfo.environment["STATE_DIRECTORY"]?.split(separator: ":").first.map(String.init) ?? "/var/lib/bvd"
    /// The control socket bvd binds when systemd does not pass one.
    public var socketPath = "/run/bvd/control.sock"
    /// Mode of a socket bvd binds itself (systemd's `SocketMode=` otherwise).
    public var socketMode: UInt16 = 0o660
    public var durability = Durability.full
    /// Shipped workflows first (beside the installed binary: `/usr/bin/bvd` reads
    /// `/usr/share/bvd/workflows`), then local ones; a local file with the same id and a higher version wins.
    public var workflowDirectories = [DaemonConfiguration.shipped("workflows"), "/etc/bvd/workflows"]
    /// Extra bank-holiday and closure files in GOV.UK format, laid over the bundled data.
    public var calendarFiles: [String] = []
    public var roles = RoleConfiguration()
    public var limits = ConnectionLimits()
    public var notices = NoticeSettings()

    public init() {}

    public static let defaultPath = "/etc/bvd/bvd.yaml"

    /// `<prefix>/share/bvd/<part>` for a bvd installed as `<prefix>/bin/bvd`, so that `make install`
    /// with any PREFIX finds what it installed.
    static func shipped(_ part: String) -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "/usr/bin/bvd").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/bvd/\(part)").path
    }
}

/// Who may do what. root is always an admin; everyone else is mapped by user name or group.
public struct RoleConfiguration: Sendable, Hashable {
    public var adminGroups = ["bvd-admins"]
    public var officerGroups = ["bvd-officers"]
    public var viewerGroups = ["bvd-viewers"]
    public var officers: [String] = []
    public var viewers: [String] = []
    public init() {}
}

/// Bounds that keep one slow or malformed client from stalling the others.
public struct ConnectionLimits: Sendable, Hashable {
    public var maximumBodyBytes = 1 << 20
    public var maximumConnections = 256
    public var idleTimeoutSeconds = 60
    public init() {}
}

/// The file was read but is not acceptable; every problem has its place.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let problems: [WorkflowProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension DaemonConfiguration {
    /// Reads the file at `path`; a missing file at the default path means all defaults.
    public static func load(path: String, required: Bool) throws(ConfigurationError) -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            if !required { return DaemonConfiguration() }
            throw ConfigurationError(problems: [WorkflowProblem(file: path, line: 1, column: 1, message: "cannot read the configuration file")])
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        let log = ProblemLog(file: file)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return configuration }
        guard let root = WorkflowLoader.compose(text, log: log, emptyMessage: "empty"), var top = MappingReader(root, what: "the configuration", log: log) else {
            throw ConfigurationError(problems: log.problems)
        }
        if let value = top.string("state-directory") { configuration.stateDirectory = value }
        if let value = top.string("socket") { configuration.socketPath = value }
        if let node = top.value("socket-mode"), let text = top.scalarString(node, key: "socket-mode") {
            if let mode = UInt16(text, radix: 8), mode <= 0o777 { configuration.socketMode = mode } else {
                log.report(node, "'socket-mode' must be an octal file mode such as \"0660\", not '\(text)'")
            }
        }
        if let node = top.value("durability"), let text = top.scalarString(node, key: "durability") {
            if let value = Durability(rawValue: text) { configuration.durability = value } else {
                log.report(node, "'durability' must be full or normal, not '\(text)'")
            }
        }
        if let words = top.words("workflow-directories") { configuration.workflowDirectories = words.map(\.value) }
        if let words = top.words("calendar-files") { configuration.calendarFiles = words.map(\.value) }
        if let node = top.value("roles"), var roles = MappingReader(node, what: "'roles'", log: log) {
            if let w = roles.words("admin-groups") { configuration.roles.adminGroups = w.map(\.value) }
            if let w = roles.words("officer-groups") { configuration.roles.officerGroups = w.map(\.value) }
            if let w = roles.words("viewer-groups") { configuration.roles.viewerGroups = w.map(\.value) }
            if let w = roles.words("officers") { configuration.roles.officers = w.map(\.value) }
            if let w = roles.words("viewers") { configuration.roles.viewers = w.map(\.value) }
            roles.finish()
        }
        if let node = top.value("limits"), var limits = MappingReader(node, what: "'limits'", log: log) {
            if let n = limits.int("maximum-body-bytes", minimum: 1024) { configuration.limits.maximumBodyBytes = n }
            if let n = limits.int("maximum-connections", minimum: 1) { configuration.limits.maximumConnections = n }
            if let n = limits.int("idle-timeout-seconds", minimum: 1) { configuration.limits.idleTimeoutSeconds = n }
            limits.finish()
        }
        if let node = top.value("notices") { configuration.notices = NoticeSettingsReader.read(node, log: log) }
        top.finish()
        guard log.problems.isEmpty else { throw ConfigurationError(problems: log.problems) }
        return configuration
    }
}
