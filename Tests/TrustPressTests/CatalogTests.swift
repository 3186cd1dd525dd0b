import Foundation
import Testing
@testable import TrustPressCore

/// The shipped framework catalogs, as the pipeline sees them (through `Builder.check()` on the sample content).
@Suite("Shipped catalogs")
struct CatalogTests {
    func catalog(_ id: String) throws -> Catalog {
        try #require(try Sample.model().catalog(id), "catalog \(id) is not loaded")
    }

    /// `prefix` + 1…`count`, e.g. A.5.1 … A.5.37.
    func ids(_ prefix: String, _ count: Int) -> [String] { (1...count).map { "\(prefix)\($0)" } }

    @Test("The pipeline loads the two YAML catalogs and, as the sample names it (programs.yaml), NIST CSF 2.0, in framework id order")
    func shippedCatalogs() throws {
        let model = try Sample.model()
        #expect(model.catalogs.map(\.framework) == ["iso27001-2022", "nist-csf-2.0", "soc2-2017"])
        var log = DiagnosticLog()
        let direct = ShippedCatalogs.load(log: &log).map(\.value)
        #expect(log.all.isEmpty)
        #expect(direct == model.catalogs.filter { $0.framework != "nist-csf-2.0" })
    }

    @Test("ISO/IEC 27001:2022 has 93 Annex A controls: 37 organizational, 8 people, 14 physical, 34 technological")
    func isoAnnexA() throws {
        let iso = try catalog("iso27001-2022")
        #expect(iso.name == "ISO/IEC 27001:2022")
        #expect(iso.shortName == "ISO 27001")
        #expect(iso.statementOfApplicability == true)
        #expect(iso.soaRequirements.count == 93)
        #expect(iso.requirements(inGroup: "organizational").map(\.id) == ids("A.5.", 37))
        #expect(iso.requirements(inGroup: "people").map(\.id) == ids("A.6.", 8))
        #expect(iso.requirements(inGroup: "physical").map(\.id) == ids("A.7.", 14))
        #expect(iso.requirements(inGroup: "technological").map(\.id) == ids("A.8.", 34))
        // The SoA lists them in natural order: A.5.1 … A.5.37, A.6.1 …, A.8.34.
        #expect(iso.soaRequirements.map(\.id) == ids("A.5.", 37) + ids("A.6.", 8) + ids("A.7.", 14) + ids("A.8.", 34))
        #expect(iso.groups.map(\.id) == ["clauses", "organizational", "people", "physical", "technological"])
        #expect(iso.groups.map(\.kind) == [.clause, .control, .control, .control, .control])
    }

    @Test("ISO/IEC 27001:2022 spot checks: well-known Annex A titles")
    func isoTitles() throws {
        let iso = try catalog("iso27001-2022")
        let expected: [(String, String)] = [
            ("A.5.1", "Policies for information security"),
            ("A.5.7", "Threat intelligence"),
            ("A.5.23", "Information security for use of cloud services"),
            ("A.5.37", "Documented operating procedures"),
            ("A.6.3", "Information security awareness, education and training"),
            ("A.7.4", "Physical security monitoring"),
            ("A.8.28", "Secure coding"),
            ("A.8.34", "Protection during testing"),
        ]
        for (id, title) in expected {
            #expect(iso.requirement(id)?.title == title, "\(id)")
        }
        #expect(iso.requirement("A.5.38") == nil)
        #expect(iso.requirement("A.8.35") == nil)
        #expect(iso.requirement("5.15") == nil, "Annex A controls carry the A. prefix")
    }

    @Test("ISO/IEC 27001:2022 clauses run from 4.1 to 10.2, with 10.1 Continual improvement and 10.2 on nonconformity")
    func isoClauses() throws {
        let iso = try catalog("iso27001-2022")
        let clauses = iso.requirements(inGroup: "clauses")
        #expect(clauses.map(\.id) == [
            "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
            "7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2",
        ])
        #expect(iso.requirement("10.1")?.title == "Continual improvement")
        #expect(iso.requirement("10.2")?.title == "Nonconformity and corrective action")
        #expect(iso.requirement("4.1")?.title == "Understanding the organization and its context")
        #expect(iso.requirement("9.3")?.title == "Management review")
        #expect(iso.requirements.count == 93 + 26)
        #expect(!iso.soaRequirements.contains { $0.group == "clauses" }, "clauses are not decided in the SoA")
    }

    @Test("SOC 2 (TSC 2017) has 61 criteria: 33 security, 3 availability, 2 confidentiality, 5 processing integrity, 18 privacy")
    func soc2() throws {
        let soc2 = try catalog("soc2-2017")
        #expect(soc2.shortName == "SOC 2")
        #expect(soc2.requirements.count == 61)
        #expect(soc2.statementOfApplicability != true)
        #expect(soc2.soaRequirements.isEmpty)
        #expect(soc2.groups.map(\.id) == ["security", "availability", "confidentiality", "processing_integrity", "privacy"])
        #expect(soc2.groups.allSatisfy { $0.kind == .criterion })
        // The group ids are the raw values of the attestation categories.
        #expect(soc2.groups.map(\.id) == Attestation.Category.allCases.map(\.rawValue))

        let security = ids("CC1.", 5) + ids("CC2.", 3) + ids("CC3.", 4) + ids("CC4.", 2) + ids("CC5.", 3)
            + ids("CC6.", 8) + ids("CC7.", 5) + ids("CC8.", 1) + ids("CC9.", 2)
        #expect(security.count == 33)
        #expect(soc2.requirements(inGroup: "security").map(\.id) == security)
        #expect(soc2.requirements(inGroup: "availability").map(\.id) == ids("A1.", 3))
        #expect(soc2.requirements(inGroup: "confidentiality").map(\.id) == ids("C1.", 2))
        #expect(soc2.requirements(inGroup: "processing_integrity").map(\.id) == ids("PI1.", 5))
        let privacy = ids("P1.", 1) + ids("P2.", 1) + ids("P3.", 2) + ids("P4.", 3) + ids("P5.", 2)
            + ids("P6.", 7) + ids("P7.", 1) + ids("P8.", 1)
        #expect(privacy.count == 18)
        #expect(soc2.requirements(inGroup: "privacy").map(\.id) == privacy)
    }

    @Test("Requirement ids are unique and every requirement belongs to a declared group")
    func integrity() throws {
        for id in ["iso27001-2022", "soc2-2017"] {
            let c = try catalog(id)
            #expect(Set(c.requirements.map(\.id)).count == c.requirements.count, "\(id) has duplicate ids")
            let groups = Set(c.groups.map(\.id))
            #expect(c.requirements.allSatisfy { groups.contains($0.group) }, "\(id) has a requirement in an unknown group")
            #expect(c.requirements.allSatisfy { !$0.title.isEmpty }, "\(id) has an untitled requirement")
        }
    }

    @Test("The sample Statement of Applicability decides all 93 Annex A controls")
    func sampleSoA() throws {
        let model = try Sample.model()
        let soa = try #require(model.statementsOfApplicability["iso27001-2022"])
        #expect(soa.count == 93)
        #expect(soa.map(\.requirement.id) == (try catalog("iso27001-2022")).soaRequirements.map(\.id))
        #expect(model.statementsOfApplicability["soc2-2017"] == nil)
        // Excluded controls are implemented by no control and carry a justification.
        for entry in soa where !entry.applicable {
            #expect(entry.controls.isEmpty, "\(entry.requirement.id)")
            #expect(entry.status == nil, "\(entry.requirement.id)")
            #expect(!entry.justification.isEmpty)
        }
    }
}
