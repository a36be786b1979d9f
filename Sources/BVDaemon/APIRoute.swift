/// One operation of the control API, as the OpenAPI document names it. The router is built from
/// this table and the tests compare it with `docs/openapi.yaml`, so the two cannot drift apart.
public struct APIRoute: Sendable, Hashable {
    public let method: String
    /// OpenAPI form: `/v1/reviews/{id}`.
    public let path: String

    /// Hummingbird's form: `/v1/reviews/:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}
