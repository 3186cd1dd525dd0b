import Foundation
import Testing
import Yams
@testable import TrustPressCore

/// YAML decoding reports every bad value of a file in one pass (`RecordingDecoder`), with no cap,
/// and messages that quote content stay readable.
@Suite("Decoding every bad value at once")
struct DecodingTests {
    /// Decodes `text` as `T` the way the loader does; the diagnostics as text, one line each.
    static func problems<T: Codable>(_ type: T.Type, _ text: String, path: String = "f.yaml", firstLine: Int = 1,
                                     valueBudget: Int = YAMLFile.maximumValues) -> (T?, String) {
        var log = DiagnosticLog()
        let decoded = YAMLFile.decode(type, from: text, path: path, firstLine: firstLine, valueBudget: valueBudget, log: &log)
        return (decoded?.value, descriptions(log.all))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let expected: String
        var testDescription: String { name }
    }

    static let siteCases: [Case] = [
        Case(name: "three missing required keys give three errors", yaml: """
        organization:
          name: Tiny
          website: https://tiny.example
        trust_center:
          title: Tiny
          description: Small.
          contact_email: security@tiny.example
          access_request_url: mailto:trust@tiny.example

        """, expected: """
        f.yaml:1:1: error: missing required key 'security_txt'
        f.yaml:1:1: note: add it, e.g. security_txt: {contacts: [mailto:security@fernwick.example], expires: 2027-06-30T00:00:00Z}
        f.yaml:2:3: error: missing required key 'legal_name' in 'organization'
        f.yaml:2:3: note: add it, e.g. legal_name: Fernwick Labs Inc.
        f.yaml:5:3: error: missing required key 'url' in 'trust_center'
        f.yaml:5:3: note: add it, e.g. url: https://trust.fernwick.example/
        """),
        Case(name: "a wrong type, a missing key and an unknown key in one record", yaml: """
        organization: [Tiny]
        trust_center:
          title: {a: b}
          description: Small.
          url: https://trust.tiny.example/
          contact_email: security@tiny.example
          access_request_url: mailto:trust@tiny.example
          colour: blue
        security_txt:
          contacts: mailto:security@tiny.example
          expires: 2027-06-30T00:00:00Z
        markdown:
          raw_html: maybe

        """, expected: """
        f.yaml:1:15: error: 'organization' must be a mapping
        f.yaml:1:15: note: write one 'key: value' per line, indented below 'organization', e.g. organization: {name: Fernwick, legal_name: Fernwick Labs Inc., website: https://fernwick.example}
        f.yaml:3:10: error: 'trust_center.title' must be text
        f.yaml:3:10: note: write it as text, in quotes if it contains ': ' or starts with '[', '{' or '- ', e.g. title: Fernwick Trust Center
        f.yaml:8:3: error: unknown key 'colour'
        f.yaml:8:3: note: the keys here are: title, description, tagline, url, contact_email, access_request_url, public_control_statuses; remove it or rename it to one of them
        f.yaml:10:13: error: 'security_txt.contacts' must be a list
        f.yaml:10:13: note: write a list: [a, b], or one '- a' per line, e.g. contacts: [mailto:security@fernwick.example]
        f.yaml:13:13: error: 'markdown.raw_html' must be true or false
        f.yaml:13:13: note: write true or false, e.g. raw_html: true
        """),
        Case(name: "a key valid elsewhere is not suggested as itself", yaml: minimalSiteYAML + "name: Tiny\n", expected: """
        f.yaml:15:1: error: unknown key 'name'
        f.yaml:15:1: note: the keys here are: organization, trust_center, security_txt, markdown, theme, language, branding, highlights, oscal_catalogs; remove it or rename it to one of them
        """),
        Case(name: "a tagged key never stands in for the plain one", yaml: minimalSiteYAML + "!x markdown: {raw_html: true}\n", expected: """
        f.yaml:15:1: error: the key 'markdown' has the tag '!x', which makes it another key
        f.yaml:15:1: note: remove the tag: write 'markdown:'
        """),
        Case(name: "a merge key supplies keys, and the mapping's own keys win", yaml: """
        base: &base
          name: Tiny
          legal_name: Tiny Labs, Inc.
          website: ftp://old.example
          colour: red
        organization:
          <<: *base
          website: https://tiny.example
          wbsite: x

        """, expected: """
        f.yaml:1:1: error: missing required key 'security_txt'
        f.yaml:1:1: note: add it, e.g. security_txt: {contacts: [mailto:security@fernwick.example], expires: 2027-06-30T00:00:00Z}
        f.yaml:1:1: error: missing required key 'trust_center'
        f.yaml:1:1: note: add it, e.g. trust_center: {title: Fernwick Trust Center, description: How Fernwick protects customer data., url: https://trust.fernwick.example/, contact_email: security@fernwick.example, access_request_url: mailto:trust@fernwick.example}
        f.yaml:1:1: error: unknown key 'base'
        f.yaml:1:1: note: the keys here are: organization, trust_center, security_txt, markdown, theme, language, branding, highlights, oscal_catalogs; remove it or rename it to one of them
        f.yaml:5:3: error: unknown key 'colour'
        f.yaml:5:3: note: the keys here are: name, legal_name, website; remove it or rename it to one of them
        f.yaml:9:3: error: unknown key 'wbsite'
        f.yaml:9:3: note: did you mean 'website'? 'website' is already given here; remove one of the two
        """),
        Case(name: "a list item that is not a mapping", yaml: """
        controls:
          - just text

        """, expected: """
        f.yaml:2:5: error: 'controls[0]' must be a mapping
        f.yaml:2:5: note: write the item as 'key: value' lines after its '- ', e.g. - {id: FW-IAM-01, title: Single sign-on, summary: Every person signs in through single sign-on., status: implemented, maps_to: {iso27001-2022: [A.5.15], soc2-2017: [CC6.1]}}
        """),
    ]

