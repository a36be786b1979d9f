public import BVCore
import BVSystemd
import Synchronization

/// What a caller may do, decided from the peer credentials of its connection.
public enum Role: String, Sendable, Comparable, Codable {
    case viewer, officer, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        let order: [Role] = [.viewer, .officer, .admin]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }

    /// Operations on the store as a whole rather than on reviews: for administrators only.
    static let adminOperations: Set<String> = ["POST /v1/reviews/import", "POST /v1/rebuild-projections"]

    /// The least role an operation needs: reading is for viewers, changing for officers, and
    /// changing the store as a whole for administrators.
    static func needed(method: String, path: String) -> Role {
        if method == "GET" || method == "HEAD" { return .viewer }
        // The router ignores empty segments ("/v1//reviews/import/"): so does this check.
        let canonical = "/" + path.split(separator: "/").joined(separator: "/")
        return adminOperations.contains("\(method) \(canonical)") ? .admin : .officer
    }
}

/// The person on the other end of the socket.
public struct Caller: Sendable {
    public let user: String
    public let uid: Int
    /// Nil when the caller has no role: refused with 403.
    public let role: Role?

    public var actor: Actor { Actor(name: user, uid: uid) }
}

/// Maps a uid and its groups to a role: root and admin groups are admins, then officers, then viewers.
/// Account look-ups (the passwd and group databases) are kept for 30 seconds per uid.
public struct AccessPolicy: Sendable {
    let roles: RoleConfiguration
    private let cache = CallerCache()
    public init(_ roles: RoleConfiguration) { self.roles = roles }

    public func role(user: String, uid: Int, groups: [String]) -> Role? {
        if uid == 0 || groups.contains(where: roles.adminGroups.contains) { return .admin }
        if roles.officers.contains(user) || groups.contains(where: roles.officerGroups.contains) { return .officer }
        if roles.viewers.contains(user) || groups.contains(where: roles.viewerGroups.contains) { return .viewer }
        return nil
    }

    /// The caller as last looked up, if that was less than 30 seconds ago; never blocks (for an
    /// event loop, where an account look-up through NSS, perhaps LDAP, must not run).
    public func knownCaller(uid: UInt32) -> Caller? {
        cache.caller(uid, at: ContinuousClock.now)
    }

    public func caller(uid: UInt32) -> Caller {
        let now = ContinuousClock.now
        if let cached = cache.caller(uid, at: now) { return cached }
        let account = UnixAccount.lookup(uid: uid)
        let caller = Caller(user: account.name, uid: Int(uid), role: role(user: account.name, uid: Int(uid), groups: account.groupNames))
        cache.store(caller, uid, until: now.advanced(by: .seconds(30)))
        return caller
    }
}

final class CallerCache: Sendable {
    private let entries = Mutex<[UInt32: (caller: Caller, until: ContinuousClock.Instant)]>([:])

    func caller(_ uid: UInt32, at now: ContinuousClock.Instant) -> Caller? {
        entries.withLock { entries in
            guard let entry = entries[uid], entry.until > now else { return nil }
            return entry.caller
        }
    }

    func store(_ caller: Caller, _ uid: UInt32, until: ContinuousClock.Instant) {
        entries.withLock { $0[uid] = (caller, until) }
    }
}
