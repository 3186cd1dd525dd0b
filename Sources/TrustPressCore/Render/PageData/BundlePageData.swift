/// The data of the confidential bundle's templates, one type per page. Dates are long-form text
/// (`30 November 2026`) where the name says so or ends without `ISO`; fields ending in `HTML` are
/// pre-escaped HTML (write `{{{name}}}`). Built by `BundleRenderer` from the full model.

/// What every bundle page using `confidential-layout` receives besides its own data.
public struct BundleLayoutData: PageData {
    /// `""` on a top-level page, `"../"` one folder down.
    public let root: String
    /// The page's title.
    public let pageTitle: String
    /// The bundle's banner facts.
    public let bundle: BundleInfo
    /// The bundle's table of contents (the same on every page).
    public let nav: [BundleNavItem]
    /// The organization's logo, favicon and accent (`branding:`), as on the public site: the bundle
    /// holds its own copies of the files, so it reads the same offline.
    public let logo: PublicLogo?
    public let favicon: PublicFavicon?
    public let accentCSS: String?
    /// The bundle's marking as CSS (`BundleMarking`): the running header and footer of printed pages
    /// and the recipient's watermark, every value an escaped CSS string.
    public let markingCSS: String

    public static let schema = Schema<Self>("bundle layout", "What every bundle page using confidential-layout receives.", [
        .field("root", \.root, "Prefix of relative links: \"\" on a top-level page, \"../\" one folder down."),
        .field("pageTitle", \.pageTitle, "The page's title."),
        .field("bundle", \.bundle, "Who the bundle is for, and its id."),
        .field("nav", \.nav, "The bundle's table of contents, the same on every page."),
        .field("logo", \.logo, "The logo, when branding.logo is set (the bundle holds a copy of the file)."),
        .field("favicon", \.favicon, "The favicon, when branding.favicon is set."),
        .field("accentCSS", \.accentCSS, "CSS overriding --accent for light and dark, raw (write {{{accentCSS}}} inside a style element); absent without an accent."),
        .field("markingCSS", \.markingCSS, "The marking as CSS, raw (write {{{markingCSS}}} inside a style element): the @page margin boxes of printed pages (CONFIDENTIAL and the organization, the recipient and NDA, the bundle id, issue and valid-until dates, page N of M) and the watermark's text (.confidential::after); style.css styles them."),
    ])
}

/// Who the bundle is for, shown in the CONFIDENTIAL banner.
public struct BundleInfo: PageData {
    /// Legal name of the organization.
    public let organization: String
    /// `Acme Corp under NDA-2026-114`, or `Internal use only`.
    public let recipientLine: String
    /// The bundle's folder name.
    public let bundleID: String
    /// Long-form build date.
    public let buildDate: String
    /// ISO 8601 build date.
    public let buildDateISO: String
    /// No recipient: an internal bundle.
    public let isInternal: Bool
    /// The recipient, if any.
    public let recipient: String?
    /// The NDA reference, if any.
    public let nda: String?
    /// Long-form last day of validity (`--expires`, `--valid-days`), if any.
    public let validUntil: String?
    /// ISO 8601 last day of validity, if any.
    public let validUntilISO: String?

    public static let schema = Schema<Self>("bundle", "Who the bundle is for, shown in the CONFIDENTIAL banner.", [
        .field("organization", \.organization, "Legal name of the organization."),
        .field("recipientLine", \.recipientLine, "\"Acme Corp under NDA-2026-114\", or \"Internal use only\"."),
        .field("bundleID", \.bundleID, "The bundle's folder name (2026-11-30-acme-corp)."),
        .field("buildDate", \.buildDate, "Build date, long form."),
        .field("buildDateISO", \.buildDateISO, "Build date, ISO 8601."),
        .field("isInternal", \.isInternal, "True for an internal bundle (no recipient)."),
        .field("recipient", \.recipient, "The recipient, when there is one."),
        .field("nda", \.nda, "The NDA reference, when given."),
        .field("validUntil", \.validUntil, "The last day the bundle is to be used (--expires, --valid-days), long form, when set; nothing enforces it."),
        .field("validUntilISO", \.validUntilISO, "The same date, ISO 8601."),
    ])
}

