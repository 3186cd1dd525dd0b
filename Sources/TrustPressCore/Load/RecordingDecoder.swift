import Foundation
import Yams

/// A `Decoder` over a composed Yams `Node` tree that never stops at a bad value: each container
/// records a located problem (missing required key, wrong type, unknown enumeration value, bad
/// date, unknown key) and goes on with a placeholder, so one pass reports every bad value of every
/// record. Time is linear in the size of the tree: each node is visited once, each mapping is
/// indexed once, and nothing is re-decoded after a problem.
///
/// The shape follows the error-collecting metadata decoders of static site generators (one
/// `Decoder`, containers that record and continue); the code is TrustPress's own.
struct RecordingDecoder {
    /// A located problem, ready to become a diagnostic.
    struct Problem {
        /// 1-based line in the decoded text (before the front-matter shift); column in Unicode scalars.
        var line: Int
        var column: Int
        var message: String
        var notes: [String] = []
    }

    /// Decodes `root` as `T`.
    /// - Returns: the value (meaningful only when `problems` is empty) and every problem, in the order found.
    /// - Parameter referenceDate: the build date, which dates the examples of fix notes (`YAMLExample.line`).
    static func decode<T: Decodable>(_ type: T.Type, from root: Node, referenceDate: CalendarDate? = nil) -> (value: T?, problems: [Problem]) {
        let state = State()
        state.referenceDate = referenceDate
        if root.mapping == nil { state.rootNotes = topLevelNotes(T.self, reference: referenceDate) }
        let value = try? NodeDecoder(node: root, codingPath: [], ownerKeys: nil, state: state).valueOrAbandon(T.self)
        state.reportUnknownKeys()
        if value == nil, state.problems.isEmpty { state.record(root, "the file cannot be read") }
        return (value, state.problems)
    }

    /// What the top of a file of `T` holds, for a file that is empty or not a mapping: its
    /// required keys and an example of the first (for applicability.yaml, of free keys, an example).
    static func topLevelNotes<T: Decodable>(_ type: T.Type, reference: CalendarDate? = nil) -> [String] {
        if T.self == [String: [String: ApplicabilityDecision]].self {
            return ["write each framework id with its decisions below it, e.g. iso27001-2022: {A.5.1: {applicable: true, justification: Policies are required.}}"]
        }
        guard !(T.self is YAMLMapShape.Type) else { return [] }
        let keys = requiredKeys(T.self)
        guard let first = keys.first else { return [] }
        return ["write 'key: value' lines at the top level; it needs \(Excerpt.list(keys.map(\.key))), "
                + "e.g. \(YAMLExample.line(first.type, key: first.key, owner: first.owner, reference: reference))"]
    }

    /// A key a record requires, as found by `requiredKeys`.
    struct RequiredKey {
        var key: String
        var type: Any.Type
        /// The record's name, e.g. `SiteConfig.Organization` (see `YAMLExample.owner(of:)`).
        var owner: String
    }

    /// The keys `type` requires, in the order it asks for them: found by decoding it from an
    /// empty mapping, where every required key is missing. Nothing is reported.
    static func requiredKeys<T: Decodable>(_ type: T.Type) -> [RequiredKey] {
        let state = State()
        state.probing = true
        _ = try? T(from: NodeDecoder(node: .mapping(Node.Mapping([])), codingPath: [], ownerKeys: nil, state: state))
        return state.probed
    }

    /// Shared by every decoder and container of one run.
    final class State {
        var problems: [Problem] = []
        /// Set by `requiredKeys`: missing keys are collected in `probed` instead of reported.
        var probing = false
        var probed: [RequiredKey] = []
        /// Notes for "the file must be a YAML mapping": the keys the file needs.
        var rootNotes: [String] = []
        /// The build date, which dates the examples (`YAMLExample.line`).
        var referenceDate: CalendarDate?
        /// Every mapping a keyed container read, with the keys asked for, for the unknown-key check.
        var mappings: [MappingRecord] = []

        func record(_ node: Node?, _ message: String, notes: [String] = []) {
            let mark = node?.mark
            problems.append(Problem(line: mark?.line ?? 1, column: mark?.column ?? 0, message: message, notes: notes))
        }

