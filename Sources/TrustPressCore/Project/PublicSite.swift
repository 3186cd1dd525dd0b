import Foundation

/// The public projection: everything the public trust center may show, and nothing else.
///
/// The public renderer receives only this type. It is built from public fields alone, so no template
/// can reach an owner, an exception, an SoA justification or a confidential policy body.
public struct PublicSite: Sendable {
    public let buildDate: CalendarDate
    public let organization: SiteConfig.Organization
    public let trustCenter: SiteConfig.TrustCenter
    public let securityTxt: SecurityTxtConfig
    public let certifications: [PublicCertification]
    public let attestations: [PublicAttestation]
    /// Per framework in scope, its groups (ISO themes, SOC 2 categories) with the controls mapped there.
    public let controlFrameworks: [PublicControlFramework]
    /// How many controls the program has (all of them, mapped in scope or not).
    public let controlCount: Int
    /// Every control of the program by status, listed on the controls page or not.
    public let controlTotals: ControlTotals
    /// The statuses the controls page lists (`trust_center.public_control_statuses`, default all), in
    /// `ImplementationStatus.allCases` order.
    public let listedControlStatuses: [ImplementationStatus]
    public let policies: [PublicPolicy]
    /// Where relative links to `policies/<file>.md` go: file name → public page id, or nil for a
    /// confidential policy (the link goes to the access request).
    public let policyLinkTargets: [String: String?]
    /// Every subprocessor listed in `subprocessors.yaml`, upcoming ones included (`isUpcoming(on:)`).
    public let subprocessors: [Subprocessor]
    /// `subprocessors.yaml` exists: only then is anything said about subprocessors (page, count,
    /// feed). Without it there is no claim at all, not even "none".
    public let subprocessorsPublished: Bool
    /// Subprocessors no longer used, most recently removed first.
    public let removedSubprocessors: [RemovedSubprocessor]
    /// Every change to the list up to the build date, newest first (`SubprocessorChange.history`).
    public let subprocessorChanges: [SubprocessorChange]
    /// Updates, newest first (public by nature).
    public let updates: [Update]
    /// The FAQ, if `faq.md` exists (public by nature).
    public let faq: FAQ?
    /// The site opted in to (sanitized) raw HTML in Markdown.
    public let allowsRawHTML: Bool
    /// What a buyer may ask for, public and NDA-only, in English (trust.json, which is
    /// language-neutral); documents.html lists `documents(in:)` in the site's language.
    public let documents: [PublicDocument]
    /// Names of the certified frameworks with a Statement of Applicability (for `documents(in:)`).
    let soaFrameworkNames: [String]
    /// The program has controls (the bundle then holds the matrix and the mapping).
    let hasControls: Bool
    /// Logo, favicon and accent colours (every branding field is public).
    public let branding: BrandAssets
    /// The home page's security-practice tiles, as written.
    public let highlights: [Highlight]
    /// The public files of `documents/`, bytes included, in file name order.
    public let documentFiles: [PublicDocumentFile]
    /// The confidential files of `documents/`, by title alone (no bytes, no dates), in file name order.
    public let ndaDocumentFiles: [NDADocumentListing]
    /// The images of `policies/images/` that public policy text shows: file name → bytes. No other
    /// image's bytes enter the projection.
    public let policyImages: [String: Data]
}

/// A file of `documents/` described `visibility: public`: published at `path` as it is.
public struct PublicDocumentFile: Sendable {
    public let title: String
    public let kind: Document.Kind
    public let date: CalendarDate
    public let expires: CalendarDate?
    /// Relative to the public site's root: `documents/<file name>`.
    public let path: String
    /// The file's bytes.
    public let data: Data
}

/// A confidential file of `documents/` as the public site may know it: its title and kind, listed
/// with the lock and the access request. Nothing else of it reaches the public projection.
public struct NDADocumentListing: Sendable {
    public let title: String
    public let kind: Document.Kind
}

/// An ISO/IEC 27001 certificate as published (every certificate field is public).
public struct PublicCertification: Sendable {
    public let certification: Certification
    public let frameworkName: String
    /// The catalog's short name (`ISO 27001`), for badges.
    public let frameworkShortName: String
    /// On the build date (`CertificateStanding.of(_:on:)`).
    public let standing: CertificateStanding
    /// Page file name, e.g. `iso27001-2022.html`.
    public let page: String
    /// Its surveillance audits, earliest due first, each with its standing on the build date.
    public let surveillanceAudits: [(due: CalendarDate, standing: Certification.SurveillanceAudit.Standing)]
}

