import BVCore

/// Maps days of the authority's calendar to x: whole months from the first month of the review to
/// the month after its last dated fact, so that the month ticks fall on the edges.
struct TimelineScale {
    let zone: Zone
    /// The first day of the first month shown.
    let first: CivilDate
    /// The first day of the month after the last one shown: where the axis ends.
    let last: CivilDate
    let left: Double
    let right: Double

    /// Two points a day, within limits that keep a short review legible and a long one printable.
    init(zone: Zone, covering instants: [Instant], left: Double) {
        let days = instants.map(zone.date(of:))
        let earliest = days.min() ?? CivilDate(dayNumber: 0), latest = days.max() ?? earliest
        first = CivilDate(year: earliest.year, month: earliest.month, day: 1)!
        last = CivilDate(year: latest.year, month: latest.month, day: 1)!.adding(months: 1)
        (self.zone, self.left) = (zone, left)
        right = left + min(1280, max(640, Double(first.days(to: last)) * 2))
    }

    var width: Double { right - left }

    /// The start of a civil day.
    func x(_ date: CivilDate) -> Double {
        left + Double(first.days(to: date)) / Double(first.days(to: last)) * width
    }

    /// An instant, by its wall-clock time: a day is the same width whether or not the clocks change in it.
    func x(_ instant: Instant) -> Double {
        let local = zone.localDateTime(of: instant)
        return x(local.date) + Double(local.time.secondsOfDay) / 86_400 / Double(first.days(to: last)) * width
    }

    /// The bound's first instant for a start; for an end, a date bound lasts to the end of its day.
    func x(_ bound: TimetableBound, end: Bool) -> Double {
        switch bound {
        case .date(let date): x(end ? date.adding(days: 1) : date)
        case .instant(let instant): x(instant)
        }
    }

    /// The first day of every month on the axis, the axis's end included.
    var months: [CivilDate] {
        var result: [CivilDate] = []
        var month = first
        while month <= last {
            result.append(month)
            month = month.adding(months: 1)
        }
        return result
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The axis along the bottom at `y`: a line, a tick and a label for each month, the year under
    /// January and under the first month. Its data attributes say which dates the ends stand for.
    func drawAxis(at y: Double, top: Double, into svg: inout SVGMarkup) {
        let n = SVGMarkup.number
        svg.open("g", ["class": "axis", "data-start": first.description, "data-end": last.description,
                       "data-x-start": n(left), "data-x-end": n(right)])
        svg.element("line", ["x1": n(left), "y1": n(y), "x2": n(right), "y2": n(y), "stroke": "#000"])
        for (index, month) in months.enumerated() {
            let x = self.x(month)
            svg.open("g", ["class": "month", "data-date": month.description])
            svg.element("line", ["x1": n(x), "y1": n(top), "x2": n(x), "y2": n(y), "stroke": "#ddd"])
            svg.element("line", ["x1": n(x), "y1": n(y), "x2": n(x), "y2": n(y + 6), "stroke": "#000"])
            if month < last {
                let label = Self.monthAbbreviations[month.month - 1]
                svg.element("text", ["x": n(x + 3), "y": n(y + 18)], text: label)
                if month.month == 1 || index == 0 {
                    svg.element("text", ["x": n(x + 3), "y": n(y + 32), "font-weight": "bold"], text: String(month.year))
                }
            }
            svg.close("g")
        }
        svg.close("g")
    }
}
