/// A unified control: one control the organization operates, mapped to the requirements of every
/// framework it serves (`controls/*.yaml`).
///
/// Public: id, title, summary, status, mappings. Confidential: owner, implementation, evidence, tests.
public struct Control: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var summary: String
    public var status: ImplementationStatus
    /// Framework id → requirement ids, e.g. `["iso27001-2022": ["A.5.15"], "soc2-2017": ["CC6.1"]]`.
    public var mapsTo: [String: [String]]
    public var owner: String?
    /// Markdown.
    public var implementation: String?
    public var evidence: [Evidence]?
    public var tests: [ControlTest]?

    enum CodingKeys: String, CodingKey {
        case id, title, summary, status, mapsTo = "maps_to", owner, implementation, evidence, tests
    }

    public struct Evidence: Codable, Sendable, Equatable {
        public var kind: Kind
        public var title: String
        public var date: CalendarDate?
        public var reference: String?

        public enum Kind: String, Codable, Sendable, CaseIterable {
            case policy, riskAssessment = "risk-assessment", testResult = "test-result"
            case incidentLog = "incident-log", accessReview = "access-review"
            case changeRecord = "change-record", other

            public var label: String {
                switch self {
                case .policy: "Policy"
                case .riskAssessment: "Risk assessment"
                case .testResult: "Test result"
                case .incidentLog: "Incident log"
                case .accessReview: "Access review"
                case .changeRecord: "Change record"
                case .other: "Other"
                }
            }
        }
    }

    /// A test of the control's operation (auditor or internal), Type 2 style.
    public struct ControlTest: Codable, Sendable, Equatable {
        public var date: CalendarDate
        public var procedure: String
        public var sampleSize: Int?
        public var exceptions: Int?
        public var result: Result

        enum CodingKeys: String, CodingKey {
            case date, procedure, sampleSize = "sample_size", exceptions, result
        }

        public enum Result: String, Codable, Sendable, CaseIterable { case passed, exception }

        /// The most recent of `tests`: the latest date; on one date an exception outranks a pass (the
        /// worse result is the one to report), then the procedure decides, so the pick is deterministic.
        /// Nil when there are none.
        public static func latest(_ tests: some Sequence<ControlTest>) -> ControlTest? {
            tests.max { a, b in
                if a.date != b.date { return a.date < b.date }
                if a.result != b.result { return a.result == .passed }
                return a.procedure < b.procedure
            }
        }
    }

    /// The control's most recent test (`ControlTest.latest`: date and result as the SoA and the
    /// control matrix report them); nil when it has none.
    public var lastTest: ControlTest? { ControlTest.latest(tests ?? []) }
}

/// Where a control stands. Public on the trust center.
public enum ImplementationStatus: String, Codable, Sendable, CaseIterable {
    case implemented, partiallyImplemented = "partially-implemented", planned, notImplemented = "not-implemented"

    public var label: String {
        switch self {
        case .implemented: "Implemented"
        case .partiallyImplemented: "Partially implemented"
        case .planned: "Planned"
        case .notImplemented: "Not implemented"
        }
    }
}

/// The file `controls/*.yaml`: a list of controls.
struct ControlsFile: Codable, Sendable {
    var controls: [Control]
}
