import Foundation
import Yams

/// Decodes YAML text into a `Codable` type and reports every problem with its line and column.
///
/// Strict by design (fail closed): a key the type does not know is an error with a did-you-mean,
/// never silently dropped. IDs stay text: `5.10` decoded as a String is "5.10", not 5.1.
enum YAMLFile {
    /// Decodes `text` (the whole file, or a front-matter block starting at `firstLine`).
    /// - Returns: the value, or nil after adding its diagnostics to `log`.
    static func decode<T: Codable>(_ type: T.Type, from text: String, path: String, firstLine: Int = 1,
                                   what: String = "the file", log: inout DiagnosticLog) -> Decoded<T>? {
        let shift = firstLine - 1
        let node: Node
        let value: T
        do {
            guard let composed = try Yams.compose(yaml: text, resolver, .default, .utf8) else {
                log.error(path, firstLine, 1, "\(what) is empty; expected a YAML mapping")
                return nil
            }
            node = composed
            // Aliases can expand a few lines into billions of values ("billion laughs").
            guard fits(node, budget: maximumValues) else {
                log.error(path, firstLine, 1, "\(what) expands to more than \(maximumValues) values (YAML aliases?); refusing to read it")
                return nil
            }
            // The common, valid case of a type read thousands of times (policy front matter) is read
            // straight from the tree; anything unusual takes the Codable path and its diagnostics.
            if let fast = (T.self as? DirectYAMLDecodable.Type)?.decodeDirectly(node) as? T {
                return Decoded(value: fast, source: SourceMap(path: path, root: node, shift: shift))
            }
            let result = decodeAll(T.self, node, path: path, shift: shift, log: &log)
            guard let decoded = result.value else {
                // Unknown keys in what could still be read are reported too.
                if let (repaired, partial) = result.repaired, let data = try? JSONEncoder().encode(partial),
                   let known = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
                    unknownKeys(in: repaired, known: known, path: path, shift: shift, log: &log)
                }
                return nil
            }
            value = decoded
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams marks the first occurrence; name the repeated one, which is what must go.
            for key in duplicates {
                let lines = occurrences(of: key, in: text, from: context.mark.line)
                let (line, column) = lines.count > 1 ? lines[1] : (context.mark.line, context.mark.column)
                log.error(path, line + shift, column, "duplicate key '\(key)' in one mapping",
                          notes: lines.count > 1 ? ["first defined at \(path):\(lines[0].0 + shift)"] : [])
            }
            return nil
        } catch let error as YamlError {
            let (line, column, message) = describe(error)
            log.error(path, line + shift, column, message)
            return nil
        } catch {
            log.error(path, firstLine, 0, "cannot parse YAML: \(error)")
            return nil
        }