/// An entry of the bundle's table of contents.
public struct BundleNavItem: PageData {
    /// Page file relative to the bundle root.
    public let href: String
    /// Link text.
    public let label: String

    public static let schema = Schema<Self>("contents entry", "An entry of the bundle's table of contents.", [
        .field("href", \.href, "Page file relative to the bundle root; prefix it with root."),
        .field("label", \.label, "Link text."),
    ])
}

/// `confidential/cover`: the bundle's first page.
public struct BundleCoverPage: PageData {
    /// The table of contents without the cover itself.
    public let contents: [BundleNavItem]
    /// The exports for spreadsheets and tools (`soa.csv`, …), in a fixed order (`BundleExports.paths`).
    public let exports: [BundleExportItem]
    /// The terms of nda.md, pre-escaped HTML; nil without the file.
    public let termsHTML: String?
    /// The files of `documents/`, in file name order.
    public let documents: [BundleDocumentItem]
    /// True when there is at least one document.
    public let hasDocuments: Bool
    /// Every file of the bundle but the cover and manifest.json, by path, with its SHA-256.
    public let files: [BundleFileItem]

    public static let schema = Schema<Self>("bundle's cover page", "confidential/cover: the bundle's first page.", [
        .field("contents", \.contents, "The table of contents without the cover."),
        .field("exports", \.exports, "The CSV and JSON exports in this order: soa.csv and soa.json (only with a Statement of Applicability), control-matrix.csv, control-matrix.json, mapping.csv."),
        .field("termsHTML", \.termsHTML, "The NDA terms of nda.md as HTML, pre-escaped (write {{{termsHTML}}}), when the file exists."),
        .field("documents", \.documents, "The files of documents/ (public and confidential), in file name order."),
        .field("hasDocuments", \.hasDocuments, "True when there is at least one document."),
        .field("files", \.files, "Every file of the bundle except the cover itself and manifest.json (which holds the cover's SHA-256), by path."),
    ])
}

/// A file of `documents/` as the cover lists it.
public struct BundleDocumentItem: PageData {
    /// The file, relative to the bundle root (`documents/soc2-report.pdf`).
    public let href: String
    public let title: String
    /// Its kind in words (strings `document.kind.*`).
    public let kind: String
    /// Its date, long form.
    public let date: String
    /// "valid until …", when it expires.
    public let expires: String?
    /// `public` or `confidential`, in words.
    public let visibility: String

    public static let schema = Schema<Self>("bundle document", "A file of documents/, as the bundle's cover lists it.", [
        .field("href", \.href, "The file, relative to the bundle root (documents/soc2-report.pdf)."),
        .field("title", \.title, "Its title (documents.yaml)."),
        .field("kind", \.kind, "Its kind in words (strings document.kind.*)."),
        .field("date", \.date, "Its date, long form."),
        .field("expires", \.expires, "'valid until …' (strings bundle.cover.document_expires), when it expires."),
        .field("visibility", \.visibility, "public or confidential, in words (strings policy.visibility.*)."),
    ])
}

/// One export file of the bundle, as the cover lists it.
public struct BundleExportItem: PageData {
    /// The file, relative to the bundle root (`soa.csv`).
    public let href: String
    /// What it holds, in the site's language.
    public let label: String

    public static let schema = Schema<Self>("export", "One CSV or JSON export of the bundle (docs/exports.md describes each).", [
        .field("href", \.href, "The file, relative to the bundle root (soa.csv); also its name."),
        .field("label", \.label, "What it holds, in the site's language (strings bundle.export.*)."),
    ])
}

/// A file of the bundle with its SHA-256, as listed on the cover (and in manifest.json).
public struct BundleFileItem: PageData {
    /// Path relative to the bundle root (`policies/access-control.html`); also its link from the cover.
    public let path: String
    /// Size in bytes.
    public let bytes: Int
    /// SHA-256, 64 lowercase hex digits.
    public let sha256: String

    public static let schema = Schema<Self>("bundle file", "A file of the bundle with its SHA-256, as listed on the cover.", [
        .field("path", \.path, "Path relative to the bundle root; also its link from the cover."),
        .field("bytes", \.bytes, "Size in bytes."),
        .field("sha256", \.sha256, "SHA-256, 64 lowercase hex digits (as in manifest.json)."),
    ])
}

