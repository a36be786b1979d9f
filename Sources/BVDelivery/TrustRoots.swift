import Glibc
import NIOSSL

/// Which certificate authorities vouch for an SMTP server or a webhook receiver.
public enum TrustRoots: Sendable, Hashable {
    /// The system's trust store.
    case system
    /// The PEM certificates in this file only (a council's private CA, or a test's).
    case certificateFile(String)

    /// A client configuration: TLS 1.2 or later, full verification of the chain and the name.
    func clientConfiguration() throws(TrustRootsError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        switch self {
        case .system:
            tls.trustRoots = .default
        case .certificateFile(let path):
            guard access(path, R_OK) == 0 else {
                throw TrustRootsError(description: "cannot read the CA file \(path): \(String(cString: strerror(errno)))")
            }
            // Loaded now, so a file that is not PEM is reported at start-up.
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(path) } catch {
                throw TrustRootsError(description: "cannot load the CA file \(path): \(error)")
            }
            guard !certificates.isEmpty else { throw TrustRootsError(description: "the CA file \(path) holds no certificate") }
            tls.trustRoots = .certificates(certificates)
        }
        return tls
    }
}

/// A trust store bvd cannot use.
struct TrustRootsError: Error, CustomStringConvertible {
    let description: String
}
