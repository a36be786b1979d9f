import BVTestServers
import Foundation

/// A throwaway self-signed certificate for 127.0.0.1 (and localhost), made with the `openssl`
/// command; the test trusts it through the adapter's CA-file option.
struct TestCertificate {
    let certificate: String
    let key: String

    init(in scratch: Scratch, name: String = "server") throws {
        certificate = scratch.path("\(name)-cert.pem")
        key = scratch.path("\(name)-key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", key, "-out", certificate,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerDidNotStart(description: "openssl could not make a certificate") }
    }
}
