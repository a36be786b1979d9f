import Foundation
import Testing

@Suite("bvctl against a real bvd")
struct BVCtlStatusTests {
    func bvctl(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Repository.products.appendingPathComponent("bvctl")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["BVD_SOCKET"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("bvctl status reports the daemon; with bvd down it exits 6 naming the socket and a hint")
    func status() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "T", "service": "S", "lead": "l"])).status == 201)
        let shown = try bvctl(["status"], environment: ["BVD_SOCKET": daemon.socket])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.output.contains("1 review: 1 in scoping"))
        let json = try bvctl(["status", "--json", "--socket", daemon.socket])
        #expect(json.output.contains(#""reviews":1"#))
        #expect(daemon.terminate() == 0)
        let down = try bvctl(["status", "--socket", daemon.socket])
        #expect(down.status == 6)
        #expect(down.output.contains("cannot reach bvd at \(daemon.socket)"))
        #expect(down.output.contains("is bvd running? systemctl status bvd"))
    }
}
