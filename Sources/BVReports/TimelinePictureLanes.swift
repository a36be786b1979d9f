import BVCore

/// The marks of each lane. Each is a group whose `<title>` says in words what the mark shows.
extension TimelineDrawing {
    mutating func draw(_ lane: TimelineLane, middle: Double) {
        switch lane {
        case .phase(let index): drawPhase(index, middle: middle)
        case .meetings: for meeting in state.meetings.sorted(by: { $0.start < $1.start }) { drawMeeting(meeting, middle: middle) }
        case .decisions: for record in state.decisions { drawDecision(record, middle: middle) }
        case .window(let kind): drawWindows(windows.filter { $0.kind == kind }, middle: middle)
        case .monitoring: for period in monitoring?.periods ?? [] { drawPeriod(period, middle: middle) }
        }
    }

    /// A bar from entry to leaving (or to now), a tick at the deadline, and any overrun hatched and named.
    mutating func drawPhase(_ index: Int, middle: Double) {
        let n = SVGMarkup.number
        let visit = state.phases[index]
        let name = label(of: .phase(index))
        let end = visit.left ?? dates.now
        let current = visit.left == nil
        let deadline = dates.deadline(of: visit)
        let lastDay = deadline.map(dates.lastDay(before:))
        var title = current ? "\(name): since \(words.day(visit.entered)), the current phase"
            : "\(name): \(words.day(visit.entered)) to \(words.day(end))"
        if let lastDay { title += "; deadline \(lastDay.longDescription)" }
        let overrun = deadline.flatMap { end > $0 ? $0 : nil }
        let (x0, x1) = (scale.x(visit.entered), max(scale.x(end), scale.x(visit.entered) + 1))
        svg.openGroup(["class": current ? "phase current" : "phase", "data-phase": visit.phase, "data-start": zone.date(of: visit.entered).description,
            "data-end": zone.date(of: end).description, "data-deadline": lastDay?.description], title: title)
        svg.element("rect", ["x": n(x0), "y": n(middle - 7), "width": n(x1 - x0), "height": "14",
                             "fill": current ? "#eeeeee" : "#c4c4c4", "stroke": "#000"])
        if let deadline {
            let x = scale.x(deadline)
            svg.element("line", ["class": "deadline", "x1": n(x), "y1": n(middle - 11), "x2": n(x), "y2": n(middle + 11),
                                 "stroke": "#000", "stroke-width": "3"])
        }
        svg.close("g")
        if let overrun, let lastDay {
            let days = lastDay.days(to: zone.date(of: end))
            let text = "overran its deadline by \(days) day\(days == 1 ? "" : "s")"
            let x = scale.x(overrun)
            svg.openGroup(["class": "late", "data-kind": "phase-overrun", "data-phase": visit.phase, "data-deadline": lastDay.description],
                title: "\(name) \(text)\(current ? " so far" : "")")
            svg.element("rect", ["x": n(x), "y": n(middle - 7), "width": n(max(2, x1 - x)), "height": "14",
                                 "fill": "url(#\(id("overrun")))", "stroke": Self.accent, "stroke-width": "2.5"])
            svg.close("g")
            lateLabel(text, x: x1, middle: middle)
        }
    }

