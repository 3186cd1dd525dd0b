import Foundation
import Testing
@testable import TrustPressCore
import Yams

@Suite("Front matter")
struct FrontMatterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let yaml: String?
        let body: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no front matter", text: "# Title\n\nBody\n", yaml: nil, body: "# Title\n\nBody\n"),
        Case(name: "front matter, then body", text: "---\ntitle: A\nversion: \"1\"\n---\n# Body\n",
             yaml: "title: A\nversion: \"1\"", body: "# Body\n"),
        Case(name: "'---' inside YAML values", text: "---\ntitle: \"a --- b\"\nnote: |\n  ---\n  more\n---\nBody",
             yaml: "title: \"a --- b\"\nnote: |\n  ---\n  more", body: "Body"),
        Case(name: "a later '---' stays in the body", text: "---\ntitle: A\n---\nIntro\n\n---\n\nMore\n",
             yaml: "title: A", body: "Intro\n\n---\n\nMore\n"),
        Case(name: "'...' closes the front matter", text: "---\ntitle: A\n...\nBody\n", yaml: "title: A", body: "Body\n"),
        Case(name: "fences with trailing blanks", text: "--- \ntitle: A\n---\t\nBody", yaml: "title: A", body: "Body"),
        Case(name: "empty front matter", text: "---\n---\nBody", yaml: "", body: "Body"),
        Case(name: "nothing after the closing fence", text: "---\ntitle: A\n---", yaml: "title: A", body: ""),
        Case(name: "'---' not on the first line", text: "\n---\ntitle: A\n---\n", yaml: nil, body: "\n---\ntitle: A\n---\n"),
        Case(name: "a thematic break of four dashes", text: "----\ntitle: A\n----\n", yaml: nil, body: "----\ntitle: A\n----\n"),
    ]

    @Test("Splitting front matter from the body", arguments: cases)
    func split(_ c: Case) throws {
        let parts = try FrontMatter.split(c.text)
        #expect(parts.yaml == c.yaml)
        #expect(parts.body == c.body)
        #expect(parts.yamlFirstLine == (c.yaml == nil ? 1 : 2))
    }

    @Test("A CRLF file is split after SourceText has normalised its line endings")
    func crlf() throws {
        var log = DiagnosticLog()
        let text = try #require(SourceText.decode(Data("---\r\ntitle: A\r\n---\r\nBody\r\nMore\r\n".utf8), path: "p.md", log: &log))
        let parts = try FrontMatter.split(text)
        #expect(parts.yaml == "title: A")
        #expect(parts.body == "Body\nMore\n")
        #expect(!parts.body.contains("\r"))
    }

    @Test("An opening fence without a closing one throws", arguments: ["---\ntitle: A\nBody\n", "---", "---\n", "--- \n# Heading\n\ntext"])
    func unterminated(_ text: String) {
        #expect(throws: FrontMatter.SplitError.unterminated) { try FrontMatter.split(text) }
    }

    @Test("The body's first line is counted in the file (for diagnostics in the body)")
    func bodyFirstLine() throws {
        #expect(try FrontMatter.split("---\ntitle: A\nid: b\n---\nBody").bodyFirstLine == 5)
        #expect(try FrontMatter.split("---\n---\nBody").bodyFirstLine == 3)
    }
}

@Suite("Source text decoding")
struct SourceTextTests {
    func decode(_ bytes: [UInt8]) -> (String?, [Diagnostic]) {
        var log = DiagnosticLog()
        let text = SourceText.decode(Data(bytes), path: "Content/policies/p.md", log: &log)
        return (text, log.all)
    }

    @Test("A UTF-8 byte order mark is removed")
    func bom() {
        let (text, diagnostics) = decode([0xEF, 0xBB, 0xBF] + Array("title: A\n".utf8))
        #expect(text == "title: A\n")
        #expect(diagnostics.isEmpty)
        #expect(decode([0xEF, 0xBB, 0xBF]).0 == "")
    }

    @Test("CRLF and lone CR line endings become LF")
    func lineEndings() {
        #expect(decode(Array("a\r\nb\rc\nd\r\n\r\n".utf8)).0 == "a\nb\nc\nd\n\n")
        #expect(decode(Array("no line endings".utf8)).0 == "no line endings")
    }

    @Test("Non-ASCII UTF-8 passes through unchanged")
    func unicode() {
        #expect(decode(Array("Zürich — 東京 €\n".utf8)).0 == "Zürich — 東京 €\n")
    }

