/// One document a buyer may ask for, as the public documents list (`documents.html`, trust.json's
/// `documents`) shows it: a public file or page with its link, or an NDA-only document listed by
/// title alone (what it says stays in the bundle).
public struct PublicDocument: Sendable, Equatable {
    /// What kind of document it is; the list is ordered by kind, in this order.
    public enum Kind: String, Sendable, CaseIterable {
        case certificate
        case report
        case statementOfApplicability = "statement-of-applicability"
        case controls
        case policy
        case subprocessors
        case securityContact = "security-contact"
        case machineReadable = "machine-readable"
        case feed
        /// Any other document (issue 11's `documents/` folder adds these).
        case other
    }

    /// How a buyer gets it.
    public enum Access: Sendable, Equatable {
        /// A file of the public site, relative to its root (`policies/backup.html`).
        case `public`(path: String)
        /// Only under NDA, through the trust center's access request.
        case nda

        /// `public` or `nda`, as trust.json writes it.
        public var id: String {
            switch self {
            case .public: "public"
            case .nda: "nda"
            }
        }
    }

    public let kind: Kind
    /// As listed, e.g. "SOC 2 Type 2 report"; for a confidential policy its (public) title.
    public let title: String
    /// One line of public facts (period, validity, status on the build date), or nil.
    public let detail: String?
    public let access: Access
    /// A public page about an NDA-only document (a report's public summary), relative to the site root.
    public let relatedPath: String?

    public init(kind: Kind, title: String, detail: String? = nil, access: Access, relatedPath: String? = nil) {
        self.kind = kind
        self.title = title
        self.detail = detail
        self.access = access
        self.relatedPath = relatedPath
    }

    public var isNDA: Bool { access == .nda }
}

/// The documents list, computed once from the public projection's parts (public facts only: a
/// confidential policy contributes its title, which the policies page already shows, and nothing else).
enum PublicDocuments {
    /// The site's own files that are public documents in their own right.
    static let trustJSONPath = "trust.json"
    static let securityTxtPath = ".well-known/security.txt"

    /// - Parameters:
    ///   - soaFrameworks: names of the certified frameworks that have a Statement of Applicability.
    ///   - hasControls: the program has controls (the bundle then holds the matrix and the mapping).
    ///   - hasSubprocessorList: the content declares its subprocessors (an explicit empty list counts).
    ///   - additional: documents from other sources (Atom feeds, issue 11's `documents/` folder),
    ///     merged in by kind, after the built-in ones of the same kind, in the order given.
    /// - Returns: public documents and NDA-only ones, ordered by `Kind`, then as their source orders them.
    static func list(certifications: [PublicCertification], attestations: [PublicAttestation],
                     soaFrameworks: [String], hasControls: Bool, policies: [PublicPolicy],
                     hasSubprocessorList: Bool, additional: [PublicDocument] = []) -> [PublicDocument] {
        var docs: [PublicDocument] = []
        for cert in certifications {
            let c = cert.certification
            docs.append(PublicDocument(
                kind: .certificate, title: "\(c.standard) certificate",
                detail: "certificate \(c.certificateNumber) (\(c.certificationBody.name)); status: \(cert.standing.label); expires \(c.expires.longForm)",
                access: .public(path: cert.page)))
        }
        for att in attestations {
            let when = att.period.map { "period \($0.start.longForm) to \($0.end.longForm)" }
                ?? att.asOf.map { "as of \($0.longForm)" }
            docs.append(PublicDocument(
                kind: .report, title: "\(att.frameworkName) \(att.type.label) report",
                detail: ([when, "report dated \(att.reportDate.longForm)", att.auditor.name].compactMap { $0 }).joined(separator: "; "),
                access: .nda, relatedPath: att.page))
        }
        for name in soaFrameworks {
            docs.append(PublicDocument(kind: .statementOfApplicability, title: "Statement of Applicability (\(name))", access: .nda))
        }
        if hasControls {
            docs.append(PublicDocument(kind: .controls, title: "Controls overview", access: .public(path: "controls.html")))
            docs.append(PublicDocument(kind: .controls, title: "Control matrix", detail: "each control's owner, implementation and evidence", access: .nda))
            docs.append(PublicDocument(kind: .controls, title: "Cross-framework mapping", access: .nda))
        }
        for p in policies {
            docs.append(p.isPublic
                ? PublicDocument(kind: .policy, title: p.title, detail: p.version.map { "version \($0)" },
                                 access: .public(path: "policies/" + PageName.policy(p.id)))
                : PublicDocument(kind: .policy, title: p.title, access: .nda))
        }
        if hasSubprocessorList {
            docs.append(PublicDocument(kind: .subprocessors, title: "Subprocessor list", access: .public(path: "subprocessors.html")))
        }
        docs.append(PublicDocument(kind: .securityContact, title: "security.txt", detail: "how to report a vulnerability (RFC 9116)",
                                   access: .public(path: securityTxtPath)))
        docs.append(PublicDocument(kind: .machineReadable, title: "trust.json", detail: "this trust center as JSON",
                                   access: .public(path: trustJSONPath)))
        // A stable sort by kind keeps each source's own order.
        let order = Dictionary(uniqueKeysWithValues: PublicDocument.Kind.allCases.enumerated().map { ($1, $0) })
        return (docs + additional).enumerated()
            .sorted { (order[$0.element.kind]!, $0.offset) < (order[$1.element.kind]!, $1.offset) }
            .map(\.element)
    }
}
