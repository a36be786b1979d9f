import BVCore
@testable import BVDaemon
import BVStore
import Foundation
import BVNotices
import Testing
import Yams

/// `docs/openapi.yaml` against the routes the control API actually serves: the same operations,
/// each with an id, a success response and the problem responses its access rules imply.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("documents exactly the operations ControlAPI serves")
    func operationsMatchRoutes() throws {
        let document = try OpenAPIDocument.load()
        let documented = document.operations.map { "\($0.method) \($0.path)" }
        #expect(Set(documented).count == documented.count, "an operation appears twice in the document")

        let served = try OpenAPIDocument.servedRoutes().map { "\($0.method) \($0.path)" }
        #expect(Set(served).count == served.count, "ControlAPI serves a route twice")
        #expect(!served.isEmpty)

        let missing = Set(served).subtracting(documented).sorted()
        let extra = Set(documented).subtracting(served).sorted()
        #expect(missing.isEmpty, "served but not documented: \(missing)")
        #expect(extra.isEmpty, "documented but not served: \(extra)")
    }

    @Test("ReviewChange in the document names every kind of change the log holds")
    func everyKindOfChange() throws {
        let document = try OpenAPIDocument.load()
        let schemas = OpenAPIDocument.mapping(OpenAPIDocument.mapping(document.root["components"])?["schemas"])
        let documented = Set(OpenAPIDocument.mapping(OpenAPIDocument.mapping(schemas?["ReviewChange"])?["properties"])?.keys.map { $0 } ?? [])
        // The cases of ReviewChange, as its `kind` switch lists them: `case .organisationInvited: "organisation-invited"`.
        let source = try String(contentsOf: OpenAPIDocument.root.appendingPathComponent("Sources/BVCore/Review/ReviewChange.swift"), encoding: .utf8)
        let kinds = source.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("case ."), text.hasSuffix("\""), let colon = text.firstIndex(of: ":") else { return nil }
            return String(text[text.index(text.startIndex, offsetBy: 6)..<colon])
        }
        #expect(kinds.count > 20, "the kind switch was not found")
        #expect(Set(kinds).subtracting(documented).sorted() == [], "kinds of change missing from ReviewChange in docs/openapi.yaml")
    }

    @Test("every operation has an id, a success response and its problem responses")
    func operationsAreComplete() throws {
        let document = try OpenAPIDocument.load()
        #expect(!document.operations.isEmpty)
        var ids: [String] = []
        for operation in document.operations {
            let name = "\(operation.method) \(operation.path)"
            let id = operation.object["operationId"] as? String ?? ""
            #expect(!id.isEmpty, "\(name) has no operationId")
            ids.append(id)
            #expect((operation.object["summary"] as? String)?.isEmpty == false, "\(name) has no summary")

            let responses = operation.responses
            #expect(responses.keys.contains { $0.hasPrefix("2") && $0.count == 3 }, "\(name) documents no 2xx response")
            if operation.method != "GET" {
                #expect(responses["403"] != nil, "\(name) does not document 403")
                let problems = responses.values.contains { document.resolve($0).content["application/problem+json"] != nil }
                #expect(problems, "\(name) documents no application/problem+json response")
            }
            if operation.object["requestBody"] != nil {
                #expect(responses["400"] != nil || operation.path.hasSuffix("/import"), "\(name) takes a body but does not document 400")
                #expect(responses["413"] != nil, "\(name) takes a body but does not document 413")
            }
            if operation.path.contains("{id}") {
                #expect(responses["404"] != nil, "\(name) does not document 404")
            }

            // Every path template is declared as a path parameter, on the operation or its path.
            let declared = Set(operation.parameters.compactMap { parameter -> String? in
                let parameter = document.resolve(parameter)
                return parameter.object["in"] as? String == "path" ? parameter.object["name"] as? String : nil
            })
            #expect(declared == operation.templateNames, "\(name) declares path parameters \(declared.sorted())")

            // The least role, as AccessMiddleware decides it.
            let role = Role.needed(method: operation.method, path: operation.path).rawValue
            #expect(operation.object["x-bvd-role"] as? String == role, "\(name) should name role \(role)")
        }
        #expect(Set(ids).count == ids.count, "operationIds are not unique: \(ids.sorted())")
    }

    @Test("is an OpenAPI 3.1 document for the control socket")
    func version() throws {
        let document = try OpenAPIDocument.load()
        let version = document.root["openapi"] as? String ?? ""
        #expect(version.wholeMatch(of: /3\.1\.\d+/) != nil, "openapi is '\(version)', not 3.1.x")
        let servers = (document.root["servers"] as? [Any] ?? []).compactMap(OpenAPIDocument.mapping)
        #expect(servers.contains { $0["url"] as? String == "http://bvd" })
    }
}