        // Unknown keys: any non-null input key that the decoded value does not carry.
        if let data = try? JSONEncoder().encode(value),
           let known = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            unknownKeys(in: node, known: known, path: path, shift: shift, log: &log)
        }
        return log.hasErrors(in: path) ? nil : Decoded(value: value, source: SourceMap(path: path, root: node, shift: shift))
    }

    /// Tags are resolved only for merge keys (`<<`) and `=`: every value is decoded from its text
    /// (a date or "yes" stays text), and each of Yams' other rules is a regular expression run on
    /// every scalar, including every key looked up. Passing the encoding spares an environment read.
    static let resolver = Resolver.basic.appending(.merge).appending(.value)

    /// More values than any real content file holds, and few enough to walk in a blink.
    static let maximumValues = 2_000_000

    /// Whether the tree, with aliases expanded, has at most `budget` values.
    private static func fits(_ root: Node, budget: Int) -> Bool {
        var remaining = budget
        func visit(_ node: Node) -> Bool {
            remaining -= 1
            if remaining < 0 { return false }
            switch node {
            case let .mapping(map): return map.allSatisfy { visit($0.key) && visit($0.value) }
            case let .sequence(seq): return seq.allSatisfy(visit)
            default: return true
            }
        }
        return visit(root)
    }

    // MARK: - Every error of a file

    /// Decodes `root`; after an error, removes the offending value (or the list item or mapping that
    /// lacks a required key) and tries again, so one run reports every problem of the file, not
    /// only the first. Messages name fields by their place in the original file.
    /// - Returns: the value when there was no error; otherwise nil, and the last repaired node with
    ///   what could be decoded from it (for the unknown-key check), if anything could.
    private static func decodeAll<T: Codable>(_ type: T.Type, _ root: Node, path: String, shift: Int,
                                             log: inout DiagnosticLog) -> (value: T?, repaired: (Node, T)?) {
        var working = root
        var failed = false
        var removedKey = ""
        for _ in 0..<200 {
            let error: DecodingError
            do {
                let value = try YAMLDecoder(encoding: .utf8).decode(T.self, from: working)
                return failed ? (nil, (working, value)) : (value, nil)
            } catch let e as DecodingError {
                error = e
            } catch {
                log.error(path, 0, 0, "\(error)")
                return (nil, nil)
            }
            var target: [CodingKey]
            switch error {
            case let .keyNotFound(key, context):
                // Missing because we removed a bad value: reported already.
                if pathText(context.codingPath + [key]) != removedKey {
                    failed = true
                    report(error, root: working, original: root, path: path, shift: shift, log: &log)
                }
                target = context.codingPath
            case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
                failed = true
                report(error, root: working, original: root, path: path, shift: shift, log: &log)
                target = context.codingPath
                // A bad text value (an unknown status, an impossible date): put a stand-in that
                // decodes in its place, so the rest of the same record is still checked.
                if let standIn = standIn(for: T.self, at: target, in: working, after: error) {
                    working = standIn
                    removedKey = ""
                    continue
                }
            @unknown default:
                failed = true
                report(error, root: working, original: root, path: path, shift: shift, log: &log)
                return (nil, nil)
            }
            guard !target.isEmpty, let next = removing(target, from: working) else { return (nil, nil) }
            removedKey = pathText(target)
            working = next
        }
        return (nil, nil)
    }

    /// `root` with the scalar at `codingPath` replaced by a value that decodes there, if one of a few
    /// does (an accepted enum value, a date, a number, a boolean, a word); nil otherwise.
    private static func standIn<T: Codable>(for type: T.Type, at codingPath: [CodingKey], in root: Node,
                                            after error: DecodingError) -> Node? {
        guard case .scalar? = node(at: codingPath, in: root), !codingPath.isEmpty else { return nil }
        let here = pathText(codingPath)
        var candidates = EnumValues.all.flatMap(\.1)
        candidates += ["2000-01-01", "0", "false", "text"]
        for candidate in candidates {
            guard let replaced = replacing(codingPath, with: Node(candidate), in: root) else { return nil }
            do {
                _ = try YAMLDecoder(encoding: .utf8).decode(T.self, from: replaced)
                return replaced
            } catch let next as DecodingError {
                if errorPath(next) != here { return replaced }
            } catch {
                return nil
            }
        }
        return nil
    }

    private static func errorPath(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context): pathText(context.codingPath + [key])
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            pathText(context.codingPath)
        @unknown default: ""
        }
    }

    /// `root` with the value at `codingPath` replaced by `value`; nil if the path is not found.
    private static func replacing(_ codingPath: [CodingKey], with value: Node, in root: Node) -> Node? {
        guard let first = codingPath.first else { return value }
        let rest = Array(codingPath.dropFirst())
        switch root {
        case let .mapping(map):
            var pairs = Array(map).map { ($0.key, $0.value) }
            guard let i = pairs.firstIndex(where: { $0.0.string == first.stringValue }),
                  let child = replacing(rest, with: value, in: pairs[i].1) else { return nil }
            pairs[i].1 = child
            return .mapping(Node.Mapping(pairs, map.tag, map.style, map.mark))
        case let .sequence(seq):
            var nodes = Array(seq)
            guard let i = first.intValue, i < nodes.count, let child = replacing(rest, with: value, in: nodes[i]) else { return nil }
            nodes[i] = child
            return .sequence(Node.Sequence(nodes, seq.tag, seq.style, seq.mark))
        default:
            return nil
        }
    }

    private static func pathText(_ codingPath: [CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// `root` without the value at `codingPath` (a mapping entry or a list item); nil if not found.
    private static func removing(_ codingPath: [CodingKey], from root: Node) -> Node? {
        guard let first = codingPath.first else { return nil }
        let rest = Array(codingPath.dropFirst())
        switch root {
        case let .mapping(map):
            var pairs = Array(map).map { ($0.key, $0.value) }
            guard let i = pairs.firstIndex(where: { $0.0.string == first.stringValue }) else { return nil }
            if rest.isEmpty {
                pairs.remove(at: i)
            } else {
                guard let child = removing(rest, from: pairs[i].1) else { return nil }
                pairs[i].1 = child
            }
            return .mapping(Node.Mapping(pairs, map.tag, map.style, map.mark))
        case let .sequence(seq):
            var nodes = Array(seq)
            guard let i = first.intValue, i < nodes.count else { return nil }
            if rest.isEmpty {
                nodes.remove(at: i)
            } else {
                guard let child = removing(rest, from: nodes[i]) else { return nil }
                nodes[i] = child
            }
            return .sequence(Node.Sequence(nodes, seq.tag, seq.style, seq.mark))
        default:
            return nil
        }
    }

    /// The path, in `original`, of the node that sits at `mark` (found by position, since removals
    /// shift list indices in the repaired copy).
    private static func originalPath(of mark: Mark, in original: Node) -> [PathKey]? {
        func search(_ node: Node, _ path: [PathKey]) -> [PathKey]? {
            if let m = node.mark, m.line == mark.line, m.column == mark.column { return path }
            switch node {
            case let .mapping(map):
                for (key, value) in map {
                    if let found = search(value, path + [.key(key.string ?? "")]) { return found }
                }
            case let .sequence(seq):
                for (i, item) in seq.enumerated() {
                    if let found = search(item, path + [.index(i)]) { return found }
                }
            default: break
            }
            return nil
        }
        return search(original, [])
    }

    // MARK: - Error mapping

    /// Lines and columns (1-based) where `key:` starts a mapping entry, at the indentation of the
    /// first one found on or after `line`.
    private static func occurrences(of key: String, in text: String, from line: Int) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i + 1 >= line {
            var rest = Substring(raw)
            var column = 1
            while let first = rest.first, first == " " || first == "-" { rest = rest.dropFirst(); column += 1 }
            guard rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") else { continue }
            if let first = found.first, first.1 != column { continue }
            found.append((i + 1, column))
        }
        return found
    }

    private static func describe(_ error: YamlError) -> (Int, Int, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { " \($0.text)" } ?? ""
            return (mark.line, mark.column, "invalid YAML: \(problem)\(ctx)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, context.mark.column,
                    "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        case let .reader(problem, offset, _, _):
            return (1, 0, "the file is not valid UTF-8: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            return (1, 0, "invalid YAML: \(error)")
        }
    }

    private static func report(_ error: DecodingError, root: Node, original: Node, path: String, shift: Int,
                               log: inout DiagnosticLog) {
        func at(_ codingPath: [CodingKey]) -> (Int, Int) {
            let mark = node(at: codingPath, in: root)?.mark ?? root.mark
            return ((mark?.line ?? 1) + shift, mark?.column ?? 0)
        }
        func field(_ codingPath: [CodingKey]) -> String {
            var keys: [CodingKey] = codingPath
            if let mark = node(at: codingPath, in: root)?.mark, let found = originalPath(of: mark, in: original),
               found.count == codingPath.count {
                keys = found
            }
            return pathText(keys).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case let .keyNotFound(key, context):
            var (line, column) = at(context.codingPath)
            let owner = context.codingPath.isEmpty ? "" : " in '\(field(context.codingPath))'"
            var notes: [String] = []
            // A misspelt required key: point at the misspelling.
            if case let .mapping(map)? = node(at: context.codingPath, in: root),
               let typo = Suggestion.closest(to: key.stringValue, in: map.compactMap { $0.key.string }.filter { !ContentKeys.all.contains($0) }),
               let mark = map.first(where: { $0.key.string == typo })?.key.mark {
                (line, column) = (mark.line + shift, mark.column)
                notes.append("found '\(typo)': did you mean '\(key.stringValue)'?")
            }
            log.error(path, line, column, "missing required key '\(key.stringValue)'\(owner)", notes: notes)
        case let .typeMismatch(type, context):
            let (line, column) = at(context.codingPath)
            let subject = context.codingPath.isEmpty ? "the file" : "'\(field(context.codingPath))'"
            let expected = describe(type)
            log.error(path, line, column, context.codingPath.isEmpty && expected == "a mapping"
                      ? "the file must be a YAML mapping" : "\(subject) must be \(expected)")
        case let .valueNotFound(type, context):
            let (line, column) = at(context.codingPath)
            log.error(path, line, column, "'\(field(context.codingPath))' is empty; expected \(describe(type))")
        case let .dataCorrupted(context):
            let (line, column) = at(context.codingPath)
            let found = node(at: context.codingPath, in: root)?.string
            var message = "'\(field(context.codingPath))': \(context.debugDescription)"
            var notes: [String] = []
            // Enumerations: name the accepted values (fail closed on typos like `publik`).
            if let found, let allowed = enumValues(context.debugDescription) ?? nil {
                message = "'\(field(context.codingPath))' has unknown value '\(found)'"
                notes.append("expected one of: \(allowed.joined(separator: ", "))")
                if let guess = Suggestion.closest(to: found, in: allowed) { notes.insert("did you mean '\(guess)'?", at: 0) }
            }
            log.error(path, line, column, message, notes: notes)
        @unknown default:
            log.error(path, 1, 0, "\(error)")
        }
    }

    /// Yams reports a bad enum raw value as "Cannot initialize X from invalid String value y"; the
    /// accepted values come from `EnumValues` registered for the type name.
    private static func enumValues(_ debugDescription: String) -> [String]?? {
        for (name, values) in EnumValues.all where debugDescription.contains("initialize \(name) from") {
            return values
        }
        return nil
    }

    /// Words for the type a value should have. Yams reports its own node types (`Node.Sequence`,
    /// `Node.Mapping`, `Node.Scalar`) as well as Swift ones.
    private static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch type {
        case is String.Type: return "text"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        default:
            if name.hasPrefix("Array") || name.hasSuffix("Sequence") { return "a list" }
            if name.hasSuffix("Scalar") { return "text" }
            return "a mapping"
        }
    }

    /// The node a coding path points at, or the deepest node that exists on the way.
    static func node(at codingPath: [CodingKey], in root: Node) -> Node? {
        var current = root
        for key in codingPath {
            if let index = key.intValue, case let .sequence(seq) = current {
                guard index < seq.count else { return current }
                current = seq[seq.index(seq.startIndex, offsetBy: index)]
            } else if case let .mapping(map) = current {
                guard let next = map.first(where: { $0.key.string == key.stringValue })?.value else { return current }
                current = next
            } else {
                return current
            }
        }
        return current
    }

    /// Walks the input beside the re-encoded value: a non-null input key the value does not carry is
    /// unknown (a null one too, unless it is a key of the format); a text field left empty is an error.
    private static func unknownKeys(in node: Node, known: Any, field: String = "", path: String, shift: Int,
                                    log: inout DiagnosticLog) {
        switch node {
        case let .mapping(map):
            guard let dict = known as? [String: Any] else { return }
            for (key, value) in map {
                guard case .scalar = key, let name = key.string else {
                    let mark = key.mark
                    log.error(path, (mark?.line ?? 1) + shift, mark?.column ?? 0, "a key must be plain text, not a list or mapping")
                    continue
                }
                let here = field.isEmpty ? name : "\(field).\(name)"
                if let sub = dict[name] {
                    // Yams reads a null as "" for a required text field, so it would pass unseen.
                    if value.null != nil, (sub as? String)?.isEmpty == true {
                        let mark = value.mark ?? key.mark
                        log.error(path, (mark?.line ?? 1) + shift, mark?.column ?? 0, "'\(here)' is empty; expected text")
                        continue
                    }
                    unknownKeys(in: value, known: sub, field: here, path: path, shift: shift, log: &log)
                } else if value.null == nil || !ContentKeys.all.contains(name) {
                    let mark = key.mark
                    // Keys present beside it first, then every key of the format (an absent optional key).
                    let guess = Suggestion.closest(to: name, in: dict.keys.sorted())
                        ?? Suggestion.closest(to: name, in: ContentKeys.all.sorted())
                    let notes = guess.map { ["did you mean '\($0)'?"] } ?? []
                    log.error(path, (mark?.line ?? 1) + shift, mark?.column ?? 0, "unknown key '\(name)'", notes: notes)
                }
            }
        case let .sequence(seq):
            guard let array = known as? [Any] else { return }
            for (index, (item, sub)) in zip(seq, array).enumerated() {
                unknownKeys(in: item, known: sub, field: "\(field)[\(index)]", path: path, shift: shift, log: &log)
            }
        default:
            return
        }
    }

}

