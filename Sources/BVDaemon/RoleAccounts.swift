import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension RoleConfiguration {
    /// The users and groups that `roles` names but this machine does not have, or nil when it
    /// has them all: nobody could hold a role through them, which is most often a typo (or bvd's
    /// groups not yet made: sysusers.d does that when bvd is installed).
    public func unknownAccounts() -> String? {
        var missing: [String] = []
        for (key, users) in [("officers", officers), ("viewers", viewers)] {
            for user in users where getpwnam(user) == nil { missing.append("user '\(user)' (\(key))") }
        }
        for (key, groups) in [("admin-groups", adminGroups), ("officer-groups", officerGroups), ("viewer-groups", viewerGroups)] {
            for group in groups where getgrnam(group) == nil { missing.append("group '\(group)' (\(key))") }
        }
        guard !missing.isEmpty else { return nil }
        return "roles name accounts this machine does not have, so nobody holds a role through them: \(missing.joined(separator: ", "))"
    }
}