/// A SOC 2 report's public facts: type, period, date, auditor, categories, summary. No opinion,
/// exceptions, CUECs or subservice organizations.
public struct PublicAttestation: Sendable {
    public let framework: String
    public let frameworkName: String
    public let type: Attestation.ReportType
    public let period: Attestation.Period?
    public let asOf: CalendarDate?
    public let reportDate: CalendarDate
    public let auditor: Party
    public let categories: [Attestation.Category]
    public let publicSummary: String?
    public let page: String
}

public struct PublicControlFramework: Sendable {
    public let framework: String
    public let name: String
    public let shortName: String
    /// Every group with at least one control mapped to it, listed or hidden.
    public let groups: [PublicControlGroup]
    /// The distinct controls mapped to this framework, hidden ones included.
    public let totals: ControlTotals
    /// Its `programs.yaml` declaration when no certificate or report holds it (aligned, in
    /// progress); nil for a framework held.
    public let declared: DeclaredProgram?
}

public struct PublicControlGroup: Sendable {
    public let id: String
    public let title: String
    /// Only the controls whose status is listed publicly; `totals` counts all of them.
    public let controls: [PublicControl]
    /// Every control mapped to this group, hidden ones included.
    public let totals: ControlTotals
}

/// A control's public face: id, title, summary, status and the requirement ids in this group.
public struct PublicControl: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    public let status: ImplementationStatus
    public let requirements: [String]
}

/// A policy as listed publicly. `body`, `version` and dates are present only for public policies.
public struct PublicPolicy: Sendable {
    public let id: String
    public let title: String
    public let publicSummary: String?
    /// Markdown with every `::: confidential` block replaced by `Markdown.Placeholder.redacted`;
    /// nil for a confidential policy.
    public let body: String?
    public let version: String?
    public let approved: CalendarDate?
    public let nextReview: CalendarDate?
    /// A public policy's review on the build date: due, or overdue since `next_review`.
    public let review: PolicyReview?
    public var isPublic: Bool { body != nil }
}

