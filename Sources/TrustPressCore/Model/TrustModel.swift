import Foundation

/// The validated, resolved trust program: the full model, confidential fields included.
///
/// Only the projections (`PublicSite`, `ConfidentialBundle`) reach the renderers. Every list is
/// sorted (IDs in natural order) so rendering is deterministic.
public struct TrustModel: Sendable {
    /// The date every status is judged against (injected; never the clock inside the pipeline).
    public let buildDate: CalendarDate
    public let site: SiteConfig
    /// Catalogs by framework id, in framework id order.
    public let catalogs: [Catalog]
    public let certifications: [Certification]
    public let attestations: [Attestation]
    public let controls: [Control]
    public let policies: [Policy]
    public let subprocessors: [Subprocessor]
    /// Which frameworks have a program (certified, attested, or prepared with a Statement of Applicability).
    public let programs: Programs
    /// Framework id → Statement of Applicability, for the frameworks of `programs.statementOfApplicability`
    /// (certified, or being prepared for certification).
    public let statementsOfApplicability: [String: [SoAEntry]]
    /// Where each control, report and the SoA decisions came from (paths as shown in diagnostics):
    /// keys `control:<id>`, `attestation:<index in attestations>`, `applicability`.
    public let sourcePaths: [String: String]
    /// site.yaml's branding, checked: logo, favicon and accent colours (all public).
    public let branding: BrandAssets
    /// `subprocessors.yaml` exists. Without it nothing is said about subprocessors (no page, no
    /// count, no feed); only an explicit `subprocessors: []` says there are none.
    public internal(set) var subprocessorsPublished = false
    /// Subprocessors no longer used, most recently removed first.
    public internal(set) var removedSubprocessors: [RemovedSubprocessor] = []
    /// `updates/*.md`, newest first.
    public internal(set) var updates: [Update] = []
    /// `faq.md`, if present.
    public internal(set) var faq: FAQ?
    /// `nda.md`, if present: the terms shown on the bundle's cover (confidential).
    public internal(set) var ndaTerms: NDATerms?
    /// The files of `documents/` with their descriptions, in file name order (natural order);
    /// confidential unless described public.
    public internal(set) var documents: [Document] = []
    /// `policies/images/`: file name → bytes. Public only where a public policy's public text shows one.
    public internal(set) var policyImages: [String: Data] = [:]
    /// The names of `policyImages` that a public policy's public text shows: the only ones published.
    public internal(set) var publicPolicyImageNames: Set<String> = []

    /// `crosswalks/*.yaml`, checked, in id order (confidential: they reach only the bundle and `check`).
    public internal(set) var crosswalks: [Crosswalk] = []
    /// What the crosswalks add to the requirements controls map to (`DerivedCoverage.of`), for the
    /// bundle's mapping page.
    public internal(set) var derivedCoverage: [DerivedCoverage] = []
    /// The same, from implemented controls only: what `check --coverage --with-crosswalks` counts.
    public internal(set) var implementedDerivedCoverage: [DerivedCoverage] = []

    public func catalog(_ framework: String) -> Catalog? { catalogs.first { $0.framework == framework } }

    /// Frameworks the organization holds a certification or attestation for, in id order: what the
    /// public trust center shows (a program still being prepared is not published as held).
    public var frameworksInScope: [Catalog] {
        let ids = programs.held
        return catalogs.filter { ids.contains($0.framework) }
    }

    /// Frameworks held or declared in `programs.yaml`, in id order: what the public trust center
    /// names, each with its honest status (a program being prepared is not published).
    public var frameworksPublished: [Catalog] {
        let ids = programs.published
        return catalogs.filter { ids.contains($0.framework) }
    }

    /// Frameworks held or being prepared (an ISO program with a Statement of Applicability and no
    /// certificate yet), in id order: what coverage and the NDA bundle show.
    public var frameworksInProgram: [Catalog] {
        let ids = programs.all
        return catalogs.filter { ids.contains($0.framework) }
    }
}

/// One row of the Statement of Applicability (ISO/IEC 27001:2022 §6.1.3 d): the control, whether it
/// applies, the justification for inclusion or exclusion, and whether it is implemented.
public struct SoAEntry: Sendable, Equatable {
    public let requirement: Catalog.Requirement
    /// Applicable, excluded, or not yet decided (only in a program without a certificate).
    public let decision: Applicability
    /// As written; empty when none is (an undecided control need not have one yet).
    public let justification: String
    /// True only when decided applicable (an undecided control is neither applicable nor excluded).
    public var applicable: Bool { decision == .applicable }
    public var excluded: Bool { decision == .excluded }
    public var undecided: Bool { decision == .undecided }
    /// Derived from the unified controls mapped to it; nil unless applicable.
    public let status: ImplementationStatus?
    /// Ids of the unified controls that implement it.
    public let controls: [String]
    /// The most recent test of any control in `controls` (`Control.ControlTest.latest`, over each
    /// control's `lastTest`), with the control it tested; nil when none has been tested.
    public let lastTest: LastTest?

    /// A test of one of an SoA entry's controls.
    public struct LastTest: Sendable, Equatable {
        /// Id of the control tested.
        public let control: String
        public let test: Control.ControlTest
    }

    /// What the Statement of Applicability shows as the entry's status: the implementation status of
    /// an applicable control, `not-applicable` for an exclusion, `undecided` for a decision still to make.
    public var shownStatus: ShownStatus {
        switch decision {
        case .applicable: .implementation(status ?? .notImplemented)
        case .excluded: .notApplicable
        case .undecided: .undecided
        }
    }

    /// The status column of a Statement of Applicability.
    public enum ShownStatus: Sendable, Equatable {
        case implementation(ImplementationStatus)
        case notApplicable
        case undecided

        /// `implemented`, `partially-implemented`, `planned`, `not-implemented`, `not-applicable` or
        /// `undecided`: the value of the exports' status columns and the pages' CSS classes.
        public var id: String {
            switch self {
            case let .implementation(status): status.rawValue
            case .notApplicable: "not-applicable"
            case .undecided: "undecided"
            }
        }
    }
}

/// A certificate's standing on the build date.
public enum CertificateStanding: String, Sendable {
    case valid, expiring, expired
    /// A planned surveillance audit is past its due date: the certificate is not shown as valid.
    case surveillanceOverdue = "surveillance-overdue"

    /// Expiring means within 90 days of the build date (inclusive).
    public static func of(expires: CalendarDate, on date: CalendarDate) -> CertificateStanding {
        if expires < date { return .expired }
        return date.days(until: expires) <= 90 ? .expiring : .valid
    }

    /// The whole rule: expired first (nothing else matters then), then an overdue surveillance
    /// audit, then the expiry window.
    public static func of(_ certificate: Certification, on date: CalendarDate) -> CertificateStanding {
        let byExpiry = of(expires: certificate.expires, on: date)
        if byExpiry == .expired { return .expired }
        return certificate.overdueSurveillanceAudits(on: date).isEmpty ? byExpiry : .surveillanceOverdue
    }

    public var label: String {
        switch self {
        case .valid: "Valid"
        case .expiring: "Expiring soon"
        case .expired: "Expired"
        case .surveillanceOverdue: "Surveillance audit overdue"
        }
    }
}
