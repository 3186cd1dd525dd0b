/// A SOC 2 report (`attestations/*.yaml`).
///
/// Public: framework, type, period/as-of, report date, auditor, categories, public summary.
/// Confidential (NDA bundle only): opinion, system description, exceptions, CUECs, subservice
/// organizations. Report structure per AICPA DC 200 and the SOC 2 guide.
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

    enum CodingKeys: String, CodingKey {
        case framework, type, period, asOf = "as_of", reportDate = "report_date", auditor, categories
        case publicSummary = "public_summary", opinion, systemDescription = "system_description", exceptions
        case complementaryUserEntityControls = "complementary_user_entity_controls"
        case subserviceOrganizations = "subservice_organizations"
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
}
