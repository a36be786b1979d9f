public import BVCore
import BVNotices

/// A picture of one review's timetable as a standalone SVG, for progress reports and print: the
/// phases as bars against their deadlines, meetings and decisions as marks, the statutory windows
/// hatched, today, and what is late outlined and named in words. It uses black, white, greys and
/// one accent colour, so that it reads in black and white; every mark has a title in plain words
/// and data attributes (dates as YYYY-MM-DD in the authority's zone) for screen readers and tests.
public struct TimelinePicture: Sendable {
    /// The `<svg>` element alone, to embed in HTML.
    public let svg: String

    /// The picture as a file: an XML declaration, then `svg`.
    public var svgDocument: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg }

    public init(state: ReviewState, engine: ReviewEngine, now: Instant) {
        var drawing = TimelineDrawing(dates: ReviewDates(state: state, engine: engine, now: now))
        svg = drawing.draw()
    }
}

/// Lays the picture out from top to bottom: heading, lanes, axis, legend.
struct TimelineDrawing {
    let dates: ReviewDates
    let scale: TimelineScale
    let words: PeopleDates
    let windows: [ReviewDates.Window]
    let monitoring: MonitoringTable?
    var svg = SVGMarkup()

    static let accent = "#b3261e"
    static let laneHeight = 28.0
    static let top = 64.0
    static let labelWidth = 210.0

    init(dates: ReviewDates) {
        self.dates = dates
        (windows, monitoring) = (dates.windows, dates.monitoring)
        scale = TimelineScale(zone: dates.zone, covering: Self.instants(dates, windows: windows, monitoring: monitoring), left: Self.labelWidth)
        words = PeopleDates(zone: dates.zone)
    }

    var state: ReviewState { dates.state }
    var zone: Zone { dates.zone }
    var unfinished: Bool { state.closed == nil }
    /// Ids are prefixed with the review's, so that several pictures can share one HTML page.
    var prefix: String { SVGMarkup.identifier("timeline", state.id) }
    func id(_ part: String) -> String { SVGMarkup.identifier(prefix, part) }

    /// Every instant the picture shows, so that the axis covers them all.
    static func instants(_ dates: ReviewDates, windows: [ReviewDates.Window], monitoring: MonitoringTable?) -> [Instant] {
        let state = dates.state, zone = dates.zone
        var all = [state.created] + (state.closed.map { [$0] } ?? [dates.now])
        all += state.phases.flatMap { [$0.entered] + ($0.left.map { [$0] } ?? []) + (dates.deadline(of: $0).map { [$0] } ?? []) }
        all += state.meetings.map(\.start)
        all += windows.flatMap { [$0.opens.start(in: zone), $0.closes.start(in: zone)] }
        all += state.decisions.compactMap { $0.intendedDate.map(zone.startOfDay) }
        all += monitoring?.periods.flatMap { [$0.begins, $0.due] } ?? []
        return all
    }

    /// The lanes in order: one per phase reached, then the kinds of mark that the review has.
    var lanes: [TimelineLane] {
        var lanes = state.phases.indices.map(TimelineLane.phase)
        lanes.append(.meetings)
        if state.decisions.contains(where: { $0.taken != nil || $0.intendedDate != nil }) { lanes.append(.decisions) }
        lanes += ReviewDates.Window.Kind.allCases.filter { kind in windows.contains { $0.kind == kind } }.map(TimelineLane.window)
        if monitoring != nil { lanes.append(.monitoring) }
        return lanes
    }

