/// Renders what a notice says for one recipient: its subject line, plain-text body, HTML body and,
/// for meeting notices, the calendar object. Pure: templates were checked when they were loaded.
public struct NoticeRenderer: Sendable {
    public let templates: NoticeTemplates
    /// Writes calendar objects for meeting notices; nil sends none.
    public let calendar: MeetingCalendar?

    public init(templates: NoticeTemplates, calendar: MeetingCalendar?) {
        (self.templates, self.calendar) = (templates, calendar)
    }

    public func render(_ context: NoticeContext) -> RenderedNotice {
        let set = templates.set(for: context.notice.template)
        let root = ContextNode(context.values.fields, path: "", recorder: nil)
        let subject = PlainTextLayout.singleLine(set.subject.render(root))
        let text = PlainTextLayout.layout(set.text.render(root))
        let html = set.html.map { $0.render(root) }
        return RenderedNotice(subject: subject, text: text, html: html, calendar: calendar?.invitation(for: context))
    }
}
