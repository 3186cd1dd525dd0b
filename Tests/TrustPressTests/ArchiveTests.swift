import Foundation
import Testing
@testable import TrustPressCore
#if canImport(Glibc)
import Glibc
#endif

/// `build --archive`: `confidential/<bundle>.zip` and `<bundle>.zip.sha256`, byte-identical for the
/// same content and date, the bundle folder exactly (checked with Debian's unzip and sha256sum), and
/// written under the trees' output rules.
@Suite("The bundle's zip", .serialized)
struct ArchiveTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let unzip = tool("unzip"), sha256sum = tool("sha256sum")

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable` with `arguments` in `folder`; output through files, so a long one cannot block.
    func run(_ executable: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        let out = folder.appendingPathComponent(".out-\(UUID().uuidString)"), err = folder.appendingPathComponent(".err-\(UUID().uuidString)")
        try Data().write(to: out)
        try Data().write(to: err)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: FileManager.default.contents(atPath: out.path) ?? Data(), as: UTF8.self),
                   stderr: String(decoding: FileManager.default.contents(atPath: err.path) ?? Data(), as: UTF8.self))
    }

    func miniBuilder(_ output: URL, force: Bool = false, archive: Bool = true, content: URL? = nil) -> Builder {
        makeBuilder(content: content ?? Paths.fixture("mini-site"), display: "mini-site", output: output, force: force, archive: archive)
    }

    /// The mini site with another sentence in its confidential policy, so that its bundle (and zip)
    /// differ from the fixture's.
    func changedMiniSite() throws -> URL {
        let content = try copyFixture("mini-site")
        let policy = content.appendingPathComponent("policies/incident-response.md")
        let text = try String(contentsOf: policy, encoding: .utf8)
        try #require(text.contains("Incidents are triaged within one hour."))
        try Data(text.replacingOccurrences(of: "Incidents are triaged within one hour.", with: "Incidents are triaged within 30 minutes.").utf8)
            .write(to: policy)
        return content
    }

    // MARK: - Reading a zip without ZIPFoundation (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16)

    struct Entry: Equatable {
        var name: String
        var versionMadeBy: UInt16
        var flags: UInt16
        var method: UInt16
        var time: UInt16
        var date: UInt16
        var externalAttributes: UInt32
        var extraLength: UInt16
        var localHeaderOffset: UInt32
        /// The local header's time and date, which must agree with the central directory's.
        var localTime: UInt16
        var localDate: UInt16
    }

    /// The central directory of `data` (a zip without archive comment), in its order.
    func entries(_ data: Data) throws -> [Entry] {
        let b = [UInt8](data)
        func u16(_ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        let eocd = b.count - 22
        try #require(eocd >= 0 && u32(eocd) == 0x0605_4b50, "no end of central directory record where a zip without comment has it")
        let count = Int(u16(eocd + 10))
        var at = Int(u32(eocd + 16))
        var result: [Entry] = []
        for _ in 0..<count {
            try #require(u32(at) == 0x0201_4b50, "no central directory header at \(at)")
            let nameLength = Int(u16(at + 28)), extra = Int(u16(at + 30)), comment = Int(u16(at + 32))
            let local = Int(u32(at + 42))
            try #require(u32(local) == 0x0403_4b50, "no local header at \(local)")
            result.append(Entry(name: String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                                versionMadeBy: u16(at + 4), flags: u16(at + 8), method: u16(at + 10), time: u16(at + 12),
                                date: u16(at + 14), externalAttributes: u32(at + 38), extraLength: UInt16(extra),
                                localHeaderOffset: UInt32(local), localTime: u16(local + 10), localDate: u16(local + 12)))
            at += 46 + nameLength + extra + comment
        }
        return result
    }

    /// The MS-DOS date of `day` (APPNOTE.TXT 4.4.6: years since 1980, month, day).
    func dosDate(_ day: CalendarDate) -> UInt16 { UInt16((day.year - 1980) << 9 | day.month << 5 | day.day) }

    // MARK: - The archive itself

    @Test("Entries: one top-level folder named after the bundle, every folder and file sorted by its bytes, 0644/0755, dated 00:00 of the build date")
    func entryLayout() throws {
        let files = [("b.html", "b"), ("a/x.html", "x"), ("a-b.html", "a-b"), ("a/b/c.txt", "c"), ("empty.txt", ""), ("Z.txt", "z")]
            .map { RenderedFile(path: $0.0, text: $0.1) }
        let archive = try BundleArchive(bundleID: "2026-11-30-acme", files: files, buildDate: testDate)
        let list = try entries(archive.data)
        // '-' (0x2d) < '/' (0x2f) < 'Z' < 'a': byte order, so a folder comes before what it holds.
        #expect(list.map(\.name) == ["2026-11-30-acme/", "2026-11-30-acme/Z.txt", "2026-11-30-acme/a-b.html", "2026-11-30-acme/a/",
                                     "2026-11-30-acme/a/b/", "2026-11-30-acme/a/b/c.txt", "2026-11-30-acme/a/x.html",
                                     "2026-11-30-acme/b.html", "2026-11-30-acme/empty.txt"])
        for entry in list {
            let folder = entry.name.hasSuffix("/")
            #expect(entry.externalAttributes >> 16 == (folder ? 0o040755 : 0o100644), "\(entry.name): \(String(entry.externalAttributes >> 16, radix: 8))")
            #expect(entry.method == (folder ? 0 : 8), "\(entry.name): folders stored, files deflated")
            #expect(entry.time == 0 && entry.localTime == 0, "\(entry.name)")
            #expect(entry.date == dosDate(testDate) && entry.localDate == dosDate(testDate), "\(entry.name)")
            #expect(entry.versionMadeBy >> 8 == 3, "\(entry.name): made by UNIX, so unzip applies the permissions")
            #expect(entry.flags == 0x0800, "\(entry.name): UTF-8 names, no data descriptor")
            #expect(entry.extraLength == 0, "\(entry.name): no extra field (no time stamp of the machine)")
        }
        #expect(archive.fileName == "2026-11-30-acme.zip")
        #expect(archive.checksumFileName == "2026-11-30-acme.zip.sha256")
        #expect(archive.sha256 == sha256Hex(archive.data))
        #expect(archive.checksumFile == Data("\(sha256Hex(archive.data))  2026-11-30-acme.zip\n".utf8))
        // The order of the files given does not matter; their bytes and the date do.
        #expect(try BundleArchive(bundleID: "2026-11-30-acme", files: files.reversed(), buildDate: testDate).data == archive.data)
        #expect(try BundleArchive(bundleID: "2026-11-30-acme", files: files, buildDate: testDate.adding(days: 1)).data != archive.data)
        var changed = files
        changed[0] = RenderedFile(path: "b.html", text: "c")
        #expect(try BundleArchive(bundleID: "2026-11-30-acme", files: changed, buildDate: testDate).data != archive.data)
    }

    @Test("A build date outside the years a zip can store is dated 1 January 1980 or 31 December 2099",
          arguments: [(CalendarDate(year: 1975, month: 6, day: 1), CalendarDate(year: 1980, month: 1, day: 1)),
                      (CalendarDate(year: 2150, month: 2, day: 28), CalendarDate(year: 2099, month: 12, day: 31)),
                      (CalendarDate(year: 1980, month: 1, day: 1), CalendarDate(year: 1980, month: 1, day: 1)),
                      (CalendarDate(year: 2099, month: 12, day: 31), CalendarDate(year: 2099, month: 12, day: 31))])
    func dateLimits(_ date: CalendarDate, _ stored: CalendarDate) throws {
        let archive = try BundleArchive(bundleID: "b", files: [RenderedFile(path: "index.html", text: "x")], buildDate: date)
        for entry in try entries(archive.data) { #expect(entry.date == dosDate(stored) && entry.time == 0, "\(entry.name)") }
    }

    @Test("Two builds into different folders, seconds apart, write byte-identical zips and checksums")
    func byteIdentical() async throws {
        let dir = try makeTemporaryFolder("archive-twice")
        defer { removeTemporaryFolder(dir) }
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("elsewhere/b")
        let first = try await makeBuilder(content: Paths.content, display: "Content", output: a, recipient: "Acme Corp", archive: true).build()
        // The MS-DOS time has a resolution of two seconds: a clock-dated entry would differ by now.
        try await Task.sleep(nanoseconds: 2_200_000_000)
        let second = try await makeBuilder(content: Paths.content, display: "Content", output: b, recipient: "Acme Corp", archive: true).build()
        let zipA = try #require(FileManager.default.contents(atPath: a.path + "/confidential/2026-11-30-acme-corp.zip"))
        let zipB = try #require(FileManager.default.contents(atPath: b.path + "/confidential/2026-11-30-acme-corp.zip"))
        #expect(zipA == zipB)
        #expect(first.archive?.data == zipA && second.archive?.data == zipB)
        #expect(FileManager.default.contents(atPath: a.path + "/confidential/2026-11-30-acme-corp.zip.sha256")
            == FileManager.default.contents(atPath: b.path + "/confidential/2026-11-30-acme-corp.zip.sha256"))
        #expect(try entries(zipA).count == first.bundleFiles.count + Set(first.bundleFiles.flatMap { file in
            file.path.split(separator: "/").dropLast().indices.map { file.path.split(separator: "/")[...$0].joined(separator: "/") }
        }).count + 1, "one entry for every file and folder, and the top-level folder")
        // Rebuilding into the same folder gives the same output again, zip included.
        let before = readTree(a)
        _ = try await makeBuilder(content: Paths.content, display: "Content", output: a, recipient: "Acme Corp", archive: true).build()
        #expect(readTree(a) == before)
    }

    @Test("The zip does not depend on the machine's time zone (built at UTC+14, UTC−11 and UTC)")
    func timeZone() async throws {
        let dir = try makeTemporaryFolder("archive-tz")
        defer { removeTemporaryFolder(dir) }
        var zips: [String: Data] = [:]
        for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"] {
            let folder = "out-" + zone.replacingOccurrences(of: "/", with: "-")
            let build = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                                                           "--output", folder, "--date", "2026-11-30", "--quiet", "--archive"],
                                                          in: dir, environment: ["TZ": zone])
            #expect(build.status == 0, "\(zone): \(build.stderr)")
            zips[zone] = FileManager.default.contents(atPath: dir.path + "/" + folder + "/confidential/2026-11-30-internal.zip")
        }
        let utc = try #require(zips["UTC"])
        #expect(zips["Pacific/Kiritimati"] == utc)
        #expect(zips["Pacific/Pago_Pago"] == utc)
        for entry in try entries(utc) { #expect(entry.date == dosDate(testDate) && entry.time == 0, "\(entry.name)") }
    }

    // MARK: - Checked with Debian's tools

    @Test("The checksum file is sha256sum's line for the zip: sha256sum -c accepts it, and rejects an altered zip")
    func checksumFile() async throws {
        guard let sha256sum = Self.sha256sum else {
            Issue.record("sha256sum (coreutils) is not installed")
            return
        }
        let dir = try makeTemporaryFolder("archive-sha")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out).build()
        let archive = try #require(result.archive)
        let confidential = out.appendingPathComponent("confidential")
        let zip = try #require(FileManager.default.contents(atPath: confidential.path + "/2026-11-30-internal.zip"))
        #expect(archive.data == zip)
        let line = try String(contentsOfFile: confidential.path + "/2026-11-30-internal.zip.sha256", encoding: .utf8)
        #expect(line == sha256Hex(zip) + "  2026-11-30-internal.zip\n")
        let check = try run(sha256sum, ["-c", "2026-11-30-internal.zip.sha256"], in: confidential)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout == "2026-11-30-internal.zip: OK\n")
        var altered = zip
        altered[altered.count / 2] ^= 0x01
        try altered.write(to: confidential.appendingPathComponent("2026-11-30-internal.zip"))
        #expect(try run(sha256sum, ["-c", "2026-11-30-internal.zip.sha256"], in: confidential).status == 1)
    }

    @Test("Unzipped with Debian's unzip, the zip is the bundle folder, file for file and byte for byte")
    func unzipGivesTheFolder() async throws {
        guard let unzip = Self.unzip else {
            Issue.record("unzip is not installed (`make deps` installs it)")
            return
        }
        let dir = try makeTemporaryFolder("archive-unzip")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await makeBuilder(content: Paths.content, display: "Content", output: out, recipient: "Acme Corp", nda: "NDA-1",
                                           archive: true).build()
        let zip = out.path + "/confidential/2026-11-30-acme-corp.zip"
        let test = try run(unzip, ["-tq", zip], in: dir)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.hasPrefix("No errors detected in compressed data"), "\(test.stdout)")
        let extracted = dir.appendingPathComponent("extracted")
        let unpacked = try run(unzip, ["-q", zip, "-d", extracted.path], in: dir, environment: ["TZ": "Pacific/Kiritimati"])
        #expect(unpacked.status == 0, "\(unpacked.stdout)\(unpacked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: extracted.path) == ["2026-11-30-acme-corp"])
        let folder = readTree(out.appendingPathComponent("confidential/2026-11-30-acme-corp"))
        let fromZip = readTree(extracted.appendingPathComponent("2026-11-30-acme-corp"))
        #expect(fromZip.keys.sorted() == folder.keys.sorted())
        for (path, bytes) in folder { #expect(fromZip[path] == bytes, "\(path) differs from the bundle folder") }
        #expect(folder.count == result.bundleFiles.count && folder["manifest.json"] != nil)
        // unzip applies the zip's permissions and dates: 0644 files, 0755 folders, midnight of the build date
        // in the time zone it unpacks in (UTC+14 here).
        var info = stat()
        #expect(lstat(extracted.path + "/2026-11-30-acme-corp/index.html", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o644)
        #expect(lstat(extracted.path + "/2026-11-30-acme-corp/assets", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o755)
        #expect(lstat(extracted.path + "/2026-11-30-acme-corp/index.html", &info) == 0)
        #expect(info.st_mtim.tv_sec == Int(testDate.daysSince1970) * 86_400 - 14 * 3600)
        // zipinfo lists the entries in the zip's order: sorted.
        let names = try run(unzip, ["-Z1", zip], in: dir).stdout.split(separator: "\n").map(String.init)
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(names.first == "2026-11-30-acme-corp/")
    }

    // MARK: - The output rules

    @Test("No zip and no checksum without --archive")
    func noArchiveByDefault() async throws {
        let dir = try makeTemporaryFolder("archive-none")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out, archive: false).build()
        #expect(result.archive == nil)
        let tree = readTree(out)
        #expect(!tree.keys.contains { $0.hasSuffix(".zip") || $0.hasSuffix(".sha256") }, "\(tree.keys.sorted())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path + "/confidential") == [result.bundleID])
    }

    @Test("Every kind of file beside the bundle follows the zip's rules: written with its checksum, removed when not asked for, another's refused unless forced",
          arguments: [BundleSidecarKind.pdf, .locked])
    func sidecarRules(_ kind: BundleSidecarKind) async throws {
        let dir = try makeTemporaryFolder("sidecar-\(kind.rawValue)")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let rendered = try await miniBuilder(out, archive: false).render()
        let sidecar = BundleSidecar(kind: kind, bundleID: rendered.bundleID, data: Data("the \(kind.rawValue) file\n".utf8))
        let name = "confidential/\(rendered.bundleID)\(kind.suffix)"
        #expect(sidecar.fileName == "2026-11-30-internal\(kind.suffix)")
        func write(_ sidecars: [BundleSidecar], force: Bool = false) throws {
            try OutputWriter(output: out, force: force).write(public: rendered.publicFiles, bundleID: rendered.bundleID,
                                                               bundle: rendered.bundleFiles, sidecars: sidecars)
        }
        try write([sidecar])
        var tree = readTree(out)
        #expect(tree[name] == sidecar.data)
        #expect(tree[name + ".sha256"] == Data("\(sidecar.sha256)  2026-11-30-internal\(kind.suffix)\n".utf8))
        if let sha256sum = Self.sha256sum {
            let check = try run(sha256sum, ["-c", sidecar.checksumFileName], in: out.appendingPathComponent("confidential"))
            #expect(check.status == 0 && check.stdout == "\(sidecar.fileName): OK\n", "\(check.stdout)\(check.stderr)")
        }
        // Not asked for: TrustPress's file and checksum go, nothing else does.
        try write([])
        tree = readTree(out)
        #expect(tree[name] == nil && tree[name + ".sha256"] == nil, "\(tree.keys.sorted())")
        #expect(!tree.keys.contains { $0.hasPrefix(".staging-") })
        // Another's file there: left alone without the kind, refused with it, replaced with --force.
        try writeFiles([name: "the user's file\n"], into: out)
        try write([])
        #expect(readTree(out)[name] == Data("the user's file\n".utf8))
        let before = OutputSafetyTests().listing(out)
        #expect {
            try write([sidecar])
        } throws: { error in
            guard case let .foreignSidecar(path, reason)? = error as? OutputWriter.WriteError else { return false }
            return path == out.path + "/" + name && reason == "no 2026-11-30-internal\(kind.suffix).sha256 written by TrustPress beside it"
        }
        #expect(OutputSafetyTests().listing(out) == before)
        try write([sidecar], force: true)
        #expect(readTree(out)[name] == sidecar.data)
    }

    @Test("A build without --archive removes TrustPress's zip and checksum of the bundle it rebuilds, and no other file")
    func rebuildWithoutArchive() async throws {
        let dir = try makeTemporaryFolder("archive-remove")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        // An older bundle's zip, and a file of the user's: neither is this build's.
        try writeFiles(["confidential/2025-01-01-internal.zip": "an older zip\n", "confidential/notes.txt": "mine\n"], into: out)
        let z = out.path + "/confidential/2026-11-30-internal.zip"
        #expect(FileManager.default.fileExists(atPath: z) && FileManager.default.fileExists(atPath: z + ".sha256"))
        _ = try await miniBuilder(out, archive: false).build()
        #expect(!FileManager.default.fileExists(atPath: z))
        #expect(!FileManager.default.fileExists(atPath: z + ".sha256"))
        let tree = readTree(out)
        #expect(tree["confidential/2025-01-01-internal.zip"] == Data("an older zip\n".utf8))
        #expect(tree["confidential/notes.txt"] == Data("mine\n".utf8))
        #expect(!tree.keys.contains { $0.hasPrefix(".staging-") })
        // A zip TrustPress did not write (no checksum of its own beside it) is left alone.
        try writeFiles(["confidential/2026-11-30-internal.zip": "the user's zip\n"], into: out)
        _ = try await miniBuilder(out, archive: false).build()
        #expect(readTree(out)["confidential/2026-11-30-internal.zip"] == Data("the user's zip\n".utf8))
    }

    @Test("A rebuild replaces TrustPress's own zip and checksum without --force")
    func replacesItsOwn() async throws {
        let dir = try makeTemporaryFolder("archive-replace")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let old = try await miniBuilder(out).build()
        let content = try changedMiniSite()
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let new = try await miniBuilder(out, content: content).build()
        let oldZip = try #require(old.archive), newZip = try #require(new.archive)
        #expect(oldZip.data != newZip.data)
        let tree = readTree(out)
        #expect(tree["confidential/2026-11-30-internal.zip"] == newZip.data)
        #expect(tree["confidential/2026-11-30-internal.zip.sha256"] == newZip.checksumFile)
        #expect(!tree.keys.contains { $0.hasPrefix(".staging-") })
    }

    /// A zip, or a checksum file, that TrustPress did not write: (files written after a first build,
    /// the path the error names, and why).
    @Test("A zip TrustPress did not write is refused without --force, with nothing changed, and replaced with it",
          arguments: [
            // The checksum file removed: the zip is no longer known to be TrustPress's.
            ("zip alone", ["confidential/2026-11-30-internal.zip": "a zip of my own\n"], ".zip",
             "no 2026-11-30-internal.zip.sha256 written by TrustPress beside it"),
            ("checksum of another format", ["confidential/2026-11-30-internal.zip": "a zip of my own\n",
                                            "confidential/2026-11-30-internal.zip.sha256": "SHA256 (2026-11-30-internal.zip) = 00\n"], ".zip.sha256",
             "it is not the SHA-256 line TrustPress writes for 2026-11-30-internal.zip"),
            ("checksum for another name", ["confidential/2026-11-30-internal.zip.sha256": String(repeating: "0", count: 64) + "  other.zip\n"],
             ".zip.sha256", "it is not the SHA-256 line TrustPress writes for 2026-11-30-internal.zip"),
          ])
    func foreignArchive(_ label: String, _ files: [String: String], _ named: String, _ reason: String) async throws {
        let dir = try makeTemporaryFolder("archive-foreign")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        for name in [".zip", ".zip.sha256"] { unlink(out.path + "/confidential/2026-11-30-internal" + name) }
        try writeFiles(files, into: out)
        try writeFiles(["public/index.html": "the previous site\n"], into: out)
        let before = OutputSafetyTests().listing(out)
        do {
            _ = try await miniBuilder(out).build()
            Issue.record("\(label): the build should have refused the zip")
        } catch let error as OutputWriter.WriteError {
            let path = out.path + "/confidential/2026-11-30-internal" + named
            #expect(error.description == "\(path): error: this file was not written by TrustPress (\(reason)); refusing to replace it\n"
                + "\(path): note: move it away, or pass --force to replace it")
        }
        #expect(OutputSafetyTests().listing(out) == before, "\(label): the build changed the output folder")
        // The writer itself checks too (the builder's early check aside).
        let rendered = try await miniBuilder(out).render()
        let archive = try BundleArchive(bundleID: rendered.bundleID, files: rendered.bundleFiles, buildDate: testDate)
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter(output: out, force: false).write(public: rendered.publicFiles, bundleID: rendered.bundleID,
                                                               bundle: rendered.bundleFiles, sidecars: [archive.sidecar])
        }
        #expect(OutputSafetyTests().listing(out) == before, "\(label): the writer changed the output folder")
        // A build without --archive leaves them as they are; with --force, an --archive build replaces them.
        _ = try await miniBuilder(out, archive: false).build()
        for (path, text) in files { #expect(readTree(out)[path] == Data(text.utf8), "\(label): \(path)") }
        let forced = try await miniBuilder(out, force: true).build()
        #expect(readTree(out)["confidential/2026-11-30-internal.zip"] == forced.archive?.data)
        #expect(readTree(out)["confidential/2026-11-30-internal.zip.sha256"] == forced.archive?.checksumFile)
    }

    @Test("In a folder TrustPress did not create, a zip is replaced only with --force, as the trees are; other files stay")
    func foreignFolder() async throws {
        let dir = try makeTemporaryFolder("archive-foreign-folder")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let mine = ["confidential/2026-11-30-internal.zip": "my zip\n", "confidential/2026-11-30-internal.zip.sha256": "my sum\n",
                    "confidential/other.zip": "another zip\n"]
        try writeFiles(mine, into: out)
        await #expect(throws: OutputWriter.WriteError.self) { _ = try await miniBuilder(out).build() }
        #expect(readTree(out) == mine.mapValues { Data($0.utf8) })
        let result = try await miniBuilder(out, force: true).build()
        let tree = readTree(out)
        #expect(tree["confidential/2026-11-30-internal.zip"] == result.archive?.data)
        #expect(tree["confidential/2026-11-30-internal.zip.sha256"] == result.archive?.checksumFile)
        #expect(tree["confidential/other.zip"] == Data("another zip\n".utf8))
    }

    @Test("A folder or a symbolic link where the zip or its checksum goes is an error before anything is swapped",
          arguments: [".zip", ".zip.sha256"])
    func folderOrLinkInTheWay(_ name: String) async throws {
        let dir = try makeTemporaryFolder("archive-in-the-way")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        _ = try await miniBuilder(out).build()
        let target = out.path + "/confidential/2026-11-30-internal" + name
        unlink(target)
        try writeFiles(["confidential/2026-11-30-internal\(name)/inside.txt": "mine\n", "public/index.html": "the previous site\n"], into: out)
        var before = OutputSafetyTests().listing(out)
        do {
            _ = try await miniBuilder(out).build()
            Issue.record("the build should have refused the folder at \(target)")
        } catch let error as OutputWriter.WriteError {
            #expect(error.description == "\(target): error: this is a folder, not a file; move it away (nothing was written)")
        }
        #expect(OutputSafetyTests().listing(out) == before)
        OutputWriter.removeTree(URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: "../public/index.html")
        before = OutputSafetyTests().listing(out)
        do {
            _ = try await miniBuilder(out).build()
            Issue.record("the build should have refused the link at \(target)")
        } catch let error as OutputWriter.WriteError {
            #expect(error.description.hasPrefix("\(target): error: this is a symbolic link (to ../public/index.html)"), "\(error)")
        }
        #expect(OutputSafetyTests().listing(out) == before)
        // The zip's name is checked like a folder's: at most 255 bytes.
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.checkTarget(out.path + "/confidential/" + String(repeating: "a", count: 252) + name, display: "x", file: true)
        }
    }

    @Test("A zip or checksum installed by the writer can be put back, and one set aside too, so everything changes together")
    func installUndo() throws {
        let dir = try makeTemporaryFolder("archive-undo")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["staging/archive": "new zip\n", "staging/checksum": "new sum\n", "out/b.zip": "old zip\n"], into: dir)
        let out = dir.appendingPathComponent("out")
        let before = OutputSafetyTests().listing(out)
        let replaced = try OutputWriter.install(staging: dir.path + "/staging", tree: "archive", at: out.path + "/b.zip", display: "b.zip", file: true)
        #expect(OutputSafetyTests().listing(out)["b.zip"] == "new zip\n")
        replaced.undo()
        #expect(OutputSafetyTests().listing(out) == before)
        let fresh = try OutputWriter.install(staging: dir.path + "/staging", tree: "checksum", at: out.path + "/b.zip.sha256", display: "b.zip.sha256", file: true)
        #expect(OutputSafetyTests().listing(out)["b.zip.sha256"] == "new sum\n")
        fresh.undo()
        #expect(OutputSafetyTests().listing(out) == before)
        let aside = try OutputWriter.setAside(out.path + "/b.zip", staging: dir.path + "/staging", tree: "archive", display: "b.zip")
        #expect(OutputSafetyTests().listing(out).isEmpty)
        aside.undo()
        #expect(OutputSafetyTests().listing(out) == before)
        try OutputWriter.setAside(out.path + "/b.zip", staging: dir.path + "/staging", tree: "archive", display: "b.zip").discardOld()
        #expect(OutputSafetyTests().listing(out).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/staging/old-archive"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/staging/discard-archive"))
    }

    /// How a killed build leaves its staging folder: (moved there from the live output, whether the
    /// next build puts the zip and checksum back).
    @Test("A zip and checksum a killed build moved aside are put back by the next build, even one that fails; a new one never is",
          arguments: [("moved aside", ["old-archive": ".zip", "old-checksum": ".zip.sha256"], true),
                      ("zip moved aside", ["old-archive": ".zip"], true),
                      ("new ones written", ["archive": ".zip", "checksum": ".zip.sha256"], false)])
    func recovery(_ label: String, _ moved: [String: String], _ recovers: Bool) async throws {
        let dir = try makeTemporaryFolder("archive-recover")
        defer { removeTemporaryFolder(dir) }
        let out = dir.appendingPathComponent("out")
        let result = try await miniBuilder(out).build()
        let before = readTree(out)
        let staging = out.appendingPathComponent(".staging-99999-ab")
        try writeFiles([OutputWriter.stagingMarkerName: "bundle: \(result.bundleID)\n"], into: staging)
        for (name, suffix) in moved {
            try FileManager.default.moveItem(atPath: out.path + "/confidential/" + result.bundleID + suffix, toPath: staging.path + "/" + name)
        }
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try Data("controls: [".utf8).write(to: content.appendingPathComponent("controls/broken.yaml"))
        await #expect(throws: DiagnosticsError.self) { _ = try await miniBuilder(out, content: content).build() }
        let after = readTree(out)
        #expect(!after.keys.contains { $0.hasPrefix(".staging-") }, "\(label)")
        if recovers {
            #expect(after == before, "\(label)")
        } else {
            #expect(after == before.filter { !$0.key.hasSuffix(".zip") && !$0.key.hasSuffix(".zip.sha256") }, "\(label)")
        }
    }

    // MARK: - The command line

    @Test("build --archive prints the zip's SHA-256 (and --quiet nothing); a zip in the way exits 2")
    func commandLine() async throws {
        let dir = try makeTemporaryFolder("archive-cli")
        defer { removeTemporaryFolder(dir) }
        let cli = CommandLineTests()
        let arguments = ["build", "--content", Paths.fixture("mini-site").path, "--templates", Paths.templates.path,
                         "--output", "out", "--date", "2026-11-30", "--recipient", "Acme Corp", "--archive"]
        let run = try cli.trustpress(arguments, in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let zip = try #require(FileManager.default.contents(atPath: dir.path + "/out/confidential/2026-11-30-acme-corp.zip"))
        let rendered = try await makeBuilder(content: Paths.fixture("mini-site"), recipient: "Acme Corp").render()
        #expect(zip == (try BundleArchive(bundleID: "2026-11-30-acme-corp", files: rendered.bundleFiles, buildDate: testDate)).data)
        #expect(run.stdout == "Wrote \(rendered.publicFiles.count) public files to out/public\n"
                + "Wrote \(rendered.bundleFiles.count) confidential files to out/confidential/2026-11-30-acme-corp\n"
                + "Wrote out/confidential/2026-11-30-acme-corp.zip, SHA-256 \(sha256Hex(zip)) (in 2026-11-30-acme-corp.zip.sha256)\n")
        let quiet = try cli.trustpress(arguments + ["--quiet"], in: dir)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        unlink(dir.path + "/out/confidential/2026-11-30-acme-corp.zip.sha256")
        let refused = try cli.trustpress(arguments + ["--quiet"], in: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr == "\(dir.path)/out/confidential/2026-11-30-acme-corp.zip: error: this file was not written by TrustPress "
                + "(no 2026-11-30-acme-corp.zip.sha256 written by TrustPress beside it); refusing to replace it\n"
                + "\(dir.path)/out/confidential/2026-11-30-acme-corp.zip: note: move it away, or pass --force to replace it\n")
        #expect(FileManager.default.contents(atPath: dir.path + "/out/confidential/2026-11-30-acme-corp.zip") == zip)
    }
}
