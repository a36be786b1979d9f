@testable import BVCtlKit
import Testing

@Suite("Help examples laid out so that they paste into a shell")
struct CommandExampleTests {
    @Test("a long command breaks before its options, never inside a quoted argument, each line continued with a backslash")
    func breaksBeforeOptions() {
        let text = CommandExample.laidOut(#"bvctl meeting schedule housing-repairs cc-1 --title "Coordinating committee of the borough's tenants" --method coordinating-committee --start "next thursday 18:30" --place 'Room 2, Town Hall' --invite-all"#)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"  bvctl meeting schedule housing-repairs cc-1 \"#,
            #"    --title "Coordinating committee of the borough's tenants" \"#,
            #"    --method coordinating-committee --start "next thursday 18:30" \"#,
            #"    --place 'Room 2, Town Hall' --invite-all"#,
        ], "\(text)")
        #expect(lines.allSatisfy { $0.count <= CommandExample.width })
    }

    @Test("quotes of either kind and escaped quotes keep an argument whole; an unquoted # begins a comment, set above the command")
    func wordsAndComments() {
        #expect(CommandExample.split(#"bvctl x --a "b \" # c" --d 'e # "f' # the comment"#)
            == ([#"bvctl"#, #"x"#, #"--a"#, #""b \" # c""#, #"--d"#, #"'e # "f'"#], "the comment"))
        #expect(CommandExample.laidOut("bvctl calendar before 2027-04-01 --clear-days 5 # 2027-03-22")
            == "  # 2027-03-22\n  bvctl calendar before 2027-04-01 --clear-days 5")
        #expect(CommandExample.split("bvctl workflow check a#b").words == ["bvctl", "workflow", "check", "a#b"])
    }
}
