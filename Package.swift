// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "bvd",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BVCore", targets: ["BVCore"]),
        .library(name: "BVWorkflowFile", targets: ["BVWorkflowFile"]),
        .library(name: "BVStore", targets: ["BVStore"]),
        .executable(name: "bvctl", targets: ["bvctl"]),
        .executable(name: "bvctl-workflow", targets: ["bvctl-workflow"]),
        .executable(name: "bvd", targets: ["bvd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // The pure, deterministic core: no I/O, an injected clock.
        .target(
            name: "BVCore",
            dependencies: ["CSHA256"],
            resources: [.embedInCode("Resources/bank-holidays.json")],
            swiftSettings: strict
        ),
        // SHA-256's compression function with the x86 SHA extensions, for the event log's chain.
        .target(name: "CSHA256"),
        // Workflow definitions read from YAML, with file:line:column problems.
        .target(
            name: "BVWorkflowFile",
            dependencies: ["BVCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The durable store: hash-chained event log, projections, timers and outbox; and the scheduler.
        .target(
            name: "BVStore",
            dependencies: ["BVCore", "BVWorkflowFile", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // What notices say: Mustache templates, iCalendar invitations, MIME mail, webhook payloads and signatures.
        .target(
            name: "BVNotices",
            dependencies: ["BVCore", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // Documents for people: the Local Performance Plan section, "you said, we did", progress
        // reports with their timeline picture, calendar feeds and open data. Pure renderers.
        .target(name: "BVReports", dependencies: ["BVCore", "BVNotices"], swiftSettings: strict),
        // How notices travel: sendmail, SMTP, webhook and program adapters behind one protocol.
        .target(
            name: "BVDelivery",
            dependencies: [
                "BVCore", "BVNotices",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        // Applies commands in a loop and acknowledges each on stdout: the crash test kills it.
        .executableTarget(name: "bvd-store-exerciser", dependencies: ["BVStore"], swiftSettings: strict),
        // `make bench`: throughput and latency figures next to baselines measured in the same run.
        .executableTarget(
            name: "bvd-bench",
            dependencies: [
                "BVStore", "BVClient", .product(name: "GRDB", package: "GRDB.swift"),
                // Loopback webhook and SMTP receivers fast enough not to be what a delivery rate measures.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // libsystemd through a module map: sd_notify, socket activation, the journal, peer credentials.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "BVSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The daemon: configuration, services, the control API on a Unix socket.
        .target(
            name: "BVDaemon",
            dependencies: [
                "BVCore", "BVWorkflowFile", "BVStore", "BVSystemd", "CSystemd", "BVClient", "BVNotices", "BVDelivery", "BVReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bvd",
            dependencies: ["BVDaemon", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // A small HTTP/1.1 client over a Unix socket (plain POSIX), for bvctl and the tests.
        .target(name: "BVClient", swiftSettings: strict),
        // The commands of bvctl, as a library so that tests can reach them. No Foundation (only
        // FoundationEssentials, for JSON), no YAML: bvctl starts fast.
        .target(
            name: "BVCtlKit",
            dependencies: [
                "BVCore", "BVClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "bvctl", dependencies: ["BVCtlKit"], swiftSettings: strict),
        // The YAML half of `bvctl workflow check|show`, which bvctl runs (Yams needs Foundation).
        .executableTarget(name: "bvctl-workflow", dependencies: ["BVCore", "BVWorkflowFile"], swiftSettings: strict),
        .testTarget(
            name: "BVCoreTests",
            dependencies: ["BVCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(name: "BVWorkflowFileTests", dependencies: ["BVWorkflowFile"], swiftSettings: strict),
        // Whole reviews driven through the engine under the shipped workflow.
        .testTarget(name: "BVEngineTests", dependencies: ["BVCore", "BVWorkflowFile", "BVReviewFixtures"], swiftSettings: strict),
        .testTarget(
            name: "BVStoreTests",
            dependencies: ["BVStore", "BVWorkflowFile", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "BVSystemdTests", dependencies: ["BVSystemd"], swiftSettings: strict),
        .testTarget(
            name: "BVDaemonTests",
            dependencies: ["BVDaemon", "BVDelivery", "BVClient", "BVTestServers", "BVReviewFixtures", .product(name: "Yams", package: "Yams"),
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // Real servers for the tests (Python scripts run with Debian's python3): SMTP and a webhook receiver.
        .target(name: "BVTestServers", path: "Tests/BVTestServers", exclude: ["Servers"], swiftSettings: strict),
        .testTarget(name: "BVNoticesTests", dependencies: ["BVNotices", "BVWorkflowFile"], swiftSettings: strict),
        .testTarget(name: "BVDeliveryTests", dependencies: ["BVDelivery", "BVCore", "BVTestServers"], swiftSettings: strict),
        .testTarget(name: "BVCtlTests", dependencies: ["BVCtlKit"], swiftSettings: strict),
        // A whole review from scoping to closed, driven through the engine, for the report and daemon tests.
        .target(name: "BVReviewFixtures", dependencies: ["BVCore", "BVWorkflowFile"], path: "Tests/BVReviewFixtures", swiftSettings: strict),
        .testTarget(name: "BVReportsTests", dependencies: ["BVReports", "BVWorkflowFile", "BVReviewFixtures"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