    /// Held: a filled circle; upcoming: an open diamond; cancelled: a cross; past but not recorded as held: a dashed circle.
    mutating func drawMeeting(_ meeting: Meeting, middle: Double) {
        let n = SVGMarkup.number
        let x = scale.x(meeting.start)
        let method = dates.workflow.method(meeting.method)?.title ?? meeting.method
        let status: String
        var title = "\(meeting.title) (\(method)), \(words.dayAndTime(meeting.start))"
        if let cancelled = meeting.cancelled {
            status = "cancelled"
            title += ": cancelled on \(words.day(cancelled))" + (meeting.cancellationReason.map { " (\($0))" } ?? "")
        } else if meeting.held != nil {
            status = "held"
            title += ": held" + (meeting.attendees.map { "; \($0.count) organisation\($0.count == 1 ? "" : "s") present" } ?? "")
        } else if meeting.start > dates.now {
            status = "upcoming"
            title += ": to come"
        } else {
            status = "unrecorded"
            title += ": not yet recorded as held"
        }
        svg.openGroup(["class": "meeting \(status)", "data-meeting": meeting.id, "data-date": zone.date(of: meeting.start).description,
            "data-time": zone.localDateTime(of: meeting.start).time.description], title: title)
        switch status {
        case "held":
            svg.element("circle", ["cx": n(x), "cy": n(middle), "r": "5", "fill": "#000"])
        case "upcoming":
            svg.element("path", ["d": "M\(n(x)) \(n(middle - 7))l6 7l-6 7l-6 -7z", "fill": "#fff", "stroke": "#000", "stroke-width": "1.5"])
        case "cancelled":
            svg.element("path", ["d": "M\(n(x - 5)) \(n(middle - 5))l10 10m0 -10l-10 10", "stroke": "#000", "stroke-width": "2"])
        default:
            svg.element("circle", ["cx": n(x), "cy": n(middle), "r": "5", "fill": "#fff", "stroke": "#000", "stroke-dasharray": "2 2"])
        }
        svg.close("g")
    }

    /// Taken: a filled triangle at the moment it was taken; intended only: an open triangle on the day.
    mutating func drawDecision(_ record: DecisionRecord, middle: Double) {
        let n = SVGMarkup.number
        let name = dates.workflow.decision(record.id)?.title ?? record.id
        let meetingTitle = record.meeting.flatMap(state.meeting).map { " at ‘\($0.title)’" } ?? ""
        let (x, day, title, taken): (Double, CivilDate, String, Bool)
        if let at = record.taken {
            (x, day, taken) = (scale.x(at), zone.date(of: at), true)
            title = "Decision taken: \(name), \(words.day(at))\(meetingTitle)" + (record.outcome.map { ": \($0)" } ?? "")
        } else if let intended = record.intendedDate {
            (x, day, taken) = (scale.x(intended), intended, false)
            title = "Decision intended: \(name), \(intended.longDescription)"
        } else {
            return
        }
        svg.openGroup(["class": taken ? "decision" : "decision intended", "data-decision": record.id, "data-date": day.description,
            "data-meeting": record.meeting], title: title)
        svg.element("path", ["d": "M\(n(x)) \(n(middle - 7))l6 12h-12z", "fill": taken ? "#000" : "#fff", "stroke": "#000",
                             "stroke-width": "1.5"])
        svg.close("g")
    }

    /// Windows of one kind that overlap (two proposals open at once) are stacked in thinner rows
    /// within the lane, so that a shorter one is not hidden under a longer one.
    mutating func drawWindows(_ windows: [ReviewDates.Window], middle: Double) {
        var rowEnds: [Double] = []
        var rows: [Int] = []
        for window in windows {
            let start = scale.x(window.opens, end: false)
            let row = rowEnds.firstIndex { $0 <= start } ?? rowEnds.count
            let end = max(start + 2, scale.x(window.closes, end: window.kind == .responses))
            if row == rowEnds.count { rowEnds.append(end) } else { rowEnds[row] = end }
            rows.append(row)
        }
        let count = max(1, rowEnds.count)
        let height = count == 1 ? 12.0 : max(4.0, 20.0 / Double(count))
        for (window, row) in zip(windows, rows) {
            let offset = (Double(row) - Double(count - 1) / 2) * (height + 1)
            drawWindow(window, middle: middle + offset, height: height)
        }
    }

