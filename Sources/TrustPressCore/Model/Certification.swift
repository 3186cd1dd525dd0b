/// An ISO/IEC 27001 certificate (`certifications/*.yaml`). Every field is public: the certificate
/// itself is published by the certification body.
///
/// Fields follow ISO/IEC 17021-1 §8.2.2 and ISO/IEC 27006 (certificate content).
public struct Certification: Codable, Sendable, Equatable {
    /// Catalog id of the certified framework, e.g. `iso27001-2022`.
    public var framework: String
    /// Standard and edition as printed on the certificate, e.g. "ISO/IEC 27001:2022 + Amd 1:2024".
    public var standard: String
    public var certificateNumber: String
    public var certificationBody: Party
    /// The accreditation body that accredits the certification body, e.g. UKAS, ANAB, DAkkS.
    public var accreditationBody: String
    public var scope: String
    public var sites: [Site]
    public var initialCertification: CalendarDate
    public var issued: CalendarDate
    public var expires: CalendarDate
    /// Version of the Statement of Applicability the certificate refers to.
    public var soaVersion: String
    /// The certification body's register entry (https:), for public verification.
    public var verificationURL: String
    /// At least once a calendar year; the first within 12 months of the certification decision.
    public var surveillanceAudits: [SurveillanceAudit]
    /// A short public note shown beside the status, e.g. "Recertification audit scheduled for April
    /// 2027" (one line of plain text).
    public var statusNote: String?

    enum CodingKeys: String, CodingKey {
        case framework, standard, certificateNumber = "certificate_number"
        case certificationBody = "certification_body", accreditationBody = "accreditation_body"
        case scope, sites, initialCertification = "initial_certification", issued, expires
        case soaVersion = "soa_version", verificationURL = "verification_url"
        case surveillanceAudits = "surveillance_audits", statusNote = "status_note"
    }

    /// Planned surveillance audits whose due date is before `date`: the certificate's standing is
    /// then `surveillanceOverdue` (ISO/IEC 17021-1 §9.6.2: at least once a calendar year).
    public func overdueSurveillanceAudits(on date: CalendarDate) -> [SurveillanceAudit] {
        surveillanceAudits.filter { $0.standing(on: date) == .overdue }
    }

    public struct Site: Codable, Sendable, Equatable {
        public var name: String
        public var address: String
    }

    public struct SurveillanceAudit: Codable, Sendable, Equatable {
        public var due: CalendarDate
        public var status: Status

        public enum Status: String, Codable, Sendable, CaseIterable { case planned, completed }

        /// What a surveillance audit is on `date`: a planned one due before it is overdue, never "planned".
        public enum Standing: String, Sendable {
            case planned, completed, overdue

            public var label: String {
                switch self {
                case .planned: "Planned"
                case .completed: "Completed"
                case .overdue: "Overdue"
                }
            }
        }

        public func standing(on date: CalendarDate) -> Standing {
            switch status {
            case .completed: .completed
            case .planned: due < date ? .overdue : .planned
            }
        }
    }
}

/// A named organization with an optional `https:` website (certification body, auditor).
public struct Party: Codable, Sendable, Equatable {
    public var name: String
    public var url: String?
}