/// `confidential/soa`: one framework's Statement of Applicability.
public struct BundleSoAPage: PageData {
    /// Full name of the framework.
    public let framework: String
    /// SoA version from the certificate, or `draft (no certificate yet)` for a program being prepared.
    public let soaVersion: String
    /// The sentence under the heading: framework, SoA version and the counts, in the site's language.
    public let lead: String
    /// Requirements applicable.
    public let applicableCount: Int
    /// Requirements excluded.
    public let excludedCount: Int
    /// Requirements whose decision is still to make (`applicable: undecided`).
    public let undecidedCount: Int
    /// Some decision is still to make.
    public let hasUndecided: Bool
    /// All requirements.
    public let total: Int
    /// The catalog's control groups, in order.
    public let groups: [BundleSoAGroup]

    public static let schema = Schema<Self>("bundle's soa page", "confidential/soa: one framework's Statement of Applicability.", [
        .field("framework", \.framework, "Full name of the framework."),
        .field("soaVersion", \.soaVersion, "The SoA version from the certificate, or 'draft (no certificate yet)'."),
        .field("lead", \.lead, "The sentence under the heading: framework, SoA version, applicable, excluded and undecided counts (strings bundle.soa.lead)."),
        .field("applicableCount", \.applicableCount, "How many requirements apply."),
        .field("excludedCount", \.excludedCount, "How many are excluded."),
        .field("undecidedCount", \.undecidedCount, "How many decisions are still to make."),
        .field("hasUndecided", \.hasUndecided, "True when some decision is still to make."),
        .field("total", \.total, "How many requirements there are."),
        .field("groups", \.groups, "The catalog's control groups, in order."),
    ])
}

/// A group of an SoA (an ISO theme).
public struct BundleSoAGroup: PageData {
    /// Its title.
    public let title: String
    /// Its decisions.
    public let entries: [BundleSoAEntry]

    public static let schema = Schema<Self>("soa group", "A group (ISO theme) of a Statement of Applicability.", [
        .field("title", \.title, "Its title."),
        .field("entries", \.entries, "Its decisions, in catalog order."),
    ])
}

/// One SoA decision.
public struct BundleSoAEntry: PageData {
    /// Requirement id.
    public let id: String
    /// Requirement title.
    public let title: String
    /// The requirement applies.
    public let applicable: Bool
    /// The decision is still to make.
    public let undecided: Bool
    /// `Yes`, `No` or `Not yet decided`.
    public let applicableLabel: String
    /// Why it is included or excluded, or `—`.
    public let justification: String
    /// Status id, `not-applicable` or `undecided`.
    public let status: String
    /// Status in words.
    public let statusLabel: String
    /// Ids of the controls implementing it, joined with commas.
    public let controls: String

    public static let schema = Schema<Self>("soa entry", "One Statement of Applicability decision.", [
        .field("id", \.id, "Requirement id."),
        .field("title", \.title, "Requirement title."),
        .field("applicable", \.applicable, "True when the requirement applies."),
        .field("undecided", \.undecided, "True when the decision is still to make."),
        .field("applicableLabel", \.applicableLabel, "Yes, No or Not yet decided."),
        .field("justification", \.justification, "Why it is included or excluded, or —."),
        .field("status", \.status, "Status id, not-applicable or undecided (for CSS classes)."),
        .field("statusLabel", \.statusLabel, "The status in words."),
        .field("controls", \.controls, "Ids of the controls implementing it, joined with \", \"."),
    ])
}

