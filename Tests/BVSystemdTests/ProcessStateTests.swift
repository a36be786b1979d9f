import Glibc
import Testing

/// Every test that changes process-wide state (environment variables, fd 3) is in this one
/// serialized suite, so that they cannot see each other's changes. Tests live in extensions,
/// one file per concept.
@Suite(.serialized)
struct ProcessStateTests {}

/// Sets (or, for `nil`, unsets) environment variables for the duration of `body`, then restores
/// what was there before.
func withEnvironment<T>(_ values: [String: String?], _ body: () throws -> T) rethrows -> T {
    var saved: [(String, String?)] = []
    for (name, value) in values {
        saved.append((name, getenv(name).map { String(cString: $0) }))
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
    defer {
        for (name, value) in saved {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
    }
    return try body()
}

/// The current value of an environment variable.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
