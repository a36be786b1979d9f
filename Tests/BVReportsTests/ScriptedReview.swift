import BVCore
import BVReviewFixtures
import Foundation
import Testing

/// Drives a review of any id through the engine, for states the finished-review fixture does not
/// have: papers published late, a meeting cancelled, a second review in one feed.
struct ScriptedReview {
    let engine: ReviewEngine
    let review: String
    var events: [ReviewEvent]
    var now: Instant
    let actor = Actor(name: "j.smith", uid: 1001)

    static let engine = ReviewEngine(workflow: FinishedReview.shippedWorkflow, calendar: .bundled(FinishedReview.shippedWorkflow.division))

    init(review: String, engine: ReviewEngine = ScriptedReview.engine, events: [ReviewEvent] = [], now: Instant) {
        (self.review, self.engine, self.events, self.now) = (review, engine, events, now)
    }

    /// Goes on from where the fixture stopped.
    init(continuing fixture: FinishedReview) {
        self.init(review: "housing-repairs", engine: fixture.engine, events: fixture.events, now: fixture.now)
    }

    var state: ReviewState { ReviewState.fold(events)! }

    mutating func at(_ local: String) { now = FinishedReview.london(local) }

    mutating func run(_ command: ReviewCommand, sourceLocation: SourceLocation = #_sourceLocation) {
        switch engine.handle(command, review: review, state: ReviewState.fold(events), now: now, actor: actor) {
        case .success(let new): events += new
        case .failure(let error): Issue.record("\(command) was refused: \(error)", sourceLocation: sourceLocation)
        }
    }

    mutating func meeting(_ id: String, _ title: String, _ method: String, at start: String, invitees: [String] = []) {
        run(.scheduleMeeting(meeting: id, title: title, method: method, start: LocalDateTime(start)!, place: "Central Library", invitees: invitees))
    }

    /// A libraries review in scoping, on 10 February 2027: the committee of 4 February 2027 had its papers
    /// published on 1 February (due by 27 January: late) and its notice on time; a workshop was cancelled;
    /// a committee on 8 April 2027 (summer time) is to come. The title has characters XML must escape.
    static func libraries() -> ScriptedReview {
        var script = ScriptedReview(review: "libraries", now: FinishedReview.london("2027-01-04T09:00"))
        script.run(.start(title: "Libraries & <archives> \"open\" 'late'", service: "Public libraries", lead: "a.khan", planYear: 2028))
        script.run(.invite(organisation: "friends", name: "Friends of Northfield Libraries", category: "action-groups"))
        script.meeting("workshop-1", "Readers' workshop", "workshop", at: "2027-01-20T18:00", invitees: ["friends"])
        script.meeting("committee-1", "Coordinating committee (scope)", "coordinating-committee", at: "2027-02-04T18:00", invitees: ["friends"])
        script.meeting("committee-2", "Coordinating committee (plan)", "coordinating-committee", at: "2027-04-08T18:00", invitees: ["friends"])
        script.at("2027-01-12T10:00")
        script.run(.cancelMeeting(meeting: "workshop-1", reason: "The room is flooded"))
        script.at("2027-01-18T10:00")
        script.run(.giveMeetingNotice(meeting: "committee-1", on: nil))
        script.at("2027-02-01T10:00")
        script.run(.publishPapers(meeting: "committee-1", on: nil))
        script.at("2027-02-04T20:00")
        script.run(.recordMeetingHeld(meeting: "committee-1", minutes: "Scope discussed; no decision", attendees: ["friends"]))
        script.at("2027-02-10T12:00")
        return script
    }
}
