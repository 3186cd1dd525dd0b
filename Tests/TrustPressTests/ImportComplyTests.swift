import Foundation
import Testing
@testable import TrustPressCore

/// `trustpress import comply`: a strongdm/comply project (the SOC 2 template in Fixtures/comply-soc2)
/// converted into content that checks with no errors, or every error located and nothing written.
@Suite("Import from comply")
struct ImportComplyTests {
    static let soc2: Catalog = {
        // swiftlint:disable:next force_try
        try! Starter.shippedCatalogs().first { $0.framework == "soc2-2017" }!
    }()

    static let display = "comply-soc2"

    func files() throws -> [ComplyImport.InputFile] {
        try ComplyImport.readProject(Paths.fixture("comply-soc2"), display: Self.display)
    }

    func convert(_ files: [ComplyImport.InputFile], dropUnknown: Bool = true) throws -> ComplyImport.Result {
        try ComplyImport.convert(files, options: .init(organization: "Acme", dropUnknown: dropUnknown, date: testDate,
                                                       display: Self.display), catalog: Self.soc2)
    }

    func errors(_ files: [ComplyImport.InputFile]) -> [Diagnostic] {
        do {
            _ = try convert(files, dropUnknown: false)
            Issue.record("expected the import to fail")
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.filter { $0.severity == .error }
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    /// The fixture imported with --drop-unknown into a fresh content folder (remove its parent after use).
    func imported() throws -> (content: URL, result: ComplyImport.Result) {
        let result = try convert(try files())
        let content = try makeTemporaryFolder("comply").appendingPathComponent("Content")
        _ = try ExclusiveWriter.write(result.files.map { ($0.path, Data($0.text.utf8)) }, into: content, display: "Content",
                                      command: "trustpress import comply")
        return (content, result)
    }

    func text(_ result: ComplyImport.Result, _ path: String) throws -> String {
        try #require(result.files.first { $0.path == path }?.text, "\(path) was not written")
    }

    @Test("Without --drop-unknown the fixture fails with the five CC9.9 errors, located")
    func unknownCriteria() throws {
        let found = errors(try files())
        #expect(found.map(\.description) == ["classification", "encryption", "information", "password", "policy"].map {
            "comply-soc2/policies/\($0).md:5:7: error: 'CC9.9' is not a criterion of TSC (standards/TSC-2017.yml) nor of the SOC 2 criteria (soc2-2017)\n"
                + "comply-soc2/policies/\($0).md:5:7: note: remove it from satisfies, or replace it with the SOC 2 criterion it means; --drop-unknown leaves it out and imports the rest"
        })
    }

