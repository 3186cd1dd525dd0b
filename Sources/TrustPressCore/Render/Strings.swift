import Foundation
import Mustache
import Yams

/// The theme's words in one language: `strings/<language>.yaml` of the theme, a flat mapping of
/// dotted keys (`bundle.cover.title`) to text. `strings/en.yaml` defines the keys; every other
/// language has exactly the same keys (a missing or extra key is an error), and the same
/// placeholders (`{count}`) in each text. Templates read them as `{{t.bundle.cover.title}}` (the
/// template checker knows every key); Swift code reads them with the subscript, `format`, `date`
/// and the `label` functions, so labels computed in the model (`CertificateStanding`, …) are shown
/// in the page's language. An override theme's `strings/<language>.yaml` replaces the texts it
/// names and may add keys (in English too, since English defines the keys).
///
/// Dates are formatted from the strings' own month names (`date.month.1` …) and pattern
/// (`date.format`), never from the machine's locale or ICU data, so output is deterministic.
public struct Strings: Sendable {
    /// The language code, e.g. `de`: the file's name and the value of `<html lang>`.
    public let language: String
    /// Key → text.
    let values: [String: String]
    /// The strings as templates read them: `t.bundle.cover.title`.
    let tree: StringGroup

    init(language: String, values: [String: String]) {
        self.language = language
        self.values = values
        tree = StringGroup(Self.grouped(values.keys.sorted()), values: values)
    }

    /// The text of `key`. Keys are checked when the theme loads (and every built-in one by the tests),
    /// so an absent key is a programming error; it shows as the key itself rather than as nothing.
    public subscript(_ key: String) -> String { values[key] ?? key }

    /// The text of `key` with each `{name}` replaced by `arguments[name]`: plain text, escaped once
    /// where it is shown (by Mustache's `{{…}}`). A placeholder with no argument stays as written.
    public func format(_ key: String, _ arguments: [String: String]) -> String {
        Self.substitute(self[key], arguments)
    }

    /// `format`, for a text that counts something: the key's `_one` variant (`public.controls.count_one`)
    /// when `count` takes the singular in this language, by CLDR's plural rules for cardinals
    /// (en, de: exactly 1; fr: 0 and 1), else `key` itself.
    public func format(_ key: String, count: Int, _ arguments: [String: String]) -> String {
        let singular = language == "fr" ? count == 0 || count == 1 : count == 1
        let one = key + "_one"
        return format(singular && values[one] != nil ? one : key, arguments)
    }

