import Foundation

/// The bundle's exports for spreadsheets and tools: `soa.csv`, `soa.json`, `control-matrix.csv`,
/// `control-matrix.json` and `mapping.csv`, beside the pages and listed in `manifest.json` like every
/// bundle file (they exist only in the bundle: the public renderer never sees the model they come from).
///
/// Every column and key is documented in `docs/exports.md`; the JSON files are shaped by
/// `docs/soa.schema.json` and `docs/control-matrix.schema.json` (JSON Schema draft 2020-12). Column
/// names and values are stable machine values (ids, `yes`/`no`, ISO 8601 dates), the same in every
/// site language; only content text (titles, justifications) is as written, trimmed of leading and
/// trailing white space. CSV follows `CSV` (RFC 4180, UTF-8 with a BOM, formula cells neutralised).
///
/// One `soa.csv` and one `soa.json` hold every Statement of Applicability of the program (ISO/IEC
/// 27001 Annex A; a catalog of one's own with `statement_of_applicability: true` too), rows by
/// framework id then natural id order (A.5.2 < A.5.10). A program without one (SOC 2 alone) has
/// neither file, as it has no SoA page. Controls are in natural id order, the requirements of a
/// mapping too. Byte-for-byte deterministic.
enum BundleExports {
    /// Bumped on an incompatible change (a column or key removed or renamed, a value's meaning changed).
    static let formatVersion = 1

    static let soaCSV = "soa.csv", soaJSON = "soa.json"
    static let matrixCSV = "control-matrix.csv", matrixJSON = "control-matrix.json"
    static let mappingCSV = "mapping.csv"

    /// The `$id` of each JSON file's schema, also written in the file as `schema`.
    static let soaSchemaID = "urn:trustpress:schema:soa:1"
    static let matrixSchemaID = "urn:trustpress:schema:control-matrix:1"

    /// `soa.csv`'s header, in order.
    static let soaColumns = ["framework", "annex_a_id", "title", "theme", "applicable", "justification", "status",
                             "implemented_by", "last_test_date", "last_test_result", "last_test_control"]
    /// `control-matrix.csv`'s header, in order.
    static let matrixColumns = ["id", "title", "summary", "status", "owner", "implementation", "maps_to",
                                "evidence_count", "test_count", "last_test_date", "last_test_result"]
    /// `mapping.csv`'s header, in order.
    static let mappingColumns = ["control_id", "control_title", "control_status", "framework", "framework_name",
                                 "requirement_id", "requirement_title", "requirement_group"]

    /// The exports of the bundle, in the order the cover lists them: `soa.csv` and `soa.json` only
    /// when the program has a Statement of Applicability.
    static func paths(_ bundle: ConfidentialBundle) -> [String] { builders(bundle).map(\.path) }

    /// The files of `paths`, each built on its own (they run beside the pages).
    static func jobs(_ bundle: ConfidentialBundle) -> [() -> RenderedFile] {
        builders(bundle).map { export in { RenderedFile(path: export.path, contents: export.make()) } }
    }

    private static func builders(_ bundle: ConfidentialBundle) -> [(path: String, make: () -> Data)] {
        let model = bundle.model
        var files: [(path: String, make: () -> Data)] = []
        if !model.statementsOfApplicability.isEmpty {
            files += [(soaCSV, { soaCSVData(model) }), (soaJSON, { json(SoADocument(bundle)) })]
        }
        files += [(matrixCSV, { matrixCSVData(model) }), (matrixJSON, { json(MatrixDocument(bundle)) }),
                  (mappingCSV, { mappingCSVData(model) })]
        return files
    }

    // MARK: - Values shared by the CSV and JSON files

    /// Content text as a cell holds it: without the line break a YAML block scalar ends in.
    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// `yes`, `no` or `undecided`.
    static func applicable(_ decision: Applicability) -> String {
        switch decision {
        case .applicable: "yes"
        case .excluded: "no"
        case .undecided: "undecided"
        }
    }

