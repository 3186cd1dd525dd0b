import Foundation
import Testing
@testable import TrustPressCore

/// `trustpress init` (issue 9): a starter program that checks with no errors and builds, written
/// only into an empty folder; and the Statement of Applicability while a program is starting.
@Suite("Init and the SoA of a program being prepared")
struct InitTests {
    static let iso = "iso27001-2022", soc2 = "soc2-2017"

    /// A starter written into a fresh folder; returns the program folder (remove its parent after use).
    func starter(_ frameworks: [String], organization: String = Starter.defaultOrganization) throws -> URL {
        let dir = try makeTemporaryFolder("init").appendingPathComponent("program")
        let starter = try Starter(organization: organization, frameworks: frameworks, date: testDate, catalogs: try Starter.shippedCatalogs())
        _ = try starter.write(into: dir, display: "program")
        return dir
    }

    func check(_ program: URL) throws -> [Diagnostic] {
        try makeBuilder(content: program.appendingPathComponent("Content"), display: "Content").check().1
    }

    /// The 1-based line of the first line of `file` (below the program's Content/) equal to `text`.
    func line(of text: String, in program: URL, file: String = "applicability.yaml") throws -> Int {
        let yaml = try String(contentsOf: program.appendingPathComponent("Content/" + file), encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0 == text }) + 1
    }

    func edit(_ program: URL, _ file: String, _ change: (String) -> String) throws {
        let url = program.appendingPathComponent("Content/" + file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the edit of \(file) changed nothing")
        try changed.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("Each framework choice checks with no errors, builds, and passes the leak audit",
          arguments: [[String](), [iso], [soc2], [iso, soc2], [soc2, "hipaa-security", "nist-csf-2.0", "nist-sp800-53-r5"]])
    func startersBuild(frameworks: [String]) async throws {
        let program = try starter(frameworks)
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        let warnings = try check(program)
        #expect(!warnings.contains { $0.severity == .error })
        if frameworks.contains(Self.iso) {
            // The one honest warning: every Annex A control is still to decide.
            #expect(warnings.filter { $0.severity == .warning }.map(\.message) == [
                "93 of 93 Annex A controls are not yet decided: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 83 more",
            ])
        } else {
            #expect(warnings.isEmpty, "\(descriptions(warnings))")
        }
        let output = program.appendingPathComponent("Output")
        // build() renders, runs the leak audit (errors abort) and writes both trees.
        let result = try await makeBuilder(content: program.appendingPathComponent("Content"), display: "Content", output: output).build()
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("public/index.html").path))
        #expect((result.bundleFiles[path: "soa-iso27001-2022.html"] != nil) == frameworks.contains(Self.iso))
        // No certificate and no report is invented: none exists yet.
        let files = try Starter(organization: "Example Corp", frameworks: frameworks, date: testDate,
                                catalogs: try Starter.shippedCatalogs()).files().map(\.path)
        #expect(!files.contains { $0.hasPrefix("Content/certifications/") || $0.hasPrefix("Content/attestations/") })
        #expect(files.contains("Content/applicability.yaml") == frameworks.contains(Self.iso))
        #expect(Set(files).isSuperset(of: ["README.md", ".gitignore", "Content/site.yaml", "Content/controls/controls.yaml",
                                           "Content/policies/information-security.md", "Content/policies/access-control.md",
                                           "Content/policies/incident-response.md", "Content/nda.md"]))
        // The NDA terms reach the bundle's cover, never the public site.
        let cover = try #require(result.bundleFiles[path: "index.html"]?.text)
        #expect(cover.contains("evaluating Example Corp as a supplier"), "the starter's nda.md is not on the cover")
        #expect(!result.publicFiles.contains { $0.text.contains("evaluating Example Corp as a supplier") })
        let controls = try String(contentsOf: program.appendingPathComponent("Content/controls/controls.yaml"), encoding: .utf8)
        #expect(controls.contains("      iso27001-2022: [") == frameworks.contains(Self.iso))
        #expect(controls.contains("      soc2-2017: [") == frameworks.contains(Self.soc2))
        // NIST and HIPAA: mapped, and declared only in comments (a declaration is public).
        for other in ["hipaa-security", "nist-csf-2.0", "nist-sp800-53-r5"] {
            #expect(controls.contains("      \(other): [") == frameworks.contains(other), "\(other)")
        }
        #expect(files.contains("Content/programs.yaml") == frameworks.contains("nist-csf-2.0"))
        if frameworks.contains("nist-csf-2.0") {
            let programs = try String(contentsOf: program.appendingPathComponent("Content/programs.yaml"), encoding: .utf8)
            #expect(programs.contains("\nprograms:\n#  - framework: hipaa-security   # HIPAA Security Rule\n#    status: in-progress\n"))
            #expect(!result.publicFiles.contains { $0.text.contains("NIST CSF") || $0.text.contains("HIPAA") }, "nothing is claimed")
        }
        // The public site promises only what exists: no certificate or report yet, so the NDA
        // documents are the policies, and the controls page says why it lists no framework.
        let index = try #require(result.publicFiles[path: "index.html"]?.text)
        #expect(index.contains("Reports shared under NDA (policies) can be"))
        let controlsPage = try #require(result.publicFiles[path: "controls.html"]?.text)
        #expect(controlsPage.contains("Controls are listed here by framework once a certification or an attestation report is published."))
    }

    @Test("A theme error keeps the content's warnings beside it (a failed build reports every problem)")
    func themeErrorKeepsWarnings() async throws {
        let program = try starter([Self.iso])
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        let theme = program.appendingPathComponent("theme")
        try writeFiles(["public/polcy.mustache": "x\n"], into: theme)
        var options = makeBuilder(content: program.appendingPathComponent("Content"), display: "Content").options
        options.templates = theme
        options.templatesDisplay = "theme"
        var diagnostics: [Diagnostic] = []
        do {
            _ = try await Builder(options: options).render()
            Issue.record("the render should fail on the misspelt override")
        } catch let error as DiagnosticsError {
            diagnostics = error.diagnostics
        }
        #expect(diagnostics.contains { $0.severity == .error && $0.path == "theme/public/polcy.mustache" })
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("93 of 93 Annex A controls are not yet decided") })
    }

    @Test("applicability.yaml lists every Annex A control under its theme, with its title, as 'applicable: undecided'")
    func applicabilityListsTheCatalog() throws {
        let catalogs = try Starter.shippedCatalogs()
        let catalog = try #require(catalogs.first { $0.framework == Self.iso })
        let text = try Starter(organization: "Example Corp", frameworks: [Self.iso], date: testDate, catalogs: catalogs)
            .applicabilityYAML(catalog)
        #expect(text.components(separatedBy: "    applicable: undecided\n").count - 1 == 93)
        for requirement in catalog.soaRequirements {
            #expect(text.contains("  \(requirement.id):   # \(requirement.title)"), "\(requirement.id)")
        }
        #expect(text.contains("  # Organizational controls: A.5.1 to A.5.37 (37)"))
        #expect(text.contains("  # Technological controls: A.8.1 to A.8.34 (34)"))
        #expect(text.contains("  A.5.15:   # Access control — mapped by IAM-02"))
    }

    @Test("The same options give the same bytes (no clock, no randomness)")
    func deterministic() throws {
        let catalogs = try Starter.shippedCatalogs()
        let a = try Starter(organization: "Fernwick Labs", frameworks: [Self.soc2, Self.iso], date: testDate, catalogs: catalogs).files()
        let b = try Starter(organization: "Fernwick Labs", frameworks: [Self.iso, Self.soc2], date: testDate, catalogs: catalogs).files()
        #expect(a == b)
        let site = try #require(a.first { $0.path == "Content/site.yaml" }).text
        #expect(site.contains("website: https://fernwick-labs.example"))
        #expect(site.contains("expires: 2027-10-30T00:00:00Z"))
    }

    @Test("An organization name with Markdown and YAML punctuation still checks with no errors")
    func punctuatedName() throws {
        let program = try starter([Self.iso, Self.soc2], organization: "Zürich \"<Labs>\" & *Co* #1: [A]")
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        #expect(!(try check(program)).contains { $0.severity == .error })
        let site = try String(contentsOf: program.appendingPathComponent("Content/site.yaml"), encoding: .utf8)
        #expect(site.contains("contact_email: security@zurich-labs-co-1-a.example"))
    }

    @Test("A folder with anything but .git in it is refused, and nothing is written")
    func refusesNonEmptyFolder() throws {
        let dir = try makeTemporaryFolder("init-busy")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["notes.txt": "mine\n"], into: dir)
        let starter = try Starter(organization: "Example Corp", frameworks: [Self.iso], date: testDate, catalogs: try Starter.shippedCatalogs())
        let refusal = #expect(throws: Starter.Refusal.self) { _ = try starter.write(into: dir, display: "busy") }
        #expect(refusal?.description == """
            error: busy is not empty; trustpress init writes only into an empty folder and never overwrites a file
            note: it holds notes.txt
            note: name a new folder (trustpress init my-program), or empty this one (only .git may be there)
            """)
        #expect(Array(readTree(dir).keys) == ["notes.txt"])
        // A folder made by `git init` is a fine place to start.
        let repo = try makeTemporaryFolder("init-git")
        defer { removeTemporaryFolder(repo) }
        try writeFiles([".git/HEAD": "ref: refs/heads/main\n"], into: repo)
        let written = try starter.write(into: repo, display: "repo")
        #expect(written.contains("Content/applicability.yaml"))
    }

    @Test("A symbolic link as the folder, or a file in its place, is refused")
    func refusesLinksAndFiles() throws {
        let dir = try makeTemporaryFolder("init-link")
        defer { removeTemporaryFolder(dir) }
        let target = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try writeFiles(["file": "x"], into: dir)
        let starter = try Starter(organization: "Example Corp", frameworks: [], date: testDate, catalogs: try Starter.shippedCatalogs())
        #expect(throws: Starter.Refusal.self) { _ = try starter.write(into: link, display: "link") }
        #expect(throws: Starter.Refusal.self) { _ = try starter.write(into: dir.appendingPathComponent("file"), display: "file") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    @Test("--frameworks accepts catalog ids and 'none'; a typo gets did-you-mean")
    func frameworkNames() throws {
        let catalogs = try Starter.shippedCatalogs()
        #expect(try Starter.frameworks("soc2-2017, iso27001-2022", catalogs: catalogs) == [Self.iso, Self.soc2])
        #expect(try Starter.frameworks("none", catalogs: catalogs) == [])
        #expect(try Starter.frameworks("", catalogs: catalogs) == [])
        for (typed, meant) in [("soc2", Self.soc2), ("iso27001", Self.iso), ("iso27001-2013", Self.iso), ("SOC2-2017", Self.soc2)] {
            let refusal = #expect(throws: Starter.Refusal.self) { _ = try Starter.frameworks("iso27001-2022,\(typed)", catalogs: catalogs) }
            #expect(refusal?.description.hasPrefix("error: unknown framework '\(typed)' in --frameworks\nnote: did you mean '\(meant)'?") == true,
                    "\(refusal.map(\.description) ?? "")")
        }
    }

    @Test("Undecided controls are one warning without a certificate and an error with one, at the first 'undecided'")
    func undecidedWarningThenError() throws {
        let program = try starter([Self.iso])
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        let line = try line(of: "    applicable: undecided", in: program)
        let warning = try #require(try check(program).first { $0.message.contains("not yet decided") })
        #expect(warning.severity == .warning)
        #expect((warning.path, warning.line, warning.column) == ("Content/applicability.yaml", line, 17))
        // A certificate makes it an error: an auditor would reject an SoA with undecided controls.
        let certificate = try String(contentsOf: Paths.fixture("mini-site/certifications/iso27001.yaml"), encoding: .utf8)
        try writeFiles(["Content/certifications/iso27001.yaml": certificate], into: program)
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: program.appendingPathComponent("Content"), display: "Content"))
        #expect(errors.filter { $0.severity == .error }.map(\.description) == ["""
            Content/applicability.yaml:\(line):17: error: the Statement of Applicability leaves 93 Annex A control(s) undecided: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 83 more
            Content/applicability.yaml:\(line):17: note: decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification' (ISO/IEC 27001:2022 §6.1.3 d)
            Content/applicability.yaml:\(line):17: note: a certified program's SoA decides every control: an auditor would reject one that does not
            """])
    }

    @Test("The bundle's SoA of a program being prepared shows undecided controls as not yet decided, and counts them")
    func bundleShowsNotYetDecided() async throws {
        let program = try starter([Self.iso])
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        try edit(program, "applicability.yaml") {
            $0.replacingOccurrences(of: "  A.7.1:   # Physical security perimeters\n    applicable: undecided\n",
                                    with: "  A.7.1:   # Physical security perimeters\n    applicable: false\n    justification: We run no office of our own.\n")
        }
        let result = try await makeBuilder(content: program.appendingPathComponent("Content"), display: "Content").render()
        let soa = try #require(result.bundleFiles[path: "soa-iso27001-2022.html"]).text
        #expect(soa.contains("SoA version draft (no certificate yet). 0 of 93 controls applicable, 1 excluded, 92 not yet decided"))
        #expect(soa.components(separatedBy: "<td>Not yet decided</td>").count - 1 == 92)
        #expect(soa.contains("<span class=\"id\">A.7.1</span> Physical security perimeters</td><td>No</td><td>We run no office of our own.</td>"))
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("Statement of Applicability (ISO 27001) — 92 not yet decided"))
        let model = try makeBuilder(content: program.appendingPathComponent("Content"), display: "Content").check().0
        #expect(model.programs.isInPreparation(Self.iso))
        #expect(model.statementsOfApplicability[Self.iso]?.filter(\.undecided).count == 92)
        // Coverage reads the same rule: a program being prepared is counted, undecided controls stay in scope.
        let coverage = try #require(Coverage.of(model).first { $0.framework == Self.iso })
        #expect(coverage.inScope.count == 26 + 92)
        // The public site shows only what is held: no ISO section for a program without a certificate.
        #expect(model.frameworksInScope.isEmpty)
    }

    @Test("An applicable Annex A control with no implemented control is a warning, gone once one is implemented")
    func applicableButNotImplemented() throws {
        let program = try starter([Self.iso])
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        try edit(program, "applicability.yaml") {
            $0.replacingOccurrences(of: "  A.5.1:   # Policies for information security — mapped by GOV-01\n    applicable: undecided\n",
                                    with: "  A.5.1:   # Policies for information security — mapped by GOV-01\n    applicable: true\n    justification: The program needs a direction set by management.\n")
        }
        let message = "1 applicable Annex A control(s) have no implemented control: A.5.1"
        #expect(try check(program).contains { $0.severity == .warning && $0.message == message })
        try edit(program, "controls/controls.yaml") {
            $0.replacingOccurrences(of: "  - id: GOV-01\n    title: \"Information security policy\"\n    summary: \"Management approves an information security policy, communicates it to everyone and reviews it every year.\"\n    status: planned",
                                    with: "  - id: GOV-01\n    title: \"Information security policy\"\n    summary: \"Management approves an information security policy, communicates it to everyone and reviews it every year.\"\n    status: implemented")
        }
        #expect(!(try check(program)).contains { $0.message.contains("no implemented control") })
    }

    @Test("'applicable' accepts true, false and undecided; anything else is located, with did-you-mean")
    func applicableSpelling() throws {
        let program = try starter([Self.iso])
        defer { removeTemporaryFolder(program.deletingLastPathComponent()) }
        try edit(program, "applicability.yaml") {
            $0.replacingOccurrences(of: "  A.5.2:   # Information security roles and responsibilities\n    applicable: undecided\n",
                                    with: "  A.5.2:   # Information security roles and responsibilities\n    applicable: undecidd\n")
        }
        let line = try line(of: "    applicable: undecidd", in: program)
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: program.appendingPathComponent("Content"), display: "Content"))
        #expect(errors.map(\.description) == ["""
            Content/applicability.yaml:\(line):17: error: 'iso27001-2022.A.5.2.applicable' has unknown value 'undecidd'
            Content/applicability.yaml:\(line):17: note: did you mean 'undecided'?
            Content/applicability.yaml:\(line):17: note: expected one of: true, false, undecided
            """])
    }

    @Test("The real binary: init, then check, then build, each exit 0")
    func throughTheBinary() throws {
        let cli = CommandLineTests()
        let dir = try makeTemporaryFolder("init-cli")
        defer { removeTemporaryFolder(dir) }
        let initRun = try cli.trustpress(["init", "my program", "--organization", "Fernwick Labs", "--date", "2026-11-30"], in: dir)
        #expect(initRun.status == 0, "stderr: \(initRun.stderr)")
        #expect(initRun.stdout.contains("  cd 'my program'\n  trustpress check\n  trustpress build\n"))
        let program = dir.appendingPathComponent("my program")
        let check = try cli.trustpress(["check", "--date", "2026-11-30"], in: program)
        #expect(check.status == 0, "stderr: \(check.stderr)")
        let build = try cli.trustpress(["build", "--date", "2026-11-30", "--templates", Paths.templates.path, "--quiet"], in: program)
        #expect(build.status == 0, "stderr: \(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: program.appendingPathComponent("Output/confidential/2026-11-30-internal/soa-iso27001-2022.html").path))
        // A second init into the same folder is refused with exit 2, and changes nothing.
        let before = readTree(program)
        let again = try cli.trustpress(["init", "my program"], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.hasPrefix("error: my program is not empty"))
        #expect(readTree(program) == before)
        let typo = try cli.trustpress(["init", "other", "--frameworks", "soc2"], in: dir)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("note: did you mean 'soc2-2017'?"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("other").path))
    }
}
