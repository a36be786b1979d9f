import BVCore
import BVWorkflowFile
import Testing

/// YAML syntax, whole-file problems, header settings, and reporting every problem at once.
@Suite("Whole files")
struct WholeFileTests {
    @Test func invalidYAMLIsReportedWithItsPosition() {
        let yaml = """
            id: t
            version: 1
            title: T
              nested: wrong
            phases: []
            """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(listing(found))")
        expectProblem(found, at: 4, 9, "not valid YAML: ", "mapping values are not allowed")
    }

    @Test func unclosedFlowListIsInvalidYAML() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases: [scoping
            """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(listing(found))")
        let problem = found.first
        #expect(problem?.message.hasPrefix("not valid YAML: ") == true)
        #expect(problem?.line == 4 || problem?.line == 5, "\(listing(found))")
    }

    @Test func duplicateKeyIsOneLineWithItsPosition() throws {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                title: Again
            """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(listing(found))")
        let problem = try #require(expectProblem(
            found, at: 6, 5, "duplicate key 'title': it is written here and again later in the same mapping"))
        #expect(!problem.message.contains("\n"), "the message must be one line: \(problem.message)")
        #expect(!problem.message.contains("version: 1"), "the file text must not be dumped: \(problem.message)")
    }

    @Test func duplicateTopLevelKey() {
        let yaml = """
            id: t
            version: 1
            title: T
            version: 2
            phases:
              - id: only
                title: Only
            """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(listing(found))")
        expectProblem(found, at: 2, 1, "duplicate key 'version'")
    }

    @Test func severalDuplicateKeysInOneMapping() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                title: Again
                id: again
            """
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(listing(found))")
        expectProblem(found, at: 5, 5, "duplicate keys 'id', 'title' in the same mapping ('id' is first written here)")
    }

    @Test func emptyFile() {
        let found = problems(in: "# only a comment\n")
        #expect(found == [
            WorkflowProblem(
                file: testFileName, line: 1, column: 1,
                message: "the file is empty; a workflow needs at least id, version, title and phases"),
        ])
    }

    @Test func topLevelThatIsNotAMapping() {
        expectOnlyProblem("- id: t\n", at: 1, 1, "the workflow must be a mapping of keys to values")
    }

    @Test func missingRequiredTopLevelKeys() {
        let found = problems(in: "id: t\n")
        #expect(found.count == 3, "\(listing(found))")
        expectProblem(found, at: 1, 1, "the workflow has no 'version'")
        expectProblem(found, at: 1, 1, "the workflow has no 'title'")
        expectProblem(found, at: 1, 1, "the workflow has no 'phases'")
    }

    @Test func emptyPhaseList() {
        expectOnlyProblem("id: t\nversion: 1\ntitle: T\nphases: []\n", at: 1, 1, "the workflow has no phases")
    }

    @Test func versionMustBeAtLeastOne() {
        expectOnlyProblem(
            "id: t\nversion: 0\ntitle: T\nphases:\n  - {id: p, title: P}\n", at: 2, 10,
            "'version' in the workflow must be a whole number of at least 1, not '0'")
    }

    @Test func singleValueIsNotAList() {
        let yaml = """
            id: t
            version: 1
            title: T
            phases:
              - id: only
                title: Only
                decisions: d
            """
        expectOnlyProblem(yaml, at: 7, 16, "'decisions' in phase 'only' must be a list")
    }

    @Test func unknownTimeZone() {
        let yaml = """
            id: t
            version: 1
            title: T
            time-zone: Mars/Olympus
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(yaml, at: 4, 12, "unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/London")
    }

    @Test func unknownDivision() {
        let yaml = """
            id: t
            version: 1
            title: T
            division: wales
            phases:
              - id: only
                title: Only
            """
        expectOnlyProblem(
            yaml, at: 4, 11, "unknown bank-holiday division 'wales'; use england-and-wales, scotland, northern-ireland")
    }

    @Test func headerSettingsLoad() throws {
        let yaml = """
            id: scottish-review
            version: 3
            title: Review (Scotland)
            time-zone: Europe/London
            division: scotland
            phases:
              - id: only
                title: Only
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.reference == WorkflowReference(id: "scottish-review", version: 3, contentHash: SHA256.hex(yaml)))
        #expect(definition.title == "Review (Scotland)")
        #expect(definition.zone == Zone.london)
        #expect(definition.division == .scotland)
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let yaml = """
            id: T!
            version: 0
            title: T
            time-zone: Mars/Olympus
            division: wales
            colour: blue
            rules:
              - {id: r, kind: papers, title: R}
            decisions:
              - {id: d, title: D, rules: [nope]}
              - {id: orphan, title: O}
            phases:
              - id: only
                title: Only
                decisions: [d, ghost]
                deadline: {after-entry: 12W}
            """
        let found = problems(in: yaml)
        #expect(found.count == 10, "\(listing(found))")
        expectProblem(found, at: 1, 5, "the workflow id must be lower-case letters, digits and hyphens, not 'T!'")
        expectProblem(found, at: 2, 10, "'version' in the workflow must be a whole number of at least 1")
        expectProblem(found, at: 4, 12, "unknown time zone 'Mars/Olympus'")
        expectProblem(found, at: 5, 11, "unknown bank-holiday division 'wales'")
        expectProblem(found, at: 6, 1, "unknown key 'colour' in the workflow")
        expectProblem(found, at: 8, 19, "unknown rule kind 'papers'")
        expectProblem(found, at: 10, 31, "decision 'd' refers to unknown rule 'nope'")
        expectProblem(found, at: 11, 5, "decision 'orphan' is not owned by any phase")
        expectProblem(found, at: 15, 20, "phase 'only' refers to unknown decision 'ghost'")
        expectProblem(found, at: 16, 29, "'deadline' of phase 'only': '12W' is not an ISO 8601 duration")
        #expect(found.allSatisfy { $0.file == testFileName })
    }

    @Test func problemsPrintAsFileLineColumnMessage() {
        let yaml = "id: t\nversion: 1\ntitle: T\ncolour: blue\nphases: [{id: p, title: P, size: 3}]\n"
        guard case .failure(let error) = WorkflowLoader.parse(yaml: yaml, file: "w.yaml") else {
            Issue.record("the text must not load")
            return
        }
        #expect(error.description == """
            w.yaml:4:1: unknown key 'colour' in the workflow; expected one of: id, version, title, time-zone, division, \
            roles, categories, methods, assessment-strands, indicators, rules, decisions, phases
            w.yaml:5:28: unknown key 'size' in phase 'p'; expected one of: id, title, purpose, decisions, monitoring, \
            exit, deadline, escalate-to, reminders
            """)
    }

    @Test func loadingAMissingFile() {
        let path = "/nonexistent/bvd-tests/missing.yaml"
        guard case .failure(let error) = WorkflowLoader.load(path: path) else {
            Issue.record("a missing file must not load")
            return
        }
        #expect(error.problems == [
            WorkflowProblem(file: path, line: 1, column: 1, message: "cannot read the file (does it exist, and may bvd read it?)"),
        ])
    }

    @Test func minimalRehearsalDefinitionWithASecondsPeriodLoads() throws {
        let yaml = """
            id: rehearsal
            version: 1
            title: Rehearsal
            rules:
              - id: consult
                kind: consultation-period
                title: Consultation (rehearsal)
                period: PT30S
            decisions:
              - {id: close, title: Close, rules: [consult]}
            phases:
              - id: only
                title: Only
                decisions: [close]
                exit:
                  decisions: [close]
            """
        let definition = try #require(loaded(yaml))
        #expect(definition.rule("consult")?.kind == .consultationPeriod(.duration(ISODuration(seconds: 30))))
        #expect(definition.phases.map(\.id) == ["only"])
        #expect(definition.phase("only")?.decisions == ["close"])
        #expect(definition.phase("only")?.deadline == nil)
        #expect(definition.zone == .london)
        #expect(definition.division == .englandAndWales)
        #expect(definition.roles.isEmpty && definition.methods.isEmpty && definition.categories.isEmpty)
    }
}
