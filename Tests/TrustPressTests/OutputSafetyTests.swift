import Foundation
import Testing
@testable import TrustPressCore
#if canImport(Glibc)
import Glibc
#endif

/// The write stage never clobbers a folder it does not own and never leaves stale or partial trees.
@Suite("Output folder safety")
struct OutputSafetyTests {
    func miniBuilder(_ output: URL, force: Bool = false) -> Builder {
        makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site", output: output, force: force)
    }

    @Test("A non-empty folder that TrustPress did not create is refused and left untouched")
    func foreignFolder() async throws {
        let dir = try makeTemporaryFolder("foreign")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        try writeFiles(["notes.txt": "mine\n", "public/index.html": "my own page\n", ".hidden": "x"], into: out)
        let before = readTree(out)

        do {
            _ = try await miniBuilder(out).build()
            Issue.record("the build should have refused the folder")
        } catch let error as OutputWriter.WriteError {
            guard case let .foreignFolder(path) = error else {
                Issue.record("expected foreignFolder, got \(error)")
                return
            }
            #expect(path == out.path)
            #expect(error.description == """
                \(out.path): error: the output folder is not empty and was not created by TrustPress; refusing to overwrite it
                \(out.path): note: choose an empty folder, or pass --force to take it over
                """)
        }
        #expect(readTree(out) == before, "the folder was changed")
    }

    @Test("With force, a foreign folder is taken over; files TrustPress did not write are kept")
    func forced() async throws {
        let dir = try makeTemporaryFolder("forced")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        try writeFiles(["notes.txt": "mine\n"], into: out)

        let result = try await miniBuilder(out, force: true).build()
        let tree = readTree(out)
        #expect(tree["notes.txt"] == Data("mine\n".utf8))
        #expect(tree[OutputWriter.markerName] != nil)
        #expect(tree["public/index.html"] == result.publicFiles[path: "index.html"]?.contents)
        #expect(tree["confidential/\(result.bundleID)/manifest.json"] == result.bundleFiles[path: "manifest.json"]?.contents)
        // From now on the folder is TrustPress's: no force needed.
        _ = try await miniBuilder(out).build()
    }

    @Test("A second build replaces public/ and the bundle wholly: stale files disappear")
    func staleFilesDisappear() async throws {
        let dir = try makeTemporaryFolder("stale")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out).build()
        let bundle = "confidential/\(result.bundleID)"
        try writeFiles([
            "public/stale.html": "old page\n", "public/policies/removed-policy.html": "old\n",
            "\(bundle)/stale.txt": "old\n", "confidential/2025-01-01-old-customer/index.html": "an older bundle\n",
        ], into: out)
        try Data("tampered".utf8).write(to: out.appendingPathComponent("public/index.html"))

        _ = try await miniBuilder(out).build()
        let tree = readTree(out)
        #expect(tree["public/stale.html"] == nil)
        #expect(tree["public/policies/removed-policy.html"] == nil)
        #expect(tree["\(bundle)/stale.txt"] == nil)
        #expect(tree["public/index.html"] == result.publicFiles[path: "index.html"]?.contents)
        #expect(Set(tree.keys.filter { $0.hasPrefix("public/") }) == Set(result.publicFiles.map { "public/" + $0.path }))
        // Bundles for other recipients or dates are not this build's to remove.
        #expect(tree["confidential/2025-01-01-old-customer/index.html"] == Data("an older bundle\n".utf8))
        #expect(!tree.keys.contains { $0.contains(".staging") })
    }

    @Test("An empty folder, or one holding only .gitkeep or .DS_Store, is used without force",
          arguments: [[String](), [".gitkeep"], [".DS_Store"], [".gitkeep", ".DS_Store"]])
    func emptyEnough(_ names: [String]) async throws {
        let dir = try makeTemporaryFolder("empty")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try writeFiles(Dictionary(uniqueKeysWithValues: names.map { ($0, "") }), into: out)
        _ = try await miniBuilder(out).build()
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("public/index.html").path))
        for name in names { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path)) }
    }

    @Test("An output path that is a file is refused and the file kept")
    func outputIsAFile() async throws {
        let dir = try makeTemporaryFolder("file")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        try Data("a file\n".utf8).write(to: out)
        await #expect(throws: OutputWriter.WriteError.self) { _ = try await miniBuilder(out, force: true).build() }
        #expect(FileManager.default.contents(atPath: out.path) == Data("a file\n".utf8))
    }

    @Test("A folder holding a project or content is refused even with force", arguments: ["Content", "Templates", ".git", "Package.swift"])
    func protectedFolders(_ marker: String) async throws {
        let dir = try makeTemporaryFolder("protected")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        if marker.contains(".swift") {
            try writeFiles([marker: "// swift-tools-version: 6.0\n"], into: out)
        } else {
            try writeFiles(["\(marker)/keep.txt": "keep\n"], into: out)
        }
        let before = readTree(out)
        do {
            _ = try await miniBuilder(out, force: true).build()
            Issue.record("the build should have refused \(out.path)")
        } catch let error as OutputWriter.WriteError {
            guard case .protectedFolder = error else {
                Issue.record("expected protectedFolder, got \(error)")
                return
            }
            #expect(error.description == "\(out.path): error: refusing to use a folder that holds \(marker) as the output folder, even with --force")
        }
        #expect(readTree(out) == before)
    }

    /// Holds the lock of `folder` as another build would: flock on the lock file inside it, with `pid` written in.
    func holdLock(_ folder: URL, pid: Int32) throws -> Int32 {
        let fd = open(folder.appendingPathComponent(OutputWriter.lockName).path, O_CREAT | O_RDWR, 0o644)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let text = Array("\(pid)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return fd
    }

    @Test("A build refuses to write while another build holds the output folder's lock, naming its process",
          arguments: ["out", "link", "link/../out", "out/"])
    func busy(_ name: String) async throws {
        let dir = try makeTemporaryFolder("busy")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "out")
        let before = readTree(out)
        // The lock is the file inside the folder, whatever name the second build uses and whatever its TMPDIR.
        #expect(OutputLock.lockFile(for: dir.appendingPathComponent("link")).path == out.appendingPathComponent(OutputWriter.lockName).path)
        let fd = try holdLock(out, pid: 4242)
        defer { close(fd) }

        let named = URL(fileURLWithPath: dir.path + "/" + name)
        do {
            _ = try await miniBuilder(named).build()
            Issue.record("the build should have found the folder busy")
        } catch let error as OutputWriter.WriteError {
            guard case let .busy(_, pid) = error else {
                Issue.record("expected busy, got \(error)")
                return
            }
            #expect(pid == 4242)
            #expect(error.description == "\(named.standardizedFileURL.path): error: another TrustPress build (process 4242) is writing to this output folder; try again when it has finished")
        }
        // Only the lock file changed: it holds the other build's PID.
        #expect(readTree(out).filter { $0.key != OutputWriter.lockName } == before.filter { $0.key != OutputWriter.lockName })
        flock(fd, LOCK_UN)
        _ = try await miniBuilder(named).build()
    }

    @Test("No lock file is shared in the temporary folder, and a failed first build leaves no output folder")
    func noSharedLock() async throws {
        let dir = try makeTemporaryFolder("lockfile")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("a/b/out")
        #expect(OutputLock.lockFile(for: out).path == out.path + "/" + OutputWriter.lockName)
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try Data("controls: [".utf8).write(to: content.appendingPathComponent("controls/broken.yaml"))
        await #expect(throws: DiagnosticsError.self) { _ = try await makeBuilder(content: content, output: out).build() }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a").path), "the failed build left folders behind")
        // After a successful build the lock file stays, empty: the PID is written only while a build holds it.
        _ = try await miniBuilder(out).build()
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent(OutputWriter.lockName).path) == Data())
    }

    /// Every entry below `root` without following links: relative path → "link:<target>", "dir", or the file's bytes.
    func listing(_ root: URL) -> [String: String] {
        var result: [String: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            for (name, type) in OutputWriter.entries(of: relative.isEmpty ? root.path : root.path + "/" + relative) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if type == DT_LNK {
                    result[child] = "link:" + OutputWriter.linkTarget(root.path + "/" + child)
                } else if type == DT_DIR {
                    result[child] = "dir"
                    pending.append(child)
                } else {
                    result[child] = String(decoding: FileManager.default.contents(atPath: root.path + "/" + child) ?? Data(), as: UTF8.self)
                }
            }
        }
        return result
    }

    @Test("A symbolic link anywhere inside the output folder is refused before anything is written",
          arguments: [
            // (link inside the output folder, where it points, relative to the output folder's parent when not absolute)
            ("confidential", "public"), ("public", "../elsewhere"), ("confidential/2026-11-30-internal", "../public/x"),
            ("public/assets", "../../elsewhere"), (".trustpress-output", "../elsewhere/file"),
            (".trustpress-lock", "../elsewhere/file"), ("public/assets/extra.css", "/etc/hostname"),
          ])
    func symbolicLinksRefused(_ link: String, _ target: String) async throws {
        let dir = try makeTemporaryFolder("links")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out).build()
        try writeFiles(["elsewhere/file": "outside\n", "out/public/x/keep.txt": "x\n"], into: dir)
        let linkURL = out.appendingPathComponent(link)
        OutputWriter.removeTree(linkURL)
        try FileManager.default.createSymbolicLink(atPath: linkURL.path, withDestinationPath: target)
        let before = listing(dir)

        for force in [false, true] {
            do {
                _ = try await miniBuilder(out, force: force).build()
                Issue.record("the build should have refused the link \(link)")
            } catch let error as OutputWriter.WriteError {
                guard case .symbolicLinks = error else {
                    Issue.record("expected symbolicLinks, got \(error)")
                    continue
                }
                #expect(error.description == """
                    \(out.path)/\(link): error: this is a symbolic link (to \(target)); TrustPress never writes through a symbolic link in its output folder
                    \(out.path)/\(link): note: replace each link with a real folder or file, or remove it; nothing was written
                    """)
            }
            #expect(listing(dir) == before, "the build changed the folder")
        }
        // Nothing of the bundle ever reached the public tree.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("public/\(result.bundleID)").path))
    }

    @Test("With force, only public/, the bundle being built and TrustPress's own staging folders are replaced")
    func forceTakesOverOnlyItsOwn() async throws {
        let dir = try makeTemporaryFolder("force-own")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let mine = [
            "notes.txt": "mine\n", ".staging-mine/notes.txt": "my staging notes\n", ".staging-123/public/index.html": "mine too\n",
            ".staging-7/old-public/index.html": "and mine\n", "confidential/2025-01-01-acme/report.pdf": "an older bundle\n",
            "confidential/README": "mine\n", "public.bak/index.html": "a backup\n",
        ]
        try writeFiles(mine.merging(["public/index.html": "my own page\n"]) { a, _ in a }, into: out)

        let result = try await miniBuilder(out, force: true).build()
        let tree = readTree(out)
        for (path, text) in mine { #expect(tree[path] == Data(text.utf8), "\(path) was changed or removed") }
        #expect(tree["public/index.html"] == result.publicFiles[path: "index.html"]?.contents)
        #expect(tree["confidential/\(result.bundleID)/manifest.json"] != nil)
        // Its own staging folders (marked) are removed once recovered; the user's stay.
        try writeFiles([".staging-99999-1/\(OutputWriter.stagingMarkerName)": "bundle: \(result.bundleID)\n",
                        ".staging-99999-1/public/index.html": "half"], into: out)
        _ = try await miniBuilder(out).build()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".staging-99999-1").path))
        for (path, text) in mine { #expect(readTree(out)[path] == Data(text.utf8), "\(path) was changed or removed") }
    }

    @Test("A staging folder whose build is alive (its marker locked) is never touched, whatever process id it names")
    func liveStagingKept() async throws {
        let dir = try makeTemporaryFolder("live-staging")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        let live = ".staging-99999-live"
        try writeFiles(["\(live)/\(OutputWriter.stagingMarkerName)": "bundle: x\n", "\(live)/public/index.html": "being written\n"], into: out)
        let fd = open(out.appendingPathComponent("\(live)/\(OutputWriter.stagingMarkerName)").path, O_RDONLY)
        try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = try await miniBuilder(out).build()
        #expect(readTree(out)["\(live)/public/index.html"] == Data("being written\n".utf8))
        close(fd)
        _ = try await miniBuilder(out).build()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(live).path))
    }

    /// How a killed build leaves its staging folder: (files to write below the output folder, with
    /// `<public>` / `<bundle>` moved there from the live trees first).
    @Test("A tree a killed build left in staging is put back by the next build, even one that fails",
          arguments: [
            // Killed between the two renames of the fallback swap: the old trees aside, marked.
            ("marked", [".staging-99999-ab/old-public": "<public>", ".staging-99999-ab/old-bundle": "<bundle>"], true),
            // The layout before this change: .staging-<pid>/old-public and old-<bundle id>, no marker.
            ("legacy", [".staging-99999/old-public": "<public>", ".staging-99999/old-<id>": "<bundle>"], true),
            // A completely written new tree, killed before its first rename (no tree in place yet).
            ("complete", [".staging-99999-ab/public": "<public>", ".staging-99999-ab/public.complete": "",
                          ".staging-99999-ab/bundle": "<bundle>", ".staging-99999-ab/bundle.complete": ""], true),
            // A tree without its completion flag is never put in place.
            ("incomplete", [".staging-99999-ab/public": "<public>", ".staging-99999-ab/bundle": "<bundle>"], false),
          ])
    func recovery(_ label: String, _ layout: [String: String], _ recovers: Bool) async throws {
        let dir = try makeTemporaryFolder("recover-\(label)")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out).build()
        let bundlePath = "confidential/\(result.bundleID)"
        if label == "legacy" {
            try Data("This folder is written by TrustPress; its trees are replaced on every build.\n".utf8)
                .write(to: out.appendingPathComponent(OutputWriter.markerName))
        }
        let before = readTree(out)
        let fm = FileManager.default
        for (path, what) in layout {
            let target = out.appendingPathComponent(path.replacingOccurrences(of: "<id>", with: result.bundleID))
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch what {
            case "<public>": try fm.moveItem(at: out.appendingPathComponent("public"), to: target)
            case "<bundle>": try fm.moveItem(at: out.appendingPathComponent(bundlePath), to: target)
            default: try Data(what.utf8).write(to: target)
            }
        }
        if label != "legacy" {
            try writeFiles([".staging-99999-ab/\(OutputWriter.stagingMarkerName)": "bundle: \(result.bundleID)\n"], into: out)
        }
        // The next build fails on its content, and still puts the trees back.
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try Data("controls: [".utf8).write(to: content.appendingPathComponent("controls/broken.yaml"))
        await #expect(throws: DiagnosticsError.self) { _ = try await makeBuilder(content: content, output: out).build() }
        let after = readTree(out)
        #expect(!after.keys.contains { $0.hasPrefix(".staging-") })
        if recovers {
            #expect(after == before)
        } else {
            #expect(!after.keys.contains { $0.hasPrefix("public/") || $0.hasPrefix(bundlePath + "/") })
            _ = try await miniBuilder(out).build()
            #expect(readTree(out) == before)
        }
    }

    @Test("Every rendered path is relative and stays inside its tree")
    func pathsStayInside() async throws {
        let results = [try await Sample.render(), try await makeBuilder(content: Paths.fixture("mini-site")).render(),
                       try await makeBuilder(content: Paths.fixture("canary-site")).render()]
        for result in results {
            for path in result.publicFiles.paths + result.bundleFiles.paths {
                #expect(!path.hasPrefix("/") && !path.split(separator: "/").contains("..") && !path.isEmpty, "\(path)")
            }
            #expect(Set(result.publicFiles.paths).count == result.publicFiles.count, "duplicate public paths")
            #expect(Set(result.bundleFiles.paths).count == result.bundleFiles.count, "duplicate bundle paths")
        }
    }

    @Test("A file where the bundle folder goes is an error before public/ is swapped: the previous output stays")
    func fileAtBundleFolder() async throws {
        let dir = try makeTemporaryFolder("bundle-file")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let first = try await miniBuilder(out).build()
        let bundle = out.appendingPathComponent("confidential/\(first.bundleID)")
        OutputWriter.removeTree(bundle)
        try Data("user file\n".utf8).write(to: bundle)
        // A different public site, so a swapped public/ would show.
        try writeFiles(["public/index.html": "the previous site\n"], into: out)
        let before = listing(out)
        do {
            _ = try await miniBuilder(out).build()
            Issue.record("the build should have refused the file at \(bundle.path)")
        } catch let error as OutputWriter.WriteError {
            #expect(error.description == "\(bundle.path): error: this is a file, not a folder; move it away (nothing was written)")
        }
        #expect(listing(out) == before, "the build changed the output folder")
        // The writer itself checks too, before any swap (the builder's early check aside).
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter(output: out, force: false).write(public: first.publicFiles, bundleID: first.bundleID, bundle: first.bundleFiles)
        }
        #expect(listing(out) == before, "the writer changed the output folder")
    }

    @Test("A bundle folder name longer than 255 bytes is a located error before public/ is swapped")
    func bundleNameTooLong() async throws {
        let dir = try makeTemporaryFolder("bundle-long")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let first = try await miniBuilder(out).build()
        try writeFiles(["public/index.html": "the previous site\n"], into: out)
        let before = listing(out)
        let id = "2026-11-30-" + String(repeating: "a", count: 300)
        do {
            try OutputWriter(output: out, force: false).write(public: first.publicFiles, bundleID: id, bundle: first.bundleFiles)
            Issue.record("the writer should have refused the name")
        } catch let error as OutputWriter.WriteError {
            #expect(error.description == "\(out.path)/confidential/\(id): error: the folder name is 311 bytes long; "
                + "a file system allows at most 255; nothing was written")
        }
        #expect(listing(out) == before, "the writer changed the output folder")
    }

    @Test("A long recipient is cut to a bounded, deterministic slug, so the build succeeds")
    func longRecipient() async throws {
        let dir = try makeTemporaryFolder("recipient-long")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let long = String(repeating: "a", count: 300)
        let result = try await makeBuilder(content: Paths.fixture("mini-site"), output: out, recipient: long).build()
        #expect(result.bundleID.utf8.count == 11 + ConfidentialBundle.maxSlugLength)
        #expect(result.bundleID.hasPrefix("2026-11-30-" + String(repeating: "a", count: 55) + "-"))
        #expect(result.bundleID == ConfidentialBundle.bundleID(buildDate: testDate, recipient: long))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("confidential/\(result.bundleID)/manifest.json").path))
        // Two long names with one beginning get two bundles; a short name keeps its plain slug.
        #expect(ConfidentialBundle.recipientSlug(long) != ConfidentialBundle.recipientSlug(long + "b"))
        #expect(ConfidentialBundle.recipientSlug("Acme Corp") == "acme-corp")
        let sixtyFour = String(repeating: "b", count: 64)
        #expect(ConfidentialBundle.recipientSlug(sixtyFour) == sixtyFour)
    }

    @Test("A tree installed by the writer can be put back, so public/ and the bundle change together")
    func installUndo() throws {
        let dir = try makeTemporaryFolder("undo")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["staging/public/new.html": "new\n", "staging/public.complete": "", "out/public/old.html": "old\n",
                        "staging/bundle/new.html": "new\n"], into: dir)
        let before = listing(dir.appendingPathComponent("out"))
        let swapped = try OutputWriter.install(staging: dir.path + "/staging", tree: "public", at: dir.path + "/out/public", display: "out/public")
        #expect(listing(dir.appendingPathComponent("out"))["public/new.html"] == "new\n")
        swapped.undo()
        #expect(listing(dir.appendingPathComponent("out")) == before)
        // Into a missing target, undone: the target is missing again.
        let fresh = try OutputWriter.install(staging: dir.path + "/staging", tree: "bundle", at: dir.path + "/out/bundle", display: "out/bundle")
        fresh.undo()
        #expect(listing(dir.appendingPathComponent("out")) == before)
    }

    @Test("trustpress build with a file at the bundle folder exits 2 with a located message; public/ and the file stay")
    func fileAtBundleFolderCommandLine() async throws {
        let dir = try makeTemporaryFolder("bundle-file-cli")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        OutputWriter.removeTree(out.appendingPathComponent("confidential/2026-11-30-internal"))
        try writeFiles(["confidential/2026-11-30-internal": "user file\n", "public/index.html": "the previous site\n"], into: out)
        let before = listing(out)
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                                     "--output", "out", "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(run.status == 2, "\(run.stderr)")
        // Paths in write errors are the output folder's full path.
        #expect(run.stderr.hasPrefix(out.path + "/confidential/2026-11-30-internal: error: this is a file, not a folder"), "\(run.stderr)")
        #expect(listing(out) == before, "the build changed the output folder")
    }
}
