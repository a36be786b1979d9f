public import BVCore

extension OpenDataReview {
    /// The review as it stands at `now` (which decides which meetings are to come, which monitoring
    /// periods have ended and when the data was published).
    public init(state: ReviewState, engine: ReviewEngine, now: Instant) {
        let dates = ReviewDates(state: state, engine: engine, now: now)
        let workflow = engine.workflow, zone = dates.zone
        published = Self.timestamp(now, in: zone)
        review = Review(id: state.id, title: state.title, service: state.service, workflow: workflow.id, workflowVersion: workflow.version,
                        planYear: ReviewFacts.financialYear(state.planYear), started: zone.date(of: state.created),
                        closed: state.closed.map(zone.date(of:)), currentPhase: state.currentPhase)
        phases = state.phases.map { visit in
            let deadline = dates.deadline(of: visit)
            return Phase(id: visit.phase, title: workflow.phase(visit.phase)?.title ?? visit.phase, entered: zone.date(of: visit.entered),
                         left: visit.left.map(zone.date(of:)), deadline: deadline.map(dates.lastDay(before:)),
                         overran: deadline.map { (visit.left ?? now) > $0 } ?? false)
        }
        organisations = state.organisations.map {
            Organisation(id: $0.id, name: $0.name, category: $0.category, categoryTitle: workflow.category($0.category)?.title ?? $0.category)
        }
        meetings = state.meetings.map { meeting in
            let status = meeting.cancelled != nil ? "cancelled" : meeting.held != nil ? "held" : meeting.start > now ? "upcoming" : "not-recorded"
            return Meeting(id: meeting.id, title: meeting.title, method: meeting.method,
                           methodTitle: workflow.method(meeting.method)?.title ?? meeting.method, start: Self.timestamp(meeting.start, in: zone),
                           place: meeting.place, status: status, held: meeting.held != nil, invited: meeting.invitees.count,
                           attendance: meeting.attendees?.count)
        }
        proposals = state.proposals.map { proposal in
            let responses = state.responses.filter { $0.proposal == proposal.id }
            return Proposal(id: proposal.id, title: proposal.title, published: zone.date(of: proposal.published),
                            responseDeadline: proposal.responseDeadline.description, responses: responses.count,
                            responsesConsidered: responses.filter { $0.considered != nil }.count)
        }
        decisions = state.decisions.map { record in
            let definition = workflow.decision(record.id)
            return Decision(id: record.id, title: definition?.title ?? record.id, key: definition?.key ?? false,
                            noticeGiven: record.noticeGiven.map(zone.date(of:)), intendedDate: record.intendedDate,
                            taken: record.taken.map(zone.date(of:)), meeting: record.meeting, outcome: record.outcome)
        }
        disclosureItems = state.disclosureItems.map { DisclosureItem(id: $0.id, title: $0.title, disclosure: $0.disclosure.rawValue, reason: $0.reason) }
        strands = state.strands.map { Strand(id: $0.id, title: workflow.strand($0.id)?.title ?? $0.id, status: $0.status.rawValue, findings: $0.findings) }
        indicators = state.indicators.map { indicator in
            Indicator(code: indicator.code, name: indicator.name, definition: indicator.definition, unit: indicator.unit,
                      polarity: indicator.polarity.rawValue, source: indicator.source?.rawValue, baseline: indicator.baseline,
                      baselinePeriod: indicator.baselinePeriod, planYearTarget: indicator.target(inYear: state.planYear),
                      targets: indicator.targets.map { Target(financialYear: ReviewFacts.financialYear($0.year), value: $0.value) })
        }
        measurements = Self.measurements(dates)
        actions = state.actions.map {
            Action(id: $0.id, title: $0.title, owner: $0.owner, due: $0.due, strand: $0.strand, completed: $0.completed)
        }
    }

    /// Every reading with a value, and every reading of a period that has ended without one.
    static func measurements(_ dates: ReviewDates) -> [Measurement] {
        let (state, zone) = (dates.state, dates.zone)
        return (dates.monitoring?.periods ?? []).flatMap { period in
            period.readings.filter { $0.value != nil || period.closed }.map { reading in
                Measurement(indicator: reading.indicator, period: period.period, periodLabel: period.label,
                            periodStart: zone.date(of: period.begins), periodEnd: dates.lastDay(before: period.ends),
                            financialYear: ReviewFacts.financialYear(period.financialYear), value: reading.value, target: reading.target,
                            status: reading.status.rawValue, trend: reading.trend?.rawValue,
                            recorded: state.measurement(reading.indicator, period: period.period).map { zone.date(of: $0.recorded) })
            }
        }
    }

    /// ISO 8601 with the offset in force: `2027-02-04T18:00:00+00:00`.
    static func timestamp(_ instant: Instant, in zone: Zone) -> String {
        let local = zone.localDateTime(of: instant)
        let offset = zone.offset(at: instant)
        let minutes = abs(offset) / 60
        return "\(local.date)T\(two(local.time.hour)):\(two(local.time.minute)):\(two(local.time.second))"
            + "\(offset < 0 ? "-" : "+")\(two(minutes / 60)):\(two(minutes % 60))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