    mutating func draw() -> String {
        let lanes = lanes
        let axisY = Self.top + Double(lanes.count) * Self.laneHeight + 8
        let legendY = axisY + 52
        let width = scale.right + 40
        let height = legendY + Double(TimelineLegend.rows(width: width)) * 22 + 12
        let n = SVGMarkup.number
        // The name is the visible heading and the description the <desc>: HTML checkers (tidy) refuse an
        // id on <title>, which embedding the picture in HTML would otherwise need.
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": n(width), "height": n(height),
                         "viewBox": "0 0 \(n(width)) \(n(height))", "role": "img", "aria-labelledby": id("heading"),
                         "aria-describedby": id("desc"), "class": "timeline", "data-review": state.id])
        svg.element("title", text: title)
        svg.element("desc", ["id": id("desc")], text: description)
        let prefix = prefix
        TimelineLegend.patterns(prefix: prefix, into: &svg)
        svg.open("g", ["font-family": "sans-serif", "font-size": "12"])
        svg.element("rect", ["width": n(width), "height": n(height), "fill": "#fff"])
        svg.element("text", ["id": id("heading"), "x": "12", "y": "24", "font-size": "16", "font-weight": "bold"], text: title)
        scale.drawAxis(at: axisY, top: Self.top - 6, into: &svg)
        for (index, lane) in lanes.enumerated() {
            let y = Self.top + Double(index) * Self.laneHeight
            svg.element("text", ["x": n(Self.labelWidth - 10), "y": n(y + Self.laneHeight / 2 + 4), "text-anchor": "end"],
                        text: label(of: lane))
            svg.element("line", ["x1": "12", "y1": n(y + Self.laneHeight), "x2": n(scale.right), "y2": n(y + Self.laneHeight),
                                 "stroke": "#ddd"])
            draw(lane, middle: y + Self.laneHeight / 2)
        }
        if unfinished { drawToday(top: Self.top - 22, bottom: axisY) }
        TimelineLegend.draw(at: legendY, width: width, prefix: prefix, into: &svg)
        svg.close("g")
        svg.close("svg")
        return svg.text
    }

    var title: String { "Timeline of the Best Value review ‘\(state.title)’" }

    /// What the picture shows, in sentences, for those who cannot see it.
    var description: String {
        var sentences: [String] = []
        let started = "The review of \(state.service) started on \(words.day(state.created))"
        if let closed = state.closed {
            sentences.append("\(started) and closed on \(words.day(closed)).")
        } else if let phase = state.currentPhase {
            let title = dates.workflow.phase(phase)?.title ?? phase
            sentences.append("\(started); on \(words.day(dates.now)) it is in its \(title) phase.")
        }
        let meetings = state.meetings
        let held = meetings.filter { $0.held != nil }.count, cancelled = meetings.filter { $0.cancelled != nil }.count
        let upcoming = meetings.filter { $0.isActive && $0.held == nil && $0.start > dates.now }.count
        let taken = state.decisions.filter { $0.taken != nil }.count
        sentences.append("Meetings: \(held) held, \(cancelled) cancelled and \(upcoming) to come; \(count(taken, "decision")) taken.")
        let late = lateItems
        sentences.append(late.isEmpty ? "Nothing is late." : "Late: \(late.joined(separator: "; ")).")
        return sentences.joined(separator: " ")
    }

    /// Everything the picture outlines as late, in words.
    var lateItems: [String] {
        var items: [String] = []
        for visit in state.phases {
            guard let deadline = dates.deadline(of: visit), (visit.left ?? dates.now) > deadline else { continue }
            items.append("the \(dates.workflow.phase(visit.phase)?.title ?? visit.phase) phase overran its deadline of \(dates.lastDay(before: deadline).longDescription)")
        }
        for window in windows where window.late {
            items.append(window.kind == .papers ? "papers for ‘\(window.subjectTitle)’" : window.kind == .notice
                ? "public notice of ‘\(window.subjectTitle)’" : "notice of the key decision ‘\(window.subjectTitle)’")
        }
        for period in monitoring?.periods ?? [] where period.overdue {
            items.append("measurements for \(period.label), due by \(dates.lastDay(before: period.due).longDescription)")
        }
        return items
    }

    func label(of lane: TimelineLane) -> String {
        switch lane {
        case .phase(let index): dates.workflow.phase(state.phases[index].phase)?.title ?? state.phases[index].phase
        case .meetings: "Meetings"
        case .decisions: "Decisions"
        case .window(.papers): "Papers open to inspection"
        case .window(.notice): "Public notice of meetings"
        case .window(.keyDecision): "Notice of key decisions"
        case .window(.responses): "Response windows"
        case .monitoring: "Monitoring periods"
        }
    }

    /// The vertical line at now, labelled with the date, above the lanes.
    mutating func drawToday(top: Double, bottom: Double) {
        let n = SVGMarkup.number
        let x = scale.x(dates.now)
        let day = zone.date(of: dates.now)
        svg.openGroup(["class": "today", "data-date": day.description], title: "Today, \(day.longDescription)")
        svg.element("line", ["x1": n(x), "y1": n(top + 4), "x2": n(x), "y2": n(bottom), "stroke": "#000",
                             "stroke-width": "1.5", "stroke-dasharray": "5 3"])
        let anchor = x > scale.right - 90 ? "end" : "start"
        svg.element("text", ["x": n(anchor == "end" ? x - 4 : x + 4), "y": n(top), "text-anchor": anchor, "font-weight": "bold"],
                    text: "today, \(day.day) \(TimelineScale.monthAbbreviations[day.month - 1]) \(day.year)")
        svg.close("g")
    }

    /// A text label next to a late mark, to the right of `x` unless that runs off the picture, with a
    /// white halo so that it stays legible over the lines it crosses.
    mutating func lateLabel(_ text: String, x: Double, middle: Double) {
        let n = SVGMarkup.number
        let leftward = x > scale.right - 150
        svg.element("text", ["x": n(leftward ? x - 6 : x + 6), "y": n(middle + 4), "text-anchor": leftward ? "end" : "start",
                             "font-weight": "bold", "fill": Self.accent, "stroke": "#fff", "stroke-width": "3", "paint-order": "stroke"],
                    text: text)
    }
}

/// One row of the picture.
enum TimelineLane {
    case phase(Int)
    case meetings
    case decisions
    case window(ReviewDates.Window.Kind)
    case monitoring
}
