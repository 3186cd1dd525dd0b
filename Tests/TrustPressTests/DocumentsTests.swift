import Foundation
import Testing
@testable import TrustPressCore

/// `documents.yaml` and `documents/`: public files copied to the site, confidential ones only into
/// the bundle, and every way a file could be published or lost by accident refused.
@Suite("Documents")
struct DocumentsTests {
    @Test("The sample's public certificate is copied and linked; its confidential SOC 2 report is bundled and listed by title only")
    func sample() async throws {
        let result = try await Sample.render()
        let root = Paths.content.appendingPathComponent("documents")
        let certificate = try Data(contentsOf: root.appendingPathComponent("iso27001-certificate.pdf"))
        let report = try Data(contentsOf: root.appendingPathComponent("soc2-type2-report-2026.pdf"))
        #expect(result.publicFiles[path: "documents/iso27001-certificate.pdf"]?.contents == certificate)
        #expect(result.publicFiles[path: "documents/soc2-type2-report-2026.pdf"] == nil)
        #expect(result.bundleFiles[path: "documents/soc2-type2-report-2026.pdf"]?.contents == report)
        #expect(result.bundleFiles[path: "documents/iso27001-certificate.pdf"]?.contents == certificate)
        #expect(!result.publicFiles.contains { $0.contents == report })
        let page = try #require(result.publicFiles[path: "documents.html"]).text
        #expect(page.contains("<a href=\"documents/iso27001-certificate.pdf\">ISO/IEC 27001 certificate (IS 804417)</a> <span class=\"muted\">ISO certificate, dated 12 June 2025; valid until 19 May 2027</span>"))
        #expect(!page.contains("soc2-type2-report-2026.pdf"))
        let nda = try #require(page.range(of: "id=\"nda-documents\""))
        #expect(page[nda.upperBound...].contains("SOC 2 Type 2 report (auditor&#39;s report, 2025-10-01 to 2026-09-30)")
                || page[nda.upperBound...].contains("SOC 2 Type 2 report (auditor&#x27;s report, 2025-10-01 to 2026-09-30)"))
        let json = try #require(JSONSerialization.jsonObject(with: result.publicFiles[path: "trust.json"]!.contents) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        let files = documents.filter { $0["document_kind"] != nil }
        #expect(files.map { $0["document_kind"] as? String } == ["iso-certificate", "soc2-report"])
        #expect(files.map { $0["access"] as? String } == ["public", "nda"])
        #expect(files[0]["url"] as? String == "https://trust.fernwick.example/documents/iso27001-certificate.pdf")
        #expect(files[1]["url"] == nil && files[1]["detail"] == nil)
        let manifest = try #require(result.bundleFiles[path: "manifest.json"]).text
        #expect(manifest.contains(sha256Hex(report)))
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<a href=\"index.html#documents\">Documents (2)</a>"))
        #expect(cover.contains("<a href=\"documents/soc2-type2-report-2026.pdf\">"))
    }

    @Test("The public projection holds the bytes of public documents only")
    func projection() throws {
        let site = PublicSite(try Sample.model())
        #expect(site.documentFiles.map(\.path) == ["documents/iso27001-certificate.pdf"])
        #expect(site.ndaDocumentFiles.map(\.title) == ["SOC 2 Type 2 report (auditor's report, 2025-10-01 to 2026-09-30)"])
    }

    @Test("A symbolic link in documents/, or as documents/, is refused and decides nothing")
    func symbolicLinks() throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let fm = FileManager.default
        let documents = content.appendingPathComponent("documents")
        try fm.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data("%PDF-1.4 SAMPLE".utf8).write(to: content.appendingPathComponent("nda-copy.pdf"))
        try fm.createSymbolicLink(atPath: documents.appendingPathComponent("linked.pdf").path, withDestinationPath: "../nda-copy.pdf")
        try writeFiles(["documents.yaml": "linked.pdf:\n  title: Linked\n  kind: other\n  date: 2026-01-01\n  visibility: public\n"], into: content)
        let first = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "c"))
        #expect(descriptions(first.filter { $0.severity == .error }).contains(
            "c/documents/linked.pdf: error: this is a symbolic link (to ../nda-copy.pdf); refusing it: a link never decides what is published or bundled"))
        #expect(descriptions(first).contains("c/documents.yaml:1:1: error: documents.yaml describes documents/linked.pdf, which is not a regular file (see its own error)")
                || first.contains { $0.message.hasPrefix("documents.yaml describes documents/linked.pdf, which is not a regular file") })

        // The folder itself a link: refused whole.
        try fm.removeItem(at: documents)
        let elsewhere = content.deletingLastPathComponent().appendingPathComponent("elsewhere")
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: documents.path, withDestinationPath: elsewhere.path)
        let second = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "c"))
        #expect(second.contains { $0.path == "c/documents" && $0.message.hasPrefix("'documents' is a symbolic link; refusing it") })
    }

    @Test("A document file name must be usable as it is in both trees and in a URL")
    func names() {
        #expect(DocumentsLoader.isValidName("soc2-report_2026.v2.pdf"))
        for bad in ["", ".hidden.pdf", "a b.pdf", "a/b.pdf", "..", "r\u{e9}sum\u{e9}.pdf", "x?.pdf", String(repeating: "a", count: 201)] {
            #expect(!DocumentsLoader.isValidName(bad), "\(bad)")
        }
    }

    @Test("An image a public policy's public text shows is copied to public/policies/images/; one only a redacted block shows is not")
    func publicPolicyImages() async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let svg = { (label: String) in "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><title>\(label)</title></svg>\n" }
        try writeFiles(["policies/images/shown.svg": svg("shown"), "policies/images/hidden.svg": svg("hidden"),
                        "policies/pictures.md": "---\ntitle: Pictures\nvisibility: public\n---\n![Shown](images/shown.svg)\n\n::: confidential\n![Hidden](images/hidden.svg)\n:::\n"],
                       into: content)
        let result = try await makeBuilder(content: content, display: "c").render()
        #expect(result.publicFiles[path: "policies/images/shown.svg"]?.text == svg("shown"))
        #expect(result.publicFiles[path: "policies/images/hidden.svg"] == nil)
        #expect(try #require(result.publicFiles[path: "policies/pictures.html"]).text.contains("<img src=\"images/shown.svg\" alt=\"Shown\""))
        #expect(result.bundleFiles[path: "policies/images/hidden.svg"]?.text == svg("hidden"))
        #expect(result.bundleFiles[path: "policies/images/shown.svg"] != nil)
    }
}
