import BVCore
import BVReports
import BVReviewFixtures
import Foundation
import Testing

@Suite("A review as open data")
struct OpenDataTests {
    /// The review in monitoring, with two representatives (contact details that must not be published) and
    /// an indicator whose name and definition hold commas and double quotes, measured in one period.
    static let script: ScriptedReview = {
        var script = ScriptedReview(continuing: FinishedReview.make(closing: false))
        script.run(.addRepresentative(representative: "mary", organisation: "tenants-federation", name: "Mary Jones",
                                      email: "mary.jones@tenants.example", phone: "+44 1632 960123"))
        script.run(.addRepresentative(representative: "raj", organisation: "unison", name: "Raj Patel", email: nil, phone: "01632 960456"))
        script.run(.addIndicator(code: "HR-09", name: "Cost of a repair, \"average\"", unit: "pounds", polarity: .lowerIsBetter, baseline: 1250,
                                 baselinePeriod: "2026/27", definition: "Total cost, divided by jobs; \"jobs\" as the contract says\nper year",
                                 source: .local))
        script.run(.setTarget(code: "HR-09", target: 1100, by: nil))
        script.run(.recordMeasurement(code: "HR-09", period: 1, value: 1187.5))
        return script
    }()

    static var data: OpenDataReview { OpenDataReview(state: script.state, engine: script.engine, now: script.now) }