/// A decoded value with the map back to its source positions.
/// A type whose valid, plain YAML can be read without the Codable decoder (which, through Yams,
/// costs about a third of a millisecond per policy front matter).
protocol DirectYAMLDecodable {
    /// The value when `node` is a mapping of known keys to plain or quoted text (lists of text
    /// where the type has lists) that decodes without error; nil for anything else (a null, an
    /// unknown key, a merge key, a value of the wrong shape or kind), which then goes through the
    /// Codable decoder, so every problem is still reported by the one decoder that reports them.
    static func decodeDirectly(_ node: Node) -> Self?
}

extension PolicyFrontMatter: DirectYAMLDecodable {
    static func decodeDirectly(_ node: Node) -> PolicyFrontMatter? {
        guard let entries = DirectYAML.entries(node) else { return nil }
        var front = PolicyFrontMatter(title: "")
        var hasTitle = false
        for (key, value) in entries {
            guard let codingKey = CodingKeys(rawValue: key) else { return nil }
            switch codingKey {
            case .title: guard let t = DirectYAML.text(value) else { return nil }; front.title = t; hasTitle = true
            case .id: guard let t = DirectYAML.text(value) else { return nil }; front.id = t
            case .version: guard let t = DirectYAML.text(value) else { return nil }; front.version = t
            case .owner: guard let t = DirectYAML.text(value) else { return nil }; front.owner = t
            case .publicSummary: guard let t = DirectYAML.text(value) else { return nil }; front.publicSummary = t
            case .approved: guard let d = DirectYAML.date(value) else { return nil }; front.approved = d
            case .nextReview: guard let d = DirectYAML.date(value) else { return nil }; front.nextReview = d
            case .visibility:
                guard let v = DirectYAML.text(value).flatMap(Visibility.init(rawValue:)) else { return nil }
                front.visibility = v
            case .controls: guard let ids = DirectYAML.textList(value) else { return nil }; front.controls = ids
            }
        }
        return hasTitle ? front : nil
    }
}

