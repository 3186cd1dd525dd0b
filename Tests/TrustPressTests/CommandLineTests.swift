import Foundation
import Testing
@testable import TrustPressCore

/// The `trustpress` executable end to end: exit statuses, files written, diagnostics on standard error.
///
/// `swift test` builds the executable with the rest of the package; the tests look for it next to the
/// test bundle, then in `.build/debug/`.
@Suite("Command line")
struct CommandLineTests {
    static var executable: URL? {
        let candidates = [
            Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("trustpress"),
            Paths.packageRoot.appendingPathComponent(".build/debug/trustpress"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    typealias Run = ProcessRun

    /// Runs `trustpress` with `arguments` in `folder` (no SOURCE_DATE_EPOCH, NO_COLOR set).
    func trustpress(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        let executable = try #require(Self.executable, "the trustpress executable was not found; run `swift build` first")
        return try runProcess(executable.path, arguments, in: folder, environment: environment.merging(["NO_COLOR": "1"]) { mine, _ in mine },
                              removing: ["SOURCE_DATE_EPOCH"])
    }

    @Test("build writes the sample trust center and exits 0, byte for byte what the library renders")
    func buildSample() async throws {
        let dir = try makeTemporaryFolder("cli-build")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("site")
        let run = try trustpress(["build", "--content", Paths.content.path, "--templates", Paths.templates.path,
                                  "--output", out.path, "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "")
        for path in ["public/index.html", "public/controls.html", "public/.well-known/security.txt", "public/sitemap.xml",
                     "public/policies/information-security.html", "confidential/2026-11-30-internal/manifest.json",
                     "confidential/2026-11-30-internal/soa-iso27001-2022.html", OutputWriter.markerName] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path) is missing")
        }
        let rendered = try await Sample.render()
        let tree = readTree(out)
        for file in rendered.publicFiles { #expect(tree["public/" + file.path] == file.contents, "\(file.path)") }
        for file in rendered.bundleFiles {
            #expect(tree["confidential/2026-11-30-internal/" + file.path] == file.contents, "\(file.path)")
        }
    }

    @Test("build without --quiet says what it wrote")
    func buildSummary() async throws {
        let dir = try makeTemporaryFolder("cli-summary")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                  "--output", "out", "--date", "2026-11-30", "--recipient", "Acme Corp"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let rendered = try await makeBuilder(content: Paths.fixture("mini-site"), recipient: "Acme Corp").render()
        #expect(run.stdout == "Wrote \(rendered.publicFiles.count) public files to out/public\n"
                + "Wrote \(rendered.bundleFiles.count) confidential files to out/confidential/2026-11-30-acme-corp\n")
    }

    @Test("build --timings prints each stage once, in pipeline order, on standard error only")
    func timings() throws {
        let dir = try makeTemporaryFolder("cli-timings")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--quiet", "--timings", "--content", Paths.fixture("mini-site").path,
                                  "--templates", Paths.templates.path, "--output", "out", "--date", "2026-11-30"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
        // Each timing line: seconds with three decimals, "s", the stage; the rest are diagnostics.
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let timings = lines.filter { $0.range(of: #"^ *[0-9]+\.[0-9]{3} s  [A-Z]"#, options: .regularExpression) != nil }
        #expect(timings.map { $0.components(separatedBy: " s  ").last ?? "" }
            == Builder.Stage.allCases.filter { $0 != .done }.map(\.rawValue))
        #expect(lines.filter { !timings.contains($0) }.allSatisfy { $0.contains(": note: ") || $0.contains(": warning: ") })
    }

    @Test("check on bad content exits 1 and prints every diagnostic on standard error")
    func checkBadContent() throws {
        let dir = try makeTemporaryFolder("cli-check")
        defer { removeTemporaryFolder(dir) }
        try writeFiles([
            "content/site.yaml": minimalSiteYAML,
            "content/policies/p.md": "---\ntitle: P\nversion: \"1\"\nvisibility: publik\n---\nBody\n",
            "content/controls/c.yaml": "controls:\n  - id: FW-1\n    title: One\n    summary: S\n    status: implemented\n    maps_to:\n      iso27001-2022: [5.15]\n",
        ], into: dir)
        let run = try trustpress(["check", "--content", "content", "--date", "2026-11-30"], in: dir)
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            content/controls/c.yaml:7:23: error: '5.15' is not a requirement of iso27001-2022
            content/controls/c.yaml:7:23: note: did you mean 'A.5.15'? Annex A controls are written with the 'A.' prefix
            content/policies/p.md:4:13: error: 'visibility' has unknown value 'publik'
            content/policies/p.md:4:13: note: did you mean 'public'?
            content/policies/p.md:4:13: note: expected one of: public, confidential
            2 error(s), 0 warning(s); nothing was written.

            """)
    }

    @Test("build on bad content exits 1 and creates no output folder")
    func buildBadContent() throws {
        let dir = try makeTemporaryFolder("cli-bad-build")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["content/site.yaml": minimalSiteYAML,
                        "content/policies/p.md": "---\ntitle: P\nvisibility: publik\n---\n"], into: dir)
        let run = try trustpress(["build", "--content", "content", "--templates", Paths.templates.path, "--output", "out",
                                  "--date", "2026-11-30"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("content/policies/p.md:3:13: error: 'visibility' has unknown value 'publik'\n"))
        #expect(run.stderr.hasSuffix("1 error(s), 0 warning(s); nothing was written.\n"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("Parallel and serial rendering write the same bytes")
    func threadsDoNotChangeOutput() throws {
        let dir = try makeTemporaryFolder("threads")
        defer { removeTemporaryFolder(dir) }
        var trees: [[String: Data]] = []
        for (name, threads) in [("parallel", "0"), ("serial", "1")] {
            let run = try trustpress(["build", "--content", Paths.content.path, "--templates", Paths.templates.path,
                                      "--output", name, "--date", "2026-11-30", "--quiet"],
                                     in: dir, environment: ["TRUSTPRESS_THREADS": threads])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            trees.append(readTree(dir.appendingPathComponent(name)))
        }
        #expect(trees[0].count > 30)
        #expect(trees[0] == trees[1])
    }

    @Test("An empty --recipient, or --nda without --recipient, is a usage error: exit 2",
          arguments: [["--recipient", "  "], ["--nda", "NDA-1"]])
    func recipientUsage(_ extra: [String]) throws {
        let dir = try makeTemporaryFolder("recipient")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                  "--output", dir.appendingPathComponent("out").path, "--date", "2026-11-30"] + extra, in: dir)
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("An invalid --date is a usage error: exit 2", arguments: ["build", "check"])
    func badDate(_ command: String) throws {
        let dir = try makeTemporaryFolder("cli-date")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress([command, "--content", Paths.content.path, "--date", "nonsense"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--date 'nonsense' is not a date; write YYYY-MM-DD, e.g. 2026-11-30"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output").path))
    }

    @Test("A foreign output folder is a usage error: exit 2, folder untouched")
    func foreignOutput() throws {
        let dir = try makeTemporaryFolder("cli-foreign")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["out/mine.txt": "mine\n"], into: dir)
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                  "--output", "out", "--date", "2026-11-30"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: the output folder is not empty and was not created by TrustPress; refusing to overwrite it"))
        #expect(readTree(dir.appendingPathComponent("out")) == ["mine.txt": Data("mine\n".utf8)])
    }

    @Test("SOURCE_DATE_EPOCH sets the build date when --date is not given")
    func sourceDateEpoch() throws {
        let dir = try makeTemporaryFolder("cli-epoch")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                  "--output", "out", "--recipient", "Zürich Bank AG", "--quiet"],
                                 in: dir, environment: ["SOURCE_DATE_EPOCH": "1798675200"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let index = dir.appendingPathComponent("out/confidential/2026-12-31-zurich-bank-ag/index.html")
        let text = try #require(FileManager.default.contents(atPath: index.path).map { String(decoding: $0, as: UTF8.self) })
        #expect(text.contains("Prepared for Zürich Bank AG · 2026-12-31 · Bundle 2026-12-31-zurich-bank-ag"))
    }

    @Test("check --strict turns warnings into exit 1; without it warnings exit 0")
    func strict() throws {
        let dir = try makeTemporaryFolder("cli-strict")
        defer { removeTemporaryFolder(dir) }
        // On 2027-03-10 the mini site's public policy is overdue for review (a warning).
        let args = ["check", "--content", Paths.fixture("mini-site").path, "--date", "2027-03-10"]
        let lenient = try trustpress(args, in: dir)
        #expect(lenient.status == 0, "stderr: \(lenient.stderr)")
        #expect(lenient.stderr.contains("warning: policy 'access-control' was due for review on 2027-03-02"))
        let strict = try trustpress(args + ["--strict"], in: dir)
        #expect(strict.status == 1)
    }

    @Test("check --format json prints the diagnostics as JSON on standard output")
    func json() throws {
        let dir = try makeTemporaryFolder("cli-json")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["content/site.yaml": minimalSiteYAML,
                        "content/policies/p.md": "---\ntitle: P\nvisibility: publik\n---\n"], into: dir)
        let run = try trustpress(["check", "--content", "content", "--date", "2026-11-30", "--format", "json"], in: dir)
        #expect(run.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 1)
        #expect(json["warnings"] as? Int == 0)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["path"] as? String == "content/policies/p.md")
        #expect(diagnostics.first?["line"] as? Int == 3)
        #expect(diagnostics.first?["column"] as? Int == 13)
        #expect(diagnostics.first?["message"] as? String == "'visibility' has unknown value 'publik'")
    }

    @Test("check --format github prints one annotation per diagnostic, notes on following lines, escaped as GitHub documents")
    func githubAnnotations() throws {
        let dir = try makeTemporaryFolder("cli-github")
        defer { removeTemporaryFolder(dir) }
        // A folder name with ',' and ':' (escaped in the file property), a key with '%' (escaped in the message).
        try writeFiles(["a,b:c/site.yaml": minimalSiteYAML.replacingOccurrences(of: "  name: Tiny\n", with: "  name: Tiny\n  100%: x\n"),
                        "a,b:c/policies/p.md": "---\ntitle: P\nvisibility: publik\n---\n"], into: dir)
        let run = try trustpress(["check", "--content", "a,b:c", "--date", "2026-11-30", "--format", "github"], in: dir)
        #expect(run.status == 1)
        #expect(run.stdout == """
            ::error file=a%2Cb%3Ac/policies/p.md,line=3,col=13,title=TrustPress::'visibility' has unknown value 'publik'%0Anote: did you mean 'public'?%0Anote: expected one of: public, confidential
            ::error file=a%2Cb%3Ac/site.yaml,line=3,col=3,title=TrustPress::unknown key '100%25'%0Anote: the keys here are: name, legal_name, website; remove it or rename it to one of them

            """)
        #expect(run.stderr == "2 error(s), 0 warning(s); nothing was written.\n")
    }

    @Test("check loads the theme as build would: a misspelt override and a misspelt variable in an override are errors (exit 1), from --templates and from theme: in site.yaml")
    func checkSeesTheTheme() throws {
        let dir = try makeTemporaryFolder("cli-check-theme")
        defer { removeTemporaryFolder(dir) }
        try FileManager.default.copyItem(at: Paths.fixture("mini-site"), to: dir.appendingPathComponent("content"))
        let clean = try trustpress(["check", "--content", "content", "--date", "2026-11-30"], in: dir)
        #expect(clean.status == 0, "stderr: \(clean.stderr)")
        let policy = try String(contentsOf: Paths.templates.appendingPathComponent("public/policy.mustache"), encoding: .utf8)
        let typo = policy.replacingOccurrences(of: "{{$main}}", with: "{{$main}}{{polcy.title}}")
        try #require(typo != policy)
        try writeFiles(["over/public/polcy.mustache": "x\n", "content/theme/public/policy.mustache": typo], into: dir)
        let flagged = try trustpress(["check", "--content", "content", "--date", "2026-11-30", "--templates", "over"], in: dir)
        #expect(flagged.status == 1)
        #expect(flagged.stderr.contains("over/public/polcy.mustache: error: this template matches no template of the built-in theme"))
        #expect(flagged.stderr.contains("note: did you mean 'public/policy.mustache'?"))
        // theme: in site.yaml names the override folder when --templates is not given.
        let site = dir.appendingPathComponent("content/site.yaml")
        try (String(contentsOf: site, encoding: .utf8) + "theme: theme\n").write(to: site, atomically: true, encoding: .utf8)
        let keyed = try trustpress(["check", "--content", "content", "--date", "2026-11-30"], in: dir)
        #expect(keyed.status == 1)
        #expect(keyed.stderr.contains("content/theme/public/policy.mustache:2:"), "stderr: \(keyed.stderr)")
        #expect(keyed.stderr.contains("error: 'polcy.title' is not a variable of the policy page"), "stderr: \(keyed.stderr)")
    }

    @Test("check --format github: warnings are ::warning, notes ::notice, a whole-file problem has no line")
    func githubSeverities() throws {
        let dir = try makeTemporaryFolder("cli-github-severity")
        defer { removeTemporaryFolder(dir) }
        // On 2027-03-10 the mini site's public policy is overdue for review (a warning); an unknown
        // top-level file is a warning about the whole file (no line).
        let content = dir.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Paths.fixture("mini-site"), to: content)
        try writeFiles(["content/sites.yaml": "x: 1\n"], into: dir)
        let run = try trustpress(["check", "--content", "content", "--date", "2027-03-10", "--format", "github"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("::warning file=content/sites.yaml,title=TrustPress::this is not part of the content format and is ignored%0Anote: did you mean 'site.yaml'?"))
        #expect(lines.contains { $0.hasPrefix("::warning file=content/policies/access-control.md,line=") && $0.contains("was due for review on 2027-03-02") })
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
    }

    @Test("export oscal: '-' is standard output; a folder, a missing folder or a file inside the content folder is refused (exit 2) and nothing is written")
    func exportOutput() throws {
        let dir = try makeTemporaryFolder("cli-export")
        defer { removeTemporaryFolder(dir) }
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let base = ["export", "oscal", "--content", content.path, "--date", "2026-11-30"]
        let stdout = try trustpress(base + ["--output", "-"], in: dir)
        #expect(stdout.status == 0 && stdout.stdout.hasPrefix("{\n  \"component-definition\""))
        let site = try Data(contentsOf: content.appendingPathComponent("site.yaml"))
        for (output, message) in [(content.appendingPathComponent("site.yaml").path, "error: refusing to write the export inside the content folder"),
                                  (dir.path, "error: this is a folder; --output names the file to write"),
                                  (dir.appendingPathComponent("missing/x.json").path, "does not exist; create it first"),
                                  ("", "error: --output is empty")] {
            let run = try trustpress(base + ["--output", output], in: dir)
            #expect(run.status == 2 && run.stderr.contains(message), "\(output): \(run.stderr)")
        }
        #expect(try Data(contentsOf: content.appendingPathComponent("site.yaml")) == site, "site.yaml is untouched")
        let file = dir.appendingPathComponent("controls.oscal.json")
        #expect(try trustpress(base + ["--output", file.path], in: dir).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == stdout.stdout)
    }

    @Test("An unknown command gets did-you-mean and the list of commands, exit 2", arguments: [("biuld", "build"), ("chek", "check"), ("deploy", nil)] as [(String, String?)])
    func unknownCommand(_ typed: String, _ meant: String?) throws {
        let dir = try makeTemporaryFolder("cli-unknown-command")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress([typed, "--content", "Content"], in: dir)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: unknown command '\(typed)'\n" + (meant.map { "note: did you mean '\($0)'?\n" } ?? "")
                + "note: the commands are build, check, export, import, init, serve, theme, help; see 'trustpress --help'\n")
    }

    @Test("--help, --version, help <command> and an unknown option still work as before",
          arguments: [["--help"], ["--version"], ["help", "build"], ["check", "--help"], ["--bogus"]])
    func helpStillWorks(_ arguments: [String]) throws {
        let dir = try makeTemporaryFolder("cli-help")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(arguments, in: dir)
        #expect(!run.stderr.contains("unknown command"))
        if arguments == ["--bogus"] {
            #expect(run.status == 2)
            #expect(run.stderr.contains("Unknown option '--bogus'"))
        } else {
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