/// `confidential/attestation`: one SOC 2 report in full.
public struct BundleAttestationPage: PageData {
    /// Short name of the framework.
    public let framework: String
    /// `Type 1` or `Type 2`.
    public let type: String
    /// The page's heading: `SOC 2 — Type 2 report summary`, in the site's language.
    public let heading: String
    /// Long-form report date.
    public let reportDate: String
    /// The service auditor.
    public let auditor: String
    /// Categories in scope, joined with commas.
    public let categories: String
    /// The opinion (`Unqualified`, …).
    public let opinion: String
    /// What the opinion means for the report's type.
    public let opinionNote: String
    /// Exceptions, by criterion.
    public let exceptions: [BundleException]
    /// Complementary user entity controls.
    public let cuecs: [BundleComplementaryControl]
    /// Subservice organizations, by name.
    public let subservice: [BundleSubservice]
    /// There is at least one exception.
    public let hasExceptions: Bool
    /// There is at least one CUEC.
    public let hasCUECs: Bool
    /// There is at least one subservice organization.
    public let hasSubservice: Bool
    /// Type 2: `<start> to <end>`, long-form.
    public let period: String?
    /// Type 1: long-form date.
    public let asOf: String?
    /// The public summary, if any.
    public let summary: String?
    /// The system description, pre-escaped HTML.
    public let systemDescriptionHTML: String?
    /// The report's bridge letter, if it has one.
    public let bridgeLetter: BundleBridgeLetterLink?

    public static let schema = Schema<Self>("bundle's attestation page", "confidential/attestation: one SOC 2 report in full.", [
        .field("framework", \.framework, "Short name of the framework."),
        .field("type", \.type, "Type 1 or Type 2."),
        .field("heading", \.heading, "The page's heading, e.g. SOC 2 — Type 2 report summary (strings bundle.attestation.heading)."),
        .field("reportDate", \.reportDate, "Report date, long form."),
        .field("auditor", \.auditor, "The service auditor's name."),
        .field("categories", \.categories, "Categories in scope, joined with \", \"."),
        .field("opinion", \.opinion, "The opinion, capitalized (Unqualified, Qualified, Adverse, Disclaimer)."),
        .field("opinionNote", \.opinionNote, "What the opinion means for the report's type."),
        .field("exceptions", \.exceptions, "Exceptions, by criterion."),
        .field("cuecs", \.cuecs, "Complementary user entity controls."),
        .field("subservice", \.subservice, "Subservice organizations, by name."),
        .field("hasExceptions", \.hasExceptions, "True when there is at least one exception."),
        .field("hasCUECs", \.hasCUECs, "True when there is at least one CUEC."),
        .field("hasSubservice", \.hasSubservice, "True when there is at least one subservice organization."),
        .field("period", \.period, "Type 2: `<start> to <end>`, long-form dates."),
        .field("asOf", \.asOf, "Type 1: the date the design was assessed at, long form."),
        .field("summary", \.summary, "The public summary, when given."),
        .field("systemDescriptionHTML", \.systemDescriptionHTML, "The system description as HTML, pre-escaped (write {{{…}}}), when given."),
        .field("bridgeLetter", \.bridgeLetter, "The link to the report's bridge letter page, when the report has a bridge letter."),
    ])
}

/// The link from a report's page to its bridge letter.
public struct BundleBridgeLetterLink: PageData {
    /// The bridge letter page, relative to the bundle root.
    public let href: String
    /// `Dated 20 November 2026, covering 1 October 2026 to 20 November 2026`, in the site's language.
    public let label: String

    public static let schema = Schema<Self>("bridge letter link", "The link from a report's page to its bridge letter.", [
        .field("href", \.href, "The bridge letter page, relative to the bundle root."),
        .field("label", \.label, "The letter's date and the period it covers, e.g. Dated 20 November 2026, covering 1 October 2026 to 20 November 2026 (strings bundle.attestation.bridge_letter_link)."),
    ])
}

/// `confidential/bridge-letter`: a SOC 2 report's bridge letter, management's statement on the time
/// since the report's period ended.
public struct BundleBridgeLetterPage: PageData {
    /// `SOC 2 Type 2 — bridge letter`, in the site's language.
    public let heading: String
    /// The report it bridges, as the statement names it: `SOC 2 Type 2 report issued by … on …
    /// for the period … to …`.
    public let report: String
    /// The report's page, relative to the bundle root.
    public let reportHref: String
    /// The period covered: `<start> to <end>`, long-form dates.
    public let period: String
    /// Long-form first day covered: the day after the report's period ended.
    public let periodStart: String
    /// Long-form last day covered: the letter's date.
    public let periodEnd: String
    /// Long-form date of the letter.
    public let date: String
    /// ISO 8601 date of the letter.
    public let dateISO: String
    /// Long-form date the next report is expected.
    public let nextReportDate: String
    /// The signer's name.
    public let signerName: String
    /// The signer's title.
    public let signerTitle: String
    /// Management's statement: the organization, the report, the period covered, and whether
    /// anything changed materially.
    public let statement: String
    /// That the letter is management's, not the auditor's opinion, and does not replace the report.
    public let disclaimer: String
    /// `Material changes since 30 September 2026`.
    public let changesHeading: String
    /// The letter lists material changes.
    public let hasChanges: Bool
    /// The material changes, in the order written (empty when there were none).
    public let changes: [String]

