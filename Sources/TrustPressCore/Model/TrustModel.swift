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
    /// Framework id → Statement of Applicability, for certified frameworks whose catalog has
    /// `statement_of_applicability`.
    public let statementsOfApplicability: [String: [SoAEntry]]
    /// Where each control, report and the SoA decisions came from (paths as shown in diagnostics):
    /// keys `control:<id>`, `attestation:<index in attestations>`, `applicability`.
    public let sourcePaths: [String: String]

    public func catalog(_ framework: String) -> Catalog? { catalogs.first { $0.framework == framework } }

    /// Frameworks the organization holds a certification or attestation for, in id order.
    public var frameworksInScope: [Catalog] {
        let ids = Set(certifications.map(\.framework) + attestations.map(\.framework))
        return catalogs.filter { ids.contains($0.framework) }
    }
}

/// One row of the Statement of Applicability (ISO/IEC 27001:2022 §6.1.3 d): the control, whether it
/// applies, the justification for inclusion or exclusion, and whether it is implemented.
public struct SoAEntry: Sendable, Equatable {
    public let requirement: Catalog.Requirement
    public let applicable: Bool
    public let justification: String
    /// Derived from the unified controls mapped to it; nil when not applicable.
    public let status: ImplementationStatus?
    /// Ids of the unified controls that implement it.
    public let controls: [String]
}

/// A certificate's standing on the build date.
public enum CertificateStanding: String, Sendable {
    case valid, expiring, expired

    /// Expiring means within 90 days of the build date (inclusive).
    public static func of(expires: CalendarDate, on date: CalendarDate) -> CertificateStanding {
        if expires < date { return .expired }
        return date.days(until: expires) <= 90 ? .expiring : .valid
    }

    public var label: String {
        switch self {
        case .valid: "Valid"
        case .expiring: "Expiring soon"
        case .expired: "Expired"
        }
    }
}
