import BVClient
import Foundation
import Testing

/// Real second users: `runuser -u nobody` and `setpriv` with a uid that has no account.
@Suite("Peer-credential access control", .enabled(if: getuid() == 0, "switching users needs root, as in CI"))
struct AccessControlTests {
    func curl(as user: [String], _ socket: String, _ method: String, _ path: String, body: String? = nil) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: user[0])
        var arguments = Array(user.dropFirst()) + ["/usr/bin/curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--unix-socket", socket]
        if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
        process.arguments = arguments + ["http://bvd\(path)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test("a viewer (nobody) can read and cannot write; an unknown uid is refused; root is admin")
    func roles() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        try "roles:\n  viewers: [nobody]\n".write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml"), "--socket-mode", "0666"])
        let root = try daemon.waitUntilAnswering()
        #expect(try root.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "T", "service": "S", "lead": "l"])).status == 201)

        let nobody = ["/usr/sbin/runuser", "-u", "nobody", "--"]
        #expect(try curl(as: nobody, daemon.socket, "GET", "/v1/reviews/r1").status == 200)
        let write = try curl(as: nobody, daemon.socket, "POST", "/v1/reviews/r1/organisations",
                             body: #"{"id":"t","name":"Tenants","category":"tenants-and-community"}"#)
        #expect(write.status == 403)
        #expect(write.body.contains("user 'nobody' is a viewer and may not do this; officers may"))

        let stranger = ["/usr/bin/setpriv", "--reuid", "4242", "--regid", "4242", "--clear-groups"]
        let refused = try curl(as: stranger, daemon.socket, "GET", "/v1/status")
        #expect(refused.status == 403)
        #expect(refused.body.contains("uid 4242) has no role in bvd"))
        // A view that is cached (answered before the router) is refused all the same.
        _ = try root.request("GET", "/v1/reviews/r1")
        #expect(try root.request("GET", "/v1/reviews/r1").status == 200)
        #expect(try curl(as: stranger, daemon.socket, "GET", "/v1/reviews/r1").status == 403)
        #expect(try curl(as: nobody, daemon.socket, "GET", "/v1/reviews/r1").status == 200)
        #expect(daemon.log.contains("refused a caller with no role"))

        // The record says who did it.
        let events = try root.request("GET", "/v1/reviews/r1/events")
        #expect(events.text.contains(#""actor":{"name":"root","uid":0}"#))
        #expect(daemon.terminate() == 0)
    }

    @Test("an officer may not reach an administrators' operation by another spelling of its path")
    func adminPaths() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        try "roles:\n  officers: [nobody]\n".write(toFile: scratch.path("bvd.yaml"), atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--config", scratch.path("bvd.yaml"), "--socket-mode", "0666"])
        _ = try daemon.waitUntilAnswering()
        let nobody = ["/usr/sbin/runuser", "-u", "nobody", "--"]
        for path in ["/v1/rebuild-projections", "/v1/rebuild-projections/", "//v1/rebuild-projections", "/v1//reviews/import/"] {
            let refused = try curl(as: nobody, daemon.socket, "POST", path, body: "{}")
            #expect(refused.status == 403, "\(path): \(refused.body)")
            #expect(refused.body.contains("user 'nobody' is an officer and may not do this; admins may"), "\(path): \(refused.body)")
        }
        #expect(daemon.terminate() == 0)
    }

    @Test("bvctl run by a user the socket's permissions keep out exits 5, saying so, not 'is bvd running?'")
    func socketPermissions() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch, arguments: ["--socket-mode", "0660"])
        _ = try daemon.waitUntilAnswering()
        // bvctl copied where any user may run it: the checkout may sit in a directory only root enters.
        let shelf = FileManager.default.temporaryDirectory.appendingPathComponent("bvctl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: shelf) }
        let bvctl = shelf.appendingPathComponent("bvctl")
        try FileManager.default.copyItem(at: Repository.products.appendingPathComponent("bvctl"), to: bvctl)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bvctl.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid", "4242", "--regid", "4242", "--clear-groups", bvctl.path, "status", "--socket", daemon.socket]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 5, "\(message)")
        #expect(message.contains("your user may not connect to bvd at \(daemon.socket) (permission denied)"), "\(message)")
        #expect(daemon.terminate() == 0)
    }
}
