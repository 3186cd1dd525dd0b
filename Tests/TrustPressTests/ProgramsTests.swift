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

    @Test("Certified and attested declarations only confirm a file: they add nothing a certificate or report does not")
    func confirming() throws {
        let site = try Self.site("programs:\n  - framework: iso27001-2022\n    status: certified\n  - framework: soc2-2017\n    status: attested\n")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.programs.declared.isEmpty)
        #expect(model.programs.held == ["iso27001-2022", "soc2-2017"])
    }
}
