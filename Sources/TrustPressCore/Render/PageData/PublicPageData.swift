/// The data of the public trust center's templates, one type per page. Built only from
/// `PublicSite` and its public types: no page here can reach a confidential field.
/// Every date is long-form text (`30 November 2026`) unless its name ends in `ISO` (`2026-11-30`);
/// text is HTML-escaped by `{{name}}` except the fields ending in `HTML` or `CSS`, which are
/// pre-escaped and must be written `{{{name}}}`.

/// What every public page using `public-layout` receives besides its own data.
public struct PublicLayoutData: PageData {
    /// `""` on a top-level page, `"../"` one folder down: prefix of every relative link.
    public let root: String
    /// The page's title, for `<title>`.
    public let pageTitle: String
    /// The organization and trust center.
    public let site: PublicSiteInfo
    /// The main navigation.
    public let nav: [PublicNavItem]
    /// The site's Atom feeds, for `<link rel="alternate">` in the head (feed autodiscovery).
    public let feeds: [PublicFeedLink]

    public static let schema = Schema<Self>("public layout", "What every public page using public-layout receives.", [
        .field("root", \.root, "Prefix of relative links: \"\" on a top-level page, \"../\" one folder down."),
        .field("pageTitle", \.pageTitle, "The page's title, for the HTML title element."),
        .field("site", \.site, "The organization and the trust center."),
        .field("nav", \.nav, "The main navigation, in order."),
        .field("feeds", \.feeds, "The site's Atom feeds (updates, subprocessor changes), for link rel=alternate in the head."),
    ])
}

/// The organization and trust center, as configured in `site.yaml`.
public struct PublicSiteInfo: PageData {
    /// Short name of the organization.
    public let name: String
    /// Legal name of the organization.
    public let legalName: String
    /// The organization's website URL.
    public let website: String
    /// The trust center's title.
    public let title: String
    /// The trust center's one-line description.
    public let description: String
    /// The security contact's e-mail address.
    public let contactEmail: String
    /// Where to request the confidential reports (URL).
    public let accessRequestURL: String
    /// Build date, long form.
    public let buildDate: String
    /// Build date, ISO 8601.
    public let buildDateISO: String

    public static let schema = Schema<Self>("site", "The organization and the trust center, from site.yaml.", [
        .field("name", \.name, "Short name of the organization."),
        .field("legalName", \.legalName, "Legal name of the organization."),
        .field("website", \.website, "The organization's website (URL)."),
        .field("title", \.title, "The trust center's title."),
        .field("description", \.description, "The trust center's one-line description."),
        .field("contactEmail", \.contactEmail, "The security contact's e-mail address."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request the confidential reports (URL)."),
        .field("buildDate", \.buildDate, "Build date, long form (30 November 2026)."),
        .field("buildDateISO", \.buildDateISO, "Build date, ISO 8601 (2026-11-30)."),
    ])

    init(_ site: PublicSite) {
        name = site.organization.name
        legalName = site.organization.legalName
        website = site.organization.website
        title = site.trustCenter.title
        description = site.trustCenter.description
        contactEmail = site.trustCenter.contactEmail
        accessRequestURL = site.trustCenter.accessRequestURL
        buildDate = site.buildDate.longForm
        buildDateISO = site.buildDate.description
    }
}

/// One entry of the main navigation.
public struct PublicNavItem: PageData {
    /// Page file, relative to the site root (`controls.html`).
    public let href: String
    /// Link text.
    public let label: String
    /// The entry is the current page (or its section).
    public let current: Bool

