import AsyncHTTPClient
import BVCore
public import BVNotices
import Foundation
public import NIOCore
import NIOPosix

/// Delivers notices as signed JSON POSTs to one configured URL (Standard Webhooks).
///
/// Each request carries `content-type: application/json`, `webhook-id` (the notice id, the same
/// on every retry, so the receiver can discard duplicates), `webhook-timestamp` (Unix seconds),
/// `webhook-signature` (from the signer) and `user-agent: bvd/<version>`.
///
/// - Success: any 2xx status.
/// - 410 Gone: permanent, and `disablesEndpoint`: the receiver says it will never accept again.
/// - 429 and 503: retryable, honouring `Retry-After` (seconds or an HTTP-date) as `retryAfter`.
/// - Anything else (other statuses, redirects, no connection, timeouts): retryable, the message
///   giving the status and the start of the response body.
/// - Permanent as well: a notice that cannot be encoded.
///
/// Redirects are never followed: a receiver cannot send notices on to a host the configuration
/// does not name. The URL's host must be in `allowedHosts`, checked when the adapter is made.
/// One `HTTPClient` serves all deliveries; call `shutdown()` before dropping the adapter.
public final class WebhookAdapter: NoticeAdapter {
    public struct Configuration: Sendable, Hashable {
        /// `http://` or `https://`; plain HTTP only makes sense on a host the council runs.
        public var url: String
        /// The hosts this adapter may post to (`allowed-hosts`); by default only the URL's own.
        public var allowedHosts: [String]?
        /// How long establishing the connection (and TLS) may take.
        public var connectTimeout: Duration
        /// How long the whole request may take, from connecting to the end of the response.
        public var timeout: Duration
        public var maximumInFlight: Int
        public var trustRoots: TrustRoots
        /// By default `bvd/<version>`.
        public var userAgent: String
        /// How many characters of a failed response's body a failure message quotes.
        public var responseExcerptLimit: Int

        public init(
            url: String, allowedHosts: [String]? = nil, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30),
            maximumInFlight: Int = 4, trustRoots: TrustRoots = .system, userAgent: String? = nil,
            responseExcerptLimit: Int = 200
        ) {
            (self.url, self.allowedHosts, self.connectTimeout, self.timeout) = (url, allowedHosts, connectTimeout, timeout)
            (self.maximumInFlight, self.trustRoots) = (maximumInFlight, trustRoots)
            self.userAgent = userAgent ?? "bvd/\(BVCoreVersion.string)"
            self.responseExcerptLimit = responseExcerptLimit
        }
    }

    public let name: String
    public let configuration: Configuration
    /// The URL's host, as failure messages name the receiver (never the path or query: they
    /// may hold a token).
    public let host: String
    private let client: HTTPClient
    private let encode: NoticeBodyEncoder
    private let sign: WebhookSigner
    private let now: @Sendable () -> Int64

    public var maximumInFlight: Int { configuration.maximumInFlight }

    /// `clock` gives the `webhook-timestamp` in Unix seconds (by default the system clock);
    /// connections run on `eventLoopGroup` (by default NIO's shared singleton group).
    public init(
        name: String = "hooks", configuration: Configuration, encoder: @escaping NoticeBodyEncoder, signer: @escaping WebhookSigner,
        clock: (@Sendable () -> Int64)? = nil, eventLoopGroup: (any EventLoopGroup)? = nil
    ) throws(WebhookConfigurationError) {
        guard let url = URL(string: configuration.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host?.lowercased(), !host.isEmpty
        else { throw WebhookConfigurationError("'\(configuration.url)' is not an http:// or https:// URL with a host") }
        let allowed = (configuration.allowedHosts ?? [host]).map { $0.lowercased() }
        guard allowed.contains(host) else {
            throw WebhookConfigurationError("the webhook host \(host) is not in allowed-hosts (\(allowed.joined(separator: ", ")))")
        }
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.timeout)),
            decompression: .disabled)
        do { http.tlsConfiguration = try configuration.trustRoots.clientConfiguration() } catch {
            throw WebhookConfigurationError(error.description)
        }
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, configuration.maximumInFlight)
        (self.name, self.configuration, self.host) = (name, configuration, host)
        (self.encode, self.sign) = (encoder, signer)
        now = clock ?? { Int64(Date().timeIntervalSince1970) }
        client = HTTPClient(eventLoopGroup: eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton, configuration: http)
    }

    /// Closes the connections; the adapter cannot deliver afterwards.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func deliver(_ notice: OutgoingNotice) async throws(DeliveryFailure) {
        let body: [UInt8]
        do { body = try encode(notice) } catch {
            throw DeliveryFailure("cannot encode notice \(notice.id): \(error)", isPermanent: true)
        }
        let timestamp = now()
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        for (field, value) in [
            ("content-type", "application/json"), ("webhook-id", notice.id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", sign(notice.id, timestamp, body)), ("user-agent", configuration.userAgent),
        ] {
            request.headers.add(name: field, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.timeout))
            let excerpt = await readExcerpt(of: response.body, success: (200..<300).contains(response.status.code))
            let answer = WebhookResponse(
                code: response.status.code, reason: response.status.reasonPhrase, retryAfter: response.headers.first(name: "retry-after"),
                location: response.headers.first(name: "location"), bodyExcerpt: excerpt)
            if let failure = answer.failure(host: host, now: now()) {
                throw failure
            }
        } catch let failure as DeliveryFailure {
            throw failure
        } catch {
            throw WebhookResponse.failure(host: host, error: error, configuration: configuration)
        }
    }

    /// The start of the body, for a failure message; a successful response's body is read (to
    /// keep the connection reusable) up to a bound and dropped.
    private func readExcerpt(of body: HTTPClientResponse.Body, success: Bool) async -> String {
        var kept: [UInt8] = []
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                if !success, kept.count < 4096 { kept += chunk.readableBytesView.prefix(4096 - kept.count) }
                if total > 64 * 1024 { break }
            }
        } catch {}
        return excerpt(String(decoding: kept, as: UTF8.self), limit: configuration.responseExcerptLimit)
    }
}

/// A webhook configuration bvd cannot use.
public struct WebhookConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
