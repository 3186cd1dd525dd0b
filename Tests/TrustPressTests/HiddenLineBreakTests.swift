import Foundation
import Testing
@testable import TrustPressCore

/// YAML breaks lines at U+2028, U+2029, U+0085 and a lone CR, which editors and diffs do not show
/// as line breaks: `title: X⟨U+2028⟩visibility: public` read as a title but made the policy public.
/// Each is an error with its line and column, in every YAML file and in policy front matter.
@Suite("Hidden line breaks")
struct HiddenLineBreakTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [String: String]
        /// Every diagnostic; `<dir>` is the content folder. Empty: the check passes.
        let expected: String
        var testDescription: String { name }
    }

    static let ls = "a U+2028 LINE SEPARATOR here is a line break to YAML, but editors and diffs do not show it as one"
    static let replace = "replace it with a real line break, or delete it"

    static let cases: [Case] = [
        Case(name: "U+2028 in front matter", files: [
            "policies/p.md": "---\ntitle: X\u{2028}visibility: public\n---\nSecret body.\n",
        ], expected: """
        <dir>/policies/p.md:2:9: error: \(ls)
        <dir>/policies/p.md:2:9: note: \(replace)
        """),
        Case(name: "U+2029 in front matter, after a multi-byte character", files: [
            "policies/p.md": "---\ntitle: Über\u{2029}visibility: public\n---\nSecret body.\n",
        ], expected: """
        <dir>/policies/p.md:2:12: error: a U+2029 PARAGRAPH SEPARATOR here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/policies/p.md:2:12: note: \(replace)
        """),
        Case(name: "U+0085 in front matter", files: [
            "policies/p.md": "---\nid: p\ntitle: X\u{85}visibility: public\n---\nSecret body.\n",
        ], expected: """
        <dir>/policies/p.md:3:9: error: a U+0085 NEXT LINE (NEL) here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/policies/p.md:3:9: note: \(replace)
        """),
        Case(name: "a lone carriage return in front matter", files: [
            "policies/p.md": "---\r\ntitle: X\rvisibility: public\r\n---\r\nSecret body.\r\n",
        ], expected: """
        <dir>/policies/p.md:2:9: error: a carriage return (U+000D) without a line feed here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/policies/p.md:2:9: note: save the file with LF (or CRLF) line endings
        """),
        Case(name: "a lone carriage return in the opening fence line", files: [
            "policies/p.md": "---\rvisibility: public\ntitle: X\n---\nSecret body.\n",
        ], expected: """
        <dir>/policies/p.md:1:4: error: a carriage return (U+000D) without a line feed here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/policies/p.md:1:4: note: save the file with LF (or CRLF) line endings
        """),
        Case(name: "every hidden break of a controls file, each at its place", files: [
            "controls/c.yaml": "controls:\n  - id: C-1\n    title: T\u{2028}\u{2028}\n    summary: S\u{85}\n    status: planned\r    maps_to: {}\n",
        ], expected: """
        <dir>/controls/c.yaml:3:13: error: \(ls)
        <dir>/controls/c.yaml:3:13: note: \(replace)
        <dir>/controls/c.yaml:3:14: error: \(ls)
        <dir>/controls/c.yaml:3:14: note: \(replace)
        <dir>/controls/c.yaml:4:15: error: a U+0085 NEXT LINE (NEL) here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/controls/c.yaml:4:15: note: \(replace)
        <dir>/controls/c.yaml:5:20: error: a carriage return (U+000D) without a line feed here is a line break to YAML, but editors and diffs do not show it as one
        <dir>/controls/c.yaml:5:20: note: save the file with LF (or CRLF) line endings
        """),
        Case(name: "a controls file with carriage returns as its only line ends is one error", files: [
            "controls/c.yaml": "controls:\r  - id: C-1\r    title: T\r    summary: S\r    status: planned\r    maps_to: {}\r",
        ], expected: """
        <dir>/controls/c.yaml:1:10: error: the file ends its lines with carriage returns (CR) alone, which YAML reads as line breaks but not every editor or diff shows
        <dir>/controls/c.yaml:1:10: note: save the file with LF (or CRLF) line endings
        """),
        Case(name: "U+2028 in a quoted value of site.yaml", files: [
            "site.yaml": minimalSiteYAML.replacingOccurrences(of: "title: Tiny Trust Center", with: "title: \"Tiny\u{2028}Trust\""),
        ], expected: """
        <dir>/site.yaml:6:15: error: \(ls)
        <dir>/site.yaml:6:15: note: \(replace)
        """),
        Case(name: "in a policy body (Markdown, not YAML) it is text", files: [
            "policies/p.md": "---\ntitle: X\n---\nBody\u{2028}more\rand \u{85}more.\n",
        ], expected: ""),
        Case(name: "after the closing '...' fence it is body text", files: [
            "policies/p.md": "---\ntitle: X\n...  \nBody\u{2028}more\n",
        ], expected: ""),
        Case(name: "CRLF line endings are line breaks an editor shows", files: [
            "policies/p.md": "---\r\ntitle: X\r\n---\r\nBody\r\n",
            "controls/c.yaml": "controls:\r\n  - {id: C-1, title: T, summary: S, status: planned, maps_to: {}}\r\n",
        ], expected: ""),
    ]

    @Test("Each hidden line break is an error at its line and column", arguments: cases)
    func hiddenBreaks(_ c: Case) throws {
        let dir = try makeTemporaryFolder("breaks")
        defer { removeTemporaryFolder(dir) }
        var files = c.files
        if files["site.yaml"] == nil { files["site.yaml"] = minimalSiteYAML }
        try writeFiles(files, into: dir)
        if c.expected.isEmpty {
            let (model, warnings) = try makeBuilder(content: dir).check()
            #expect(descriptions(warnings) == "")
            #expect(model.policies.allSatisfy { $0.visibility == .confidential })
        } else {
            let found = diagnosticsOfFailedCheck(makeBuilder(content: dir))
            #expect(descriptions(found) == c.expected.replacingOccurrences(of: "<dir>", with: dir.path))
        }
    }

    @Test("Lines are counted by line feeds only, as an editor shows them; a front-matter scan stops at the fence")
    func positions() {
        #expect(SourceText.hiddenLineBreaks(in: "a\u{2028}b\nc\rd\r\ne\u{85}", frontMatterOnly: false).map { "\($0.line):\($0.column)" }
                == ["1:2", "2:2", "3:2"])
        #expect(SourceText.hiddenLineBreaks(in: "---\nt: x\n---\nbody\u{2028}", frontMatterOnly: true).isEmpty)
        // Not a fence: the scan goes on.
        #expect(SourceText.hiddenLineBreaks(in: "---\nt: x\n---      x\u{2028}", frontMatterOnly: true).count == 1)
        // A carriage return at the very end is alone too.
        #expect(SourceText.hiddenLineBreaks(in: "a: b\nx\r", frontMatterOnly: false).map { "\($0.line):\($0.column)" } == ["2:2"])
        // No front matter: nothing to check in a policy.
        #expect(SourceText.hiddenLineBreaks(in: "# Title\u{2028}", frontMatterOnly: true).isEmpty)
        // No closing fence: the whole file is checked.
        #expect(SourceText.hiddenLineBreaks(in: "---\nt: x\u{2028}", frontMatterOnly: true).count == 1)
    }
}
