import Foundation
import Testing

/// What `bvctl calendar holidays --json` prints.
struct HolidayListingJSON: Decodable {
    struct Day: Decodable, Equatable {
        let date: String
        let title: String
    }
    let year: Int
    let division: String
    let covered: String?
    let holidays: [Day]
    let closures: [Day]
}

@Suite("bvctl calendar holidays and --holidays files")
struct CalendarHolidaysTests {
    /// A file in GOV.UK's format that adds 2029 for England and Wales and one authority closure day.
    static let extraHolidays = """
        {
          "england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "New Year’s Day", "date": "2029-01-01", "notes": "", "bunting": true},
            {"title": "Good Friday", "date": "2029-03-30", "notes": "", "bunting": false},
            {"title": "Easter Monday", "date": "2029-04-02", "notes": "", "bunting": true}
          ]},
          "authority-closures": {"division": "authority-closures", "events": [
            {"title": "Civic centre closed for the move", "date": "2027-03-24", "notes": "", "bunting": false}
          ]}
        }
        """

    @Test("holidays 2027 lists Good Friday on 26 March and names the years the data covers")
    func englandAndWales2027() throws {
        let result = try BVCtlProcess.run(["calendar", "holidays", "2027"])
        #expect(result.status == 0)
        let lines = result.stdout.lines
        #expect(lines.first?.contains("2027") == true)
        #expect(lines.first?.contains("England and Wales") == true)
        #expect(lines.first?.contains("2020 to 2028") == true)
        let goodFriday = try #require(lines.first { $0.hasPrefix("2027-03-26") })
        #expect(goodFriday.contains("Friday"))
        #expect(goodFriday.contains("Good Friday"))
        #expect(!result.stdout.contains("2027-03-17"), "St Patrick's Day is not an English bank holiday")
        #expect(lines.filter { $0.hasPrefix("2027-") }.count == 8)
    }

    @Test("holidays --json lists the same days as data")
    func englandAndWales2027JSON() throws {
        let result = try BVCtlProcess.run(["calendar", "holidays", "2027", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(HolidayListingJSON.self, result.stdout)
        #expect(json.year == 2027)
        #expect(json.division == "england-and-wales")
        #expect(json.covered == "2020-2028")
        #expect(json.holidays.map(\.date) == ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
                                              "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"])
        #expect(json.holidays[1] == .init(date: "2027-03-26", title: "Good Friday"))
        #expect(json.closures.isEmpty)
    }

    @Test("Northern Ireland includes St Patrick's Day (17 March) and 12 July")
    func northernIreland() throws {
        let result = try BVCtlProcess.run(["calendar", "holidays", "2027", "--division", "northern-ireland"])
        #expect(result.status == 0)
        #expect(result.stdout.lines.first?.contains("Northern Ireland") == true)
        let patrick = try #require(result.stdout.lines.first { $0.hasPrefix("2027-03-17") })
        #expect(patrick.contains("Wednesday"))
        #expect(patrick.contains("Patrick"))
        #expect(result.stdout.lines.contains { $0.hasPrefix("2027-07-12") })
    }

    @Test("Scotland lists 2 January's substitute and not Easter Monday")
    func scotland() throws {
        let result = try BVCtlProcess.run(["calendar", "holidays", "2027", "--division", "scotland", "--json"])
        #expect(result.status == 0)
        let json = try decodeJSON(HolidayListingJSON.self, result.stdout)
        #expect(json.holidays.map(\.date).contains("2027-01-04"))
        #expect(!json.holidays.map(\.date).contains("2027-03-29"))
        #expect(json.holidays.map(\.date).contains("2027-08-02"), "the first Monday of August")
    }

    @Test("a year past the bundled data fails with exit 1 and names the years covered")
    func pastCoverage() throws {
        let result = try BVCtlProcess.run(["calendar", "holidays", "2029"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("bvctl: "))
        #expect(result.stderr.contains("2020 to 2028"))
        #expect(result.stderr.contains("2029"))
        #expect(result.stderr.contains("--holidays"))
    }

    @Test("--holidays FILE in GOV.UK format adds 2029 and keeps the bundled years")
    func extraFileAddsAYear() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(Self.extraHolidays, to: "bank-holidays.json")

        let later = try BVCtlProcess.run(["calendar", "holidays", "2029", "--holidays", file])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.lines.first?.contains("2020 to 2029") == true)
        #expect(later.stdout.lines.filter { $0.hasPrefix("2029-") }.count == 3)
        #expect(later.stdout.lines.contains { $0.hasPrefix("2029-03-30") && $0.contains("Good Friday") })

        let earlier = try BVCtlProcess.run(["calendar", "holidays", "2027", "--holidays", file, "--json"])
        #expect(earlier.status == 0)
        let json = try decodeJSON(HolidayListingJSON.self, earlier.stdout)
        #expect(json.holidays.count == 8)
        #expect(json.closures == [.init(date: "2027-03-24", title: "Civic centre closed for the move")])
    }

    @Test("a closure day in the file is skipped only when closures are excluded")
    func closureDaysSkipped() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(Self.extraHolidays, to: "bank-holidays.json")

        let plain = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5", "--holidays", file])
        #expect(plain.status == 0)
        #expect(plain.stdout.lines.first == "2027-03-22", "closures are not left out unless asked")

        let closed = try BVCtlProcess.run(["calendar", "before", "2027-04-01", "--clear-days", "5", "--holidays", file,
                                           "--exclude", "weekends,bank-holidays,closures", "--json"])
        #expect(closed.status == 0, "\(closed.stderr)")
        let json = try decodeJSON(CalendarAnswerJSON.self, closed.stdout)
        #expect(json.answer == "2027-03-21")
        #expect(json.excluding == ["weekends", "bank-holidays", "closures"])
        #expect(json.counted == ["2027-03-22", "2027-03-23", "2027-03-25", "2027-03-30", "2027-03-31"])
        #expect(json.skipped.first == .init(date: "2027-03-24", reason: "Civic centre closed for the move"))
    }

    @Test("an unreadable or malformed --holidays file fails with exit 1 naming the file")
    func badHolidayFiles() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.url.appendingPathComponent("absent.json").path
        let absent = try BVCtlProcess.run(["calendar", "holidays", "2027", "--holidays", missing])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains(missing))
        #expect(absent.stderr.contains("cannot read"))

        let garbled = try directory.write("{\"england-and-wales\": {\"events\": [{\"title\": \"X\", \"date\": \"2029-13-01\"}]}}",
                                          to: "garbled.json")
        let bad = try BVCtlProcess.run(["calendar", "holidays", "2027", "--holidays", garbled])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(garbled))
        #expect(bad.stderr.contains("2029-13-01"))
    }
}
