/// Judges timetable rules against a review's facts. Pure: the same facts give the same words.
struct RuleEvaluator {
    let workflow: WorkflowDefinition
    let context: TimetableContext
    let state: ReviewState
    /// When the decision would be taken: the deciding meeting's start, or now.
    let at: Instant
    let meeting: Meeting?
    let now: Instant
    let decisionID: String

    var zone: Zone { context.zone }

    func day(_ instant: Instant) -> String { zone.date(of: instant).description }

    /// An instant as a date when the rule counts days, or as a local time when it counts seconds.
    func moment(_ instant: Instant, _ period: TimetablePeriod) -> String {
        if case .duration(let d) = period, !d.isDateOnly { return zone.format(instant) }
        return day(instant)
    }

    func requirement(_ period: TimetablePeriod) -> String {
        switch period {
        case .days(let count): count.days == 1 ? "1 is required" : "\(count.days) are required"
        case .duration(let d): "\(d.spoken) \(d.spoken.hasSuffix("s") ? "are" : "is") required"
        }
    }

    /// How much lies between two events, and the days that did not count.
    func gap(_ from: Instant, _ to: Instant, _ period: TimetablePeriod) throws(CalendarError) -> (measured: String, skipped: String) {
        let measured = try context.measure(from: from, to: to, as: period)
        guard case .days(let count) = period else { return (measured, "") }
        let span = try context.calendar.span(from: zone.date(of: from), to: zone.date(of: to), excluding: count.excluding)
        return (measured, skippedPhrase(span.skipped).map { " " + $0 } ?? "")
    }

    func evaluate(_ rule: TimetableRule) -> RuleFinding {
        do {
            return try evaluateThrowing(rule)
        } catch {
            return RuleFinding(rule: rule, met: false, explanation: "this rule cannot be judged: \(error.description)")
        }
    }

    private func evaluateThrowing(_ rule: TimetableRule) throws(CalendarError) -> RuleFinding {
        switch rule.kind {
        case .papersBeforeMeeting(let period):
            return try meetingRule(rule, period, fact: meeting?.papersPublished, noun: "papers", verb: "published",
                                   noneYet: "have not been published")
        case .noticeBeforeMeeting(let period):
            return try meetingRule(rule, period, fact: meeting?.noticeGiven, noun: "public notice", verb: "given",
                                   noneYet: "has not been given")
        case .noticeBeforeDecision(let period):
            return try decisionNotice(rule, period)
        case .consultationPeriod(let period):
            return try consultation(rule, period)
        case .responseWindow:
            return responseWindow(rule)
        case .responsesConsidered:
            return responsesConsidered(rule)
        case .collectiveAgreement(let threshold):
            return collectiveAgreement(rule, threshold: threshold)
        case .disclosureSettled:
            return disclosureSettled(rule)
        case .strandsComplete(let ids):
            return strandsComplete(rule, ids)
        case .organisationsInvited(let minimumOrganisations, let minimumCategories):
            return organisationsInvited(rule, minimumOrganisations, minimumCategories)
        case .indicatorsTargeted:
            return indicatorsTargeted(rule)
        case .monitoringComplete:
            return monitoringComplete(rule)
        }
    }
}