    /// The Statements of Applicability with their catalogs, by framework id.
    static func statements(_ model: TrustModel) -> [(catalog: Catalog?, framework: String, entries: [SoAEntry])] {
        model.statementsOfApplicability.sorted { $0.key < $1.key }.map { (model.catalog($0.key), $0.key, $0.value) }
    }

    /// The title of the group (theme) of a requirement, or "" when the catalog has no such group.
    static func groupTitle(_ catalog: Catalog?, _ group: String) -> String {
        catalog?.groups.first { $0.id == group }?.title ?? ""
    }

    /// `iso27001-2022: 5.2, A.5.1; soc2-2017: CC1.1`: frameworks by id, requirements in natural order.
    static func mapsTo(_ control: Control) -> String {
        control.mapsTo.keys.sorted().map { "\($0): " + (control.mapsTo[$0] ?? []).joined(separator: ", ") }
            .joined(separator: "; ")
    }

    // MARK: - CSV

    static func soaCSVData(_ model: TrustModel) -> Data {
        var rows: [[String]] = []
        for (catalog, framework, entries) in statements(model) {
            for e in entries {
                rows.append([framework, e.requirement.id, e.requirement.title, groupTitle(catalog, e.requirement.group),
                             applicable(e.decision), trimmed(e.justification), e.shownStatus.id,
                             e.controls.joined(separator: ", "),
                             e.lastTest?.test.date.description ?? "", e.lastTest?.test.result.rawValue ?? "",
                             e.lastTest?.control ?? ""])
            }
        }
        return CSV.document(header: soaColumns, rows: rows)
    }

    static func matrixCSVData(_ model: TrustModel) -> Data {
        CSV.document(header: matrixColumns, rows: model.controls.map { c in
            [c.id, c.title, trimmed(c.summary), c.status.rawValue, c.owner ?? "", trimmed(c.implementation ?? ""), mapsTo(c),
             String(c.evidence?.count ?? 0), String(c.tests?.count ?? 0),
             c.lastTest?.date.description ?? "", c.lastTest?.result.rawValue ?? ""]
        })
    }

    static func mappingCSVData(_ model: TrustModel) -> Data {
        var rows: [[String]] = []
        for c in model.controls {
            for framework in c.mapsTo.keys.sorted() {
                let catalog = model.catalog(framework)
                for id in c.mapsTo[framework] ?? [] {
                    let requirement = catalog?.requirement(id)
                    rows.append([c.id, c.title, c.status.rawValue, framework, catalog?.shortName ?? framework, id,
                                 requirement?.title ?? "", requirement.map { groupTitle(catalog, $0.group) } ?? ""])
                }
            }
        }
        return CSV.document(header: mappingColumns, rows: rows)
    }

    // MARK: - JSON

