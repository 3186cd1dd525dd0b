import Crypto
import Foundation

/// The leak audit: run on every build after the public tree is rendered and before anything is
/// written. There is no switch to turn it off.
///
/// Every confidential item of the model (policy bodies and redacted sections, owners,
/// implementation notes, evidence, tests, SOC 2 opinion details, exceptions, management responses,
/// CUECs, subservice organizations, system description, bridge letters, SoA justifications, the NDA terms of
/// nda.md) is cut into fragments (blocks and sentences of at least `minimumLength` characters).
/// A fragment found in the visible
/// text of a public file is a leak, unless the same text is also public content in its own right
/// (an author may quote a public policy in a confidential one). Text is compared after stripping
/// tags, decoding HTML escapes and collapsing whitespace. Besides the visible text, every text
/// hidden in a public file's markup is searched too: attribute names and values (`alt`, `title`,
/// a meta tag's `content`, `href`, ids …), comments, CDATA sections, processing instructions.
/// A `.json` file (trust.json) is read as its reader sees it, every string escape decoded first.
/// The built-in theme's public templates' own wording is public too. An override folder's files
/// are not trusted: they are the user's content, and a confidential fragment on the public site
/// that one of them holds (an override template, a file under `assets/`) is an error at that file.
///
/// Files are compared by their bytes too: no public file may have the SHA-256 of a confidential
/// file of `documents/` (`confidentialFiles`), whatever its name or type.
enum LeakAudit {
    /// Shorter fragments ("Owner", "Yes") are too common to mean anything.
    static let minimumLength = 20

    struct Item {
        /// e.g. "control FW-IAM-01 owner".
        let label: String
        /// Where the confidential text comes from (content path), for warnings.
        let source: String
        let fragments: [String]
        /// Each fragment's words (`PhraseMatcher.words`).
        let words: [[UInt64]]
        /// False for text that is routinely public as well (a subservice organization that is also a
        /// listed subprocessor, an owner's role named in a public policy): no copy-paste warning.
        var warnsWhenAlsoPublic = true
    }

