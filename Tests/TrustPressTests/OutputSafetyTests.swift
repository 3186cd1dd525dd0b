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

    @Test("A build refuses to write while another build holds the output folder's lock")
    func busy() async throws {
        let dir = try makeTemporaryFolder("busy")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        let before = readTree(out)

        let fd = open(OutputLock.lockFile(for: out).path, O_CREAT | O_RDWR, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)

        do {
            _ = try await miniBuilder(out).build()
            Issue.record("the build should have found the folder busy")
        } catch let error as OutputWriter.WriteError {
            guard case .busy = error else {
                Issue.record("expected busy, got \(error)")
                return
            }
        }
        #expect(readTree(out) == before)
        flock(fd, LOCK_UN)
        _ = try await miniBuilder(out).build()
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
}