    @Test("With --drop-unknown the fixture imports, checks with no errors and converts what it should")
    func fixtureImports() async throws {
        let (content, result) = try imported()
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let (_, warnings) = try makeBuilder(content: content, display: "Content").check()
        #expect(!warnings.contains { $0.severity == .error }, "\(descriptions(warnings))")

        let paths = Set(result.files.map(\.path))
        let expectedCount = 27 + 5 + 4 + 2  // policies, narratives, procedures; site.yaml, controls/comply.yaml
        #expect(paths.count == expectedCount)
        #expect(paths.isSuperset(of: ["site.yaml", "controls/comply.yaml", "policies/availability.md", "policies/narrative-security.md",
                                      "policies/procedure-patch.md", "policies/procedure-offboard.md"]))
        #expect(!paths.contains { $0.lowercased().contains("readme") })
        #expect(!paths.contains { $0.hasPrefix("attestations/") || $0.hasPrefix("certifications/") || $0 == "programs.yaml" })

        // The dropped criteria are still reported, each at its line.
        let dropped = result.diagnostics.filter { $0.message.hasPrefix("'CC9.9'") }
        #expect(dropped.count == 5 && dropped.allSatisfy { $0.severity == .warning && $0.line == 5 && $0.column == 7 })

        let controls = try text(result, "controls/comply.yaml")
        #expect(controls.contains("""
          - id: COMPLY-DRP
            title: "Disaster Recovery Policy"
            summary: "Imported from comply: Disaster Recovery Policy (policies/disaster.md)"
            status: planned
            maps_to:
              soc2-2017: [A1.2, A1.3]
        """))
        #expect(!controls.contains("CC9.9"))

        let availability = try text(result, "policies/availability.md")
        #expect(availability.hasPrefix("---\n# Imported from comply (policies/availability.md)."))
        #expect(availability.contains("\nversion: \"1\"\napproved: 2018-06-01\nvisibility: confidential\ncontrols: [COMPLY-AP]\n---\n"))
        #expect(availability.contains("\n| **Availability** **Classification** | **Availability** **Requirements** | **Scheduled** **Outage** | **Recovery Time** **Requirements** | **Data Loss or** **Impact Loss** |\n| --- | --- | --- | --- | --- |\n| High | High to Continuous | 30 minutes | 1 hour | Minimal |\n"))
        #expect(availability.hasSuffix("# Revision history\n\n| Date | Comment |\n| --- | --- |\n| Jun 1 2018 | Initial document |\n"))
        #expect(!availability.contains("+-----"))

        let narrative = try text(result, "policies/narrative-security.md")
        #expect(narrative.contains("Acme") && !narrative.contains("{{"))
        #expect(!narrative.contains("-+-"))

        let classification = try text(result, "policies/classification.md")
        #expect(classification.contains("```text\n+-------------------+"))
        #expect(result.diagnostics.contains {
            $0.path == "comply-soc2/policies/classification.md" && $0.line == 49 && $0.severity == .warning
                && $0.message.hasPrefix("grid table kept as a code block")
        })
        for file in result.files where file.path.hasPrefix("policies/") {
            #expect(!file.text.contains("\\pagebreak") && !file.text.contains("\\newpage") && !file.text.contains("\u{0C}"), "\(file.path)")
        }
        let incident = try text(result, "policies/incident.md")
        #expect(incident.contains("sending an email message to &lt;insert email address here> with details"))
        #expect(try text(result, "policies/procedure-patch.md").contains("\n\nScheduled in comply: `0 0 0 15 * *` (cron with seconds)\n\n# OS Patch Procedure\n"))
        #expect(result.diagnostics.contains { $0.path == "comply-soc2/policies/access.md" && $0.message == "lettered and roman list markers became numbered (GFM has no lettered lists)" })

        // The roman sub-items of access.md are a list nested in the lettered one, not code.
        let rendered = try await makeBuilder(content: content, display: "Content").render()
        let page = try #require(rendered.bundleFiles[path: "policies/access.html"]?.text)
        #expect(page.contains("<p><em>During onboarding:</em></p>\n<ol>\n<li>\n<p>Hiring Manager informs HR upon hire of a new employee.</p>"))
        #expect(!page.contains("<code>i."))
    }

    @Test("Two imports of the fixture are byte-identical")
    func deterministic() throws {
        let a = try convert(try files()), b = try convert(try files())
        #expect(a.files == b.files)
        #expect(a.diagnostics == b.diagnostics)
    }

    static let header = "name: Test Policy\nacronym: TP\nsatisfies:\n  TSC:\n    - CC1.1\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n"

    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let files: [String: String]
        /// `path:line:column: severity: message` prefixes expected among the diagnostics.
        let expected: [String]
        let fails: Bool
    }

    static let cases: [Case] = [
        Case(description: "a leading '---' is skipped", files: ["policies/p.md": "---\n" + header + "---\n\nBody\n"],
             expected: [], fails: false),
        Case(description: "no '---' at all", files: ["policies/p.md": header + "Body\n"],
             expected: ["x/policies/p.md:1:1: error: missing header end"], fails: true),
        Case(description: "another Go template action", files: ["policies/p.md": header + "---\n\nAsk {{.Owner}} first.\n"],
             expected: ["x/policies/p.md:11:5: error: Go template action '{{.Owner}}' is not converted"], fails: true),
        Case(description: "an unknown standard key",
             files: ["policies/p.md": "name: P\nacronym: P\nsatisfies:\n  ISO:\n    - A.5.1\n  TSC: [CC1.1]\n---\nBody\n"],
             expected: ["x/policies/p.md:4:3: warning: satisfies 'ISO' is not converted"], fails: false),
        Case(description: "an unparseable date",
             files: ["policies/p.md": "name: P\nacronym: P\nmajorRevisions:\n  - date: sometime in 2018\n    comment: x\n---\nBody\n"],
             expected: ["x/policies/p.md:4:11: warning: revision date 'sometime in 2018' is not a date"], fails: false),
        Case(description: "two documents with the same acronym",
             files: ["policies/a.md": header + "---\nA\n", "policies/b.md": header + "---\nB\n"],
             expected: ["x/policies/b.md:1: warning: acronym 'TP' is used by another document too: its control is COMPLY-TP-2"], fails: false),
        Case(description: "two procedures with the same id",
             files: ["procedures/a.md": "id: same\nname: A\n---\nA\n", "procedures/b.md": "id: same\nname: B\n---\nB\n"],
             expected: ["x/procedures/b.md:1: error: this document would be written to policies/procedure-same.md, as procedures/a.md is"], fails: true),
        Case(description: "a criterion of the TSC standard that SOC 2 lacks",
             files: ["standards/TSC.yml": "name: TSC\nCC10.1:\n  family: CC10\n", "policies/p.md": "name: P\nacronym: P\nsatisfies:\n  TSC: [CC10.1]\n---\nBody\n"],
             expected: ["x/policies/p.md:4:9: error: 'CC10.1' is a criterion of TSC (standards/TSC.yml) but not of the SOC 2 criteria (soc2-2017)"], fails: true),
        Case(description: "another standard file", files: ["standards/ISO.yml": "name: ISO\nA.5.1:\n  family: A.5\n", "policies/p.md": header + "---\nBody\n"],
             expected: ["x/standards/ISO.yml:1:7: warning: standard 'ISO' is not converted"], fails: false),
    ]

    @Test("Edge cases of the converter", arguments: cases)
    func edgeCases(_ c: Case) throws {
        let input = c.files.sorted { $0.key < $1.key }.map { ComplyImport.InputFile(path: $0.key, text: $0.value) }
        let options = ComplyImport.Options(organization: "Acme", date: testDate, display: "x")
        do {
            let result = try ComplyImport.convert(input, options: options, catalog: Self.soc2)
            #expect(!c.fails, "expected errors")
            let printed = result.diagnostics.map(\.description)
            for prefix in c.expected { #expect(printed.contains { $0.hasPrefix(prefix) }, "\(prefix) not in \(printed)") }
            if c.description.hasPrefix("a leading") {
                let text = try #require(result.files.first { $0.path == "policies/p.md" }?.text)
                #expect(text.contains("title: \"Test Policy\"") && text.contains("\nBody\n") && !text.contains("name: Test"))
            }
            if c.description.hasPrefix("an unparseable") {
                #expect(result.files.first { $0.path == "policies/p.md" }?.text.contains("approved:") == false)
            }
            if c.description.hasPrefix("two documents") {
                let a = try #require(result.files.first { $0.path == "policies/a.md" }?.text)
                let b = try #require(result.files.first { $0.path == "policies/b.md" }?.text)
                #expect(a.contains("controls: [COMPLY-TP]\n") && b.contains("controls: [COMPLY-TP-2]\n"))
            }
        } catch let error as DiagnosticsError {
            #expect(c.fails, "\(error)")
            let printed = error.diagnostics.map(\.description)
            for prefix in c.expected { #expect(printed.contains { $0.hasPrefix(prefix) }, "\(prefix) not in \(printed)") }
        }
    }

    @Test("Body rewrites: lettered lists, pipe separators with '+', tags, autolinks, code left alone")
    func bodyRewrites() {
        #expect(ComplyImport.Body.numberedMarker("a. One") == "1. One")
        #expect(ComplyImport.Body.numberedMarker("    iii. Three") == "    1. Three")
        #expect(ComplyImport.Body.numberedMarker("\tii. Two") == "    1. Two")
        #expect(ComplyImport.Body.numberedMarker("about. x") == nil)
        #expect(ComplyImport.Body.numberedMarker("1. x") == nil)
        #expect(ComplyImport.Body.pipeSeparator("|-----+-----|") == "|-----|-----|")
        #expect(ComplyImport.Body.escapeTags("mail <insert here>, see <https://x.example> and `<b>`") == "mail &lt;insert here>, see <https://x.example> and `<b>`")
        #expect(ComplyImport.Body.escapeTags("a < b and \\<c>") == "a < b and \\<c>")
    }

    @Test("The organization defaults to comply.yml's name; a grid table's empty form rows stay, spacer rows go")
    func projectNameAndRows() throws {
        let files = [ComplyImport.InputFile(path: "comply.yml", text: "name: \"Fernwick Labs\"\nfilePrefix: F\n")]
        #expect(ComplyImport.projectName(files) == "Fernwick Labs")
        #expect(ComplyImport.projectName([]) == nil)
        let form = ["+----+----+", "| A  | B  |", "+====+====+", "|    |    |", "+----+----+", "|    |    |", "+----+----+"]
        #expect(try ComplyImport.Body.gridTable(form).get() == ["| A | B |", "| --- | --- |", "|  |  |", "|  |  |"])
        let spaced = ["+----+----+", "| A  | B  |", "+====+====+", "| 1  | x| |", "+----+----+", "|    |    |", "+----+----+", "| 2  | y  |", "+----+----+"]
        #expect(try ComplyImport.Body.gridTable(spaced).get() == ["| A | B |", "| --- | --- |", "| 1 | x\\| |", "| 2 | y |"])
        let crooked = ["+----+----+", "| A  | B   |", "+----+----+"]
        #expect(throws: ComplyImport.Body.Malformed.self) { try ComplyImport.Body.gridTable(crooked).get() }
    }

    @Test("The command: exit 0 into a new folder, exit 2 into a non-empty one")
    func commandLine() throws {
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first")
        let dir = try makeTemporaryFolder("comply-cli")
        defer { removeTemporaryFolder(dir) }
        let fixture = Paths.fixture("comply-soc2").path
        let ok = try runProcess(executable.path, ["import", "comply", fixture, "--into", "out", "--organization", "Acme",
                                                  "--drop-unknown", "--date", "2026-11-30"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("declare SOC 2 in programs.yaml (in-progress) or add your report in attestations/ to show it"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/controls/comply.yaml").path))
        let again = try runProcess(executable.path, ["import", "comply", fixture, "--into", "out", "--organization", "Acme",
                                                     "--drop-unknown"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("out is not empty"))
        let failed = try runProcess(executable.path, ["import", "comply", fixture, "--into", "bad", "--organization", "Acme",
                                                      "--date", "2026-11-30"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(failed.status == 1)
        #expect(failed.stderr.components(separatedBy: "\n").filter { $0.contains(": error: 'CC9.9'") }.count == 5)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
        let noName = try runProcess(executable.path, ["import", "comply", fixture, "--into", "x"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(noName.status == 2 && noName.stderr.contains("--organization"))
        let help = try runProcess(executable.path, ["import", "--help"], in: dir)
        #expect(help.stdout.contains("comply"))
    }
}
