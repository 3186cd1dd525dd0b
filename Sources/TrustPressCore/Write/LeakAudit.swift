import Foundation

/// The leak audit: run on every build after the public tree is rendered and before anything is
/// written. There is no switch to turn it off.
///
/// Every confidential item of the model (policy bodies and redacted sections, owners,
/// implementation notes, evidence, tests, SOC 2 opinion details, exceptions, management responses,
/// CUECs, subservice organizations, system description, SoA justifications) is cut into fragments
/// (blocks and sentences of at least `minimumLength` characters). A fragment found in the visible
/// text of a public file is a leak, unless the same text is also public content in its own right
/// (an author may quote a public policy in a confidential one). Text is compared after stripping
/// tags, decoding HTML escapes and collapsing whitespace. The public templates' own wording is
/// public too.
enum LeakAudit {
    /// Shorter fragments ("Owner", "Yes") are too common to mean anything.
    static let minimumLength = 20

    struct Item {
        /// e.g. "control FW-IAM-01 owner".
        let label: String
        /// Where the confidential text comes from (content path), for warnings.
        let source: String
        let fragments: [String]
        /// False for text that is routinely public as well (a subservice organization that is also a
        /// listed subprocessor, an owner's role named in a public policy): no copy-paste warning.
        var warnsWhenAlsoPublic = true
    }

