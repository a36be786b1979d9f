import BVCore
import Testing

/// An instant written in UTC, e.g. `2027-03-31T08:00:00Z`.
func utc(_ text: String) -> Instant { Instant(rfc3339: text)! }

func civil(_ text: String) -> CivilDate { CivilDate(text)! }

func local(_ text: String) -> LocalDateTime { LocalDateTime(text)! }

extension ReviewDriver {
    /// Six organisations from six categories: enough for the shipped `broad-involvement` rule.
    static let organisations = [
        ("tenants-federation", "Northfield Tenants' Federation", "tenants-and-community"),
        ("pensioners-forum", "Northfield Pensioners' Forum", "pensioners"),
        ("unison", "UNISON Northfield branch", "trade-unions"),
        ("carers", "Northfield Carers' Network", "patients-and-carers"),
        ("youth-club", "Eastside Youth Club", "youth-and-student-clubs"),
        ("traders", "Market Street Traders", "local-business"),
    ]

    /// A housing-repairs review started at `start` with the first `invited` organisations.
    static func started(at start: String = "2027-01-04T09:00", invited: Int = 6) -> ReviewDriver {
        var r = ReviewDriver(at: start)
        r.run(.start(title: "Housing repairs", service: "Responsive repairs to council homes", lead: "j.smith", planYear: 2028))
        for (id, name, category) in organisations.prefix(invited) { r.run(.invite(organisation: id, name: name, category: category)) }
        return r
    }

    /// Schedules a meeting that must be accepted.
    mutating func schedule(_ id: String, _ title: String, _ method: String, at start: String, invitees: [String],
                           sourceLocation: SourceLocation = #_sourceLocation) {
        run(.scheduleMeeting(meeting: id, title: title, method: method, start: local(start), place: "Town Hall", invitees: invitees),
            sourceLocation: sourceLocation)
    }

    /// Records a fact as the store would hold it, for states that take months of commands to reach.
    mutating func record(_ change: ReviewChange) {
        events.append(ReviewEvent(review: review, at: clock.now(), actor: actor, change: change))
    }

    /// Every notice the timetable plans for the review now.
    var notices: [PlannedNotice] { state.map { engine.plannedNotices(state: $0) } ?? [] }

    func notices(_ kind: NoticeKind, about subject: String) -> [PlannedNotice] {
        notices.filter { $0.kind == kind && $0.subject == subject }
    }

    /// Takes the three scoping decisions at a committee on 4 February 2027 and enters involvement
    /// at 2027-02-04T19:00. The review must have been started on 2027-01-04 with six organisations.
    mutating func enterInvolvement(sourceLocation: SourceLocation = #_sourceLocation) {
        schedule("committee-0", "Coordinating committee (scope)", "coordinating-committee", at: "2027-02-04T18:00",
                 invitees: ReviewDriver.organisations.map(\.0), sourceLocation: sourceLocation)
        at("2027-01-20T10:00")
        run(.publishPapers(meeting: "committee-0", on: nil), sourceLocation: sourceLocation)
        run(.giveMeetingNotice(meeting: "committee-0", on: nil), sourceLocation: sourceLocation)
        run(.setDisclosure(item: "repair-costs", title: "Unit costs of repairs", disclosure: .public, reason: nil),
            sourceLocation: sourceLocation)
        at("2027-02-04T19:00")
        for decision in ["agree-scope", "agree-involvement-plan", "agree-information"] {
            run(.takeDecision(decision: decision, meeting: "committee-0", outcome: "Agreed"), sourceLocation: sourceLocation)
        }
        run(.recordMeetingHeld(meeting: "committee-0", minutes: "Agreed"), sourceLocation: sourceLocation)
        run(.advance, sourceLocation: sourceLocation)
        #expect(state?.currentPhase == "involvement", sourceLocation: sourceLocation)
    }
}

extension NoticeRecipients {
    /// Whether the notice goes to exactly these roles and organisations, in this order.
    func are(roles: [String] = [], organisations: [String] = []) -> Bool {
        self.roles == roles && self.organisations == organisations
    }
}
