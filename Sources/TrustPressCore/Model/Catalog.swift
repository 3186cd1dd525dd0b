/// A framework catalog: requirement IDs and short titles grouped into themes or categories.
///
/// Shipped: `iso27001-2022` (clauses 4.1–10.2 and 93 Annex A controls) and `soc2-2017` (61 Trust
/// Services Criteria). Users add their own in `frameworks/*.yaml` in the same schema. Catalogs carry IDs
/// and short titles only: the standards' text belongs to ISO and the AICPA.
public struct Catalog: Codable, Sendable, Equatable {
    /// Stable id used in `maps_to`, e.g. `iso27001-2022`.
    public var framework: String
    public var name: String
    public var shortName: String
    /// When true, requirements of kind `control` are decided in a Statement of Applicability.
    public var statementOfApplicability: Bool?
    public var groups: [Group]
    public var requirements: [Requirement]

    enum CodingKeys: String, CodingKey {
        case framework, name, shortName = "short_name"
        case statementOfApplicability = "statement_of_applicability", groups, requirements
    }

    /// A theme (ISO Annex A), the clauses, or a Trust Services Category.
    public struct Group: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var kind: RequirementKind

        public enum RequirementKind: String, Codable, Sendable, CaseIterable { case clause, control, criterion }
    }

    public struct Requirement: Codable, Sendable, Equatable {
        /// Text, never a number: `A.5.10`, `5.10`, `CC6.1`.
        public var id: String
        public var title: String
        /// The id of a group in this catalog.
        public var group: String
        /// Optional series name, e.g. "CC6 Logical and physical access".
        public var section: String?
    }

    /// Requirement ids → requirement.
    public func requirement(_ id: String) -> Requirement? { requirements.first { $0.id == id } }

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