    /// - Returns: one error diagnostic per leaked item and public file, at the public file's path.
    static func audit(model: TrustModel, publicTemplateText: String = "", publicFiles: [RenderedFile],
                      outputDisplay: String) -> [Diagnostic] {
        let items = confidentialItems(model)
        var matcher = PhraseMatcher()
        var owners: [[Int]] = []  // phrase index → items
        for (i, item) in items.enumerated() {
            for fragment in item.fragments {
                let id = matcher.add(PhraseMatcher.words(fragment))
                if id == owners.count { owners.append([]) }
                owners[id].append(i)
            }
        }
        // The templates' wording is public by definition. Text the author also wrote into a public
        // field is public content too, but worth a warning: it may be a copy-paste slip.
        let boilerplate = matcher.matches(in: VisibleText.of(publicTemplateText))
        let alsoPublic = matcher.matches(in: publicSourceText(model)).subtracting(boilerplate)
        var hits: [Int: [Int: Int]] = [:]  // item → file → phrase
        var duplicated: [Int: Int] = [:]   // item → phrase
        // Scanning the public files is read-only and independent per file.
        let found = Parallel.map(publicFiles) { file in
            matcher.matches(in: VisibleText.of(String(decoding: file.contents, as: UTF8.self),
                                               markup: !file.path.hasSuffix(".txt")))
        }
        for (f, phrases) in found.enumerated() {
            for phrase in phrases.subtracting(boilerplate) {
                for item in owners[phrase] {
                    if alsoPublic.contains(phrase) {
                        if duplicated[item] == nil, items[item].warnsWhenAlsoPublic,
                           matcher.wordCount(of: phrase) >= duplicateWarningWords { duplicated[item] = phrase }
                    } else if hits[item]?[f] == nil {
                        hits[item, default: [:]][f] = phrase
                    }
                }
            }
        }
        func excerpt(_ phrase: Int) -> String {
            let fragment = matcher.text(of: phrase)
            return fragment.count > 60 ? String(fragment.prefix(57)) + "…" : fragment
        }
        var diagnostics: [Diagnostic] = []
        for (item, files) in hits.sorted(by: { $0.key < $1.key }) {
            for (f, phrase) in files.sorted(by: { $0.key < $1.key }) {
                diagnostics.append(Diagnostic(
                    path: outputDisplay + "/public/" + publicFiles[f].path, severity: .error,
                    message: "leak audit: confidential text from \(items[item].label) appears on the public site: \"\(excerpt(phrase))\"",
                    notes: ["nothing was written; this is a TrustPress bug: please report it"]))
            }
        }
        for (item, phrase) in duplicated.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(Diagnostic(
                path: items[item].source, severity: .warning,
                message: "confidential text from \(items[item].label) is also written in a public field, so it is published: \"\(excerpt(phrase))\"",
                notes: ["if that was not meant, remove it from the public field (summary, public_summary, a public policy …)"]))
        }
        return diagnostics
    }

    /// A phrase this long that is both confidential and public is more likely a copy-paste slip than
    /// a shared name (a subservice organization that is also a listed subprocessor, say).
    static let duplicateWarningWords = 6

    /// The text of every field the content format declares public, taken from the model itself (not
    /// from the public projection, so a projection that let a confidential field through is caught).
    static func publicSourceText(_ model: TrustModel) -> String {
        var parts: [String] = []
        let site = model.site
        parts += [site.organization.name, site.organization.legalName, site.organization.website,
                  site.trustCenter.title, site.trustCenter.description, site.trustCenter.url,
                  site.trustCenter.contactEmail, site.trustCenter.accessRequestURL]
        parts += site.securityTxt.contacts + [site.securityTxt.expires]
        parts += [site.securityTxt.policyURL, site.securityTxt.encryptionURL, site.securityTxt.acknowledgmentsURL].compactMap { $0 }
        for c in model.certifications {
            parts += [c.standard, c.certificateNumber, c.certificationBody.name, c.certificationBody.url ?? "",
                      c.accreditationBody, c.scope, c.soaVersion, c.verificationURL]
            parts += c.sites.flatMap { [$0.name, $0.address] }
        }
        for a in model.attestations {
            parts += [a.auditor.name, a.auditor.url ?? "", a.publicSummary ?? ""]
        }
        for catalog in model.catalogs {
            parts += [catalog.name, catalog.shortName] + catalog.groups.map(\.title) + catalog.requirements.map(\.title)
        }
        for c in model.controls { parts += [c.id, c.title, c.summary] }
        for p in model.policies {
            parts += [p.id, p.title, p.publicSummary ?? ""]
            if p.visibility == .public {
                parts.append(p.version ?? "")
                for case let .markdown(text) in p.segments { parts.append(VisibleText.of(Markdown.html(text))) }
            }
        }
        for s in model.subprocessors { parts += [s.name, s.purpose, s.location, s.data, s.website ?? ""] }
        return parts.joined(separator: "\n")
    }

    /// Every confidential item of the model with its fragments.
    static func confidentialItems(_ model: TrustModel) -> [Item] {
        var items: [Item] = []
        var source = ""
        func add(_ label: String, text: String?, warns: Bool = true) {
            guard let text else { return }
            let f = VisibleText.fragments(ofText: text)
            if !f.isEmpty { items.append(Item(label: label, source: source, fragments: f, warnsWhenAlsoPublic: warns)) }
        }
        func add(_ label: String, markdown: String?, warns: Bool = true) {
            guard let markdown else { return }
            let f = VisibleText.fragments(ofHTML: Markdown.html(markdown))
            if !f.isEmpty { items.append(Item(label: label, source: source, fragments: f, warnsWhenAlsoPublic: warns)) }
        }
        for c in model.controls {
            let name = "control \(c.id)"
            source = model.sourcePaths["control:\(c.id)"] ?? ""
            add("\(name) owner", text: c.owner, warns: false)
            add("\(name) implementation", markdown: c.implementation)
            for e in c.evidence ?? [] {
                add("\(name) evidence", text: e.title)
                add("\(name) evidence reference", text: e.reference)
            }
            for t in c.tests ?? [] { add("\(name) test procedure", text: t.procedure) }
        }
        for (i, a) in model.attestations.enumerated() {
            let name = "the \(a.framework) report of \(a.reportDate)"
            source = model.sourcePaths["attestation:\(i)"] ?? ""
            add("\(name) system description", markdown: a.systemDescription)
            for e in a.exceptions ?? [] {
                add("\(name) exception (\(e.criterion))", text: e.description)
                add("\(name) management response (\(e.criterion))", text: e.managementResponse)
            }
            for c in a.complementaryUserEntityControls ?? [] { add("\(name) CUEC", text: c.description) }
            for s in a.subserviceOrganizations ?? [] {
                add("\(name) subservice organization", text: s.name, warns: false)
                add("\(name) subservice organization services", text: s.services, warns: false)
                for c in s.csocs ?? [] { add("\(name) CSOC", text: c.description) }
            }
        }
        source = model.sourcePaths["applicability"] ?? ""
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            for e in entries { add("the \(framework) SoA justification of \(e.requirement.id)", text: e.justification) }
        }
        for p in model.policies {
            let name = "policy '\(p.id)'"
            source = p.path
            add("\(name) owner", text: p.owner, warns: false)
            if p.visibility == .confidential {
                // Policies share boilerplate ("Violations may lead to …"): no warning for that.
                add("\(name) body", markdown: p.body, warns: false)
            } else {
                for case let .confidential(text) in p.segments { add("\(name) redacted section", markdown: text) }
            }
        }
        return items
    }
}

/// Finds many phrases in a text in one pass. A phrase is a sequence of words (runs of letters and
/// digits; punctuation and case ignored) and matches only where all its words stand together, in
/// order. Phrases are indexed by their first (up to) four words, so the cost is a few hash look-ups
/// per word of the text, whatever the number of phrases.
struct PhraseMatcher {
    private static let keyLength = 4
    private var vocabulary: [String: Int32] = [:]
    private var phrases: [[Int32]] = []
    /// Hash of a phrase's first (up to) four word ids → phrases; collisions are harmless, since every
    /// candidate is compared word by word.
    private var index: [UInt64: [Int]] = [:]
    private var ids: [[Int32]: Int] = [:]