        /// A key in a mapping that no container asked for is unknown (fail closed: never silently
        /// dropped). The did-you-mean compares only with the keys this place accepts, never with
        /// the rejected key itself.
        func reportUnknownKeys() {
            // An alias makes one mapping appear at several places (and a merged mapping in several
            // mappings), each read as the type of its place: report each key once.
            var reported = Set<String>()
            func record(_ node: Node, _ message: String, notes: [String] = []) {
                let mark = node.mark
                guard reported.insert("\(mark?.line ?? 0):\(mark?.column ?? 0):\(message)").inserted else { return }
                self.record(node, message, notes: notes)
            }
            for mapping in mappings {
                let accepted = mapping.requested.subtracting(mapping.consumed)
                // Keys written here (or merged in).
                let present = Set(mapping.keys.filter(\.plain).map(\.name))
                for key in mapping.keys {
                    if mapping.consumed.contains(key.name) { continue }
                    if key.plain, mapping.allRequested || mapping.requested.contains(key.name) { continue }
                    if !key.plain, accepted.contains(key.name) {
                        // `!x name:` is not the key `name`: say so rather than suggest 'name' for 'name'.
                        record(key.node, "the key \(Excerpt.quoted(key.name)) has the tag \(Excerpt.quoted(key.node.tag.description)), which makes it another key",
                               notes: ["remove the tag: write '\(Excerpt.cut(key.name)):'"])
                        continue
                    }
                    let guess = Suggestion.closest(to: key.name, in: accepted.sorted())
                    // Without a near miss, say what the place accepts.
                    let keysHere = mapping.order.filter { accepted.contains($0) && $0 != key.name }
                    var notes = Suggestion.note(guess)
                    // The key meant is written here already (or merged in): one of the two must go.
                    if let guess, present.contains(guess) { notes[0] += " '\(guess)' is already given here; remove one of the two" }
                    record(key.node, "unknown key \(Excerpt.quoted(key.name))",
                           notes: guess != nil ? notes
                                : keysHere.isEmpty ? ["remove it: nothing here takes keys"]
                                : ["the keys here are: \(Excerpt.list(keysHere)); remove it or rename it to one of them"])
                }
                for node in mapping.complexKeys {
                    record(node, "a key must be plain text, not a list or mapping",
                           notes: ["write the key's name before the ':', e.g. 'title: …'"])
                }
            }
        }
    }

    /// A mapping as a keyed container sees it: text keys indexed once, merges applied.
    final class MappingRecord {
        struct Key {
            var name: String
            var node: Node
            /// False for a key with a tag (`!x visibility`): never the same as the plain key.
            var plain: Bool
        }
        /// The mapping's own scalar keys in document order, then the merged ones it does not override.
        var keys: [Key] = []
        var index: [String: Node] = [:]
        var complexKeys: [Node] = []
        var requested = Set<String>()
        /// `requested` in the order asked for (the type's declaration order).
        var order: [String] = []

        func request(_ key: String) {
            if requested.insert(key).inserted { order.append(key) }
        }
        /// Misspelt keys already reported as the misspelling of a missing required key.
        var consumed = Set<String>()
        /// A dictionary reads every key: none is unknown.
        var allRequested = false

        init(_ mapping: Node.Mapping) {
            let (own, merged) = Self.split(mapping)
            for (key, value) in own {
                guard let name = Self.textKey(key) else {
                    if case .scalar = key { keys.append(Key(name: key.string ?? "", node: key, plain: false)) }
                    else { complexKeys.append(key) }
                    continue
                }
                index[name] = value
                keys.append(Key(name: name, node: key, plain: true))
            }
            for (key, value) in merged {
                // The mapping's own keys win over merged ones, and an earlier merged key over a later one.
                guard let name = Self.textKey(key) else {
                    if case .scalar = key { keys.append(Key(name: key.string ?? "", node: key, plain: false)) }
                    else { complexKeys.append(key) }
                    continue
                }
                guard index[name] == nil else { continue }
                index[name] = value
                // Checked like the mapping's own keys: a merged key that is not known is reported too.
                keys.append(Key(name: name, node: key, plain: true))
            }
        }

        /// The mapping's own entries, and the entries its `<<` merge keys bring in, in YAML's
        /// merge-key order (a mapping, or a list of mappings of which the first wins), merges
        /// inside merged mappings included. A `<<` whose value is neither stays an own entry, so
        /// it is reported as an unknown key.
        private static func split(_ mapping: Node.Mapping) -> (own: [(Node, Node)], merged: [(Node, Node)]) {
            var own: [(Node, Node)] = [], merged: [(Node, Node)] = []
            func bring(_ m: Node.Mapping) {
                let (o, inner) = split(m)
                merged += o + inner
            }
            for (key, value) in mapping {
                guard case .scalar = key, key.tag.description == "tag:yaml.org,2002:merge" else { own.append((key, value)); continue }
                switch value {
                case let .mapping(m): bring(m)
                case let .sequence(list) where list.allSatisfy({ $0.mapping != nil }): for case let .mapping(m) in list { bring(m) }
                default: own.append((key, value))
                }
            }
            return (own, merged)
        }

