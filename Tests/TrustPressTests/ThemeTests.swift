import Foundation
import Testing
@testable import TrustPressCore

/// The built-in theme: compiled into the binary, equal to `Templates/`, overridden file by file by
/// `--templates DIR` or `theme:` in site.yaml, and exported with `trustpress theme export`.
@Suite("Built-in theme")
struct ThemeTests {
    /// A builder for the mini site with `overrides` (nil: the built-in theme alone).
    func builder(content: URL = Paths.fixture("mini-site"), overrides: URL?, display: String = "theme") -> Builder {
        Builder(options: .init(
            content: content, contentDisplay: "mini-site", templates: overrides, templatesDisplay: overrides == nil ? nil : display,
            output: FileManager.default.temporaryDirectory.appendingPathComponent("trustpress-unused-\(UUID().uuidString)"),
            buildDate: testDate))
    }

    /// An override folder holding only `files` (relative path → text).
    func overrides(_ files: [String: String]) throws -> URL {
        let folder = try makeTemporaryFolder("theme").appendingPathComponent("theme")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try writeFiles(files, into: folder)
        return folder
    }

    /// The errors of a render that must fail.
    func renderErrors(_ builder: Builder, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        do {
            _ = try await builder.render()
            Issue.record("the build should have failed", sourceLocation: sourceLocation)
            return ""
        } catch let error as DiagnosticsError {
            return descriptions(error.diagnostics.filter { $0.severity == .error })
        } catch {
            Issue.record("expected DiagnosticsError, got \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    @Test("The embedded theme equals Templates/ byte for byte, and the embedded catalogs equal Resources/Catalogs/")
    func embeddedEqualsSource() throws {
        let theme = Dictionary(uniqueKeysWithValues: Templates.builtInFiles.map { ($0.path, $0.contents) })
        let stale = "Support/Embedded.swift is out of date: run `make embed` and commit it"
        #expect(theme == readTree(Paths.templates).filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }, "\(stale)")
        #expect(theme.keys.contains("public-layout.mustache") && theme.keys.contains("assets/style.css"))
        let catalogs = Dictionary(uniqueKeysWithValues: Embedded.catalogs.map { ($0.path, $0.contents) })
        #expect(catalogs == readTree(Paths.packageRoot.appendingPathComponent("Sources/TrustPressCore/Resources/Catalogs")), "\(stale)")
    }

    @Test("Embedded files round-trip text a literal cannot hold as it is (carriage returns, control characters) through base64")
    func embeddedFileContents() {
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x00, 0xFF])
        #expect(EmbeddedFile(path: "assets/logo.png", base64: bytes.base64EncodedString()).contents == bytes)
        #expect(EmbeddedFile(path: "a.txt", text: "\"#\\#(x)\n").contents == Data("\"#\\#(x)\n".utf8))
    }

    @Test("The built-in theme renders the sample site exactly as the repository's Templates/ folder does")
    func builtInEqualsFolder() async throws {
        let builtIn = try await builder(content: Paths.content, overrides: nil).render()
        let folder = try await builder(content: Paths.content, overrides: Paths.templates).render()
        #expect(builtIn.publicFiles == folder.publicFiles)
        #expect(builtIn.bundleFiles == folder.bundleFiles)
    }

    @Test("A copied binary alone in a folder (no resource bundle beside it) builds a site from another working folder, with no --templates")
    func copiedBinaryBuilds() throws {
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first")
        let bin = try makeTemporaryFolder("bin"), work = try makeTemporaryFolder("work")
        defer { removeTemporaryFolder(bin); removeTemporaryFolder(work) }
        let copy = bin.appendingPathComponent("trustpress")
        try FileManager.default.copyItem(at: executable, to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path) == ["trustpress"])
        try FileManager.default.copyItem(at: Paths.fixture("mini-site"), to: work.appendingPathComponent("site"))
        let process = Process()
        process.executableURL = copy
        process.arguments = ["build", "--content", "site", "--output", "out", "--date", "2026-11-30", "--quiet"]
        process.currentDirectoryURL = work
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        let site = readTree(work.appendingPathComponent("out/public"))
        #expect(site["index.html"] != nil && site["assets/style.css"] == Templates.builtInFiles.first { $0.path == "assets/style.css" }?.contents)
        #expect(readTree(work.appendingPathComponent("out/confidential")).keys.contains { $0.hasSuffix("/manifest.json") })
    }

