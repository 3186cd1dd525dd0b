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
    /// Written `applicable: true`, `applicable: false` or `applicable: undecided`.
    public var applicable: Applicability
    public var justification: String?
}

/// Whether an Annex A control applies, as `applicability.yaml` spells it: `true`, `false`, or
/// `undecided` while a program is starting (the decision is still to make, and says so, rather
/// than being left out of the file and forgotten).
public enum Applicability: Sendable, Equatable, Codable {
    case applicable, excluded, undecided

    /// How a decision still to make is written.
    public static let undecidedSpelling = "undecided"

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = flag ? .applicable : .excluded; return }
        guard let text = try? container.decode(String.self), let value = Self.yamlCase(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected true, false or undecided")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .applicable: try container.encode(true)
        case .excluded: try container.encode(false)
        case .undecided: try container.encode(Self.undecidedSpelling)
        }
    }

    /// The decision for one control, from what `applicability.yaml` says (nil: nothing) and whether
    /// a unified control maps to it. One rule for the validator, the model and coverage: a written
    /// decision wins (an explicit `undecided` stays undecided even when a control is mapped: the
    /// person deciding has not decided yet); with none written, a mapped control is applicable (it
    /// is implemented, so it applies) and an unmapped one is undecided.
    public static func effective(_ written: Applicability?, mapped: Bool) -> Applicability {
        written ?? (mapped ? .applicable : .undecided)
    }
}

extension Applicability: YAMLEnumeration {
    static var yamlAccepted: [String] { ["true", "false", undecidedSpelling] }
    static func yamlCase(_ text: String) -> Applicability? {
        // The spellings a YAML boolean had here before `undecided` existed (Yams: true/yes/on, any case).
        switch text.lowercased() {
        case "true", "yes", "on": .applicable
        case "false", "no", "off": .excluded
        case undecidedSpelling: .undecided
        default: nil
        }
    }
    static var yamlPlaceholder: Applicability { .undecided }
}
