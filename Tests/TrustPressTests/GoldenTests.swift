import Foundation
import Testing
@testable import TrustPressCore

/// The mini site (`Fixtures/mini-site/`) rendered with the repo's `Templates/` on a fixed date, compared
/// byte for byte with `Fixtures/golden/`.
///
/// Re-record after an intended change to the output with `TRUSTPRESS_RECORD=1 swift test` (or
/// `make record`): the recording run writes the goldens into the source tree and fails on purpose,
/// so it can never pass by accident. Review the diff, then run `swift test`.
@Suite("Golden files")
struct GoldenTests {
    static let recipient = "Acme Corp"
    static let nda = "NDA-2026-001"

    /// Public files compared with a golden copy.
    static let publicGoldens = [
        "index.html", "controls.html", "policies.html", "policies/access-control.html",
        "iso27001-2022-mn-2025-07.html", ".well-known/security.txt", "sitemap.xml", "robots.txt",
        "documents.html", "trust.json",
        "badges/iso27001-2022-mn-2025-07.svg", "badges/soc2-2017-type-2-2026-08-14.svg",
        "subprocessors.html", "subprocessors.xml",
    ]
    /// Bundle files compared with a golden copy. The manifest holds the SHA-256 of every other
    /// bundle file, so it pins the whole bundle; the exports are kept too, so a change of their
    /// format shows in the diff.
    static let bundleGoldens = ["manifest.json", "soa-iso27001-2022.html", "index.html", "soc2-2017-type-2-2026-08-14-bridge-letter.html",
                                "soa.csv", "soa.json", "control-matrix.csv", "control-matrix.json", "mapping.csv"]

    static var recording: Bool { ProcessInfo.processInfo.environment["TRUSTPRESS_RECORD"] == "1" }

    /// `public/.well-known/security.txt` is stored as `public/well-known/security.txt`: no hidden
    /// files among the fixtures.
    static func goldenName(_ tree: String, _ path: String) -> String {
        ([tree] + path.split(separator: "/").map { $0.hasPrefix(".") ? String($0.dropFirst()) : String($0) })
            .joined(separator: "/")
    }