    /// - Parameters:
    ///   - publicTemplateText: the built-in theme's public templates (`Templates.builtInPublicTemplateText`).
    ///   - userFiles: the theme files that are the user's own (`Templates.userFiles`).
    /// - Returns: one error diagnostic per leaked item and user file holding it (at the user file's
    ///   path), else per leaked item and public file (at the public file's path).
    ///   - bundleBodies: policy id → its body as the bundle shows it (`PolicyBodies.bundleHTML`): a
    ///     confidential policy's body is cut from that text instead of being rendered again.
    static func audit(model: TrustModel, publicTemplateText: String = "", userFiles: [Templates.UserFile] = [],
                      publicFiles: [RenderedFile], bundleBodies: [String: String] = [:], outputDisplay: String) -> [Diagnostic] {
        let items = confidentialItems(model, bundleBodies: bundleBodies)
        var matcher = PhraseMatcher(capacity: items.reduce(0) { $0 + $1.fragments.count })
        var owners: [[Int]] = []  // phrase index → items
        for (i, item) in items.enumerated() {
            for (fragment, words) in zip(item.fragments, item.words) {
                let id = matcher.add(words, text: fragment)
                if id == owners.count { owners.append([]) }
                owners[id].append(i)
            }
        }
        // The built-in templates' wording is public by definition. Text the author also wrote into a public
        // field is public content too, but worth a warning: it may be a copy-paste slip.
        // Scanning is read-only, so every scan runs on every core: the templates, the public fields,
        // each public policy's own text (rendered here, from the model), the user's theme files (to
        // name the one a leak comes from), and each public file.
        enum Job { case templates, fields, policy(Policy), user(Templates.UserFile), file(RenderedFile) }
        let publicPolicies = model.policies.filter { $0.visibility == .public }
        let jobs: [Job] = [.templates, .fields] + publicPolicies.map(Job.policy) + userFiles.map(Job.user) + publicFiles.map(Job.file)
        func scan(_ path: String, _ contents: Data) -> Set<Int> {
            if path.hasSuffix(".txt") { return matcher.matches(in: PhraseMatcher.words([UInt8](contents))) }
            // What a JSON reader sees: `\u00e9`, `\n` and `\/` decoded, or they would hide a phrase.
            if path.hasSuffix(".json") { return matcher.matches(in: PhraseMatcher.words(JSONText.unescaped([UInt8](contents)))) }
            return matcher.matches(in: PhraseMatcher.words(ofMarkup: [UInt8](contents)))
        }
        func run(_ job: Job) -> Set<Int> {
            switch job {
            case .templates: matcher.matches(in: PhraseMatcher.words(ofMarkup: Array(publicTemplateText.utf8)))
            case .fields: matcher.matches(in: PhraseMatcher.words(publicFieldText(model)))
            case let .policy(p): matcher.matches(in: PhraseMatcher.words(publicPolicyText(p)))
            case let .user(file): scan(file.path, file.contents)
            case let .file(file): scan(file.path, file.contents)
            }
        }
        // The public files first: the other scans only sort out the phrases found in them (which are
        // boilerplate, also public, or the user's), so when no public file holds any confidential
        // phrase, as in a clean build, they are not needed (each public policy would be rendered for them).
        let firstFile = jobs.count - publicFiles.count
        let publicScans = Parallel.map(Array(jobs[firstFile...]), run)
        let scans = publicScans.allSatisfy(\.isEmpty)
            ? [Set<Int>](repeating: [], count: firstFile) + publicScans
            : Parallel.map(Array(jobs[..<firstFile]), run) + publicScans
        let boilerplate = scans[0]
        let userStart = 2 + publicPolicies.count, fileStart = userStart + userFiles.count
        let alsoPublic = scans[1..<userStart].reduce(into: Set<Int>()) { $0.formUnion($1) }
            .subtracting(boilerplate)
        var userFileOf: [Int: Int] = [:]   // phrase → the first user file holding it
        for (u, phrases) in scans[userStart..<fileStart].enumerated() {
            for phrase in phrases where userFileOf[phrase] == nil { userFileOf[phrase] = u }
        }
        let fileScans = scans[fileStart...]
        var hits: [Int: [Int: Int]] = [:]  // item → file → phrase
        var userHits: [Int: [Int: Int]] = [:]  // item → user file → phrase
        var duplicated: [Int: Int] = [:]   // item → phrase
        var seenPublic = Set<Int>()        // also-public phrases already handled (the same for every file)
        for (f, phrases) in fileScans.enumerated() {
            for phrase in phrases.subtracting(boilerplate).sorted() {
                if alsoPublic.contains(phrase) {
                    guard seenPublic.insert(phrase).inserted,
                          matcher.wordCount(of: phrase) >= duplicateWarningWords else { continue }
                    for item in owners[phrase] where duplicated[item] == nil && items[item].warnsWhenAlsoPublic {
                        duplicated[item] = phrase
                    }
                } else if let u = userFileOf[phrase] {
                    // The user's own theme file put it there: named at that file, once.
                    for item in owners[phrase] where userHits[item]?[u] == nil { userHits[item, default: [:]][u] = phrase }
                } else {
                    for item in owners[phrase] where hits[item]?[f] == nil { hits[item, default: [:]][f] = phrase }
                }
            }
        }
        func excerpt(_ phrase: Int) -> String {
            let fragment = matcher.text(of: phrase)
            return fragment.count > 60 ? String(fragment.prefix(57)) + "…" : fragment
        }
        var diagnostics = byteLeaks(model: model, userFiles: userFiles, publicFiles: publicFiles, outputDisplay: outputDisplay)
        for (item, files) in userHits.sorted(by: { $0.key < $1.key }) {
            for (u, phrase) in files.sorted(by: { $0.key < $1.key }) {
                diagnostics.append(Diagnostic(
                    path: userFiles[u].display, severity: .error,
                    message: "leak audit: this theme file puts confidential text from \(items[item].label) on the public site: \"\(excerpt(phrase))\"",
                    notes: ["the text is confidential content (\(items[item].label), in \(items[item].source)); "
                            + "remove it from this file, or, if it may be public, from the confidential content",
                            "nothing was written"]))
            }
        }
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

    /// A confidential file by its bytes: what it is, and where it comes from.
    struct ConfidentialFile {
        /// e.g. "the confidential document 'SOC 2 Type 2 report'".
        let label: String
        /// Its content path.
        let source: String
        let bytes: Int
        let sha256: String
    }

    /// The files whose bytes must never be public: every confidential file of `documents/`, and
    /// every image of `policies/images/` that no public policy text shows.
    static func confidentialFiles(_ model: TrustModel) -> [ConfidentialFile] {
        let shown = model.publicPolicyImageNames
        var files: [ConfidentialFile] = []
        for d in model.documents where d.visibility != .public {
            files.append(ConfidentialFile(label: "the confidential document \(Excerpt.quoted(d.title))", source: d.path,
                                          bytes: d.data.count, sha256: d.sha256))
        }
        for name in model.policyImages.keys.sorted() where !shown.contains(name) {
            let data: Data = model.policyImages[name]!
            let label = "the image " + Excerpt.quoted(name) + ", which only confidential text shows"
            files.append(ConfidentialFile(label: label, source: "policies/images/" + name, bytes: data.count,
                                          sha256: Hex.lowercase(SHA256.hash(data: data))))
        }
        return files
    }

    /// One error per public file (at the user's theme file that put it there, if one did) whose
    /// SHA-256 is that of a confidential file. Only files of a size some confidential file has are hashed.
    static func byteLeaks(model: TrustModel, userFiles: [Templates.UserFile], publicFiles: [RenderedFile],
                          outputDisplay: String) -> [Diagnostic] {
        let secrets = confidentialFiles(model)
        guard !secrets.isEmpty else { return [] }
        let sizes = Set(secrets.map(\.bytes))
        let bySHA = Dictionary(secrets.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        func digest(_ data: Data) -> String? {
            sizes.contains(data.count) ? Hex.lowercase(SHA256.hash(data: data)) : nil
        }
        let userByDigest = Dictionary(userFiles.compactMap { f in digest(f.contents).map { ($0, f.display) } },
                                      uniquingKeysWith: { a, _ in a })
        var diagnostics: [Diagnostic] = []
        for file in publicFiles {
            guard let sha = digest(file.contents), let secret = bySHA[sha] else { continue }
            let path = userByDigest[sha] ?? outputDisplay + "/public/" + file.path
            diagnostics.append(Diagnostic(
                path: path, severity: .error,
                message: "leak audit: this file has the same bytes (SHA-256 \(sha.prefix(16))…) as \(secret.label) (\(secret.source)), which must not be public",
                notes: ["a confidential document goes only into the bundle; if it may be published, set 'visibility: public' in documents.yaml, else remove the public copy"
                        + (userByDigest[sha] == nil ? "" : " from the theme folder"),
                        "nothing was written"]))
        }
        return diagnostics
    }

    /// A phrase this long that is both confidential and public is more likely a copy-paste slip than
    /// a shared name (a subservice organization that is also a listed subprocessor, say).
    static let duplicateWarningWords = 6

    /// The text of every field the content format declares public, taken from the model itself (not
    /// from the public projection, so a projection that let a confidential field through is caught).
    /// A public policy's body is in `publicPolicyText`; a phrase is matched within one of the two.
    static func publicFieldText(_ model: TrustModel) -> String {
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
            if p.visibility == .public { parts.append(p.version ?? "") }
        }
        for s in model.subprocessors { parts += [s.name, s.purpose, s.location, s.data, s.website ?? ""] }
        // programs.yaml is public: a declared program's note is shown beside its status.
        parts += model.programs.declared.sorted { $0.key < $1.key }.compactMap(\.value.note)
        // Every document's title is listed publicly, a confidential one's too.
        parts += model.documents.map(\.title)
        return parts.joined(separator: "\n")
    }

    /// The visible text of a public policy's public sections (its redacted sections left out).
    static func publicPolicyText(_ p: Policy) -> String {
        var parts: [String] = []
        for case let .markdown(text) in p.segments { parts.append(VisibleText.of(Markdown.html(text))) }
        return parts.joined(separator: "\n")
    }

    /// Every confidential item of the model with its fragments.
    /// `bundleBodies`: as for `audit`; a body is taken from it only when it is the whole policy text.
    static func confidentialItems(_ model: TrustModel, bundleBodies: [String: String] = [:]) -> [Item] {
        // Listed first (cheap), then cut into fragments on every core (Markdown renders), in order.
        struct Pending { let label: String, source: String, text: String, isMarkdown: Bool, warns: Bool, html: String? }
        var pending: [Pending] = []
        var source = ""
        func add(_ label: String, text: String?, warns: Bool = true) {
            if let text { pending.append(Pending(label: label, source: source, text: text, isMarkdown: false, warns: warns, html: nil)) }
        }
        func add(_ label: String, markdown: String?, warns: Bool = true, html: String? = nil) {
            if let markdown { pending.append(Pending(label: label, source: source, text: markdown, isMarkdown: true, warns: warns, html: html)) }
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
            if let letter = a.bridgeLetter {
                // A signer's name and title may well be public elsewhere (a policy's owner): no warning.
                add("\(name) bridge letter signer", text: letter.signer.name, warns: false)
                add("\(name) bridge letter signer's title", text: letter.signer.title, warns: false)
                for change in letter.materialChanges ?? [] { add("\(name) bridge letter material change", text: change) }
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
                // The bundle's rendering of this very text, when it rendered the body as one text: the
                // same visible text (only link targets and attributes the audit skips differ).
                let whole: Bool = if p.segments.count == 1, case let .markdown(text) = p.segments[0] { text == p.body } else { false }
                add("\(name) body", markdown: p.body, warns: false, html: whole ? bundleBodies[p.id] : nil)
            } else {
                for case let .confidential(text) in p.segments { add("\(name) redacted section", markdown: text) }
            }
        }
        if let terms = model.ndaTerms {
            source = terms.path
            add("the NDA terms (nda.md)", markdown: terms.markdown)
        }
        for c in model.crosswalks {
            source = c.path
            add("crosswalk \(c.id)'s name", text: c.name, warns: false)
            add("crosswalk \(c.id)'s source", text: c.source, warns: false)
        }
        return Parallel.map(pending) { item -> Item? in
            let fragments = item.isMarkdown ? VisibleText.fragments(ofHTML: item.html ?? Markdown.html(item.text))
                                            : VisibleText.fragments(ofText: item.text)
            guard !fragments.isEmpty else { return nil }
            return Item(label: item.label, source: item.source, fragments: fragments,
                        words: fragments.map(PhraseMatcher.words), warnsWhenAlsoPublic: item.warns)
        }.compactMap { $0 }
    }
}

/// Finds many phrases in a text in one pass. A phrase is a sequence of words (runs of letters and
/// digits; punctuation and case ignored) and matches only where all its words stand together, in
/// order. Words are 64-bit FNV-1a hashes of their lowercased bytes: equal words always hash alike, so
/// no occurrence is missed (a collision could only add a match, which fails closed).
///
/// Phrases are found in two steps per word of the text: a look-up of its first (up to) four words,
/// which gives the lengths of the phrases that start so; then, per length, a look-up of the whole
/// window's hash (from prefix hashes of the text, so each is O(1)). Many phrases sharing their first
/// words (every policy's "See the related policy …") cost one look-up per length, not a comparison
/// each; every hit is still compared word by word.
struct PhraseMatcher {
    private static let keyLength = 4
    private var phrases: [[UInt64]] = []
    /// The first text each phrase was added with (for messages).
    private var texts: [String] = []
    /// Key of a phrase's first (up to) four words → the lengths of the phrases that start so.
    private var lengthsByStart: [UInt64: [Int]] = [:]
    /// Hash of a whole phrase, and its length → phrases (collisions are compared word by word).
    private var byWhole: [Window: [Int]] = [:]
    /// Lengths below `keyLength` that some phrase has: only those need a look-up of a shorter key.
    private var shortLengths: [Bool] = Array(repeating: false, count: keyLength)
    /// Powers of `prime`, up to the longest phrase.
    private var powers: [UInt64] = [1]

