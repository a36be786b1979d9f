import Glibc

/// A user name and password for SMTP AUTH, read from a file only the daemon's user may read.
///
/// The file holds one setting per line; blank lines and lines starting with `#` are ignored:
///
/// ```
/// # SMTP submission account for bvd
/// user notices@council.example
/// password correct horse battery staple
/// ```
///
/// The key is `user` or `password`; the value is the rest of the line after the spaces that
/// follow the key, kept exactly (it may contain spaces, `:` or `#`; a trailing CR is dropped).
/// A file that its group or others may read is refused, as is anything but a regular file.
///
/// The password never appears in `description`, in `dump` output, or in any error or failure
/// message bvd produces.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let user: String
    let password: String

    public init(user: String, password: String) { (self.user, self.password) = (user, password) }

    public var description: String { "\(user) (password hidden)" }
    public var debugDescription: String { "SMTPCredentials(user: \(user), password: hidden)" }
    public var customMirror: Mirror { Mirror(self, children: ["user": user, "password": "hidden"]) }

    /// Reads the credentials file at `path` (format above).
    public static func load(path: String) throws(SMTPCredentialsError) -> SMTPCredentials {
        func fail(_ problem: SMTPCredentialsError.Problem) -> SMTPCredentialsError { SMTPCredentialsError(path: path, problem: problem) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw fail(.cannotOpen(errno: errno)) }
        defer { close(descriptor) }
        // Checked on the open descriptor, so the file read is the file checked.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw fail(.cannotOpen(errno: errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw fail(.notRegularFile) }
        guard status.st_mode & 0o044 == 0 else { throw fail(.readableByOthers(mode: UInt32(status.st_mode & 0o7777))) }
        guard status.st_size <= 64 * 1024 else { throw fail(.tooLarge) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw fail(.cannotOpen(errno: errno)) }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= 64 * 1024 else { throw fail(.tooLarge) }
        }
        return try parse(String(decoding: bytes, as: UTF8.self), fail: fail)
    }

    private static func parse(
        _ text: String, fail: (SMTPCredentialsError.Problem) -> SMTPCredentialsError
    ) throws(SMTPCredentialsError) -> SMTPCredentials {
        var user: String?
        var password: String?
        // "\r\n" is one Character in Swift: split on it as well as on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            line = line.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.first == "#" { continue }
            let key = line.prefix { $0 != " " && $0 != "\t" }
            let value = String(line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" })
            switch key {
            case "user":
                guard user == nil else { throw fail(.repeated(key: "user", line: number)) }
                guard !value.isEmpty else { throw fail(.emptyValue(key: "user", line: number)) }
                user = value
            case "password":
                guard password == nil else { throw fail(.repeated(key: "password", line: number)) }
                guard !value.isEmpty else { throw fail(.emptyValue(key: "password", line: number)) }
                password = value
            default:
                // Not quoted: the line may be a password written without its key.
                throw fail(.unknownKey(line: number))
            }
        }
        guard let user else { throw fail(.missing(key: "user")) }
        guard let password else { throw fail(.missing(key: "password")) }
        return SMTPCredentials(user: user, password: password)
    }
}

/// Why a credentials file was refused. Never quotes a value from the file.
public struct SMTPCredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        case cannotOpen(errno: Int32)
        case notRegularFile
        case readableByOthers(mode: UInt32)
        case tooLarge
        case unknownKey(line: Int)
        case repeated(key: String, line: Int)
        case emptyValue(key: String, line: Int)
        case missing(key: String)
    }

    public let path: String
    public let problem: Problem

    public var description: String {
        let detail = switch problem {
        case .cannotOpen(let code): "cannot read it: \(String(cString: strerror(code)))"
        case .notRegularFile: "it is not a regular file"
        case .readableByOthers(let mode):
            "it may be read by its group or by others (mode \(String(mode, radix: 8))); make it readable by its owner only (chmod 600)"
        case .tooLarge: "it is larger than 64 KiB"
        case .unknownKey(let line): "line \(line): unknown setting; expected 'user <name>' or 'password <password>'"
        case .repeated(let key, let line): "line \(line): '\(key)' is given twice"
        case .emptyValue(let key, let line): "line \(line): '\(key)' has no value"
        case .missing(let key): "it has no '\(key)' line"
        }
        return "SMTP credentials file \(path): \(detail)"
    }
}
