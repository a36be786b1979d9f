import BVCore

/// Builds each group of a notice's context. Every group lists all its fields, absent when there
/// is no value, so that the fields a template may name do not depend on the notice.
struct NoticeFields {
    let dates: PeopleDates
    let state: ReviewState?
    let workflow: WorkflowDefinition?
    /// For the monitoring status table: which periods have ended and which are overdue.
    let now: Instant

    /// An instant as a day, a time, and both.
    func moment(_ instant: Instant) -> TemplateValue {
        .group([.init("day", .text(dates.day(instant))), .init("time", .text(dates.time(instant))),
                .init("when", .text(dates.dayAndTime(instant)))])
    }

    func subject(_ notice: NoticeDescription) -> TemplateValue {
        .group([
            .init("id", .text(notice.subject)),
            .init("title", .text(notice.subjectTitle)),
            .init("day", .optional(notice.subjectAt.map(dates.day))),
            .init("time", .optional(notice.subjectAt.map(dates.time))),
            .init("when", .optional(notice.subjectAt.map(dates.dayAndTime))),
            .init("deadline", .optional(notice.subjectAt.map(dates.deadline))),
        ])
    }

    func review(id: String) -> TemplateValue {
        let phase = state?.currentPhase.map { id in
            TemplateValue.group([.init("id", .text(id)), .init("title", .text(workflow?.phase(id)?.title ?? id))])
        }
        return .group([
            .init("id", .text(id)),
            .init("title", .text(state?.title ?? id)),
            .init("service", .optional(state?.service)),
            .init("lead", .optional(state?.lead)),
            .init("phase", phase ?? .absent),
        ])
    }

    func recipient(_ recipient: NoticeRecipient) -> TemplateValue {
        .group([.init("name", .text(recipient.name)), .init("organisation", .optional(recipient.organisation))])
    }

    func organisation(_ organisation: InvitedOrganisation) -> TemplateValue {
        .group([
            .init("id", .text(organisation.id)),
            .init("name", .text(organisation.name)),
            .init("category", .text(workflow?.category(organisation.category)?.title ?? organisation.category)),
        ])
    }

    func meeting(_ meeting: Meeting, end: Instant) -> TemplateValue {
        .group([
            .init("id", .text(meeting.id)),
            .init("title", .text(meeting.title)),
            .init("method", .text(workflow?.method(meeting.method)?.title ?? meeting.method)),
            .init("location", .text(meeting.place)),
            .init("day", .text(dates.day(meeting.start))),
            .init("start", .text(dates.dayAndTime(meeting.start))),
            .init("end", .text(dates.dayAndTime(end))),
            .init("startTime", .text(dates.time(meeting.start))),
            .init("endTime", .text(dates.time(end))),
            .init("papersPublished", .optional(meeting.papersPublished.map(dates.day))),
            .init("cancelled", .flag(meeting.cancelled != nil)),
            .init("cancellationReason", .optional(meeting.cancellationReason)),
            .init("changes", .text(String(meeting.sequence))),
        ])
    }

    func proposal(_ proposal: Proposal) -> TemplateValue {
        let closes: String = switch proposal.responseDeadline {
        case .date(let date): "the end of \(date.longDescription)"
        case .instant(let instant): dates.dayAndTime(instant)
        }
        return .group([
            .init("id", .text(proposal.id)),
            .init("title", .text(proposal.title)),
            .init("published", .text(dates.day(proposal.published))),
            .init("responseDeadline", .text(closes)),
        ])
    }

    func response(_ response: Response) -> TemplateValue {
        .group([
            .init("id", .text(response.id)),
            .init("summary", .text(response.summary)),
            .init("received", .text(dates.day(response.received))),
            .init("organisation", .text(state?.organisation(response.organisation)?.name ?? response.organisation)),
        ])
    }

    func decision(_ id: String, record: DecisionRecord?) -> TemplateValue {
        let definition = workflow?.decision(id)
        return .group([
            .init("id", .text(id)),
            .init("title", .text(definition?.title ?? id)),
            .init("key", .flag(definition?.key ?? false)),
            .init("outcome", .optional(record?.outcome)),
            .init("noticeGiven", .optional(record?.noticeGiven.map(dates.day))),
            .init("intendedDate", .optional(record?.intendedDate?.longDescription)),
            .init("taken", .optional(record?.taken.map(dates.dayAndTime))),
            .init("meeting", .optional(record?.meeting.map { state?.meeting($0)?.title ?? $0 })),
        ])
    }

    func failure(_ failure: FailedDelivery) -> TemplateValue {
        .group([
            .init("kind", .text(failure.template.rawValue)),
            .init("kindTitle", .text(failure.template.title)),
            .init("subject", .text(failure.subjectTitle)),
            .init("recipient", .text(failure.recipient.name)),
            .init("organisation", .optional(failure.recipient.organisation)),
            .init("channel", .text(failure.recipient.channel)),
            .init("firstDue", .text(dates.dayAndTime(failure.firstDue))),
        ])
    }

    func digest(_ items: [DigestItem]) -> TemplateValue {
        .group([
            .init("count", .text(String(items.count))),
            .init("items", .list(items.map { item in
                .group([
                    .init("kind", .text(item.template.rawValue)),
                    .init("kindTitle", .text(item.template.title)),
                    .init("title", .text(item.title)),
                    .init("day", .text(dates.day(item.at))),
                    .init("when", .text(dates.dayAndTime(item.at))),
                    .init("late", .flag(item.late)),
                ])
            })),
        ])
    }

    /// A monitoring period with each indicator's value, target, status and trend, values in their units.
    func monitoring(period: Int) -> TemplateValue {
        let indicators = state?.indicators ?? []
        let table = state.flatMap { state in workflow.flatMap { MonitoringTable(workflow: $0, state: state, zone: dates.zone, now: now) } }
        let summary = table?.period(period)
        return .group([
            .init("period", .text(String(period))),
            .init("label", .optional(summary?.label)),
            .init("lastDay", .optional(summary.map { dates.day($0.ends.adding(milliseconds: -1)) })),
            .init("due", .optional(summary.map { dates.deadline($0.due) })),
            .init("indicators", .list(indicators.map { indicator in
                let reading = summary?.readings.first { $0.indicator == indicator.code }
                let value = reading?.value ?? state?.measurement(indicator.code, period: period)?.value
                let target = reading?.target ?? indicator.target
                let status = reading?.status ?? TargetStatus.of(value: value, target: target, polarity: indicator.polarity, tolerance: 0)
                return .group([
                    .init("code", .text(indicator.code)),
                    .init("name", .text(indicator.name)),
                    .init("unit", .text(indicator.knownUnit?.title ?? indicator.unit)),
                    .init("baseline", .optional(indicator.baseline.map(indicator.format))),
                    .init("target", .optional(target.map(indicator.format))),
                    .init("targetDate", .optional(indicator.targetDate?.longDescription)),
                    .init("value", .optional(value.map(indicator.format))),
                    .init("status", .text(status.words)),
                    .init("trend", .optional(reading?.trend?.words)),
                ])
            })),
        ])
    }
}