    private struct Window: Hashable { let hash: UInt64, length: Int }

    private static let offsetBasis: UInt64 = 0xcbf29ce484222325
    /// The 64-bit FNV prime: the multiplier of word hashes, of phrase keys and of window hashes.
    private static let prime: UInt64 = 0x100000001b3

    /// Feeds one byte of visible text to the word splitter: ASCII letters and digits (lowercased)
    /// and non-ASCII bytes make words; every other byte ends one.
    @inline(__always)
    private static func feed(_ byte: UInt8, _ hash: inout UInt64, _ inWord: inout Bool, _ words: inout [UInt64]) {
        var b = byte
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): b += 32
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...: break
        default:
            if inWord { words.append(hash); hash = offsetBasis; inWord = false }
            return
        }
        hash = (hash ^ UInt64(b)) &* prime
        inWord = true
    }

    /// Words of plain text, as hashes.
    static func words(_ text: String) -> [UInt64] { words(Array(text.utf8)) }

    static func words(_ bytes: [UInt8]) -> [UInt64] {
        var words: [UInt64] = []
        var hash = offsetBasis, inWord = false
        for byte in bytes { feed(byte, &hash, &inWord, &words) }
        feed(0x20, &hash, &inWord, &words)
        return words
    }

    /// Stands between separate pieces of hidden text (and between them and the visible text), so
    /// no phrase matches across two of them. A real word hashes to it with probability 2⁻⁶⁴.
    static let separator: UInt64 = 0

    /// Words of HTML or XML: first the visible text (tags are word breaks, character references are
    /// decoded: what a browser shows is what is compared), then, after `separator`, the text hidden
    /// in the markup — every attribute name and value (`alt`, `title`, `content`, `href`, ids …,
    /// percent-escapes decoded), comments, CDATA sections, processing instructions and doctypes —
    /// each piece (an attribute name, an attribute value, a comment …) after a `separator` of its
    /// own. A piece whose bytes the file already had (a `class` on every row) is read once: it could
    /// only match what its first copy matches (compared byte for byte, not by hash alone).
    /// Nothing of a file is left unscanned.
    static func words(ofMarkup bytes: [UInt8]) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(bytes.count / 6)
        var hidden: [UInt64] = []
        var seen: [UInt64: [Range<Int>]] = [:]
        var hash = offsetBasis, inWord = false
        var hiddenHash = offsetBasis, hiddenInWord = false
        func hide(_ range: Range<Int>, _ kind: Markup.Piece) {
            guard !range.isEmpty else { return }
            var key = offsetBasis
            for b in bytes[range] { key = (key ^ UInt64(b)) &* prime }
            if let earlier = seen[key], earlier.contains(where: { bytes[$0].elementsEqual(bytes[range]) }) { return }
            seen[key, default: []].append(range)
            hidden.append(separator)
            var i = range.lowerBound
            while i < range.upperBound {
                let b = bytes[i]
                if b == UInt8(ascii: "&"), let (decoded, end) = VisibleText.reference(in: bytes, at: i), end < range.upperBound {
                    for byte in decoded.utf8 { feed(byte, &hiddenHash, &hiddenInWord, &hidden) }
                    i = end + 1
                } else if b == UInt8(ascii: "%"), i + 2 < range.upperBound, let decoded = Markup.hexByte(bytes[i + 1], bytes[i + 2]) {
                    feed(decoded, &hiddenHash, &hiddenInWord, &hidden)
                    i += 3
                } else {
                    feed(b, &hiddenHash, &hiddenInWord, &hidden)
                    i += 1
                }
            }
            feed(0x20, &hiddenHash, &hiddenInWord, &hidden)
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<"), Markup.startsConstruct(bytes, at: i) {
                feed(0x20, &hash, &inWord, &words)
                i = Markup.scan(bytes, at: i, hide)
            } else if b == UInt8(ascii: "&"), let (decoded, end) = VisibleText.reference(in: bytes, at: i) {
                for byte in decoded.utf8 { feed(byte, &hash, &inWord, &words) }
                i = end + 1
            } else {
                feed(b, &hash, &inWord, &words)
                i += 1
            }
        }
        feed(0x20, &hash, &inWord, &words)
        words += hidden
        return words
    }

    /// - Parameter capacity: about how many phrases will be added (sizes the tables once).
    init(capacity: Int = 0) {
        phrases.reserveCapacity(capacity)
        texts.reserveCapacity(capacity)
        byWhole.reserveCapacity(capacity)
        lengthsByStart.reserveCapacity(capacity)
    }

    /// Adds a phrase (deduplicated) and returns its index.
    mutating func add(_ words: [UInt64], text: String) -> Int {
        var whole: UInt64 = 0
        for word in words { whole = whole &* Self.prime &+ word }
        let window = Window(hash: whole, length: words.count)
        if let existing = byWhole[window]?.first(where: { phrases[$0] == words }) { return existing }
        let id = phrases.count
        phrases.append(words)
        texts.append(text)
        byWhole[window, default: []].append(id)
        guard !words.isEmpty else { return id }
        var key: UInt64 = 0
        for word in words.prefix(Self.keyLength) { key = Self.extend(key, word) }
        if lengthsByStart[key]?.contains(words.count) != true { lengthsByStart[key, default: []].append(words.count) }
        if words.count < Self.keyLength { shortLengths[words.count] = true }
        while powers.count <= words.count { powers.append(powers[powers.count - 1] &* Self.prime) }
        return id
    }

    private static func extend(_ key: UInt64, _ word: UInt64) -> UInt64 {
        (key &* prime) ^ (word &+ 0x9E3779B97F4A7C15)
    }

    func wordCount(of phrase: Int) -> Int { phrases[phrase].count }

    /// The phrase's text as first added (for messages), whitespace collapsed.
    func text(of phrase: Int) -> String { texts[phrase] }

    /// Indexes of the phrases that occur in a text, given its `words`.
    func matches(in coded: [UInt64]) -> Set<Int> {
        var found = Set<Int>()
        guard !phrases.isEmpty, !coded.isEmpty else { return found }
        // prefix[i] is the hash of coded[0..<i]; a window's hash is prefix[end] - prefix[start]·prime^length.
        var prefix = [UInt64](repeating: 0, count: coded.count + 1)
        for (i, word) in coded.enumerated() { prefix[i + 1] = prefix[i] &* Self.prime &+ word }
        for start in coded.indices {
            var key: UInt64 = 0
            for k in 0..<min(Self.keyLength, coded.count - start) {
                key = Self.extend(key, coded[start + k])
                guard k + 1 == Self.keyLength || shortLengths[k + 1], let lengths = lengthsByStart[key] else { continue }
                for length in lengths where length <= coded.count - start && (k + 1 == Self.keyLength || length == k + 1) {
                    let hash = prefix[start + length] &- prefix[start] &* powers[length]
                    guard let candidates = byWhole[Window(hash: hash, length: length)] else { continue }
                    for id in candidates where !found.contains(id)
                        && coded[start..<(start + length)].elementsEqual(phrases[id]) {
                        found.insert(id)
                    }
                }
            }
        }
        return found
    }
}

