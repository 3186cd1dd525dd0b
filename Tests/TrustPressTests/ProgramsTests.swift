import Foundation
import Testing
@testable import TrustPressCore

/// Frameworks declared in programs.yaml, without a certificate or report of their own.
@Suite("Declared programs")
struct ProgramsTests {
    /// The mini site (ISO certificate, SOC 2 report) with a NIST CSF 2.0 program declared aligned and one control mapped to it.
    static func site(_ programs: String) throws -> URL {
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "nist-csf-2.0: [GV.OC-01, PR.AA-01]")
        try Data(programs.utf8).write(to: site.appendingPathComponent("programs.yaml"))
        return site
    }

    static let aligned = """
    programs:
      - framework: nist-csf-2.0
        status: aligned
        since: 2026-03-01
        note: Self-assessed against every subcategory.

    """

    @Test("A declared framework is in the program: coverage and the bundle's mapping show it; it is published, not held")
    func inProgram() async throws {
        let site = try Self.site(Self.aligned)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let builder = makeBuilder(content: site, display: "site")
        let (model, _) = try builder.check()
        #expect(model.programs.declared["nist-csf-2.0"]?.status == .aligned)
        #expect(model.programs.declared["nist-csf-2.0"]?.since == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(!model.programs.held.contains("nist-csf-2.0"))
        #expect(model.programs.published.contains("nist-csf-2.0"))
        #expect(model.frameworksInProgram.map(\.framework).contains("nist-csf-2.0"))
        let csf = try #require(Coverage.of(model).first { $0.framework == "nist-csf-2.0" })
        #expect(csf.inScope.count == 128 && csf.coveredCount == 2)
        let mapping = try #require(try await builder.render().bundleFiles.first { $0.path == "mapping.html" })
        #expect(mapping.text.contains("NIST CSF 2.0"))
        #expect(mapping.text.contains("GV.OC-01, PR.AA-01"))
    }

    @Test("The public site shows a declared framework with its honest status: a card, a grey badge, trust.json's program, the controls page")
    func published() async throws {
        let site = try Self.site(Self.aligned)
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: site, display: "site").render()
        let index = try #require(result.publicFiles.first { $0.path == "index.html" }).text
        #expect(index.contains("<h3>NIST CSF 2.0</h3>"))
        #expect(index.contains("<span class=\"badge badge-aligned\">Aligned</span>"))
        #expect(index.contains("<time datetime=\"2026-03-01\">1 March 2026</time>"))
        #expect(index.contains("Our controls are mapped to NIST CSF 2.0; no certificate or attestation is claimed. Self-assessed against every subcategory."))
        #expect(index.contains("src=\"badges/program-nist-csf-2.0.svg\" alt=\"NIST CSF 2.0: Aligned · since 2026-03-01\""))
        let badge = try #require(result.publicFiles.first { $0.path == "badges/program-nist-csf-2.0.svg" }).text
        #expect(badge.contains("fill=\"\(Badges.grey)\"/><rect x=") && !badge.contains(Badges.green))
        let trust = try #require(result.publicFiles.first { $0.path == "trust.json" })
        let json = try #require(try JSONSerialization.jsonObject(with: trust.contents) as? [String: Any])
        let frameworks = try #require(json["frameworks"] as? [[String: Any]])
        let csf = try #require(frameworks.first { $0["id"] as? String == "nist-csf-2.0" })
        #expect(csf["certified"] as? Bool == false && csf["attested"] as? Bool == false)
        #expect((csf["program"] as? [String: Any])?["status"] as? String == "aligned")
        #expect(frameworks.first { $0["id"] as? String == "iso27001-2022" }?["program"] == nil)
        let controls = try #require(result.publicFiles.first { $0.path == "controls.html" }).text
        #expect(controls.contains("NIST CSF 2.0"))
    }

    @Test("A framework only loaded, never declared or held, stays out of the public site")
    func onlyLoaded() async throws {
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "nist-csf-2.0: [GV.OC-01]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: site, display: "site").render()
        for file in result.publicFiles where file.path.hasSuffix(".html") || file.path.hasSuffix(".json") {
            #expect(!file.text.contains("NIST CSF"), "\(file.path)")
        }
    }

    @Test("Certified and attested declarations only confirm a file: they add nothing a certificate or report does not")
    func confirming() throws {
        let site = try Self.site("programs:\n  - framework: iso27001-2022\n    status: certified\n  - framework: soc2-2017\n    status: attested\n")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.programs.declared.isEmpty)
        #expect(model.programs.held == ["iso27001-2022", "soc2-2017"])
    }
}
