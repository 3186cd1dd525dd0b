/// Which frameworks the organization runs a program for: the one place that decides it, read by
/// the validator, the model, the bundle and coverage (issue 12 adds declared programs here).
///
/// An ISO/IEC 27001 program exists when the content holds a certificate for it, or when
/// `applicability.yaml` has a section for it: a program being prepared for certification decides its
/// Statement of Applicability before the audit (ISO/IEC 27001:2022 §6.1.3 d), so it gets one too.
public struct Programs: Sendable, Equatable {
    /// Frameworks with a certificate in `certifications/`.
    public let certified: Set<String>
    /// Frameworks with a report in `attestations/`.
    public let attested: Set<String>
    /// Frameworks decided in a Statement of Applicability, in id order: a catalog with
    /// `statement_of_applicability` that is certified or has a section in `applicability.yaml`.
    public let statementOfApplicability: [String]

    /// - Parameters:
    ///   - catalogs: every loaded catalog.
    ///   - applicabilitySections: the framework ids `applicability.yaml` has a section for.
    public init(catalogs: [Catalog], certified: Set<String>, attested: Set<String>, applicabilitySections: Set<String>) {
        self.certified = certified
        self.attested = attested
        statementOfApplicability = catalogs
            .filter { $0.statementOfApplicability == true && (certified.contains($0.framework) || applicabilitySections.contains($0.framework)) }
            .map(\.framework).sorted()
    }

    /// Whether `framework` has a Statement of Applicability but no certificate yet: undecided
    /// controls are then the honest state of a program that is starting (a warning), not an SoA an
    /// auditor would reject (an error).
    public func isInPreparation(_ framework: String) -> Bool {
        statementOfApplicability.contains(framework) && !certified.contains(framework)
    }

    /// Frameworks held (a certificate or a report): what the public trust center shows.
    public var held: Set<String> { certified.union(attested) }

    /// Frameworks held or prepared (with a Statement of Applicability): what coverage and the bundle show.
    public var all: Set<String> { held.union(statementOfApplicability) }
}
