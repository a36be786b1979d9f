import BVCore
import Testing

@Suite("Monitoring periods follow the financial year")
struct MonitoringPeriodsTests {
    let quarterly = MonitoringSchedule(length: ISODuration(months: 3), count: 4)

    func periods(_ schedule: MonitoringSchedule, from local: String, cycles: Int = 1) -> MonitoringPeriods {
        MonitoringPeriods(schedule: schedule, start: Zone.london.instant(of: LocalDateTime(local)!), zone: .london, cycles: cycles)
    }

    @Test func period1IsTheQuarterMonitoringBeganIn() {
        let p = periods(quarterly, from: "2027-09-16T11:00")
        #expect(p.firstDay(of: 1) == CivilDate("2027-07-01"))
        #expect(p.lastDay(of: 1) == CivilDate("2027-09-30"))
        #expect((1...4).map(p.label) == ["Q2 2027/28", "Q3 2027/28", "Q4 2027/28", "Q1 2028/29"])
        #expect((1...4).map(p.financialYear) == [2027, 2027, 2027, 2028])
        // Quarter 4 ends at midnight GMT; quarter 1 of the next year at midnight BST.
        #expect(p.end(of: 3) == Instant(rfc3339: "2028-04-01T00:00:00Z")!.adding(seconds: -3600))
        #expect(p.end(of: 2) == Instant(rfc3339: "2028-01-01T00:00:00Z")!)
        #expect(p.due(of: 2) == Instant(rfc3339: "2028-01-29T00:00:00Z")!)
    }

    @Test func januaryToMarchBelongsToTheYearThatBeganTheApril() {
        let p = periods(quarterly, from: "2028-02-10T09:00")
        #expect(p.label(of: 1) == "Q4 2027/28")
        #expect(p.firstDay(of: 1) == CivilDate("2028-01-01"))
        #expect(p.period(containing: Zone.london.instant(of: LocalDateTime("2028-04-01T00:30")!)) == 2)
    }

    @Test func monthlyHalfYearlyAndYearlyPeriodsAreNamedForTheirSpan() {
        #expect(periods(MonitoringSchedule(length: ISODuration(months: 1), count: 12), from: "2027-11-05T09:00").label(of: 3) == "January 2028")
        #expect(periods(MonitoringSchedule(length: ISODuration(months: 6), count: 2), from: "2027-11-05T09:00").label(of: 1) == "H2 2027/28")
        #expect(periods(MonitoringSchedule(length: ISODuration(years: 1), count: 2), from: "2027-11-05T09:00").label(of: 2) == "2028/29")
    }

    @Test func lengthsThatDoNotDivideTheYearRunFromTheStart() {
        let p = periods(MonitoringSchedule(length: ISODuration(weeks: 4), count: 2), from: "2027-11-05T09:00")
        #expect(p.firstDay == nil)
        #expect(p.begin(of: 1) == Zone.london.instant(of: LocalDateTime("2027-11-05T09:00")!))
        #expect(p.end(of: 1) == Zone.london.startOfDay(CivilDate("2027-12-03")!))
    }

    @Test func anotherCycleAddsAYearOfPeriods() {
        let p = periods(quarterly, from: "2027-09-16T11:00", cycles: 2)
        #expect(p.count == 8)
        #expect(p.label(of: 8) == "Q1 2029/30")
    }
}