    public static let schema = Schema<Self>("bundle's bridge letter page", "confidential/bridge-letter: a SOC 2 report's bridge letter, management's statement on the time since the report's period ended.", [
        .field("heading", \.heading, "The page's heading, e.g. SOC 2 Type 2 — bridge letter (strings bundle.bridge.heading)."),
        .field("report", \.report, "The report it bridges, as the statement names it, e.g. SOC 2 Type 2 report issued by … on … for the period … (strings bundle.bridge.report_type2, report_type1)."),
        .field("reportHref", \.reportHref, "The report's page, relative to the bundle root."),
        .field("period", \.period, "The period covered, `<start> to <end>`, long-form dates (strings bundle.attestation.period_range)."),
        .field("periodStart", \.periodStart, "The first day covered, long form: the day after the report's period ended (Type 1: after its as-of date)."),
        .field("periodEnd", \.periodEnd, "The last day covered, long form: the letter's date."),
        .field("date", \.date, "The letter's date, long form."),
        .field("dateISO", \.dateISO, "The letter's date, ISO 8601."),
        .field("nextReportDate", \.nextReportDate, "The date the next report is expected, long form."),
        .field("signerName", \.signerName, "The signer's name."),
        .field("signerTitle", \.signerTitle, "The signer's title."),
        .field("statement", \.statement, "Management's statement, naming the organization, the report and the period covered (strings bundle.bridge.statement_none, statement_changes)."),
        .field("disclaimer", \.disclaimer, "That the letter is management's representation, not the service auditor's opinion, and does not replace the report (strings bundle.bridge.disclaimer)."),
        .field("changesHeading", \.changesHeading, "The heading of the changes, e.g. Material changes since 30 September 2026 (strings bundle.bridge.changes)."),
        .field("hasChanges", \.hasChanges, "True when the letter lists material changes; false when it states there were none."),
        .field("changes", \.changes, "The material changes, in the order written (empty when there were none); write {{.}} for each."),
    ])
}

/// An exception in a SOC 2 report.
public struct BundleException: PageData {
    /// The criterion.
    public let criterion: String
    /// The control id.
    public let control: String
    /// The control's title, or empty.
    public let controlTitle: String
    /// What went wrong.
    public let description: String
    /// Management's response, if any.
    public let managementResponse: String?

    public static let schema = Schema<Self>("exception", "An exception in a SOC 2 report.", [
        .field("criterion", \.criterion, "The criterion."),
        .field("control", \.control, "The control id."),
        .field("controlTitle", \.controlTitle, "The control's title (empty when the id names no control)."),
        .field("description", \.description, "What the auditor found."),
        .field("managementResponse", \.managementResponse, "Management's response, when given."),
    ])
}

/// A complementary control (CUEC or CSOC).
public struct BundleComplementaryControl: PageData {
    /// The responsibility.
    public let description: String
    /// Criteria, in natural order, joined with commas.
    public let criteria: String

    public static let schema = Schema<Self>("complementary control", "A complementary user entity or subservice organization control.", [
        .field("description", \.description, "The responsibility."),
        .field("criteria", \.criteria, "Its criteria in natural order, joined with \", \"."),
    ])
}

/// A subservice organization of a SOC 2 report.
public struct BundleSubservice: PageData {
    /// Its name.
    public let name: String
    /// The services it provides.
    public let services: String
    /// `Carve-out` or `Inclusive`.
    public let method: String
    /// Its complementary subservice organization controls.
    public let csocs: [BundleComplementaryControl]

    public static let schema = Schema<Self>("subservice organization", "A subservice organization of a SOC 2 report.", [
        .field("name", \.name, "Its name."),
        .field("services", \.services, "The services it provides."),
        .field("method", \.method, "Carve-out or Inclusive."),
        .field("csocs", \.csocs, "Its complementary subservice organization controls."),
    ])
}

