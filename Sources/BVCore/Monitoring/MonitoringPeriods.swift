/// The monitoring periods of a review. Periods of whole months that divide a year follow the
/// financial year (1 April to 31 March): period 1 is the quarter (or month, half, year) in which
/// monitoring began, so that reports line up with the authority's budget and returns. Other
/// lengths (used in rehearsals) run from the moment monitoring began.
public struct MonitoringPeriods: Sendable {
    public let schedule: MonitoringSchedule
    /// The phase that monitors, and when the review entered it.
    public let phase: String
    public let start: Instant
    public let zone: Zone
    /// How many cycles of `schedule.count` periods run (extensions add one each).
    public let cycles: Int
    /// The first day of period 1 when periods follow the financial year.
    public let firstDay: CivilDate?

    public init(schedule: MonitoringSchedule, phase: String = "monitoring", start: Instant, zone: Zone, cycles: Int = 1) {
        (self.schedule, self.phase, self.start, self.zone, self.cycles) = (schedule, phase, start, zone, max(1, cycles))
        firstDay = Self.financialYearAligned(schedule.length).map { length in
            let entered = zone.date(of: start)
            var day = CivilDate(year: entered.month >= 4 ? entered.year : entered.year - 1, month: 4, day: 1)!
            while length.added(to: day) <= entered { day = length.added(to: day) }
            return day
        }
    }

    /// The periods of the review's monitoring phase, once the review has entered it.
    public init?(workflow: WorkflowDefinition, state: ReviewState, zone: Zone) {
        for phase in workflow.phases {
            guard let schedule = phase.monitoring, let visit = state.phases.last(where: { $0.phase == phase.id }) else { continue }
            self.init(schedule: schedule, phase: phase.id, start: visit.entered, zone: zone, cycles: state.monitoringCycles)
            return
        }
        return nil
    }

    /// The length when it is whole months that divide twelve, else nil.
    static func financialYearAligned(_ length: ISODuration) -> ISODuration? {
        let months = length.years * 12 + length.months
        guard length.weeks == 0, length.days == 0, length.hours == 0, length.minutes == 0, length.seconds == 0,
              months > 0, 12 % months == 0 else { return nil }
        return ISODuration(months: months)
    }

    /// Every period, across cycles.
    public var count: Int { schedule.count * cycles }
    public var numbers: ClosedRange<Int> { 1...count }

    /// The first day of period `n` (1-based), when periods follow the financial year.
    public func firstDay(of n: Int) -> CivilDate? {
        guard let firstDay else { return nil }
        var day = firstDay
        for _ in 1..<max(1, n) { day = schedule.length.added(to: day) }
        return day
    }

    /// The last day of period `n`, when periods follow the financial year.
    public func lastDay(of n: Int) -> CivilDate? { firstDay(of: n + 1)?.adding(days: -1) }

    /// The instant period `n` begins.
    public func begin(of n: Int) -> Instant { n <= 1 && firstDay == nil ? start : end(of: n - 1) }

    /// The instant period `n` ends: the start of the day after its last day.
    public func end(of n: Int) -> Instant {
        if let next = firstDay(of: n + 1) { return zone.startOfDay(next) }
        var end = start
        if schedule.length.isDateOnly { end = zone.startOfDay(zone.date(of: start)) }
        for _ in 0..<n { end = schedule.length.added(to: end, in: zone) }
        return end
    }

    /// When period `n`'s measurements are due.
    public func due(of n: Int) -> Instant { schedule.dueWithin.added(to: end(of: n), in: zone) }

    /// The financial year (its starting year) that period `n` falls in.
    public func financialYear(of n: Int) -> Int {
        let day = firstDay(of: n) ?? zone.date(of: begin(of: n))
        return day.month >= 4 ? day.year : day.year - 1
    }

    /// The period in which an instant falls, if any.
    public func period(containing instant: Instant) -> Int? {
        numbers.first { begin(of: $0) <= instant && instant < end(of: $0) }
    }

    /// How officers name a period: "Q2 2027/28", "July 2027", "H1 2027/28", "2027/28", or dates.
    public func label(of n: Int) -> String {
        guard let first = firstDay(of: n) else {
            return "\(zone.format(begin(of: n))) to \(zone.format(end(of: n)))"
        }
        let year = financialYear(of: n)
        let fy = FinancialYear(year).description
        let months = schedule.length.years * 12 + schedule.length.months
        let index = ((first.month - 4 + 12) % 12) / months + 1
        switch months {
        case 3: return "Q\(index) \(fy)"
        case 6: return "H\(index) \(fy)"
        case 12: return fy
        case 1: return "\(CivilDate.monthNames[first.month - 1]) \(first.year)"
        default: return "\(first) to \(lastDay(of: n)!)"
        }
    }
}
