import BVCore
import BVStore
import Foundation
import Hummingbird

/// What became of one organisation invited from the directory.
struct DirectoryInvitation: Encodable {
    let organisation: String
    /// `invited`, or why not (already invited, unknown category…).
    let outcome: String
    let invited: Bool
    /// The directory's contact, added as the review's representative.
    let representative: String?
}

extension ControlAPI {
    func listDirectory(_ request: Request, _ context: ControlContext) async throws -> Response {
        try json(try await store.directoryOrganisations(category: request.uri.queryParameters.get("category").map { String($0) }))
    }

    func showDirectoryOrganisation(_ request: Request, _ context: ControlContext) async throws -> Response {
        let id = try context.parameter("organisation")
        guard let organisation = try await store.directoryOrganisation(id) else { throw ProblemError.notFound("no organisation '\(id)' in the directory") }
        return try json(organisation)
    }

    func addDirectoryOrganisation(_ request: Request, _ context: ControlContext) async throws -> Response {
        let body = try await decode(Body.DirectoryOrganisation.self, request, context)
        guard let name = body.name, let category = body.category else {
            throw ProblemError.badRequest(body.name == nil ? "an organisation needs a 'name'" : "an organisation needs a 'category'", field: body.name == nil ? "name" : "category")
        }
        let organisation = try directoryEntry(id: try identifier(body.id, field: "id"), name: name, category: category, body: body, context: context)
        guard try await store.saveDirectoryOrganisation(organisation, replacing: false) else {
            throw ProblemError(Problem(status: .conflict, type: "conflict", title: "Already in the directory",
                                       detail: "organisation '\(organisation.id)' is already in the directory; change it with bvctl org edit"))
        }
        context.logger.info("directory organisation added", metadata: ["organisation": "\(organisation.id)", "user": "\(organisation.updatedBy)"])
        return try json(organisation, status: .created)
    }

    /// Changes the fields given; the others stay as they are.
    func editDirectoryOrganisation(_ request: Request, _ context: ControlContext) async throws -> Response {
        let id = try context.parameter("organisation")
        guard let current = try await store.directoryOrganisation(id) else { throw ProblemError.notFound("no organisation '\(id)' in the directory") }
        let body = try await decode(Body.DirectoryOrganisation.self, request, context)
        var merged = body
        merged.contactName = body.contactName ?? current.contact?.name
        merged.email = body.email ?? current.contact?.email
        merged.phone = body.phone ?? current.contact?.phone
        let organisation = try directoryEntry(id: id, name: body.name ?? current.name, category: body.category ?? current.category, body: merged, context: context)
        _ = try await store.saveDirectoryOrganisation(organisation, replacing: true)
        context.logger.info("directory organisation changed", metadata: ["organisation": "\(id)", "user": "\(organisation.updatedBy)"])
        return try json(organisation)
    }

    private func directoryEntry(id: String, name: String, category: String, body: Body.DirectoryOrganisation,
                                context: ControlContext) throws -> DirectoryOrganisation {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ProblemError.unprocessable("an organisation needs a name", field: "name") }
        try knownCategory(category)
        if let email = body.email, !email.contains("@") { throw ProblemError.unprocessable("'\(email)' is not an email address", field: "email") }
        if body.contactName == nil, body.email != nil || body.phone != nil {
            throw ProblemError.unprocessable("give the contact's name with their email address or telephone number", field: "contactName")
        }
        let contact = body.contactName.map { DirectoryOrganisation.Contact(name: $0, email: body.email, phone: body.phone) }
        if let contact, contact.email == nil, contact.phone == nil {
            throw ProblemError.unprocessable("give an email address or a telephone number for \(contact.name), so that notices can reach them", field: "email")
        }
        return DirectoryOrganisation(id: id, name: name, category: category, contact: contact,
                                     updatedBy: context.caller?.user ?? "?", updated: clock.now())
    }

    /// A category of one of the loaded workflows, or a 422 naming them.
    private func knownCategory(_ category: String) throws {
        let categories = Set(runtime.library.workflows.flatMap { $0.definition.categories.map(\.id) })
        guard categories.contains(category) else {
            throw ProblemError.unprocessable("unknown category '\(category)'; the workflows' categories are \(categories.sorted().joined(separator: ", "))", field: "category")
        }
    }

    private func identifier(_ text: String?, field: String) throws -> String {
        if let problem = organisationIDProblem(text ?? "") { throw ProblemError.unprocessable(problem, field: field) }
        return text ?? ""
    }

    /// Invites organisations from the directory (named, or every one of a category), each with its
    /// contact as representative. Each invitation is its own command: one already invited is
    /// reported and the others go ahead.
    func inviteFromDirectory(_ request: Request, _ context: ControlContext) async throws -> Response {
        let review = try context.parameter("id")
        guard let stored = try await store.review(review) else { throw ProblemError.noReview(review) }
        let body = try await decode(Body.DirectoryInvite.self, request, context)
        // An id the directory does not know is one outcome among the others, which go ahead.
        var chosen: [DirectoryOrganisation] = []
        var results: [DirectoryInvitation] = []
        for id in body.organisations ?? [] {
            if let organisation = try await store.directoryOrganisation(id) {
                chosen.append(organisation)
            } else if !results.contains(where: { $0.organisation == id }) {
                results.append(DirectoryInvitation(organisation: id, outcome: "no organisation '\(id)' in the directory (bvctl org list)", invited: false, representative: nil))
            }
        }
        if let category = body.category {
            try knownCategory(category)
            chosen += try await store.directoryOrganisations(category: category)
        }
        guard !chosen.isEmpty || !results.isEmpty else {
            throw ProblemError.unprocessable(body.category.map { "the directory has no organisation in the category '\($0)'" }
                                             ?? "name organisations from the directory or a category", field: body.category == nil ? "organisations" : "category")
        }
        let actor = context.caller!.actor
        for organisation in chosen where !results.contains(where: { $0.organisation == organisation.id }) {
            // The invitation and the contact in one commit: the invitation notice never finds the
            // organisation without its representative. An organisation already taking part is
            // invited alone, so that its refusal is all that happens.
            var commands = [CommandRequest(review: review, command: .invite(organisation: organisation.id, name: organisation.name,
                                                                             category: organisation.category), actor: actor)]
            let representative = organisation.contact.map { Self.representativeID($0.name) }
            if let contact = organisation.contact, let id = representative, stored.state.organisation(organisation.id) == nil {
                commands.append(CommandRequest(review: review, command: .addRepresentative(representative: id, organisation: organisation.id, name: contact.name,
                                                                                             email: contact.email, phone: contact.phone), actor: actor))
            }
            let outcomes = try await writer.submit(commands)
            if case .failure(let error) = outcomes[0] {
                results.append(DirectoryInvitation(organisation: organisation.id, outcome: error.description, invited: false, representative: nil))
                continue
            }
            var added = false
            if outcomes.count > 1, case .success = outcomes[1] { added = true }
            results.append(DirectoryInvitation(organisation: organisation.id, outcome: "invited", invited: true, representative: added ? representative : nil))
        }
        return try json(results)
    }

    /// `Mary Jones` → `mary-jones`.
    static func representativeID(_ name: String) -> String {
        let words = name.lowercased().split { !($0.isLetter || $0.isNumber) || !$0.isASCII }
        return words.isEmpty ? "contact" : words.joined(separator: "-")
    }
}