/// `confidential/matrix`: every control in full.
public struct BundleMatrixPage: PageData {
    /// Every control.
    public let controls: [BundleControl]

    public static let schema = Schema<Self>("bundle's matrix page", "confidential/matrix: every control in full.", [
        .field("controls", \.controls, "Every control."),
    ])
}

/// A control in full.
public struct BundleControl: PageData {
    /// Control id.
    public let id: String
    /// Title.
    public let title: String
    /// Summary.
    public let summary: String
    /// Status id.
    public let status: String
    /// Status in words.
    public let statusLabel: String
    /// Owner, or `Unassigned`.
    public let owner: String
    /// Per framework, the requirements it serves.
    public let mappings: [BundleControlMapping]
    /// Evidence, newest first.
    public let evidence: [BundleEvidence]
    /// Tests, newest first.
    public let tests: [BundleTest]
    /// There is evidence.
    public let hasEvidence: Bool
    /// There are tests.
    public let hasTests: Bool
    /// The implementation, pre-escaped HTML.
    public let implementationHTML: String?

    public static let schema = Schema<Self>("control", "A control in full.", [
        .field("id", \.id, "Control id."),
        .field("title", \.title, "Its title."),
        .field("summary", \.summary, "Its summary."),
        .field("status", \.status, "Status id (for CSS classes)."),
        .field("statusLabel", \.statusLabel, "The status in words."),
        .field("owner", \.owner, "Its owner, or Unassigned."),
        .field("mappings", \.mappings, "Per framework, the requirements it serves."),
        .field("evidence", \.evidence, "Its evidence, newest first."),
        .field("tests", \.tests, "Its tests, newest first."),
        .field("hasEvidence", \.hasEvidence, "True when there is evidence."),
        .field("hasTests", \.hasTests, "True when there are tests."),
        .field("implementationHTML", \.implementationHTML, "The implementation as HTML, pre-escaped (write {{{…}}}), when given."),
    ])
}

/// The requirements of one framework a control serves.
public struct BundleControlMapping: PageData {
    /// Short name of the framework.
    public let framework: String
    /// Requirement ids, joined with commas.
    public let requirements: String

    public static let schema = Schema<Self>("mapping", "The requirements of one framework a control serves.", [
        .field("framework", \.framework, "Short name of the framework."),
        .field("requirements", \.requirements, "Requirement ids, joined with \", \"."),
    ])
}

/// A piece of evidence of a control.
public struct BundleEvidence: PageData {
    /// Kind in words.
    public let kind: String
    /// Title.
    public let title: String
    /// ISO 8601 date, if any.
    public let date: String?
    /// Reference, if any.
    public let reference: String?

    public static let schema = Schema<Self>("evidence", "A piece of evidence of a control.", [
        .field("kind", \.kind, "Its kind in words."),
        .field("title", \.title, "Its title."),
        .field("date", \.date, "Its date, ISO 8601, when given."),
        .field("reference", \.reference, "Its reference, when given."),
    ])
}

/// A test of a control.
public struct BundleTest: PageData {
    /// ISO 8601 date.
    public let date: String
    /// The procedure.
    public let procedure: String
    /// Result id (`passed`, …).
    public let result: String
    /// The test passed.
    public let passed: Bool
    /// Sample size, if given.
    public let sampleSize: Int?
    /// Exceptions found, if given.
    public let exceptions: Int?

    public static let schema = Schema<Self>("test", "A test of a control.", [
        .field("date", \.date, "Its date, ISO 8601."),
        .field("procedure", \.procedure, "The procedure."),
        .field("result", \.result, "Result id (passed, exceptions, …)."),
        .field("passed", \.passed, "True when it passed."),
        .field("sampleSize", \.sampleSize, "The sample size, when given."),
        .field("exceptions", \.exceptions, "How many exceptions it found, when given."),
    ])
}

