import Foundation
import Testing
@testable import TrustPressCore

/// The same content and date give the same bytes, every time and wherever the content lives.
@Suite("Determinism")
struct DeterminismTests {
    @Test("Rendering the sample content twice gives identical file lists and bytes")
    func renderTwice() async throws {
        let builder = makeBuilder(content: Paths.content, display: "Content", recipient: "Acme Corp", nda: "NDA-1")
        let first = try await builder.render()
        let second = try await builder.render()
        #expect(first.bundleID == second.bundleID)
        #expect(first.publicFiles.paths == second.publicFiles.paths)
        #expect(first.bundleFiles.paths == second.bundleFiles.paths)
        for (a, b) in zip(first.publicFiles + first.bundleFiles, second.publicFiles + second.bundleFiles) {
            #expect(a == b, "\(a.path) differs between two renders")
        }
        #expect(first.diagnostics == second.diagnostics)
        #expect(first.publicFiles.count > 10 && first.bundleFiles.count > 10)
        // Both trees come sorted by path.
        #expect(first.publicFiles.paths == first.publicFiles.paths.sorted())
        #expect(first.bundleFiles.paths == first.bundleFiles.paths.sorted())
    }

    @Test("Building the sample content into two folders gives identical trees")
    func buildTwice() async throws {
        let dir = try makeTemporaryFolder("determinism")
        defer { removeTemporaryFolder(dir) }
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let resultA = try await makeBuilder(content: Paths.content, display: "Content", output: a).build()
        let resultB = try await makeBuilder(content: Paths.content, display: "Content", output: b).build()
        let treeA = readTree(a), treeB = readTree(b)
        #expect(treeA.keys.sorted() == treeB.keys.sorted())
        for (path, data) in treeA {
            #expect(treeB[path] == data, "\(path) differs between two builds")
        }
        // The written trees are exactly the rendered files (plus the marker, and nothing staged).
        let bundle = "confidential/\(resultA.bundleID)/"
        let written = Set(treeA.keys.filter { $0.hasPrefix("public/") || $0.hasPrefix("confidential/") })
        let rendered = Set(resultA.publicFiles.map { "public/" + $0.path } + resultA.bundleFiles.map { bundle + $0.path })
        #expect(written == rendered)
        #expect(treeA[OutputWriter.markerName] != nil)
        #expect(!treeA.keys.contains { $0.contains(".staging") })
        for file in resultA.publicFiles { #expect(treeA["public/" + file.path] == file.contents, "\(file.path)") }
        #expect(resultA.bundleID == "2026-11-30-internal")
        #expect(resultB.bundleID == resultA.bundleID)
    }

    @Test("Building twice into the same folder gives the same tree")
    func rebuild() async throws {
        let dir = try makeTemporaryFolder("rebuild")
        defer { removeTemporaryFolder(dir) }
        let builder = makeBuilder(content: Paths.fixture("mini-site"), output: dir.appendingPathComponent("out"))
        _ = try await builder.build()
        let first = readTree(dir)
        _ = try await builder.build()
        #expect(readTree(dir) == first)
    }

    @Test("The output does not depend on where the content folder is or how it is named")
    func locationIndependent() async throws {
        let dir = try makeTemporaryFolder("moved")
        defer { removeTemporaryFolder(dir) }
        let moved = dir.appendingPathComponent("Elsewhere With Spaces")
        try FileManager.default.copyItem(at: Paths.content, to: moved)
        let original = try await Sample.render()
        let copy = try await makeBuilder(content: moved, display: moved.path).render()
        #expect(original.publicFiles == copy.publicFiles)
        #expect(original.bundleFiles == copy.bundleFiles)
    }

    @Test("Only the build date changes date-dependent output")
    func buildDateMatters() async throws {
        let nov = try await Sample.render()
        let dec = try await makeBuilder(content: Paths.content, display: "Content", date: CalendarDate(year: 2026, month: 12, day: 1)).render()
        #expect(dec.bundleID == "2026-12-01-internal")
        let novIndex = try #require(nov.publicFiles[path: "index.html"]).text
        let decIndex = try #require(dec.publicFiles[path: "index.html"]).text
        #expect(novIndex.contains("Last updated 30 November 2026."))
        #expect(decIndex.contains("Last updated 1 December 2026."))
        #expect(novIndex.replacingOccurrences(of: "30 November 2026", with: "1 December 2026") == decIndex)
    }
}
