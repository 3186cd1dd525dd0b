/// The data of the public trust center's templates, one type per page. Built only from
/// `PublicSite` and its public types: no page here can reach a confidential field.
/// Every word comes from the theme's strings in the site's language (`Strings`, passed to each
/// constructor as BundleRenderer does); every date is written in that language (`30 November 2026`,
/// `30. November 2026`) unless its name ends in `ISO` (`2026-11-30`);
/// text is HTML-escaped by `{{name}}` except the fields ending in `HTML` or `CSS`, which are
/// pre-escaped and must be written `{{{name}}}`.

/// What every public page using `public-layout` receives besides its own data.
public struct PublicLayoutData: PageData {
    /// `""` on a top-level page, `"../"` one folder down: prefix of every relative link.
    public let root: String
    /// The page's own title (`Controls`; the trust center's title on the home page).
    public let pageTitle: String
    /// The whole `<title>`: `Controls · Fernwick Trust Center`, the trust center's title alone on
    /// the home page (never doubled).
    public let documentTitle: String
    /// The page's own description, for `<meta name="description">` and `og:description`.
    public let description: String
    /// The page's absolute URL under `trust_center.url`, for `<link rel="canonical">` and `og:url`.
    public let canonicalURL: String
    /// Open Graph type: `website` on the home page, `article` elsewhere.
    public let ogType: String
    /// Absolute URL of the PNG logo for `og:image` (social previews take no SVG); nil without one.
    public let ogImage: String?
    /// The organization and trust center.
    public let site: PublicSiteInfo
    /// The main navigation.
    public let nav: [PublicNavItem]
    /// The site's Atom feeds, for `<link rel="alternate">` in the head (feed autodiscovery).
    public let feeds: [PublicFeedLink]

    public static let schema = Schema<Self>("public layout", "What every public page using public-layout receives.", [
        .field("root", \.root, "Prefix of relative links: \"\" on a top-level page, \"../\" one folder down."),
        .field("pageTitle", \.pageTitle, "The page's own title (the trust center's title on the home page)."),
        .field("documentTitle", \.documentTitle, "The whole HTML title: page title · trust center title; the trust center title alone on the home page."),
        .field("description", \.description, "The page's own description, for the meta description and og:description."),
        .field("canonicalURL", \.canonicalURL, "The page's absolute URL under trust_center.url (canonical link, og:url)."),
        .field("ogType", \.ogType, "Open Graph type: website on the home page, article elsewhere."),
        .field("ogImage", \.ogImage, "Absolute URL of the PNG logo, for og:image; absent without a PNG logo."),
        .field("site", \.site, "The organization and the trust center."),
        .field("nav", \.nav, "The main navigation, in order."),
        .field("feeds", \.feeds, "The site's Atom feeds (updates, subprocessor changes), for link rel=alternate in the head."),
    ])
}

/// The logo as the header and the home page show it.
public struct PublicLogo: PageData {
    /// The light-scheme logo, relative to the site root (`assets/brand/logo.svg`).
    public let src: String
    /// The dark-scheme logo, relative to the site root, if there is one.
    public let darkSrc: String?
    /// MIME type of the dark logo, for `<source type>`.
    public let darkType: String?
    /// Alt text: the organization's name.
    public let alt: String

    public static let schema = Schema<Self>("logo", "The organization's logo (branding.logo, branding.logo_dark).", [
        .field("src", \.src, "The light-scheme logo, relative to the site root (assets/brand/logo.svg); prefix it with root."),
        .field("darkSrc", \.darkSrc, "The dark-scheme logo, relative to the site root, when there is one."),
        .field("darkType", \.darkType, "The dark logo's MIME type (image/svg+xml), for the source element."),
        .field("alt", \.alt, "Alt text: the organization's name."),
    ])
}

extension PublicLogo {
    /// The configured logo, or nil without `branding.logo`.
    init?(_ branding: BrandAssets, alt: String) {
        guard let logo = branding.logo else { return nil }
        self.init(src: logo.publicPath, darkSrc: branding.logoDark?.publicPath, darkType: branding.logoDark?.kind.mimeType, alt: alt)
    }
}

/// The favicon link.
public struct PublicFavicon: PageData {
    /// Relative to the site root (`assets/brand/favicon.svg`).
    public let href: String
    /// MIME type (`image/svg+xml`).
    public let type: String

    public static let schema = Schema<Self>("favicon", "The favicon (branding.favicon).", [
        .field("href", \.href, "The favicon, relative to the site root; prefix it with root."),
        .field("type", \.type, "Its MIME type (image/svg+xml, image/png, image/x-icon)."),
    ])
}

extension PublicFavicon {
    /// The configured favicon, or nil without `branding.favicon`.
    init?(_ branding: BrandAssets) {
        guard let favicon = branding.favicon else { return nil }
        self.init(href: favicon.publicPath, type: favicon.kind.mimeType)
    }
}

