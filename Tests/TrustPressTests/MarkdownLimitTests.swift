import Foundation
import Testing
@testable import TrustPressCore

/// Issue 13, finding 7 (Markdown): inputs on which cmark-gfm 0.29 is super-linear (a long run of
/// `www.a_b_`, thousands of table columns) are refused before any parse, at their line.
@Suite("Markdown limits")
struct MarkdownLimitTests {
    typealias V = MarkdownLimits.Violation
    static let run = String(repeating: "www.a_b_", count: 125)  // 1,000 bytes without a space

    static let cases: [(name: String, text: String, expected: [V])] = [
        ("at every limit", "a\n" + run + "\n" + String(repeating: "|", count: 128) + "\n"
            + String(repeating: "word ", count: 4_000), []),
        ("a run one byte too long, after a non-ASCII word", "Intro\n\nÜber " + run + "x rest", [
            V(line: 3, column: 6, message: "1,001 bytes without a space; Markdown may have at most 1,000 bytes between spaces (a longer word or URL makes rendering slow)")]),
        ("the 160 KB line of the issue", String(repeating: "www.a_b_", count: 20_000), [
            V(line: 1, column: 1, message: "160,000 bytes without a space; Markdown may have at most 1,000 bytes between spaces (a longer word or URL makes rendering slow)")]),
        ("a line too long", "a\n" + String(repeating: "word ", count: 4_001), [
            V(line: 2, column: 1, message: "this line is 20,005 bytes long; a Markdown line may be at most 20,000 bytes (break it into shorter lines)")]),
        ("a table too wide, on two rows", "| a |\n" + String(repeating: "| b ", count: 129) + "\n" + String(repeating: "|-", count: 200), [
            V(line: 2, column: 513, message: "this line has more than 128 '|' characters; a table may have at most 128 columns"),
            V(line: 3, column: 257, message: "this line has more than 128 '|' characters; a table may have at most 128 columns")]),
        ("one problem per line", String(repeating: "|", count: 30_000), [
            V(line: 1, column: 129, message: "this line has more than 128 '|' characters; a table may have at most 128 columns")]),
        ("a text too large", String(repeating: "Ten bytes\n", count: 100_001), [
            V(line: 1, column: 1, message: "the text is 1,000,010 bytes; a Markdown text may be at most 1,000,000 bytes (split it up)")]),
    ]

    static let brackets = "this paragraph has more than 1,000 '[' characters; a paragraph (lines without a blank line between them) may have at most 1,000 (links, images, footnotes); add blank lines"
    static let images = String(repeating: "![[]() ", count: 500)  // 1,000 '['
    /// 127 columns (the delimiter row's), then `rows` one-cell rows.
    static func table(_ rows: Int) -> String {
        "|" + String(repeating: "a|", count: 127) + "\n|" + String(repeating: "-|", count: 127) + "\n" + String(repeating: "a\n", count: rows)
    }
    static func cells(_ rows: Int) -> String {
        "this table has more than 20,000 cells (127 columns × \(rows) rows so far; every row is padded to the header's width); split it into smaller tables"
    }