    /// Pretty-printed, keys sorted, slashes unescaped, a final line break: deterministic.
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail; an empty object would be a bug the tests catch.
        return ((try? encoder.encode(value)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// Who the bundle is for, at the top of each JSON file (as in `manifest.json`).
    struct Header: Encodable {
        let schema: String
        let formatVersion: Int
        let bundle: String
        let organization: String
        let recipient: String?
        let nda: String?
        let buildDate: String

        init(_ bundle: ConfidentialBundle, schema: String) {
            self.schema = schema
            formatVersion = BundleExports.formatVersion
            self.bundle = bundle.bundleID
            organization = bundle.model.site.organization.legalName
            recipient = bundle.recipient
            nda = bundle.ndaReference
            buildDate = bundle.model.buildDate.description
        }
    }

    /// `soa.json`.
    struct SoADocument: Encodable {
        let header: Header
        let statements: [Statement]

        init(_ bundle: ConfidentialBundle) {
            header = Header(bundle, schema: soaSchemaID)
            let model = bundle.model
            statements = BundleExports.statements(model).map { catalog, framework, entries in
                Statement(framework: framework, frameworkName: catalog?.name ?? framework,
                          soaVersion: model.certifications.first { $0.framework == framework }?.soaVersion,
                          inPreparation: model.programs.isInPreparation(framework),
                          entries: entries.map { e in
                              Entry(annexAID: e.requirement.id, title: e.requirement.title, themeID: e.requirement.group,
                                    theme: groupTitle(catalog, e.requirement.group), applicable: applicable(e.decision),
                                    justification: trimmed(e.justification), status: e.shownStatus.id, implementedBy: e.controls,
                                    lastTest: e.lastTest.map { LastTest(date: $0.test.date.description, result: $0.test.result.rawValue, control: $0.control) })
                          })
            }
        }

        func encode(to encoder: Encoder) throws {
            try header.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(statements, forKey: .statements)
        }

        enum CodingKeys: String, CodingKey { case statements }

        struct Statement: Encodable {
            let framework: String
            let frameworkName: String
            /// The SoA version the certificate names; absent for a program without a certificate yet.
            let soaVersion: String?
            let inPreparation: Bool
            let entries: [Entry]

            enum CodingKeys: String, CodingKey {
                case framework, frameworkName = "framework_name", soaVersion = "soa_version", inPreparation = "in_preparation", entries
            }
        }

        struct Entry: Encodable {
            let annexAID: String
            let title: String
            let themeID: String
            let theme: String
            let applicable: String
            let justification: String
            let status: String
            let implementedBy: [String]
            let lastTest: LastTest?

            enum CodingKeys: String, CodingKey {
                case annexAID = "annex_a_id", title, themeID = "theme_id", theme, applicable, justification, status
                case implementedBy = "implemented_by", lastTest = "last_test"
            }
        }

        struct LastTest: Encodable {
            let date: String
            let result: String
            let control: String
        }
    }

    /// `control-matrix.json`.
    struct MatrixDocument: Encodable {
        let header: Header
        let controls: [ControlItem]

        init(_ bundle: ConfidentialBundle) {
            header = Header(bundle, schema: matrixSchemaID)
            controls = bundle.model.controls.map { c in
                ControlItem(
                    id: c.id, title: c.title, summary: trimmed(c.summary), status: c.status.rawValue, owner: c.owner,
                    implementation: c.implementation.map(trimmed), mapsTo: c.mapsTo,
                    evidence: (c.evidence ?? []).map { EvidenceItem(kind: $0.kind.rawValue, title: $0.title, date: $0.date?.description, reference: $0.reference) },
                    tests: (c.tests ?? []).map { TestItem(date: $0.date.description, procedure: trimmed($0.procedure), sampleSize: $0.sampleSize,
                                                          exceptions: $0.exceptions, result: $0.result.rawValue) },
                    lastTest: c.lastTest.map { LastTest(date: $0.date.description, result: $0.result.rawValue) })
            }
        }

        func encode(to encoder: Encoder) throws {
            try header.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(controls, forKey: .controls)
        }

        enum CodingKeys: String, CodingKey { case controls }

        struct ControlItem: Encodable {
            let id: String
            let title: String
            let summary: String
            let status: String
            let owner: String?
            let implementation: String?
            let mapsTo: [String: [String]]
            let evidence: [EvidenceItem]
            let tests: [TestItem]
            let lastTest: LastTest?

            enum CodingKeys: String, CodingKey {
                case id, title, summary, status, owner, implementation, mapsTo = "maps_to", evidence, tests, lastTest = "last_test"
            }
        }

        struct EvidenceItem: Encodable {
            let kind: String
            let title: String
            let date: String?
            let reference: String?
        }

        struct TestItem: Encodable {
            let date: String
            let procedure: String
            let sampleSize: Int?
            let exceptions: Int?
            let result: String

            enum CodingKeys: String, CodingKey {
                case date, procedure, sampleSize = "sample_size", exceptions, result
            }
        }

        struct LastTest: Encodable {
            let date: String
            let result: String
        }
    }
}

extension BundleExports.Header {
    enum CodingKeys: String, CodingKey {
        case schema, formatVersion = "format_version", bundle, organization, recipient, nda, buildDate = "build_date"
    }
}