    public static let schema = Schema<Self>("navigation entry", "One entry of the main navigation.", [
        .field("href", \.href, "Page file relative to the site root (controls.html); prefix it with root."),
        .field("label", \.label, "Link text."),
        .field("current", \.current, "True on the page the entry leads to (or a page in its section)."),
    ])
}

/// `public/index`: the overview.
public struct PublicIndexPage: PageData {
    /// Every certificate.
    public let certifications: [PublicCertificateItem]
    /// Every attestation report.
    public let attestations: [PublicAttestationItem]
    /// There is at least one certificate or attestation.
    public let hasFrameworks: Bool
    /// There is at least one certificate (so the bundle holds its Statement of Applicability).
    public let hasCertifications: Bool
    /// There is at least one attestation report.
    public let hasAttestations: Bool
    /// Each framework in scope with its control counts.
    public let frameworks: [PublicFrameworkSummary]
    /// Number of controls of the program.
    public let controlCount: Int
    /// Number of policies published in full.
    public let publicPolicyCount: Int
    /// Number of policies, public or not.
    public let policyCount: Int
    /// Number of subprocessors processing data on the build date (upcoming ones not counted).
    public let subprocessorCount: Int
    /// subprocessors.yaml exists: without it the site makes no subprocessor claim (no count, no page).
    public let subprocessorsPublished: Bool

    public static let schema = Schema<Self>("index page", "public/index: the overview.", [
        .field("certifications", \.certifications, "Every certificate."),
        .field("attestations", \.attestations, "Every attestation report."),
        .field("hasFrameworks", \.hasFrameworks, "True when there is at least one certificate or attestation."),
        .field("hasCertifications", \.hasCertifications, "True when there is at least one certificate (the bundle then holds its Statement of Applicability)."),
        .field("hasAttestations", \.hasAttestations, "True when there is at least one attestation report."),
        .field("frameworks", \.frameworks, "Each framework in scope with its control counts."),
        .field("controlCount", \.controlCount, "How many controls the program has."),
        .field("publicPolicyCount", \.publicPolicyCount, "How many policies are published in full."),
        .field("policyCount", \.policyCount, "How many policies there are, public or not."),
        .field("subprocessorCount", \.subprocessorCount, "How many subprocessors process data on the build date (upcoming ones not counted)."),
        .field("subprocessorsPublished", \.subprocessorsPublished, "True when subprocessors.yaml exists; without it say nothing about subprocessors (not even none)."),
    ])

    init(_ site: PublicSite) {
        certifications = site.certifications.map { PublicCertificateItem($0) }
        attestations = site.attestations.map { PublicAttestationItem($0, accessRequestURL: site.trustCenter.accessRequestURL) }
        hasFrameworks = !site.certifications.isEmpty || !site.attestations.isEmpty
        hasCertifications = !site.certifications.isEmpty
        hasAttestations = !site.attestations.isEmpty
        frameworks = site.controlFrameworks.map { PublicFrameworkSummary($0) }
        controlCount = site.controlCount
        publicPolicyCount = site.policies.filter(\.isPublic).count
        policyCount = site.policies.count
        subprocessorCount = site.subprocessors.filter { !$0.isUpcoming(on: site.buildDate) }.count
        subprocessorsPublished = site.subprocessorsPublished
    }
}

/// A framework in scope on the overview, with how many controls map to it.
public struct PublicFrameworkSummary: PageData {
    /// Short name (`SOC 2`).
    public let name: String
    /// Distinct controls mapped to it.
    public let controlCount: Int
    /// How many of those are implemented.
    public let implementedCount: Int

    public static let schema = Schema<Self>("framework summary", "A framework in scope, on the overview.", [
        .field("name", \.name, "Short name of the framework (SOC 2)."),
        .field("controlCount", \.controlCount, "How many distinct controls map to it."),
        .field("implementedCount", \.implementedCount, "How many of those are implemented."),
    ])

