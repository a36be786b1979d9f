import BVDelivery
import Foundation
import Testing

@Suite("SMTP credentials file")
struct SMTPCredentialsTests {
    func write(_ text: String, mode: Int, in scratch: Scratch) throws -> String {
        let path = scratch.path("smtp-credentials")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("user and password lines are read; comments, blank lines and spaces inside the password are kept apart")
    func loads() throws {
        let scratch = try Scratch()
        let path = try write("# bvd's submission account\n\nuser notices@council.example\r\npassword  correct horse: battery#staple\n", mode: 0o600, in: scratch)
        let credentials = try SMTPCredentials.load(path: path)
        #expect(credentials == SMTPCredentials(user: "notices@council.example", password: "correct horse: battery#staple"))
    }

    @Test("a file its group or others may read is refused, saying how to fix it")
    func refusesReadableFile() throws {
        let scratch = try Scratch()
        let path = try write("user alice\npassword s3cret-value\n", mode: 0o640, in: scratch)
        let error = #expect(throws: SMTPCredentialsError.self) { try SMTPCredentials.load(path: path) }
        #expect(error?.description == """
            SMTP credentials file \(path): it may be read by its group or by others (mode 640); make it readable by its owner only (chmod 600)
            """)
    }

    @Test("a malformed line is reported by number without quoting it")
    func malformedLine() throws {
        let scratch = try Scratch()
        let path = try write("alice:s3cret-value\n", mode: 0o600, in: scratch)
        let error = #expect(throws: SMTPCredentialsError.self) { try SMTPCredentials.load(path: path) }
        #expect(error?.description == "SMTP credentials file \(path): line 1: unknown setting; expected 'user <name>' or 'password <password>'")
    }

    @Test("a missing password line is reported")
    func missingPassword() throws {
        let scratch = try Scratch()
        let path = try write("user alice\n", mode: 0o600, in: scratch)
        let error = #expect(throws: SMTPCredentialsError.self) { try SMTPCredentials.load(path: path) }
        #expect(error?.description == "SMTP credentials file \(path): it has no 'password' line")
    }

    @Test("the password does not show in descriptions or dumps")
    func hidden() {
        let credentials = SMTPCredentials(user: "alice", password: "s3cret-value")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [String(describing: credentials), String(reflecting: credentials), dumped, "\(credentials)"] {
            #expect(!text.contains("s3cret-value"))
            #expect(text.contains("alice"))
        }
    }
}
