/// A SOC 2 report (`attestations/*.yaml`).
///
/// Public: framework, type, period/as-of, report date, auditor, categories, public summary.
/// Confidential (NDA bundle only): opinion, system description, exceptions, CUECs, subservice
/// organizations, bridge letter. Report structure per AICPA DC 200 and the SOC 2 guide.
public struct Attestation: Codable, Sendable, Equatable {
    public var framework: String
    /// 1: design as of a date; 2: design and operating effectiveness over a period.
    public var type: ReportType
    /// Type 2 only.
    public var period: Period?
    /// Type 1 only.
    public var asOf: CalendarDate?
    public var reportDate: CalendarDate
    public var auditor: Party
    /// Trust Services Categories in scope; security is always in scope.
    public var categories: [Category]
    public var publicSummary: String?
    public var opinion: Opinion
    /// Markdown.
    public var systemDescription: String?
    public var exceptions: [ReportException]?
    public var complementaryUserEntityControls: [ComplementaryControl]?
    public var subserviceOrganizations: [SubserviceOrganization]?
    /// Management's letter covering the time since the report's period ended, if any.
    public var bridgeLetter: BridgeLetter?

    enum CodingKeys: String, CodingKey {
        case framework, type, period, asOf = "as_of", reportDate = "report_date", auditor, categories
        case publicSummary = "public_summary", opinion, systemDescription = "system_description", exceptions
        case complementaryUserEntityControls = "complementary_user_entity_controls"
        case subserviceOrganizations = "subservice_organizations"
        case bridgeLetter = "bridge_letter"
    }

    /// The last day the report covers: the period's end (Type 2) or the as-of date (Type 1); nil
    /// only for a report `check` rejects (a Type 2 without a period, a Type 1 without `as_of`).
    public var coverageEnd: CalendarDate? { period?.end ?? asOf }

    /// The time the bridge letter covers: from the day after the report's coverage ends to the
    /// letter's date, both days included. Nil without a letter. Its start is after its end when
    /// the letter is dated on or before the coverage end (an error of `check`).
    public var bridgePeriod: Period? {
        guard let letter = bridgeLetter, let end = coverageEnd else { return nil }
        return Period(start: end.adding(days: 1), end: letter.date)
    }

    public enum ReportType: Int, Codable, Sendable, CaseIterable {
        case type1 = 1, type2 = 2
        public var label: String { self == .type1 ? "Type 1" : "Type 2" }
    }

    public struct Period: Codable, Sendable, Equatable {
        public var start: CalendarDate
        public var end: CalendarDate
    }

    /// Trust Services Categories; raw values are the group ids of the `soc2-2017` catalog.
    public enum Category: String, Codable, Sendable, CaseIterable {
        case security, availability, confidentiality
        case processingIntegrity = "processing_integrity"
        case privacy

        public var title: String {
            switch self {
            case .security: "Security"
            case .availability: "Availability"
            case .confidentiality: "Confidentiality"
            case .processingIntegrity: "Processing integrity"
            case .privacy: "Privacy"
            }
        }
    }

    /// The service auditor's opinion. "Unqualified" is also called "unmodified".
    public enum Opinion: String, Codable, Sendable, CaseIterable {
        case unqualified, qualified, adverse, disclaimer
    }

    /// A deviation found by the auditor's tests, with management's response.
    public struct ReportException: Codable, Sendable, Equatable {
        public var criterion: String
        /// Unified control id.
        public var control: String
        public var description: String
        public var managementResponse: String?

        enum CodingKeys: String, CodingKey {
            case criterion, control, description, managementResponse = "management_response"
        }
    }

    /// A CUEC or a CSOC: a control someone else must operate, with the criteria it supports.
    public struct ComplementaryControl: Codable, Sendable, Equatable {
        public var description: String
        public var criteria: [String]?
    }

    public struct SubserviceOrganization: Codable, Sendable, Equatable {
        public var name: String
        public var services: String
        public var method: Method
        /// Complementary subservice organization controls.
        public var csocs: [ComplementaryControl]?

        /// Carve-out: excluded from the report, its CSOCs listed. Inclusive: its controls are tested.
        public enum Method: String, Codable, Sendable, CaseIterable {
            case carveOut = "carve-out", inclusive
        }
    }

    /// A bridge letter (also called a gap letter): management's representation, not the service
    /// auditor's, about the time between the end of the report's period and the letter's date:
    /// whether the system or its controls changed materially, and when the next report is
    /// expected, signed by an officer. No AICPA standard defines it; its contents follow common
    /// practice, as described for example in "What is a SOC 2 Bridge Letter?"
    /// (https://www.compliancepoint.com/assurance/what-is-a-soc-2-bridge-letter) and "Bridge
    /// Letters for SOC Audits" (https://kfinancial.com/bridge-letters-for-soc-audits).
    public struct BridgeLetter: Codable, Sendable, Equatable {
        /// The day the letter was signed: the last day it covers.
        public var date: CalendarDate
        public var signer: Signer
        /// The material changes to the system or its controls since the period ended, one per
        /// item. Exactly one of this (not empty) and `noMaterialChanges: true` must be given.
        public var materialChanges: [String]?
        /// `true`: management states there were no material changes.
        public var noMaterialChanges: Bool?
        /// When the next report is expected.
        public var nextReportDate: CalendarDate

        enum CodingKeys: String, CodingKey {
            case date, signer, materialChanges = "material_changes", noMaterialChanges = "no_material_changes"
            case nextReportDate = "next_report_date"
        }

        /// The officer who signs the letter for management.
        public struct Signer: Codable, Sendable, Equatable {
            public var name: String
            /// e.g. "Chief Information Security Officer".
            public var title: String
        }

        /// What the letter states about changes since the period ended.
        public enum ChangeStatement: Sendable, Equatable {
            /// There were no material changes.
            case noMaterialChanges
            /// These material changes, in the order written.
            case materialChanges([String])
        }

        /// The letter's statement about changes: `.noMaterialChanges` for `no_material_changes:
        /// true` and no list, `.materialChanges` for a list and no such statement; nil when it
        /// states neither or both (an error of `check`).
        public var changeStatement: ChangeStatement? {
            let listed = materialChanges ?? []
            switch (noMaterialChanges == true, listed.isEmpty) {
            case (true, true): return .noMaterialChanges
            case (false, false): return .materialChanges(listed)
            default: return nil
            }
        }
    }
}