    init(_ fw: PublicControlFramework) {
        let all = Dictionary(fw.groups.flatMap(\.controls).map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
        name = fw.shortName
        controlCount = all.count
        implementedCount = all.values.filter { $0 == .implemented }.count
    }
}

/// An ISO/IEC 27001 certificate, on the overview and on its own page.
public struct PublicCertificateItem: PageData {
    /// Its page file (`iso27001-2022.html`).
    public let page: String
    /// Full name of the framework.
    public let framework: String
    /// The standard certified against.
    public let standard: String
    /// The certificate number.
    public let certificateNumber: String
    /// Name of the certification body.
    public let certificationBody: String
    /// The certification body's website, if given.
    public let certificationBodyURL: String?
    /// The accreditation body.
    public let accreditationBody: String
    /// The scope statement.
    public let scope: String
    /// The certified sites.
    public let sites: [PublicCertifiedSite]
    /// Long-form date of the first certification.
    public let initialCertification: String
    /// Long-form issue date.
    public let issued: String
    /// Long-form expiry date.
    public let expires: String
    /// ISO 8601 expiry date.
    public let expiresISO: String
    /// Version of the Statement of Applicability.
    public let soaVersion: String
    /// Where to verify the certificate (URL).
    public let verificationURL: String
    /// `valid`, `expiring`, `expired` or `surveillance-overdue`.
    public let standing: String
    /// The standing in words.
    public let standingLabel: String
    /// The certificate has expired (published as expired, never as valid).
    public let isExpired: Bool
    /// The certificate's short public status note, if any.
    public let statusNote: String?
    /// Surveillance audits, earliest due first.
    public let surveillanceAudits: [PublicSurveillanceAudit]
    /// There is at least one surveillance audit.
    public let hasSurveillanceAudits: Bool

    public static let schema = Schema<Self>("certificate", "An ISO/IEC 27001 certificate.", [
        .field("page", \.page, "Its page file (iso27001-2022.html)."),
        .field("framework", \.framework, "Full name of the framework."),
        .field("standard", \.standard, "The standard certified against (ISO/IEC 27001:2022)."),
        .field("certificateNumber", \.certificateNumber, "The certificate number."),
        .field("certificationBody", \.certificationBody, "Name of the certification body."),
        .field("certificationBodyURL", \.certificationBodyURL, "The certification body's website (URL), when given."),
        .field("accreditationBody", \.accreditationBody, "The accreditation body."),
        .field("scope", \.scope, "The scope statement."),
        .field("sites", \.sites, "The certified sites."),
        .field("initialCertification", \.initialCertification, "Date of the first certification, long form."),
        .field("issued", \.issued, "Issue date, long form."),
        .field("expires", \.expires, "Expiry date, long form."),
        .field("expiresISO", \.expiresISO, "Expiry date, ISO 8601."),
        .field("soaVersion", \.soaVersion, "Version of the Statement of Applicability."),
        .field("verificationURL", \.verificationURL, "Where to verify the certificate (URL)."),
        .field("standing", \.standing, "valid, expiring, expired or surveillance-overdue, on the build date (for CSS classes)."),
        .field("standingLabel", \.standingLabel, "The standing in words (Valid, Expiring soon, Expired, Surveillance audit overdue)."),
        .field("isExpired", \.isExpired, "True when the certificate has expired on the build date (say \"expired on\", not \"valid until\")."),
        .field("statusNote", \.statusNote, "A short public note shown beside the status (status_note), when given."),
        .field("surveillanceAudits", \.surveillanceAudits, "Surveillance audits, earliest due first."),
        .field("hasSurveillanceAudits", \.hasSurveillanceAudits, "True when there is at least one surveillance audit."),
    ])

    init(_ cert: PublicCertification) {
        let c = cert.certification
        page = cert.page
        framework = cert.frameworkName
        standard = c.standard
        certificateNumber = c.certificateNumber
        certificationBody = c.certificationBody.name
        certificationBodyURL = c.certificationBody.url
        accreditationBody = c.accreditationBody
        scope = c.scope
        sites = c.sites.map { PublicCertifiedSite(name: $0.name, address: $0.address) }
        initialCertification = c.initialCertification.longForm
        issued = c.issued.longForm
        expires = c.expires.longForm
        expiresISO = c.expires.description
        soaVersion = c.soaVersion
        verificationURL = c.verificationURL
        standing = cert.standing.rawValue
        standingLabel = cert.standing.label
        isExpired = cert.standing == .expired
        statusNote = c.statusNote
        surveillanceAudits = cert.surveillanceAudits.map {
            PublicSurveillanceAudit(due: $0.due.longForm, dueISO: $0.due.description, standing: $0.standing.rawValue,
                                    status: $0.standing.label)
        }
        hasSurveillanceAudits = !c.surveillanceAudits.isEmpty
    }
}

/// A site covered by a certificate.
public struct PublicCertifiedSite: PageData {
    /// The site's name.
    public let name: String
    /// Its postal address.
    public let address: String