    @Test("An override of one template changes that page only")
    func oneFileOverride() async throws {
        let folder = try overrides(["public/subprocessors.mustache":
            "{{<public-layout}}{{$main}}<h1>Our subprocessors</h1>{{#subprocessors}}<p>{{name}}</p>{{/subprocessors}}{{/main}}{{/public-layout}}\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let plain = try await builder(overrides: nil).render()
        let changed = try await builder(overrides: folder).render()
        #expect(changed.publicFiles.paths == plain.publicFiles.paths)
        let differing = zip(plain.publicFiles, changed.publicFiles).filter { $0.0.contents != $0.1.contents }.map(\.0.path)
        #expect(differing == ["subprocessors.html"])
        #expect(changed.publicFiles[path: "subprocessors.html"]!.text.contains("<h1>Our subprocessors</h1>"))
        #expect(changed.bundleFiles == plain.bundleFiles)
    }

    @Test("A misspelt override is a located error with the closest built-in template, not silently ignored")
    func misspeltOverride() async throws {
        let folder = try overrides(["public/polcy.mustache": "x\n", "pubic-layout.mustache": "y\n", "public/policy.html": "z\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        #expect(await renderErrors(builder(overrides: folder)) == """
            theme/pubic-layout.mustache: error: this template matches no template of the built-in theme and no template includes it, so it would be ignored
            theme/pubic-layout.mustache: note: did you mean 'public-layout.mustache'?
            theme/pubic-layout.mustache: note: an override has the path of the built-in template it replaces (`trustpress theme export DIR` lists them)
            theme/public/polcy.mustache: error: this template matches no template of the built-in theme and no template includes it, so it would be ignored
            theme/public/polcy.mustache: note: did you mean 'public/policy.mustache'?
            theme/public/polcy.mustache: note: an override has the path of the built-in template it replaces (`trustpress theme export DIR` lists them)
            theme/public/policy.html: error: this file is neither a template of the built-in theme nor under assets/, so it would be ignored
            theme/public/policy.html: note: did you mean 'public/policy.mustache'?
            theme/public/policy.html: note: images, fonts and stylesheets go under assets/ and are copied as they are
            """)
    }

    @Test("A template of the user's own, included by an override, is used")
    func ownPartial() async throws {
        let folder = try overrides([
            "public/404.mustache": "<p>{{>partials/lost}}</p>\n",
            "partials/lost.mustache": "Nothing here.",
        ])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let result = try await builder(overrides: folder).render()
        #expect(result.publicFiles[path: "404.html"]?.text == "<p>Nothing here.</p>\n")
    }

    @Test("Files under the theme's assets/ are copied as they are into both trees; an assets/style.css replaces the built-in stylesheet")
    func userAssets() async throws {
        let folder = try overrides(["assets/style.css": "body { color: teal }\n", "assets/fonts/read.txt": "font licence\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let logo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets/img"), withIntermediateDirectories: true)
        try logo.write(to: folder.appendingPathComponent("assets/img/logo.png"))
        let result = try await builder(overrides: folder).render()
        for files in [result.publicFiles, result.bundleFiles] {
            #expect(files[path: "assets/img/logo.png"]?.contents == logo)
            #expect(files[path: "assets/fonts/read.txt"]?.text == "font licence\n")
            #expect(files[path: "assets/style.css"]?.text == "body { color: teal }\n")
        }
        #expect(result.publicFiles[path: "404.html"]!.text.contains("body { color: teal }"))
        let manifest = try #require(result.bundleFiles[path: "manifest.json"]).text
        #expect(manifest.contains("assets/img/logo.png"))
    }

    @Test("An override or asset that is a symbolic link out of the theme folder is refused", arguments: ["public/policy.mustache", "assets/img/logo.png"])
    func symlinkedOverride(_ path: String) async throws {
        let folder = try overrides([:])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let outside = folder.deletingLastPathComponent().appendingPathComponent("secret.txt")
        try Data("SECRET_TOKEN=canary-77c1\n".utf8).write(to: outside)
        let link = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        let errors = await renderErrors(builder(overrides: folder))
        #expect(errors == "theme/\(path): error: the file points outside the templates folder (\(outside.path)); refusing to read it")
    }

    @Test("theme: in site.yaml names an override folder relative to the content folder; --templates wins over it")
    func themeKey() async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let site = content.appendingPathComponent("site.yaml")
        try (String(decoding: try Data(contentsOf: site), as: UTF8.self) + "theme: look\n").write(to: site, atomically: true, encoding: .utf8)
        try writeFiles(["look/public/404.mustache": "site theme\n"], into: content)
        let fromSite = try await builder(content: content, overrides: nil).render()
        #expect(fromSite.publicFiles[path: "404.html"]?.text == "site theme\n")
        // The theme folder inside the content folder is not reported as unknown content.
        #expect(!fromSite.diagnostics.contains { $0.path.contains("look") }, "\(fromSite.diagnostics)")
        let flag = try overrides(["public/404.mustache": "flag theme\n"])
        defer { removeTemporaryFolder(flag.deletingLastPathComponent()) }
        let fromFlag = try await builder(content: content, overrides: flag).render()
        #expect(fromFlag.publicFiles[path: "404.html"]?.text == "flag theme\n")
        // A misspelt template in the site's theme is named under the content folder.
        try writeFiles(["look/public/idx.mustache": "x\n"], into: content)
        #expect(await renderErrors(builder(content: content, overrides: nil)).hasPrefix(
            "mini-site/look/public/idx.mustache: error: this template matches no template of the built-in theme"))
    }

    @Test("A theme folder that does not exist is an error naming it")
    func missingThemeFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trustpress-no-theme-\(UUID().uuidString)")
        #expect(await renderErrors(builder(overrides: folder)).hasPrefix("theme: error: the theme folder does not exist"))
    }

    @Test("trustpress theme export writes every file of the built-in theme, and refuses to overwrite any (writing nothing)")
    func export() throws {
        let dir = try makeTemporaryFolder("export")
        defer { removeTemporaryFolder(dir) }
        let cli = CommandLineTests()
        let run = try cli.trustpress(["theme", "export", "mine"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(readTree(dir.appendingPathComponent("mine")) == readTree(Paths.templates))
        // The exported theme, used as an override folder, builds the same site.
        let built = try cli.trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", "mine", "--output", "out",
                                        "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(built.status == 0, "\(built.stderr)")

        // One file already there: nothing is written, every existing path is named.
        let again = dir.appendingPathComponent("again")
        try writeFiles(["public/index.mustache": "mine\n"], into: again)
        let refused = try cli.trustpress(["theme", "export", "again"], in: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr == """
            again/public/index.mustache: error: the file exists; refusing to overwrite it
            again: note: nothing was written; export into an empty folder, or move what is named above away first

            """)
        #expect(readTree(again) == ["public/index.mustache": Data("mine\n".utf8)])
    }

    @Test("theme export refuses a symbolic link where it would write (DIR, a folder or a file below it, dangling or not) and a file where a folder goes, naming each and writing nothing")
    func exportRefusesLinks() throws {
        let dir = try makeTemporaryFolder("export-links")
        defer { removeTemporaryFolder(dir) }
        let fm = FileManager.default
        let outside = dir.appendingPathComponent("outside")
        try fm.createDirectory(at: outside, withIntermediateDirectories: true)
        let cli = CommandLineTests()
        func refused(_ name: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = readTree(dir)
            let run = try cli.trustpress(["theme", "export", name], in: dir)
            #expect(run.status == 2, sourceLocation: sourceLocation)
            #expect(run.stderr == (expected.map { "\(name)/\($0)" }
                                   + ["\(name): note: nothing was written; export into an empty folder, or move what is named above away first"])
                                   .map { $0 + "\n" }.joined(), sourceLocation: sourceLocation)
            #expect(readTree(dir) == before, "something was written", sourceLocation: sourceLocation)
        }
        // A folder of the theme that is a link out of DIR (the review's `ln -s /tmp/x t5/public`).
        try fm.createDirectory(at: dir.appendingPathComponent("t5"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("t5/public").path, withDestinationPath: outside.path)
        try refused("t5", ["public: error: this folder is a symbolic link; refusing to write through it"])
        #expect(try fm.contentsOfDirectory(atPath: outside.path).isEmpty)
        // A dangling link where a folder goes.
        try fm.createDirectory(at: dir.appendingPathComponent("t3"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("t3/public").path, withDestinationPath: dir.appendingPathComponent("nowhere").path)
        try refused("t3", ["public: error: this folder is a symbolic link; refusing to write through it"])
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("nowhere").path))
        // A dangling link where a file goes, and a file where a folder goes: both named at once.
        try writeFiles(["assets": "not a folder\n"], into: dir.appendingPathComponent("t4"))
        try fm.createDirectory(at: dir.appendingPathComponent("t4/public"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("t4/public/index.mustache").path,
                                  withDestinationPath: outside.appendingPathComponent("index.mustache").path)
        try refused("t4", ["assets: error: a file is in the way of a folder",
                           "public/index.mustache: error: a symbolic link is in the way; refusing to write through it or replace it"])
        #expect(try fm.contentsOfDirectory(atPath: outside.path).isEmpty)
        // DIR itself a link.
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("t6").path, withDestinationPath: outside.path)
        let run = try cli.trustpress(["theme", "export", "t6"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("t6: error: this is a symbolic link; refusing to write through it\n"))
        #expect(try fm.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test("A write that fails midway removes every file and folder it wrote, and names the path")
    func exclusiveWriteRollsBack() throws {
        let dir = try makeTemporaryFolder("export-rollback")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["keep.txt": "mine\n"], into: dir)
        // `b` is written as a file, so `b/c` finds a file where its folder goes.
        let files = [("a/x/one.txt", Data("1".utf8)), ("b", Data("2".utf8)), ("b/c", Data("3".utf8))]
        #expect(ExclusiveWriter.problems(writing: files.map(\.0), into: dir, display: "dir").isEmpty)
        do {
            _ = try ExclusiveWriter.write(files, into: dir.appendingPathComponent("new/deeper"), display: "dir/new/deeper", command: "test")
            Issue.record("the write should have failed")
        } catch let refusal as WriteRefusal {
            #expect(refusal.description == "error: dir/new/deeper/b: a file or link is in the way of a folder\nnote: nothing was written")
        }
        #expect(readTree(dir) == ["keep.txt": Data("mine\n".utf8)])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new").path))
    }

    // MARK: - The leak audit and the user's theme files

    /// A sentence of the mini site's confidential incident response policy.
    static let confidentialSentence = "Incidents are triaged within one hour."

    /// The built-in `public/index.mustache` with `line` added at the top of its main block.
    static func indexTemplate(adding line: String) -> String {
        let builtIn = String(decoding: Templates.builtInFiles.first { $0.path == "public/index.mustache" }!.contents, as: UTF8.self)
        return builtIn.replacingOccurrences(of: "{{$main}}\n", with: "{{$main}}\n" + line + "\n")
    }

    @Test("Confidential text typed into a public override template fails the build at that template, as confidential content, not as a TrustPress bug")
    func leakInOverrideTemplate() async throws {
        let folder = try overrides(["public/index.mustache": Self.indexTemplate(adding: "<p>\(Self.confidentialSentence)</p>")])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let errors = await renderErrors(builder(overrides: folder))
        #expect(errors.contains("""
            theme/public/index.mustache: error: leak audit: this theme file puts confidential text from policy 'incident-response' body on the public site: "\(Self.confidentialSentence)"
            theme/public/index.mustache: note: the text is confidential content (policy 'incident-response' body, in mini-site/policies/incident-response.md); remove it from this file, or, if it may be public, from the confidential content
            """), "\(errors)")
        #expect(!errors.contains("TrustPress bug"))
        #expect(!errors.contains("/public/index.html"), "the output file is named instead of the template")
    }

    @Test("A confidential sentence in a user's asset fails the build at the asset's source file, as confidential content", arguments: ["assets/notes.html", "assets/notes.txt"])
    func leakInUserAsset(_ path: String) async throws {
        let folder = try overrides([path: "<p>Notes: \(Self.confidentialSentence)</p>\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let errors = await renderErrors(builder(overrides: folder))
        #expect(errors.contains("theme/\(path): error: leak audit: this theme file puts confidential text from policy 'incident-response' body on the public site"), "\(errors)")
        #expect(errors.contains("note: the text is confidential content (policy 'incident-response' body, in mini-site/policies/incident-response.md)"))
        #expect(!errors.contains("TrustPress bug"))
        #expect(!errors.contains("Output"))
    }

    @Test("The user's theme files trigger no false positive: a copy of the built-in theme builds, and confidential text in a confidential override is no leak")
    func noFalsePositiveFromOverrides() async throws {
        var files: [String: String] = [:]
        for file in Templates.builtInFiles { files[file.path] = String(decoding: file.contents, as: UTF8.self) }
        files["confidential/cover.mustache"]! += "<p>\(Self.confidentialSentence)</p>\n"
        let folder = try overrides(files)
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let result = try await builder(overrides: folder).render()
        #expect(!result.diagnostics.contains { $0.severity == .error })
        // The canary site, the built-in theme exported as an override: no leak either.
        let canary = try await builder(content: Paths.fixture("canary-site"), overrides: folder).render()
        #expect(!canary.diagnostics.contains { $0.message.contains("leak audit") })
    }

    @Test("trustpress build --templates with a leaking override exits 1 naming the override, and writes nothing")
    func leakInOverrideCommandLine() throws {
        let dir = try makeTemporaryFolder("override-leak")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["over/public/index.mustache": Self.indexTemplate(adding: "<p>\(Self.confidentialSentence)</p>")], into: dir)
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", "over",
                                                     "--output", "out", "--date", "2026-11-30"], in: dir)
        #expect(run.status != 0)
        #expect(run.stderr.contains("over/public/index.mustache: error: leak audit: this theme file puts confidential text"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/public").path))
    }
}