    func renderMini() async throws -> Builder.Result {
        try await makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site",
                              recipient: Self.recipient, nda: Self.nda).render()
    }

    @Test("The mini site renders byte for byte as recorded in Fixtures/golden")
    func goldens() async throws {
        let result = try await renderMini()
        var actual: [(name: String, data: Data)] = []
        for path in Self.publicGoldens {
            let file = try #require(result.publicFiles[path: path], "the public site has no \(path)")
            actual.append((Self.goldenName("public", path), file.contents))
        }
        for path in Self.bundleGoldens {
            let file = try #require(result.bundleFiles[path: path], "the bundle has no \(path)")
            actual.append((Self.goldenName("bundle", path), file.contents))
        }

        if Self.recording {
            let folder = Paths.sourceFixtures.appendingPathComponent("golden")
            try? FileManager.default.removeItem(at: folder)
            for (name, data) in actual {
                let url = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            Issue.record(Comment(rawValue: "Re-recorded \(actual.count) golden files into \(folder.path) because TRUSTPRESS_RECORD=1. "
                                 + "This run fails on purpose: review the diff, then run the tests without TRUSTPRESS_RECORD."))
            return
        }

        let golden = Paths.fixture("golden")
        for (name, data) in actual {
            let url = golden.appendingPathComponent(name)
            guard let expected = FileManager.default.contents(atPath: url.path) else {
                Issue.record("no golden file \(name); record it with TRUSTPRESS_RECORD=1 swift test")
                continue
            }
            if expected != data {
                Issue.record(Comment(rawValue: "\(name) differs from its golden file: \(Self.firstDifference(expected, data)) "
                                     + "(re-record with TRUSTPRESS_RECORD=1 swift test if the change is intended)"))
            }
        }
        // No stale goldens: the folder holds exactly the compared files.
        #expect(Set(readTree(golden).keys) == Set(actual.map(\.name)))
    }

    /// "line 12: expected «…», got «…»" for the first line that differs.
    static func firstDifference(_ expected: Data, _ actual: Data) -> String {
        let e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let a = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<end of file>", y = i < a.count ? a[i] : "<end of file>"
            if x != y { return "line \(i + 1): expected «\(x)», got «\(y)»" }
        }
        return "same text, different bytes (\(expected.count) vs \(actual.count))"
    }

    @Test("The mini site produces exactly the expected public and bundle files")
    func fileSets() async throws {
        let result = try await renderMini()
        #expect(result.bundleID == "2026-11-30-acme-corp")
        #expect(result.publicFiles.paths == [
            ".well-known/security.txt", "404.html", "assets/print.css", "assets/style.css", "badges/iso27001-2022-mn-2025-07.svg",
            "badges/soc2-2017-type-2-2026-08-14.svg", "controls.html", "documents.html", "index.html",
            "iso27001-2022-mn-2025-07.html", "policies.html", "policies/access-control.html", "robots.txt", "sitemap.xml",
            "soc2-2017-type-2-2026-08-14.html", "subprocessors.html", "subprocessors.xml", "trust.json",
        ])
        // The bundle's exact file list is pinned by the golden manifest; here, the pages it must have.
        for path in ["index.html", "manifest.json", "soa-iso27001-2022.html", "soc2-2017-type-2-2026-08-14.html",
                     "soc2-2017-type-2-2026-08-14-bridge-letter.html", "control-matrix.html", "mapping.html", "policies/access-control.html",
                     "policies/incident-response.html", "assets/style.css",
                     "soa.csv", "soa.json", "control-matrix.csv", "control-matrix.json", "mapping.csv"] {
            #expect(result.bundleFiles[path: path] != nil, "the bundle has no \(path)")
        }
        // The diagnostics: the mini site declares most Annex A controls applicable with no control
        // implementing them (issue 9: `check` says so). The report period ended more than three
        // months before the build date, but a bridge letter covers the time since: no warning.
        #expect(result.diagnostics.map(\.description) == [
            "mini-site/applicability.yaml:2:3: warning: 77 applicable Annex A control(s) have no implemented control: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 67 more\nmini-site/applicability.yaml:2:3: note: map a control with 'status: implemented' to each (a planned or partly implemented one does not count yet), or exclude it with a justification",
        ])
    }

    @Test("The manifest lists every other bundle file with its size and SHA-256")
    func manifest() async throws {
        // The test's own SHA-256 against the FIPS 180-4 examples.
        #expect(sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

        let result = try await renderMini()
        let manifest = try #require(result.bundleFiles[path: "manifest.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: manifest.contents) as? [String: Any])
        #expect(json["bundle"] as? String == "2026-11-30-acme-corp")
        #expect(json["organization"] as? String == "Minnow Software, Ltd.")
        #expect(json["recipient"] as? String == Self.recipient)
        #expect(json["nda"] as? String == Self.nda)
        #expect(json["build_date"] as? String == "2026-11-30")
        let entries = try #require(json["files"] as? [[String: Any]])
        let others = result.bundleFiles.filter { $0.path != "manifest.json" }
        #expect(entries.compactMap { $0["path"] as? String } == others.paths)
        for (entry, file) in zip(entries, others) {
            #expect(entry["bytes"] as? Int == file.contents.count)
            #expect(entry["sha256"] as? String == sha256Hex(file.contents))
        }
    }

    @Test("Every bundle page carries the CONFIDENTIAL banner with recipient, NDA and bundle id")
    func banner() async throws {
        let result = try await renderMini()
        for file in result.bundleFiles where file.path.hasSuffix(".html") {
            #expect(file.text.contains("<strong>CONFIDENTIAL</strong> — Minnow Software, Ltd. · Prepared for Acme Corp under NDA-2026-001 · 2026-11-30 · Bundle 2026-11-30-acme-corp"),
                    "\(file.path)")
            #expect(file.text.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"), "\(file.path)")
        }
        for file in result.publicFiles {
            #expect(!file.text.contains("CONFIDENTIAL"), "\(file.path)")
        }
    }
}
