import Foundation

/// `trust.json` at the public site's root: everything the public trust center shows, for machines
/// (a buyer's vendor-risk tool, a questionnaire filler). Built from the public projection only, so it
/// can hold nothing the HTML pages could not; the leak audit scans it like every public file.
///
/// Shape: `docs/trust.schema.json` (JSON Schema draft 2020-12), described in `docs/trust-json.md`.
/// Keys are snake_case like `site.yaml`'s and written in sorted order; every list keeps the site's
/// order (natural id order, policies by title), so the file is byte-for-byte deterministic. Dates are
/// `YYYY-MM-DD`; URLs are absolute (joined to `trust_center.url`). An absent optional value is left
/// out, never written as `null`.
enum TrustJSON {
    /// Bumped on an incompatible change of the shape (a removed or renamed key, a changed type).
    static let formatVersion = 1

    static func render(_ site: PublicSite) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail; an empty object would be a bug the tests catch.
        let data = (try? encoder.encode(Document(site))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The top-level object.
    struct Document: Encodable {
        /// `formatVersion`.
        let formatVersion: Int
        /// The date every status is judged on (the injected build date).
        let buildDate: CalendarDate
        /// `site.yaml`'s organization.
        let organization: Organization
        /// `site.yaml`'s trust center, with the deployed security.txt.
        let trustCenter: TrustCenter
        /// Every certificate, with its status on the build date.
        let certifications: [Certificate]
        /// Every SOC 2 report's public facts (no opinion, exceptions, CUECs or subservice organizations).
        let attestations: [Report]
        /// The frameworks the organization holds a certificate or report for, or declares in
        /// programs.yaml (with `program`), in id order.
        let frameworks: [Framework]
        /// Every control of the program counted by status (hidden from the list or not).
        let controls: Counts
        /// Public policies with their facts; confidential ones by title alone.
        let policies: Policies
        /// What a buyer may ask for (the documents page), in its order.
        let documents: [DocumentItem]
        /// The subprocessors as listed; absent when the content declares none (no claim either way).
        let subprocessors: [SubprocessorItem]?
        /// Published updates (`updates/*.md`), newest first; absent when there are none.
        let updates: [Update]?

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", buildDate = "build_date", organization, trustCenter = "trust_center"
            case certifications, attestations, frameworks, controls, policies, documents, subprocessors, updates
        }

        init(_ site: PublicSite) {
            let base = site.trustCenter.url
            func url(_ path: String) -> String { Sitemap.absolute(base, path) }
            // A folded YAML scalar (`>`) ends in a line break; a JSON reader wants the text alone.
            func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
            formatVersion = TrustJSON.formatVersion
            buildDate = site.buildDate
            organization = Organization(name: site.organization.name, legalName: site.organization.legalName,
                                        website: site.organization.website)
            trustCenter = TrustCenter(title: site.trustCenter.title, description: trimmed(site.trustCenter.description),
                                      url: base, contactEmail: site.trustCenter.contactEmail,
                                      accessRequestURL: site.trustCenter.accessRequestURL,
                                      securityTxt: url(PublicDocuments.securityTxtPath))
            certifications = site.certifications.map { cert in
                let c = cert.certification
                return Certificate(
                    framework: c.framework, frameworkName: cert.frameworkName, standard: c.standard,
                    certificateNumber: c.certificateNumber, certificationBody: PartyItem(c.certificationBody),
                    accreditationBody: c.accreditationBody, scope: trimmed(c.scope),
                    sites: c.sites.map { SiteItem(name: $0.name, address: $0.address) },
                    initialCertification: c.initialCertification, issued: c.issued, expires: c.expires,
                    status: cert.standing.rawValue, statusLabel: cert.standing.label, soaVersion: c.soaVersion,
                    verificationURL: c.verificationURL,
                    surveillanceAudits: c.surveillanceAudits.sorted { $0.due < $1.due }
                        .map { Audit(due: $0.due, status: $0.status.rawValue) },
                    url: url(cert.page))
            }
            attestations = site.attestations.map { a in
                Report(framework: a.framework, frameworkName: a.frameworkName, type: a.type.rawValue,
                       period: a.period.map { Period(start: $0.start, end: $0.end) }, asOf: a.asOf,
                       reportDate: a.reportDate, auditor: PartyItem(a.auditor), categories: a.categories.map(\.rawValue),
                       summary: a.publicSummary.map(trimmed), url: url(a.page))
            }
            frameworks = site.controlFrameworks.map { fw in
                Framework(id: fw.framework, name: fw.name, shortName: fw.shortName,
                          certified: site.certifications.contains { $0.certification.framework == fw.framework },
                          attested: site.attestations.contains { $0.framework == fw.framework },
                          controls: Counts(fw.totals),
                          program: fw.declared.map { Program(status: $0.status.rawValue, since: $0.since, target: $0.target, note: $0.note) })
            }
            controls = Counts(site.controlTotals)
            policies = Policies(
                public: site.policies.filter(\.isPublic).map { p in
                    PublicPolicyItem(id: p.id, title: p.title, version: p.version, approved: p.approved,
                                     nextReview: p.nextReview, summary: p.publicSummary.map(trimmed),
                                     url: url("policies/" + PageName.policy(p.id)))
                },
                confidential: site.policies.filter { !$0.isPublic }.map { ConfidentialPolicyItem(title: $0.title) })
            documents = site.documents.map { d in
                let path: String? = if case let .public(path) = d.access { path } else { nil }
                return DocumentItem(kind: d.kind.rawValue, title: d.title, detail: d.detail, access: d.access.id,
                                    url: path.map(url), relatedURL: d.relatedPath.map(url), documentKind: d.documentKind?.rawValue)
            }
            // Without subprocessors.yaml nothing is said about subprocessors, not even "none".
            subprocessors = site.subprocessorsPublished ? site.subprocessors.map { s in
                SubprocessorItem(name: s.name, purpose: s.purpose, location: s.location, data: s.data, website: s.website)
            } : nil
            updates = site.updates.isEmpty ? nil : site.updates.map { u in
                Update(date: u.date, title: u.title, url: url("updates.html#" + u.id))
            }
        }
    }

