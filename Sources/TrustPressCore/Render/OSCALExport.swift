import Crypto
import Foundation

/// `trustpress export oscal`: the unified controls as an OSCAL 1.1.3 component definition (JSON).
///
/// One component per unified control (type `process-procedure`); per framework it maps to, one
/// control implementation whose `source` names the catalog, with one implemented requirement per
/// requirement id. OSCAL 1.1 has no status field on a component's implemented requirement, so the
/// status is a prop `implementation-status` (OSCAL's own values: implemented, partial, planned) in
/// TrustPress's namespace, beside a prop `label` with the id as the framework prints it.
///
/// Public by default: built from `PublicSite` (the frameworks and controls the trust center shows,
/// titles, summaries, statuses). `confidential(_:)` adds every control and framework, and each
/// control's implementation text and owner, for an NDA recipient or an auditor's tool.
/// Deterministic: UUIDs are name-based (RFC 9562 version 5) and `last-modified` is the build date.
public enum OSCALExport {
    /// The OSCAL version the output follows (validated against NIST's 1.1.3 JSON schema in the tests).
    public static let oscalVersion = "1.1.3"
    /// The namespace of TrustPress's props (OSCAL: props without `ns` are NIST's own names).
    public static let namespace = "https://trustpress.dev/ns/oscal"

    /// One unified control as exported.
    struct ExportedControl {
        let id: String
        let title: String
        let summary: String
        let status: ImplementationStatus
        /// Framework id → requirement ids, natural order.
        let requirements: [String: [String]]
        let implementation: String?
        let owner: String?
    }

    /// The public export: the controls and frameworks of the public trust center only.
    public static func publicDocument(_ site: PublicSite, catalogs: [Catalog]) -> Data {
        var controls: [String: (PublicControl, [String: [String]])] = [:]
        for framework in site.controlFrameworks {
            for group in framework.groups {
                for c in group.controls {
                    var entry = controls[c.id] ?? (c, [:])
                    entry.1[framework.framework, default: []] += c.requirements
                    controls[c.id] = entry
                }
            }
        }
        let exported = controls.values.map { c, reqs in
            ExportedControl(id: c.id, title: c.title, summary: c.summary, status: c.status,
                            requirements: reqs.mapValues { Array(Set($0)).sortedNaturally(by: { $0 }) }, implementation: nil, owner: nil)
        }
        // As the controls page says it ("7 not listed here"), so leaving statuses out never reads as
        // everything being implemented.
        var remarks = "The unified controls of the public trust center: titles, summaries and statuses only."
        let totals = site.controlTotals
        if totals.hidden > 0 {
            let listed = site.listedControlStatuses.map { status($0) }.joined(separator: ", ")
            remarks += " The trust center lists the controls whose status is \(listed): \(totals.hidden) of \(totals.total) controls are not listed here."
        }
        return document(organization: site.organization.name, date: site.buildDate, controls: exported, catalogs: catalogs,
                        confidential: false, remarks: remarks)
    }

    /// The confidential export: every control with every mapping, its implementation and owner.
    public static func confidential(_ model: TrustModel) -> Data {
        let exported = model.controls.map { c in
            ExportedControl(id: c.id, title: c.title, summary: c.summary, status: c.status, requirements: c.mapsTo,
                            implementation: c.implementation, owner: c.owner)
        }
        return document(organization: model.site.organization.name, date: model.buildDate, controls: exported,
                        catalogs: model.catalogs, confidential: true)
    }

