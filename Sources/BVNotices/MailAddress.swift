/// A mailbox: an address and the display name people see, e.g. `Democratic Services <dem@northfield.gov.uk>`.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String?
    public let address: String

    public init(name: String? = nil, address: String) { (self.name, self.address) = (name, address) }

    /// The recipient's mailbox, when they have an email address.
    public init?(_ recipient: NoticeRecipient) {
        guard let email = recipient.email, !email.isEmpty else { return nil }
        self.init(name: recipient.name, address: email)
    }

    /// The domain after the last `@`, e.g. for Message-IDs and calendar UIDs.
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? address }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }
}
