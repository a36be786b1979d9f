import ArgumentParser
import BVCore

/// `bvctl org …`: the directory of organisations the authority involves, shared by every review.
struct OrgGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Keep the directory of organisations (tenants' groups, unions, carers…) that reviews invite.",
        discussion: """
            An organisation in the directory is invited to a review with bvctl review invite REVIEW ORG…, \
            or a whole category with --category; its contact becomes the review's representative.

            Example:
            \(CommandExample.laidOut(#"bvctl org add tenants-federation --name "Borough Tenants' Federation" --category tenants-and-community --contact "Mary Jones" --email mary.jones@tenants.example"#))
            """,
        subcommands: [OrgAdd.self, OrgList.self, OrgShow.self, OrgEdit.self]
    )
}

/// The contact an organisation's entry may give.
struct OrgContact: ParsableArguments {
    @Option(help: ArgumentHelp("The person notices go to.", valueName: "name")) var contact: String?
    @Option(help: ArgumentHelp("The contact's email address.", valueName: "address")) var email: String?
    @Option(help: ArgumentHelp("The contact's telephone number.", valueName: "number")) var phone: String?

    func validate() throws {
        if let email, !email.contains("@") || email.contains(where: \.isWhitespace) { throw ValidationError("--email: '\(email)' is not an email address") }
    }
}

/// The fields an organisation's entry may give: name and category (both required by `org add`,
/// so its usage line says so), and the contact.
struct OrgFields {
    let name: String?
    let category: String?
    let contact: OrgContact

    func validate() throws {
        if let name { try requireText(name, "--name") }
        if let category { try requireIdentifier(category, "--category") }
    }

    var body: [String: (any Encodable)?] {
        ["name": name, "category": category, "contactName": contact.contact, "email": contact.email, "phone": contact.phone]
    }

    /// Sends the entry and prints `message` with the stored entry (or the API's JSON).
    func save(_ connection: DaemonConnection, _ target: String, body: [String: (any Encodable)?], message: (DirectoryOrganisationReply) -> String) throws {
        let reply = try connection.call("POST", target, body: try connection.jsonBody(body))
        print(connection.json ? reply.text : message(try decodeReply(DirectoryOrganisationReply.self, reply)))
    }
}

struct OrgAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an organisation to the directory.",
        discussion: """
            Example:
            \(CommandExample.laidOut(#"bvctl org add unison-branch --name "UNISON Northfield branch" --category trade-unions --contact "Sam Patel" --phone "01632 960123""#))
            """)

    @Argument(help: ArgumentHelp("The organisation's id, used by every review.", valueName: "org")) var organisation: String
    @Option(help: "The organisation's name.") var name: String
    @Option(help: ArgumentHelp("One of the workflow's categories, e.g. trade-unions.", valueName: "category")) var category: String
    @OptionGroup var contact: OrgContact
    @OptionGroup var connection: DaemonConnection

    var fields: OrgFields { OrgFields(name: name, category: category, contact: contact) }

    func validate() throws {
        // The id of a new entry must be one bvd accepts (an existing one is looked up as it is).
        if let problem = organisationIDProblem(organisation) { throw ValidationError(problem) }
        try fields.validate()
        // As for rep add; org edit's are checked by bvd, against the entry's current contact.
        if contact.contact != nil, contact.email == nil, contact.phone == nil {
            throw ValidationError("give --email or --phone (or both) with --contact, so that notices can reach the contact")
        }
        if contact.contact == nil, contact.email != nil || contact.phone != nil {
            throw ValidationError("give --contact, the name of the person at that address or number")
        }
    }

    func run() throws {
        var body = fields.body
        body["id"] = organisation
        try fields.save(connection, "/v1/organisations", body: body) { "Added '\($0.name)' (\($0.id)) to the directory; contact: \($0.contactText)." }
    }
}

struct OrgEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change an organisation's entry; fields not given stay as they are.",
        discussion: """
            Reviews that already invited the organisation keep what they copied; the change applies to later invitations.

            Example:
            \(CommandExample.laidOut(#"bvctl org edit tenants-federation --contact "Ann Lee" --email ann.lee@tenants.example"#))
            """)

    @Argument(help: ArgumentHelp("The organisation's id.", valueName: "org")) var organisation: String
    @Option(help: "The organisation's new name.") var name: String?
    @Option(help: ArgumentHelp("One of the workflow's categories, e.g. trade-unions.", valueName: "category")) var category: String?
    @OptionGroup var contact: OrgContact
    @OptionGroup var connection: DaemonConnection

    var fields: OrgFields { OrgFields(name: name, category: category, contact: contact) }

    func validate() throws {
        try requireIdentifier(organisation, "organisation")
        try fields.validate()
        guard fields.body.values.contains(where: { $0 != nil }) else { throw ValidationError("give at least one field to change") }
    }

    func run() throws {
        try fields.save(connection, "/v1/organisations/\(APIPath.segment(organisation))", body: fields.body) {
            "Changed '\($0.id)' in the directory: \($0.name), \($0.category); contact: \($0.contactText)."
        }
    }
}

struct OrgList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the directory, optionally one category.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl org list --category trade-unions"))")

    @Option(help: ArgumentHelp("Only this category.", valueName: "category")) var category: String?
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let organisations = try connection.read([DirectoryOrganisationReply].self, APIPath.query("/v1/organisations", [("category", category)])) else { return }
        guard !organisations.isEmpty else { return print("The directory has no organisations\(category.map { " in '\($0)'" } ?? "") yet (bvctl org add).") }
        print(grid(organisations.map { [$0.id, $0.name, $0.category, $0.contactText] }, header: ["ORG", "NAME", "CATEGORY", "CONTACT"]))
    }
}

struct OrgShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one organisation of the directory, and who last changed it.",
        discussion: "Example:\n\(CommandExample.laidOut("bvctl org show tenants-federation"))")

    @Argument(help: ArgumentHelp("The organisation's id.", valueName: "org")) var organisation: String
    @OptionGroup var connection: DaemonConnection

    func run() throws {
        guard let entry = try connection.read(DirectoryOrganisationReply.self, "/v1/organisations/\(APIPath.segment(organisation))") else { return }
        print(Style.bold(entry.name) + " (\(entry.id))")
        print("category: \(entry.category)")
        print("contact:  \(entry.contactText)")
        print("changed:  \(Style.time(entry.updated)) by \(entry.updatedBy)")
    }
}
