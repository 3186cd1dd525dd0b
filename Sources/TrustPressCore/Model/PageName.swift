/// File names of the pages that content names: certificate numbers, report dates, framework ids
/// and policy ids. One definition for the projection, the renderers and the validation that checks
/// the names before anything is rendered (so `check` refuses what `build` would).
enum PageName {
    /// The longest file name ext4, APFS, NTFS and most other file systems allow, in bytes.
    static let maximumBytes = 255

    /// Public certificate page, e.g. `iso27001-2022-mn-2025-07.html`.
    static func certification(framework: String, number: String) -> String {
        Slug.nonEmpty(framework + "-" + number) + ".html"
    }

    /// Attestation page (public summary and bundle page alike), e.g. `soc2-2017-type-2-2026-10-15.html`.
    static func attestation(framework: String, type: Attestation.ReportType, reportDate: CalendarDate) -> String {
        Slug.nonEmpty("\(framework)-\(type.label)-\(reportDate)") + ".html"
    }

    /// Bundle page of a report's bridge letter, e.g. `soc2-2017-type-2-2026-10-15-bridge-letter.html`.
    static func bridgeLetter(framework: String, type: Attestation.ReportType, reportDate: CalendarDate) -> String {
        Slug.nonEmpty("\(framework)-\(type.label)-\(reportDate)") + "-bridge-letter.html"
    }

    /// Bundle Statement of Applicability page, e.g. `soa-iso27001-2022.html`.
    static func statementOfApplicability(_ framework: String) -> String { "soa-\(Slug.nonEmpty(framework)).html" }

    /// A policy's page file name inside `policies/` (the id is checked to be ASCII letters,
    /// digits, '-' and '_').
    static func policy(_ id: String) -> String { "\(id).html" }

    /// Pages TrustPress names itself, next to content-named pages at the top of each tree.
    static let fixedPublic: [String] = ["404.html", "controls.html", "documents.html", "index.html", "policies.html",
                                              "subprocessors.html"]
    static let fixedBundle: [String] = ["control-matrix.html", "index.html", "mapping.html", "policies.html"]
}
