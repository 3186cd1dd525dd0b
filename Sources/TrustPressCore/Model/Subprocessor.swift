/// A third party that processes customer data (`subprocessors.yaml`). Public.
public struct Subprocessor: Codable, Sendable, Equatable {
    public var name: String
    public var purpose: String
    public var location: String
    public var data: String
    public var website: String?
    /// The day it started (or starts) processing customer data. Required: it dates the change in the
    /// subprocessor feed, which data processing agreements promise (GDPR Art. 28(2)). A date after the
    /// build date is allowed: the subprocessor is then announced as upcoming.
    public var added: CalendarDate
    /// The day customers were told (notice before the change). Required when `added` is after the
    /// build date: it dates the feed's "upcoming" entry; never after the build date or after `added`.
    public var announced: CalendarDate?

    /// Upcoming on `date`: announced, not yet processing.
    public func isUpcoming(on date: CalendarDate) -> Bool { date < added }
}

/// A subprocessor no longer used (`removed:` in `subprocessors.yaml`), kept so the change history
/// and its feed stay complete. Public.
public struct RemovedSubprocessor: Codable, Sendable, Equatable {
    public var name: String
    public var purpose: String
    /// The day it started processing.
    public var added: CalendarDate
    /// The day it stopped processing customer data; not after the build date.
    public var removed: CalendarDate
    public var location: String?
    public var data: String?
    public var website: String?
}

/// `subprocessors.yaml`. Without the file nothing is claimed about subprocessors; only an explicit
/// `subprocessors: []` says there are none.
struct SubprocessorsFile: Codable, Sendable {
    var subprocessors: [Subprocessor]
    /// Subprocessors no longer used, with their dates.
    var removed: [RemovedSubprocessor]?
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

/// One change to the subprocessor list, as the change feed and the history table show it.
public struct SubprocessorChange: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Announced ahead of its start date (dated by `announced`).
        case upcoming
        /// Started processing (dated by `added`); only once that day has come.
        case added
        /// Stopped processing (dated by `removed`).
        case removed

        public var label: String {
            switch self {
            case .upcoming: "Upcoming"
            case .added: "Added"
            case .removed: "Removed"
            }
        }
    }

    public var kind: Kind
    public var name: String
    public var purpose: String
    public var website: String?
    /// The day of the change: announced, added or removed.
    public var date: CalendarDate
    /// For `upcoming`: the start date announced.
    public var starts: CalendarDate?

    /// Every change on or before `date`, newest first (then upcoming, added, removed; then by name):
    /// one rule for the page and the feed.
    public static func history(current: [Subprocessor], removed: [RemovedSubprocessor], on date: CalendarDate) -> [SubprocessorChange] {
        var changes: [SubprocessorChange] = []
        for s in current {
            if let announced = s.announced {
                changes.append(.init(kind: .upcoming, name: s.name, purpose: s.purpose, website: s.website, date: announced, starts: s.added))
            }
            if s.added <= date {
                changes.append(.init(kind: .added, name: s.name, purpose: s.purpose, website: s.website, date: s.added))
            }
        }
        for r in removed {
            changes.append(.init(kind: .added, name: r.name, purpose: r.purpose, website: r.website, date: r.added))
            changes.append(.init(kind: .removed, name: r.name, purpose: r.purpose, website: r.website, date: r.removed))
        }
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        return changes.filter { $0.date <= date }.sorted {
            if $0.date != $1.date { return $1.date < $0.date }
            if $0.kind != $1.kind { return order[$0.kind]! < order[$1.kind]! }
            return ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name)
        }
    }
}