/// Pieces shared by the direct readings: each returns nil for anything but the plain, valid case.
enum DirectYAML {
    /// Plain or quoted text; nil for a null, a list or a mapping.
    static func text(_ node: Node) -> String? {
        guard case let .scalar(scalar) = node, node.null == nil else { return nil }
        return scalar.string
    }

    static func date(_ node: Node) -> CalendarDate? { text(node).flatMap(CalendarDate.init(yamlText:)) }

    /// An integer exactly as Yams' decoder reads one (`Int.construct`), so both readings agree.
    static func int(_ node: Node) -> Int? {
        guard case let .scalar(scalar) = node, node.null == nil else { return nil }
        return Int.construct(from: scalar)
    }

    static func textList(_ node: Node) -> [String]? {
        guard case let .sequence(items) = node else { return nil }
        var list: [String] = []
        for item in items { guard let t = text(item) else { return nil }; list.append(t) }
        return list
    }

    /// Key tags that make a key plain text, as the Codable decoder looks keys up: none, the
    /// non-specific `!`, or `!!str` (what a plain or quoted key resolves to).
    private static let textKeyTags: Set<String> = ["", "!", "tag:yaml.org,2002:str"]

    /// The mapping's entries with text keys; nil when a key carries any other tag (`!x visibility`
    /// is a different key from `visibility` to the decoder, and must not stand in for it), is a
    /// merge (`<<`) or value (`=`) key, or is one of the names Yams' decoder reserves
    /// (`yamlAnchor`, `yamlTag`): the Codable path applies their meaning, or reports them.
    static func entries(_ node: Node) -> [(String, Node)]? {
        guard case let .mapping(map) = node else { return nil }
        var entries: [(String, Node)] = []
        for (key, value) in map {
            guard case let .scalar(scalar) = key, textKeyTags.contains(scalar.tag.description),
                  let k = text(key), !["<<", "=", "yamlAnchor", "yamlTag"].contains(k) else { return nil }
            entries.append((k, value))
        }
        return entries
    }
}

