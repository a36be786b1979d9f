import BVCore
import BVStore
import BVSystemd
import Foundation
public import Logging
import ServiceLifecycle

/// Settings given on the command line, laid over the configuration file.
public struct DaemonOverrides: Sendable {
    public var stateDirectory: String?
    public var socketPath: String?
    public var socketMode: UInt16?
    public var workflowDirectories: [String] = []
    public init() {}

    func apply(to configuration: inout DaemonConfiguration) {
        if let stateDirectory { configuration.stateDirectory = stateDirectory }
        if let socketPath { configuration.socketPath = socketPath }
        if let socketMode { configuration.socketMode = socketMode }
        if !workflowDirectories.isEmpty { configuration.workflowDirectories = workflowDirectories }
    }
}

/// Why bvd could not start.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
}

/// Assembles bvd: configuration, workflows, store, writer, scheduler, control server, reload and
/// status, under swift-service-lifecycle with graceful shutdown on SIGTERM and SIGINT.
public struct Daemon: Sendable {
    let configPath: String
    let configRequired: Bool
    let overrides: DaemonOverrides
    let logger: Logger

    public init(configPath: String, configRequired: Bool, overrides: DaemonOverrides, logger: Logger) {
        (self.configPath, self.configRequired, self.overrides, self.logger) = (configPath, configRequired, overrides, logger)
    }

    /// Loads the configuration and workflows, as `--check-config` and SIGHUP do.
    public func load() -> Result<(DaemonConfiguration, WorkflowLibrary), StartupError> {
        var configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: configPath, required: configRequired)
        } catch {
            return .failure(StartupError(description: error.description))
        }
        overrides.apply(to: &configuration)
        switch WorkflowLibrary.load(configuration) {
        case .success(let library): return .success((configuration, library))
        case .failure(let problems): return .failure(StartupError(description: problems.description))
        }
    }

    public func run() async throws {
        let clock = SystemClock()
        let (configuration, library) = try load().get()
        DaemonRuntime.maximumBodyBytes = configuration.limits.maximumBodyBytes
        try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true)
        let databasePath = (configuration.stateDirectory as NSString).appendingPathComponent("bvd.sqlite")
        let store = try SQLiteReviewStore(path: databasePath, durability: configuration.durability,
                                          workflows: library.workflows, holidays: library.holidays)
        logger.info("store open", metadata: ["path": "\(databasePath)", "durability": "\(configuration.durability.rawValue)"])
        let runtime = DaemonRuntime(library: library, started: clock.now())
        let writer = CommandWriter(store: store, clock: clock)
        let scheduler = Scheduler(store: store, clock: clock)
        writer.setAfterCommit { _ in Task { await scheduler.wake() } }
        let api = ControlAPI(store: store, writer: writer, clock: clock, runtime: runtime)
        let status: @Sendable () async -> Void = {
            if let line = try? await api.computeStatus().line { _ = SystemdNotifier.notify([.status(line)]) }
        }

        let activated = SocketActivation.take()
        let socket: ControlSocket
        if let control = activated.first(where: { $0.name == "control" }) ?? activated.first {
            socket = .inherited(fd: control.fd)
            logger.info("using the socket passed by systemd", metadata: ["name": "\(control.name)"])
        } else {
            socket = .path(configuration.socketPath, mode: configuration.socketMode)
        }
        let logger = self.logger
        let server = ControlServer(
            socket: socket, router: api.router(policy: AccessPolicy(configuration.roles)), limits: configuration.limits, logger: logger
        ) {
            // READY only once the store is open, the scheduler has armed itself and the socket accepts.
            while await scheduler.lastRound == nil { try? await Task.sleep(for: .milliseconds(5)) }
            await status()
            _ = SystemdNotifier.notify([.ready])
            logger.info("ready", metadata: ["socket": "\(socket)"])
        }
        let reload = ReloadService { [self] in
            _ = SystemdNotifier.notify([.reloading])
            switch self.load() {
            case .success(let (_, library)):
                store.replaceWorkflows(library.workflows)
                runtime.reloaded(library, at: clock.now())
                logger.info("reloaded", metadata: ["workflows": "\(library.workflows.map(\.definition.reference.description))"])
            case .failure(let error):
                runtime.reloadFailed(error.description.split(separator: "\n").map(String.init), at: clock.now())
                for line in error.description.split(separator: "\n") { logger.error("reload refused: \(line)") }
            }
            await status()
            _ = SystemdNotifier.notify([.ready])
        }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server),
                .init(service: SchedulerService(scheduler: scheduler, watchdog: Watchdog.pingInterval())),
                .init(service: reload),
                .init(service: StatusService(update: status)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await withGracefulShutdownHandler {
                try await group.run()
            } onGracefulShutdown: {
                _ = SystemdNotifier.notify([.stopping])
            }
        } catch {
            try? store.close()
            throw error
        }
        _ = SystemdNotifier.notify([.stopping])
        writer.close()
        try store.close()
        logger.info("stopped; the store is closed")
    }
}