        /// Key tags that make a key plain text: none, the non-specific `!`, `!!str`, or the `=`
        /// value key. A key with any other tag (`!x visibility`) never stands in for a plain one.
        private static let textKeyTags: Set<String> = ["", "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:value"]

        static func textKey(_ key: Node) -> String? {
            guard case let .scalar(scalar) = key, textKeyTags.contains(scalar.tag.description) else { return nil }
            return scalar.string
        }
    }
}

/// Text for a coding path as messages print it: `controls[2].tests[0].date`. Keys come from the
/// content (a framework id under `maps_to`), so each is cut like any quoted value.
func fieldName(_ codingPath: [CodingKey]) -> String {
    var text = ""
    for key in codingPath {
        if let i = key.intValue { text += "[\(i)]" } else { text += (text.isEmpty ? "" : ".") + Excerpt.cut(key.stringValue) }
    }
    return text
}

/// A type with accepted text values, for "has unknown value … expected one of" and a placeholder.
protocol YAMLEnumeration {
    /// The accepted values as written in YAML, in declaration order.
    static var yamlAccepted: [String] { get }
    /// The case written as `text`, or nil.
    static func yamlCase(_ text: String) -> Self?
    /// Stands in for a bad value so decoding can go on.
    static var yamlPlaceholder: Self { get }
}

extension YAMLEnumeration where Self: CaseIterable & RawRepresentable {
    static var yamlAccepted: [String] { allCases.map { "\($0.rawValue)" } }
    static func yamlCase(_ text: String) -> Self? { allCases.first { "\($0.rawValue)" == text } }
    static var yamlPlaceholder: Self { allCases.first! }
}

extension Visibility: YAMLEnumeration {}
extension ImplementationStatus: YAMLEnumeration {}
extension Attestation.Opinion: YAMLEnumeration {}
extension Attestation.Category: YAMLEnumeration {}
extension Attestation.ReportType: YAMLEnumeration {}
extension Attestation.SubserviceOrganization.Method: YAMLEnumeration {}
extension Control.Evidence.Kind: YAMLEnumeration {}
extension Control.ControlTest.Result: YAMLEnumeration {}
extension Catalog.Group.RequirementKind: YAMLEnumeration {}
extension Certification.SurveillanceAudit.Status: YAMLEnumeration {}

/// A type with a value that stands in for a bad one, when its own `init(from:)` would throw on
/// the placeholder text the decoder hands it.
protocol YAMLPlaceholder { static var yamlPlaceholder: Self { get } }
extension CalendarDate: YAMLPlaceholder { static var yamlPlaceholder: CalendarDate { CalendarDate(year: 2000, month: 1, day: 1) } }

/// Thrown only when no placeholder can be made for a type (none in the content format): the run
/// ends with the problems recorded so far.
private struct Abandoned: Error {}

/// One node being decoded. In `silent` mode (a placeholder being built, or the children of a value
/// already reported as the wrong type) nothing is recorded and every read gives a default.
private struct NodeDecoder: Decoder {
    let node: Node?
    let codingPath: [CodingKey]
    /// The coding keys of the record whose key this node is the value of, for examples; named
    /// (`YAMLExample.owner(of:)`) only when an example is made, so a clean decode pays nothing.
    let ownerKeys: Any.Type?
    private var owner: String { ownerKeys.map(YAMLExample.owner(of:)) ?? "" }
    let state: RecordingDecoder.State
    var silent = false
    /// The type being decoded here, for the example of a value of the wrong shape.
    var expected: Any.Type?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private var field: String { fieldName(codingPath) }
    private var subject: String { codingPath.isEmpty ? "the file" : "'\(field)'" }

    func record(_ message: String, notes: [String] = []) {
        if !silent { state.record(node, message, notes: notes) }
    }

    /// The key this value belongs to: the last text key of the path (a list item belongs to its list).
    private var key: String? { codingPath.last(where: { $0.intValue == nil })?.stringValue }

    /// `e.g. key: value` for a value of `type` here, or nil at the top of a file.
    func example(_ type: Any.Type) -> String? {
        // A key from the content (a framework id under `maps_to`) is cut like any quoted value.
        guard let key = key.map(Excerpt.cut) else { return nil }
        if codingPath.last?.intValue != nil { return "e.g. - " + YAMLExample.value(type, key: key, owner: owner, reference: state.referenceDate) }
        return "e.g. " + YAMLExample.line(type, key: key, owner: owner, reference: state.referenceDate)
    }

