import Foundation
import Testing
@testable import TrustPressCore

/// `trustpress export oscal` (the schema itself is checked in Tests/browser/test_oscal_export.py with jsonschema-rs).
@Suite("OSCAL export")
struct OSCALExportTests {
    static func implemented(_ data: Data) throws -> [(label: String, controlID: String, status: String, source: String)] {
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let definition = try #require(json["component-definition"] as? [String: Any])
        var rows: [(String, String, String, String)] = []
        for component in definition["components"] as? [[String: Any]] ?? [] {
            for implementation in component["control-implementations"] as? [[String: Any]] ?? [] {
                for r in implementation["implemented-requirements"] as? [[String: Any]] ?? [] {
                    let props = Dictionary((r["props"] as? [[String: String]] ?? []).map { ($0["name"]!, $0["value"]!) }, uniquingKeysWith: { a, _ in a })
                    rows.append((props["label"] ?? "", r["control-id"] as? String ?? "", props["implementation-status"] ?? "",
                                 implementation["source"] as? String ?? ""))
                }
            }
        }
        return rows
    }

    @Test("800-53 ids are written as OSCAL's own (AC-2(1) → ac-2.1) with NIST's catalog as source; ISO clauses become tokens")
    func ids() throws {
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "nist-sp800-53-r5: [AC-2, AC-2(1)]\n      iso27001-2022: [\"4.1\"]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        let (model, _) = try makeBuilder(content: site, display: "site").check()
        let rows = try Self.implemented(OSCALExport.confidential(model))
        let nist = rows.filter { $0.source.contains("SP800-53") }
        #expect(nist.map(\.label) == ["AC-2", "AC-2(1)"] && nist.map(\.controlID) == ["ac-2", "ac-2.1"])
        #expect(nist.allSatisfy { $0.status == "implemented" })
        #expect(rows.contains { $0.label == "4.1" && $0.controlID == "_4.1" && $0.source == "urn:trustpress:catalog:iso27001-2022" })
        #expect(rows.contains { $0.label == "A.8.13" && $0.status == "partial" })
    }

    @Test("The public export holds only what the trust center shows; the confidential one every control, with its implementation")
    func publicOnly() throws {
        let model = try Sample.model()
        let publicData = OSCALExport.publicDocument(PublicSite(model), catalogs: model.catalogs)
        let confidential = OSCALExport.confidential(model)
        let publicText = String(decoding: publicData, as: UTF8.self)
        for c in model.controls {
            if let text = c.implementation?.split(separator: "\n").first, text.count > 20 {
                #expect(!publicText.contains(String(text)), "\(c.id)'s implementation is public")
                #expect(String(decoding: confidential, as: UTF8.self).contains(OSCALExportTests.jsonEscaped(String(text))), "\(c.id)")
            }
        }
        #expect(try Self.implemented(publicData).count > 100)
        #expect(publicData == OSCALExport.publicDocument(PublicSite(model), catalogs: model.catalogs), "deterministic")
    }

    @Test("UUIDs are name-based, version 5 with the RFC 9562 variant, and stable")
    func uuids() {
        let a = OSCALExport.uuid("x"), b = OSCALExport.uuid("y")
        #expect(a == OSCALExport.uuid("x") && a != b)
        #expect(a.count == 36 && Array(a)[14] == "5" && "89ab".contains(Array(a)[19]))
        #expect(UUID(uuidString: a) != nil)
    }

    static func jsonEscaped(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        return String(String(decoding: data, as: UTF8.self).dropFirst(2).dropLast(2))
    }
}
