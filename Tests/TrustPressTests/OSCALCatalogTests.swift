import Foundation
import Testing
@testable import TrustPressCore

/// NIST's OSCAL catalogs read as they are published (`frameworks/*.json`): the real files, copied
/// into Fixtures/oscal/, with the counts of their README asserted.
@Suite("OSCAL catalogs")
struct OSCALCatalogTests {
    static func read(_ file: String, as framework: String) throws -> Catalog {
        let data = try Data(contentsOf: Paths.fixture("oscal").appendingPathComponent(file))
        var log = DiagnosticLog()
        let catalog = OSCALCatalog.decode(data, framework: framework, path: "frameworks/\(framework).json", log: &log)
        #expect(log.all.isEmpty, "\(descriptions(log.all))")
        return try #require(catalog)
    }

    static let sp80053 = Result { try read("NIST_SP-800-53_rev5_catalog.json", as: "nist-800-53") }
    static let csf = Result { try read("NIST_CSF_v2.0_catalog-min.json", as: "nist-csf") }

    @Test("NIST SP 800-53 rev5: 20 families; 298 of 322 controls and 709 of 867 enhancements in force, 182 withdrawn")
    func sp80053Counts() throws {
        let c = try Self.sp80053.get()
        #expect(c.name == "NIST Special Publication 800-53 Revision 5: Security and Privacy Controls for Federal Information Systems and Organizations")
        #expect(c.version == "5.0.1")
        #expect(c.groups.count == 20)
        #expect(c.groups.first?.id == "ac" && c.groups.first?.title == "Access Control")
        // Controls have no parent (no section); enhancements name theirs.
        #expect(c.requirements.filter { $0.section == nil }.count == 298)
        #expect(c.requirements.filter { $0.section != nil }.count == 709)
        #expect(c.requirements.count == 1007)
        let withdrawn = c.withdrawn ?? []
        #expect(withdrawn.filter { !$0.id.contains("(") }.count == 24)
        #expect(withdrawn.filter { $0.id.contains("(") }.count == 158)
        #expect(withdrawn.count == 182)
        #expect(Set(c.requirements.map(\.id)).isDisjoint(with: withdrawn.map(\.id)))
    }

    @Test("NIST SP 800-53 rev5: ids as NIST prints them, OSCAL's own ids as aliases, successors of withdrawn controls")
    func sp80053IDs() throws {
        let c = try Self.sp80053.get()
        #expect(c.requirement("AC-2")?.title == "Account Management")
        #expect(c.requirement("AC-2(1)")?.title == "Automated System Account Management")
        #expect(c.requirement("AC-2(1)")?.section == "AC-2 Account Management")
        #expect(c.requirement("AC-2(1)")?.group == "ac")
        #expect(c.canonicalID("ac-2.1") == "AC-2(1)")
        #expect(c.canonicalID("ac-2") == "AC-2")
        #expect(c.canonicalID("AC-2.1") == "AC-2.1", "only the publisher's own spellings are aliases")
        // ac-2.10 was incorporated into a statement part of AC-2 (#ac-2_smt.k).
        #expect(c.withdrawnRequirement("AC-2(10)")?.successors == ["AC-2"])
        #expect(c.withdrawnRequirement("ac-2.10")?.id == "AC-2(10)")
        #expect(c.withdrawnRequirement("AC-13")?.successors == ["AC-2", "AU-6"])
        #expect(c.withdrawnRequirement("SC-7(1)")?.successors == ["SC-7"])
        #expect(c.requirement("AC-2(10)") == nil)
    }

    @Test("NIST CSF 2.0: 6 functions; 22 of 34 categories and 106 of 185 subcategories in force, 91 withdrawn")
    func csfCounts() throws {
        let c = try Self.csf.get()
        #expect(c.name == "Electronic Version of NIST Cybersecurity Framework 2.0")
        #expect(c.version == "1.2.0")
        #expect(c.groups.map(\.id) == ["GV", "ID", "PR", "DE", "RS", "RC"])
        #expect(c.requirements.filter { $0.section == nil }.count == 22)
        #expect(c.requirements.filter { $0.section != nil }.count == 106)
        let withdrawn = c.withdrawn ?? []
        #expect(withdrawn.filter { !$0.id.contains("-") }.count == 12)
        #expect(withdrawn.filter { $0.id.contains("-") }.count == 79)
    }

