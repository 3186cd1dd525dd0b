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
        /// Any other document (a file of `documents/` of kind `other`).
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

    /// For a file of `documents/`, its `documents.yaml` kind; nil for the site's own documents.
    public let documentKind: Document.Kind?

    public init(kind: Kind, title: String, detail: String? = nil, access: Access, relatedPath: String? = nil,
                documentKind: Document.Kind? = nil) {
        self.documentKind = documentKind
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
    /// The Atom feeds (`AtomFeed` writes them).
    static let updatesFeedPath = "updates.xml"
    static let subprocessorsFeedPath = "subprocessors.xml"

    /// The files of `documents/` as list entries: a public one with its link and a line of dates, a
    /// confidential one by title alone (NDA). In the order given (file name order).
    static func files(_ files: [PublicDocumentFile], nda: [NDADocumentListing], strings s: Strings) -> [PublicDocument] {
        files.map { f in
            let detail = [s.format("public.document.file_detail", ["kind": s.label(f.kind), "date": s.date(f.date)])]
                + (f.expires.map { [s.format("public.document.file_expires", ["date": s.date($0)])] } ?? [])
            return PublicDocument(kind: f.kind.listKind, title: f.title, detail: detail.joined(separator: "; "),
                                  access: .public(path: f.path), documentKind: f.kind)
        } + nda.map { PublicDocument(kind: $0.kind.listKind, title: $0.title, access: .nda, documentKind: $0.kind) }
    }

    /// - Parameters:
    ///   - soaFrameworks: names of the certified frameworks that have a Statement of Applicability.
    ///   - hasControls: the program has controls (the bundle then holds the matrix and the mapping).
    ///   - hasSubprocessorList: the content declares its subprocessors (an explicit empty list counts);
    ///     its changes then have a feed.
    ///   - hasUpdates: there is at least one update (and so an updates feed).
    ///   - additional: documents from other sources (Atom feeds, issue 11's `documents/` folder),
    ///     merged in by kind, after the built-in ones of the same kind, in the order given.
    ///   - strings: the language of titles and details (documents.html: the site's; trust.json: English).
    /// - Returns: public documents and NDA-only ones, ordered by `Kind`, then as their source orders them.
    static func list(certifications: [PublicCertification], attestations: [PublicAttestation],
                     soaFrameworks: [String], hasControls: Bool, policies: [PublicPolicy],
                     hasSubprocessorList: Bool, hasUpdates: Bool, additional: [PublicDocument] = [],
                     strings s: Strings) -> [PublicDocument] {
        var docs: [PublicDocument] = []
        for cert in certifications {
            let c = cert.certification
            docs.append(PublicDocument(
                kind: .certificate, title: s.format("public.title.certification", ["standard": c.standard]),
                detail: s.format("public.document.certificate_detail", ["number": c.certificateNumber, "body": c.certificationBody.name,
                                                                        "standing": s.label(cert.standing), "date": s.date(c.expires)]),
                access: .public(path: cert.page)))
        }
        for att in attestations {
            let when = att.period.map { s.format("public.document.period", ["start": s.date($0.start), "end": s.date($0.end)]) }
                ?? att.asOf.map { s.format("public.document.as_of", ["date": s.date($0)]) }
            docs.append(PublicDocument(
                kind: .report, title: s.format("public.title.attestation", ["framework": att.frameworkName, "type": s.label(att.type)]),
                detail: ([when, s.format("public.document.report_dated", ["date": s.date(att.reportDate)]), att.auditor.name].compactMap { $0 }).joined(separator: "; "),
                access: .nda, relatedPath: att.page))
        }
        for name in soaFrameworks {
            docs.append(PublicDocument(kind: .statementOfApplicability, title: s.format("public.document.soa", ["framework": name]), access: .nda))
        }
        if hasControls {
            docs.append(PublicDocument(kind: .controls, title: s["public.document.controls"], access: .public(path: "controls.html")))
            docs.append(PublicDocument(kind: .controls, title: s["public.document.matrix"], detail: s["public.document.matrix_detail"], access: .nda))
            docs.append(PublicDocument(kind: .controls, title: s["public.document.mapping"], access: .nda))
        }
        for p in policies {
            docs.append(p.isPublic
                ? PublicDocument(kind: .policy, title: p.title, detail: p.version.map { s.format("public.document.policy_version", ["version": $0]) },
                                 access: .public(path: "policies/" + PageName.policy(p.id)))
                : PublicDocument(kind: .policy, title: p.title, access: .nda))
        }
        if hasSubprocessorList {
            docs.append(PublicDocument(kind: .subprocessors, title: s["public.document.subprocessors"], access: .public(path: "subprocessors.html")))
        }
        docs.append(PublicDocument(kind: .securityContact, title: "security.txt", detail: s["public.document.security_txt"],
                                   access: .public(path: securityTxtPath)))
        docs.append(PublicDocument(kind: .machineReadable, title: "trust.json", detail: s["public.document.trust_json"],
                                   access: .public(path: trustJSONPath)))
        // The same feeds the pages announce with link rel=alternate (AtomFeed.links).
        if hasUpdates {
            docs.append(PublicDocument(kind: .feed, title: s["public.document.updates_feed"], detail: s["public.document.feed_detail"],
                                       access: .public(path: updatesFeedPath)))
        }
        if hasSubprocessorList {
            docs.append(PublicDocument(kind: .feed, title: s["public.document.subprocessors_feed"], detail: s["public.document.feed_detail"],
                                       access: .public(path: subprocessorsFeedPath)))
        }
        // A stable sort by kind keeps each source's own order.
        let order = Dictionary(uniqueKeysWithValues: PublicDocument.Kind.allCases.enumerated().map { ($1, $0) })
        return (docs + additional).enumerated()
            .sorted { (order[$0.element.kind]!, $0.offset) < (order[$1.element.kind]!, $1.offset) }
            .map(\.element)
    }
}
