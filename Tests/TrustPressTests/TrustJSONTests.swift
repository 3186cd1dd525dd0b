import Foundation
import Testing
@testable import TrustPressCore

/// trust.json and the documents page (issue 10): real values of the mini site's file, nothing
/// confidential in the canary site's, and the leak audit reading JSON as a JSON reader does.
@Suite("trust.json and the documents list")
struct TrustJSONTests {
    static func object(_ file: RenderedFile?) throws -> [String: Any] {
        let data = try #require(file, "no trust.json").contents
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("The mini site's trust.json holds its public facts, with absolute URLs and status on the build date")
    func miniSiteValues() async throws {
        let result = try await makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site").render()
        let json = try Self.object(result.publicFiles[path: "trust.json"])
        #expect(json["format_version"] as? Int == 1)
        #expect(json["build_date"] as? String == "2026-11-30")
        #expect(Set(json.keys) == ["format_version", "build_date", "organization", "trust_center", "certifications",
                                   "attestations", "frameworks", "controls", "policies", "documents", "subprocessors"])
        let org = try #require(json["organization"] as? [String: String])
        #expect(org == ["name": "Minnow", "legal_name": "Minnow Software, Ltd.", "website": "https://minnow.example"])
        let center = try #require(json["trust_center"] as? [String: String])
        #expect(center["url"] == "https://trust.minnow.example")
        #expect(center["security_txt"] == "https://trust.minnow.example/.well-known/security.txt")
        #expect(center["access_request_url"] == "mailto:trust@minnow.example")
        // The folded YAML scalar's final line break is trimmed.
        #expect(center["description"] == "Minnow keeps small teams' notes & files safe. This page lists our SOC 2 report, the controls we operate and the policies we publish.")

        let certs = try #require(json["certifications"] as? [[String: Any]])
        #expect(certs.count == 1)
        #expect(certs[0]["certificate_number"] as? String == "MN-2025-07")
        #expect(certs[0]["status"] as? String == "valid")
        #expect(certs[0]["status_label"] as? String == "Valid")
        #expect(certs[0]["expires"] as? String == "2028-06-30")
        #expect(certs[0]["url"] as? String == "https://trust.minnow.example/iso27001-2022-mn-2025-07.html")
        let audits = try #require(certs[0]["surveillance_audits"] as? [[String: String]])
        #expect(audits == [["due": "2026-06-30", "status": "completed"], ["due": "2027-06-30", "status": "planned"]])

