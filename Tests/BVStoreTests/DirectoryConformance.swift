import BVCore
import BVStore
import Testing

@Suite("Store conformance: the organisation directory")
struct DirectoryConformance {
    let t0 = StoreFixture.london("2027-01-04T09:00")

    @Test("organisations are added once, edited only when present, listed by id and by category", arguments: StoreConformance.names)
    func directory(_ backend: String) async throws {
        let (store, keep) = try StoreConformance.make(backend)
        let tenants = DirectoryOrganisation(id: "tenants", name: "Tenants' Federation", category: "tenants-and-community",
                                            contact: .init(name: "Mary Jones", email: "mary@t.example", phone: nil), updatedBy: "j.smith", updated: t0)
        let unison = DirectoryOrganisation(id: "unison", name: "UNISON", category: "trade-unions", contact: nil, updatedBy: "j.smith", updated: t0)
        #expect(try await store.saveDirectoryOrganisation(unison, replacing: false))
        #expect(try await store.saveDirectoryOrganisation(tenants, replacing: false))
        #expect(try await store.saveDirectoryOrganisation(tenants, replacing: false) == false, "an id is added once")
        var renamed = unison
        renamed.name = "UNISON Northfield branch"
        renamed.updatedBy = "a.khan"
        #expect(try await store.saveDirectoryOrganisation(renamed, replacing: true))
        let ghost = DirectoryOrganisation(id: "ghost", name: "Ghost", category: "users", contact: nil, updatedBy: "x", updated: t0)
        #expect(try await store.saveDirectoryOrganisation(ghost, replacing: true) == false, "only an organisation present is edited")
        #expect(try await store.directoryOrganisations(category: nil).map(\.id) == ["tenants", "unison"])
        #expect(try await store.directoryOrganisations(category: "trade-unions").map(\.name) == ["UNISON Northfield branch"])
        #expect(try await store.directoryOrganisation("unison")?.updatedBy == "a.khan")
        #expect(try await store.directoryOrganisation("tenants") == tenants)
        #expect(try await store.directoryOrganisation("ghost") == nil)
        withExtendedLifetime(keep) {}
    }
}
