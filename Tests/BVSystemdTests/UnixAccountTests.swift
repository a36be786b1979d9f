import BVSystemd
import Glibc
import Testing

@Suite struct UnixAccountTests {
    @Test func rootIsInGroupRoot() {
        let root = UnixAccount.lookup(uid: 0)
        #expect(root.name == "root")
        #expect(root.groups.first == UnixAccount.Group(gid: 0, name: "root"))
        #expect(root.groupNames.contains("root"))
    }

    @Test func nobodyIsNobody() {
        let nobody = UnixAccount.lookup(uid: 65_534)
        #expect(nobody.name == "nobody")
        #expect(nobody.groups.first?.gid == 65_534)
    }

    @Test func thisProcessUserHasItsPrimaryGroupFirst() throws {
        let account = UnixAccount.lookup(uid: getuid())
        let entry = try #require(getpwuid(getuid()))
        #expect(account.name == String(cString: entry.pointee.pw_name))
        #expect(account.groups.first?.gid == entry.pointee.pw_gid)
        #expect(Set(account.groups.map(\.gid)).count == account.groups.count)
    }

    @Test func anUnknownUIDIsNamedByNumberWithNoGroups() {
        let stranger = UnixAccount.lookup(uid: 3_999_999_999)
        #expect(stranger == UnixAccount(uid: 3_999_999_999, name: "3999999999", groups: []))
    }
}
