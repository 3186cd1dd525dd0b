/// A third party that processes customer data (`subprocessors.yaml`). Public.
public struct Subprocessor: Codable, Sendable, Equatable {
    public var name: String
    public var purpose: String
    public var location: String
    public var data: String
    public var website: String?
}

struct SubprocessorsFile: Codable, Sendable {
    var subprocessors: [Subprocessor]
}

/// One Statement of Applicability decision (ISO/IEC 27001:2022 §6.1.3 d): whether a requirement
/// applies, and why it is included or excluded.
public struct ApplicabilityDecision: Codable, Sendable, Equatable {
    public var applicable: Bool
    public var justification: String?
}
