import Glibc

/// A user's name and groups, so that roles can be granted to Unix groups (e.g. `bvd-officers`)
/// rather than to numeric ids.
///
/// Uses only the reentrant lookups (getpwuid_r, getgrouplist, getgrgid_r): the daemon resolves
/// peers on many threads at once.
public struct UnixAccount: Sendable, Hashable {
    /// A group the account belongs to.
    public struct Group: Sendable, Hashable {
        public var gid: UInt32
        /// The group's name, or the gid as text when it has no entry.
        public var name: String

        public init(gid: UInt32, name: String) {
            self.gid = gid
            self.name = name
        }
    }

    public var uid: UInt32
    /// The user name, or the uid as text when the uid has no passwd entry.
    public var name: String
    /// The primary group first, then the supplementary ones; empty for an unknown uid.
    public var groups: [Group]

    public init(uid: UInt32, name: String, groups: [Group]) {
        self.uid = uid
        self.name = name
        self.groups = groups
    }

    /// The names of `groups`, for matching against configured role groups.
    public var groupNames: [String] { groups.map(\.name) }

    /// Looks up `uid` in the user database. An unknown uid is not an error: it yields an
    /// account named after the number with no groups, which maps to no role.
    public static func lookup(uid: UInt32) -> UnixAccount {
        guard let (name, primaryGID) = passwdEntry(uid: uid) else {
            return UnixAccount(uid: uid, name: String(uid), groups: [])
        }
        var gids = [primaryGID]
        for gid in groupIDs(user: name, primaryGID: primaryGID) where !gids.contains(gid) {
            gids.append(gid)
        }
        let groups = gids.map { Group(gid: $0, name: groupName(gid: $0) ?? String($0)) }
        return UnixAccount(uid: uid, name: name, groups: groups)
    }

    /// The name and primary gid of `uid`, or `nil` when there is no entry (or the lookup failed).
    private static func passwdEntry(uid: UInt32) -> (String, UInt32)? {
        withGrowingBuffer(initial: sysconf(Int32(_SC_GETPW_R_SIZE_MAX))) { buffer in
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let status = getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &result)
            guard status == 0 else { return .failed(status) }
            guard result != nil, let name = entry.pw_name else { return .done(nil) }
            return .done((String(cString: name), entry.pw_gid))
        } ?? nil
    }

    /// The name of `gid`, or `nil` when there is no entry.
    private static func groupName(gid: UInt32) -> String? {
        withGrowingBuffer(initial: sysconf(Int32(_SC_GETGR_R_SIZE_MAX))) { buffer in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            let status = getgrgid_r(gid, &entry, buffer.baseAddress!, buffer.count, &result)
            guard status == 0 else { return .failed(status) }
            guard result != nil, let name = entry.gr_name else { return .done(nil) }
            return .done(String(cString: name))
        } ?? nil
    }

    /// All gids of `user`, primary included, growing the array until getgrouplist(3) fits.
    private static func groupIDs(user: String, primaryGID: UInt32) -> [UInt32] {
        var capacity: Int32 = 32
        while capacity <= 65_536 {
            var count = capacity
            var gids = [gid_t](repeating: 0, count: Int(capacity))
            if getgrouplist(user, primaryGID, &gids, &count) >= 0 {
                return Array(gids.prefix(Int(count)))
            }
            // -1 means too small; `count` now holds the size needed.
            capacity = max(count, capacity * 2)
        }
        return [primaryGID]
    }

    private enum Attempt<T> {
        case done(T)
        case failed(Int32)
    }

    /// Runs a `*_r` lookup with a scratch buffer, doubling it while the call reports `ERANGE`.
    private static func withGrowingBuffer<T>(
        initial: Int,
        _ body: (UnsafeMutableBufferPointer<CChar>) -> Attempt<T>
    ) -> T? {
        var size = initial > 0 ? initial : 4_096
        while size <= 1 << 20 {
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            switch body(buffer) {
            case .done(let value): return value
            case .failed(ERANGE): size *= 2
            case .failed: return nil
            }
        }
        return nil
    }
}
