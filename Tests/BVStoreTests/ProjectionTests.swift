import BVCore
import BVStore
import Foundation
import Testing

@Suite("Projections follow every kind of change")
struct ProjectionTests {
    @Test("after a command of every kind, each projection equals a fresh fold of the log")
    func everyKind() async throws {
        let t = try TemporaryStore()
        let now = StoreFixture.london("2027-01-04T09:00")
        let commands: [ReviewCommand] = [
            StoreFixture.start,
            StoreFixture.invite("tenants"), StoreFixture.invite("unison", "trade-unions"),
            .addRepresentative(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@t.example", phone: nil),
            .addRepresentative(representative: "sam", organisation: "unison", name: "Sam Patel", email: nil, phone: "01632 960123"),
            .scheduleMeeting(meeting: "m1", title: "Workshop", method: "workshop", start: LocalDateTime("2027-02-10T18:00")!, place: "Hall", invitees: ["tenants"]),
            .scheduleMeeting(meeting: "m2", title: "Committee", method: "coordinating-committee", start: LocalDateTime("2027-03-10T18:00")!, place: "Town Hall", invitees: ["tenants", "unison"]),
            .rescheduleMeeting(meeting: "m1", start: LocalDateTime("2027-02-17T18:00")!, place: "Library"),
            .publishPapers(meeting: "m2", on: nil), .giveMeetingNotice(meeting: "m2", on: nil),
            .cancelMeeting(meeting: "m1", reason: "Hall flooded"),
            .publishProposal(proposal: "p1", title: "New repairs service", responseDeadline: nil),
            .receiveResponse(response: "r1", proposal: "p1", organisation: "unison", summary: "Keep it in house", on: nil),
            .considerResponse(response: "r1", note: "Kept as an option"),
            .giveDecisionNotice(decision: "agree-scope", on: nil, intendedDate: CivilDate("2027-03-10")),
            .setDisclosure(item: "costs", title: "Unit costs", disclosure: .representatives, reason: nil),
            .setDisclosure(item: "costs", title: "Unit costs", disclosure: .exempt, reason: "Commercial confidence"),
            .setStrand(strand: "benchmarking", status: .inProgress, findings: "Waiting for data"),
            .addIndicator(code: "BV185", name: "Appointments kept", unit: "%", polarity: .higherIsBetter, baseline: 71),
            .setTarget(code: "BV185", target: 90, by: CivilDate("2029-03-31")),
            // One added by mistake and removed, then another: the rows close up behind the removed one.
            .addIndicator(code: "LOCAL1", name: "Calls answered", unit: "%", polarity: .higherIsBetter, baseline: 60),
            .addIndicator(code: "LOCAL2", name: "Repairs right first time", unit: "%", polarity: .higherIsBetter, baseline: 80),
            .removeIndicator(code: "LOCAL1"),
            .addIndicator(code: "LOCAL3", name: "Complaints upheld", unit: "%", polarity: .lowerIsBetter, baseline: 12),
            .publishBaseline,
            .signBaseline(organisation: "tenants", agrees: true, reason: nil),
            .signBaseline(organisation: "unison", agrees: false, reason: "Agency costs missing"),
            .considerObjection(organisation: "unison", note: "Added as a footnote"),
            .removeRepresentative(representative: "sam"),
        ]
        for command in commands {
            let outcome = try await t.store.execute([StoreFixture.request("r1", command)], now: now)
            #expect(outcome[0].success != nil, "\(command): \(String(describing: outcome[0].failure))")
            let report = try await t.store.verify()
            #expect(report.ok, "after \(command): \(report.firstProblem ?? "")")
        }
        // And after a restart, from the snapshot and the events rather than the cache.
        #expect(try await t.reopen().review("r1")?.state == (try await t.store.review("r1")?.state))
    }

    @Test("rows appended by several commands in one transaction (group commit) match a fresh fold")
    func appendsInOneBatch() async throws {
        let t = try TemporaryStore()
        let now = StoreFixture.london("2027-01-04T09:00")
        _ = try await t.store.execute([StoreFixture.request("r1", StoreFixture.start), StoreFixture.request("r2", StoreFixture.start)], now: now)
        let batch = [
            StoreFixture.request("r1", StoreFixture.invite("tenants")),
            StoreFixture.request("r2", StoreFixture.invite("carers", "patients-and-carers")),
            StoreFixture.request("r1", StoreFixture.invite("unison", "trade-unions")),
            StoreFixture.request("r1", .addRepresentative(representative: "mary", organisation: "tenants", name: "Mary Jones", email: "mary@t.example", phone: nil)),
            StoreFixture.request("r1", .addRepresentative(representative: "sam", organisation: "unison", name: "Sam Patel", email: nil, phone: "01632 960123")),
            StoreFixture.request("r1", StoreFixture.invite("pensioners", "pensioners")),
        ]
        let outcomes = try await t.store.execute(batch, now: now)
        for outcome in outcomes { #expect(outcome.success != nil, "\(String(describing: outcome.failure))") }
        let report = try await t.store.verify()
        #expect(report.ok, "\(report.firstProblem ?? "")")
        #expect(try await t.store.review("r1")?.state.organisations.map(\.id) == ["tenants", "unison", "pensioners"])
    }
}
