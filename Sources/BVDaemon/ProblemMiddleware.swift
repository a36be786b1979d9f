import Foundation
import Hummingbird
import NIOCore

/// Turns every error into `application/problem+json`; nothing reaches the client as a bare 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ControlContext

    func handle(_ request: Request, context: ControlContext, next: (Request, ControlContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProblemError {
            return error.problem.response()
        } catch let error as DecodingError {
            let (detail, field) = Self.describe(error)
            var problem = Problem(status: .badRequest, type: "bad-request", title: "Bad request body", detail: detail)
            problem.field = field
            return problem.response()
        } catch is NIOTooManyBytesError {
            return Problem(status: .contentTooLarge, type: "too-large", title: "Request body too large",
                           detail: "the body is larger than the \(DaemonRuntime.maximumBodyBytes) bytes bvd accepts").response()
        } catch let error as HTTPError {
            return Problem(status: error.status, type: "http", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase).response()
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return Problem(status: .internalServerError, type: "internal", title: "Internal error", detail: "\(error)").response()
        }
    }

    static func describe(_ error: DecodingError) -> (String, String?) {
        func path(_ context: DecodingError.Context) -> String { context.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return ("'\(field)' is required", field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ("'\(path(context))': \(context.debugDescription)", path(context))
        case .dataCorrupted(let context):
            let field = path(context)
            return (field.isEmpty ? "the body is not valid JSON" : "'\(field)': \(context.debugDescription)", field.isEmpty ? nil : field)
        @unknown default:
            return ("\(error)", nil)
        }
    }
}

/// Lets in only callers with a role, and only officers and admins change anything.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ControlContext
    let policy: AccessPolicy

    func handle(_ request: Request, context: ControlContext, next: (Request, ControlContext) async throws -> Response) async throws -> Response {
        guard let uid = context.peer else {
            throw ProblemError(Problem(status: .forbidden, type: "forbidden", title: "Forbidden", detail: "the caller's credentials could not be read"))
        }
        let caller = policy.caller(uid: uid)
        guard let role = caller.role else {
            context.logger.warning("refused a caller with no role", metadata: ["user": "\(caller.user)", "uid": "\(uid)", "path": "\(request.uri.path)"])
            throw ProblemError(Problem(status: .forbidden, type: "forbidden", title: "Forbidden",
                                       detail: "user '\(caller.user)' (uid \(uid)) has no role in bvd; ask an administrator to add you to an officers' or viewers' group"))
        }
        let needed = Role.needed(method: request.method.rawValue, path: request.uri.path)
        guard role >= needed else {
            context.logger.warning("refused a change by a viewer", metadata: ["user": "\(caller.user)", "uid": "\(uid)", "path": "\(request.uri.path)"])
            throw ProblemError(Problem(status: .forbidden, type: "forbidden", title: "Forbidden",
                                       detail: "user '\(caller.user)' is \(role == .admin ? "an" : role == .officer ? "an" : "a") \(role.rawValue) and may not do this; \(needed.rawValue)s may"))
        }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }
}
