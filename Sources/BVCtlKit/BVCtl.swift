public import ArgumentParser
import BVCore

/// `bvctl`, the officers' command line for bvd.
public struct BVCtl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bvctl",
        abstract: "Drive and query Best Value reviews run by bvd.",
        discussion: """
            Offline commands (calendar, workflow) need no daemon; the others talk to bvd on its control \
            socket (--socket, else $BVD_SOCKET, else /run/bvd/control.sock, else ./.bvd/control.sock). \
            Dates may be written YYYY-MM-DD, today, tomorrow, +3d, +2w or next monday; times are Europe/London.

            Examples:
              bvctl review show housing-repairs
              bvctl review why housing-repairs agree-scope
              bvctl calendar before 2027-04-01 --clear-days 5   # 2027-03-22
              bvctl workflow check workflows/best-value-review.yaml

            Exit status: 0 success, 1 error, 2 usage, 3 refused by a timetable or workflow rule, \
            4 not found, 5 permission denied, 6 daemon unreachable.
            """,
        version: BVCoreVersion.string,
        subcommands: [
            StatusCommand.self, ReviewGroup.self, OrgGroup.self, RepGroup.self, MeetingGroup.self, ProposalGroup.self, ResponseGroup.self,
            DecisionGroup.self, BaselineGroup.self, DisclosureGroup.self, AssessmentGroup.self, IndicatorGroup.self, ActionGroup.self,
            PlanGroup.self, ReportCommand.self, AgendaCommand.self, NoticesGroup.self, CalendarCommand.self, WorkflowCommand.self,
        ]
    )

    public init() {}

    /// Runs bvctl with `arguments` and returns its exit status, printing as the tool does.
    public static func main(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure as BVCtlFailure {
            printError("bvctl: \(failure.message)")
            return failure.status.rawValue
        } catch let exit as HelperExit {
            return exit.status
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { printError(message) }
            // swift-argument-parser reports usage errors as EX_USAGE (64); bvctl documents 2.
            return code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.error.rawValue
        }
    }
}

/// bvctl's documented exit statuses.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case error = 1
    case usage = 2
    case refused = 3
    case notFound = 4
    case permissionDenied = 5
    case unreachable = 6
}

/// An error that ends bvctl with a specific status and message.
public struct BVCtlFailure: Error {
    public let status: ExitStatus
    public let message: String
    public init(_ status: ExitStatus, _ message: String) { (self.status, self.message) = (status, message) }
}
