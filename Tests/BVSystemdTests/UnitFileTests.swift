import Foundation
import Testing

/// Checks the shipped unit files with systemd's own tools, which need no running systemd:
/// `systemd-analyze verify`, `systemd-analyze security --offline=true`, `systemd-sysusers
/// --root=` and `systemd-tmpfiles --root=`.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
struct UnitFileTests {
    static let analyze = "/usr/bin/systemd-analyze"
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let unitDirectory = repositoryRoot.appendingPathComponent("systemd")

    /// Output lines that mention our units but are harmless. Empty today: on Debian 12 both
    /// units verify silently. Add entries only with the reason next to them.
    static let harmlessLines: [String] = []

    @Test func unitsVerify() throws {
        let directory = try Self.copyUnits()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(
            Self.analyze,
            ["verify", directory.appendingPathComponent("bvd.socket").path,
             directory.appendingPathComponent("bvd.service").path])
        #expect(run.status == 0, "systemd-analyze verify:\n\(run.output)")
        let complaints = run.lines.filter { line in
            (line.contains("bvd.service") || line.contains("bvd.socket"))
                && !Self.harmlessLines.contains { line.contains($0) }
        }
        #expect(complaints.isEmpty, "systemd-analyze verify:\n\(run.output)")
    }

    @Test func serviceExposureIsAtMostTwo() throws {
        let directory = try Self.copyUnits()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(
            Self.analyze,
            ["security", "--offline=true", directory.appendingPathComponent("bvd.service").path])
        #expect(run.status == 0, "systemd-analyze security:\n\(run.output)")
        let match = try #require(
            run.output.firstMatch(of: /Overall exposure level for bvd\.service: (\d+\.\d+)/),
            "no overall exposure in:\n\(run.output)")
        let exposure = try #require(Double(match.1))
        #expect(exposure <= 2.0, "exposure \(exposure):\n\(run.output)")
    }

    @Test func socketIsTheControlSocketOfTheService() throws {
        let socket = try Self.settings(of: "bvd.socket")
        #expect(socket["ListenStream"] == ["/run/bvd/control.sock"])
        #expect(socket["FileDescriptorName"] == ["control"])
        #expect(socket["Service"] == ["bvd.service"])
        #expect(socket["SocketMode"] == ["0660"])
        #expect(socket["SocketUser"] == ["bvd"])
        #expect(socket["SocketGroup"] == ["bvd-viewers"])
    }

    /// Design decisions the analyzer would reward undoing; each comment in bvd.service says why.
    @Test func serviceKeepsWhatBvdNeeds() throws {
        let service = try Self.settings(of: "bvd.service")
        #expect(service["Type"] == ["notify"])
        #expect(service["ExecReload"] == ["/bin/kill -HUP $MAINPID"])
        #expect(service["RestrictAddressFamilies"] == ["AF_UNIX AF_INET AF_INET6"])
        // Outbound SMTP and webhooks.
        #expect(service["PrivateNetwork"] == nil)
        // SO_PEERCRED would report every peer as nobody inside a user namespace.
        #expect(service["PrivateUsers"] == nil)
        // systemd would chown the control socket in it to bvd:bvd on each start.
        #expect(service["RuntimeDirectory"] == nil)
        #expect(service["User"] == ["bvd"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-sysusers")))
    func sysusersAndTmpfilesCreateTheAccountGroupsAndConfigurationDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bvsd-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        let sysusers = try Self.run(
            "/usr/bin/systemd-sysusers",
            ["--root=\(root.path)", Self.unitDirectory.appendingPathComponent("sysusers.d/bvd.conf").path])
        #expect(sysusers.status == 0, "systemd-sysusers:\n\(sysusers.output)")
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        let groups = try String(contentsOf: root.appendingPathComponent("etc/group"), encoding: .utf8)
        let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("bvd:") })
        #expect(user.hasSuffix(":/var/lib/bvd:/usr/sbin/nologin"))
        let groupNames = Set(groups.split(separator: "\n").compactMap { $0.split(separator: ":").first })
        #expect(groupNames.isSuperset(of: ["bvd", "bvd-officers", "bvd-viewers"]))

        let tmpfiles = try Self.run(
            "/usr/bin/systemd-tmpfiles",
            ["--root=\(root.path)", "--create", Self.unitDirectory.appendingPathComponent("tmpfiles.d/bvd.conf").path])
        #expect(tmpfiles.status == 0, "systemd-tmpfiles:\n\(tmpfiles.output)")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: root.appendingPathComponent("etc/bvd").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o750)
        #expect((attributes[.ownerAccountID] as? Int) == 0)
        let bvdGID = try #require(
            groups.split(separator: "\n").first { $0.hasPrefix("bvd:") }?.split(separator: ":")[2])
        #expect((attributes[.groupOwnerAccountID] as? Int) == Int(bvdGID))
    }

    // MARK: - Helpers

    /// Copies both units to a fresh directory, with ExecStart= pointing at a binary that exists
    /// (verify checks it), and returns the directory.
    static func copyUnits() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bvsd-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["bvd.service", "bvd.socket"] {
            let text = try String(contentsOf: unitDirectory.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "ExecStart=/usr/local/bin/bvd", with: "ExecStart=/bin/true")
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// `Key=value` settings of a unit file, by key, in file order (comments and sections dropped).
    static func settings(of name: String) throws -> [String: [String]] {
        let text = try String(contentsOf: unitDirectory.appendingPathComponent(name), encoding: .utf8)
        var settings: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            settings[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return settings
    }

    struct Run {
        var status: Int32
        var output: String
        var lines: [Substring] { output.split(separator: "\n") }
    }

    /// Runs a tool to completion, stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SYSTEMD_COLORS"] = "0"
        environment["SYSTEMD_PAGER"] = ""
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
