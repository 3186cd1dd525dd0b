/// A framework catalog: requirement IDs and short titles grouped into themes or categories.
///
/// Shipped: `iso27001-2022` (clauses 4.1–10.2 and 93 Annex A controls) and `soc2-2017` (61 Trust
/// Services Criteria), and, read only when named, `nist-csf-2.0` and `nist-sp800-53-r5` (NIST's OSCAL
/// files, public domain; see `ShippedCatalogs`). Users add their own in `frameworks/*.yaml` in the
/// same schema, or as OSCAL catalogs in `frameworks/*.json`. ISO and AICPA catalogs carry IDs and short
/// titles only: those standards' text belongs to ISO and the AICPA.
public struct Catalog: Codable, Sendable, Equatable {
    /// Stable id used in `maps_to`, e.g. `iso27001-2022`.
    public var framework: String
    public var name: String
    public var shortName: String
    /// When true, requirements of kind `control` are decided in a Statement of Applicability.
    public var statementOfApplicability: Bool?
    /// The catalog's edition, when it names one (OSCAL metadata `version`, e.g. `5.0.1`).
    public var version: String?
    public var groups: [Group]
    /// The requirements in force: what controls map to, coverage counts and a Statement of
    /// Applicability decides. Withdrawn ones are in `withdrawn`, never here.
    public var requirements: [Requirement]
    /// Requirements the framework has withdrawn (OSCAL prop `status: withdrawn`): known, so mapping
    /// one is an error that names its successors, and left out of every coverage figure.
    public var withdrawn: [WithdrawnRequirement]?
    /// Other spellings the catalog's publisher uses for its ids (OSCAL's `ac-2.1` for `AC-2(1)`),
    /// accepted in `maps_to` and read as the id they stand for: alias → id.
    public var aliases: [String: String]?
    /// For a catalog read from the user's OSCAL file: that file, relative to the content folder
    /// (`frameworks/NIST_SP-800-53_rev5_catalog.json`); nil otherwise. Set by the loader.
    public var oscalFile: String? = nil

    enum CodingKeys: String, CodingKey {
        case framework, name, shortName = "short_name", version
        case statementOfApplicability = "statement_of_applicability", groups, requirements, withdrawn, aliases
    }

    public init(framework: String, name: String, shortName: String, version: String? = nil, statementOfApplicability: Bool? = nil,
                groups: [Group], requirements: [Requirement], withdrawn: [WithdrawnRequirement]? = nil, aliases: [String: String]? = nil) {
        self.framework = framework
        self.name = name
        self.shortName = shortName
        self.version = version
        self.statementOfApplicability = statementOfApplicability
        self.groups = groups
        self.requirements = requirements
        self.withdrawn = withdrawn
        self.aliases = aliases
    }

    /// A theme (ISO Annex A), the clauses, or a Trust Services Category.
    public struct Group: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var kind: RequirementKind

        public enum RequirementKind: String, Codable, Sendable, CaseIterable { case clause, control, criterion }
    }

    /// A requirement the framework withdrew, and where its content went.
    public struct WithdrawnRequirement: Codable, Sendable, Equatable {
        /// As the framework prints it: `AC-2(10)`, `ID.BE-01`.
        public var id: String
        public var title: String?
        /// The requirements that took it over (OSCAL links `incorporated-into` and `moved-to`), in
        /// natural order; empty when the framework names none.
        public var successors: [String]

        public init(id: String, title: String? = nil, successors: [String] = []) {
            self.id = id
            self.title = title
            self.successors = successors
        }

        enum CodingKeys: String, CodingKey { case id, title, successors = "incorporated_into" }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decodeIfPresent(String.self, forKey: .title)
            successors = try c.decodeIfPresent([String].self, forKey: .successors) ?? []
        }
    }

    public struct Requirement: Codable, Sendable, Equatable {
        /// Text, never a number: `A.5.10`, `5.10`, `CC6.1`.
        public var id: String
        public var title: String
        /// The id of a group in this catalog.
        public var group: String
        /// Optional series name, e.g. "CC6 Logical and physical access".
        public var section: String?
        /// For an implementation specification of the HIPAA Security Rule: whether the regulation
        /// marks it required or addressable (45 CFR § 164.306(d)); nil for anything else.
        public var implementation: Specification?

        /// 45 CFR § 164.306(d): a required specification must be implemented; an addressable one is
        /// implemented where reasonable and appropriate, or the entity documents why not and what it does instead.
        public enum Specification: String, Codable, Sendable, CaseIterable { case required, addressable }
    }

    /// Requirement ids → requirement.
    public func requirement(_ id: String) -> Requirement? { requirements.first { $0.id == id } }

    /// The withdrawn requirement `id` names (as printed, or by an alias), or nil.
    public func withdrawnRequirement(_ id: String) -> WithdrawnRequirement? {
        let printed = aliases?[id] ?? id
        return withdrawn?.first { $0.id == printed }
    }

    /// The id `written` stands for: itself, or the id its alias names (`ac-2.1` → `AC-2(1)`).
    public func canonicalID(_ written: String) -> String { aliases?[written] ?? written }

    /// The one requirement `id` names in another of the id forms frameworks publish, or nil (none,
    /// or several): OSCAL's `ac-2.1` and `AC-2.1` for NIST's `AC-2(1)`, `gv.oc-1` for `GV.OC-01`,
    /// `cc6.1` for `CC6.1`. Never `id` itself. See `RequirementID.formKey`.
    public func requirement(inOtherForm id: String) -> Requirement? {
        let key = RequirementID.formKey(id)
        let found = requirements.filter { $0.id != id && RequirementID.formKey($0.id) == key }
        return found.count == 1 ? found[0] : nil
    }

    /// Whether this is an ISO/IEC 27001 catalog (`iso27001-…`), whose Statement of Applicability
    /// decides its Annex A controls (ISO/IEC 27001:2022 §6.1.3 d).
    public var isISO27001: Bool { framework.hasPrefix("iso27001") }

    /// How messages name one requirement decided in this catalog's Statement of Applicability:
    /// "Annex A control" for ISO/IEC 27001, else "<short name> control" (a message about another
    /// framework's SoA never speaks of Annex A).
    public var soaItemName: String { isISO27001 ? "Annex A control" : "\(shortName) control" }

    /// Requirements of one group, in natural order.
    public func requirements(inGroup id: String) -> [Requirement] {
        requirements.filter { $0.group == id }.sortedNaturally(by: \.id)
    }

    /// Requirements decided in the Statement of Applicability (Annex A controls for ISO 27001).
    public var soaRequirements: [Requirement] {
        guard statementOfApplicability == true else { return [] }
        let controlGroups = Set(groups.filter { $0.kind == .control }.map(\.id))
        return requirements.filter { controlGroups.contains($0.group) }.sortedNaturally(by: \.id)
    }
}
