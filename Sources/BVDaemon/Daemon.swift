import BVCore
import BVDelivery
public import BVNotices
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
    public var templateDirectories: [String] = []
    public init() {}

    func apply(to configuration: inout DaemonConfiguration) {
        if let stateDirectory { configuration.stateDirectory = stateDirectory }
        if let socketPath { configuration.socketPath = socketPath }
        if let socketMode { configuration.socketMode = socketMode }
        if !workflowDirectories.isEmpty { configuration.workflowDirectories = workflowDirectories }
        if !templateDirectories.isEmpty { configuration.notices.templateDirectories = templateDirectories }
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

    /// What a start or a reload reads: configuration, workflows and notice templates.
    public struct Loaded: Sendable {
        public let configuration: DaemonConfiguration
        public let library: WorkflowLibrary
        public let templates: NoticeTemplates
    }

    /// Loads the configuration, workflows and templates, as `--check-config` and SIGHUP do.
    public func load() -> Result<Loaded, StartupError> {
        var configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: configPath, required: configRequired)
        } catch {
            return .failure(StartupError(description: error.description))
        }
        overrides.apply(to: &configuration)
        var problems: [String] = []
        var library: WorkflowLibrary?
        switch WorkflowLibrary.load(configuration) {
        case .success(let loaded): library = loaded
        case .failure(let failure): problems.append(failure.description)
        }
        var templates: NoticeTemplates?
        do {
            templates = try NoticeTemplates.load(directories: configuration.notices.templateDirectories)
        } catch {
            problems.append(error.description)
        }
        guard let library, let templates else { return .failure(StartupError(description: problems.joined(separator: "\n"))) }
        return .success(Loaded(configuration: configuration, library: library, templates: templates))
    }

    public func run() async throws {
        let clock = SystemClock()
        let loaded = try load().get()
        let (configuration, library) = (loaded.configuration, loaded.library)
        DaemonRuntime.maximumBodyBytes = configuration.limits.maximumBodyBytes
        // What bvd creates (the state directory, the database and its log) holds representatives'
        // contact details: readable by bvd's user only, as the unit's UMask=0077 makes it too.
        umask(0o077)
        // Before anything is opened or created: a socket a live bvd answers on stops the start.
        let activated = SocketActivation.take()
        let passed = activated.first(where: { $0.name == "control" }) ?? activated.first
        if passed == nil, let answering = SocketFile.answeringProblem(configuration.socketPath) {
            throw StartupError(description: answering)
        }
        let lock = try StateDirectoryLock(directory: configuration.stateDirectory)
        defer { withExtendedLifetime(lock) {} }
        let databasePath = (configuration.stateDirectory as NSString).appendingPathComponent("bvd.sqlite")
        let store = try StoreUpgradeProgress(logger: logger).opening { upgrading in
            try SQLiteReviewStore(path: databasePath, durability: configuration.durability,
                                  workflows: library.workflows, holidays: library.holidays, upgrading: upgrading)
        }
        logger.info("store open", metadata: ["path": "\(databasePath)", "durability": "\(configuration.durability.rawValue)"])
        let runtime = DaemonRuntime(library: library, started: clock.now())
        // A version edited in place is served, but said: refusing it would leave bvd down after an
        // upgrade or an import, for a confusion of names rather than of what reviews run under.
        runtime.warn(store.workflowWarnings(library.workflows, logger: logger))
        let writer = CommandWriter(store: store, clock: clock)
        let scheduler = Scheduler(store: store, clock: clock)
        let notices = configuration.notices
        let composition = NoticeTemplateHolder(NoticeComposition(templates: loaded.templates, settings: notices))
        let zone = library.workflows.first?.definition.zone ?? .london
        let adapters: [any NoticeAdapter]
        do {
            adapters = try await DeliveryChannels.make(notices, zone: zone, clock: clock)
        } catch {
            throw StartupError(description: error.description)
        }
        let dispatcher = adapters.isEmpty ? nil : NoticeDispatcher(store: store, clock: clock, settings: notices, adapters: adapters,
                                                                   zone: zone, logger: logger, compose: composition.compose)
        if dispatcher == nil { logger.warning("no notice channels configured: notices stay queued until notices.channels is set in the configuration") }
        if let missing = notices.rolesWithoutContact(library.workflows.map(\.definition)) { logger.warning("\(missing)") }
        if let unknown = configuration.roles.unknownAccounts() { logger.warning("\(unknown)") }
        if dispatcher != nil, notices.mailDomain == "localhost" {
            logger.warning("notices go out from \(notices.from.address) and calendar UIDs end in @localhost: set notices.from (or notices.domain) to the council's address")
        }
        let released = try await store.releaseLeases(now: clock.now())
        if released > 0 { logger.info("offering again \(released) notices whose delivery was under way when bvd last stopped") }
        writer.setAfterCommit { _ in Task { await scheduler.wake(); await dispatcher?.wake() } }
        let catchUpLogger = logger
        await scheduler.setOnFired { fired in
            // After downtime: said in the journal, reminder by reminder, as well as in status.
            for timer in fired where timer.state != .fired {
                let metadata: Logger.Metadata = ["review": "\(timer.review)", "notice": "\(timer.key)", "due": "\(timer.due)"]
                if timer.state == .missed {
                    catchUpLogger.warning("reminder missed: due \(zone.format(timer.due)), found after its subject had passed; recorded, not sent", metadata: metadata)
                } else {
                    catchUpLogger.notice("sent late: due \(zone.format(timer.due))", metadata: metadata)
                }
            }
            Task { await dispatcher?.wake() }
        }
        let delivery = NoticeDelivery(settings: notices, compose: composition.compose, dispatcher: dispatcher)
        let api = ControlAPI(store: store, writer: writer, clock: clock, runtime: runtime, delivery: delivery)
        let status: @Sendable () async -> Void = {
            if let line = try? await api.computeStatus().line { _ = SystemdNotifier.notify([.status(line)]) }
        }

        let socket: ControlSocket
        if let control = passed {
            socket = .inherited(fd: control.fd)
            logger.info("using the socket passed by systemd", metadata: ["name": "\(control.name)"])
        } else {
            socket = .path(configuration.socketPath, mode: configuration.socketMode)
        }
        let logger = self.logger
        let policy = AccessPolicy(configuration.roles)
        let server = ControlServer(
            socket: socket, router: api.router(policy: policy), limits: configuration.limits, logger: logger,
            answers: { api.directView($0, peer: $1, policy: policy) }
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
            case .success(let reloaded):
                let library = reloaded.library
                store.replaceWorkflows(library.workflows)
                composition.replace(NoticeComposition(templates: reloaded.templates, settings: notices))
                runtime.reloaded(library, warnings: store.workflowWarnings(library.workflows, logger: logger), at: clock.now())
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
            ] + (dispatcher.map { [.init(service: DispatcherService(dispatcher: $0))] } ?? []),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await withGracefulShutdownHandler {
                try await group.run()
            } onGracefulShutdown: {
                _ = SystemdNotifier.notify([.stopping])
            }
        } catch {
            await DeliveryChannels.shutdown(adapters)
            try? store.close()
            throw error
        }
        _ = SystemdNotifier.notify([.stopping])
        await DeliveryChannels.shutdown(adapters)
        writer.close()
        try store.close()
        logger.info("stopped; the store is closed")
    }
}

extension SQLiteReviewStore {
    /// `workflowsDiffering`, each logged as a warning: for start-up and every reload alike.
    func workflowWarnings(_ workflows: [LoadedWorkflow], logger: Logger) -> [String] {
        let differing = (try? workflowsDiffering(from: workflows)) ?? []
        for warning in differing { logger.warning("\(warning)") }
        return differing
    }
}