    /// A hatched span from when it was due (or opened) to what it leads up to, with a tick where it was done.
    mutating func drawWindow(_ window: ReviewDates.Window, middle: Double, height: Double = 12) {
        let n = SVGMarkup.number
        let x0 = scale.x(window.opens, end: false)
        let x1 = max(x0 + 2, scale.x(window.closes, end: window.kind == .responses))
        let title = windowTitle(window)
        let kind = window.kind.rawValue
        svg.openGroup(["class": window.late ? "window \(kind) late" : "window \(kind)", "data-subject": window.subject,
            "data-start": window.opens.day(in: zone).description, "data-end": window.closes.day(in: zone).description,
            "data-done": window.done.map { zone.date(of: $0).description }], title: title)
        svg.element("rect", ["x": n(x0), "y": n(middle - height / 2), "width": n(x1 - x0), "height": n(height), "fill": "url(#\(id(kind)))",
                             "stroke": window.late ? Self.accent : "#000", "stroke-width": window.late ? "2.5" : "0.75"])
        if let done = window.done, window.kind != .keyDecision {
            let x = scale.x(done)
            svg.element("line", ["class": "done", "x1": n(x), "y1": n(middle - 9), "x2": n(x), "y2": n(middle + 9),
                                 "stroke": "#000", "stroke-width": "2"])
        }
        svg.close("g")
        if window.late { lateLabel(window.kind == .papers ? "papers late" : "notice late", x: x1, middle: middle) }
    }

    func windowTitle(_ window: ReviewDates.Window) -> String {
        let subject = "‘\(window.subjectTitle)’"
        let due = words.bound(window.opens)
        switch window.kind {
        case .papers, .notice:
            let what = window.kind == .papers ? "Papers for \(subject)" : "Public notice of \(subject)"
            let verb = window.kind == .papers ? "published" : "given"
            var text = "\(what): due by \(due) for the meeting on \(words.bound(window.closes))"
            if let done = window.done {
                text += "; \(verb) \(words.day(done))" + (window.late ? ", after \(window.kind == .papers ? "they were" : "it was") due: late" : "")
            } else {
                text += window.late ? "; not \(verb): late" : "; not yet \(verb)"
            }
            return text
        case .keyDecision:
            return "Notice of the key decision \(subject): given \(due), for the decision on \(words.bound(window.closes))"
                + (window.late ? "; given too late" : "")
        case .responses:
            return "Responses to \(subject): from \(due) until the end of \(words.bound(window.closes))"
        }
    }

    /// Each period as an outline from its start to its end, and a square at the day its measurements are due:
    /// filled when they are all in, open while not, and outlined in the accent colour and named when overdue.
    mutating func drawPeriod(_ period: MonitoringPeriodSummary, middle: Double) {
        let n = SVGMarkup.number
        let (x0, x1, xDue) = (scale.x(period.begins), scale.x(period.ends), scale.x(period.due))
        let dueDay = dates.lastDay(before: period.due)
        let status = period.overdue ? "late" : period.complete ? "complete" : "open"
        var title = "Monitoring period \(period.period) (\(period.label)): \(words.day(period.begins)) to \(words.day(period.ends.adding(milliseconds: -1))); "
            + "measurements due by \(dueDay.longDescription)"
        title += period.overdue ? "; overdue" : period.complete ? "; all recorded" : ""
        svg.openGroup(["class": "measurement-due \(status)", "data-period": String(period.period), "data-label": period.label,
            "data-start": zone.date(of: period.begins).description, "data-end": dates.lastDay(before: period.ends).description,
            "data-date": dueDay.description], title: title)
        svg.element("rect", ["x": n(x0), "y": n(middle - 5), "width": n(max(1, x1 - x0)), "height": "10", "fill": "none",
                             "stroke": "#777"])
        svg.element("rect", ["x": n(xDue - 4), "y": n(middle - 4), "width": "8", "height": "8",
                             "fill": period.complete ? "#000" : "#fff", "stroke": period.overdue ? Self.accent : "#000",
                             "stroke-width": period.overdue ? "2.5" : "1.5"])
        svg.close("g")
        if period.overdue { lateLabel("\(period.label) overdue", x: xDue, middle: middle) }
    }
}