    static func substitute(_ text: String, _ arguments: [String: String]) -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return out + rest[open...] }
            let name = String(rest[rest.index(after: open)..<close])
            out += arguments[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The placeholders (`{name}`) of a text, in order.
    static func placeholders(_ text: String) -> [String] {
        var found: [String] = [], rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// A date as the page's language writes it: en `1 March 2027`, de `1. März 2027`, fr `1er mars 2027`
    /// (the first of the month is `date.day.1`: French writes it as an ordinal).
    /// (`<time datetime>` and fields ending in `ISO` stay ISO 8601: `CalendarDate.description`.)
    public func date(_ d: CalendarDate) -> String {
        format("date.format", ["day": d.day == 1 ? self["date.day.1"] : String(d.day), "month": self["date.month.\(d.month)"], "year": String(d.year)])
    }

    /// `date`, for an optional date.
    public func date(_ d: CalendarDate?) -> String? { d.map { date($0) } }

    // MARK: - Labels of the model's values

    public func label(_ s: CertificateStanding) -> String {
        switch s {
        case .valid: self["standing.valid"]
        case .expiring: self["standing.expiring"]
        case .expired: self["standing.expired"]
        case .surveillanceOverdue: self["standing.surveillance_overdue"]
        }
    }

    /// A policy's next review: its date, or "Overdue since <date>" once it has passed (ISO dates with `iso`).
    public func label(_ review: PolicyReview, iso: Bool = false) -> String {
        switch review {
        case let .due(d): iso ? d.description : date(d)
        case let .overdue(since): format("review.overdue_since", ["date": iso ? since.description : date(since)])
        }
    }

    public func label(_ s: ImplementationStatus) -> String {
        switch s {
        case .implemented: self["implementation.implemented"]
        case .partiallyImplemented: self["implementation.partially_implemented"]
        case .planned: self["implementation.planned"]
        case .notImplemented: self["implementation.not_implemented"]
        }
    }

    public func label(_ t: Attestation.ReportType) -> String {
        t == .type1 ? self["attestation.type1"] : self["attestation.type2"]
    }

    public func label(_ c: Attestation.Category) -> String {
        switch c {
        case .security: self["attestation.category.security"]
        case .availability: self["attestation.category.availability"]
        case .confidentiality: self["attestation.category.confidentiality"]
        case .processingIntegrity: self["attestation.category.processing_integrity"]
        case .privacy: self["attestation.category.privacy"]
        }
    }

    /// A `documents.yaml` kind in words (`document.kind.soc2_report` …).
    public func label(_ k: Document.Kind) -> String { self["document.kind." + k.rawValue.replacingOccurrences(of: "-", with: "_")] }

    public func label(_ o: Attestation.Opinion) -> String { self["attestation.opinion.\(o.rawValue)"] }

    public func label(_ m: Attestation.SubserviceOrganization.Method) -> String {
        m == .carveOut ? self["attestation.method.carve_out"] : self["attestation.method.inclusive"]
    }

    public func label(_ k: Control.Evidence.Kind) -> String {
        switch k {
        case .policy: self["evidence.policy"]
        case .riskAssessment: self["evidence.risk_assessment"]
        case .testResult: self["evidence.test_result"]
        case .incidentLog: self["evidence.incident_log"]
        case .accessReview: self["evidence.access_review"]
        case .changeRecord: self["evidence.change_record"]
        case .other: self["evidence.other"]
        }
    }

    /// A policy's visibility (`public`, `confidential`).
    public func label(_ v: Visibility) -> String { self["policy.visibility.\(v.rawValue)"] }

    /// A surveillance audit's standing on the build date (Planned, Completed, Overdue).
    public func label(_ s: Certification.SurveillanceAudit.Standing) -> String { self["surveillance_audit.\(s.rawValue)"] }

    /// A change to the subprocessor list (Upcoming, Added, Removed).
    public func label(_ k: SubprocessorChange.Kind) -> String { self["subprocessor_change.\(k.rawValue)"] }

    // MARK: - Templates

    /// The keys as nested groups: `a.b.c` is text `c` in group `b` in group `a`.
    indirect enum Entry: Sendable { case text(String), group([String: Entry]) }

    static func grouped(_ keys: [String]) -> [String: Entry] {
        var root: [String: Entry] = [:]
        func insert(_ parts: ArraySlice<String>, key: String, into map: inout [String: Entry]) {
            let head = parts.first!
            if parts.count == 1 { map[head] = .text(key); return }
            var inner: [String: Entry] = [:]
            if case let .group(existing)? = map[head] { inner = existing }
            insert(parts.dropFirst(), key: key, into: &inner)
            map[head] = .group(inner)
        }
        for key in keys { insert(ArraySlice(key.split(separator: ".").map(String.init)), key: key, into: &root) }
        return root
    }

    /// What the template checker resolves `t.…` against: every key, with its English text as doc.
    static func dataType(_ english: [String: String]) -> DataType {
        func type(_ name: String, _ entries: [String: Entry]) -> DataType {
            DataType(name: name, summary: "Strings of the theme under `\(name)`.", fields: entries.sorted { $0.key < $1.key }.map { k, e in
                switch e {
                case let .text(key): DataField(name: k, kind: .text, doc: english[key] ?? "")
                case let .group(inner): DataField(name: k, kind: .nested(type(name + "." + k, inner)), doc: "Strings under `\(name).\(k)`.")
                }
            })
        }
        return type("t", grouped(english.keys.sorted()))
    }

    // MARK: - The built-in strings

    /// The languages the built-in theme ships, English first.
    public static let builtInLanguages: [String] = {
        let codes = builtIn.keys.filter { $0 != "en" }.sorted()
        return ["en"] + codes
    }()

    /// The built-in theme's strings, language → key → text (parsed from the embedded files).
    static let builtIn: [String: [String: String]] = {
        var out: [String: [String: String]] = [:]
        for file in Embedded.theme {
            guard let language = language(ofPath: file.path) else { continue }
            var log = DiagnosticLog()
            out[language] = parse(String(decoding: file.contents, as: UTF8.self), path: file.path, log: &log)?.values ?? [:]
        }
        return out
    }()

    /// The built-in strings of `language` (English when it is not shipped).
    public static func builtIn(_ language: String) -> Strings {
        Strings(language: language, values: builtIn[language] ?? builtIn["en"] ?? [:])
    }

    /// `de` for `strings/de.yaml`; nil for a path that is not a strings file.
    static func language(ofPath path: String) -> String? {
        guard path.hasPrefix("strings/"), path.hasSuffix(".yaml") else { return nil }
        let name = path.dropFirst("strings/".count).dropLast(".yaml".count)
        return name.isEmpty || name.contains("/") ? nil : String(name)
    }

    /// One strings file: key → text, and key → line (for messages). Nil when it cannot be read.
    static func parse(_ text: String, path: String, log: inout DiagnosticLog) -> (values: [String: String], lines: [String: (Int, Int)])? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            log.error(path, 0, 0, "the strings file is not valid YAML: \(error)")
            return nil
        }
        guard let node else { return ([:], [:]) }
        guard let mapping = node.mapping else {
            log.error(path, node.mark?.line ?? 0, node.mark?.column ?? 0, "a strings file is a mapping of keys to text, e.g. bundle.cover.title: Report bundle")
            return nil
        }
        var values: [String: String] = [:], lines: [String: (Int, Int)] = [:]
        for (key, value) in mapping {
            let line = key.mark?.line ?? 0, column = key.mark?.column ?? 0
            guard let name = key.scalar?.string, !name.isEmpty,
                  name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ part in
                      !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
            else {
                log.error(path, line, column, "a strings key is words of letters, digits and '_' joined with '.', e.g. bundle.cover.title")
                continue
            }
            guard let string = value.scalar?.string else {
                log.error(path, value.mark?.line ?? line, value.mark?.column ?? column, "the text of '\(name)' must be a single string")
                continue
            }
            if values[name] != nil { log.error(path, line, column, "'\(name)' is given twice") }
            values[name] = string
            lines[name] = (line, column)
        }
        return (values, lines)
    }

    /// The theme's strings in `language`: the built-in ones with the theme's files (`strings/*.yaml`
    /// among `sources`, relative path → text and display path) merged over them. Logs every problem:
    /// a file of a language the theme does not ship, a key English lacks (with did-you-mean), a text
    /// whose placeholders differ from English, a key of English missing in `language`, a key that
    /// is both a text and a group (`a` and `a.b`).
    static func load(_ files: [(relative: String, display: String, text: String)], language: String,
                     log: inout DiagnosticLog) -> (strings: Strings, type: DataType) {
        var merged = builtIn
        var lines: [String: [String: (String, Int, Int)]] = [:]
        for file in files.sorted(by: { $0.relative < $1.relative }) {
            guard let code = Self.language(ofPath: file.relative), merged[code] != nil else {
                log.error(file.display, 0, 0, "this strings file is not one of a language the theme ships",
                          notes: ["the languages: " + builtInLanguages.map { "strings/\($0).yaml" }.joined(separator: ", ")])
                continue
            }
            guard let parsed = parse(file.text, path: file.display, log: &log) else { continue }
            for (key, value) in parsed.values {
                merged[code]![key] = value
                lines[code, default: [:]][key] = (file.display, parsed.lines[key]?.0 ?? 0, parsed.lines[key]?.1 ?? 0)
            }
        }
        let english = merged["en"] ?? [:]
        let keys = english.keys.sorted()
        for key in keys where english.keys.contains(where: { $0.hasPrefix(key + ".") }) {
            let (path, line, column) = lines["en"]?[key] ?? ("strings/en.yaml", 0, 0)
            log.error(path, line, column, "'\(key)' is both a text and the start of other keys (\(key).…); rename one")
        }
        for code in merged.keys.sorted() where code != "en" {
            let values = merged[code]!
            for key in values.keys.sorted() {
                // A built-in key is always in English; only the theme's own files can add one.
                guard let (path, line, column) = lines[code]?[key] else { continue }
                guard let source = english[key] else {
                    let guess = Suggestion.closest(to: key, in: keys)
                    log.error(path, line, column, "'\(key)' is not a key of strings/en.yaml (English defines the keys)",
                              notes: guess.map { ["did you mean '\($0)'?"] } ?? [])
                    continue
                }
                if Set(placeholders(values[key]!)) != Set(placeholders(source)) {
                    log.error(path, line, column, "the text of '\(key)' must have the placeholders of English: "
                              + (placeholders(source).isEmpty ? "none" : placeholders(source).map { "{\($0)}" }.joined(separator: ", ")))
                }
            }
        }
        let chosen = merged[language] ?? english
        for key in keys where chosen[key] == nil {
            let (path, line, column) = lines["en"]?[key] ?? ("strings/en.yaml", 0, 0)
            log.error(path, line, column, "'\(key)' has no text in strings/\(language).yaml, the language of the site",
                      notes: ["add it to strings/\(language).yaml of the theme"])
        }
        return (Strings(language: language, values: chosen), dataType(english))
    }
}

