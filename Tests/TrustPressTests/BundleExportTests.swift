import Foundation
import Testing
@testable import TrustPressCore

/// The bundle's exports for spreadsheets and tools (issue 11): soa.csv, soa.json, control-matrix.csv,
/// control-matrix.json and mapping.csv. RFC 4180 with a BOM, OWASP's formula neutralisation, the
/// pinned columns, real values of the sample and the mini site, natural order, determinism, and the
/// files only in the bundle. (Tests/browser/test_exports.py reads them back with Python's csv module
/// and validates the JSON against docs/*.schema.json.)
@Suite("Bundle exports")
struct BundleExportTests {
    static let exports = ["control-matrix.csv", "control-matrix.json", "mapping.csv", "soa.csv", "soa.json"]

    /// A strict RFC 4180 reader for the tests: the BOM must be there, records end in CRLF, quotes are
    /// balanced and a quoted field is followed by a comma or the end of its record.
    static func parse(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        try #require(Array(data.prefix(3)) == bom, "no UTF-8 byte-order mark", sourceLocation: sourceLocation)
        let text = Array(String(decoding: data.dropFirst(3), as: UTF8.self).unicodeScalars)
        var records: [[String]] = [], record: [String] = [], field = "", i = 0
        while i < text.count {
            if text[i] == "\"" && field.isEmpty {
                i += 1
                while true {
                    try #require(i < text.count, "an unterminated quoted field", sourceLocation: sourceLocation)
                    if text[i] == "\"" {
                        if i + 1 < text.count && text[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.unicodeScalars.append(text[i]); i += 1
                }
                try #require(i == text.count || text[i] == "," || text[i] == "\r", "text after a closing quote", sourceLocation: sourceLocation)
                continue
            }
            switch text[i] {
            case ",": record.append(field); field = ""; i += 1
            case "\r":
                try #require(i + 1 < text.count && text[i + 1] == "\n", "a CR without LF outside quotes", sourceLocation: sourceLocation)
                record.append(field); records.append(record); record = []; field = ""; i += 2
            case "\n": Issue.record("a bare LF ends a record", sourceLocation: sourceLocation); i += 1
            case "\"": Issue.record("a quote inside an unquoted field", sourceLocation: sourceLocation); i += 1
            default: field.unicodeScalars.append(text[i]); i += 1
            }
        }
        try #require(record.isEmpty && field.isEmpty, "the last record does not end in CRLF", sourceLocation: sourceLocation)
        return records
    }

    /// The records of `path` in `files`, the header first; every record as long as the header.
    static func table(_ files: [RenderedFile], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String]] {
        let file = try #require(files[path: path], "the bundle has no \(path)", sourceLocation: sourceLocation)
        let records = try parse(file.contents, sourceLocation: sourceLocation)
        for (n, record) in records.enumerated() {
            #expect(record.count == records[0].count, "\(path) record \(n + 1) has \(record.count) fields", sourceLocation: sourceLocation)
        }
        return records
    }

    static func object(_ files: [RenderedFile], _ path: String) throws -> [String: Any] {
        let file = try #require(files[path: path], "the bundle has no \(path)")
        return try #require(try JSONSerialization.jsonObject(with: file.contents) as? [String: Any])
    }

    // MARK: - The CSV writer

    @Test("A cell is quoted when RFC 4180 needs it and neutralised when OWASP says so", arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rinside", "\"cr\rinside\""),
        ("crlf\r\ninside", "\"crlf\r\ninside\""),
        ("=1+1", "\"'=1+1\""),
        ("+1", "\"'+1\""),
        ("-1", "\"'-1\""),
        ("@SUM(A1:A9)", "\"'@SUM(A1:A9)\""),
        ("\tindented", "\"'\tindented\""),
        ("\rreturn", "\"'\rreturn\""),
        // "\r\n" is one Character in Swift; it still starts with a carriage return.
        ("\r\nfirst line empty", "\"'\r\nfirst line empty\""),
        ("=HYPERLINK(\"https://evil.example\",\"Click\")", "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\""),
        ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'quoted", "'quoted"),
        ("A.5.1", "A.5.1"),
        ("Über naïve — 日本語 🔐", "Über naïve — 日本語 🔐"),
        ("Zürich, Genève", "\"Zürich, Genève\""),
        ("−1 (U+2212 is no hyphen)", "−1 (U+2212 is no hyphen)"),
    ])
    func field(_ cell: String, _ expected: String) {
        #expect(CSV.field(cell) == expected)
    }

    @Test("Every OWASP trigger is neutralised, and nothing else is", arguments: ["=", "+", "-", "@", "\t", "\r"])
    func triggers(_ trigger: String) {
        #expect(CSV.neutralised(trigger + "x") == "'" + trigger + "x")
        #expect(CSV.neutralised("x" + trigger) == "x" + trigger)
        #expect(CSV.formulaTriggers.count == 6)
    }

    @Test("A file is a UTF-8 BOM, then CRLF-ended records, the last one too; the reader gets the cells back")
    func document() throws {
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", "=1+1", "Ünïcødé, 日本"]
        let data = CSV.document(header: ["h1", "h2", "h3", "h4", "h5", "h6"], rows: [cells])
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: data, as: UTF8.self)
            == "\u{FEFF}h1,h2,h3,h4,h5,h6\r\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=1+1\",\"Ünïcødé, 日本\"\r\n")
        let records = try Self.parse(data)
        #expect(records == [["h1", "h2", "h3", "h4", "h5", "h6"], ["plain", "a,b", "say \"hi\"", "two\nlines", "'=1+1", "Ünïcødé, 日本"]])
        #expect(CSV.document(header: ["only"], rows: []) == Data("\u{FEFF}only\r\n".utf8))
    }

    // MARK: - The model's last test and shown status

    static func test(_ date: String, _ result: Control.ControlTest.Result, _ procedure: String = "P") -> Control.ControlTest {
        Control.ControlTest(date: CalendarDate(date)!, procedure: procedure, sampleSize: nil, exceptions: nil, result: result)
    }

    @Test("A control's last test is its latest; on one date an exception outranks a pass")
    func lastTest() {
        #expect(Control.ControlTest.latest([]) == nil)
        let old = Self.test("2026-01-10", .exception), new = Self.test("2026-03-01", .passed)
        #expect(Control.ControlTest.latest([old, new]) == new)
        #expect(Control.ControlTest.latest([new, old]) == new)
        let pass = Self.test("2026-03-01", .passed, "Z"), fail = Self.test("2026-03-01", .exception, "A")
        #expect(Control.ControlTest.latest([pass, fail]) == fail)
        #expect(Control.ControlTest.latest([fail, pass]) == fail)
        // Same date and result: the procedure decides, whatever the order written.
        let a = Self.test("2026-03-01", .passed, "A"), b = Self.test("2026-03-01", .passed, "B")
        #expect(Control.ControlTest.latest([a, b]) == b && Control.ControlTest.latest([b, a]) == b)
    }

    @Test("The sample's SoA entries carry the last test of their controls and the status the SoA shows")
    func sampleModel() throws {
        let model = try Sample.model()
        let soa = try #require(model.statementsOfApplicability["iso27001-2022"])
        let a52 = try #require(soa.first { $0.requirement.id == "A.5.2" })
        // FW-GOV-03 was last tested on 2026-10-08, FW-HR-05 on 2026-10-13.
        #expect(a52.controls == ["FW-GOV-03", "FW-HR-05"])
        #expect(a52.lastTest?.control == "FW-HR-05")
        #expect(a52.lastTest?.test.date == CalendarDate("2026-10-13"))
        #expect(a52.lastTest?.test.result == .passed)
        #expect(a52.shownStatus == .implementation(.implemented) && a52.shownStatus.id == "implemented")
        let a71 = try #require(soa.first { $0.requirement.id == "A.7.1" })
        #expect(a71.lastTest == nil && a71.shownStatus == .notApplicable && a71.shownStatus.id == "not-applicable")
        let gov01 = try #require(model.controls.first { $0.id == "FW-GOV-01" })
        #expect(gov01.lastTest?.date == CalendarDate("2026-10-06"))
    }

    // MARK: - The sample's files

    @Test("The bundle holds the five exports, listed in the manifest with their SHA-256; the public site has none")
    func files() async throws {
        let result = try await Sample.render()
        let manifest = try Self.object(result.bundleFiles, "manifest.json")
        let entries = try #require(manifest["files"] as? [[String: Any]])
        for path in Self.exports {
            let file = try #require(result.bundleFiles[path: path], "the bundle has no \(path)")
            let entry = try #require(entries.first { $0["path"] as? String == path }, "manifest.json does not list \(path)")
            #expect(entry["sha256"] as? String == sha256Hex(file.contents))
            #expect(entry["bytes"] as? Int == file.contents.count)
        }
        let publicPaths = Set(result.publicFiles.paths)
        #expect(publicPaths.isDisjoint(with: Self.exports + Self.exports.map { "confidential/" + $0 }))
        #expect(!result.publicFiles.contains { $0.path.hasSuffix(".csv") })
        for file in result.publicFiles where file.path.hasSuffix(".html") || file.path.hasSuffix(".json") {
            for path in Self.exports { #expect(!file.text.contains("\"\(path)\""), "\(file.path) names \(path)") }
        }
    }

    @Test("The header rows are pinned, byte for byte")
    func headers() async throws {
        let result = try await Sample.render()
        let expected = [
            "soa.csv": "framework,annex_a_id,title,theme,applicable,justification,status,implemented_by,last_test_date,last_test_result,last_test_control",
            "control-matrix.csv": "id,title,summary,status,owner,implementation,maps_to,evidence_count,test_count,last_test_date,last_test_result",
            "mapping.csv": "control_id,control_title,control_status,framework,framework_name,requirement_id,requirement_title,requirement_group",
        ]
        for (path, header) in expected {
            let text = try #require(result.bundleFiles[path: path]).text
            #expect(text.hasPrefix("\u{FEFF}" + header + "\r\n"), "\(path)")
        }
    }

    @Test("soa.csv: the 93 Annex A controls in natural order with the sample's values")
    func soaCSV() async throws {
        let result = try await Sample.render()
        let model = try Sample.model()
        let rows = try Self.table(result.bundleFiles, "soa.csv")
        #expect(rows[0] == BundleExports.soaColumns)
        let body = Array(rows.dropFirst())
        #expect(body.count == 93)
        let ids = body.map { $0[1] }
        #expect(ids == model.catalog("iso27001-2022")?.soaRequirements.map(\.id))
        #expect(ids.prefix(11) == ["A.5.1", "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6", "A.5.7", "A.5.8", "A.5.9", "A.5.10", "A.5.11"])
        #expect(ids.last == "A.8.34")
        func row(_ id: String) -> [String]? { body.first { $0[1] == id } }
        #expect(row("A.5.1") == ["iso27001-2022", "A.5.1", "Policies for information security", "Organizational controls", "yes",
                                 "Required to direct the ISMS; the information security policy and topic-specific policies are approved and communicated.",
                                 "implemented", "FW-GOV-01", "2026-10-06", "passed", "FW-GOV-01"])
        #expect(row("A.5.2") == ["iso27001-2022", "A.5.2", "Information security roles and responsibilities", "Organizational controls", "yes",
                                 "Security roles must be assigned so that risks and controls have accountable owners.",
                                 "implemented", "FW-GOV-03, FW-HR-05", "2026-10-13", "passed", "FW-HR-05"])
        #expect(row("A.7.1") == ["iso27001-2022", "A.7.1", "Physical security perimeters", "Physical controls", "no",
                                 "Fernwick is fully remote and has no offices, server rooms or data centers; there is no physical perimeter to define. Perimeters of the hosting facilities are the cloud provider's responsibility and are covered by its SOC 2 report, reviewed under A.5.22.",
                                 "not-applicable", "", "", "", ""])
        // The counts of the SoA page.
        #expect(body.filter { $0[4] == "yes" }.count == model.statementsOfApplicability["iso27001-2022"]?.filter(\.applicable).count)
        #expect(Set(body.map { $0[6] }).isSubset(of: ["implemented", "partially-implemented", "planned", "not-implemented", "not-applicable", "undecided"]))
    }

    @Test("control-matrix.csv and mapping.csv: every control in natural order, every mapping")
    func matrixAndMapping() async throws {
        let result = try await Sample.render()
        let model = try Sample.model()
        let matrix = try Self.table(result.bundleFiles, "control-matrix.csv")
        #expect(matrix[0] == BundleExports.matrixColumns)
        #expect(matrix.dropFirst().map { $0[0] } == model.controls.map(\.id))
        let gov = try #require(matrix.first { $0[0] == "FW-GOV-01" })
        #expect(Array(gov.prefix(5)) == ["FW-GOV-01", "Information security policy framework",
                                         "A board-approved information security policy and topic-specific policies are published to all personnel and reviewed every year.",
                                         "implemented", "Chief Information Security Officer"])
        // The block scalar's text, without its final line break.
        #expect(gov[5].hasPrefix("The Information Security Policy is the top-level document of the ISMS."))
        #expect(gov[5].hasSuffix("follow the same review cycle."))
        #expect(Array(gov.suffix(5)) == ["iso27001-2022: 5.2, 7.5, A.5.1, A.5.37; soc2-2017: CC1.1, CC2.2, CC5.1, CC5.3",
                                         "2", "1", "2026-10-06", "passed"])

        let mapping = try Self.table(result.bundleFiles, "mapping.csv")
        #expect(mapping[0] == BundleExports.mappingColumns)
        #expect(mapping.count - 1 == model.controls.reduce(0) { $0 + $1.mapsTo.values.reduce(0) { $0 + $1.count } })
        #expect(mapping.filter { $0[0] == "FW-GOV-01" }.map { "\($0[3]) \($0[5])" }
            == ["iso27001-2022 5.2", "iso27001-2022 7.5", "iso27001-2022 A.5.1", "iso27001-2022 A.5.37",
                "soc2-2017 CC1.1", "soc2-2017 CC2.2", "soc2-2017 CC5.1", "soc2-2017 CC5.3"])
        #expect(mapping.first { $0[0] == "FW-GOV-01" && $0[5] == "A.5.1" }
            == ["FW-GOV-01", "Information security policy framework", "implemented", "iso27001-2022", "ISO 27001", "A.5.1",
                "Policies for information security", "Organizational controls"])
        #expect(mapping.first { $0[0] == "FW-GOV-01" && $0[5] == "CC1.1" }?[7] == "Security — common criteria")
    }

    @Test("soa.json and control-matrix.json: schema id, version, who the bundle is for, and the same facts as the CSV")
    func json() async throws {
        let result = try await makeBuilder(content: Paths.content, display: "Content", recipient: "Acme Corp", nda: "NDA-7").render()
        let model = try Sample.model()
        let soa = try Self.object(result.bundleFiles, "soa.json")
        #expect(Set(soa.keys) == ["schema", "format_version", "bundle", "organization", "recipient", "nda", "build_date", "statements"])
        #expect(soa["schema"] as? String == "urn:trustpress:schema:soa:1")
        #expect(soa["format_version"] as? Int == 1)
        #expect(soa["bundle"] as? String == "2026-11-30-acme-corp")
        #expect(soa["recipient"] as? String == "Acme Corp" && soa["nda"] as? String == "NDA-7")
        #expect(soa["organization"] as? String == "Fernwick Labs, Inc.")
        #expect(soa["build_date"] as? String == "2026-11-30")
        let statements = try #require(soa["statements"] as? [[String: Any]])
        #expect(statements.count == 1)
        #expect(statements[0]["framework"] as? String == "iso27001-2022")
        #expect(statements[0]["framework_name"] as? String == "ISO/IEC 27001:2022")
        #expect(statements[0]["soa_version"] as? String == "4.1")
        #expect(statements[0]["in_preparation"] as? Bool == false)
        let entries = try #require(statements[0]["entries"] as? [[String: Any]])
        #expect(entries.compactMap { $0["annex_a_id"] as? String } == model.catalog("iso27001-2022")?.soaRequirements.map(\.id))
        let a52 = try #require(entries.first { $0["annex_a_id"] as? String == "A.5.2" })
        #expect(a52["theme"] as? String == "Organizational controls" && a52["theme_id"] as? String == "organizational")
        #expect(a52["applicable"] as? String == "yes" && a52["status"] as? String == "implemented")
        #expect(a52["implemented_by"] as? [String] == ["FW-GOV-03", "FW-HR-05"])
        #expect(a52["last_test"] as? [String: String] == ["date": "2026-10-13", "result": "passed", "control": "FW-HR-05"])
        let a71 = try #require(entries.first { $0["annex_a_id"] as? String == "A.7.1" })
        #expect(a71["last_test"] == nil && a71["implemented_by"] as? [String] == [])

        let matrix = try Self.object(result.bundleFiles, "control-matrix.json")
        #expect(matrix["schema"] as? String == "urn:trustpress:schema:control-matrix:1")
        #expect(matrix["format_version"] as? Int == 1)
        let controls = try #require(matrix["controls"] as? [[String: Any]])
        #expect(controls.compactMap { $0["id"] as? String } == model.controls.map(\.id))
        let gov = try #require(controls.first { $0["id"] as? String == "FW-GOV-01" })
        #expect(gov["maps_to"] as? [String: [String]] == ["iso27001-2022": ["5.2", "7.5", "A.5.1", "A.5.37"],
                                                          "soc2-2017": ["CC1.1", "CC2.2", "CC5.1", "CC5.3"]])
        #expect(gov["owner"] as? String == "Chief Information Security Officer")
        #expect((gov["implementation"] as? String)?.hasSuffix("follow the same review cycle.") == true)
        #expect(gov["last_test"] as? [String: String] == ["date": "2026-10-06", "result": "passed"])
        let tests = try #require(gov["tests"] as? [[String: Any]])
        #expect(tests.count == 1 && tests[0]["sample_size"] as? Int == 25 && tests[0]["exceptions"] as? Int == 0)
        let evidence = try #require(gov["evidence"] as? [[String: Any]])
        #expect(evidence.first as? [String: String] == ["kind": "policy", "title": "Information Security Policy v5.0, approved by the CEO",
                                                        "date": "2026-02-10", "reference": "POL-ISP-5.0"])
    }

    @Test("The keys the JSON files write are exactly the properties their schemas in docs/ declare")
    func schemasMatch() async throws {
        let result = try await Sample.render()
        func schema(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: Paths.packageRoot.appendingPathComponent("docs/\(name)"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        func properties(_ schema: [String: Any], _ path: [String]) -> Set<String> {
            var node: Any? = schema
            for key in path { node = (node as? [String: Any])?[key] }
            return Set(((node as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        let soaSchema = try schema("soa.schema.json"), matrixSchema = try schema("control-matrix.schema.json")
        #expect(soaSchema["$id"] as? String == BundleExports.soaSchemaID)
        #expect(matrixSchema["$id"] as? String == BundleExports.matrixSchemaID)
        let soa = try Self.object(result.bundleFiles, "soa.json")
        // The internal bundle has no recipient or NDA: those keys are left out, and optional in the schema.
        #expect(properties(soaSchema, []) == Set(soa.keys).union(["recipient", "nda"]))
        let statement = try #require((soa["statements"] as? [[String: Any]])?.first)
        #expect(properties(soaSchema, ["$defs", "statement"]) == Set(statement.keys))
        let entries = try #require(statement["entries"] as? [[String: Any]])
        #expect(properties(soaSchema, ["$defs", "entry"]) == entries.reduce(into: Set<String>()) { $0.formUnion($1.keys) })
        let matrix = try Self.object(result.bundleFiles, "control-matrix.json")
        #expect(properties(matrixSchema, []) == Set(matrix.keys).union(["recipient", "nda"]))
        let controls = try #require(matrix["controls"] as? [[String: Any]])
        #expect(properties(matrixSchema, ["$defs", "control"]) == controls.reduce(into: Set<String>()) { $0.formUnion($1.keys) })

        // The enumerations are the model's.
        func values(_ schema: [String: Any], _ path: [String]) -> Set<String> {
            var node: Any? = schema
            for key in path { node = (node as? [String: Any])?[key] }
            return Set(((node as? [String: Any])?["enum"] as? [String]) ?? [])
        }
        let statuses = Set(ImplementationStatus.allCases.map(\.rawValue))
        #expect(values(soaSchema, ["$defs", "entry", "properties", "status"]) == statuses.union(["not-applicable", "undecided"]))
        #expect(values(matrixSchema, ["$defs", "control", "properties", "status"]) == statuses)
        #expect(values(matrixSchema, ["$defs", "evidence", "properties", "kind"]) == Set(Control.Evidence.Kind.allCases.map(\.rawValue)))
        let results = Set(Control.ControlTest.Result.allCases.map(\.rawValue))
        #expect(values(matrixSchema, ["$defs", "test", "properties", "result"]) == results)
        #expect(values(soaSchema, ["$defs", "last_test", "properties", "result"]) == results)
    }

    @Test("Two renders give byte-identical exports; a German build's exports equal the English ones")
    func deterministic() async throws {
        let first = try await makeBuilder(content: Paths.content, display: "Content").render()
        let second = try await makeBuilder(content: Paths.content, display: "Content").render()
        let german = try await LanguageTests().render("de")
        for path in Self.exports {
            let a = try #require(first.bundleFiles[path: path]), b = try #require(second.bundleFiles[path: path])
            #expect(a.contents == b.contents, "\(path)")
            // Machine values, not words: the same in every language (the bundle id is the same too).
            #expect(german.bundleFiles[path: path]?.contents == a.contents, "\(path) depends on the language")
        }
        let cover = try #require(german.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<h2 id=\"exports\">Exporte für Tabellenkalkulationen und Werkzeuge</h2>"))
        #expect(cover.contains("<li><a href=\"soa.csv\" download><code>soa.csv</code></a> — Erklärung zur Anwendbarkeit: eine Zeile je Maßnahme aus Anhang A</li>"))
        #expect(cover.contains("<li><a href=\"index.html#exports\">Exporte (CSV, JSON)</a></li>"))
    }

    @Test("The cover lists each export with a download link, and every page's navigation leads there")
    func cover() async throws {
        let result = try await Sample.render()
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<h2 id=\"exports\">Exports for spreadsheets and tools</h2>"))
        for (path, label) in [("soa.csv", "Statement of Applicability: one row per Annex A control"),
                              ("soa.json", "Statement of Applicability, for tools"),
                              ("control-matrix.csv", "Control matrix: one row per control"),
                              ("control-matrix.json", "Control matrix with evidence and tests, for tools"),
                              ("mapping.csv", "Cross-framework mapping: one row per control and requirement")] {
            #expect(cover.contains("<li><a href=\"\(path)\" download><code>\(path)</code></a> — \(label)</li>"), "\(path)")
        }
        let policy = try #require(result.bundleFiles.first { $0.path.hasPrefix("policies/") }).text
        #expect(policy.contains("<li><a href=\"../index.html#exports\">Exports (CSV, JSON)</a></li>"))
    }

    // MARK: - The mini site and hostile content

    @Test("The mini site: a test with an exception is the last test; an untested control has none")
    func miniSite() async throws {
        let result = try await makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site").render()
        let soa = try Self.table(result.bundleFiles, "soa.csv")
        #expect(soa.first { $0[1] == "A.8.5" } == ["iso27001-2022", "A.8.5", "Secure authentication", "Technological controls", "yes",
                                                   "Customer data is reached only through authenticated access.", "implemented",
                                                   "MINI-IAM-01", "2026-07-15", "exception", "MINI-IAM-01"])
        #expect(soa.first { $0[1] == "A.8.13" }?.suffix(5) == ["partially-implemented", "MINI-OPS-01", "", "", ""])
        #expect(soa.first { $0[1] == "A.5.1" }?.suffix(5) == ["not-implemented", "", "", "", ""])
        let matrix = try Self.table(result.bundleFiles, "control-matrix.csv")
        #expect(matrix.dropFirst().map { $0[0] } == ["MINI-GOV-01", "MINI-IAM-01", "MINI-OPS-01"])
        #expect(matrix[2] == ["MINI-IAM-01", "Single sign-on with MFA", "Every person signs in through single sign-on with a security key.",
                              "implemented", "IT Lead", "Accounts come from the HR system; *shared* accounts are not allowed.",
                              "iso27001-2022: A.5.16, A.8.5; soc2-2017: CC6.1, CC6.2", "1", "1", "2026-07-15", "exception"])
        // No owner, no tests: empty cells, not words.
        #expect(matrix[1].suffix(7) == ["", "", "iso27001-2022: 6.1.2, A.5.7; soc2-2017: CC3.1, CC3.2", "0", "0", "", ""])
    }

    @Test("Content that starts like a formula reaches the spreadsheet as text")
    func formulaContent() async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let controls = content.appendingPathComponent("controls/controls.yaml")
        try (String(contentsOf: controls, encoding: .utf8) + """
          - id: MINI-X-01
            title: "=HYPERLINK(\\"https://evil.example\\",\\"Open\\")"
            summary: "+1 and, with a comma"
            status: planned
            maps_to:
              iso27001-2022: [A.5.9]
            owner: "\\t@security"
            implementation: "-rf"

        """).write(to: controls, atomically: true, encoding: .utf8)
        let applicability = content.appendingPathComponent("applicability.yaml")
        let yaml = try String(contentsOf: applicability, encoding: .utf8).replacingOccurrences(
            of: "  A.5.9:\n    applicable: true\n    justification: Required by the risk treatment plan.",
            with: "  A.5.9:\n    applicable: true\n    justification: \"\\t@risk owner decides, =2+2\"")
        try yaml.write(to: applicability, atomically: true, encoding: .utf8)

        let result = try await makeBuilder(content: content, display: "mini-site").render()
        let matrixText = try #require(result.bundleFiles[path: "control-matrix.csv"]).text
        #expect(matrixText.contains("\r\nMINI-X-01,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Open\"\")\",\"'+1 and, with a comma\",planned,\"'\t@security\",\"'-rf\","))
        let matrix = try Self.table(result.bundleFiles, "control-matrix.csv")
        #expect(matrix.last?.prefix(6) == ["MINI-X-01", "'=HYPERLINK(\"https://evil.example\",\"Open\")", "'+1 and, with a comma",
                                           "planned", "'\t@security", "'-rf"])
        let soa = try Self.table(result.bundleFiles, "soa.csv")
        // Trimmed first (the tab goes), then neutralised (the @ stays text).
        #expect(soa.first { $0[1] == "A.5.9" }?[5] == "'@risk owner decides, =2+2")
        #expect(soa.first { $0[1] == "A.5.9" }?[7] == "MINI-X-01")
        let mapping = try Self.table(result.bundleFiles, "mapping.csv")
        #expect(mapping.last?.prefix(2) == ["MINI-X-01", "'=HYPERLINK(\"https://evil.example\",\"Open\")"])
        // The JSON holds the text as written: a JSON reader runs no formulas.
        let json = try Self.object(result.bundleFiles, "control-matrix.json")
        let x = try #require((json["controls"] as? [[String: Any]])?.first { $0["id"] as? String == "MINI-X-01" })
        #expect(x["title"] as? String == "=HYPERLINK(\"https://evil.example\",\"Open\")")
    }

    @Test("A program with no Statement of Applicability writes the other three exports, with their headers")
    func noStatement() async throws {
        let dir = try makeTemporaryFolder("soc2-only-exports")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "controls/c.yaml": PageContentTests.soc2OnlyControl,
                        "attestations/soc2.yaml": PageContentTests.soc2Attestation], into: dir)
        let result = try await makeBuilder(content: dir).render()
        #expect(result.bundleFiles.paths.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }
            == ["control-matrix.csv", "control-matrix.json", "manifest.json", "mapping.csv"])
        #expect(try Self.table(result.bundleFiles, "control-matrix.csv").count == 2)
    }
}
