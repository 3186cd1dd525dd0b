import Foundation
import Testing
@testable import TrustPressCore

/// What the rendered pages say about the sample content, and page-level rules that the goldens of the
/// mini site cannot show.
@Suite("Page content")
struct PageContentTests {
    static let soc2Attestation = """
    framework: soc2-2017
    type: 2
    period: {start: 2025-11-01, end: 2026-10-31}
    report_date: 2026-11-06
    auditor: {name: Public Auditors LLP}
    categories: [security]
    opinion: unqualified

    """

    static let soc2OnlyControl = """
    controls:
      - id: SOC-ONLY-1
        title: Only for SOC 2
        summary: A control that serves SOC 2 alone.
        status: implemented
        maps_to:
          soc2-2017: [CC6.1]

    """

    @Test("The sample home page counts 70 controls and 5 of 17 policies published")
    func sampleIndex() async throws {
        let result = try await Sample.render()
        let index = try #require(result.publicFiles[path: "index.html"]).text
        #expect(index.contains("<p class=\"stat\">70</p>\n      <p>controls in our security program.</p>"))
        #expect(index.contains("<li>70 mapped to ISO 27001, 63 of them implemented</li>"))
        #expect(index.contains("<p class=\"stat\">17</p>\n      <p>policies; 5 published here, the rest available under NDA.</p>"))
        #expect(index.contains("<p class=\"stat\">7</p>\n      <p>third parties that process customer data.</p>"))
        #expect(index.contains("Valid"))
        #expect(index.contains("<dt>Period</dt><dd>1 October 2025 to 30 September 2026</dd>"))
        let model = try Sample.model()
        #expect(model.controls.count == 70)
        #expect(model.policies.count == 17)
    }