    @Test("Every problem of a site.yaml is reported in one pass", arguments: siteCases)
    func siteProblems(_ c: Case) {
        let text = c.yaml.hasPrefix("controls:") ? Self.problems(ControlsFile.self, c.yaml).1 : Self.problems(SiteConfig.self, c.yaml).1
        #expect(text == c.expected)
    }

    @Test("A merged key is read from the merge")
    func mergeValue() throws {
        let yaml = minimalSiteYAML.replacingOccurrences(of: "organization:\n  name: Tiny\n", with: "org: &o {name: Tiny}\norganization:\n  <<: *o\n")
            .replacingOccurrences(of: "org: &o", with: "x-org: &o")
        let (value, text) = Self.problems(SiteConfig.self, yaml)
        #expect(text == "f.yaml:1:1: error: unknown key 'x-org'\nf.yaml:1:1: note: the keys here are: organization, trust_center, security_txt, markdown, theme, language, branding, highlights, oscal_catalogs; remove it or rename it to one of them")
        #expect(value == nil)
        // Without the stray key, the merge gives the name.
        let clean = minimalSiteYAML.replacingOccurrences(of: "organization:\n  name: Tiny\n", with: "organization:\n  <<: {name: Merged}\n")
        let (site, none) = Self.problems(SiteConfig.self, clean)
        #expect(none == "")
        #expect(site?.organization.name == "Merged")
    }

    /// YAML's merge-key type: the mapping's own keys win, then the first mapping of a merged list;
    /// merges inside merged mappings count too.
    @Test("Merged lists and nested merges follow YAML's precedence")
    func mergePrecedence() throws {
        let yaml = """
        x-a: &a {name: A}
        x-b: &b {name: B, legal_name: B Inc.}
        x-c: &c {<<: *a, website: https://c.example}
        organization:
          <<: [*c, *b]

        """
        let (_, text) = Self.problems(SiteConfig.self, yaml)
        #expect(text.contains("unknown key 'x-a'") && !text.contains("'organization"), "\(text)")
        // Read directly through the decoder, the merged values are the expected ones.
        let node = try #require(try Yams.compose(yaml: yaml, YAMLFile.resolver))
        let organization = try #require(node.mapping?["organization"])
        let (value, problems) = RecordingDecoder.decode(SiteConfig.Organization.self, from: organization)
        #expect(problems.isEmpty)
        #expect(value == SiteConfig.Organization(name: "A", legalName: "B Inc.", website: "https://c.example"))
    }

    /// The retry loop this replaced stopped at 200 errors per file and re-decoded the file per error.
    @Test("10,000 bad values in one file are all reported")
    func tenThousandBadValues() {
        var yaml = "controls:\n"
        for i in 0..<5_000 {
            yaml += "  - {id: C-\(i), title: T, summary: S, status: done, maps_to: {}, tests: [{date: 2026-13-01, procedure: P, result: passed}]}\n"
        }
        var log = DiagnosticLog()
        #expect(YAMLFile.decode(ControlsFile.self, from: yaml, path: "c.yaml", log: &log) == nil)
        let errors = log.all.filter { $0.severity == .error }
        #expect(errors.count == 10_000)
        #expect(errors.filter { $0.message.hasSuffix("has unknown value 'done'") }.count == 5_000)
        #expect(errors.filter { $0.message.contains("'2026-13-01' is not a date") }.count == 5_000)
        #expect(errors.last?.message == "'controls[4999].tests[0].date': '2026-13-01' is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)")
        #expect(errors.last?.line == 5_001)
    }