    /// Both tables as Python's csv module reads them.
    static func parse(_ tables: [String]) async throws -> [[[String]]] {
        let reader = #"""
            import csv, io, json, sys
            text = sys.stdin.buffer.read().decode('utf-8')
            print(json.dumps([list(csv.reader(io.StringIO(t, newline=''), strict=True)) for t in text.split('\f')]))
            """#
        return try await ExternalTool.python.json([[[String]]].self, script: reader, input: tables.joined(separator: "\u{0C}"))
    }

    /// A number as the tables should write it, worked out independently: 85, 1187.5.
    static func plain(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    @Test("the indicators table: RFC 4180 records, one per indicator, every field as the review holds it")
    func indicatorsTable() async throws {
        let text = Self.data.indicatorsCSV
        let state = Self.script.state
        #expect(text.hasPrefix("review,code,name,definition,unit,polarity,source,baseline,baseline_period,plan_year,plan_year_target\r\n"))
        #expect(text.hasSuffix("\r\n"))
        let tables = try await Self.parse([text])
        let rows = try #require(tables.first)
        #expect(rows.first == ["review", "code", "name", "definition", "unit", "polarity", "source", "baseline", "baseline_period",
                               "plan_year", "plan_year_target"])
        let expected = state.indicators.map {
            ["housing-repairs", $0.code, $0.name, $0.definition ?? "", $0.unit, $0.polarity.rawValue, $0.source?.rawValue ?? "",
             Self.plain($0.baseline), $0.baselinePeriod ?? "", "2028/29", Self.plain($0.target(inYear: 2028))]
        }
        #expect(Array(rows.dropFirst()) == expected)
        #expect(rows.last == ["housing-repairs", "HR-09", "Cost of a repair, \"average\"",
                              "Total cost, divided by jobs; \"jobs\" as the contract says\nper year", "pounds", "lower", "local",
                              "1250", "2026/27", "2028/29", "1100"])
        #expect(rows[1] == ["housing-repairs", "BV185", "Repairs with appointments made and kept",
                            "Percentage of responsive repairs (not emergencies) for which an appointment was made and kept.",
                            "percent", "higher", "national-standard", "71", "2026/27", "2028/29", "85"])
    }

    @Test("the measurements table: one record per indicator per period ended, with period dates, target, status and trend")
    func measurementsTable() async throws {
        let text = Self.data.measurementsCSV
        let (state, engine, now) = (Self.script.state, Self.script.engine, Self.script.now)
        let tables = try await Self.parse([text])
        let rows = try #require(tables.first)
        #expect(rows.first == ["review", "code", "period", "period_label", "period_start", "period_end", "financial_year", "value", "target",
                               "status", "trend", "recorded"])
        let periods = try #require(engine.monitoringPeriods(state: state))
        let table = try #require(engine.monitoringTable(state: state, now: now))
        var expected: [[String]] = []
        for n in 1...3 {
            for indicator in state.indicators {
                let reading = try #require(table.period(n)?.readings.first { $0.indicator == indicator.code })
                let measurement = state.measurement(indicator.code, period: n)
                expected.append(["housing-repairs", indicator.code, String(n), periods.label(of: n), periods.firstDay(of: n)!.description,
                                 periods.lastDay(of: n)!.description, "2027/28", Self.plain(measurement?.value),
                                 Self.plain(reading.target), reading.status.rawValue, reading.trend?.rawValue ?? "",
                                 measurement.map { Zone.london.date(of: $0.recorded).description } ?? ""])
            }
        }
        #expect(Array(rows.dropFirst()) == expected)
        #expect(rows.count == 1 + 3 * 4, "period 4 has not ended and has no values")
        #expect(rows[1] == ["housing-repairs", "BV185", "1", "Q2 2027/28", "2027-07-01", "2027-09-30", "2027/28", "80",
                            Self.plain(table.period(1)!.readings[0].target), table.period(1)!.readings[0].status.rawValue, "", "2027-10-10"])
        let hr09 = rows.filter { $0[1] == "HR-09" }
        #expect(hr09.map { [$0[2], $0[7], $0[9], $0[11]] } == [
            ["1", "1187.5", table.period(1)!.readings[3].status.rawValue, "2028-04-14"], ["2", "", "not-measured", ""], ["3", "", "not-measured", ""],
        ])
        #expect(rows.dropFirst().allSatisfy { ["on-track", "at-risk", "off-track", "no-target", "not-measured"].contains($0[9]) })
        #expect(text.components(separatedBy: "\r\n").count == rows.count + 1, "every record ends with CRLF")
    }

    /// Every key anywhere in a JSON value.
    static func keys(of value: Any) -> Set<String> {
        if let object = value as? [String: Any] { return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(of: $1.value)) } }
        if let array = value as? [Any] { return array.reduce(into: []) { $0.formUnion(keys(of: $1)) } }
        return []
    }

    @Test("the JSON has no representative, email address or telephone number, and has the measurements with their status")
    func jsonWithoutPersonalData() throws {
        let json = try Self.data.json()
        for personal in ["Mary Jones", "mary.jones@tenants.example", "+44 1632 960123", "Raj Patel", "01632 960456", "j.smith"] {
            #expect(!json.contains(personal), "'\(personal)' is published")
        }
        #expect(!json.contains("@"), "no email address of anyone")

        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let object = try #require(parsed as? [String: Any])
        #expect(Self.keys(of: parsed).isDisjoint(with: ["representatives", "representative", "email", "phone", "contact", "lead", "actor"]))
        let review = try #require(object["review"] as? [String: Any])
        #expect(review["id"] as? String == "housing-repairs" && review["planYear"] as? String == "2028/29")
        let organisations = try #require(object["organisations"] as? [[String: Any]])
        #expect(organisations.count == 6)
        #expect(organisations.allSatisfy { Set($0.keys) == ["id", "name", "category", "categoryTitle"] })
        let meetings = try #require(object["meetings"] as? [[String: Any]])
        #expect(meetings.first { $0["id"] as? String == "committee-1" }?["attendance"] as? Int == 4)
        #expect(meetings.first { $0["id"] as? String == "committee-1" }?["start"] as? String == "2027-02-04T18:00:00+00:00")
        let proposals = try #require(object["proposals"] as? [[String: Any]])
        #expect(proposals.first?["responses"] as? Int == 3 && proposals.first?["responsesConsidered"] as? Int == 3)
        let decisions = try #require(object["decisions"] as? [[String: Any]])
        #expect(decisions.first { $0["id"] as? String == "approve-plan" }?["noticeGiven"] as? String == "2027-07-15")
        #expect(decisions.first { $0["id"] as? String == "approve-plan" }?["key"] as? Bool == true)
        let disclosure = try #require(object["disclosureItems"] as? [[String: Any]])
        #expect(disclosure.first { $0["id"] as? String == "contract-terms" }?["disclosure"] as? String == "exempt")

        let measurements = try #require(object["measurements"] as? [[String: Any]])
        let table = try #require(Self.script.engine.monitoringTable(state: Self.script.state, now: Self.script.now))
        #expect(measurements.count == 12)
        for entry in measurements {
            let code = try #require(entry["indicator"] as? String), period = try #require(entry["period"] as? Int)
            let reading = try #require(table.period(period)?.readings.first { $0.indicator == code })
            #expect(entry["status"] as? String == reading.status.rawValue)
            #expect(entry["trend"] as? String == reading.trend?.rawValue)
            #expect((entry["value"] as? Double) == reading.value)
        }
        let indicators = try #require(object["indicators"] as? [[String: Any]])
        let bv185 = try #require(indicators.first { $0["code"] as? String == "BV185" })
        #expect((bv185["targets"] as? [[String: Any]])?.map { "\($0["financialYear"]!)=\($0["value"]!)" } == ["2028/29=85", "2029/30=90"])
    }
}