    static func document(organization: String, date: CalendarDate, controls: [ExportedControl], catalogs: [Catalog],
                         confidential: Bool, remarks: String? = nil) -> Data {
        let byID = Dictionary(catalogs.map { ($0.framework, $0) }, uniquingKeysWith: { a, _ in a })
        let root = "trustpress:\(organization):\(date)"
        var components: [[String: Any]] = []
        for c in controls.sortedNaturally(by: \.id) {
            var implementations: [[String: Any]] = []
            for framework in c.requirements.keys.sorted() {
                guard let ids = c.requirements[framework], !ids.isEmpty, let catalog = byID[framework] else { continue }
                let requirements: [[String: Any]] = ids.map { id in
                    var requirement: [String: Any] = [
                        "uuid": uuid("\(root):\(c.id):\(framework):\(id)"),
                        "control-id": controlID(id, in: catalog),
                        "description": "\(c.title): \(c.summary)",
                        "props": [prop("label", id), prop("implementation-status", status(c.status))],
                    ]
                    if confidential, let text = c.implementation, !text.isEmpty { requirement["remarks"] = text }
                    return requirement
                }
                implementations.append([
                    "uuid": uuid("\(root):\(c.id):\(framework)"),
                    "source": source(catalog),
                    "description": "\(c.id) \(c.title), mapped to \(catalog.name).",
                    "props": [prop("framework", framework)],
                    "implemented-requirements": requirements,
                ])
            }
            var component: [String: Any] = [
                "uuid": uuid("\(root):\(c.id)"),
                "type": "process-procedure",
                "title": "\(c.id) \(c.title)",
                "description": c.summary,
                "props": [prop("unified-control", c.id), prop("implementation-status", status(c.status))],
            ]
            if !implementations.isEmpty { component["control-implementations"] = implementations }
            if confidential, let owner = c.owner, !owner.isEmpty { component["remarks"] = "Owner: \(owner)" }
            components.append(component)
        }
        var definition: [String: Any] = [
            "uuid": uuid(root),
            "metadata": [
                "title": "\(organization): unified controls" + (confidential ? " (confidential)" : ""),
                "last-modified": "\(date)T00:00:00Z",
                "version": date.description,
                "oscal-version": oscalVersion,
                "remarks": remarks ?? "Confidential: every unified control, with its implementation and owner. Share under NDA only.",
            ] as [String: Any],
        ]
        if !components.isEmpty { definition["components"] = components }
        let data = try! JSONSerialization.data(withJSONObject: ["component-definition": definition],
                                               options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return data + Data("\n".utf8)
    }

    /// A relative path as a URI reference: each byte outside RFC 3986's unreserved set and `/` percent-encoded.
    static func percentEncoded(_ path: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func prop(_ name: String, _ value: String) -> [String: String] {
        ["name": name, "ns": namespace, "value": value]
    }

    /// OSCAL's implementation-status values (implemented, partial, planned; "not-implemented" is ours:
    /// OSCAL allows any token, and a control mapped but not started is neither planned nor partial).
    static func status(_ status: ImplementationStatus) -> String {
        switch status {
        case .implemented: "implemented"
        case .partiallyImplemented: "partial"
        case .planned: "planned"
        case .notImplemented: "not-implemented"
        }
    }

    /// Where the catalog comes from: NIST's published OSCAL file (at the oscal-content commit the
    /// shipped copy was made from, so the ids match) for the shipped NIST catalogs, the user's file
    /// (`frameworks/<file>.json`, relative to the content folder) for one read from OSCAL, else a URN
    /// naming the TrustPress catalog.
    static func source(_ catalog: Catalog) -> String {
        switch catalog.framework {
        case "nist-sp800-53-r5":
            "https://raw.githubusercontent.com/usnistgov/oscal-content/a849dbca4649e0cc626fefdd46cf5232c8308f4c/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json"
        case "nist-csf-2.0":
            "https://raw.githubusercontent.com/usnistgov/oscal-content/78650f02ad9321bb7b817846f8fbd4f2bcd620de/nist.gov/CSF/v2.0/json/NIST_CSF_v2.0_catalog-min.json"
        default:
            catalog.oscalFile.map(percentEncoded) ?? "urn:trustpress:catalog:\(catalog.framework)"
        }
    }

    /// The id as an OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`): an OSCAL catalog's own id
    /// (`AC-2(1)` → `ac-2.1`); an id that is a token already as it is (`A.5.15`, `CC6.1`); any other
    /// with each other character replaced by `_` and, when it starts with a digit, a leading `_`
    /// (ISO clause `4.1` → `_4.1`). The `label` prop keeps the printed id.
    static func controlID(_ id: String, in catalog: Catalog) -> String {
        if let oscal = catalog.aliases?.first(where: { $0.value == id })?.key { return oscal }
        let mapped = String(id.map { $0.isLetter || $0.isNumber || ".-_".contains($0) ? $0 : "_" })
        guard let first = mapped.first else { return "_" }
        return first.isLetter || first == "_" ? mapped : "_" + mapped
    }

    /// The namespace of the name-based UUIDs (a fixed random UUID, TrustPress's own).
    static let uuidNamespace: [UInt8] = [0x6f, 0x0c, 0x2e, 0x8a, 0x51, 0x3d, 0x4b, 0x97, 0xa2, 0x64, 0x1e, 0xd8, 0x03, 0x7b, 0xc9, 0x45]

    /// A name-based UUID (version 5: SHA-1 of the namespace and the name, RFC 9562 §5.5) of `name`:
    /// the same control exported twice has the same UUID.
    static func uuid(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Data(uuidNamespace + Array(name.utf8))).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.lowercase(bytes)
        let i = hex.startIndex
        func cut(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(cut(0, 8))-\(cut(8, 12))-\(cut(12, 16))-\(cut(16, 20))-\(cut(20, 32))"
    }
}