    /// A value of `T` from this node: the real one, or a placeholder after recording why not.
    /// - Throws: `Abandoned` only for a type with no placeholder (none in the content format).
    func valueOrAbandon<T: Decodable>(_ type: T.Type) throws -> T {
        guard let node, !silent else { return try Self.placeholder(type, state: state) }
        if node.null != nil, !(T.self is ExpressibleByNilLiteral.Type) {
            record("\(subject) is empty; expected \(Self.describe(T.self))", notes: example(T.self).map { [$0] } ?? [])
            return try Self.placeholder(type, state: state)
        }
        if let e = T.self as? YAMLEnumeration.Type {
            guard case let .scalar(scalar) = node else {
                record("\(subject) must be one of: \(Excerpt.list(e.yamlAccepted))",
                       notes: ["write one of them as plain text" + (example(T.self).map { ", " + $0 } ?? "")])
                return try Self.placeholder(type, state: state)
            }
            if let found = e.yamlCase(scalar.string) as? T { return found }
            var notes = Suggestion.didYouMean(scalar.string, in: e.yamlAccepted)
            notes.append("expected one of: \(Excerpt.list(e.yamlAccepted))")
            record("\(subject) has unknown value \(Excerpt.quoted(scalar.string))", notes: notes)
            return try Self.placeholder(type, state: state)
        }
        if let s = T.self as? ScalarConstructible.Type {
            if case let .scalar(scalar) = node, let v = s.construct(from: scalar) as? T { return v }
            record("\(subject) must be \(Self.describe(T.self))", notes: [Self.howTo(T.self) + (example(T.self).map { ", " + $0 } ?? "")])
            return try Self.placeholder(type, state: state)
        }
        // A type with its own init(from:) (a struct, a list, a dictionary, a date).
        let before = state.problems.count
        var decoder = self
        decoder.expected = T.self
        do {
            return try T(from: decoder)
        } catch let error as DecodingError {
            // A problem inside already recorded is the cause; do not report its consequence too.
            if state.problems.count == before {
                switch error {
                case let .dataCorrupted(context):
                    record("'\(field)': \(context.debugDescription)", notes: example(T.self).map { [$0] } ?? [])
                default: record("\(subject) cannot be read: \(error)")
                }
            }
            return try Self.placeholder(type, state: state)
        }
    }

    /// A value of `T` to stand in for a bad or missing one, built without recording anything.
    static func placeholder<T: Decodable>(_ type: T.Type, state: RecordingDecoder.State) throws -> T {
        if let e = T.self as? YAMLEnumeration.Type, let v = e.yamlPlaceholder as? T { return v }
        if let p = T.self as? YAMLPlaceholder.Type, let v = p.yamlPlaceholder as? T { return v }
        if T.self == String.self { return "" as! T }
        if T.self == Int.self { return 0 as! T }
        if T.self == Bool.self { return false as! T }
        if T.self == Double.self { return 0.0 as! T }
        do {
            return try T(from: NodeDecoder(node: nil, codingPath: [], ownerKeys: nil, state: state, silent: true))
        } catch {
            throw Abandoned()
        }
    }

