import Foundation
import Testing
@testable import TrustPressCore

/// A build that fails keeps the previous output; nothing is read from outside the content folder;
/// the leak audit itself stops a build.
@Suite("Failing closed")
struct FailClosedTests {
    func copyOfMiniSite() throws -> URL { try copyFixture("mini-site") }

    @Test("A build that fails on bad content leaves the previous output exactly as it was")
    func failedBuildKeepsOldOutput() async throws {
        let content = try copyOfMiniSite()
        let dir = try makeTemporaryFolder("keep")
        defer { removeTemporaryFolder(dir); removeTemporaryFolder(content) }
        let out = dir.appendingPathComponent("out")
        _ = try await makeBuilder(content: content, output: out).build()
        let before = readTree(out)
        #expect(before.keys.contains("public/index.html"))

        // Break the content: the second build must fail and touch nothing.
        try writeFiles(["controls/broken.yaml": "controls:\n  - id: X\n   title: bad\n"], into: content)
        await #expect(throws: DiagnosticsError.self) { _ = try await makeBuilder(content: content, output: out).build() }
        #expect(readTree(out) == before)
    }

    @Test("A build whose write step fails leaves the previous public tree in place")
    func failedWriteKeepsOldOutput() async throws {
        let dir = try makeTemporaryFolder("write-fail")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let builder = makeBuilder(content: Paths.fixture("mini-site"), output: out)
        _ = try await builder.build()
        let before = readTree(out.appendingPathComponent("public"))
        // A file where the bundle folder must go makes the second write fail after public/ is staged.
        let confidential = out.appendingPathComponent("confidential")
        try FileManager.default.removeItem(at: confidential)
        try Data("not a folder".utf8).write(to: confidential)
        await #expect(throws: OutputWriter.WriteError.self) { _ = try await builder.build() }
        #expect(readTree(out.appendingPathComponent("public")) == before)
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains { $0.hasPrefix(".staging-") })
    }

    @Test("A staging folder left by a killed build is removed by the next build")
    func leftoverStagingRemoved() async throws {
        let dir = try makeTemporaryFolder("staging")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let builder = makeBuilder(content: Paths.fixture("mini-site"), output: out)
        _ = try await builder.build()
        // A staging folder is TrustPress's by the marker inside it; an unmarked one is the user's and stays.
        try writeFiles([".staging-99999-1/\(OutputWriter.stagingMarkerName)": "bundle: x\n",
                        ".staging-99999-1/public/index.html": "half-written", ".staging-99999/public/index.html": "mine"], into: out)
        _ = try await builder.build()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".staging-99999-1").path))
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent(".staging-99999/public/index.html").path) == Data("mine".utf8))
    }

    @Test("The working folder and its parents are refused as output, even with force", arguments: [".", ".."])
    func workingFolderRefused(_ path: String) async throws {
        let dir = try makeTemporaryFolder("cwd")
        defer { removeTemporaryFolder(dir) }
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let before = readTree(dir)
        do {
            _ = try await makeBuilder(content: Paths.fixture("mini-site"), output: URL(fileURLWithPath: path), force: true).build()
            Issue.record("the build should have refused \(path)")
        } catch let error as OutputWriter.WriteError {
            guard case let .protectedFolder(_, reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason == "the working folder or one of its parents")
        }
        #expect(readTree(dir) == before)
    }

    @Test("A content file that is a symlink to a file outside the content folder is refused")
    func symlinkOutsideRefused() throws {
        let content = try copyOfMiniSite()
        let outside = try makeTemporaryFolder("outside")
        defer { removeTemporaryFolder(content); removeTemporaryFolder(outside) }
        let secret = outside.appendingPathComponent("secret.md")
        try Data("---\ntitle: Secret\nvisibility: public\n---\nOUTSIDE-SECRET\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: content.appendingPathComponent("policies/linked.md"),
                                                   withDestinationURL: secret)
        let found = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content"))
        #expect(found.filter { $0.severity == .error }.map(\.description) == [
            "content/policies/linked.md: error: the file points outside the content folder (\(secret.resolvingSymlinksInPath().path)); refusing to read it",
        ])
    }

    @Test("The leak audit fails the build when a public file carries confidential text")
    func leakAuditStopsTheBuild() throws {
        let model = try Sample.model()
        let control = try #require(model.controls.first { ($0.implementation ?? "").count > 80 })
        let sentence = VisibleText.fragments(ofHTML: Markdown.html(control.implementation!)).max { $0.count < $1.count }!
        let clean = RenderedFile(path: "index.html", text: "<p>Welcome</p>")
        let leaking = RenderedFile(path: "controls.html", text: "<td>\(sentence.replacingOccurrences(of: "&", with: "&amp;"))</td>")
        #expect(LeakAudit.audit(model: model, publicFiles: [clean], outputDisplay: "Output").isEmpty)
        let found = LeakAudit.audit(model: model, publicFiles: [clean, leaking], outputDisplay: "Output")
        #expect(found.count == 1)
        #expect(found.first?.path == "Output/public/controls.html")
        #expect(found.first?.message.hasPrefix("leak audit: confidential text from control \(control.id) implementation appears on the public site") == true)
    }

    @Test("Confidential text the author also wrote into a public field is published, with a warning")
    func copyPasteIsAWarning() async throws {
        let content = try copyOfMiniSite()
        defer { removeTemporaryFolder(content) }
        let controls = content.appendingPathComponent("controls/controls.yaml")
        let model = try makeBuilder(content: content).check().0
        let control = try #require(model.controls.first { ($0.implementation ?? "").split(separator: " ").count >= 8 })
        let sentence = VisibleText.fragments(ofHTML: Markdown.html(control.implementation!)).max { $0.count < $1.count }!
        // Paste the implementation note into the control's public summary.
        var yaml = try String(contentsOf: controls, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "    summary: \(control.summary)", with: "    summary: \"\(sentence)\"")
        try yaml.write(to: controls, atomically: true, encoding: .utf8)
        let result = try await makeBuilder(content: content, display: "content").render()
        // The mini site's own warning (applicable Annex A controls no implemented control covers) aside.
        let warnings = result.diagnostics.filter { $0.severity == .warning && !$0.message.contains("have no implemented control") }
        #expect(warnings.map(\.path) == ["content/controls/controls.yaml"])
        #expect(warnings.first?.message.hasPrefix("confidential text from control \(control.id) implementation is also written in a public field") == true)
    }

    @Test("An output inside another TrustPress output, or inside the content folder, is refused")
    func nestedOutputRefused() async throws {
        let dir = try makeTemporaryFolder("nested")
        let content = try copyOfMiniSite()
        defer { removeTemporaryFolder(dir); removeTemporaryFolder(content) }
        let out = dir.appendingPathComponent("out")
        _ = try await makeBuilder(content: content, output: out).build()
        for (target, reason) in [
            (out.appendingPathComponent("public/x"), "a folder inside the TrustPress output \(out.path)"),
            (content.appendingPathComponent("site-output"), "the content or templates folder, or a folder inside or around it"),
        ] {
            do {
                _ = try await makeBuilder(content: content, output: target, force: true).build()
                Issue.record("\(target.path) should have been refused")
            } catch let OutputWriter.WriteError.protectedFolder(_, found) {
                #expect(found == reason)
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test("Two certificates whose numbers give the same page name are an error at the source, not a lost page")
    func pageCollision() async throws {
        let content = try copyOfMiniSite()
        defer { removeTemporaryFolder(content) }
        let cert = try String(contentsOf: content.appendingPathComponent("certifications/iso27001.yaml"), encoding: .utf8)
        try writeFiles(["certifications/second.yaml": cert.replacingOccurrences(of: "certificate_number: \"MN-2025-07\"", with: "certificate_number: \"MN 2025 07\"")], into: content)
        // `check` refuses it, at the second certificate's number, as the build would.
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content")).filter { $0.severity == .error }
        #expect(descriptions(errors) == """
            content/certifications/second.yaml:3:21: error: certificate 'MN 2025 07' names the page 'iso27001-2022-mn-2025-07.html', which certificate 'MN-2025-07' also names
            content/certifications/second.yaml:3:21: note: certificate 'MN-2025-07' is at content/certifications/iso27001.yaml:3
            content/certifications/second.yaml:3:21: note: certificate numbers, framework ids, report dates and policy ids name the pages; make them distinct (case is ignored)
            """)
        await #expect(throws: DiagnosticsError.self) { _ = try await makeBuilder(content: content, display: "content").render() }
    }
}