    struct Organization: Encodable {
        /// Short display name.
        let name: String
        /// Legal entity.
        let legalName: String
        /// The organization's website (URL).
        let website: String

        enum CodingKeys: String, CodingKey { case name, legalName = "legal_name", website }
    }

    struct TrustCenter: Encodable {
        /// The trust center's title.
        let title: String
        /// Its description (surrounding whitespace trimmed).
        let description: String
        /// Where the public site is deployed (absolute URL).
        let url: String
        /// The security contact's e-mail address.
        let contactEmail: String
        /// Where to request the NDA-only documents (`https:` or `mailto:` URL).
        let accessRequestURL: String
        /// The deployed `/.well-known/security.txt` (absolute URL).
        let securityTxt: String

        enum CodingKeys: String, CodingKey {
            case title, description, url, contactEmail = "contact_email"
            case accessRequestURL = "access_request_url", securityTxt = "security_txt"
        }
    }

    /// A named organization with an optional website.
    struct PartyItem: Encodable {
        /// Its name.
        let name: String
        /// Its website, when given.
        let url: String?

        init(_ p: Party) { (name, url) = (p.name, p.url) }
    }

    struct SiteItem: Encodable {
        /// The site's name.
        let name: String
        /// Postal address.
        let address: String
    }

    /// An ISO/IEC 27001 certificate (all of it is public; the certification body publishes it).
    struct Certificate: Encodable {
        /// Catalog id, e.g. `iso27001-2022`.
        let framework: String
        /// Full name of the framework.
        let frameworkName: String
        /// As printed on the certificate.
        let standard: String
        /// As printed on the certificate.
        let certificateNumber: String
        /// Who issued it.
        let certificationBody: PartyItem
        /// Who accredits the certification body (UKAS, ANAB, DAkkS …).
        let accreditationBody: String
        /// The scope statement (trimmed).
        let scope: String
        /// The certified sites.
        let sites: [SiteItem]
        /// Date of the first certification.
        let initialCertification: CalendarDate
        /// Issue date.
        let issued: CalendarDate
        /// Expiry date.
        let expires: CalendarDate
        /// The standing on the build date (`CertificateStanding`'s id, read from the model, never recomputed).
        let status: String
        /// The same in words, as the site shows it.
        let statusLabel: String
        /// Version of the Statement of Applicability it refers to.
        let soaVersion: String
        /// The certification body's register entry.
        let verificationURL: String
        /// Earliest due first.
        let surveillanceAudits: [Audit]
        /// The certificate's page on the trust center.
        let url: String

        enum CodingKeys: String, CodingKey {
            case framework, frameworkName = "framework_name", standard, certificateNumber = "certificate_number"
            case certificationBody = "certification_body", accreditationBody = "accreditation_body", scope, sites
            case initialCertification = "initial_certification", issued, expires, status, statusLabel = "status_label"
            case soaVersion = "soa_version", verificationURL = "verification_url"
            case surveillanceAudits = "surveillance_audits", url
        }
    }

    struct Audit: Encodable {
        /// When it is due.
        let due: CalendarDate
        /// `planned` or `completed`, as the content states it.
        let status: String
    }

