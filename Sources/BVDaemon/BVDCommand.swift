public import ArgumentParser
import BVCore
import BVSystemd
import BVStore
import Foundation
import Logging

/// `bvd`: the Best Value review daemon. Runs in the foreground, as systemd expects.
public struct BVDCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bvd",
        abstract: "Run Best Value reviews: timetable rules, durable reminders and the control API.",
        discussion: """
            bvd runs in the foreground and talks to systemd (sd_notify, socket activation, the journal). \
            Officers use bvctl, which talks to bvd over the control socket.

            An older database is upgraded when bvd opens it, before it tells systemd it is ready; \
            each step is logged and shown in STATUS=, and EXTEND_TIMEOUT_USEC= keeps the start \
            timeout from ending a long upgrade.

            Examples:
              bvd                   # /etc/bvd/bvd.yaml; socket /run/bvd/control.sock
              bvd --check-config    # check the configuration and workflows; exit
              bvd --state-directory .bvd --socket .bvd/control.sock \\
                  --workflows workflows --templates templates
            """,
        version: BVCoreVersion.string)

    @Option(help: ArgumentHelp("Configuration file (default /etc/bvd/bvd.yaml, or $BVD_CONFIG).", valueName: "path"))
    var config: String?

    @Flag(help: "Validate the configuration and every workflow, print each problem as file:line:column, and exit.")
    var checkConfig = false

    @Option(help: ArgumentHelp("Directory for the database (overrides the file; default $STATE_DIRECTORY or /var/lib/bvd).", valueName: "dir"))
    var stateDirectory: String?

    @Option(help: ArgumentHelp("Control socket to bind when systemd passes none.", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("Mode of a socket bvd binds, in octal.", valueName: "mode"))
    var socketMode: String?

    @Option(name: .customLong("workflows"), help: ArgumentHelp("Workflow directory (repeatable; replaces the configured list).", valueName: "dir"))
    var workflowDirectories: [String] = []

    @Option(name: .customLong("templates"), help: ArgumentHelp("Notice template directory (repeatable; replaces notices.template-directories).", valueName: "dir"))
    var templateDirectories: [String] = []

    public init() {}

    public func validate() throws {
        if let socketMode, UInt16(socketMode, radix: 8) == nil { throw ValidationError("--socket-mode must be octal, such as 0660") }
    }

    public func run() async throws { try await start() }

    /// The daemon's work; `main.swift` calls it directly so that the asynchronous path is certain.
    public func start() async throws {
        BVDLogging.bootstrap(label: "bvd")
        let logger = Logger(label: "bvd")
        let path = config ?? ProcessInfo.processInfo.environment["BVD_CONFIG"] ?? DaemonConfiguration.defaultPath
        var overrides = DaemonOverrides()
        overrides.stateDirectory = stateDirectory
        overrides.socketPath = socket
        overrides.socketMode = socketMode.flatMap { UInt16($0, radix: 8) }
        overrides.workflowDirectories = workflowDirectories
        overrides.templateDirectories = templateDirectories
        let daemon = Daemon(configPath: path, configRequired: config != nil || ProcessInfo.processInfo.environment["BVD_CONFIG"] != nil,
                            overrides: overrides, logger: logger)
        if checkConfig {
            switch daemon.load() {
            case .success(let loaded):
                let (configuration, library) = (loaded.configuration, loaded.library)
                // What start-up would refuse next: the channels' credentials, CA files and secrets.
                do {
                    let adapters = try await DeliveryChannels.make(configuration.notices, zone: library.workflows.first?.definition.zone ?? .london,
                                                                   clock: SystemClock())
                    await DeliveryChannels.shutdown(adapters)
                } catch {
                    FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
                    throw ExitCode.failure
                }
                print("\(FileManager.default.fileExists(atPath: path) ? path : "\(path) (no such file: the defaults)"): ok; \(library.workflows.count) workflow(s): "
                    + library.workflows.map { "\($0.definition.id) v\($0.definition.version) (\($0.file))" }.joined(separator: ", "))
                print("state directory \(configuration.stateDirectory), socket \(configuration.socketPath)")
                print("notice templates: \(loaded.templates.sets.count) kinds from \(configuration.notices.templateDirectories.joined(separator: ", "))")
                let channels = configuration.notices.channels.map(\.name)
                print("notice channels: \(channels.isEmpty ? "none (notices stay queued)" : channels.joined(separator: ", "))")
                if let missing = configuration.notices.rolesWithoutContact(library.workflows.map(\.definition)) { print("warning: \(missing)") }
                if let unknown = configuration.roles.unknownAccounts() { print("warning: \(unknown)") }
                return
            case .failure(let error):
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode.failure
            }
        }
        do {
            try await daemon.run()
        } catch let error as StartupError {
            logger.critical("cannot start:\n\(error.description)")
            throw ExitCode.failure
        } catch {
            logger.critical("bvd stopped: \(error)")
            throw ExitCode.failure
        }
    }
}
