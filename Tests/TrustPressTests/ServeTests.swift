import Foundation
import Testing
import TrustPressCore
@testable import TrustPressServe

/// `trustpress serve` end to end: the real executable on a free port, on a copy of the sample
/// content, fetched over HTTP.
@Suite("Serve", .serialized)
struct ServeTests {
    /// A copy of the sample content and an empty theme override folder (`Theme/`) in a fresh folder:
    /// pages come from the built-in theme until a test adds an override.
    static func sampleSite(_ label: String) throws -> (folder: URL, content: URL, templates: URL) {
        let folder = try makeTemporaryFolder(label)
        let content = folder.appendingPathComponent("Content"), templates = folder.appendingPathComponent("Theme")
        try FileManager.default.copyItem(at: Paths.content, to: content)
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("public"), withIntermediateDirectories: true)
        return (folder, content, templates)
    }

    static let script = "<script src=\"/_trustpress/reload.js\""
    static let policy = "/policies/information-security.html"

    @Test("serve builds into a private folder of its own, serves / and a policy page with the reload script (the file on disk has none) and the bundle on loopback; SIGTERM exits 0 and removes the folder")
    func servesAndStops() throws {
        let site = try Self.sampleSite("serve-basic")
        defer { removeTemporaryFolder(site.folder) }
        let server = try ServeProcess(["--content", site.content.path, "--templates", site.templates.path], in: site.folder)
        let folders = server.buildFolders
        try #require(folders.count == 1, "stderr: \(server.stderr)")
        let onDisk = try String(contentsOf: folders[0].appendingPathComponent("site/public/policies/information-security.html"), encoding: .utf8)
        #expect(!onDisk.contains("<script"), "the built file must stay free of JavaScript")
        #expect(!FileManager.default.fileExists(atPath: site.folder.appendingPathComponent("Output").path))

        let index = try server.get("/")
        #expect(index.status == 200)
        #expect(index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.body.contains("Fernwick Trust Center"))
        #expect(index.body.contains(Self.script + " data-generation="))
        #expect(index.body.range(of: Self.script)!.lowerBound < index.body.range(of: "</body>", options: .backwards)!.lowerBound)
        let page = try server.get(Self.policy)
        #expect(page.status == 200)
        #expect(page.body.contains("Information Security Policy"))
        #expect(page.body.contains(Self.script))
        #expect(try server.get("/assets/style.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(try server.get("/_trustpress/reload.js").body.contains("EventSource"))
        let missing = try server.get("/no-such-page.html")
        #expect(missing.status == 404)
        #expect(missing.body.contains(Self.script), "the site's own 404 page, with the script")
        let policies = try server.get("/policies")
        #expect(policies.status == 301 && policies.headers["location"] == "/policies/")

        let bundle = try server.get("/confidential/")
        #expect(bundle.status == 200, "the bundle is served on loopback")
        #expect(bundle.body.contains(Self.script))
        #expect(try server.get("/confidential/manifest.json").headers["content-type"] == "application/json")
        #expect(try HTTPReply.get("/confidential/", port: server.port, host: "evil.example").status == 403)

        #expect(server.stop() == 0, "stderr: \(server.stderr)")
        #expect(server.buildFolders.isEmpty, "the build folder is removed on exit")
    }

    @Test("editing a policy sends a rebuild event on /_trustpress/events, then the new text is served")
    func rebuildsOnEdit() throws {
        try rebuild(arguments: [], label: "serve-edit")
    }

    @Test("the polling watcher (--poll) notices an edit too")
    func rebuildsOnEditPolling() throws {
        try rebuild(arguments: ["--poll"], label: "serve-poll")
    }

    private func rebuild(arguments: [String], label: String) throws {
        let site = try Self.sampleSite(label)
        defer { removeTemporaryFolder(site.folder) }
        let server = try ServeProcess(["--content", site.content.path, "--templates", site.templates.path] + arguments, in: site.folder)
        defer { _ = server.stop() }
        let events = try server.events()
        let first = try #require(events.next(), "the current build is sent on connect")
        #expect(first.contains("\"succeeded\":true"))
        let file = site.content.appendingPathComponent("policies/information-security.md")
        try (String(contentsOf: file, encoding: .utf8) + "\nA sentence added while serving.\n").write(to: file, atomically: true, encoding: .utf8)
        let second = try #require(events.next(), "a rebuild event after the edit; stderr: \(server.stderr)")
        #expect(second != first)
        #expect(second.contains("\"succeeded\":true"))
        #expect(try server.get(Self.policy).body.contains("A sentence added while serving."))
        #expect(server.stop() == 0)
    }

    @Test("an override template added while serving is used at once: the --templates folder, and a theme: folder outside the content folder, are watched",
          arguments: [true, false])
    func rebuildsOnOverride(flag: Bool) throws {
        let site = try Self.sampleSite("serve-override")
        defer { removeTemporaryFolder(site.folder) }
        if !flag {
            let yaml = site.content.appendingPathComponent("site.yaml")
            try (String(contentsOf: yaml, encoding: .utf8) + "theme: ../Theme\n").write(to: yaml, atomically: true, encoding: .utf8)
        }
        let server = try ServeProcess(["--content", site.content.path] + (flag ? ["--templates", site.templates.path] : []), in: site.folder)
        defer { _ = server.stop() }
        let events = try server.events()
        _ = try #require(events.next(), "the current build is sent on connect")
        #expect(try !server.get("/subprocessors.html").body.contains("Overridden while serving"))
        let builtIn = try String(contentsOf: Paths.templates.appendingPathComponent("public/subprocessors.mustache"), encoding: .utf8)
        let override = builtIn.replacingOccurrences(of: "{{$main}}", with: "{{$main}}<p>Overridden while serving</p>")
        try #require(override != builtIn)
        try override.write(to: site.templates.appendingPathComponent("public/subprocessors.mustache"), atomically: true, encoding: .utf8)
        let next = try #require(events.next(), "a rebuild event after the override; stderr: \(server.stderr)")
        #expect(next.contains("\"succeeded\":true"), "stderr: \(server.stderr)")
        #expect(try server.get("/subprocessors.html").body.contains("<p>Overridden while serving</p>"))
        #expect(server.stop() == 0)
    }

    @Test("a broken YAML file puts its diagnostics (path:line:column) in place of pages, the last good build stays; fixing it brings the page back")
    func diagnosticsPage() throws {
        let site = try Self.sampleSite("serve-broken")
        defer { removeTemporaryFolder(site.folder) }
        let server = try ServeProcess(["--content", site.content.path, "--templates", site.templates.path], in: site.folder)
        defer { _ = server.stop() }
        let events = try server.events()
        _ = events.next()
        let file = site.content.appendingPathComponent("site.yaml")
        let good = try String(contentsOf: file, encoding: .utf8)
        try (good + "\nbroken: [unclosed\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try #require(events.next()).contains("\"succeeded\":false"))
        let failed = try server.get(Self.policy)
        #expect(failed.status == 500)
        #expect(failed.body.contains("The build failed"))
        #expect(failed.body.range(of: #"site\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(failed.body)")
        #expect(failed.body.contains(Self.script), "the diagnostics page reloads itself when fixed")
        #expect(try server.get("/assets/style.css").status == 200, "the last good build is still served")

        try good.write(to: file, atomically: true, encoding: .utf8)
        #expect(try #require(events.next()).contains("\"succeeded\":true"))
        let back = try server.get(Self.policy)
        #expect(back.status == 200 && back.body.contains("Information Security Policy"))
        #expect(server.stop() == 0)
    }

    @Test("with --expose-to-network the bundle is 404 and a failed build shows no diagnostics text")
    func exposed() throws {
        let site = try Self.sampleSite("serve-exposed")
        defer { removeTemporaryFolder(site.folder) }
        // Still bound to loopback here (the test must not open a port to the network); the flag alone
        // restricts what is served.
        let server = try ServeProcess(["--content", site.content.path, "--templates", site.templates.path, "--expose-to-network"], in: site.folder)
        defer { _ = server.stop() }
        #expect(try server.get("/").status == 200)
        for path in ["/confidential/", "/confidential/manifest.json", "/confidential", "/confidential/index.html"] {
            let reply = try server.get(path)
            #expect(reply.status == 404, "\(path)")
            #expect(!reply.body.contains("Statement of Applicability"), "\(path)")
        }
        let events = try server.events()
        _ = events.next()
        let file = site.content.appendingPathComponent("site.yaml")
        try (String(contentsOf: file, encoding: .utf8) + "\nbroken: [unclosed\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try #require(events.next()).contains("\"succeeded\":false"))
        let failed = try server.get(Self.policy)
        #expect(failed.body.contains("The build failed"))
        #expect(!failed.body.contains("site.yaml") && !failed.body.contains("error:"), "\(failed.body)")
        #expect(server.stop() == 0)
    }

    @Test("a non-loopback --bind without --expose-to-network is refused (exit 2) before anything listens")
    func refusesNetworkWithoutFlag() throws {
        let dir = try makeTemporaryFolder("serve-bind")
        defer { removeTemporaryFolder(dir) }
        let run = try CommandLineTests().trustpress(["serve", "--bind", "0.0.0.0", "--port", "0"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--expose-to-network"))
    }

    @Test("paths that climb out, encoded or not, and control characters are refused")
    func climbing() throws {
        let site = try Self.sampleSite("serve-paths")
        defer { removeTemporaryFolder(site.folder) }
        let server = try ServeProcess(["--content", site.content.path, "--templates", site.templates.path], in: site.folder)
        defer { _ = server.stop() }
        for path in ["/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/policies/..%2f..%2f..%2fetc/passwd", "/%00", "/a%zz"] {
            let reply = try server.get(path)
            #expect(reply.status == 400 || reply.status == 404, "\(path): \(reply.status)")
            #expect(!reply.body.contains("root:"), "\(path)")
        }
        #expect(server.stop() == 0)
    }
}

@Suite("Serve paths and pages")
struct ServePathTests {
    @Test("segments are percent-decoded once; dot segments, encoded slashes and NULs fail")
    func segments() {
        #expect(SitePath.segments("/a%20b/c.html")?.segments == ["a b", "c.html"])
        #expect(SitePath.segments("/a/")?.trailingSlash == true)
        #expect(SitePath.segments("/%252e%252e")?.segments == ["%2e%2e"], "decoded once, not twice")
        for bad in ["/..", "/a/%2e%2e/b", "/a%2fb", "/%00", "relative", "/%5c"] { #expect(SitePath.segments(Substring(bad)) == nil, "\(bad)") }
    }

    @Test("a symbolic link inside the served folder is never followed")
    func symlinks() throws {
        let dir = try makeTemporaryFolder("serve-links")
        defer { removeTemporaryFolder(dir) }
        let root = dir.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: dir.appendingPathComponent("secret.txt"))
        try Data("ok".utf8).write(to: root.appendingPathComponent("sub/page.html"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("up").path, withDestinationPath: "..")
        #expect(SitePath.resolve(["sub", "page.html"], in: root) == .file(root.appendingPathComponent("sub/page.html")))
        #expect(SitePath.resolve(["link.txt"], in: root) == .missing)
        #expect(SitePath.resolve(["up", "secret.txt"], in: root) == .missing)
    }

    @Test("the script goes right before the last </body>, whatever its case; at the end when there is none")
    func injection() {
        let page = Pages.inject(into: Data("<body><p>x</p></BODY>\n</html>".utf8), generation: "g-1")
        #expect(String(decoding: page, as: UTF8.self) == "<body><p>x</p>\(Pages.scriptTag(generation: "g-1"))</BODY>\n</html>")
        #expect(String(decoding: Pages.inject(into: Data("<p>".utf8), generation: "g"), as: UTF8.self).hasSuffix("</script>"))
    }

    @Test("diagnostics are escaped on the failure page; a network viewer's page holds none")
    func failurePage() {
        let diagnostic = Diagnostic(path: "site.yaml", line: 3, column: 7, message: "bad <script>alert(1)</script>")
        let local = String(decoding: Pages.failure([diagnostic], generation: "g", hasGoodBuild: true), as: UTF8.self)
        #expect(local.contains("site.yaml:3:7: error: bad &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!local.contains("<script>alert"))
        let network = String(decoding: Pages.failure(nil, generation: "g", hasGoodBuild: true), as: UTF8.self)
        #expect(!network.contains("site.yaml"))
    }

    @Test("on loopback, a request whose Host names another site is refused (DNS rebinding)")
    func hostHeader() {
        for host in ["127.0.0.1:8000", "localhost:41234", "[::1]:8000", "LOCALHOST", "127.0.0.1"] {
            #expect(PreviewResponder.isLocalHost(host), "\(host)")
        }
        for host in ["evil.example:8000", "evil.example", "127.0.0.1.evil.example:80", "", "[::1", "0.0.0.0:8000"] {
            #expect(!PreviewResponder.isLocalHost(host), "\(host)")
        }
        #expect(!PreviewResponder.isLocalHost(nil))
    }

    @Test("loopback addresses are told from the rest")
    func loopback() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "localhost"] { #expect(PreviewServer.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "::", "192.168.1.4", "example.com", "128.0.0.1", "::ffff:127.0.0.1"] { #expect(!PreviewServer.isLoopback(host), "\(host)") }
    }
}

@Suite("Serve watcher")
struct ServeWatcherTests {
    /// Waits for the next element of `iterator`, at most `seconds`.
    static func next(_ changes: AsyncStream<Void>, within seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in changes { return true }; return false }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("folders created later are watched too, and twenty writes while nobody reads are one pending change (a rebuild never queues more than one more)", arguments: [ChangeWatcher.Mode.automatic, .polling])
    func newFolders(_ mode: ChangeWatcher.Mode) async throws {
        let root = try makeTemporaryFolder("serve-watch")
        defer { removeTemporaryFolder(root) }
        let changes = ChangeWatcher.changes(of: [root, root.appendingPathComponent("absent")], mode: mode)
        let sub = root.appendingPathComponent("new/deeper")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(await Self.next(changes, within: 10), "creating a folder is a change")
        try await Task.sleep(for: .milliseconds(600))  // quiet: nothing pending
        for i in 0..<20 { try Data("\(i)".utf8).write(to: sub.appendingPathComponent("file.md")) }
        // Nobody reads while the burst settles (a loaded machine may split it past the debounce):
        // however many changes the watcher saw, one is pending.
        try await Task.sleep(for: .seconds(1))
        #expect(await Self.next(changes, within: 10), "a write in the new folder is seen")
        #expect(!(await Self.next(changes, within: 1)), "twenty writes are one pending change")
    }
}