    public static let schema = Schema<Self>("certified site", "A site a certificate covers.", [
        .field("name", \.name, "The site's name."),
        .field("address", \.address, "Its postal address."),
    ])
}

/// A surveillance audit of a certificate.
public struct PublicSurveillanceAudit: PageData {
    /// Long-form due date.
    public let due: String
    /// ISO 8601 due date.
    public let dueISO: String
    /// `planned`, `completed` or `overdue` on the build date, for CSS classes.
    public let standing: String
    /// The same in words (Planned, Completed, Overdue): a past date is never "Planned".
    public let status: String

    public static let schema = Schema<Self>("surveillance audit", "A surveillance audit of a certificate.", [
        .field("due", \.due, "Due date, long form."),
        .field("dueISO", \.dueISO, "Due date, ISO 8601."),
        .field("standing", \.standing, "planned, completed or overdue on the build date (for CSS classes)."),
        .field("status", \.status, "The same in words (Planned, Completed, Overdue): a planned audit past its due date is Overdue."),
    ])
}

/// A SOC 2 report's public facts, on the overview and on its own page.
public struct PublicAttestationItem: PageData {
    /// Its page file.
    public let page: String
    /// Short name of the framework (`SOC 2`).
    public let framework: String
    /// `Type 1` or `Type 2`.
    public let type: String
    /// Long-form report date.
    public let reportDate: String
    /// The service auditor's name.
    public let auditor: String
    /// The auditor's website, if given.
    public let auditorURL: String?
    /// Trust Services Categories in scope, each its title.
    public let categories: [String]
    /// The same, joined with commas.
    public let categoryList: String
    /// Where to request the report (URL).
    public let accessRequestURL: String
    /// Type 2: `<start> to <end>`, long-form dates.
    public let period: String?
    /// Type 1: the long-form date the design was assessed at.
    public let asOf: String?
    /// The public summary, if any.
    public let summary: String?

    public static let schema = Schema<Self>("attestation", "A SOC 2 report's public facts (no opinion or exceptions).", [
        .field("page", \.page, "Its page file."),
        .field("framework", \.framework, "Short name of the framework (SOC 2)."),
        .field("type", \.type, "Type 1 or Type 2."),
        .field("reportDate", \.reportDate, "Report date, long form."),
        .field("auditor", \.auditor, "The service auditor's name."),
        .field("auditorURL", \.auditorURL, "The auditor's website (URL), when given."),
        .field("categories", \.categories, "Trust Services Categories in scope, each its title."),
        .field("categoryList", \.categoryList, "The same titles joined with \", \"."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request the report (URL)."),
        .field("period", \.period, "Type 2: `<start> to <end>`, long-form dates."),
        .field("asOf", \.asOf, "Type 1: the date the design was assessed at, long form."),
        .field("summary", \.summary, "The public summary, when given."),
    ])

    init(_ a: PublicAttestation, accessRequestURL: String) {
        page = a.page
        framework = a.frameworkName
        type = a.type.label
        reportDate = a.reportDate.longForm
        auditor = a.auditor.name
        auditorURL = a.auditor.url
        categories = a.categories.map(\.title)
        categoryList = a.categories.map(\.title).joined(separator: ", ")
        self.accessRequestURL = accessRequestURL
        period = a.period.map { "\($0.start.longForm) to \($0.end.longForm)" }
        asOf = a.asOf?.longForm
        summary = a.publicSummary
    }
}

/// `public/certification`: one certificate.
public struct PublicCertificationPage: PageData {
    /// The certificate.
    public let certificate: PublicCertificateItem