        let reports = try #require(json["attestations"] as? [[String: Any]])
        #expect(reports.count == 1)
        let report = reports[0]
        #expect(Set(report.keys) == ["framework", "framework_name", "type", "period", "report_date", "auditor",
                                     "categories", "summary", "url"])
        #expect(report["type"] as? Int == 2)
        #expect(report["period"] as? [String: String] == ["start": "2025-07-01", "end": "2026-06-30"])
        #expect(report["categories"] as? [String] == ["security", "availability"])
        #expect((report["auditor"] as? [String: String])?["name"] == "Pike & Perch LLP")

        // Three controls, one of each of three statuses, all counted; not-implemented is 0, not absent.
        let controls = try #require(json["controls"] as? [String: Any])
        #expect(controls["total"] as? Int == 3)
        #expect(controls["by_status"] as? [String: Int] == ["implemented": 1, "partially-implemented": 1, "planned": 1, "not-implemented": 0])

        let policies = try #require(json["policies"] as? [String: Any])
        let open = try #require(policies["public"] as? [[String: String]])
        #expect(open == [["id": "access-control", "title": "Access Control Policy", "version": "2.10", "approved": "2026-03-02",
                          "next_review": "2027-03-02", "summary": "Who may access what, and how access is granted and removed.",
                          "url": "https://trust.minnow.example/policies/access-control.html"]])
        // A confidential policy is its title alone: no id, version, dates or summary.
        #expect(policies["confidential"] as? [[String: String]] == [["title": "Incident Response Policy"]])

        let subprocessors = try #require(json["subprocessors"] as? [[String: String]])
        #expect(subprocessors.map { $0["name"] } == ["anchor mail", "Reefline Cloud"])
    }

    @Test("The sample's trust.json counts every control and every policy, and lists every certificate and report")
    func sampleCounts() async throws {
        let model = try Sample.model()
        let json = try Self.object(try await Sample.render().publicFiles[path: "trust.json"])
        let controls = try #require(json["controls"] as? [String: Any])
        let byStatus = try #require(controls["by_status"] as? [String: Int])
        #expect(controls["total"] as? Int == model.controls.count)
        #expect(Set(byStatus.keys) == Set(ImplementationStatus.allCases.map(\.rawValue)))
        for status in ImplementationStatus.allCases {
            #expect(byStatus[status.rawValue] == model.controls.filter { $0.status == status }.count, "\(status)")
        }
        let policies = try #require(json["policies"] as? [String: [[String: Any]]])
        #expect(policies["public"]?.map { $0["id"] as? String } == model.policies.filter { $0.visibility == .public }
            .sorted { ($0.title.lowercased(), $0.id) < ($1.title.lowercased(), $1.id) }.map(\.id))
        #expect(policies["confidential"]?.count == model.policies.filter { $0.visibility != .public }.count)
        let certs = try #require(json["certifications"] as? [[String: Any]])
        #expect(certs.map { $0["certificate_number"] as? String } == model.certifications.map(\.certificateNumber))
        #expect((json["attestations"] as? [Any])?.count == model.attestations.count)
        let frameworks = try #require(json["frameworks"] as? [[String: Any]])
        #expect(frameworks.map { $0["id"] as? String } == model.frameworksPublished.map(\.framework))
    }

    @Test("The documents list: public items linked, NDA-only items by title, in kind order")
    func documentsList() async throws {
        let result = try await makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site").render()
        let json = try Self.object(result.publicFiles[path: "trust.json"])
        let docs = try #require(json["documents"] as? [[String: String]])
        let rows = docs.map { "\($0["access"]!) \($0["kind"]!) \($0["title"]!) \($0["url"] ?? "-")" }
        #expect(rows == [
            "public certificate ISO/IEC 27001:2022 certificate https://trust.minnow.example/iso27001-2022-mn-2025-07.html",
            "nda report SOC 2 Type 2 report -",
            "nda statement-of-applicability Statement of Applicability (ISO 27001) -",
            "public controls Controls overview https://trust.minnow.example/controls.html",
            "nda controls Control matrix -",
            "nda controls Cross-framework mapping -",
            "public policy Access Control Policy https://trust.minnow.example/policies/access-control.html",
            "nda policy Incident Response Policy -",
            "public subprocessors Subprocessor list https://trust.minnow.example/subprocessors.html",
            "public security-contact security.txt https://trust.minnow.example/.well-known/security.txt",
            "public machine-readable trust.json https://trust.minnow.example/trust.json",
            "public feed Subprocessor changes (Atom feed) https://trust.minnow.example/subprocessors.xml",
        ])
        #expect(docs[1]["related_url"] == "https://trust.minnow.example/soc2-2017-type-2-2026-08-14.html")
        #expect(docs[1]["detail"] == "period 1 July 2025 to 30 June 2026; report dated 14 August 2026; Pike & Perch LLP")
        #expect(docs[0]["detail"] == "certificate MN-2025-07 (Example Certification Ltd); status: Valid; expires 30 June 2028")

        let page = try #require(result.publicFiles[path: "documents.html"]).text
        // Five NDA-only items, each with a hidden lock icon, the visible word NDA and the request link.
        #expect(page.components(separatedBy: "<svg class=\"lock\" aria-hidden=\"true\"").count - 1 == 5)
        #expect(page.components(separatedBy: "<span class=\"nda-label\">NDA</span>").count - 1 == 5)
        #expect(page.components(separatedBy: "<a href=\"mailto:trust@minnow.example\">Request access<span class=\"visually-hidden\"> to ").count - 1 == 5)
        #expect(page.contains("<a href=\"policies/access-control.html\">Access Control Policy</a>"))
        #expect(page.contains("<a href=\"soc2-2017-type-2-2026-08-14.html\">Public summary</a>"))
        #expect(page.contains("<a href=\"trust.json\">trust.json</a>"))
        #expect(page.contains("<a href=\".well-known/security.txt\">security.txt</a>"))
        // No link into the bundle, and the confidential policy has no page to link.
        for bundlePage in ["soa-", "control-matrix.html", "mapping.html", "incident-response.html"] {
            #expect(!page.contains(bundlePage), "\(bundlePage)")
        }
        #expect(page.contains("aria-current=\"page\">Documents</a>"))
    }

    @Test("Every public document's link names a file of the public tree")
    func documentLinksResolve() async throws {
        for fixture in ["mini-site", "canary-site"] {
            let result = try await makeBuilder(content: Paths.fixture(fixture), display: fixture).render()
            let paths = Set(result.publicFiles.paths)
            let site = PublicSite(try makeBuilder(content: Paths.fixture(fixture)).check().0)
            for doc in site.documents {
                if case let .public(path) = doc.access { #expect(paths.contains(path), "\(fixture): \(doc.title) → \(path)") }
                if let related = doc.relatedPath { #expect(paths.contains(related), "\(fixture): \(related)") }
            }
        }
    }

    @Test("The canary site's trust.json holds no canary and no confidential key")
    func canaryTrustJSON() async throws {
        let result = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site").render()
        let file = try #require(result.publicFiles[path: "trust.json"])
        #expect(file.contents.range(of: Data("CANARY".utf8)) == nil)
        #expect(!file.text.lowercased().contains("canary-"))
        // The JSON reader's view too (an escaped canary would pass a byte search).
        #expect(!String(decoding: JSONText.unescaped(Array(file.contents)), as: UTF8.self).lowercased().contains("canary-"))
        let json = try Self.object(file)
        let text = file.text
        for key in ["opinion", "exceptions", "owner", "implementation", "evidence", "justification",
                    "system_description", "complementary_user_entity_controls", "subservice_organizations"] {
            #expect(!text.contains("\"\(key)\""), "\(key)")
        }
        let policies = try #require(json["policies"] as? [String: Any])
        let confidential = try #require(policies["confidential"] as? [[String: String]])
        #expect(confidential.allSatisfy { Array($0.keys) == ["title"] })
        #expect(confidential.map { $0["title"]! }.sorted() == ["Default Policy", "Secret Policy"])
    }

    @Test("docs/trust.schema.json names exactly the model's document kinds, control statuses and categories")
    func schemaMatchesModel() throws {
        let data = try Data(contentsOf: Paths.packageRoot.appendingPathComponent("docs/trust.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        func at(_ path: [String]) -> [String: Any]? {
            path.reduce(schema as [String: Any]?) { $0?[$1] as? [String: Any] }
        }
        let kinds = at(["properties", "documents", "items", "properties", "kind"])?["enum"] as? [String]
        #expect(kinds == PublicDocument.Kind.allCases.map(\.rawValue))
        let documentKinds = at(["properties", "documents", "items", "properties", "document_kind"])?["enum"] as? [String]
        #expect(documentKinds == Document.Kind.allCases.map(\.rawValue))
        let statuses = at(["properties", "controls", "properties", "by_status"])?["required"] as? [String]
        #expect(statuses.map(Set.init) == Set(ImplementationStatus.allCases.map(\.rawValue)))
        let categories = at(["properties", "attestations", "items", "properties", "categories", "items"])?["enum"] as? [String]
        #expect(categories.map(Set.init) == Set(Attestation.Category.allCases.map(\.rawValue)))
        #expect(at(["properties", "format_version"])?["const"] as? Int == TrustJSON.formatVersion)
    }

    @Test("JSON escapes are decoded as RFC 8259 §7 says", arguments: [
        (#""caf\u00e9""#, "\"café\""), (#""a\/b""#, "\"a/b\""), (#""x\ny\tz""#, "\"x\ny\tz\""),
        (#""\"q\" \\ ""#, "\"\"q\" \\ \""), (#""\uD83D\uDE00""#, "\"😀\""), (#""\uD800x""#, "\"\u{FFFD}x\""),
        (#""\uZZZZ \q""#, #""\uZZZZ \q""#), ("\"\\", "\"\\"),
    ])
    func unescape(_ input: String, _ expected: String) {
        #expect(String(decoding: JSONText.unescaped(Array(input.utf8)), as: UTF8.self) == expected)
    }

    /// `\u`-escapes every character of `s` (what a JSON encoder asked for ASCII output writes).
    static func escapedEverywhere(_ s: String) -> String {
        s.utf16.map { String(format: "\\u%04x", $0) }.joined()
    }

    @Test("A confidential fragment hidden by JSON escapes in a public .json file is a leak")
    func escapedCanaryInJSON() throws {
        let (trust, _) = try makeBuilder(content: Paths.fixture("canary-site")).check()
        let planted = LeakAudit.confidentialItems(trust).compactMap { $0.fragments.max { $0.count < $1.count } }
        #expect(planted.count > 100)
        func caught(_ file: RenderedFile) -> Set<String> {
            Set(LeakAudit.audit(model: trust, publicFiles: [file], outputDisplay: "Output")
                .filter { $0.severity == .error }.map(\.message))
        }
        let visible = caught(RenderedFile(path: "visible.html", text: planted.map { "<p>\(LeakAttributeTests.escaped($0))</p>" }.joined(separator: "\n")))
        #expect(visible.count >= planted.count * 9 / 10)
        func json(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        let forms: [(String, (String) -> String)] = [
            ("plain", json),
            ("\\u everywhere", Self.escapedEverywhere),
            ("\\n between words", { json($0).replacingOccurrences(of: " ", with: "\\n") }),
            ("\\/ and \\t", { json($0).replacingOccurrences(of: " ", with: "\\t").replacingOccurrences(of: "/", with: "\\/") }),
        ]
        for (name, escape) in forms {
            let body = planted.map { "  {\"note\": \"\(escape($0))\"}" }
            let file = RenderedFile(path: "trust.json", text: "[\n" + body.joined(separator: ",\n") + "\n]\n")
            let found = caught(file)
            #expect(found == visible, "\(name): \(visible.subtracting(found).count) missed, e.g. \(visible.subtracting(found).sorted().prefix(2))")
        }
        // Read as markup instead, the escaped file hides (almost) everything: the test can fail.
        let hidden = RenderedFile(path: "trust.html", text: planted.map(Self.escapedEverywhere).joined(separator: "\n"))
        #expect(caught(hidden).count < visible.count / 10)
    }
}
