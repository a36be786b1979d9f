import BVClient
import Foundation
import Testing

@Suite("Control API over the socket")
struct ControlAPITests {
    @Test("a refused decision answers 409 problem+json with every rule and its dates; nothing is recorded")
    func refusalIsProblemJSON() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "T", "service": "S", "lead": "l"])).status == 201)
        let before = try client.request("GET", "/v1/reviews/r1/events").text
        let refused = try client.request("POST", "/v1/reviews/r1/decisions/agree-scope/take", body: body(["outcome": "Agreed"]))
        #expect(refused.status == 409)
        #expect(refused.headers["content-type"] == "application/problem+json")
        let problem = jsonObject(refused)
        #expect(problem["type"] as? String == "https://bvd.invalid/problems/refused")
        let rules = problem["rules"] as? [[String: Any]] ?? []
        #expect(rules.map { $0["rule"] as? String } == ["broad-involvement", "papers-five-clear-days", "public-notice-five-clear-days"])
        #expect((rules.first?["explanation"] as? String) == "0 organisations from 0 categories invited; at least 6 from 4 categories are required")
        #expect(try client.request("GET", "/v1/reviews/r1/events").text == before)

        // Validation names the field; unknown ids are 404; wrong values are 422.
        let missing = jsonObject(try client.request("POST", "/v1/reviews/r1/organisations", body: body(["name": "x", "category": "pensioners"])))
        #expect(missing["status"] as? Int == 400)
        #expect(missing["field"] as? String == "id")
        #expect(try client.request("GET", "/v1/reviews/nope").status == 404)
        #expect(try client.request("POST", "/v1/reviews/r1/meetings/m9/papers").status == 404)
        let badCategory = try client.request("POST", "/v1/reviews/r1/organisations", body: body(["id": "x", "name": "X", "category": "cats"]))
        #expect(badCategory.status == 422)
        #expect(try client.request("GET", "/v1/reviews/r1/plan?decision=agree-scope&on=someday").status == 422)
        // A date of the right shape that is no day is said as precisely as bvctl says it.
        let noDay = try client.request("GET", "/v1/reviews/r1/plan?decision=agree-scope&on=2027-02-30")
        #expect(noDay.status == 422 && jsonObject(noDay)["detail"] as? String == "on: '2027-02-30' is not a date: February 2027 has 28 days", "\(noDay.text)")
        let badBody = try client.request("POST", "/v1/reviews/r1/proposals", body: body(["id": "p1", "title": "T", "responseDeadline": "2027-13-01"]))
        #expect(badBody.status == 400 && badBody.text.contains("'2027-13-01' is not a date: there is no month 13"), "\(badBody.text)")

        // A path served with other methods: 405 and the ones it takes; an unknown path stays 404.
        let delete = try client.request("DELETE", "/v1/reviews/r1")
        #expect(delete.status == 405 && delete.headers["allow"] == "GET", "\(delete.status) \(delete.headers)")
        #expect(jsonObject(delete)["detail"] as? String == "/v1/reviews/{id} answers GET, not DELETE")
        #expect(try client.request("PUT", "/v1/reviews").headers["allow"] == "GET, POST")
        #expect(try client.request("POST", "/v1/notices/7").headers["allow"] == "GET")
        #expect(try client.request("GET", "/v1/nowhere").status == 404)
        // Fixed segments beside a parameter: each path answers for itself.
        #expect(try client.request("GET", "/v1/reviews/import").headers["allow"] == "POST")
        #expect(try client.request("GET", "/v1/notices/retry").headers["allow"] == "POST")
        #expect(try client.request("POST", "/v1/notices/retry").status == 200)
        #expect(try client.request("GET", "/v1/reviews/r1").status == 200)
        #expect(daemon.terminate() == 0)
    }

    @Test("an oversized body is refused and the daemon keeps serving")
    func limits() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        let huge = [UInt8](repeating: 32, count: 2 << 20)
        let reply = try? client.request("POST", "/v1/reviews", body: huge)
        #expect(reply == nil || reply!.status == 413)
        #expect(try UnixHTTPClient(path: daemon.socket).request("GET", "/v1/status").status == 200)
        #expect(daemon.terminate() == 0)
    }
}

@Suite("Notices over the API and bvctl")
struct NoticeCommandsTests {
    @Test("a notice can be shown; retrying one that has not failed is a conflict; an unknown notice or review is 404")
    func showAndRetry() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        let client = try daemon.waitUntilAnswering()
        #expect(try client.request("POST", "/v1/reviews", body: body(["id": "r1", "title": "T", "service": "S", "lead": "l"])).status == 201)
        #expect(try client.request("POST", "/v1/reviews/r1/organisations", body: body(["id": "tenants", "name": "Tenants", "category": "tenants-and-community"])).status == 200)
        let listed = try JSONSerialization.jsonObject(with: Data(try client.request("GET", "/v1/notices?review=r1").body)) as? [[String: Any]] ?? []
        let id = try #require(listed.first?["id"] as? Int)
        let shown = jsonObject(try client.request("GET", "/v1/notices/\(id)"))
        #expect((shown["notice"] as? [String: Any])?["kind"] as? String == "review-invitation")
        let retry = try client.request("POST", "/v1/notices/\(id)/retry")
        #expect(retry.status == 409)
        #expect(jsonObject(retry)["detail"] as? String == "notice \(id) is pending, not failed; only failed notices are retried")
        #expect(try client.request("GET", "/v1/notices/99999").status == 404)
        #expect(try client.request("GET", "/v1/notices/abc").status == 404)
        let unknown = try client.request("GET", "/v1/notices?review=nosuch")
        #expect(unknown.status == 404)
        #expect(jsonObject(unknown)["detail"] as? String == "no review 'nosuch'")
        #expect(daemon.terminate() == 0)
    }
}
