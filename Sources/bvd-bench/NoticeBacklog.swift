import BVClient
import Foundation

/// Queues notices through the control API of a bvd that has no channels, so they wait: reviews
/// with one organisation and one representative (with an email address), each with meetings
/// three to seven weeks ahead, every meeting giving one invitation. The backlog is made before
/// delivery starts so that the drain measures delivery alone, not the commands that queue it.
struct NoticeBacklog {
    let reviews: Int
    let meetingsPerReview: Int

    /// The review ids, for reads during the drain.
    var reviewIDs: [String] { (0..<reviews).map { "r\($0)" } }

    /// Eight clients at once, a share of the reviews each.
    func make(socket: String) throws {
        let problems = ProblemList()
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            Thread {
                defer { group.leave() }
                let client = UnixHTTPClient(path: socket)
                do {
                    for review in stride(from: thread, to: reviews, by: 8) { try make(review: review, client) }
                } catch {
                    problems.add("\(error)")
                }
            }.start()
        }
        group.wait()
        if let problem = problems.first { throw BenchFailure("could not queue the backlog: \(problem)") }
    }

    private func make(review n: Int, _ client: UnixHTTPClient) throws {
        let review = "/v1/reviews/r\(n)"
        try post(client, "/v1/reviews", ["id": "r\(n)", "title": "Review \(n)", "service": "Service \(n)", "lead": "bench"])
        try post(client, review + "/organisations", ["id": "tenants", "name": "Tenants’ Federation", "category": "tenants-and-community"])
        try post(client, review + "/organisations/tenants/representatives",
                 ["id": "mary", "name": "Mary Jones", "email": "mary@tenants.example"])
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'18:30"
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        for m in 0..<meetingsPerReview {
            let start = Date().addingTimeInterval(Double(21 + m % 28) * 86_400)
            try post(client, review + "/meetings", [
                "id": "m\(m)", "title": "Tenants’ forum \(m)", "method": "neighbourhood-forum",
                "start": formatter.string(from: start), "place": "Civic Centre, Room 2", "invitees": ["tenants"],
            ])
        }
    }

    private func post(_ client: UnixHTTPClient, _ target: String, _ fields: [String: Any]) throws {
        let body = Array(try JSONSerialization.data(withJSONObject: fields))
        let reply = try client.request("POST", target, body: body)
        guard reply.status < 300 else { throw BenchFailure("POST \(target): \(reply.status) \(reply.text)") }
    }
}

/// Messages gathered from several threads.
final class ProblemList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var first: String? { lock.withLock { items.first } }
}