/// The YAML document, read with Yams into plain dictionaries.
private struct OpenAPIDocument {
    struct Operation {
        let method: String
        let path: String
        let object: [String: Any]
        let parameters: [Any]

        var responses: [String: Any] { OpenAPIDocument.mapping(object["responses"]) ?? [:] }

        /// `{id}`, `{meeting}`… in the path.
        var templateNames: Set<String> {
            Set(path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) })
        }
    }

    struct Resolved {
        let object: [String: Any]
        var content: [String: Any] { OpenAPIDocument.mapping(object["content"]) ?? [:] }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    let root: [String: Any]
    let operations: [Operation]

    static func load() throws -> OpenAPIDocument {
        let text = try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let root = try #require(mapping(try Yams.load(yaml: text)), "docs/openapi.yaml is not a YAML mapping")
        let paths = try #require(mapping(root["paths"]), "docs/openapi.yaml has no paths")
        var operations: [Operation] = []
        for (path, item) in paths {
            let item = try #require(mapping(item), "path item \(path) is not a mapping")
            let shared = item["parameters"] as? [Any] ?? []
            for (key, value) in item where httpMethods.contains(key) {
                let object = try #require(mapping(value), "\(key) \(path) is not a mapping")
                operations.append(Operation(method: key.uppercased(), path: path, object: object,
                                            parameters: shared + (object["parameters"] as? [Any] ?? [])))
            }
        }
        return OpenAPIDocument(root: root, operations: operations.sorted { ($0.path, $0.method) < ($1.path, $1.method) })
    }

    /// Follows a local `$ref` (`#/components/responses/Forbidden`) to what it names.
    func resolve(_ value: Any) -> Resolved {
        var object = Self.mapping(value) ?? [:]
        var hops = 0
        while let reference = object["$ref"] as? String, reference.hasPrefix("#/"), hops < 8 {
            var target: Any? = root
            for key in reference.dropFirst(2).split(separator: "/") { target = Self.mapping(target)?[String(key)] }
            object = Self.mapping(target) ?? [:]
            hops += 1
        }
        return Resolved(object: object)
    }

    /// A YAML mapping with its keys as strings (`'200'` and `200` alike).
    static func mapping(_ value: Any?) -> [String: Any]? {
        if let strings = value as? [String: Any] { return strings }
        guard let any = value as? [AnyHashable: Any] else { return nil }
        return Dictionary(any.map { ("\($0.key.base)", $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The routes of a ControlAPI built on a real, temporary store with the shipped workflow.
    static func servedRoutes() throws -> [APIRoute] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bvd-openapi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let workflows = root.appendingPathComponent("workflows").path
        let workflow = try LoadedWorkflow.load(path: workflows + "/best-value-review.yaml").get()
        let store = try SQLiteReviewStore(path: scratch.appendingPathComponent("bvd.sqlite").path, workflows: [workflow])
        defer { try? store.close() }
        var configuration = DaemonConfiguration()
        configuration.workflowDirectories = [workflows]
        let clock = SystemClock()
        let runtime = DaemonRuntime(library: try WorkflowLibrary.load(configuration).get(), started: clock.now())
        let templates = try NoticeTemplates.load(directories: [root.appendingPathComponent("templates").path])
        let composition = NoticeComposition(templates: templates, settings: configuration.notices)
        let api = ControlAPI(store: store, writer: CommandWriter(store: store, clock: clock), clock: clock, runtime: runtime,
                             delivery: NoticeDelivery(settings: configuration.notices, compose: composition.compose, dispatcher: nil))
        return api.routes
    }
}