/// `confidential/mapping`: frameworks side by side through the controls.
public struct BundleMappingPage: PageData {
    /// Short names of the frameworks in scope, joined with ` ↔ `.
    public let frameworks: String
    /// One row per control.
    public let rows: [BundleMappingRow]
    /// One header per framework.
    public let headers: [BundleMappingHeader]
    /// Per framework, the requirements in scope no control covers.
    public let uncovered: [BundleUncovered]
    /// Per crosswalk (`crosswalks/*.yaml`), what it adds to the requirements the controls cover: derived, labelled so.
    public let crosswalks: [BundleCrosswalk]
    /// The content has a crosswalk: the derived section is shown.
    public let hasCrosswalks: Bool

    public static let schema = Schema<Self>("bundle's mapping page", "confidential/mapping: the frameworks side by side through the controls.", [
        .field("frameworks", \.frameworks, "Short names of the frameworks in scope, joined with \" ↔ \"."),
        .field("rows", \.rows, "One row per control."),
        .field("headers", \.headers, "One column header per framework."),
        .field("uncovered", \.uncovered, "Per framework, the requirements in scope that no control covers."),
        .field("crosswalks", \.crosswalks, "Per crosswalk, the requirements of other frameworks the covered ones speak to (derived, not evidence)."),
        .field("hasCrosswalks", \.hasCrosswalks, "True when the content has a crosswalk."),
    ])
}

/// What one crosswalk adds on the mapping page.
public struct BundleCrosswalk: PageData {
    /// Its name (`name:`, else the file's id).
    public let name: String
    /// Where the mapping comes from, if given.
    public let source: String?
    /// One row per covered requirement the crosswalk relates to another framework's, natural order.
    public let rows: [BundleDerivedRow]
    /// No row: nothing the controls cover is in this crosswalk (or its other side is not in the program).
    public let none: Bool

    public static let schema = Schema<Self>("crosswalk", "What one crosswalk adds to the requirements the controls cover.", [
        .field("name", \.name, "Its name."),
        .field("source", \.source, "Where the mapping comes from, when given."),
        .field("rows", \.rows, "One row per covered requirement it relates to another framework's."),
        .field("none", \.none, "True when it adds nothing to what the controls cover."),
    ])
}

/// A row of a crosswalk's table: a requirement the controls cover, and what it also speaks to.
public struct BundleDerivedRow: PageData {
    /// Short name of the requirement's framework.
    public let framework: String
    /// Requirement id.
    public let id: String
    /// Its title.
    public let title: String
    /// The controls mapped to it, joined with commas.
    public let controls: String
    /// By the crosswalk, the requirements it also speaks to: "NIST SP 800-53 Rev. 5: AC-2, AC-3".
    public let speaksTo: String

    public static let schema = Schema<Self>("derived row", "A requirement the controls cover, and what a crosswalk says it also speaks to.", [
        .field("framework", \.framework, "Short name of the requirement's framework."),
        .field("id", \.id, "Requirement id."),
        .field("title", \.title, "Its title."),
        .field("controls", \.controls, "The controls mapped to it, joined with \", \"."),
        .field("speaksTo", \.speaksTo, "The requirements it also speaks to by the crosswalk, per framework: \"<short name>: <ids>\", joined with \"; \"."),
    ])
}

/// A control's row in the mapping.
public struct BundleMappingRow: PageData {
    /// Control id.
    public let id: String
    /// Title.
    public let title: String
    /// Status in words.
    public let statusLabel: String
    /// Status id.
    public let status: String
    /// One cell per framework, in header order.
    public let cells: [BundleMappingCell]

    public static let schema = Schema<Self>("mapping row", "A control's row in the mapping.", [
        .field("id", \.id, "Control id."),
        .field("title", \.title, "Its title."),
        .field("statusLabel", \.statusLabel, "The status in words."),
        .field("status", \.status, "Status id (for CSS classes)."),
        .field("cells", \.cells, "One cell per framework, in header order."),
    ])
}

/// A cell of the mapping.
public struct BundleMappingCell: PageData {
    /// Requirement ids, joined with commas (may be empty).
    public let requirements: String

    public static let schema = Schema<Self>("mapping cell", "A cell of the mapping.", [
        .field("requirements", \.requirements, "Requirement ids joined with \", \" (empty when none)."),
    ])
}

/// A column header of the mapping.
public struct BundleMappingHeader: PageData {
    /// Short name of the framework.
    public let name: String