    /// A SOC 2 report's public facts.
    struct Report: Encodable {
        /// Catalog id, e.g. `soc2-2017`.
        let framework: String
        /// Short name, e.g. `SOC 2`.
        let frameworkName: String
        /// 1 or 2.
        let type: Int
        /// Type 2 only.
        let period: Period?
        /// Type 1 only.
        let asOf: CalendarDate?
        /// The report's date.
        let reportDate: CalendarDate
        /// The service auditor.
        let auditor: PartyItem
        /// Trust Services Categories in scope (ids, `security` always among them).
        let categories: [String]
        /// The public summary, when given.
        let summary: String?
        /// The report's public summary page (the report itself is NDA-only).
        let url: String

        enum CodingKeys: String, CodingKey {
            case framework, frameworkName = "framework_name", type, period, asOf = "as_of"
            case reportDate = "report_date", auditor, categories, summary, url
        }
    }

    struct Period: Encodable {
        /// First day of the period.
        let start: CalendarDate
        /// Last day of the period.
        let end: CalendarDate
    }

    struct Framework: Encodable {
        /// Catalog id.
        let id: String
        /// Full name.
        let name: String
        /// Short name, e.g. `SOC 2`.
        let shortName: String
        /// A certificate for it is listed.
        let certified: Bool
        /// A report for it is listed.
        let attested: Bool
        /// The distinct controls mapped to it, by status.
        let controls: Counts
        /// Its declaration in programs.yaml, when no certificate or report holds it.
        let program: Program?

        enum CodingKeys: String, CodingKey { case id, name, shortName = "short_name", certified, attested, controls, program }
    }

    /// A framework declared in programs.yaml (no certificate or report holds it).
    struct Program: Encodable {
        /// `aligned` or `in-progress`.
        let status: String
        let since: CalendarDate?
        let target: CalendarDate?
        let note: String?
    }

    /// Controls counted by implementation status; `by_status` has every status, 0 included.
    struct Counts: Encodable {
        /// All of them, whatever their status.
        let total: Int
        /// Status id (`implemented`, `partially-implemented`, `planned`, `not-implemented`) → count.
        let byStatus: [String: Int]

        enum CodingKeys: String, CodingKey { case total, byStatus = "by_status" }

        init(_ counts: ControlTotals) {
            total = counts.total
            byStatus = Dictionary(uniqueKeysWithValues: counts.byStatus.map { ($0.key.rawValue, $0.value) })
        }
    }

    struct Policies: Encodable {
        /// Policies published in full, by title.
        let `public`: [PublicPolicyItem]
        /// Policies available under NDA: their title alone, by title.
        let confidential: [ConfidentialPolicyItem]
    }

    struct PublicPolicyItem: Encodable {
        /// Policy id (its page is `policies/<id>.html`).
        let id: String
        /// Its title.
        let title: String
        /// Its version.
        let version: String?
        /// Approval date.
        let approved: CalendarDate?
        /// Next review date.
        let nextReview: CalendarDate?
        /// Its public summary (trimmed).
        let summary: String?
        /// Its page on the trust center.
        let url: String

        enum CodingKeys: String, CodingKey { case id, title, version, approved, nextReview = "next_review", summary, url }
    }

    struct ConfidentialPolicyItem: Encodable {
        /// Its title (the policies page shows it too).
        let title: String
    }

    struct DocumentItem: Encodable {
        /// `PublicDocument.Kind`'s id, e.g. `certificate`, `statement-of-applicability`.
        let kind: String
        /// Its title.
        let title: String
        /// One line of public facts (validity, period, version).
        let detail: String?
        /// `public` (see `url`) or `nda` (request it at `trust_center.access_request_url`).
        let access: String
        /// A public document's location.
        let url: String?
        /// A public page about an NDA-only document (a report's public summary).
        let relatedURL: String?
        /// A file of `documents/`: its `documents.yaml` kind (`soc2-report`, …).
        let documentKind: String?

        enum CodingKeys: String, CodingKey { case kind, title, detail, access, url, relatedURL = "related_url", documentKind = "document_kind" }
    }

    struct SubprocessorItem: Encodable {
        /// Its name.
        let name: String
        /// What it does for the organization.
        let purpose: String
        /// Where it processes data.
        let location: String
        /// Which data it processes.
        let data: String
        /// Its website, when given.
        let website: String?
    }

    /// An entry of the updates page.
    struct Update: Encodable {
        /// Its date.
        let date: CalendarDate
        /// Its title.
        let title: String
        /// Its place on the updates page.
        let url: String
    }
}