/// Visible text of rendered output, normalised for comparison: tags removed, HTML escapes decoded,
/// whitespace collapsed; `title` and `alt` values are blocks of their own. Works on UTF-8 bytes.
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

    /// A block and, when it has several, its sentences (split at ". "), each long enough to count.
    /// Lengths are counted in Unicode scalars.
    private static func pieces(_ block: String) -> [String] {
        guard block.unicodeScalars.count >= LeakAudit.minimumLength else { return [] }
        var sentences: [String] = []
        let bytes = Array(block.utf8)
        var start = 0, i = 0
        func cut(_ end: Int) {
            // Trimmed of every Unicode space (a no-break space after ". " too), or the sentence's
            // first word would carry it and no longer match the same sentence elsewhere.
            let sentence = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
            if sentence.unicodeScalars.count >= LeakAudit.minimumLength { sentences.append(sentence) }
        }
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "."), bytes[i + 1] == 0x20 { cut(i); start = i + 2; i += 2 } else { i += 1 }
        }
        cut(bytes.count)
        return [block] + (sentences.count > 1 ? sentences : [])
    }

    private static let blockTags: Set<String> = ["p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                                                 "pre", "blockquote", "dd", "dt", "tr", "div", "section", "aside",
                                                 "br", "hr", "ul", "ol", "table", "title", "main", "header", "footer", "nav"]
    /// `blockTags` of up to eight letters, as `packed` keys (all but `blockquote`).
    private static let shortBlockTags = Set(blockTags.filter { $0.utf8.count <= 8 }.map { packed(ArraySlice($0.utf8)) })
    private static let blockquote = Array("blockquote".utf8)

    /// Up to eight ASCII bytes, lowercased, in one integer: a tag name compared without making a String.
    private static func packed(_ name: ArraySlice<UInt8>) -> UInt64 {
        name.reduce(0) { $0 << 8 | UInt64($1 | 0x20) }
    }

    /// Whether the tag name (ASCII letters and digits) is one of `blockTags`, in any case.
    static func isBlockTag(_ name: ArraySlice<UInt8>) -> Bool {
        if name.count <= 8 { return !name.isEmpty && shortBlockTags.contains(packed(name)) }
        return name.count == blockquote.count && zip(name, blockquote).allSatisfy { $0 | 0x20 == $1 }
    }

    private static let entities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]

    /// The character reference starting at `i` (an '&'): its text and the index of its ';', or nil
    /// when it is not one we decode (then the '&' is text).
    static func reference(in bytes: [UInt8], at i: Int) -> (String, Int)? {
        guard let end = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
        var decoded: String?
        if name.hasPrefix("#x") || name.hasPrefix("#X") { decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(String.init) }
        else if name.hasPrefix("#") { decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(String.init) }
        else { decoded = entities[name] }
        return decoded.map { ($0, end) }
    }

    /// Visible text of HTML split at block-level tags, each block whitespace-collapsed and non-empty.
    static func blocks(html: String) -> [String] {
        let bytes = Array(html.utf8)
        var blocks: [String] = []
        var current: [UInt8] = []
        var attributeTexts: [Range<Int>] = []
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
            if b == UInt8(ascii: "<"), Markup.startsConstruct(bytes, at: i) {
                var j = i + 1
                if j < bytes.count, bytes[j] == UInt8(ascii: "/") { j += 1 }
                let nameStart = j
                while j < bytes.count, ((bytes[j] | 0x20) >= UInt8(ascii: "a") && (bytes[j] | 0x20) <= UInt8(ascii: "z"))
                    || (bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
                if isBlockTag(bytes[nameStart..<j]) { flush() } else { emit(0x20) }
                // Most tags of rendered Markdown have no attribute: nothing more to read.
                if j < bytes.count, bytes[j] == UInt8(ascii: ">"), j > nameStart { i = j + 1; continue }
                // A link's title and an image's alt text are text of their own (URLs are not: a
                // confidential policy may well link to a public page).
                var shown = false
                i = Markup.scan(bytes, at: i) { range, kind in
                    switch kind {
                    case .attributeName:
                        let key = String(decoding: bytes[range], as: UTF8.self).lowercased()
                        shown = key == "title" || key == "alt"
                    case .attributeValue: if shown { attributeTexts.append(range) }
                    case .content: break
                    }
                }
            } else if b == UInt8(ascii: "&"), let (decoded, end) = reference(in: bytes, at: i) {
                for byte in decoded.utf8 { emit(byte) }
                i = end + 1
            } else {
                emit(b)
                i += 1
            }
        }
        flush()
        for range in attributeTexts {
            var k = range.lowerBound
            while k < range.upperBound {
                if bytes[k] == UInt8(ascii: "&"), let (decoded, end) = reference(in: bytes, at: k), end < range.upperBound {
                    for byte in decoded.utf8 { emit(byte) }
                    k = end + 1
                } else {
                    emit(bytes[k])
                    k += 1
                }
            }
            flush()
        }
        return blocks
    }

    private static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// The constructs of HTML and XML markup that hold no visible text of their own, for the leak audit:
/// tags (with their attributes), comments, CDATA sections, processing instructions, doctypes.
enum Markup {
    /// Constructs with an end marker of their own, longest opening first.
    private static let delimited: [([UInt8], [UInt8])] = [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", ">"), ("<!", ">")]
        .map { (Array($0.utf8), Array($1.utf8)) }

    /// Kinds of text hidden in a construct.
    enum Piece: Equatable { case attributeName, attributeValue, content }

    /// Whether the '<' at `i` starts a construct (a letter, '/', '!' or '?' follows); otherwise it is
    /// text, as a browser reads it.
    static func startsConstruct(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + 1 < bytes.count else { return false }
        let c = bytes[i + 1]
        return (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
            || c == UInt8(ascii: "/") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?")
    }

    /// Scans the construct at `start` (a '<' for which `startsConstruct` holds) and reports every
    /// byte range of text inside it: attribute names and values (quoted or not; quotes respected, so
    /// a '>' in a value does not end the tag), the content of comments, CDATA sections, processing
    /// instructions and doctypes, anything after a closing tag's name. A construct never closed runs
    /// to the end of the bytes.
    /// - Returns: the index after the construct.
    static func scan(_ bytes: [UInt8], at start: Int, _ hidden: (Range<Int>, Piece) -> Void) -> Int {
        let n = bytes.count
        func starts(_ m: [UInt8], at i: Int) -> Bool {
            i + m.count <= n && bytes[i..<(i + m.count)].elementsEqual(m)
        }
        func find(_ marker: [UInt8], from i: Int) -> Int {
            var j = i
            while j < n, bytes[j] != marker[0] || !starts(marker, at: j) { j += 1 }
            return j
        }
        // Comments, CDATA, instructions and doctypes start with "<!" or "<?"; tags with a letter or '/'.
        if bytes[start + 1] == UInt8(ascii: "!") || bytes[start + 1] == UInt8(ascii: "?") {
            for (open, close) in delimited where starts(open, at: start) {
                let end = find(close, from: start + open.count)
                hidden((start + open.count)..<end, .content)
                return min(n, end + close.count)
            }
        }
        let gt = [UInt8(ascii: ">")]
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C }
        var j = start + 1
        let closing = bytes[j] == UInt8(ascii: "/")
        if closing { j += 1 }
        while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
        if closing {
            let end = find(gt, from: j)
            hidden(j..<end, .content)
            return min(n, end + 1)
        }
        while j < n {
            while j < n, isSpace(bytes[j]) || bytes[j] == UInt8(ascii: "/") { j += 1 }
            guard j < n, bytes[j] != UInt8(ascii: ">") else { break }
            let nameStart = j
            while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ">") { j += 1 }
            hidden(nameStart..<j, .attributeName)
            while j < n, isSpace(bytes[j]) { j += 1 }
            guard j < n, bytes[j] == UInt8(ascii: "=") else { continue }
            j += 1
            while j < n, isSpace(bytes[j]) { j += 1 }
            guard j < n else { break }
            if bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                let quote = bytes[j]
                let valueStart = j + 1
                j = valueStart
                while j < n, bytes[j] != quote { j += 1 }
                hidden(valueStart..<j, .attributeValue)
                j += 1
            } else {
                let valueStart = j
                while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                hidden(valueStart..<j, .attributeValue)
            }
        }
        return min(n, j + 1)
    }

    /// The byte of a percent-escape's two hex digits, or nil.
    static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard let h = value(high), let l = value(low) else { return nil }
        return h << 4 | l
    }
}

/// JSON text as its reader sees it (RFC 8259 §7): every escape in a string decoded, `\uD83D\uDE00`
/// surrogate pairs joined, so the leak audit compares the text and not its spelling. Bytes outside
/// strings pass through (they hold no escapes); an invalid escape is kept as written.
enum JSONText {
    static func unescaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex4(at j: Int) -> UInt32? {
            guard j + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for b in bytes[j..<(j + 4)] {
                guard let d = Markup.hexByte(UInt8(ascii: "0"), b) else { return nil }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(b); i += 1; continue }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e); i += 2
            case UInt8(ascii: "u"):
                guard var scalar = hex4(at: i + 2) else { out.append(b); i += 1; continue }
                var length = 6
                if (0xD800...0xDBFF).contains(scalar), i + 7 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"),
                   bytes[i + 7] == UInt8(ascii: "u"), let low = hex4(at: i + 8), (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    length = 12
                }
                // A lone surrogate is no character: U+FFFD, as a decoder replaces it.
                out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                i += length
            default: out.append(b); i += 1
            }
        }
        return out
    }
}