extension PublicSite {
    /// Projects the full model onto its public fields. A policy is public only when marked
    /// `visibility: public` (fail closed).
    public init(_ model: TrustModel) {
        buildDate = model.buildDate
        organization = model.site.organization
        trustCenter = model.site.trustCenter
        securityTxt = model.site.securityTxt
        certifications = model.certifications.map { c in
            PublicCertification(certification: c, frameworkName: model.catalog(c.framework)?.name ?? c.framework,
                                frameworkShortName: model.catalog(c.framework)?.shortName ?? c.framework,
                                standing: .of(c, on: model.buildDate),
                                page: PageName.certification(framework: c.framework, number: c.certificateNumber),
                                surveillanceAudits: c.surveillanceAudits.sorted { $0.due < $1.due }
                                    .map { ($0.due, $0.standing(on: model.buildDate)) })

        }
        attestations = model.attestations.map { a in
            PublicAttestation(framework: a.framework, frameworkName: model.catalog(a.framework)?.shortName ?? a.framework,
                              type: a.type, period: a.period, asOf: a.asOf, reportDate: a.reportDate, auditor: a.auditor,
                              categories: a.categories, publicSummary: a.publicSummary,
                              page: PageName.attestation(framework: a.framework, type: a.type, reportDate: a.reportDate))
        }
        let listed = Set(model.site.trustCenter.publicControlStatuses ?? ImplementationStatus.listedByDefault)
        listedControlStatuses = ImplementationStatus.allCases.filter(listed.contains)
        controlFrameworks = model.frameworksPublished.map { catalog in
            var mapped: [(id: String, status: ImplementationStatus)] = []
            let groups = catalog.groups.compactMap { group -> PublicControlGroup? in
                let ids = Set(catalog.requirements.filter { $0.group == group.id }.map(\.id))
                let controls = model.controls.compactMap { c -> PublicControl? in
                    let reqs = (c.mapsTo[catalog.framework] ?? []).filter(ids.contains)
                    guard !reqs.isEmpty else { return nil }
                    return PublicControl(id: c.id, title: c.title, summary: c.summary, status: c.status, requirements: reqs)
                }
                guard !controls.isEmpty else { return nil }
                let all = controls.map { (id: $0.id, status: $0.status) }
                mapped += all
                return PublicControlGroup(id: group.id, title: group.title, controls: controls.filter { listed.contains($0.status) },
                                          totals: ControlTotals(controls: all, listed: listed))
            }
            return PublicControlFramework(framework: catalog.framework, name: catalog.name, shortName: catalog.shortName,
                                          groups: groups, totals: ControlTotals(controls: mapped, listed: listed),
                                          declared: model.programs.declared[catalog.framework])
        }
        controlTotals = ControlTotals(controls: model.controls.map { (id: $0.id, status: $0.status) }, listed: listed)
        controlCount = model.controls.count
        policyLinkTargets = Dictionary(model.policies.map { ($0.fileName, $0.visibility == .public ? $0.id : nil) },
                                       uniquingKeysWith: { a, _ in a })
        policies = model.policies.map { p in
            let open = p.visibility == .public
            return PublicPolicy(id: p.id, title: p.title, publicSummary: p.publicSummary,
                                body: open ? Self.redacted(p.segments) : nil,
                                version: open ? p.version : nil,
                                approved: open ? p.approved : nil, nextReview: open ? p.nextReview : nil,
                                review: open ? PolicyReview.of(nextReview: p.nextReview, on: model.buildDate) : nil)
        }.sorted { ($0.title.lowercased(), $0.id) < ($1.title.lowercased(), $1.id) }
        subprocessors = model.subprocessors
        subprocessorsPublished = model.subprocessorsPublished
        removedSubprocessors = model.removedSubprocessors
        subprocessorChanges = SubprocessorChange.history(current: model.subprocessors, removed: model.removedSubprocessors,
                                                         on: model.buildDate)
        updates = model.updates
        faq = model.faq
        allowsRawHTML = model.site.allowsRawHTML
        // Public facts only: certified frameworks (their SoA is in the bundle), whether there are
        // controls, and the projected policies (a confidential one is its title alone).
        let soaNames = model.frameworksInScope
            .filter { $0.statementOfApplicability == true && model.programs.certified.contains($0.framework) }
            .map(\.shortName)
        soaFrameworkNames = soaNames
        hasControls = !model.controls.isEmpty
        branding = model.branding
        highlights = model.site.highlights ?? []
        // Fail closed: only `visibility: public` publishes a file; its bytes enter the projection only then.
        documentFiles = model.documents.filter { $0.visibility == .public }.map { d in
            PublicDocumentFile(title: d.title, kind: d.kind, date: d.date, expires: d.expires, path: d.outputPath, data: d.data)
        }
        let shown = model.publicPolicyImageNames
        policyImages = model.policyImages.filter { shown.contains($0.key) }
        ndaDocumentFiles = model.documents.filter { $0.visibility != .public }.map { NDADocumentListing(title: $0.title, kind: $0.kind) }
        documents = PublicDocuments.list(certifications: certifications, attestations: attestations, soaFrameworks: soaNames,
                                         hasControls: hasControls, policies: policies,
                                         hasSubprocessorList: model.subprocessorsPublished, hasUpdates: !model.updates.isEmpty,
                                         additional: PublicDocuments.files(documentFiles, nda: ndaDocumentFiles, strings: .builtIn("en")),
                                         strings: .builtIn("en"))
    }

    /// The documents list in the language of `strings` (documents.html); the same items, in the
    /// same order, as `documents`.
    public func documents(in strings: Strings) -> [PublicDocument] {
        PublicDocuments.list(certifications: certifications, attestations: attestations, soaFrameworks: soaFrameworkNames,
                             hasControls: hasControls, policies: policies, hasSubprocessorList: subprocessorsPublished,
                             hasUpdates: !updates.isEmpty,
                             additional: PublicDocuments.files(documentFiles, nda: ndaDocumentFiles, strings: strings), strings: strings)
    }

    /// The public Markdown of a policy: confidential blocks become a placeholder paragraph, so their
    /// text never enters the public projection.
    static func redacted(_ segments: [PolicySegment]) -> String {
        segments.map { segment in
            switch segment {
            case let .markdown(text): text
            case .confidential: "\n\n\(Markdown.Placeholder.redacted)\n\n"
            }
        }.joined(separator: "\n")
    }
}
