/// A JSON request body from named fields of any encodable type (text, numbers, flags, lists),
/// written as one object; `DaemonConnection.jsonBody` leaves out the absent ones.
struct RequestBody: Encodable {
    let fields: [String: any Encodable]

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields { try container.encode(value, forKey: Key(stringValue: name)) }
    }
}