    @Test("NIST CSF 2.0: a category's label 'Name (GV.OC)' gives GV.OC; a subcategory titled by its id is titled by its statement")
    func csfIDs() throws {
        let c = try Self.csf.get()
        #expect(c.requirement("GV.OC")?.title == "Organizational Context")
        #expect(c.requirement("GV.OC-01")?.title == "The organizational mission is understood and informs cybersecurity risk management")
        #expect(c.requirement("GV.OC-01")?.section == "GV.OC Organizational Context")
        #expect(c.requirement("GV.OC-01")?.group == "GV")
        // CSF spells its relations with '_' (incorporated_into, moved_to) and links without '#'.
        #expect(c.withdrawnRequirement("ID.BE-01")?.successors == ["GV.OC-05"])
        #expect(c.withdrawnRequirement("PR.AC")?.successors == ["PR.AA"])
        #expect(c.withdrawnRequirement("PR.AC-01")?.successors == ["PR.AA-01", "PR.AA-05"])
        #expect(c.withdrawnRequirement("PR.IP")?.successors == [], "CSF names no successor for PR.IP")
        // No title is longer than a table cell.
        #expect(c.requirements.allSatisfy { $0.title.count <= OSCALCatalog.maxTitle + 1 })
    }

    @Test("A file that is not an OSCAL catalog is a located error, never a crash", arguments: [
        ("{", "this is not valid JSON"),
        ("[]", "this is not an OSCAL catalog: the file has no top-level 'catalog' object"),
        (#"{"profile": {}}"#, "this is not an OSCAL catalog: the file has no top-level 'catalog' object (this file holds 'profile')"),
        (#"{"catalog": {"metadata": {}}}"#, "the OSCAL catalog has no metadata.title: TrustPress names the framework by it"),
        (#"{"catalog": {"metadata": {"title": "T"}, "groups": [{"id": "g", "controls": [{"id": "a-1"}, {"id": "A-1"}]}]}}"#,
         "two controls are labelled 'A-1': each requirement needs its own id"),
    ])
    func notACatalog(_ text: String, _ message: String) {
        var log = DiagnosticLog()
        #expect(OSCALCatalog.decode(Data(text.utf8), framework: "x", path: "frameworks/x.json", log: &log) == nil)
        #expect(log.all.count == 1)
        #expect(log.all.first?.message.hasPrefix(message) == true, "\(descriptions(log.all))")
        #expect(log.all.first?.path == "frameworks/x.json")
    }

    @Test("In a site: frameworks/*.json is read, ac-2.1 in maps_to is read as AC-2(1), a withdrawn control is an error naming its successor")
    func inASite() throws {
        let site = try copyFixture("mini-site")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let frameworks = site.appendingPathComponent("frameworks")
        try FileManager.default.createDirectory(at: frameworks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.fixture("oscal/NIST_SP-800-53_rev5_catalog.json"),
                                         to: frameworks.appendingPathComponent("nist-800-53.json"))
        try ShippedNISTCatalogTests.writeControl(mapping: "nist-800-53: [ac-2.1, AC-2]", in: site)
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.catalog("nist-800-53")?.requirements.count == 1007)
        #expect(model.controls.first { $0.id == "NIST-1" }?.mapsTo["nist-800-53"] == ["AC-2", "AC-2(1)"])

        try ShippedNISTCatalogTests.writeControl(mapping: "nist-800-53: [AC-2(10), AC-13]", in: site)
        let name = "NIST Special Publication 800-53 Revision 5: Security and Privacy Controls for Federal Information Systems and Organizations"
        let diagnostics = diagnosticsOfFailedCheck(makeBuilder(content: site, display: "site"))
        #expect(descriptions(diagnostics.filter { $0.severity == .error }) == """
        site/controls/nist.yaml:7:21: error: 'AC-2(10)' was withdrawn from \(name) and cannot be mapped
        site/controls/nist.yaml:7:21: note: its content is now part of AC-2: map the control to AC-2 instead
        site/controls/nist.yaml:7:31: error: 'AC-13' was withdrawn from \(name) and cannot be mapped
        site/controls/nist.yaml:7:31: note: its content is now part of AC-2, AU-6: map the control to those instead
        """)
    }

    @Test("site.yaml's oscal_catalogs names a file kept as NIST publishes it: its id, short name and name")
    func named() async throws {
        let site = try copyFixture("mini-site")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let frameworks = site.appendingPathComponent("frameworks")
        try FileManager.default.createDirectory(at: frameworks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.fixture("oscal/NIST_SP-800-53_rev5_catalog.json"),
                                         to: frameworks.appendingPathComponent("NIST_SP-800-53_rev5_catalog.json"))
        let siteYAML = site.appendingPathComponent("site.yaml")
        let original = try String(contentsOf: siteYAML, encoding: .utf8)
        try (original + "oscal_catalogs:\n  NIST_SP-800-53_rev5_catalog.json:\n    id: nist-800-53\n    short_name: NIST 800-53\n")
            .write(to: siteYAML, atomically: true, encoding: .utf8)
        try ShippedNISTCatalogTests.writeControl(mapping: "nist-800-53: [AC-2]", in: site)
        try Data("programs:\n  - framework: nist-800-53\n    status: aligned\n".utf8).write(to: site.appendingPathComponent("programs.yaml"))
        let builder = makeBuilder(content: site, display: "site")
        let (model, _) = try builder.check()
        let catalog = try #require(model.catalog("nist-800-53"))
        #expect(catalog.shortName == "NIST 800-53" && catalog.name.hasPrefix("NIST Special Publication 800-53 Revision 5"))
        let mapping = try #require(try await builder.render().bundleFiles.first { $0.path == "mapping.html" }).text
        #expect(mapping.contains("<th scope=\"col\">NIST 800-53</th>"))
        // The export names the file as it is, not by the id.
        #expect(String(decoding: OSCALExport.confidential(model), as: UTF8.self)
            .contains("\"source\" : \"frameworks/NIST_SP-800-53_rev5_catalog.json\""))

        try (original + "oscal_catalogs:\n  NIST_SP-800-53_rev5.json:\n    id: nist-800-53\n    short_name: \"\"\n")
            .write(to: siteYAML, atomically: true, encoding: .utf8)
        let diagnostics = diagnosticsOfFailedCheck(makeBuilder(content: site, display: "site"))
        let line = original.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(descriptions(diagnostics.filter { $0.path == "site/site.yaml" }) == """
        site/site.yaml:\(line + 2):5: error: 'NIST_SP-800-53_rev5.json' is not an OSCAL catalog in frameworks/
        site/site.yaml:\(line + 2):5: note: did you mean 'NIST_SP-800-53_rev5_catalog.json'?
        site/site.yaml:\(line + 2):5: note: the OSCAL catalogs in frameworks/ are NIST_SP-800-53_rev5_catalog.json
        site/site.yaml:\(line + 3):17: error: 'short_name' is empty
        site/site.yaml:\(line + 3):17: note: write it, or remove the key to use the default
        """)
    }
}

/// NIST CSF 2.0 and SP 800-53 rev5 as shipped: NIST's files made smaller by tools/compact-oscal.py,
/// read only when a site names them.
@Suite("Shipped NIST catalogs")
struct ShippedNISTCatalogTests {
    static func shipped(_ framework: String) throws -> Catalog {
        var log = DiagnosticLog()
        let catalog = ShippedCatalogs.loadOSCAL(referenced: [framework], log: &log).first?.value
        #expect(log.all.isEmpty, "\(descriptions(log.all))")
        return try #require(catalog)
    }

    /// A copy of the mini site with one more control, `controls/nist.yaml`, whose `maps_to` holds `mapping`.
    static func miniSite(mapping: String) throws -> URL {
        let site = try copyFixture("mini-site")
        try writeControl(mapping: mapping, in: site)
        return site
    }

    /// Writes `controls/nist.yaml` of `site`: one implemented control whose `maps_to` holds `mapping`.
    static func writeControl(mapping: String, in site: URL) throws {
        try Data("""
        controls:
          - id: NIST-1
            title: Accounts
            summary: Accounts are managed.
            status: implemented
            maps_to:
              \(mapping)

        """.utf8).write(to: site.appendingPathComponent("controls/nist.yaml"))
    }

    @Test("The shipped catalogs read exactly as NIST's full files do (only the id and short name are TrustPress's)",
          arguments: [("nist-sp800-53-r5", "NIST_SP-800-53_rev5_catalog.json", "NIST SP 800-53 Rev. 5"),
                      ("nist-csf-2.0", "NIST_CSF_v2.0_catalog-min.json", "NIST CSF 2.0")])
    func sameAsNIST(_ framework: String, _ file: String, _ shortName: String) throws {
        let shipped = try Self.shipped(framework)
        var full = try OSCALCatalogTests.read(file, as: framework)
        #expect(shipped.shortName == shortName)
        #expect(shipped.name.hasPrefix("NIST ") && shipped.name.contains(framework == "nist-csf-2.0" ? "Cybersecurity Framework (CSF) 2.0" : "800-53 Rev. 5"))
        full.shortName = shortName
        full.name = shipped.name
        #expect(shipped == full)
    }

    @Test("Counts against NIST's files: 800-53 1,007 in force and 182 withdrawn; CSF 128 in force and 91 withdrawn")
    func counts() throws {
        let sp = try Self.shipped("nist-sp800-53-r5"), csf = try Self.shipped("nist-csf-2.0")
        #expect(sp.groups.count == 20 && sp.requirements.count == 1007 && sp.withdrawn?.count == 182)
        #expect(csf.groups.count == 6 && csf.requirements.count == 22 + 106 && csf.withdrawn?.count == 12 + 79)
    }

    @Test("A site that names no NIST framework does not load them; one that maps to one loads that one only")
    func loadedWhenNamed() throws {
        let plain = try copyFixture("mini-site")
        defer { removeTemporaryFolder(plain.deletingLastPathComponent()) }
        #expect(try makeBuilder(content: plain, display: "site").check().0.catalogs.map(\.framework) == ["iso27001-2022", "soc2-2017"])
        let site = try Self.miniSite(mapping: "nist-csf-2.0: [PR.AA-01, GV.OC-01]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        #expect(model.catalogs.map(\.framework) == ["iso27001-2022", "nist-csf-2.0", "soc2-2017"])
        #expect(model.controls.first { $0.id == "NIST-1" }?.mapsTo["nist-csf-2.0"] == ["GV.OC-01", "PR.AA-01"])
    }

    @Test("A misspelt shipped framework is suggested though it is not loaded")
    func suggested() throws {
        let site = try Self.miniSite(mapping: "nist-csf-2: [PR.AA-01]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let diagnostics = diagnosticsOfFailedCheck(makeBuilder(content: site, display: "site"))
        #expect(descriptions(diagnostics.filter { $0.path.hasSuffix("nist.yaml") }) == """
        site/controls/nist.yaml:7:19: error: unknown framework 'nist-csf-2'
        site/controls/nist.yaml:7:19: note: did you mean 'nist-csf-2.0'?
        site/controls/nist.yaml:7:19: note: the frameworks loaded are iso27001-2022, soc2-2017; shipped, read when named: hipaa-security, nist-csf-2.0, nist-sp800-53-r5; add another in frameworks/<id>.yaml, or as an OSCAL catalog in frameworks/<id>.json
        """)
    }
}
