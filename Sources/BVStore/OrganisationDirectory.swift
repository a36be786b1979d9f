public import BVCore
import GRDB

/// An organisation the authority involves in reviews (a tenants' federation, a union branch), kept
/// once and invited to any review with `bvctl review invite REVIEW ORG…`. Reviews copy what they
/// need when they invite it, so editing the directory never rewrites a review's history.
public struct DirectoryOrganisation: Sendable, Hashable, Codable {
    public let id: String
    public var name: String
    public var category: String
    /// The person notices go to when the organisation is invited; becomes the review's representative.
    public var contact: Contact?
    /// Who last changed the entry, and when: the directory's audit trail.
    public var updatedBy: String
    public var updated: Instant

    public struct Contact: Sendable, Hashable, Codable {
        public var name: String
        public var email: String?
        public var phone: String?
        public init(name: String, email: String?, phone: String?) { (self.name, self.email, self.phone) = (name, email, phone) }
    }

    public init(id: String, name: String, category: String, contact: Contact?, updatedBy: String, updated: Instant) {
        (self.id, self.name, self.category, self.contact, self.updatedBy, self.updated) = (id, name, category, contact, updatedBy, updated)
    }
}

extension SQLiteReviewStore {
    /// Adds an organisation, or replaces it when `replacing` is true; false when the choice did not
    /// match (adding one that exists, editing one that does not).
    public func saveDirectoryOrganisation(_ organisation: DirectoryOrganisation, replacing: Bool) async throws -> Bool {
        try await write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM directory_organisation WHERE id = ?)", arguments: [organisation.id]) ?? false
            guard exists == replacing else { return false }
            try db.run("""
                INSERT INTO directory_organisation (id, name, category, contact_name, contact_email, contact_phone, updated_by, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category, contact_name = excluded.contact_name,
                    contact_email = excluded.contact_email, contact_phone = excluded.contact_phone, updated_by = excluded.updated_by,
                    updated = excluded.updated
                """, [organisation.id, organisation.name, organisation.category, organisation.contact?.name, organisation.contact?.email,
                      organisation.contact?.phone, organisation.updatedBy, organisation.updated.millisecondsSinceEpoch])
            return true
        }
    }

    public func directoryOrganisation(_ id: String) async throws -> DirectoryOrganisation? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM directory_organisation WHERE id = ?", arguments: [id]).map(Self.organisation) }
    }

    /// The directory in order of id, optionally of one category.
    public func directoryOrganisations(category: String?) async throws -> [DirectoryOrganisation] {
        try await pool.read { db in
            let rows = if let category {
                try Row.fetchAll(db, sql: "SELECT * FROM directory_organisation WHERE category = ? ORDER BY id", arguments: [category])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM directory_organisation ORDER BY id")
            }
            return rows.map(Self.organisation)
        }
    }

    private static func organisation(_ row: Row) -> DirectoryOrganisation {
        let contactName: String? = row["contact_name"]
        return DirectoryOrganisation(
            id: row["id"], name: row["name"], category: row["category"],
            contact: contactName.map { DirectoryOrganisation.Contact(name: $0, email: row["contact_email"], phone: row["contact_phone"]) },
            updatedBy: row["updated_by"], updated: Instant(millisecondsSinceEpoch: row["updated"]))
    }
}