    public static let schema = Schema<Self>("certification page", "public/certification: one certificate.", [
        .field("certificate", \.certificate, "The certificate."),
    ])
}

/// `public/attestation`: one attestation report.
public struct PublicAttestationPage: PageData {
    /// The report's public facts.
    public let attestation: PublicAttestationItem

    public static let schema = Schema<Self>("attestation page", "public/attestation: one report's public facts.", [
        .field("attestation", \.attestation, "The report."),
    ])
}

/// `public/controls`: the controls by framework and group.
public struct PublicControlsPage: PageData {
    /// Each framework in scope.
    public let frameworks: [PublicControlsFramework]

    public static let schema = Schema<Self>("controls page", "public/controls: the controls by framework and group.", [
        .field("frameworks", \.frameworks, "Each framework in scope."),
    ])

    init(_ site: PublicSite) {
        frameworks = site.controlFrameworks.map { PublicControlsFramework($0) }
    }
}

/// A framework on the controls page.
public struct PublicControlsFramework: PageData {
    /// Full name.
    public let name: String
    /// Short name.
    public let shortName: String
    /// Framework id (`iso27001-2022`), for anchors.
    public let framework: String
    /// Its groups that have controls.
    public let groups: [PublicControlsGroup]

    public static let schema = Schema<Self>("controls framework", "A framework on the controls page.", [
        .field("name", \.name, "Full name of the framework."),
        .field("shortName", \.shortName, "Short name of the framework."),
        .field("framework", \.framework, "Framework id (iso27001-2022), for anchors."),
        .field("groups", \.groups, "Its themes or categories that have controls."),
    ])

    init(_ fw: PublicControlFramework) {
        name = fw.name
        shortName = fw.shortName
        framework = fw.framework
        groups = fw.groups.map { g in
            PublicControlsGroup(id: g.id, title: g.title, count: g.controls.count, controls: g.controls.map { c in
                PublicControlRow(id: c.id, title: c.title, summary: c.summary, status: c.status.rawValue,
                                 statusLabel: c.status.label, requirements: c.requirements.joined(separator: ", "))
            })
        }
    }
}

/// A theme or category of a framework, with the controls mapped to it.
public struct PublicControlsGroup: PageData {
    /// Group id, for anchors.
    public let id: String
    /// Its title.
    public let title: String
    /// Number of controls in it.
    public let count: Int
    /// The controls.
    public let controls: [PublicControlRow]

    public static let schema = Schema<Self>("controls group", "A theme or category with the controls mapped to it.", [
        .field("id", \.id, "Group id, for anchors."),
        .field("title", \.title, "Its title."),
        .field("count", \.count, "How many controls it lists."),
        .field("controls", \.controls, "The controls."),
    ])
}

/// A control's public face in one group.
public struct PublicControlRow: PageData {
    /// Control id.
    public let id: String
    /// Title.
    public let title: String
    /// Public summary.
    public let summary: String
    /// Status id (`implemented`), for CSS classes.
    public let status: String
    /// Status in words.
    public let statusLabel: String
    /// Requirement ids of this group it serves, joined with commas.
    public let requirements: String

    public static let schema = Schema<Self>("control", "A control's public face in one group.", [
        .field("id", \.id, "Control id."),
        .field("title", \.title, "Its title."),
        .field("summary", \.summary, "Its public summary."),
        .field("status", \.status, "Status id (implemented, partial, …), for CSS classes."),
        .field("statusLabel", \.statusLabel, "The status in words."),
        .field("requirements", \.requirements, "The group's requirement ids it serves, joined with \", \"."),
    ])
}

/// `public/policies`: every policy, public or not.
public struct PublicPoliciesPage: PageData {
    /// Every policy, by title.
    public let policies: [PublicPolicyItem]
    /// There is at least one policy.
    public let hasPolicies: Bool

