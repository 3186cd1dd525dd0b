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
    /// Frameworks `programs.yaml` declares without a certificate or report: aligned with, or in
    /// progress towards (a declaration alone can claim no more). Framework id → declaration.
    public let declared: [String: DeclaredProgram]

    /// - Parameters:
    ///   - catalogs: every loaded catalog.
    ///   - applicabilitySections: the framework ids `applicability.yaml` has a section for.
    ///   - declarations: `programs.yaml`'s entries; those `certified` or `attested` only confirm a
    ///     certificate or report (checked by the validator), the others are `declared`.
    public init(catalogs: [Catalog], certified: Set<String>, attested: Set<String>, applicabilitySections: Set<String>,
                declarations: [DeclaredProgram] = []) {
        self.certified = certified
        self.attested = attested
        var declared: [String: DeclaredProgram] = [:]
        for d in declarations where d.status.isDeclarationOnly && declared[d.framework] == nil { declared[d.framework] = d }
        self.declared = declared
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

    /// Frameworks held or declared: what the public trust center names, each with its honest status.
    public var published: Set<String> { held.union(declared.keys) }

    /// Frameworks held, prepared (with a Statement of Applicability) or declared: what coverage and the bundle show.
    public var all: Set<String> { held.union(statementOfApplicability).union(declared.keys) }
}

/// One entry of `programs.yaml`: a framework the organization answers for, and how far it is.
public struct DeclaredProgram: Codable, Sendable, Equatable {
    /// How far a program is. `certified` and `attested` need the certificate or report that proves
    /// them; a declaration alone can say only `aligned` or `in-progress`.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// The controls are mapped to the framework and run; no certification or attestation is claimed.
        case aligned
        /// Working towards a certificate or an attestation (`target`: when it is expected).
        case inProgress = "in-progress"
        /// A certificate in `certifications/` holds it.
        case certified
        /// A report in `attestations/` holds it.
        case attested

        /// Whether the declaration itself is the whole claim (no file proves it).
        public var isDeclarationOnly: Bool { self == .aligned || self == .inProgress }
    }

    /// A loaded catalog's id, e.g. `nist-csf-2.0`.
    public var framework: String
    public var status: Status
    /// Since when (aligned) or since when the work runs (in progress); not after the build date.
    public var since: CalendarDate?
    /// In progress only: when the certificate or report is expected.
    public var target: CalendarDate?
    /// A short public note shown beside the status, e.g. "Self-assessed against every subcategory".
    public var note: String?
}

/// `programs.yaml`. `programs:` with no entry (all commented out, as `init` writes it) declares none.
struct ProgramsFile: Codable, Sendable {
    var programs: [DeclaredProgram]

    enum CodingKeys: String, CodingKey { case programs }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.programs) else { throw DecodingError.keyNotFound(CodingKeys.programs, .init(codingPath: c.codingPath, debugDescription: "missing")) }
        programs = try c.decodeIfPresent([DeclaredProgram].self, forKey: .programs) ?? []
    }
}
