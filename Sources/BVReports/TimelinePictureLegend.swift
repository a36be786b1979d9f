/// The hatching patterns and the key to the picture's marks, so that it reads without colour.
enum TimelineLegend {
    /// Black lines on white at an angle per kind of window; the overrun of a deadline in the accent colour.
    static func patterns(prefix: String, into svg: inout SVGMarkup) {
        svg.open("defs")
        for (name, angle, colour) in [("papers", "45", "#000"), ("notice", "-45", "#000"), ("key-decision", "0", "#000"),
                                      ("responses", "90", "#000"), ("overrun", "45", TimelineDrawing.accent)] {
            svg.open("pattern", ["id": SVGMarkup.identifier(prefix, name), "patternUnits": "userSpaceOnUse", "width": "5", "height": "5",
                                 "patternTransform": "rotate(\(angle))"])
            svg.element("rect", ["width": "5", "height": "5", "fill": "#fff"])
            svg.element("line", ["x1": "0", "y1": "2.5", "x2": "5", "y2": "2.5", "stroke": colour, "stroke-width": name == "overrun" ? "2.5" : "1.2"])
            svg.close("pattern")
        }
        svg.close("defs")
    }

    enum Symbol {
        case heldMeeting, upcomingMeeting, cancelledMeeting, unrecordedMeeting, decision, intendedDecision
        case phase, deadline, window(String), done, measurementDue, late, today
    }

    static let items: [(Symbol, String)] = [
        (.phase, "phase, from entry to leaving"), (.deadline, "phase deadline"),
        (.heldMeeting, "meeting held"), (.upcomingMeeting, "meeting to come"),
        (.cancelledMeeting, "meeting cancelled"), (.unrecordedMeeting, "meeting not recorded as held"),
        (.decision, "decision taken"), (.intendedDecision, "decision intended"),
        (.window("papers"), "papers due → meeting"), (.window("notice"), "public notice due → meeting"),
        (.window("key-decision"), "key-decision notice → decision"), (.window("responses"), "proposal → response deadline"),
        (.done, "papers published, notice given"), (.measurementDue, "measurements due (filled: all in)"),
        (.late, "late: thick outline, named"), (.today, "today"),
    ]

    static let columnWidth = 232.0

    static func columns(width: Double) -> Int { max(1, Int((width - 24) / columnWidth)) }

    static func rows(width: Double) -> Int { (items.count + columns(width: width) - 1) / columns(width: width) }

    static func draw(at top: Double, width: Double, prefix: String, into svg: inout SVGMarkup) {
        let n = SVGMarkup.number
        let columns = columns(width: width)
        svg.open("g", ["class": "legend"])
        for (index, (symbol, text)) in items.enumerated() {
            let x = 24 + Double(index % columns) * columnWidth
            let y = top + Double(index / columns) * 22
            draw(symbol, x: x + 8, middle: y, prefix: prefix, into: &svg)
            svg.element("text", ["x": n(x + 26), "y": n(y + 4)], text: text)
        }
        svg.close("g")
    }

    /// The same shapes the lanes use, small.
    static func draw(_ symbol: Symbol, x: Double, middle y: Double, prefix: String, into svg: inout SVGMarkup) {
        let n = SVGMarkup.number
        switch symbol {
        case .heldMeeting: svg.element("circle", ["cx": n(x), "cy": n(y), "r": "5", "fill": "#000"])
        case .unrecordedMeeting:
            svg.element("circle", ["cx": n(x), "cy": n(y), "r": "5", "fill": "#fff", "stroke": "#000", "stroke-dasharray": "2 2"])
        case .upcomingMeeting:
            svg.element("path", ["d": "M\(n(x)) \(n(y - 7))l6 7l-6 7l-6 -7z", "fill": "#fff", "stroke": "#000", "stroke-width": "1.5"])
        case .cancelledMeeting:
            svg.element("path", ["d": "M\(n(x - 5)) \(n(y - 5))l10 10m0 -10l-10 10", "stroke": "#000", "stroke-width": "2"])
        case .decision, .intendedDecision:
            svg.element("path", ["d": "M\(n(x)) \(n(y - 7))l6 12h-12z", "fill": symbol.isTaken ? "#000" : "#fff", "stroke": "#000",
                                 "stroke-width": "1.5"])
        case .phase: svg.element("rect", ["x": n(x - 8), "y": n(y - 7), "width": "16", "height": "14", "fill": "#c4c4c4", "stroke": "#000"])
        case .deadline, .done:
            svg.element("line", ["x1": n(x), "y1": n(y - 9), "x2": n(x), "y2": n(y + 9), "stroke": "#000",
                                 "stroke-width": symbol.isDeadline ? "3" : "2"])
        case .window(let kind):
            svg.element("rect", ["x": n(x - 8), "y": n(y - 6), "width": "16", "height": "12",
                                 "fill": "url(#\(SVGMarkup.identifier(prefix, kind)))", "stroke": "#000", "stroke-width": "0.75"])
        case .measurementDue: svg.element("rect", ["x": n(x - 4), "y": n(y - 4), "width": "8", "height": "8", "fill": "#000", "stroke": "#000"])
        case .late:
            svg.element("rect", ["x": n(x - 8), "y": n(y - 6), "width": "16", "height": "12", "fill": "#fff",
                                 "stroke": TimelineDrawing.accent, "stroke-width": "2.5"])
        case .today:
            svg.element("line", ["x1": n(x), "y1": n(y - 9), "x2": n(x), "y2": n(y + 9), "stroke": "#000", "stroke-width": "1.5",
                                 "stroke-dasharray": "5 3"])
        }
    }
}

extension TimelineLegend.Symbol {
    var isTaken: Bool { if case .decision = self { true } else { false } }
    var isDeadline: Bool { if case .deadline = self { true } else { false } }
}