    /// Bytes, the offset of the bad byte in the file, its line:column (columns in characters).
    static let invalid: [([UInt8], Int, String, String)] = [
        (Array("ab".utf8) + [0xFF] + Array("cd".utf8), 2, "1:3", "a 0xFF byte"),
        ([0x80], 0, "1:1", "a stray continuation byte"),
        (Array("abc".utf8) + [0xC0, 0xAF], 3, "1:4", "an overlong encoding"),
        (Array("abc".utf8) + [0xE2, 0x82], 3, "1:4", "a sequence cut off at the end"),
        (Array("é€".utf8) + [0x80], 5, "1:3", "a stray byte after multi-byte characters"),
        (Array("x".utf8) + [0xED, 0xA0, 0x80], 1, "1:2", "an encoded surrogate"),
        (Array("line 1\r\nline 2\r\n".utf8) + [0xFE], 16, "3:1", "a bad byte after CRLF lines (offset in the raw file)"),
    ]

    @Test("Invalid UTF-8 is an error that names the line, column and offset of the first bad byte", arguments: invalid)
    func invalidUTF8(_ bytes: [UInt8], _ offset: Int, _ position: String, _ label: String) {
        let (text, diagnostics) = decode(bytes)
        #expect(text == nil, "\(label)")
        #expect(descriptions(diagnostics) == """
            Content/policies/p.md:\(position): error: the file is not valid UTF-8 (first invalid byte at offset \(offset))
            Content/policies/p.md:\(position): note: save the file as UTF-8
            """, "\(label)")
    }

    @Test("With a byte order mark, the offset still counts from the start of the file")
    func invalidAfterBOM() {
        // Bytes: EF BB BF 'a' 'b' FF — the bad byte is at file offset 5.
        let (text, diagnostics) = decode([0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xFF])
        #expect(text == nil)
        #expect(diagnostics.first?.message == "the file is not valid UTF-8 (first invalid byte at offset 5)")
    }
}

@Suite("Did-you-mean suggestions")
struct SuggestionTests {
    static let cases: [(String, [String], String?)] = [
        ("publik", ["public", "confidential"], "public"),
        ("PUBLIK", ["public", "confidential"], "public"),
        ("confidental", ["public", "confidential"], "confidential"),
        ("xyz", ["public", "confidential"], nil),
        ("implemnted", ["implemented", "partially-implemented", "planned", "not-implemented"], "implemented"),
        ("FW-IAM-1", ["FW-IAM-01", "FW-IAM-10"], "FW-IAM-01"),     // tie: the alphabetically first
        ("iso27001-2013", ["iso27001-2022", "soc2-2017"], "iso27001-2022"),
        ("ab", ["abcd"], "abcd"),                                  // distance 2 is always allowed
        ("ab", ["abcde"], nil),                                    // distance 3 is too far for a short word
        ("visibility", [], nil),
        ("owner", ["owner"], nil),                                 // never the rejected text itself
        ("Owner", ["owner"], "owner"),                             // but its other spelling
        ("name", ["name", "names"], "names"),
        (String(repeating: "a", count: 65), [String(repeating: "a", count: 64)], nil), // too long to be a typo
    ]

    @Test("The closest candidate within the edit-distance limit, or none", arguments: cases)
    func closest(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(Suggestion.closest(to: word, in: candidates) == expected)
    }

    @Test("The limit grows with the word: a third of its length")
    func limit() {
        // 12 letters: up to 4 edits.
        #expect(Suggestion.closest(to: "abcdefghijkl", in: ["abcdefghWXYZ"]) == "abcdefghWXYZ")
        #expect(Suggestion.closest(to: "abcdefghijkl", in: ["abcdefgVWXYZ"]) == nil)
    }
}

/// Policy front matter is read straight from the YAML tree in the common case; that reading must
/// give exactly what the Codable decoder gives, and leave everything unusual to it.
@Suite("Policy front matter read directly")
struct DirectFrontMatterTests {
    static let plain = [
        "title: Access control",
        "title: 'Quoted: yes'\nid: access-control\nversion: 1.0\nowner: CISO",
        "title: \"Dates\"\napproved: 2026-06-01\nnext_review: 2027-06-01T09:00:00+02:00",
        "title: T\nvisibility: public\ncontrols: [FW-IAM-01, FW-IAM-02]\npublic_summary: >\n  Folded\n  text",
        "title: T\nvisibility: confidential\ncontrols: []\nversion: '2'",
        "title: T\ncontrols:\n  - A\n  - B\nowner: &o Security\npublic_summary: *o",
        "'title': Quoted key\n!!str owner: Tagged as text\n! version: '3'",
    ]

    @Test("The direct reading equals the Codable decoder's", arguments: plain)
    func same(_ yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml, YAMLFile.resolver))
        let direct = try #require(PolicyFrontMatter.decodeDirectly(node))
        #expect(direct == (try YAMLDecoder().decode(PolicyFrontMatter.self, from: node)))
        // And the decoder that reads what the direct reading leaves.
        #expect(direct == recorded(PolicyFrontMatter.self, node))
    }

    static let unusual = [
        "id: no-title",                              // required key missing
        "title:\nowner: x",                          // null
        "title: T\nowner: ~",                        // null
        "title: T\nvisibilty: public",               // unknown key (misspelt)
        "title: T\nvisibility: yes",                 // not an accepted value
        "title: T\napproved: 1 June 2026",           // not a date
        "title: T\ncontrols: FW-IAM-01",             // text where a list is expected
        "title: T\ncontrols: [[A]]",                 // a list inside the list
        "title: [a, b]",                             // a list where text is expected
        "base: &b {owner: x}\n<<: *b\ntitle: T",     // merge key
        // A tagged key is a different key to the decoder; it must not stand in for the plain one
        // (here it would have made a confidential policy public).
        "title: Payroll\nvisibility: confidential\n!x visibility: public",
        "title: Payroll\n!x visibility: public",
        "!!merge title: T",
        "title: T\nyamlTag: x",
    ]

    @Test("Anything unusual is left to the Codable decoder and its diagnostics", arguments: unusual)
    func fallsBack(_ yaml: String) throws {
        let node = try #require(try Yams.compose(yaml: yaml, YAMLFile.resolver))
        #expect(PolicyFrontMatter.decodeDirectly(node) == nil)
    }
}

/// Controls files are read straight from the YAML tree in the plain case, like policy front matter.
@Suite("Controls read directly")
struct DirectControlsTests {
    /// Every controls file of the sample and of the fixture sites.
    static var files: [URL] {
        let fm = FileManager.default
        let roots = [Paths.content, Paths.sourceFixtures.appendingPathComponent("mini-site"),
                     Paths.sourceFixtures.appendingPathComponent("canary-site")]
        return roots.flatMap { root -> [URL] in
            let folder = root.appendingPathComponent("controls")
            return ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { folder.appendingPathComponent($0) }
        }
    }

    @Test("The sample's and fixtures' controls files read directly equal the Codable decoder's")
    func sameAsCodable() throws {
        let files = Self.files
        #expect(files.count >= 3)
        for file in files {
            let node = try #require(try Yams.compose(yaml: String(contentsOf: file, encoding: .utf8), YAMLFile.resolver))
            let direct = try #require(ControlsFile.decodeDirectly(node), "\(file.path) was not read directly")
            let decoded = try YAMLDecoder().decode(ControlsFile.self, from: node)
            #expect(direct.controls == decoded.controls, "\(file.path)")
            #expect(direct.controls == recorded(ControlsFile.self, node)?.controls, "\(file.path)")
        }
    }

    static let control = """
        controls:
          - id: FW-1
            title: T
            summary: S
            status: implemented
            maps_to: {iso27001-2022: [A.5.1]}
        """

    @Test("A plain control with tests and evidence reads the same both ways")
    func full() throws {
        let yaml = Self.control + """

                owner: CISO
                implementation: |
                  Markdown **text**
                evidence:
                  - {kind: access-review, title: Q3 review, date: 2026-09-30, reference: JIRA-1}
                  - {kind: other, title: Note}
                tests:
                  - {date: 2026-10-01, procedure: Sampled, sample_size: 0x19, exceptions: 0, result: passed}
            """
        let node = try #require(try Yams.compose(yaml: yaml, YAMLFile.resolver))
        let direct = try #require(ControlsFile.decodeDirectly(node))
        #expect(direct.controls == (try YAMLDecoder().decode(ControlsFile.self, from: node)).controls)
        #expect(direct.controls == recorded(ControlsFile.self, node)?.controls)
        #expect(direct.controls.first?.tests?.first?.sampleSize == 25)
    }

    static let unusual = [
        "    owner:",                        // null
        "    ownr: CISO",                    // unknown key
        "    tests: [{date: 2026-10-01, procedure: P, sample_size: many, result: passed}]",
        "    tests: [{date: 2026-10-01, procedure: P, result: failed}]",
        "    evidence: [{kind: screenshot, title: T}]",
        "    evidence: [{title: no kind}]",
        "    <<: {owner: x}",               // merge key
        "    !x owner: CISO",               // tagged key
        "    evidence: [{yamlAnchor: x, kind: other, title: T}]",  // a name Yams' decoder reserves
    ]

    @Test("Anything unusual in a control is left to the Codable decoder", arguments: unusual)
    func fallsBack(_ line: String) throws {
        let node = try #require(try Yams.compose(yaml: Self.control + "\n" + line, YAMLFile.resolver))
        #expect(ControlsFile.decodeDirectly(node) == nil)
    }
}

/// What the recording decoder reads from `node`, or nil when it found any problem.
func recorded<T: Decodable>(_ type: T.Type, _ node: Node) -> T? {
    let (value, problems) = RecordingDecoder.decode(type, from: node)
    return problems.isEmpty ? value : nil
}
