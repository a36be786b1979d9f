public import BVCore
import BVSystemd

/// What a caller may do, decided from the peer credentials of its connection.
public enum Role: String, Sendable, Comparable, Codable {
    case viewer, officer, admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        let order: [Role] = [.viewer, .officer, .admin]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
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
public struct AccessPolicy: Sendable {
    let roles: RoleConfiguration
    public init(_ roles: RoleConfiguration) { self.roles = roles }

    public func role(user: String, uid: Int, groups: [String]) -> Role? {
        if uid == 0 || groups.contains(where: roles.adminGroups.contains) { return .admin }
        if roles.officers.contains(user) || groups.contains(where: roles.officerGroups.contains) { return .officer }
        if roles.viewers.contains(user) || groups.contains(where: roles.viewerGroups.contains) { return .viewer }
        return nil
    }

    public func caller(uid: UInt32) -> Caller {
        let account = UnixAccount.lookup(uid: uid)
        return Caller(user: account.name, uid: Int(uid), role: role(user: account.name, uid: Int(uid), groups: account.groupNames))
    }
}