/// A group of strings as Mustache sees it: `child(named:)` gives a text or a deeper group.
struct StringGroup: MustacheParent, Sendable {
    let entries: [String: Strings.Entry]
    let values: [String: String]

    init(_ entries: [String: Strings.Entry], values: [String: String]) {
        self.entries = entries
        self.values = values
    }

    func child(named name: String) -> Any? {
        switch entries[name] {
        case let .text(key)?: values[key]
        case let .group(inner)?: StringGroup(inner, values: values)
        case nil: nil
        }
    }
}

/// A page's context with the theme's strings as `t` and the language code as `language` (every
/// page, both trees: `<html lang="{{language}}">`).
struct LocalizedContext: MustacheParent {
    let values: any MustacheParent
    let strings: Strings

    func child(named name: String) -> Any? {
        switch name {
        case "t": strings.tree
        case "language": strings.language
        default: values.child(named: name)
        }
    }

    /// The variables every page has beside its own, for the template checker and the documentation.
    static func fields(_ strings: DataType) -> [DataField] {
        [DataField(name: "language", kind: .text, doc: "The site's language (site.yaml language:, default en), for <html lang>."),
         DataField(name: "t", kind: .nested(strings), doc: "The theme's strings in the site's language: {{t.bundle.cover.title}} (strings/<language>.yaml).")]
    }
}