extension ControlsFile: DirectYAMLDecodable {
    static func decodeDirectly(_ node: Node) -> ControlsFile? {
        guard let top = DirectYAML.entries(node), top.count == 1, top[0].0 == "controls",
              case let .sequence(items) = top[0].1 else { return nil }
        var controls: [Control] = []
        controls.reserveCapacity(items.count)
        for item in items {
            guard let control = Control.decodeDirectly(item) else { return nil }
            controls.append(control)
        }
        return ControlsFile(controls: controls)
    }
}

extension Control {
    static func decodeDirectly(_ node: Node) -> Control? {
        guard let entries = DirectYAML.entries(node) else { return nil }
        var id: String?, title: String?, summary: String?, status: ImplementationStatus?, mapsTo: [String: [String]]?
        var control = Control(id: "", title: "", summary: "", status: .planned, mapsTo: [:])
        for (key, value) in entries {
            guard let codingKey = CodingKeys(rawValue: key) else { return nil }
            switch codingKey {
            case .id: id = DirectYAML.text(value)
            case .title: title = DirectYAML.text(value)
            case .summary: summary = DirectYAML.text(value)
            case .status: status = DirectYAML.text(value).flatMap(ImplementationStatus.init(rawValue:))
            case .mapsTo:
                guard let pairs = DirectYAML.entries(value) else { return nil }
                var map: [String: [String]] = [:]
                for (framework, list) in pairs { guard let ids = DirectYAML.textList(list) else { return nil }; map[framework] = ids }
                mapsTo = map
            case .owner: guard let t = DirectYAML.text(value) else { return nil }; control.owner = t
            case .implementation: guard let t = DirectYAML.text(value) else { return nil }; control.implementation = t
            case .evidence:
                guard case let .sequence(list) = value else { return nil }
                var evidence: [Evidence] = []
                for entry in list { guard let e = Evidence.decodeDirectly(entry) else { return nil }; evidence.append(e) }
                control.evidence = evidence
            case .tests:
                guard case let .sequence(list) = value else { return nil }
                var tests: [ControlTest] = []
                for entry in list { guard let t = ControlTest.decodeDirectly(entry) else { return nil }; tests.append(t) }
                control.tests = tests
            }
        }
        guard let id, let title, let summary, let status, let mapsTo else { return nil }
        (control.id, control.title, control.summary, control.status, control.mapsTo) = (id, title, summary, status, mapsTo)
        return control
    }
}