    /// Issue 13 review, findings 3 and 4: the '[' of one paragraph (cmark-gfm's bracket matching is
    /// quadratic: 378 KB took 81 s) and the cells of tables (rows padded to the header: 20 KB took
    /// 675 MB) are bounded, at the line where the bound is passed / the table's header line.
    static let shapeCases: [(name: String, text: String, expected: [V])] = [
        ("1,000 '[' in a paragraph, and again after a blank line", images + "\n\n" + images, []),
        ("1,001 '[' over two lines", images + "\n![", [V(line: 2, column: 2, message: brackets)]),
        ("the reviewer's paragraph", String(repeating: String(String(repeating: "![[]() ", count: 2700).prefix(18_900)) + "\n", count: 10), [
            V(line: 1, column: 3502, message: brackets)]),
        ("one error per paragraph", String(repeating: "[", count: 999) + "\n[[\n[[\n\n" + String(repeating: "[ ", count: 1_001), [
            V(line: 2, column: 2, message: brackets), V(line: 5, column: 2001, message: brackets)]),
        ("a tight list of 5,000 task boxes and links", String(repeating: "- [x] [a](b.md) and [c][d]\n", count: 5_000), []),
        ("a bullet item resets the count, an ordered item or a lazy line does not",
         images + "\n- " + images + "\n2. [\n   * [\n    - " + images, [
            V(line: 3, column: 4, message: brackets), V(line: 5, column: 3502, message: brackets)]),
        ("an empty bullet item does not end a paragraph", images + "\n- \n[", [V(line: 3, column: 1, message: brackets)]),
        ("100 '@' in a line, and 100 more on the next", String(repeating: "a:b@c.d ", count: 100) + "\n" + String(repeating: "x@y.z ", count: 100), []),
        ("101 '@' in a line (the reviewer's e-mail autolinks)", String(repeating: "a:b@c.d ", count: 2_000), [
            V(line: 1, column: 804, message: "this line has more than 100 '@' characters; a Markdown line may have at most 100 (e-mail addresses make rendering slow); break it into shorter lines")]),
        ("a table at the limit", table(155), []),
        ("a table one row over", "Intro\n\n" + table(156), [V(line: 3, column: 1, message: cells(158))]),
        ("the reviewer's table", table(10_000), [V(line: 1, column: 1, message: cells(158))]),
        ("a blank line ends the table", table(155) + "\n" + String(repeating: "a\n", count: 1_000), []),
        ("tables within the limit each, over it together", Array(repeating: table(155), count: 6).joined(separator: "\n"), [
            V(line: 791, column: 1, message: "with this table the tables of the text have more than 100,000 cells in all (columns × rows of each); split the text up")]),
        ("a thematic break is not a delimiter row", "a\n\n---\n" + String(repeating: "b\n", count: 30_000), []),
    ]

    @Test("Brackets per paragraph and cells per table are bounded at their line", arguments: shapeCases)
    func shapes(_ name: String, _ text: String, _ expected: [V]) {
        #expect(MarkdownLimits.check(text, what: "the text") == expected, "\(name)")
    }

    @Test("The reviewer's bracket and table bombs in a policy are errors at their line in the file")
    func shapesInPolicy() throws {
        let dir = try makeTemporaryFolder("limits")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/p.md": "---\ntitle: P\n---\nIntro\n\n" + Self.images + "\n[x](q.md)\n",
                        "policies/q.md": "---\ntitle: Q\n---\n" + Self.table(10_000)], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir, display: "content"))) == """
            content/policies/p.md:7:1: error: \(Self.brackets)
            content/policies/q.md:4:1: error: \(Self.cells(158))
            """)
    }

    @Test("Limits are reported at the line and column that exceeds them", arguments: cases)
    func limits(_ name: String, _ text: String, _ expected: [V]) {
        #expect(MarkdownLimits.check(text, what: "the text") == expected, "\(name)")
    }

    @Test("A policy over a limit is an error at its line in the file, and is not parsed further")
    func inPolicy() throws {
        let dir = try makeTemporaryFolder("limits")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/p.md": "---\ntitle: P\nvisibility: public\n---\nIntro\n\n" + String(repeating: "|x", count: 6_000) + "\n\n- ::: Confidential\n",
                        "policies/q.md": "---\ntitle: Q\n---\n" + String(repeating: "a.", count: 80_000) + "\n"], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir, display: "content"))) == """
            content/policies/p.md:7:257: error: this line has more than 128 '|' characters; a table may have at most 128 columns
            content/policies/q.md:4:1: error: 160,000 bytes without a space; Markdown may have at most 1,000 bytes between spaces (a longer word or URL makes rendering slow)
            """)
    }

    @Test("A Markdown field of a YAML file over a limit is an error at the field")
    func inYAMLField() throws {
        let (content, line) = try miniSite(withImplementationLines: ["Intro.", String(repeating: "www.a_b_", count: 200)])
        defer { removeTemporaryFolder(content) }
        let found = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content"))
        #expect(found.contains { $0.path == "content/controls/controls.yaml" && $0.line == line
            && $0.message == "1,600 bytes without a space; Markdown may have at most 1,000 bytes between spaces (a longer word or URL makes rendering slow) (line 2 of 'implementation')" }, "\(found)")
    }

    @Test("Numbers in messages are grouped by thousands", arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567")])
    func grouped(_ n: Int, _ text: String) {
        #expect(MarkdownLimits.grouped(n) == text)
    }
}