    /// Words for the type a value should have.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        case is CalendarDate.Type: return "a date (YYYY-MM-DD)"
        case is YAMLEnumeration.Type: return "one of: " + Excerpt.list((type as! YAMLEnumeration.Type).yamlAccepted)
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("Optional<Array") { return "a list" }
            return "a mapping"
        }
    }

    /// How to write a value of the expected shape, with an example.
    static func howTo(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "write it as text, in quotes if it contains ': ' or starts with '[', '{' or '- '"
        case is Int.Type: return "write a whole number"
        case is Bool.Type: return "write true or false"
        default: return "write a number"
        }
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard !silent, case let .mapping(map)? = node else {
            if !silent {
                // The mapping this should be, with its required keys and example values.
                let sample = expected.flatMap(example).map { ", " + $0 } ?? ""
                if codingPath.isEmpty { record("the file must be a YAML mapping", notes: state.rootNotes) }
                else if codingPath.last?.intValue != nil { record("\(subject) must be a mapping", notes: ["write the item as 'key: value' lines after its '- '\(sample)"]) }
                else { record("\(subject) must be a mapping", notes: ["write one 'key: value' per line, indented below '\(codingPath.last!.stringValue)'\(sample)"]) }
            }
            return KeyedDecodingContainer(Keyed<Key>(decoder: self, record: nil))
        }
        let record = RecordingDecoder.MappingRecord(map)
        state.mappings.append(record)
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, record: record))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard !silent, case let .sequence(seq)? = node else {
            if !silent {
                record("\(subject) must be a list", notes: ["write a list: [a, b], or one '- a' per line" + (expected.flatMap(example).map { ", " + $0 } ?? "")])
            }
            return Unkeyed(decoder: self, items: [])
        }
        return Unkeyed(decoder: self, items: Array(seq))
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { Single(decoder: self) }

    /// The decoder of `node`, the value of `key` in the record with coding keys `owner` (a list
    /// item keeps its list's).
    func child(_ node: Node?, _ key: CodingKey, owner: Any.Type? = nil, silent: Bool = false) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key], ownerKeys: owner ?? ownerKeys, state: state, silent: self.silent || silent)
    }

    // MARK: Containers

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: NodeDecoder
        /// nil in silent mode or after a wrong-type report: every key reads as absent, silently.
        let record: RecordingDecoder.MappingRecord?
        var codingPath: [CodingKey] { decoder.codingPath }

        var allKeys: [Key] {
            guard let record else { return [] }
            record.allRequested = true
            return record.keys.filter(\.plain).compactMap { Key(stringValue: $0.name) }
        }

        func contains(_ key: Key) -> Bool {
            record?.request(key.stringValue)
            return record?.index[key.stringValue] != nil
        }

        func lookup(_ key: Key) -> Node? {
            record?.request(key.stringValue)
            return record?.index[key.stringValue]
        }

        func decodeNil(forKey key: Key) throws -> Bool { lookup(key)?.null != nil || lookup(key) == nil }

        /// This record's coding keys, which name it in examples (`YAMLExample.owner(of:)`).
        private var owner: Any.Type { Key.self }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let node = lookup(key) else {
                if let record, !decoder.silent { missing(key, T.self, in: record) }
                return try NodeDecoder.placeholder(type, state: decoder.state)
            }
            return try decoder.child(node, key, owner: owner).valueOrAbandon(type)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let node = lookup(key), node.null == nil else { return nil }
            return try decoder.child(node, key, owner: owner).valueOrAbandon(type)
        }

        /// Reports a missing required key; a misspelling of it present in the mapping is named and
        /// pointed at (and not reported again as an unknown key).
        private func missing(_ key: Key, _ type: Any.Type, in record: RecordingDecoder.MappingRecord) {
            if decoder.state.probing {
                decoder.state.probed.append(RecordingDecoder.RequiredKey(key: key.stringValue, type: type, owner: YAMLExample.owner(of: owner)))
                return
            }
            // `!x name:` is reported as a tagged key; it is not missing as well.
            if record.keys.contains(where: { !$0.plain && $0.name == key.stringValue }) { return }
            let place = codingPath.isEmpty ? "" : " in '\(fieldName(codingPath))'"
            let unknown = record.keys.filter { $0.plain && !ContentKeys.all.contains($0.name) && !record.consumed.contains($0.name) }
            if let typo = Suggestion.closest(to: key.stringValue, in: unknown.map(\.name)),
               let typoNode = unknown.first(where: { $0.name == typo })?.node {
                record.consumed.insert(typo)
                decoder.state.record(typoNode, "missing required key '\(key.stringValue)'\(place)",
                                     notes: ["found \(Excerpt.quoted(typo)): did you mean '\(key.stringValue)'?"])
            } else {
                var example = YAMLExample.line(type, key: key.stringValue, owner: YAMLExample.owner(of: owner),
                                               reference: decoder.state.referenceDate)
                if let e = type as? YAMLEnumeration.Type, e.yamlAccepted.count > 1 { example += " (one of: \(Excerpt.list(e.yamlAccepted)))" }
                decoder.state.record(decoder.node, "missing required key '\(key.stringValue)'\(place)", notes: ["add it, e.g. \(example)"])
            }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder.child(lookup(key), key, owner: owner, silent: lookup(key) == nil).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try decoder.child(lookup(key), key, owner: owner, silent: lookup(key) == nil).unkeyedContainer()
        }

        func superDecoder() throws -> Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> Decoder { decoder.child(lookup(key), key, owner: owner) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: NodeDecoder
        let items: [Node]
        var currentIndex = 0
        var codingPath: [CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() -> NodeDecoder {
            let node = currentIndex < items.count ? items[currentIndex] : nil
            defer { currentIndex += 1 }
            return decoder.child(node, PathKey(intValue: currentIndex), silent: node == nil)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex].null != nil else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().valueOrAbandon(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> Decoder { next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: NodeDecoder
        var codingPath: [CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.node == nil || decoder.node?.null != nil }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.valueOrAbandon(type) }
    }
}