extension Control.Evidence {
    static func decodeDirectly(_ node: Node) -> Control.Evidence? {
        guard let entries = DirectYAML.entries(node) else { return nil }
        var kind: Kind?, title: String?, date: CalendarDate?, reference: String?
        for (key, value) in entries {
            switch key {
            case "kind": guard let k = DirectYAML.text(value).flatMap(Kind.init(rawValue:)) else { return nil }; kind = k
            case "title": guard let t = DirectYAML.text(value) else { return nil }; title = t
            case "date": guard let d = DirectYAML.date(value) else { return nil }; date = d
            case "reference": guard let r = DirectYAML.text(value) else { return nil }; reference = r
            default: return nil
            }
        }
        guard let kind, let title else { return nil }
        return Control.Evidence(kind: kind, title: title, date: date, reference: reference)
    }
}

extension Control.ControlTest {
    static func decodeDirectly(_ node: Node) -> Control.ControlTest? {
        guard let entries = DirectYAML.entries(node) else { return nil }
        var date: CalendarDate?, procedure: String?, sampleSize: Int?, exceptions: Int?, result: Result?
        for (key, value) in entries {
            guard let codingKey = CodingKeys(rawValue: key) else { return nil }
            switch codingKey {
            case .date: guard let d = DirectYAML.date(value) else { return nil }; date = d
            case .procedure: guard let p = DirectYAML.text(value) else { return nil }; procedure = p
            case .sampleSize: guard let n = DirectYAML.int(value) else { return nil }; sampleSize = n
            case .exceptions: guard let n = DirectYAML.int(value) else { return nil }; exceptions = n
            case .result: guard let r = DirectYAML.text(value).flatMap(Result.init(rawValue:)) else { return nil }; result = r
            }
        }
        guard let date, let procedure, let result else { return nil }
        return Control.ControlTest(date: date, procedure: procedure, sampleSize: sampleSize, exceptions: exceptions, result: result)
    }
}