    public static let schema = Schema<Self>("mapping header", "A column header of the mapping.", [
        .field("name", \.name, "Short name of the framework."),
    ])
}

/// A framework's requirements in scope that no control covers.
public struct BundleUncovered: PageData {
    /// Short name of the framework.
    public let name: String
    /// How many.
    public let count: Int
    /// None: every requirement is covered.
    public let none: Bool
    /// The requirements, in natural order.
    public let requirements: [BundleRequirement]

    public static let schema = Schema<Self>("uncovered requirements", "A framework's requirements in scope that no control covers.", [
        .field("name", \.name, "Short name of the framework."),
        .field("count", \.count, "How many requirements are uncovered."),
        .field("none", \.none, "True when every requirement in scope is covered."),
        .field("requirements", \.requirements, "The uncovered requirements, in natural order."),
    ])
}

/// A requirement of a catalog.
public struct BundleRequirement: PageData {
    /// Requirement id.
    public let id: String
    /// Title.
    public let title: String
    /// For a HIPAA implementation specification, "Required" or "Addressable" (in the site's
    /// language); nil for anything else.
    public let specification: String?

    public static let schema = Schema<Self>("requirement", "A requirement of a framework's catalog.", [
        .field("id", \.id, "Requirement id."),
        .field("title", \.title, "Its title."),
        .field("specification", \.specification, "\"Required\" or \"Addressable\" for a HIPAA implementation specification; absent otherwise."),
    ])
}

/// `confidential/policies`: every policy.
public struct BundlePoliciesPage: PageData {
    /// Every policy.
    public let policies: [BundlePolicyItem]

    public static let schema = Schema<Self>("bundle's policies page", "confidential/policies: every policy, public and confidential.", [
        .field("policies", \.policies, "Every policy."),
    ])
}

/// A policy in the bundle's list.
public struct BundlePolicyItem: PageData {
    /// Its page, relative to the bundle root.
    public let href: String
    /// Title.
    public let title: String
    /// Policy id.
    public let id: String
    /// `public` or `confidential`.
    public let visibility: String
    /// Version, if any.
    public let version: String?
    /// Owner, if any.
    public let owner: String?
    /// ISO 8601 next review date, if any.
    public let nextReview: String?

    public static let schema = Schema<Self>("policy entry", "A policy in the bundle's list.", [
        .field("href", \.href, "Its page, relative to the bundle root (`policies/<id>.html`)."),
        .field("title", \.title, "Its title."),
        .field("id", \.id, "Policy id."),
        .field("visibility", \.visibility, "public or confidential."),
        .field("version", \.version, "Its version, when given."),
        .field("owner", \.owner, "Its owner, when given."),
        .field("nextReview", \.nextReview, "Next review date, ISO 8601, when given; once it has passed, \"Overdue since <date>\"."),
    ])
}

/// `confidential/policy`: one policy in full, confidential sections marked.
public struct BundlePolicyPage: PageData {
    /// Policy id.
    public let id: String
    /// Title.
    public let title: String
    /// `public` or `confidential`.
    public let visibility: String
    /// Control ids, joined with commas (may be empty).
    public let controls: String
    /// The full body, pre-escaped HTML.
    public let bodyHTML: String
    /// Version, if any.
    public let version: String?
    /// Owner, if any.
    public let owner: String?
    /// Long-form approval date, if any.
    public let approved: String?
    /// Long-form next review date, if any.
    public let nextReview: String?

    public static let schema = Schema<Self>("bundle's policy page", "confidential/policy: one policy in full, confidential sections marked.", [
        .field("id", \.id, "Policy id."),
        .field("title", \.title, "Its title."),
        .field("visibility", \.visibility, "public or confidential."),
        .field("controls", \.controls, "Ids of the controls it supports, joined with \", \" (empty when none)."),
        .field("bodyHTML", \.bodyHTML, "The full body as HTML, pre-escaped (write {{{bodyHTML}}}); confidential sections marked."),
        .field("version", \.version, "Its version, when given."),
        .field("owner", \.owner, "Its owner, when given."),
        .field("approved", \.approved, "Approval date, long form, when given."),
        .field("nextReview", \.nextReview, "Next review date, long form, when given; once it has passed, \"Overdue since <date>\"."),
    ])
}
