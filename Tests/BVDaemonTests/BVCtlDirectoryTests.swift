import Foundation
import Testing

/// The organisation directory through the real bvctl: kept once, invited to a review by name or category.
@Suite("bvctl org and review invite from the directory against a real bvd")
struct BVCtlDirectoryTests {
    @Test("org add, edit, list, show; review invite by name and by category brings each contact in as representative")
    func directoryThroughBVCtl() throws {
        let scratch = try Scratch()
        try installWorkflows(scratch)
        let daemon = try DaemonProcess(scratch: scratch)
        _ = try daemon.waitUntilAnswering()
        func run(_ line: [String]) throws -> BVCtlReviewTests.Run { try BVCtlReviewTests.bvctl(line, socket: daemon.socket, scratch: scratch) }
        func ok(_ line: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try run(line)
            #expect(result.status == 0, "bvctl \(line.joined(separator: " ")): \(result.all)", sourceLocation: sourceLocation)
            return result.stdout
        }

        #expect(try ok(["org", "add", "tenants-federation", "--name", "Borough Tenants' Federation", "--category", "tenants-and-community",
                        "--contact", "Mary Jones", "--email", "mary@tenants.example"]).contains("Added 'Borough Tenants' Federation'"))
        _ = try ok(["org", "add", "pensioners-forum", "--name", "Pensioners' Forum", "--category", "pensioners", "--contact", "Ron Hill", "--phone", "01632 960555"])
        _ = try ok(["org", "add", "age-concern", "--name", "Age Concern Northfield", "--category", "pensioners"])
        let duplicate = try run(["org", "add", "pensioners-forum", "--name", "Again", "--category", "pensioners"])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("already in the directory"))
        let badCategory = try run(["org", "add", "cats", "--name", "Cats", "--category", "felines"])
        #expect(badCategory.status == 1 && badCategory.stderr.contains("unknown category 'felines'"))
        // An id bvd would refuse is a usage error, as for review create.
        let badID = try run(["org", "add", "Bad_ID", "--name", "Bad", "--category", "pensioners"])
        #expect(badID.status == 2 && badID.stderr.contains("an organisation id is lower-case letters, digits and hyphens, not 'Bad_ID'"),
                "\(badID.stderr)")
        _ = try ok(["org", "edit", "tenants-federation", "--email", "mary.jones@tenants.example"])
        let shown = try ok(["org", "show", "tenants-federation"])
        #expect(shown.contains("Mary Jones, mary.jones@tenants.example"))
        #expect(try ok(["org", "list", "--category", "pensioners"]).contains("Age Concern Northfield"))
        #expect(try run(["org", "show", "nobody"]).status == 4)

        _ = try ok(["review", "create", "housing-repairs", "--title", "Housing repairs", "--service", "Repairs", "--lead", "j.smith"])
        // A name the directory does not know is reported with the rest, which go ahead; exit 1 for it.
        let partly = try run(["review", "invite", "housing-repairs", "tenants-federation", "nosuch"])
        #expect(partly.status == 1, "\(partly.stdout)\(partly.stderr)")
        let invited = partly.stdout
        #expect(invited.contains("tenants-federation") && invited.contains("invited") && invited.contains("mary-jones"), "\(invited)")
        #expect(invited.contains("no organisation 'nosuch' in the directory"), "\(invited)")
        // A category no workflow has is named as such, with the categories there are.
        let nonsense = try run(["review", "invite", "housing-repairs", "--category", "nonsense"])
        #expect(nonsense.status == 1 && nonsense.stderr.contains("unknown category 'nonsense'; the workflows' categories are "), "\(nonsense.stderr)")
        let byCategory = try ok(["review", "invite", "housing-repairs", "--category", "pensioners"])
        #expect(byCategory.contains("pensioners-forum") && byCategory.contains("ron-hill") && byCategory.contains("age-concern"))
        let again = try run(["review", "invite", "housing-repairs", "tenants-federation"])
        #expect(again.status == 1)
        #expect(again.stdout.contains("already invited"))
        let reps = try ok(["rep", "list", "housing-repairs"])
        #expect(reps.contains("Mary Jones") && reps.contains("mary.jones@tenants.example") && reps.contains("Ron Hill"))
        #expect(reps.contains("Age Concern Northfield (age-concern)"), "an organisation without a contact is named as having nobody for notices")
        let usage = try run(["review", "invite", "housing-repairs"])
        #expect(usage.status == 2)
        #expect(daemon.terminate() == 0)
    }
}