struct Decoded<T> {
    var value: T
    var source: SourceMap
}

/// Finds the line and column of a value in a decoded YAML file, for diagnostics raised later
/// (duplicate ids, unknown references).
struct SourceMap: @unchecked Sendable {
    let path: String
    let root: Node?
    let shift: Int

    /// Location of the value at `keys` (strings for mapping keys, ints for list indexes); a missing
    /// key points at the nearest existing parent.
    func location(_ keys: [PathKey]) -> (line: Int, column: Int) {
        guard let root, let mark = YAMLFile.node(at: keys, in: root)?.mark else { return (0, 0) }
        return (mark.line + shift, mark.column)
    }

    /// Adds an error at `keys`.
    func error(_ log: inout DiagnosticLog, at keys: [PathKey], _ message: String, notes: [String] = [],
               severity: Diagnostic.Severity = .error) {
        let (line, column) = location(keys)
        log.add(Diagnostic(path: path, line: line, column: column, severity: severity, message: message, notes: notes))
    }
}

/// A step in a path into a YAML document: a mapping key or a list index.
struct PathKey: CodingKey, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
    init(stringLiteral value: String) { self.init(stringValue: value) }
    init(integerLiteral value: Int) { self.init(intValue: value) }
    static func key(_ s: String) -> PathKey { PathKey(stringValue: s) }
    static func index(_ i: Int) -> PathKey { PathKey(intValue: i) }
}

/// Every key of the content format (docs/content-format.md), for did-you-mean on a misspelt key
/// whose correct spelling is absent from the file. A test checks that the sample content uses no
/// key missing from this list.
enum ContentKeys {
    static let all: Set<String> = [
        "organization", "name", "legal_name", "website", "trust_center", "title", "description", "url",
        "contact_email", "access_request_url", "security_txt", "contacts", "expires", "policy_url",
        "encryption_url", "acknowledgments_url", "preferred_languages", "markdown", "raw_html",
        "framework", "standard", "certificate_number", "certification_body", "accreditation_body", "scope",
        "sites", "address", "initial_certification", "issued", "soa_version", "verification_url",
        "surveillance_audits", "due", "status", "type", "period", "start", "end", "as_of", "report_date",
        "auditor", "categories", "public_summary", "opinion", "system_description", "exceptions", "criterion",
        "control", "management_response", "complementary_user_entity_controls", "criteria",
        "subservice_organizations", "services", "method", "csocs", "controls", "id", "summary", "maps_to",
        "owner", "implementation", "evidence", "kind", "date", "reference", "tests", "procedure",
        "sample_size", "result", "applicable", "justification", "version", "approved", "next_review",
        "visibility", "subprocessors", "purpose", "location", "data", "short_name",
        "statement_of_applicability", "groups", "requirements", "group", "section",
    ]
}

/// Accepted values of every enumeration in the content format, for "expected one of" notes.
enum EnumValues {
    static let all: [(String, [String])] = [
        ("Visibility", Visibility.allCases.map(\.rawValue)),
        ("ImplementationStatus", ImplementationStatus.allCases.map(\.rawValue)),
        ("Opinion", Attestation.Opinion.allCases.map(\.rawValue)),
        ("Category", Attestation.Category.allCases.map(\.rawValue)),
        ("Method", Attestation.SubserviceOrganization.Method.allCases.map(\.rawValue)),
        ("Kind", Control.Evidence.Kind.allCases.map(\.rawValue)),
        ("RequirementKind", Catalog.Group.RequirementKind.allCases.map(\.rawValue)),
        ("Result", Control.ControlTest.Result.allCases.map(\.rawValue)),
        ("Status", Certification.SurveillanceAudit.Status.allCases.map(\.rawValue)),
        ("ReportType", ["1", "2"]),
    ]
}

extension DiagnosticLog {
    func hasErrors(in path: String) -> Bool {
        all.contains { $0.severity == .error && $0.path == path }
    }
}
