import Foundation
import Testing
@testable import TrustPressCore
#if canImport(Glibc)
import Glibc
#endif

/// The real executable, raced against itself and killed at chosen system calls of the swap (with
/// `strace` fault injection): `public/` is always a complete tree, the old one or the new one, and
/// the next build recovers what a killed one left.
@Suite("Racing and killed builds", .serialized)
struct OutputConcurrencyTests {
    static let strace: String? = ["/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The system call behind `rename(3)`: `rename` on x86-64, `renameat` where the kernel has no `rename`.
    #if arch(x86_64)
    static let renameCall = "rename"
    #else
    static let renameCall = "renameat"
    #endif
    /// The system call behind `link(3)`, likewise.
    #if arch(x86_64)
    static let linkCall = "link"
    #else
    static let linkCall = "linkat"
    #endif

    struct Run {
        let status: Int32
        let signalled: Bool
        let stderr: String
    }

    /// Starts `executable` with `arguments` in `folder`; standard error goes to a file.
    func start(_ executable: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (Process, URL) {
        let err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        try Data().write(to: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["SOURCE_DATE_EPOCH"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, err)
    }

    func finish(_ started: (Process, URL)) -> Run {
        started.0.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: started.1) }
        return Run(status: started.0.terminationStatus, signalled: started.0.terminationReason == .uncaughtSignal,
                   stderr: String(decoding: FileManager.default.contents(atPath: started.1.path) ?? Data(), as: UTF8.self))
    }

    func buildArguments(content: URL, output: String) -> [String] {
        ["build", "--content", content.path, "--templates", Paths.templates.path, "--output", output, "--date", "2026-11-30", "--quiet"]
    }

    /// Two versions of the mini site whose public trees and bundles differ, and what each renders.
    func twoSites(in dir: URL) async throws -> (old: URL, new: URL, oldTree: [String: Data], newTree: [String: Data],
                                                 oldBundle: [String: Data], newBundle: [String: Data], bundleID: String) {
        let old = dir.appendingPathComponent("old-content"), new = dir.appendingPathComponent("new-content")
        try FileManager.default.copyItem(at: Paths.fixture("mini-site"), to: old)
        try FileManager.default.copyItem(at: Paths.fixture("mini-site"), to: new)
        let site = new.appendingPathComponent("site.yaml")
        let text = try String(contentsOf: site, encoding: .utf8)
        try #require(text.contains("  title: Minnow Trust Center\n"))
        try Data(text.replacingOccurrences(of: "  title: Minnow Trust Center\n", with: "  title: Minnow Trust Center, newer\n").utf8).write(to: site)
        let policy = new.appendingPathComponent("policies/incident-response.md")
        let policyText = try String(contentsOf: policy, encoding: .utf8)
        try #require(policyText.contains("Incidents are triaged within one hour."))
        try Data(policyText.replacingOccurrences(of: "Incidents are triaged within one hour.", with: "Incidents are triaged within 30 minutes.").utf8)
            .write(to: policy)
        let oldResult = try await makeBuilder(content: old).render(), newResult = try await makeBuilder(content: new).render()
        func tree(_ files: [RenderedFile]) -> [String: Data] { Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) }) }
        try #require(tree(oldResult.publicFiles) != tree(newResult.publicFiles))
        try #require(tree(oldResult.bundleFiles) != tree(newResult.bundleFiles))
        return (old, new, tree(oldResult.publicFiles), tree(newResult.publicFiles),
                tree(oldResult.bundleFiles), tree(newResult.bundleFiles), oldResult.bundleID)
    }

    /// The regular files below `root`, relative path → bytes (empty when it does not exist).
    func files(_ root: URL) -> [String: Data] { readTree(root) }

    @Test("Two builds on one folder, through a symbolic link and with another TMPDIR, never run at once")
    func race() async throws {
        guard let strace = Self.strace else {
            print("SKIPPED the race test: strace is not installed (`make deps` installs it)")
            return
        }
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first").path
        let dir = try makeTemporaryFolder("race")
        defer { removeTemporaryFolder(dir) }
        let sites = try await twoSites(in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "out")
        for other in ["a", "b"] { try FileManager.default.createDirectory(at: dir.appendingPathComponent("tmp-" + other), withIntermediateDirectories: true) }
        #expect(finish(try start(executable, buildArguments(content: sites.old, output: "out"), in: dir)).status == 0)

        // The first build sleeps at its swap, holding the lock; the second comes in meanwhile.
        let first = try start(strace, ["-f", "-o", "/dev/null", "-e", "inject=renameat2:delay_enter=4000000:when=1", executable]
                                + buildArguments(content: sites.new, output: "out"),
                              in: dir, environment: ["TMPDIR": dir.appendingPathComponent("tmp-a").path])
        let lockFile = dir.appendingPathComponent("out/" + OutputWriter.lockName)
        var holder = ""
        for _ in 0..<600 where holder.isEmpty {  // the hang guard: a minute
            holder = String(decoding: FileManager.default.contents(atPath: lockFile.path) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if holder.isEmpty { usleep(100_000) }
        }
        try #require(!holder.isEmpty, "the first build never took the lock")
        for name in ["link", "./link/../out", dir.appendingPathComponent("link").path] {
            let second = finish(try start(executable, buildArguments(content: sites.old, output: name), in: dir,
                                          environment: ["TMPDIR": dir.appendingPathComponent("tmp-b").path]))
            #expect(second.status == 2, "\(name): \(second.stderr)")
            #expect(second.stderr.contains("error: another TrustPress build (process \(holder)) is writing to this output folder"), "\(name): \(second.stderr)")
            #expect(files(dir.appendingPathComponent("out/public")) == sites.oldTree)
        }
        let firstRun = finish(first)
        #expect(firstRun.status == 0, "\(firstRun.stderr)")
        #expect(files(dir.appendingPathComponent("out/public")) == sites.newTree)
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)) ?? []).contains { $0.hasPrefix(".staging-") })
    }

    /// (label, strace fault-injection options): each kills the build at one system call of its swap.
    static let killPoints: [(String, [String])] = [
        ("at the exchange of public/", ["-e", "inject=renameat2:signal=SIGKILL:when=1"]),
        ("at the exchange of the bundle", ["-e", "inject=renameat2:signal=SIGKILL:when=2"]),
        ("while removing the old public tree", ["-e", "inject=unlink:signal=SIGKILL:when=2"]),
        ("while removing the old bundle", ["-e", "inject=rmdir:signal=SIGKILL:when=6"]),
        // No exchange (as on a file system without RENAME_EXCHANGE): the two-rename fallback.
        ("fallback: before moving the old public/ aside", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=1"]),
        ("fallback: between the two renames of public/", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=2"]),
        ("fallback: after the new public/ is in", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=3"]),
        ("fallback: between the two renames of the bundle", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=5"]),
    ]

    @Test("A build killed at any point of the swap leaves public/ old or new and complete; the next build recovers",
          arguments: killPoints.map(\.0))
    func killed(_ label: String) async throws {
        guard let strace = Self.strace else {
            print("SKIPPED \(label): strace is not installed (`make deps` installs it)")
            return
        }
        let options = try #require(Self.killPoints.first { $0.0 == label }?.1)
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first").path
        let dir = try makeTemporaryFolder("killed")
        defer { removeTemporaryFolder(dir) }
        let sites = try await twoSites(in: dir)
        let out = dir.appendingPathComponent("out")
        #expect(finish(try start(executable, buildArguments(content: sites.old, output: "out"), in: dir)).status == 0)
        #expect(files(out.appendingPathComponent("confidential/" + sites.bundleID)) == sites.oldBundle)

        let killed = finish(try start(strace, ["-f", "-o", "/dev/null"] + options + [executable] + buildArguments(content: sites.new, output: "out"), in: dir))
        #expect(killed.signalled || killed.status == 137, "the build was not killed: status \(killed.status), \(killed.stderr)")
        let publicTree = files(out.appendingPathComponent("public"))
        let between = label.hasPrefix("fallback: between the two renames of public/")
        if between {
            // The one instant the fallback leaves no public/: the old tree waits in staging.
            #expect(publicTree.isEmpty)
        } else {
            #expect(publicTree == sites.oldTree || publicTree == sites.newTree, "public/ is neither the old nor the new tree")
        }

        // A build that fails on its content still puts back the tree a killed build left.
        try Data("controls: [".utf8).write(to: sites.old.appendingPathComponent("controls/broken.yaml"))
        #expect(finish(try start(executable, buildArguments(content: sites.old, output: "out"), in: dir)).status == 1)
        try FileManager.default.removeItem(at: sites.old.appendingPathComponent("controls/broken.yaml"))
        let recovered = files(out.appendingPathComponent("public"))
        #expect(recovered == sites.oldTree || recovered == sites.newTree, "after recovery, public/ is neither the old nor the new tree")
        if between { #expect(recovered == sites.oldTree) }
        let bundle = files(out.appendingPathComponent("confidential/" + sites.bundleID))
        #expect(bundle == sites.oldBundle || bundle == sites.newBundle, "the bundle folder is neither the old nor the new one")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains { $0.hasPrefix(".staging-") })

        // And the next good build completes.
        #expect(finish(try start(executable, buildArguments(content: sites.new, output: "out"), in: dir)).status == 0)
        #expect(files(out.appendingPathComponent("public")) == sites.newTree)
    }

    /// (label, strace fault-injection options, whether the killed build has --archive, the zip and
    /// checksum the kill leaves: "old", "new" or nil for none): each kills a build at one system call
    /// of the swap of the zip and its checksum (the build before it wrote both).
    static let archiveKillPoints: [(String, [String], Bool, zip: String?, checksum: String?)] = [
        ("at the exchange of the checksum", ["-e", "inject=renameat2:signal=SIGKILL:when=3"], true, "old", "old"),
        ("at the exchange of the zip", ["-e", "inject=renameat2:signal=SIGKILL:when=4"], true, "old", "new"),
        ("while removing the old zip", ["-e", "inject=unlink:signal=SIGKILL:when=4"], true, "new", "new"),
        // No exchange: each file is linked aside, then replaced in one rename.
        ("fallback: at the rename of the checksum", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=5"], true, "old", "old"),
        ("fallback: at the rename of the zip", ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(renameCall):signal=SIGKILL:when=6"], true, "old", "new"),
        // No exchange and no second link (a file system without hard links): two renames.
        ("fallback without links: between the two renames of the zip",
         ["-e", "inject=renameat2:error=EINVAL", "-e", "inject=\(linkCall):error=EPERM", "-e", "inject=\(renameCall):signal=SIGKILL:when=8"], true, nil, "new"),
        // Without --archive, TrustPress's zip and then its checksum are moved aside and removed.
        ("without --archive: at moving the checksum aside", ["-e", "inject=\(renameCall):signal=SIGKILL:when=2"], false, nil, "old"),
        ("without --archive: while removing the zip", ["-e", "inject=unlink:signal=SIGKILL:when=3"], false, nil, nil),
    ]

    @Test("A build killed at any point of the zip's swap leaves a complete zip or none, never one without its checksum; the next build makes them agree",
          arguments: archiveKillPoints.map(\.0))
    func killedWithArchive(_ label: String) async throws {
        guard let strace = Self.strace else {
            print("SKIPPED \(label): strace is not installed (`make deps` installs it)")
            return
        }
        let point = try #require(Self.archiveKillPoints.first { $0.0 == label })
        let (options, archiving) = (point.1, point.2)
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first").path
        let dir = try makeTemporaryFolder("killed-zip")
        defer { removeTemporaryFolder(dir) }
        let sites = try await twoSites(in: dir)
        func archive(_ bundle: [String: Data]) throws -> BundleArchive {
            try BundleArchive(bundleID: sites.bundleID, files: bundle.map { RenderedFile(path: $0.key, contents: $0.value) }, buildDate: testDate)
        }
        let old = try archive(sites.oldBundle), new = try archive(sites.newBundle)
        try #require(old.data != new.data)
        let out = dir.appendingPathComponent("out")
        let zipPath = out.path + "/confidential/" + old.fileName, checksumPath = out.path + "/confidential/" + old.checksumFileName
        func state() -> (zip: Data?, checksum: Data?) {
            (FileManager.default.contents(atPath: zipPath), FileManager.default.contents(atPath: checksumPath))
        }
        #expect(finish(try start(executable, buildArguments(content: sites.old, output: "out") + ["--archive"], in: dir)).status == 0)
        #expect(state().zip == old.data && state().checksum == old.checksumFile)

        let newArguments = buildArguments(content: sites.new, output: "out") + (archiving ? ["--archive"] : [])
        let killed = finish(try start(strace, ["-f", "-o", "/dev/null"] + options + [executable] + newArguments, in: dir))
        #expect(killed.signalled || killed.status == 137, "the build was not killed: status \(killed.status), \(killed.stderr)")
        let afterKill = state()
        #expect(afterKill.zip == point.zip.map { $0 == "old" ? old.data : new.data }, "the zip is not the \(point.zip ?? "missing") one")
        #expect(afterKill.checksum == point.checksum.map { $0 == "old" ? old.checksumFile : new.checksumFile },
                "the checksum is not the \(point.checksum ?? "missing") one")
        #expect(afterKill.zip == nil || afterKill.checksum != nil, "TrustPress's zip stands without its checksum")

        // A build that fails on its content puts back what the killed one moved aside, and the zip's checksum.
        try Data("controls: [".utf8).write(to: sites.old.appendingPathComponent("controls/broken.yaml"))
        #expect(finish(try start(executable, buildArguments(content: sites.old, output: "out") + ["--archive"], in: dir)).status == 1)
        try FileManager.default.removeItem(at: sites.old.appendingPathComponent("controls/broken.yaml"))
        let recovered = state()
        if archiving { #expect(recovered.zip != nil, "an --archive build lost the zip") }
        if let zip = recovered.zip {
            #expect(zip == old.data || zip == new.data, "after recovery, the zip is neither the old nor the new one")
            #expect(recovered.checksum == (zip == old.data ? old : new).checksumFile, "after recovery, the checksum is not the zip's")
        } else {
            #expect(!archiving)
        }
        let bundle = files(out.appendingPathComponent("confidential/" + sites.bundleID))
        #expect(bundle == sites.oldBundle || bundle == sites.newBundle, "the bundle folder is neither the old nor the new one")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).contains { $0.hasPrefix(".staging-") })

        // And the next good build completes: the new zip and checksum, or none without --archive.
        let next = finish(try start(executable, newArguments, in: dir))
        #expect(next.status == 0, "\(next.stderr)")
        #expect(files(out.appendingPathComponent("confidential/" + sites.bundleID)) == sites.newBundle)
        if archiving {
            #expect(state().zip == new.data && state().checksum == new.checksumFile)
        } else {
            #expect(state().zip == nil && state().checksum == nil)
        }
    }
}
