import Foundation
import Testing
@testable import TrustPressCore

/// `crosswalks/*.yaml`: derived coverage, shown labelled in the bundle, counted only when asked, never public.
@Suite("Crosswalks")
struct CrosswalkTests {
    /// The mini site (ISO certificate, SOC 2 report) with NIST CSF 2.0 declared aligned, one
    /// implemented control mapped to GV.OC-01, and `crosswalk` as `crosswalks/iso-csf.yaml`.
    static func site(_ crosswalk: String) throws -> URL {
        let site = try ProgramsTests.site(ProgramsTests.aligned)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("crosswalks"), withIntermediateDirectories: true)
        try Data(crosswalk.utf8).write(to: site.appendingPathComponent("crosswalks/iso-csf.yaml"))
        return site
    }

    static let isoToCSF = """
    name: "Mini's ISO to CSF reading"
    source: "Mini security team"
    from: iso27001-2022
    to: nist-csf-2.0
    mappings:
      A.8.5: [PR.AA-03, PR.AA-05]
      A.8.13: [PR.DS-11]
      A.5.1: [GV.PO-01]

    """

    @Test("Derived coverage: per covered requirement, what the crosswalk relates it to in the other framework; implemented controls only for the figures")
    func derived() throws {
        let site = try Self.site(Self.isoToCSF)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.crosswalks.map(\.id) == ["iso-csf"])
        // A.8.5 (implemented MINI-IAM-01) and A.8.13 (partially implemented MINI-OPS-01) are mapped; A.5.1 is not.
        let rows = model.derivedCoverage.map { "\($0.requirement.id) \($0.controls) → \($0.related.flatMap(\.requirements).map(\.id))" }
        #expect(rows == ["A.8.5 [\"MINI-IAM-01\"] → [\"PR.AA-03\", \"PR.AA-05\"]", "A.8.13 [\"MINI-OPS-01\"] → [\"PR.DS-11\"]"])
        #expect(model.implementedDerivedCoverage.map(\.requirement.id) == ["A.8.5"])
        let csf = try #require(Coverage.of(model).first { $0.framework == "nist-csf-2.0" })
        // GV.OC-01 and PR.AA-01 directly; PR.AA-03 and PR.AA-05 derived (PR.DS-11's control is not implemented).
        #expect(csf.coveredCount == 2 && csf.derived == ["PR.AA-03", "PR.AA-05"])
        let counted = csf.countingDerived()
        #expect(counted.coveredCount == 4 && counted.inScope == csf.inScope && counted.derived == csf.derived)
        #expect(!counted.uncovered.contains("PR.AA-03") && counted.uncovered.contains("PR.DS-11"))
        // The reverse direction: CSF's GV.OC-01 is covered, but nothing relates it to ISO.
        #expect(Coverage.of(model).first { $0.framework == "iso27001-2022" }?.derived == [])
    }

    @Test("The bundle's mapping page shows each crosswalk labelled as derived; the public site shows nothing of it")
    func rendered() async throws {
        let site = try Self.site(Self.isoToCSF)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: site, display: "site").render()
        let mapping = try #require(result.bundleFiles.first { $0.path == "mapping.html" }).text
        #expect(mapping.contains("<h2>Derived through crosswalks</h2>"))
        #expect(mapping.contains("Not evidence: what a crosswalk says"))
        #expect(mapping.contains("<h3>Mini&#39;s ISO to CSF reading</h3>"))
        #expect(mapping.contains("<p class=\"source\">Source: Mini security team</p>"))
        #expect(mapping.contains("<tr><td>ISO 27001 <span class=\"id\">A.8.5</span> Secure authentication</td><td class=\"ids\">MINI-IAM-01</td><td class=\"ids\">NIST CSF 2.0: PR.AA-03, PR.AA-05</td></tr>"))
        #expect(mapping.contains("<span class=\"id\">A.8.13</span>"))
        let derived = try #require(mapping.range(of: "Derived through crosswalks")).upperBound
        #expect(!mapping[derived...].contains("<span class=\"id\">A.5.1</span>"), "A.5.1 is mapped by no control: nothing is derived from it")
        for file in result.publicFiles {
            #expect(!file.text.contains("Mini's ISO to CSF") && !file.text.contains("Mini&#39;s ISO to CSF"), "\(file.path)")
            #expect(!file.text.contains("Derived through crosswalks") && !file.text.contains("Mini security team"), "\(file.path)")
        }
    }

    @Test("Without a crosswalk the mapping page has no derived section")
    func none() async throws {
        let site = try ProgramsTests.site(ProgramsTests.aligned)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: site, display: "site").render()
        let mapping = try #require(result.bundleFiles.first { $0.path == "mapping.html" }).text
        #expect(!mapping.contains("Derived through crosswalks"))
    }

    @Test("Bad crosswalks: each problem located, with the fix", arguments: [
        ("from: iso27001-2022\nto: nist-csf-20\nmappings:\n  A.8.5: [PR.AA-03]\n",
         "site/crosswalks/iso-csf.yaml:2:5: error: unknown framework 'nist-csf-20'", "did you mean 'nist-csf-2.0'?"),
        ("from: iso27001-2022\nto: iso27001-2022\nmappings:\n  A.8.5: [A.8.6]\n",
         "site/crosswalks/iso-csf.yaml:2:5: error: a crosswalk relates two frameworks; 'from' and 'to' are both 'iso27001-2022'", "name the other framework"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  A.8.5: [PR.AA-3]\n",
         "site/crosswalks/iso-csf.yaml:4:11: error: 'PR.AA-3' is not a requirement of nist-csf-2.0", "did you mean 'PR.AA-03'?"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  8.5: [PR.AA-03]\n",
         "site/crosswalks/iso-csf.yaml:4:8: error: '8.5' is not a requirement of iso27001-2022", "did you mean 'A.8.5'?"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  A.8.5: [ID.AM-06]\n",
         "site/crosswalks/iso-csf.yaml:4:11: error: 'ID.AM-06' was withdrawn from NIST CSF 2.0; a crosswalk relates current requirements only",
         "its content is now part of GV.RR-02, GV.SC-02: write those instead"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  A.8.5: []\n",
         "site/crosswalks/iso-csf.yaml:4:10: error: 'A.8.5' is related to nothing", "remove the entry"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  A.8.5: [PR.AA-03, PR.AA-03]\n",
         "site/crosswalks/iso-csf.yaml:4:21: warning: 'PR.AA-03' is listed twice for A.8.5", nil),
        ("from: hipaa-security\nto: nist-sp800-53-r5\nmappings:\n  \"164.312(d)\": [IA-2]\n",
         "site/crosswalks/iso-csf.yaml:1:7: warning: neither hipaa-security nor nist-sp800-53-r5 is in the program: the crosswalk adds nothing", "programs.yaml entry"),
        ("from: iso27001-2022\nto: nist-csf-2.0\nmapping:\n  A.8.5: [PR.AA-03]\n",
         "site/crosswalks/iso-csf.yaml:3:1: error: missing required key 'mappings'", "found 'mapping': did you mean 'mappings'?"),
    ] as [(String, String, String?)])
    func bad(_ crosswalk: String, _ expected: String, _ note: String?) throws {
        let site = try Self.site(crosswalk)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let builder = makeBuilder(content: site, display: "site")
        let diagnostics: [Diagnostic]
        do { diagnostics = try builder.check().1 } catch let error as DiagnosticsError { diagnostics = error.diagnostics }
        let found = diagnostics.first { $0.description.hasPrefix(expected) }
        #expect(found != nil, "\(descriptions(diagnostics))")
        if let note { #expect(found?.notes.contains { $0.contains(note) } == true, "\(found?.notes ?? [])") }
    }

    @Test("An id repeated many times in one list is one warning")
    func repeatedOnce() throws {
        let site = try Self.site("from: iso27001-2022\nto: nist-csf-2.0\nmappings:\n  A.8.5: [" + Array(repeating: "PR.AA-03", count: 500).joined(separator: ", ") + "]\n")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (_, warnings) = try makeBuilder(content: site, display: "site").check()
        #expect(warnings.filter { $0.message.contains("listed twice") }.count == 1)
    }

    @Test("The shipped NIST CSF 2.0 → SP 800-53 crosswalk applies when the content names both frameworks, and is valid against the shipped catalogs")
    func shipped() throws {
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "nist-csf-2.0: [GV.OC-01]\n      nist-sp800-53-r5: [AC-2]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        try Data((ProgramsTests.aligned + "  - framework: nist-sp800-53-r5\n    status: aligned\n").utf8)
            .write(to: site.appendingPathComponent("programs.yaml"))
        let (model, warnings) = try makeBuilder(content: site, display: "site").check()
        #expect(!warnings.contains { $0.path.hasPrefix("<crosswalks>") }, "\(descriptions(warnings))")
        let nist = try #require(model.crosswalks.first { $0.id == "nist-csf-2.0-to-sp800-53-r5" })
        #expect(nist.path == "<crosswalks>/nist-csf-2.0-to-sp800-53-r5.yaml")
        // NIST's workbook (OLIR 186): 106 subcategories, 737 pairs; 9 pairs name 800-53 controls
        // the shipped Release 5.0.1 catalog lacks (or has withdrawn), and PR.AA-04 names only one.
        #expect(nist.mappings.count == 105)
        #expect(nist.mappings.values.map(\.count).reduce(0, +) == 728)
        #expect(nist.mappings["GV.OC-01"] == ["PM-11"])
        // GV.OC-01 is covered: through the crosswalk it speaks to PM-11.
        let entry = try #require(model.derivedCoverage.first { $0.requirement.id == "GV.OC-01" })
        #expect(entry.related.map(\.crosswalk.id) == ["nist-csf-2.0-to-sp800-53-r5"])
        #expect(entry.related[0].requirements.map(\.id) == ["PM-11"])
        // AC-2 is covered too, and PR.AA-05 lists it: the relation works both ways.
        let ac2 = try #require(model.derivedCoverage.first { $0.requirement.id == "AC-2" })
        #expect(ac2.related[0].requirements.map(\.id).contains("PR.AA-05"))
    }

    @Test("A shipped crosswalk stays out when the content does not name both frameworks")
    func shippedOnlyWhenNamed() throws {
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "nist-csf-2.0: [GV.OC-01]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.crosswalks.isEmpty)
        #expect(!model.catalogs.contains { $0.framework == "nist-sp800-53-r5" }, "a crosswalk alone never loads 800-53")
    }
}