    public static let schema = Schema<Self>("policies page", "public/policies: every policy, public or not.", [
        .field("policies", \.policies, "Every policy, by title."),
        .field("hasPolicies", \.hasPolicies, "True when there is at least one policy."),
    ])
}

/// A policy as listed publicly; version and dates only for a public policy.
public struct PublicPolicyItem: PageData {
    /// Policy id.
    public let id: String
    /// Title.
    public let title: String
    /// The policy is published in full.
    public let isPublic: Bool
    /// Where to request it (URL).
    public let accessRequestURL: String
    /// Public policy: its page, relative to the site root.
    public let href: String?
    /// Public summary, if any.
    public let summary: String?
    /// Public policy: its version.
    public let version: String?
    /// Public policy: long-form approval date.
    public let approved: String?
    /// Public policy: long-form next review date; nil when that date has passed (see reviewOverdueSince).
    public let nextReview: String?
    /// Public policy past its next_review date: that date, long form.
    public let reviewOverdueSince: String?
    /// Any of version, approved, nextReview is present.
    public let hasMeta: Bool

    public static let schema = Schema<Self>("policy", "A policy as listed publicly; version and dates only when it is public.", [
        .field("id", \.id, "Policy id."),
        .field("title", \.title, "Its title."),
        .field("isPublic", \.isPublic, "True when it is published in full."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request it (URL)."),
        .field("href", \.href, "A public policy's page, relative to the site root (`policies/<id>.html`)."),
        .field("summary", \.summary, "The public summary, when given."),
        .field("version", \.version, "A public policy's version."),
        .field("approved", \.approved, "A public policy's approval date, long form."),
        .field("nextReview", \.nextReview, "A public policy's next review date, long form; absent once that date has passed."),
        .field("reviewOverdueSince", \.reviewOverdueSince, "A public policy whose next_review date has passed: that date, long form (the review is overdue)."),
        .field("hasMeta", \.hasMeta, "True when any of version, approved, nextReview or reviewOverdueSince is present."),
    ])

    init(_ p: PublicPolicy, accessRequestURL: String) {
        id = p.id
        title = p.title
        isPublic = p.isPublic
        self.accessRequestURL = accessRequestURL
        href = p.isPublic ? "policies/\(p.id).html" : nil
        summary = p.publicSummary
        version = p.version
        approved = p.approved?.longForm
        switch p.review {
        case let .due(date)?: (nextReview, reviewOverdueSince) = (date.longForm, nil)
        case let .overdue(since)?: (nextReview, reviewOverdueSince) = (nil, since.longForm)
        case nil: (nextReview, reviewOverdueSince) = (nil, nil)
        }
        hasMeta = p.version != nil || p.approved != nil || p.nextReview != nil
    }
}

/// `public/policy`: one public policy in full.
public struct PublicPolicyPage: PageData {
    /// The policy.
    public let policy: PublicPolicyItem
    /// Its body, pre-escaped HTML with confidential sections replaced by a notice.
    public let bodyHTML: String

    public static let schema = Schema<Self>("policy page", "public/policy: one public policy in full.", [
        .field("policy", \.policy, "The policy."),
        .field("bodyHTML", \.bodyHTML, "Its body as HTML, pre-escaped (write {{{bodyHTML}}}); confidential sections replaced by a notice."),
    ])
}

/// `public/404`: served for any missing path at any depth, so it links home absolutely, inlines
/// its style and does not use the layout.
public struct PublicNotFoundPage: PageData {
    /// The organization and trust center.
    public let site: PublicSiteInfo
    /// The trust center's absolute URL.
    public let home: String
    /// The stylesheet, pre-escaped.
    public let inlineCSS: String
    /// `Page not found`.
    public let pageTitle: String

    public static let schema = Schema<Self>("404 page", "public/404: any missing path; no layout, no root, no nav.", [
        .field("site", \.site, "The organization and the trust center."),
        .field("home", \.home, "The trust center's absolute URL."),
        .field("inlineCSS", \.inlineCSS, "The stylesheet assets/style.css, raw (write {{{inlineCSS}}} inside a style element)."),
        .field("pageTitle", \.pageTitle, "The page's title (Page not found)."),
    ])
}
