import ArgumentParser
import BVCore

/// Date options read with `DateArgument`, reported as usage errors (exit 2) naming the option.
enum DateOption {
    static func date(_ text: String, _ name: String) throws -> CivilDate {
        do { return try DateArgument.date(text, today: DateArgument.today(), name: name) } catch {
            throw ValidationError(error.description)
        }
    }

    static func date(_ text: String?, _ name: String) throws -> CivilDate? {
        try text.map { try date($0, name) }
    }

    static func dateTime(_ text: String, _ name: String) throws -> LocalDateTime {
        do { return try DateArgument.dateTime(text, today: DateArgument.today(), name: name) } catch {
            throw ValidationError(error.description)
        }
    }

    /// A recorded fact happens today or earlier; a date in the future is a usage error.
    static func pastOrToday(_ text: String?, _ name: String) throws -> CivilDate? {
        guard let date = try date(text, name) else { return nil }
        let today = DateArgument.today()
        guard date <= today else {
            throw ValidationError("\(name): \(date) is in the future; record what happened, today (\(today)) or earlier")
        }
        return date
    }
}

/// Checks that an option has some non-blank text.
func requireText(_ text: String, _ name: String) throws {
    guard !text.trimmingWhitespace.isEmpty else { throw ValidationError("\(name) must not be blank") }
}

/// Checks an identifier typed on the command line (review, meeting, organisation…).
func requireIdentifier(_ text: String, _ what: String) throws {
    guard !text.isEmpty, !text.contains("/"), !text.contains(where: \.isWhitespace) else {
        // What bvd itself requires of these ids; review and directory ids, which bvd makes, are stricter (ReviewID).
        throw ValidationError("\(what) '\(text)' is not an id: an id has no spaces and no '/' (such as unison-branch)")
    }
}

/// Checks a value against a fixed list, naming the choices.
func requireChoice(_ text: String, _ name: String, _ choices: [String]) throws {
    guard choices.contains(text) else {
        throw ValidationError("\(name) must be one of \(choices.joined(separator: ", ")), not '\(text)'")
    }
}

/// Help for the review argument every review command takes.
let reviewHelp = ArgumentHelp("The review's id.", valueName: "review")

extension Double {
    /// "41.5", "60" (no ".0").
    var plain: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}

/// The review a listing command reads, and how to reach bvd: what every `… list` command shares.
struct ReviewListing: ParsableArguments {
    @Argument(help: reviewHelp) var review: String
    @OptionGroup var connection: DaemonConnection

    func validate() throws { try requireIdentifier(review, "review") }

    /// The review's progress view, or nil when `--json` has printed the API's answer as it came.
    func view() throws -> ReviewViewReply? {
        try connection.read(ReviewViewReply.self, APIPath.review(review))
    }

    func state() throws -> ReviewState? { try view()?.review }
}