/// A status badge image (`badges/<name>.svg`).
public struct PublicBadge: PageData {
    /// Relative to the site root (`badges/iso27001-2022-mn-2025-07.svg`).
    public let src: String
    /// What the badge says in the site's language (`ISO 27001: Valid · until 2027-03-14`), for alt.
    public let alt: String
    /// Width in pixels of the SVG.
    public let width: Int

    public static let schema = Schema<Self>("badge", "A status badge (SVG in badges/).", [
        .field("src", \.src, "The badge file, relative to the site root; prefix it with root."),
        .field("alt", \.alt, "What the badge says, for the alt text."),
        .field("width", \.width, "Its width in pixels (height 20)."),
    ])

    init(_ badge: Badges.Badge) {
        src = badge.path
        alt = badge.text
        width = Badges.width(badge)
    }
}

/// A security-practice tile on the home page.
public struct PublicHighlight: PageData {
    /// Its title.
    public let title: String
    /// One sentence.
    public let text: String
    /// The icon as inline SVG, pre-escaped.
    public let iconHTML: String

    public static let schema = Schema<Self>("highlight", "A security-practice tile (highlights in site.yaml).", [
        .field("title", \.title, "Its title."),
        .field("text", \.text, "Its sentence."),
        .field("iconHTML", \.iconHTML, "The icon as inline SVG, pre-escaped (write {{{iconHTML}}})."),
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
    /// The trust center's long description (below the fold on the home page).
    public let description: String
    /// The short tagline (`trust_center.tagline`, else the description).
    public let tagline: String
    /// The logo, when branding.logo is set.
    public let logo: PublicLogo?
    /// The words beside the logo in the header: the title, less the organization's name when the
    /// title starts with it (the logo says it); the whole title without a logo.
    public let headerTitle: String
    /// The favicon, when branding.favicon is set.
    public let favicon: PublicFavicon?
    /// CSS overriding `--accent` in both colour schemes, pre-escaped; nil without an accent.
    public let accentCSS: String?
    /// The security contact's e-mail address.
    public let contactEmail: String
    /// Where to request the confidential reports (URL).
    public let accessRequestURL: String
    /// Build date, in the site's language.
    public let buildDate: String
    /// `Last updated <build date>.` in the site's language, for the footer.
    public let lastUpdated: String
    /// Build date, ISO 8601.
    public let buildDateISO: String

    public static let schema = Schema<Self>("site", "The organization and the trust center, from site.yaml.", [
        .field("name", \.name, "Short name of the organization."),
        .field("legalName", \.legalName, "Legal name of the organization."),
        .field("website", \.website, "The organization's website (URL)."),
        .field("title", \.title, "The trust center's title."),
        .field("description", \.description, "The trust center's long description (shown below the fold on the home page)."),
        .field("tagline", \.tagline, "The short tagline (trust_center.tagline, else the description)."),
        .field("logo", \.logo, "The logo, when branding.logo is set."),
        .field("headerTitle", \.headerTitle, "The words beside the logo in the header: the title less the organization's name when the title starts with it (\"Trust Center\"), else the title; the whole title without a logo."),
        .field("favicon", \.favicon, "The favicon, when branding.favicon is set."),
        .field("accentCSS", \.accentCSS, "CSS overriding --accent for light and dark, raw (write {{{accentCSS}}} inside a style element); absent without an accent."),
        .field("contactEmail", \.contactEmail, "The security contact's e-mail address."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request the confidential reports (URL)."),
        .field("buildDate", \.buildDate, "Build date in the site's language (30 November 2026, 30. November 2026)."),
        .field("lastUpdated", \.lastUpdated, "The footer's sentence with the build date, in the site's language (Last updated 30 November 2026.)."),
        .field("buildDateISO", \.buildDateISO, "Build date, ISO 8601 (2026-11-30)."),
    ])

    init(_ site: PublicSite, strings s: Strings) {
        name = site.organization.name
        legalName = site.organization.legalName
        website = site.organization.website
        title = site.trustCenter.title
        description = site.trustCenter.description
        tagline = site.trustCenter.tagline ?? site.trustCenter.description
        let header = Self.headerTitle(title: site.trustCenter.title, organization: site.organization.name)
        headerTitle = site.branding.logo == nil ? site.trustCenter.title : header.text
        logo = PublicLogo(site.branding, alt: header.logoAlt)
        favicon = PublicFavicon(site.branding)
        accentCSS = site.branding.accentCSS
        contactEmail = site.trustCenter.contactEmail
        accessRequestURL = site.trustCenter.accessRequestURL
        buildDate = s.date(site.buildDate)
        lastUpdated = s.format("public.layout.last_updated", ["date": buildDate])
        buildDateISO = site.buildDate.description
    }

    /// A logo beside the title must not make the header say the name twice, to the eye or to a
    /// screen reader (the logo's alt text and the link's words make one accessible name):
    /// "Fernwick Trust Center" with the logo becomes [Fernwick] "Trust Center"; a title that names
    /// the organization elsewhere keeps its words and the logo becomes decorative (empty alt).
    static func headerTitle(title: String, organization: String) -> (text: String, logoAlt: String) {
        let name = organization.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, title.range(of: name, options: .caseInsensitive) != nil else { return (title, organization) }
        // The name as a whole word at the start: "Fernwick Trust Center", not "Fernwickian Trust".
        if let prefix = title.range(of: name, options: [.caseInsensitive, .anchored]),
           title[prefix.upperBound...].first?.isWhitespace == true {
            let rest = title[prefix.upperBound...].trimmingCharacters(in: .whitespaces)
            if let first = rest.first, first.isLetter || first.isNumber { return (rest, organization) }
        }
        return (title, "")
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
    /// Every certificate's badge, then every attestation's, then every declared program's.
    public let badges: [PublicBadge]
    /// Every framework declared in programs.yaml (aligned or in progress, no certificate or report).
    public let programs: [PublicProgramItem]
    /// There is at least one declared program.
    public let hasPrograms: Bool
    /// The security-practice tiles (highlights in site.yaml).
    public let highlights: [PublicHighlight]
    /// There is at least one highlight.
    public let hasHighlights: Bool
    /// subprocessors.yaml exists: without it the site makes no subprocessor claim (no count, no page).
    public let subprocessorsPublished: Bool
    /// The sentence beside the policy count (`policies; 3 published here, the rest available under NDA.`).
    public let policiesText: String
    /// The start of the contact sentence naming what is shared under NDA, up to the request link.
    public let ndaReports: String

    public static let schema = Schema<Self>("index page", "public/index: the overview.", [
        .field("certifications", \.certifications, "Every certificate."),
        .field("attestations", \.attestations, "Every attestation report."),
        .field("hasFrameworks", \.hasFrameworks, "True when there is at least one certificate, attestation or declared program."),
        .field("hasCertifications", \.hasCertifications, "True when there is at least one certificate (the bundle then holds its Statement of Applicability)."),
        .field("hasAttestations", \.hasAttestations, "True when there is at least one attestation report."),
        .field("frameworks", \.frameworks, "Each framework in scope with its control counts."),
        .field("controlCount", \.controlCount, "How many controls the program has."),
        .field("publicPolicyCount", \.publicPolicyCount, "How many policies are published in full."),
        .field("policyCount", \.policyCount, "How many policies there are, public or not."),
        .field("subprocessorCount", \.subprocessorCount, "How many subprocessors process data on the build date (upcoming ones not counted)."),
        .field("badges", \.badges, "Every certificate's badge, then every attestation's, then every declared program's."),
        .field("programs", \.programs, "Every framework declared in programs.yaml, aligned or in progress."),
        .field("hasPrograms", \.hasPrograms, "True when programs.yaml declares at least one framework."),
        .field("highlights", \.highlights, "The security-practice tiles (highlights in site.yaml), as written."),
        .field("hasHighlights", \.hasHighlights, "True when there is at least one highlight."),
        .field("subprocessorsPublished", \.subprocessorsPublished, "True when subprocessors.yaml exists; without it say nothing about subprocessors (not even none)."),
        .field("policiesText", \.policiesText, "The sentence beside the policy count, with the number published (policies; 3 published here, the rest available under NDA.)."),
        .field("ndaReports", \.ndaReports, "The contact sentence up to the access-request link, naming what is shared under NDA (Reports shared under NDA (SOC 2 report, Statement of Applicability, policies) can be)."),
    ])

    init(_ site: PublicSite, strings s: Strings) {
        certifications = site.certifications.map { PublicCertificateItem($0, strings: s) }
        attestations = site.attestations.map { PublicAttestationItem($0, accessRequestURL: site.trustCenter.accessRequestURL, strings: s) }
        programs = site.controlFrameworks.compactMap { fw in fw.declared.map { PublicProgramItem(fw, $0, strings: s) } }
        hasPrograms = !programs.isEmpty
        hasFrameworks = !site.certifications.isEmpty || !site.attestations.isEmpty || hasPrograms
        hasCertifications = !site.certifications.isEmpty
        hasAttestations = !site.attestations.isEmpty
        frameworks = site.controlFrameworks.map { PublicFrameworkSummary($0, strings: s) }
        controlCount = site.controlCount
        publicPolicyCount = site.policies.filter(\.isPublic).count
        policyCount = site.policies.count
        subprocessorCount = site.subprocessors.filter { !$0.isUpcoming(on: site.buildDate) }.count
        subprocessorsPublished = site.subprocessorsPublished
        badges = certifications.map(\.badge) + attestations.map(\.badge) + programs.map(\.badge)
        highlights = site.highlights.map { PublicHighlight(title: $0.title, text: $0.text, iconHTML: Icons.svg($0.icon) ?? "") }
        hasHighlights = !highlights.isEmpty
        policiesText = s.format("public.index.policies_text", ["published": String(publicPolicyCount)])
        let shared = (hasAttestations ? [s["public.index.nda_soc2"]] : []) + (hasCertifications ? [s["public.index.nda_soa"]] : [])
            + [s["public.index.nda_policies"]]
        ndaReports = s.format("public.index.nda_reports", ["documents": shared.joined(separator: ", ")])
    }
}

/// A framework declared in programs.yaml, on the overview: its honest status, never a certificate's.
public struct PublicProgramItem: PageData {
    /// Short name (`NIST CSF 2.0`).
    public let framework: String
    /// `aligned` or `in-progress` (for a CSS class).
    public let status: String
    /// The status in the site's language (`Aligned`).
    public let statusLabel: String
    /// What the status means, in a sentence (no certificate or attestation is claimed).
    public let statement: String
    public let since: String?
    public let sinceISO: String?
    /// In progress: when the certificate or report is expected.
    public let target: String?
    public let targetISO: String?
    /// The declaration's own note.
    public let note: String?
    public let badge: PublicBadge

    public static let schema = Schema<Self>("declared program", "A framework declared in programs.yaml, on the overview.", [
        .field("framework", \.framework, "Short name of the framework (NIST CSF 2.0)."),
        .field("status", \.status, "aligned or in-progress, for a CSS class."),
        .field("statusLabel", \.statusLabel, "The status in the site's language (Aligned)."),
        .field("statement", \.statement, "What the status means, in a sentence: no certificate or attestation is claimed."),
        .field("since", \.since, "Long-form date since when, if declared."),
        .field("sinceISO", \.sinceISO, "The same, YYYY-MM-DD, for <time datetime>."),
        .field("target", \.target, "In progress: long-form date the certificate or report is expected, if declared."),
        .field("targetISO", \.targetISO, "The same, YYYY-MM-DD."),
        .field("note", \.note, "The declaration's note, if any."),
        .field("badge", \.badge, "Its status badge (badges/program-<framework>.svg)."),
    ])

    init(_ fw: PublicControlFramework, _ declared: DeclaredProgram, strings s: Strings) {
        framework = fw.shortName
        status = declared.status.rawValue
        let aligned = declared.status == .aligned
        statusLabel = s[aligned ? "public.index.program_aligned" : "public.index.program_in_progress"]
        statement = s.format(aligned ? "public.index.program_statement_aligned" : "public.index.program_statement_in_progress",
                             ["framework": fw.shortName])
        since = declared.since.map(s.date)
        sinceISO = declared.since?.description
        target = declared.target.map(s.date)
        targetISO = declared.target?.description
        note = declared.note
        badge = PublicBadge(Badges.program(fw, declared, strings: s))
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
    /// The counts in a sentence (`12 mapped to SOC 2, 10 of them implemented`).
    public let summary: String

    public static let schema = Schema<Self>("framework summary", "A framework in scope, on the overview.", [
        .field("name", \.name, "Short name of the framework (SOC 2)."),
        .field("controlCount", \.controlCount, "How many distinct controls map to it."),
        .field("implementedCount", \.implementedCount, "How many of those are implemented."),
        .field("summary", \.summary, "The counts in a sentence, in the site's language (12 mapped to SOC 2, 10 of them implemented)."),
    ])

    init(_ fw: PublicControlFramework, strings s: Strings) {
        name = fw.shortName
        controlCount = fw.totals.total
        implementedCount = fw.totals.implemented
        summary = s.format("public.index.framework_controls", ["count": String(controlCount), "framework": name,
                                                                "implemented": String(implementedCount)])
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
    /// Its status badge.
    public let badge: PublicBadge
    /// `Certificate <number>, valid until` (or `expired on`): the sentence before the expiry date.
    public let validity: String
    /// `Version <soaVersion> (available under NDA)`.
    public let soaVersionText: String

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
        .field("initialCertification", \.initialCertification, "Date of the first certification, in the site's language."),
        .field("issued", \.issued, "Issue date, in the site's language."),
        .field("expires", \.expires, "Expiry date, in the site's language."),
        .field("expiresISO", \.expiresISO, "Expiry date, ISO 8601."),
        .field("soaVersion", \.soaVersion, "Version of the Statement of Applicability."),
        .field("verificationURL", \.verificationURL, "Where to verify the certificate (URL)."),
        .field("standing", \.standing, "valid, expiring, expired or surveillance-overdue, on the build date (for CSS classes)."),
        .field("standingLabel", \.standingLabel, "The standing in words, in the site's language (Valid, Expiring soon, Expired, Surveillance audit overdue)."),
        .field("isExpired", \.isExpired, "True when the certificate has expired on the build date (say \"expired on\", not \"valid until\")."),
        .field("statusNote", \.statusNote, "A short public note shown beside the status (status_note), when given."),
        .field("surveillanceAudits", \.surveillanceAudits, "Surveillance audits, earliest due first."),
        .field("hasSurveillanceAudits", \.hasSurveillanceAudits, "True when there is at least one surveillance audit."),
        .field("badge", \.badge, "Its status badge (badges/<page name>.svg)."),
        .field("validity", \.validity, "The sentence before the expiry date: Certificate <number>, valid until (expired on, once expired)."),
        .field("soaVersionText", \.soaVersionText, "The Statement of Applicability's version in words (Version 3 (available under NDA))."),
    ])

    init(_ cert: PublicCertification, strings s: Strings) {
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
        initialCertification = s.date(c.initialCertification)
        issued = s.date(c.issued)
        expires = s.date(c.expires)
        expiresISO = c.expires.description
        soaVersion = c.soaVersion
        verificationURL = c.verificationURL
        standing = cert.standing.rawValue
        standingLabel = s.label(cert.standing)
        isExpired = cert.standing == .expired
        statusNote = c.statusNote
        surveillanceAudits = cert.surveillanceAudits.map {
            PublicSurveillanceAudit(due: s.date($0.due), dueISO: $0.due.description, standing: $0.standing.rawValue,
                                    status: s.label($0.standing))
        }
        hasSurveillanceAudits = !c.surveillanceAudits.isEmpty
        badge = PublicBadge(Badges.certificate(cert, strings: s))
        validity = s.format(isExpired ? "public.certification.expired_on" : "public.certification.valid_until",
                            ["number": c.certificateNumber])
        soaVersionText = s.format("public.certification.soa_version", ["version": c.soaVersion])
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
        .field("due", \.due, "Due date, in the site's language."),
        .field("dueISO", \.dueISO, "Due date, ISO 8601."),
        .field("standing", \.standing, "planned, completed or overdue on the build date (for CSS classes)."),
        .field("status", \.status, "The same in words, in the site's language (Planned, Completed, Overdue): a planned audit past its due date is Overdue."),
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
    /// Its badge.
    public let badge: PublicBadge
    /// `SOC 2 Type 2 report`: its title, as the page heading and the page title say it.
    public let title: String
    /// The sentence saying who may read the report (`The SOC 2 report is restricted to …`).
    public let restricted: String

    public static let schema = Schema<Self>("attestation", "A SOC 2 report's public facts (no opinion or exceptions).", [
        .field("page", \.page, "Its page file."),
        .field("framework", \.framework, "Short name of the framework (SOC 2)."),
        .field("type", \.type, "Type 1 or Type 2, in the site's language."),
        .field("reportDate", \.reportDate, "Report date, in the site's language."),
        .field("auditor", \.auditor, "The service auditor's name."),
        .field("auditorURL", \.auditorURL, "The auditor's website (URL), when given."),
        .field("categories", \.categories, "Trust Services Categories in scope, each its title in the site's language."),
        .field("categoryList", \.categoryList, "The same titles joined with \", \"."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request the report (URL)."),
        .field("period", \.period, "Type 2: the period in the site's language (1 October 2025 to 30 September 2026)."),
        .field("asOf", \.asOf, "Type 1: the date the design was assessed at, in the site's language."),
        .field("summary", \.summary, "The public summary, when given."),
        .field("badge", \.badge, "Its badge (badges/<page name>.svg)."),
        .field("title", \.title, "Its title in the site's language (SOC 2 Type 2 report), as the page heading."),
        .field("restricted", \.restricted, "The sentence saying the report is shared only under a non-disclosure agreement."),
    ])

    init(_ a: PublicAttestation, accessRequestURL: String, strings s: Strings) {
        page = a.page
        framework = a.frameworkName
        type = s.label(a.type)
        reportDate = s.date(a.reportDate)
        auditor = a.auditor.name
        auditorURL = a.auditor.url
        categories = a.categories.map { s.label($0) }
        categoryList = categories.joined(separator: ", ")
        self.accessRequestURL = accessRequestURL
        period = a.period.map { s.format("public.common.period_range", ["start": s.date($0.start), "end": s.date($0.end)]) }
        asOf = s.date(a.asOf)
        summary = a.publicSummary
        badge = PublicBadge(Badges.attestation(a, strings: s))
        title = s.format("public.title.attestation", ["framework": framework, "type": type])
        restricted = s.format("public.attestation.restricted", ["framework": framework])
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

/// `public/controls`: per framework, an overview of its groups with implemented and total counts,
/// each group listing its controls whose status is shown publicly. Every count includes the controls
/// the page does not list (`ControlTotals`).
public struct PublicControlsPage: PageData {
    /// Each framework in scope.
    public let frameworks: [PublicControlsFramework]
    /// Some control of the program is not listed because of its status.
    public let hasHidden: Bool
    /// The statuses listed, in words, joined with commas (`Implemented, Planned`).
    public let listedStatuses: String
    /// The notice naming the listed statuses, shown when some control is not listed.
    public let hiddenNotice: String

    public static let schema = Schema<Self>("controls page", "public/controls: the controls by framework and group, with totals that include unlisted controls.", [
        .field("frameworks", \.frameworks, "Each framework in scope."),
        .field("hasHidden", \.hasHidden, "True when some control is not listed because of its status (trust_center.public_control_statuses)."),
        .field("listedStatuses", \.listedStatuses, "The statuses listed, in words, joined with \", \"."),
        .field("hiddenNotice", \.hiddenNotice, "The notice naming the listed statuses and saying every count includes the unlisted controls."),
    ])

    init(_ site: PublicSite, strings s: Strings) {
        frameworks = site.controlFrameworks.map { PublicControlsFramework($0, strings: s) }
        hasHidden = site.controlTotals.hidden > 0
        listedStatuses = site.listedControlStatuses.map { s.label($0) }.joined(separator: ", ")
        hiddenNotice = s.format("public.controls.hidden_notice", ["statuses": listedStatuses])
    }
}

/// Control counts for one framework or group; every figure includes the controls not listed.
public struct PublicControlFigures: PageData {
    /// Distinct controls, listed or not.
    public let controlCount: Int
    /// How many of them are implemented.
    public let implementedCount: Int
    /// How many are listed on the page.
    public let listedCount: Int
    /// How many are not listed because of their status.
    public let hiddenCount: Int
    /// `hiddenCount` is above 0.
    public let hasHidden: Bool
    /// Implemented share, whole percent rounded down (0 when there are no controls).
    public let implementedPercent: Int
    /// Each status with at least one control, in status order.
    public let statuses: [PublicStatusCount]
    /// `12 controls`.
    public let countText: String
    /// What follows the count: `, 10 implemented.` (`; 2 not listed here` when some are hidden).
    public let totalsText: String
    /// `10 of 12 implemented` (`· 2 not listed` when some are hidden), for a group's summary line.
    public let groupSummary: String
    /// `2 of 12 controls in this group are not listed here because of their status.`
    public let hiddenNote: String

    public static let schema = Schema<Self>("control figures", "Control counts of a framework or group; hidden controls count too.", [
        .field("controlCount", \.controlCount, "How many distinct controls, listed or not."),
        .field("implementedCount", \.implementedCount, "How many of them are implemented."),
        .field("listedCount", \.listedCount, "How many the page lists."),
        .field("hiddenCount", \.hiddenCount, "How many are not listed because of their status."),
        .field("hasHidden", \.hasHidden, "True when hiddenCount is above 0."),
        .field("implementedPercent", \.implementedPercent, "Implemented share in whole percent, rounded down (0 without controls)."),
        .field("statuses", \.statuses, "Each status with at least one control, in status order."),
        .field("countText", \.countText, "The number of controls in words (12 controls)."),
        .field("totalsText", \.totalsText, "What follows countText: how many are implemented and, when some are, how many are not listed (, 10 implemented; 2 not listed here.)."),
        .field("groupSummary", \.groupSummary, "Implemented of total, with the unlisted count when there is one (10 of 12 implemented · 2 not listed)."),
        .field("hiddenNote", \.hiddenNote, "The sentence saying how many of the group's controls are not listed because of their status."),
    ])

    init(_ t: ControlTotals, strings s: Strings) {
        controlCount = t.total
        implementedCount = t.implemented
        listedCount = t.listed
        hiddenCount = t.hidden
        hasHidden = t.hidden > 0
        implementedPercent = t.total == 0 ? 0 : t.implemented * 100 / t.total
        statuses = ImplementationStatus.allCases.filter { t.count($0) > 0 }.map {
            PublicStatusCount(status: $0.rawValue, label: s.label($0), count: t.count($0))
        }
        let counts = ["count": String(t.total), "implemented": String(t.implemented), "hidden": String(t.hidden)]
        countText = s.format("public.controls.count", count: t.total, counts)
        totalsText = s.format(hasHidden ? "public.controls.implemented_hidden" : "public.controls.implemented", counts)
        groupSummary = s.format(hasHidden ? "public.controls.group_summary_hidden" : "public.controls.group_summary", counts)
        hiddenNote = s.format("public.controls.hidden_in_group", count: t.hidden, counts)
    }
}

/// How many controls have one status.
public struct PublicStatusCount: PageData {
    /// Status id (`implemented`), for CSS classes.
    public let status: String
    /// The status in words.
    public let label: String
    /// How many controls have it, listed or not.
    public let count: Int

    public static let schema = Schema<Self>("status count", "How many controls have one status.", [
        .field("status", \.status, "Status id (implemented, partially-implemented, planned, not-implemented), for CSS classes."),
        .field("label", \.label, "The status in words, in the site's language."),
        .field("count", \.count, "How many controls have it, listed or not."),
    ])
}

/// A framework on the controls page.
public struct PublicControlsFramework: PageData {
    /// Full name.
    public let name: String
    /// Short name.
    public let shortName: String
    /// Framework id (`iso27001-2022`), for anchors.
    public let framework: String
    /// Its distinct controls' counts, hidden ones included.
    public let figures: PublicControlFigures
    /// Its groups that have controls.
    public let groups: [PublicControlsGroup]
    /// `SOC 2 controls by status`, the label of the status counts.
    public let statusCountsLabel: String

    public static let schema = Schema<Self>("controls framework", "A framework on the controls page.", [
        .field("name", \.name, "Full name of the framework."),
        .field("shortName", \.shortName, "Short name of the framework."),
        .field("framework", \.framework, "Framework id (iso27001-2022), for anchors."),
        .field("figures", \.figures, "Counts of its distinct controls, unlisted ones included."),
        .field("groups", \.groups, "Its themes or categories that have controls (listed or not)."),
        .field("statusCountsLabel", \.statusCountsLabel, "The label of its status counts (SOC 2 controls by status)."),
    ])

    init(_ fw: PublicControlFramework, strings s: Strings) {
        name = fw.name
        shortName = fw.shortName
        framework = fw.framework
        figures = PublicControlFigures(fw.totals, strings: s)
        statusCountsLabel = s.format("public.controls.by_status", ["framework": fw.shortName])
        groups = fw.groups.map { g in
            PublicControlsGroup(id: g.id, title: g.title, count: g.controls.count, figures: PublicControlFigures(g.totals, strings: s),
                                hasControls: !g.controls.isEmpty,
                                tableLabel: s.format("public.controls.table", ["framework": fw.shortName, "group": g.title]),
                                controls: g.controls.map { c in
                PublicControlRow(id: c.id, title: c.title, summary: c.summary, status: c.status.rawValue,
                                 statusLabel: s.label(c.status), requirements: c.requirements.joined(separator: ", "))
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
    /// Number of controls it lists.
    public let count: Int
    /// Its controls' counts, hidden ones included.
    public let figures: PublicControlFigures
    /// It lists at least one control.
    public let hasControls: Bool
    /// The label of its table of controls (`SOC 2 Control environment: controls`).
    public let tableLabel: String
    /// The listed controls.
    public let controls: [PublicControlRow]

    public static let schema = Schema<Self>("controls group", "A theme or category with the controls mapped to it.", [
        .field("id", \.id, "Group id, for anchors."),
        .field("title", \.title, "Its title."),
        .field("count", \.count, "How many controls it lists."),
        .field("figures", \.figures, "Counts of its controls, unlisted ones included."),
        .field("hasControls", \.hasControls, "True when it lists at least one control."),
        .field("tableLabel", \.tableLabel, "The label of its table of controls (SOC 2 Control environment: controls)."),
        .field("controls", \.controls, "The listed controls (their status is in trust_center.public_control_statuses)."),
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
        .field("status", \.status, "Status id (implemented, partially-implemented, planned, not-implemented), for CSS classes."),
        .field("statusLabel", \.statusLabel, "The status in words, in the site's language."),
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
    /// Public policy: the version as the list shows it (`v2.1`).
    public let versionShort: String?
    /// Public policy past its next_review date: `Review overdue since <date>`.
    public let reviewOverdue: String?

    public static let schema = Schema<Self>("policy", "A policy as listed publicly; version and dates only when it is public.", [
        .field("id", \.id, "Policy id."),
        .field("title", \.title, "Its title."),
        .field("isPublic", \.isPublic, "True when it is published in full."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request it (URL)."),
        .field("href", \.href, "A public policy's page, relative to the site root (`policies/<id>.html`)."),
        .field("summary", \.summary, "The public summary, when given."),
        .field("version", \.version, "A public policy's version."),
        .field("approved", \.approved, "A public policy's approval date, in the site's language."),
        .field("nextReview", \.nextReview, "A public policy's next review date, in the site's language; absent once that date has passed."),
        .field("reviewOverdueSince", \.reviewOverdueSince, "A public policy whose next_review date has passed: that date, in the site's language (the review is overdue)."),
        .field("hasMeta", \.hasMeta, "True when any of version, approved, nextReview or reviewOverdueSince is present."),
        .field("versionShort", \.versionShort, "A public policy's version as the list shows it (v2.1)."),
        .field("reviewOverdue", \.reviewOverdue, "A public policy whose next_review date has passed: the sentence saying so (Review overdue since 1 March 2026)."),
    ])

    init(_ p: PublicPolicy, accessRequestURL: String, strings s: Strings) {
        id = p.id
        title = p.title
        isPublic = p.isPublic
        self.accessRequestURL = accessRequestURL
        href = p.isPublic ? "policies/\(p.id).html" : nil
        summary = p.publicSummary
        version = p.version
        approved = s.date(p.approved)
        switch p.review {
        case let .due(date)?: (nextReview, reviewOverdueSince) = (s.date(date), nil)
        case let .overdue(since)?: (nextReview, reviewOverdueSince) = (nil, s.date(since))
        case nil: (nextReview, reviewOverdueSince) = (nil, nil)
        }
        hasMeta = p.version != nil || p.approved != nil || p.nextReview != nil
        versionShort = p.isPublic ? p.version.map { s.format("public.policies.version_short", ["version": $0]) } : nil
        reviewOverdue = reviewOverdueSince.map { s.format("public.policy.review_overdue", ["date": $0]) }
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

/// `public/documents`: what a buyer may ask for, public documents with their links and NDA-only
/// ones by title with the access request.
public struct PublicDocumentsPage: PageData {
    /// Documents on the site, in the list's order.
    public let publicDocuments: [PublicDocumentItem]
    /// Documents available under NDA only, in the list's order.
    public let ndaDocuments: [PublicDocumentItem]
    /// There is at least one NDA-only document.
    public let hasNDADocuments: Bool
    /// Where to request the NDA-only documents (URL).
    public let accessRequestURL: String

    public static let schema = Schema<Self>("documents page", "public/documents: what a buyer may ask for.", [
        .field("publicDocuments", \.publicDocuments, "Documents published on the site, each with its link."),
        .field("ndaDocuments", \.ndaDocuments, "Documents available under NDA only, listed by title."),
        .field("hasNDADocuments", \.hasNDADocuments, "True when there is at least one NDA-only document."),
        .field("accessRequestURL", \.accessRequestURL, "Where to request the NDA-only documents (URL)."),
    ])

    init(_ site: PublicSite, strings s: Strings) {
        let items = site.documents(in: s).map { PublicDocumentItem($0, strings: s) }
        publicDocuments = items.filter { !$0.isNDA }
        ndaDocuments = items.filter(\.isNDA)
        hasNDADocuments = !ndaDocuments.isEmpty
        accessRequestURL = site.trustCenter.accessRequestURL
    }
}

/// One entry of the documents page.
public struct PublicDocumentItem: PageData {
    /// Kind id (`certificate`, `report`, `statement-of-applicability`, `policy`, …), for CSS classes.
    public let kind: String
    /// Its title.
    public let title: String
    /// One line of public facts, if any.
    public let detail: String?
    /// A public document: its file, relative to the site root.
    public let href: String?
    /// An NDA-only document: a public page about it (a report's summary), relative to the site root.
    public let relatedHref: String?
    /// Available under NDA only.
    public let isNDA: Bool
    /// What the access request is for, read by screen readers after its link text (`to <title>`).
    public let requestAccessTo: String

    public static let schema = Schema<Self>("document", "A document a buyer may ask for.", [
        .field("kind", \.kind, "Kind id (certificate, report, statement-of-applicability, controls, policy, …), for CSS classes."),
        .field("title", \.title, "Its title."),
        .field("detail", \.detail, "One line of public facts (validity, period, version), when there is one."),
        .field("href", \.href, "A public document's file, relative to the site root; prefix it with root."),
        .field("relatedHref", \.relatedHref, "An NDA-only document's public page (a report's summary), relative to the site root."),
        .field("isNDA", \.isNDA, "True when it is available under NDA only."),
        .field("requestAccessTo", \.requestAccessTo, "What its access request is for, after the link text, for screen readers (to <title>)."),
    ])

    init(_ d: PublicDocument, strings s: Strings) {
        kind = d.kind.rawValue
        title = d.title
        detail = d.detail
        href = if case let .public(path) = d.access { path } else { nil }
        relatedHref = d.relatedPath
        isNDA = d.isNDA
        requestAccessTo = s.format("public.documents.request_access_to", ["title": d.title])
    }
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
    /// `Page not found`, in the site's language.
    public let pageTitle: String
    /// The favicon's absolute URL, when branding.favicon is set.
    public let faviconURL: String?

    public static let schema = Schema<Self>("404 page", "public/404: any missing path; no layout, no root, no nav.", [
        .field("site", \.site, "The organization and the trust center."),
        .field("home", \.home, "The trust center's absolute URL."),
        .field("inlineCSS", \.inlineCSS, "The stylesheet assets/style.css, raw (write {{{inlineCSS}}} inside a style element)."),
        .field("pageTitle", \.pageTitle, "The page's title in the site's language (Page not found)."),
        .field("faviconURL", \.faviconURL, "The favicon's absolute URL, when branding.favicon is set."),
    ])
}