    /// Words of `text`: runs of ASCII letters and digits (lowercased) and non-ASCII characters;
    /// everything else separates words. Works on UTF-8 bytes: this runs over every public page.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...: word.append(byte)
            default:
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// Adds a phrase (deduplicated) and returns its index.
    mutating func add(_ words: [String]) -> Int {
        let coded = words.map { word -> Int32 in
            if let id = vocabulary[word] { return id }
            let id = Int32(vocabulary.count)
            vocabulary[word] = id
            return id
        }
        if let existing = ids[coded] { return existing }
        let id = phrases.count
        phrases.append(coded)
        ids[coded] = id
        if !coded.isEmpty {
            var key: UInt64 = 0
            for word in coded.prefix(Self.keyLength) { key = Self.extend(key, word) }
            index[key, default: []].append(id)
        }
        return id
    }

    private static func extend(_ key: UInt64, _ word: Int32) -> UInt64 {
        (key &* 0x100000001B3) ^ (UInt64(UInt32(bitPattern: word)) &+ 0x9E3779B97F4A7C15)
    }

    func wordCount(of phrase: Int) -> Int { phrases[phrase].count }

    /// The phrase's words joined by spaces (for messages).
    func text(of phrase: Int) -> String {
        let names = Dictionary(uniqueKeysWithValues: vocabulary.map { ($1, $0) })
        return phrases[phrase].map { names[$0] ?? "?" }.joined(separator: " ")
    }

    /// Indexes of the phrases that occur in `text`.
    func matches(in text: String) -> Set<Int> {
        let coded = Self.words(text).map { vocabulary[$0] ?? -1 }
        var found = Set<Int>()
        for start in coded.indices where coded[start] >= 0 {
            var key: UInt64 = 0
            for k in 0..<min(Self.keyLength, coded.count - start) {
                let word = coded[start + k]
                if word < 0 { break }
                key = Self.extend(key, word)
                guard let candidates = index[key] else { continue }
                for id in candidates where !found.contains(id) {
                    let phrase = phrases[id]
                    if phrase.count <= coded.count - start, coded[start..<(start + phrase.count)].elementsEqual(phrase) {
                        found.insert(id)
                    }
                }
            }
        }
        return found
    }
}

/// Visible text of rendered output, normalised for comparison: tags removed, HTML escapes decoded,
/// whitespace collapsed. Works on UTF-8 bytes.
enum VisibleText {
    /// The visible text of `text` as one string (`markup`: it is HTML or XML).
    static func of(_ text: String, markup: Bool = true) -> String {
        markup ? blocks(html: text).joined(separator: " ") : collapse(text)
    }

    /// Block texts and their sentences, each at least `LeakAudit.minimumLength` characters.
    static func fragments(ofHTML html: String) -> [String] {
        Array(Set(blocks(html: html).flatMap(pieces))).sorted()
    }

    static func fragments(ofText text: String) -> [String] {
        Array(Set(pieces(collapse(text)))).sorted()
    }

    private static func pieces(_ block: String) -> [String] {
        guard block.count >= LeakAudit.minimumLength else { return [] }
        let sentences = block.components(separatedBy: ". ").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count >= LeakAudit.minimumLength }
        return [block] + (sentences.count > 1 ? sentences : [])
    }

    private static let blockTags: Set<String> = ["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                                                 "pre", "blockquote", "dd", "dt", "tr", "div", "section", "aside",
                                                 "br", "hr", "ul", "ol", "table", "title", "main", "header", "footer", "nav"]
    private static let entities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]

    /// Visible text of HTML split at block-level tags, each block whitespace-collapsed and non-empty.
    static func blocks(html: String) -> [String] {
        let bytes = Array(html.utf8)
        var blocks: [String] = []
        var current: [UInt8] = []
        var pendingSpace = false
        func flush() {
            if !current.isEmpty { blocks.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        func emit(_ b: UInt8) {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                pendingSpace = !current.isEmpty
            } else {
                if pendingSpace { current.append(0x20); pendingSpace = false }
                current.append(b)
            }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                var j = i + 1
                if j < bytes.count, bytes[j] == UInt8(ascii: "/") { j += 1 }
                let nameStart = j
                while j < bytes.count, ((bytes[j] | 0x20) >= UInt8(ascii: "a") && (bytes[j] | 0x20) <= UInt8(ascii: "z"))
                    || (bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
                let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
                while j < bytes.count, bytes[j] != UInt8(ascii: ">") { j += 1 }
                if blockTags.contains(name) { flush() } else { emit(0x20) }
                i = j + 1
            } else if b == UInt8(ascii: "&"), let end = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) {
                let name = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") { decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(String.init) }
                else if name.hasPrefix("#") { decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(String.init) }
                else { decoded = entities[name] }
                if let decoded {
                    for byte in decoded.utf8 { emit(byte) }
                    i = end + 1
                } else {
                    emit(b)
                    i += 1
                }
            } else {
                emit(b)
                i += 1
            }
        }
        flush()
        return blocks
    }

    private static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