    @Test("A missing required value of every kind is reported, each at its place")
    func everyKindMissing() {
        let yaml = """
        controls:
          - id: C-1
            title:
            summary: S
            status:
            maps_to:
            tests:
              - {date: , procedure: P, result: passed}

        """
        #expect(Self.problems(ControlsFile.self, yaml).1 == """
        f.yaml:3:11: error: 'controls[0].title' is empty; expected text
        f.yaml:3:11: note: e.g. title: Single sign-on
        f.yaml:5:12: error: 'controls[0].status' is empty; expected one of: implemented, partially-implemented, planned, not-implemented
        f.yaml:5:12: note: e.g. status: implemented
        f.yaml:6:13: error: 'controls[0].maps_to' is empty; expected a mapping
        f.yaml:6:13: note: e.g. maps_to: {iso27001-2022: [A.5.15], soc2-2017: [CC6.1]}
        f.yaml:8:16: error: 'controls[0].tests[0].date' is empty; expected a date (YYYY-MM-DD)
        f.yaml:8:16: note: e.g. date: 2026-06-30
        """)
    }

    @Test("A huge unknown value is cut in the message and gets no suggestion")
    func hugeValueIsCut() {
        let huge = String(repeating: "x", count: 1_000_000)
        let yaml = "controls:\n  - {id: C-1, title: T, summary: S, status: \(huge), maps_to: {}}\n"
        let (_, text) = Self.problems(ControlsFile.self, yaml)
        #expect(text == """
        f.yaml:2:45: error: 'controls[0].status' has unknown value '\(String(repeating: "x", count: 80))…'
        f.yaml:2:45: note: expected one of: implemented, partially-implemented, planned, not-implemented
        """)
        let key = String(repeating: "k", count: 100_000)
        // (An explicit `? key`: YAML limits implicit keys to 1,024 characters.)
        let (_, keyText) = Self.problems(ControlsFile.self, "controls:\n  - id: C-1\n    title: T\n    summary: S\n    status: planned\n    maps_to:\n      ? \(key)\n      : x\n")
        #expect(keyText == """
        f.yaml:8:9: error: 'controls[0].maps_to.\(key.prefix(80))…' must be a list
        f.yaml:8:9: note: write a list: [a, b], or one '- a' per line, e.g. \(key.prefix(80))…: […]
        """)
        let date = "2026-" + String(repeating: "1", count: 1_000_000)
        let (_, dateText) = Self.problems(PolicyFrontMatter.self, "title: P\napproved: \(date)")
        #expect(dateText == "f.yaml:2:11: error: 'approved': '\(date.prefix(80))…' is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)\nf.yaml:2:11: note: e.g. approved: 2026-06-30")
    }

    /// A NUL was reported as "the file is not valid UTF-8" at line 1, column 0.
    @Test("A control character is located and named")
    func controlCharacter() {
        let (_, text) = Self.problems(PolicyFrontMatter.self, "title: P\nowner: é\u{0}x", path: "p.md", firstLine: 2)
        #expect(text == "p.md:3:9: error: invalid YAML: the control character U+0000 is not allowed in YAML text; remove it")
    }

    @Test("Front-matter problems are shifted to the file's lines")
    func frontMatterShift() {
        let (_, text) = Self.problems(PolicyFrontMatter.self, "title: P\nvisibility: publik\napproved: 2026-02-30\nownr: me",
                                      path: "p.md", firstLine: 2)
        #expect(text == """
        p.md:3:13: error: 'visibility' has unknown value 'publik'
        p.md:3:13: note: did you mean 'public'?
        p.md:3:13: note: expected one of: public, confidential
        p.md:4:11: error: 'approved': '2026-02-30' is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)
        p.md:4:11: note: e.g. approved: 2026-06-30
        p.md:5:1: error: unknown key 'ownr'
        p.md:5:1: note: did you mean 'owner'?
        """)
    }
}

@Suite("Alias expansion budget")
struct AliasBudgetTests {
    /// 19 MB controls files without aliases were refused as "YAML aliases?": the budget grows with
    /// the file, and only aliases can exceed it.
    @Test("A file without aliases that writes more values than the base budget is read")
    func bigFileWithoutAliases() {
        var yaml = "subprocessors:\n"
        for i in 0..<300 { yaml += "  - {name: N\(i), purpose: P, location: L, data: D, added: 2024-01-01}\n" }
        // 300 × 9 values and more, against a base budget of 100.
        let (value, text) = DecodingTests.problems(SubprocessorsFile.self, yaml, valueBudget: 100)
        #expect(text == "")
        #expect(value?.subprocessors.count == 300)
    }

    @Test("Aliases that expand past the budget are refused, and the message names them")
    func aliasBomb() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 { yaml += "l\(level): &l\(level) [" + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let (value, text) = DecodingTests.problems(SubprocessorsFile.self, yaml, valueBudget: 100)
        #expect(value == nil)
        let budget = 100 + 2 * yaml.utf8.count
        #expect(text == """
        f.yaml:1:1: error: the YAML aliases (*name) in the file expand it to more than \(budget) values; refusing to read it
        f.yaml:1:1: note: write the values out instead of repeating an alias of an alias
        """)
    }
}

@Suite("Quoted content in messages")
struct ExcerptTests {
    @Test("Quoted values are cut after 80 characters, and breaks are escaped", arguments: [
        ("short", "short"),
        (String(repeating: "a", count: 80), String(repeating: "a", count: 80)),
        (String(repeating: "a", count: 81), String(repeating: "a", count: 80) + "…"),
        ("a\nb\tc\u{2028}d\u{0}", "a\\nb\\tc\\u{2028}d\\u{0}"),
    ])
    func cut(_ text: String, _ expected: String) {
        #expect(Excerpt.cut(text) == expected)
        #expect(Excerpt.quoted(text) == "'\(expected)'")
    }

    /// A 1 MB unknown id was echoed whole and took 15–20 s to suggest for.
    @Test("A 1 MB unknown control id in a policy is cut in the message")
    func hugeUnknownID() throws {
        let dir = try makeTemporaryFolder("huge-id")
        defer { removeTemporaryFolder(dir) }
        let huge = String(repeating: "Z", count: 1_000_000)
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/p.md": "---\ntitle: P\ncontrols: [\(huge)]\n---\nBody\n"], into: dir)
        let found = diagnosticsOfFailedCheck(makeBuilder(content: dir))
        #expect(descriptions(found) == "\(dir.path)/policies/p.md:3:12: error: unknown control '\(String(repeating: "Z", count: 80))…'\n"
                + "\(dir.path)/policies/p.md:3:12: note: no control is defined yet: add it to controls/*.yaml")
    }
}

@Suite("Bounded did-you-mean")
struct BoundedSuggestionTests {
    @Test("The bounded distance is exact within its bound and nil beyond it", arguments: [
        ("kitten", "sitting", 3, 3), ("kitten", "sitting", 2, nil), ("abc", "abc", 0, 0),
        ("abc", "abcdef", 2, nil), ("", "ab", 2, 2), ("flaw", "lawn", 2, 2),
    ] as [(String, String, Int, Int?)])
    func boundedDistance(_ a: String, _ b: String, _ bound: Int, _ expected: Int?) {
        let scalars = { (s: String) in s.unicodeScalars.map(\.value) }
        #expect(Suggestion.distance(scalars(a), scalars(b), atMost: bound) == expected)
    }

    /// The bit-parallel distance against the textbook dynamic programme, on seeded random words
    /// over a small alphabet (so they are often close), non-ASCII included.
    @Test("The bit-parallel distance equals the textbook one")
    func matchesTextbook() {
        func textbook(_ a: [UInt32], _ b: [UInt32]) -> Int {
            var prev = Array(0...b.count)
            for i in 1...max(1, a.count) where !a.isEmpty {
                var cur = [i] + Array(repeating: 0, count: b.count)
                for j in stride(from: 1, through: b.count, by: 1) {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return prev[b.count]
        }
        let alphabet: [UInt32] = [0x61, 0x62, 0x63, 0x2D, 0xE9, 0x2028]
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<2_000 {
            let a = (0..<next(65)).map { _ in alphabet[next(alphabet.count)] }
            let b = (0..<next(70)).map { _ in alphabet[next(alphabet.count)] }
            let exact = textbook(a, b)
            #expect(Suggestion.distance(a, b, atMost: 80) == exact)
            #expect(Suggestion.distance(a, b, atMost: exact) == exact)
            if exact > 0 { #expect(Suggestion.distance(a, b, atMost: exact - 1) == nil) }
        }
    }

    /// 1,000 mistyped control references among 5,000 controls took 23 s when every look-up
    /// rebuilt and re-lowercased the candidate set; one index answers them all.
    @Test("One index answers many look-ups among thousands of candidates")
    func manyLookups() {
        let ids = (0..<5_000).map { String(format: "CTL-%05d", $0) }
        let index = Suggestion.Index(ids)
        for i in stride(from: 0, to: 5_000, by: 25) {
            #expect(index.closest(to: String(format: "CTL-%05dx", i)) == String(format: "CTL-%05d", i))
        }
        #expect(index.closest(to: String(repeating: "C", count: 1_000_000)) == nil)
    }
}