    @Test("The sample security.txt follows RFC 9116 field by field")
    func sampleSecurityTxt() async throws {
        let result = try await Sample.render()
        #expect(try #require(result.publicFiles[path: ".well-known/security.txt"]).text == """
            Contact: mailto:security@fernwick.example
            Contact: https://fernwick.example/security/report
            Expires: 2027-08-31T00:00:00Z
            Encryption: https://fernwick.example/.well-known/security-pgp-key.asc
            Acknowledgments: https://fernwick.example/security/acknowledgments
            Preferred-Languages: en
            Canonical: https://trust.fernwick.example/.well-known/security.txt
            Policy: https://trust.fernwick.example/policies/vulnerability-disclosure.html

            """)
    }

    @Test("The sitemap lists every public page but the 404 page, with absolute URLs")
    func sampleSitemap() async throws {
        let result = try await Sample.render()
        let sitemap = try #require(result.publicFiles[path: "sitemap.xml"]).text
        let pages = result.publicFiles.paths.filter { $0.hasSuffix(".html") && $0 != "404.html" }
        #expect(pages.count == 14)  // with documents.html, updates.html and faq.html
        let locs = sitemap.components(separatedBy: "\n").filter { $0.contains("<loc>") }
        #expect(locs.map { $0.replacingOccurrences(of: #"<lastmod>[0-9-]+</lastmod>"#, with: "", options: .regularExpression) }
            == pages.sorted().map { "  <url><loc>https://trust.fernwick.example/\($0)</loc></url>" })
        #expect(!sitemap.contains("404.html"))
        #expect(try #require(result.publicFiles[path: "robots.txt"]).text
                == "User-agent: *\nAllow: /\n\nSitemap: https://trust.fernwick.example/sitemap.xml\n")
    }

    @Test("Public pages link their stylesheet relative to their depth, so the site works under any path")
    func relativeLinks() async throws {
        let result = try await Sample.render()
        for file in result.publicFiles where file.path.hasSuffix(".html") && file.path != "404.html" {
            let depth = file.path.filter { $0 == "/" }.count
            let prefix = String(repeating: "../", count: depth)
            #expect(file.text.contains("<link rel=\"stylesheet\" href=\"\(prefix)assets/style.css\">"), "\(file.path)")
        }
        let notFound = try #require(result.publicFiles[path: "404.html"]).text
        #expect(notFound.contains("<a href=\"https://trust.fernwick.example/\">"))
        #expect(!notFound.contains("assets/style.css"), "the 404 page inlines its style")
    }

    @Test("The home page counts every control on the controls page, not only those of the first framework")
    func controlCountAcrossFrameworks() async throws {
        // The canary site holds an ISO 27001 certificate and a SOC 2 report; add a control mapped to SOC 2 only.
        let site = try copyFixture("canary-site")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        try writeFiles(["controls/soc2-only.yaml": Self.soc2OnlyControl], into: site)
        let result = try await makeBuilder(content: site).render()
        let controlsPage = try #require(result.publicFiles[path: "controls.html"]).text
        #expect(controlsPage.contains("SOC-ONLY-1"))
        let index = try #require(result.publicFiles[path: "index.html"]).text
        #expect(index.contains("<li>4 mapped to SOC 2, 2 of them implemented</li>"))
        #expect(index.contains("<p class=\"stat\">4</p>\n      <p>controls in our security program.</p>"))
    }

    @Test("Two reports of the same framework, type and date are rejected, naming the first")
    func reportPageCollision() async throws {
        let dir = try makeTemporaryFolder("two-reports")
        defer { removeTemporaryFolder(dir) }
        try writeFiles([
            "site.yaml": minimalSiteYAML, "controls/c.yaml": Self.soc2OnlyControl,
            "attestations/product-a.yaml": Self.soc2Attestation,
            "attestations/product-b.yaml": Self.soc2Attestation.replacingOccurrences(of: "Public Auditors LLP", with: "Other Auditors LLP"),
        ], into: dir)
        let found = diagnosticsOfFailedCheck(makeBuilder(content: dir))
        #expect(found.map(\.message) == [
            "a soc2-2017 Type 2 of 2026-11-06 report is already defined in \(dir.path)/attestations/product-a.yaml",
        ])
        #expect(found.first?.path == "\(dir.path)/attestations/product-b.yaml")
    }
}

@Suite("NDA bundle")
struct BundleTests {
    @Test("A bundle for a recipient is named after the build date and the recipient's slug", arguments: [
        ("Acme Corp", "2026-11-30-acme-corp"),
        ("Zürich Bank AG", "2026-11-30-zurich-bank-ag"),
        ("  ../../etc/passwd  ", "2026-11-30-etc-passwd"),
        ("O'Brien & Sons, Ltd.", "2026-11-30-o-brien-sons-ltd"),
    ])
    func bundleNames(_ recipient: String, _ expected: String) async throws {
        let model = try Sample.model()
        #expect(ConfidentialBundle(model: model, recipient: recipient, ndaReference: nil).bundleID == expected)
        #expect(ConfidentialBundle(model: model, recipient: nil, ndaReference: nil).bundleID == "2026-11-30-internal")
    }

    @Test("A recipient whose name has no ASCII letters does not get the internal bundle's folder")
    func nonLatinRecipient() throws {
        let model = try Sample.model()
        let bundle = ConfidentialBundle(model: model, recipient: "日本電気株式会社", ndaReference: "NDA-7")
        #expect(bundle.recipientLine == "日本電気株式会社 under NDA-7")
        #expect(bundle.bundleID != "2026-11-30-internal")
    }

    @Test("The sample bundle holds the SoA, the SOC 2 summary, the matrix, the mapping and all 17 policies")
    func sampleBundle() async throws {
        let result = try await Sample.render()
        let paths = result.bundleFiles.paths
        #expect(paths.filter { $0.hasPrefix("policies/") && $0.hasSuffix(".html") }.count == 17)
        #expect(paths.contains("policies/images/network-diagram.svg"))
        for path in ["index.html", "manifest.json", "soa-iso27001-2022.html", "soc2-2017-type-2-2026-11-06.html",
                     "control-matrix.html", "mapping.html", "assets/style.css"] {
            #expect(paths.contains(path), "\(path)")
        }
        let soa = try #require(result.bundleFiles[path: "soa-iso27001-2022.html"]).text
        #expect(soa.contains("SoA version 4.1."))
        #expect(soa.components(separatedBy: "<tr><td><span class=\"id\">A.").count - 1 == 93)
        let summary = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06.html"]).text
        #expect(summary.contains("<strong>Unqualified</strong>"))
        #expect(summary.contains("<td class=\"ids\">CC6.2</td><td><span class=\"id\">FW-IAM-04</span>"))
    }

    @Test("A SOC 2-only program gets no ISO 27001 Statement of Applicability in its bundle")
    func noSoAWithoutISO() async throws {
        let dir = try makeTemporaryFolder("soc2-only")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "controls/c.yaml": PageContentTests.soc2OnlyControl,
                        "attestations/soc2.yaml": PageContentTests.soc2Attestation], into: dir)
        let result = try await makeBuilder(content: dir).render()
        #expect(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06.html"] != nil)
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        // Neither the page nor the exports (soa.csv, soa.json): the other exports stay.
        #expect(!result.bundleFiles.paths.contains { $0.hasPrefix("soa") })
        #expect(!cover.contains("Statement of Applicability"))
        #expect(!cover.contains("soa."))
        for path in ["control-matrix.csv", "control-matrix.json", "mapping.csv"] {
            #expect(result.bundleFiles[path: path] != nil, "the bundle has no \(path)")
            #expect(cover.contains("<a href=\"\(path)\" download>"), "the cover does not list \(path)")
        }
    }
}
