import Foundation
import Yams

/// Decodes YAML text into a `Codable` type and reports every problem with its line and column.
///
/// Strict by design (fail closed): a key the type does not know is an error with a did-you-mean,
/// never silently dropped. IDs stay text: `5.10` decoded as a String is "5.10", not 5.1.
enum YAMLFile {
    /// Decodes `text` (the whole file, or a front-matter block starting at `firstLine`).
    ///
    /// Valid, plain input takes the direct reading (`DirectYAMLDecodable`); anything else goes
    /// through one pass of `RecordingDecoder`, which reports every bad value of the file at once.
    /// - Parameter valueBudget: values allowed beyond what the text itself can write (see `fits`).
    /// - Returns: the value, or nil after adding its diagnostics to `log`.
    static func decode<T: Codable>(_ type: T.Type, from text: String, path: String, firstLine: Int = 1,
                                   what: String = "the file", valueBudget: Int = maximumValues,
                                   referenceDate: CalendarDate? = nil, log: inout DiagnosticLog) -> Decoded<T>? {
        let shift = firstLine - 1
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text, resolver, .default, .utf8) else {
                log.error(path, firstLine, 1, "\(what) is empty; expected a YAML mapping", notes: RecordingDecoder.topLevelNotes(T.self, reference: referenceDate))
                return nil
            }
            node = composed
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams marks the first occurrence; name the repeated one, which is what must go.
            for key in duplicates {
                let lines = occurrences(of: key, in: text, from: context.mark.line)
                let (line, column) = lines.count > 1 ? lines[1] : (context.mark.line, context.mark.column)
                log.error(path, line + shift, column, "duplicate key \(Excerpt.quoted(key)) in one mapping",
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
        // Aliases can expand a few lines into billions of values ("billion laughs"). Only a file
        // that uses an alias (`*name`) can expand beyond what its text writes, so only such a file
        // is walked, and its budget grows with its size: a big file without aliases always fits.
        let budget = valueBudget + 2 * text.utf8.count
        if text.utf8.contains(UInt8(ascii: "*")), !fits(node, budget: budget) {
            log.error(path, firstLine, 1, "the YAML aliases (*name) in \(what) expand it to more than \(budget) values; refusing to read it",
                      notes: ["write the values out instead of repeating an alias of an alias"])
            return nil
        }
        let source = SourceMap(path: path, root: node, shift: shift)
        // The common, valid case of a type read thousands of times (policy front matter) is read
        // straight from the tree; anything unusual takes the recording decoder and its diagnostics.
        if let fast = (T.self as? DirectYAMLDecodable.Type)?.decodeDirectly(node) as? T {
            return Decoded(value: fast, source: source)
        }
        let (value, problems) = RecordingDecoder.decode(T.self, from: node, referenceDate: referenceDate)
        for p in problems {
            log.error(path, p.line + shift, p.column, p.message, notes: p.notes)
        }
        guard problems.isEmpty, let value else { return nil }
        return Decoded(value: value, source: source)
    }

    /// Tags are resolved only for merge keys (`<<`) and `=`: every value is decoded from its text
    /// (a date or "yes" stays text), and each of Yams' other rules is a regular expression run on
    /// every scalar, including every key looked up. Passing the encoding spares an environment read.
    static let resolver = Resolver.basic.appending(.merge).appending(.value)

    /// Values an alias may add beyond twice the file's size in bytes: more than any real content
    /// file holds, and few enough to walk in a blink. (Without aliases a file cannot write more
    /// values than about one per byte, so it never reaches its budget.)
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
                    "duplicate key \(duplicates.map(Excerpt.quoted).joined(separator: ", ")) in one mapping")
        case let .reader(problem, offset, value, yaml):
            // The reader stops at a character YAML does not allow (a control character such as
            // NUL); the text is valid UTF-8 already (SourceText checked). Offset: in characters.
            var (line, column) = (1, 0)
            if let offset, offset >= 0, let end = yaml.index(yaml.startIndex, offsetBy: offset, limitedBy: yaml.endIndex) {
                let before = yaml[..<end]
                line = before.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                column = (before.lastIndex(of: "\n").map { before[before.index(after: $0)...] } ?? before).unicodeScalars.count + 1
            }
            if problem.hasPrefix("control characters"), value >= 0 {
                let code = String(UInt32(value), radix: 16, uppercase: true)
                return (line, column, "invalid YAML: the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) is not allowed in YAML text; remove it")
            }
            return (line, column, "invalid YAML: \(problem)")
        default:
            return (1, 0, "invalid YAML: \(error)")
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
}

/// A type whose valid, plain YAML can be read without the recording decoder (which, through Codable,
/// costs about a third of a millisecond per policy front matter).
protocol DirectYAMLDecodable {
    /// The value when `node` is a mapping of known keys to plain or quoted text (lists of text
    /// where the type has lists) that decodes without error; nil for anything else (a null, an
    /// unknown key, a merge key, a value of the wrong shape or kind), which then goes through the
    /// recording decoder, so every problem is still reported by the one decoder that reports them.
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

/// A decoded value with the map back to its source positions.
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
        "organization", "name", "added", "announced", "removed", "status_note", "legal_name", "website", "trust_center", "title", "description", "url",
        "contact_email", "access_request_url", "security_txt", "contacts", "expires", "policy_url",
        "encryption_url", "acknowledgments_url", "preferred_languages", "markdown", "raw_html", "language",
        "framework", "standard", "certificate_number", "certification_body", "accreditation_body", "scope",
        "sites", "address", "initial_certification", "issued", "soa_version", "verification_url",
        "surveillance_audits", "due", "status", "type", "period", "start", "end", "as_of", "report_date",
        "auditor", "categories", "public_summary", "opinion", "system_description", "exceptions", "criterion",
        "control", "management_response", "complementary_user_entity_controls", "criteria",
        "subservice_organizations", "services", "method", "csocs", "bridge_letter", "signer", "material_changes",
        "no_material_changes", "next_report_date", "controls", "id", "summary", "maps_to",
        "owner", "implementation", "evidence", "kind", "date", "reference", "tests", "procedure",
        "sample_size", "result", "applicable", "justification", "version", "approved", "next_review",
        "visibility", "subprocessors", "purpose", "location", "data", "short_name",
        "statement_of_applicability", "groups", "requirements", "group", "section", "theme",
        "tagline", "branding", "logo", "logo_dark", "favicon", "accent", "accent_dark", "highlights", "text", "icon",
        "withdrawn", "incorporated_into", "aliases", "programs", "since", "target", "note", "source", "from", "to", "mappings", "oscal_catalogs",
    ]
}
