import Foundation
import Testing
@testable import TrustPressCore

/// Heading levels, heading ids, table regions and task-list names (issue 10: vnu "heading skips a
/// level", axe heading-order, label, scrollable-region-focusable).
@Suite("Headings, tables and task lists")
struct HeadingTests {
    /// Written levels → page levels under the page's `<h1>`.
    static let levels: [([Int], [Int])] = [
        ([1, 3], [2, 3]),
        ([2, 4, 6], [2, 3, 4]),
        ([5, 6], [2, 3]),                       // h5/h6 do not collapse into one level
        ([2, 1], [2, 2]),                        // a later, higher heading never sits below the first
        ([1, 2, 1, 3], [2, 3, 2, 3]),
        ([3, 2, 4], [2, 2, 3]),
        ([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 6]), // six nested levels: only the last reaches the h6 limit
        ([2, 2, 2], [2, 2, 2]),
        ([], []),
    ]

    @Test("Page levels follow the document's own heading sequence", arguments: levels)
    func pageLevels(_ written: [Int], _ page: [Int]) {
        #expect(Markdown.headingLevels(written) == page)
    }

    /// github-slugger's rules.
    static let slugs: [(String, String)] = [
        ("Access Reviews", "access-reviews"),
        ("1. Scope & Purpose", "1-scope--purpose"),
        ("A.5.15 — Access control", "a515--access-control"),
        ("Über Größe", "über-größe"),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("I ♥ unicode", "i--unicode"),
        ("  two  spaces ", "--two--spaces-"),
        ("What's new?", "whats-new"),
        ("C++ / Rust", "c--rust"),
        ("Emoji 😄 here", "emoji--here"),
    ]

    @Test("Heading ids follow github-slugger", arguments: slugs)
    func slug(_ text: String, _ id: String) {
        #expect(HeadingSlugger.slug(text) == id)
    }

    /// ASCII text takes a byte-wise path; a leading `é` sends the same text through the Unicode one.
    @Test("Every ASCII character slugs alike on the ASCII and the Unicode path", arguments: 0..<128)
    func asciiPathMatchesUnicodePath(_ value: Int) {
        let c = String(UnicodeScalar(UInt8(value)))
        #expect("é" + HeadingSlugger.slug("a\(c)B") == HeadingSlugger.slug("éa\(c)B"))
    }

    @Test("HTML and XML escaping, byte by byte", arguments: [
        ("plain", "plain", "plain"), ("a&b<c>", "a&amp;b&lt;c&gt;", "a&amp;b&lt;c&gt;"),
        ("\"q\" it's", "&quot;q&quot; it&#39;s", "&quot;q&quot; it&apos;s"),
        // A combining mark after a quote makes one Character; the quote is still escaped.
        ("\"\u{301}x", "&quot;\u{301}x", "&quot;\u{301}x"), ("Über & ☃", "Über &amp; ☃", "Über &amp; ☃"),
    ])
    func escaping(_ text: String, _ html: String, _ xml: String) {
        #expect(HTML.escape(text) == html)
        #expect(XML.escape(text) == xml)
    }

    /// The leak audit's sentence trim (no Foundation) against Foundation's: spaces of every kind at
    /// either end go, other white space and inner spaces stay.
    @Test("trimmingSpaces cuts what trimmingCharacters(in: .whitespaces) cuts", arguments: [
        "", " ", "plain", "  two words  ", "\tTab\t", "\u{A0}no-break\u{A0}", "\u{3000}ideographic\u{2003}",
        "\u{202F}narrow\u{205F}", "\nnewline stays\n", "\u{200B}zero width\u{200B}", "inner \u{A0} kept",
        "é\u{301} ", " \u{1680}ogham", "\u{85}next line\u{85}", "\r\n",
    ] + (0..<128).map { "\(UnicodeScalar(UInt8($0)))x\(UnicodeScalar(UInt8($0)))" })
    func trimmingSpaces(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(Substring(text).trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("Repeated, reserved, footnote and empty ids are made unique")
    func uniqueIDs() {
        var slugger = HeadingSlugger(footnotes: ["1", "note"])
        #expect(["Scope", "Scope", "Scope-1", "Scope", "Main", "FN 1", "fnref note", "fnref-note-2", "!!!", "???"].map { slugger.slug($0) }
                == ["scope", "scope-1", "scope-1-1", "scope-2", "main-1", "fn-1-1", "fnref-note-heading", "fnref-note-2-1", "section", "section-1"])
    }

    /// Markdown → the policy page's HTML (headings with ids).
    static let policyHTML: [(String, String)] = [
        ("# Title\n\n### Deep\n", "<h2 id=\"title\">Title</h2>\n<h3 id=\"deep\">Deep</h3>\n"),
        ("## A\n#### B\n###### C\n", "<h2 id=\"a\">A</h2>\n<h3 id=\"b\">B</h3>\n<h4 id=\"c\">C</h4>\n"),
        ("##### Five\n###### Six\n", "<h2 id=\"five\">Five</h2>\n<h3 id=\"six\">Six</h3>\n"),
        ("## Use `sudo` *carefully*\n", "<h2 id=\"use-sudo-carefully\">Use <code>sudo</code> <em>carefully</em></h2>\n"),
        ("## See [ISO](https://iso.example) ![logo](https://x.example/l.png)\n",
         "<h2 id=\"see-iso-\">See <a href=\"https://iso.example\">ISO</a> <img src=\"https://x.example/l.png\" alt=\"logo\" /></h2>\n"),
        ("## <b>x</b> & \"y\"\n", "<h2 id=\"x--y\"><!-- raw HTML omitted -->x<!-- raw HTML omitted --> &amp; &quot;y&quot;</h2>\n"),
        ("Setext\nheading\n===\n", "<h2 id=\"setext-heading\">Setext\nheading</h2>\n"),
        ("> ## Quoted\n", "<blockquote>\n<h2 id=\"quoted\">Quoted</h2>\n</blockquote>\n"),
    ]

    @Test("A policy body's headings get page levels and ids", arguments: policyHTML)
    func headingHTML(_ source: String, _ html: String) {
        #expect(Markdown.html(source, headingIDs: true) == html)
    }

    @Test("Heading ids keep clear of the page's main landmark and the footnotes' ids")
    func footnoteIDs() {
        let html = Markdown.html("## Main\n\nText[^a].\n\n## fn a\n\n[^a]: Note.\n", headingIDs: true)
        #expect(html.hasPrefix("<h2 id=\"main-1\">Main</h2>\n<p>Text<sup class=\"footnote-ref\"><a href=\"#fn-a\" id=\"fnref-a\" data-footnote-ref>1</a></sup>.</p>\n"
                               + "<h2 id=\"fn-a-1\">fn a</h2>\n<section class=\"footnotes\" data-footnotes>\n<ol>\n<li id=\"fn-a\">"))
    }

    @Test("Without ids (fragments sharing a page) headings still follow the sequence")
    func levelsWithoutIDs() {
        #expect(Markdown.html("## A\n#### B\n") == "<h2>A</h2>\n<h3>B</h3>\n")
    }

    @Test("The outline reports the same levels and ids as the page")
    func outlineMatchesRender() {
        let source = "# One\n\ntext\n\n### Two `x`\n\n# One\n\n## Main\n"
        let outline = Markdown.outline(of: source)
        #expect(outline.headings == [
            .init(level: 1, pageLevel: 2, text: "One", id: "one", line: 1),
            .init(level: 3, pageLevel: 3, text: "Two x", id: "two-x", line: 5),
            .init(level: 1, pageLevel: 2, text: "One", id: "one-1", line: 7),
            .init(level: 2, pageLevel: 3, text: "Main", id: "main-1", line: 9),
        ])
        let html = Markdown.html(source, headingIDs: true)
        for h in outline.headings { #expect(html.contains("<h\(h.pageLevel) id=\"\(h.id)\">")) }
    }

    @Test("Headings keep their ids through the raw-HTML sanitizer")
    func rawHTMLKeepsIDs() {
        #expect(Markdown.html("## Scope <em>now</em>\n", rawHTML: true, headingIDs: true) == "<h2 id=\"scope-now\">Scope <em>now</em></h2>\n")
    }

    @Test("A table is a keyboard-reachable region named by its section's heading")
    func tableRegion() {
        let table = "| a |\n| - |\n| 1 |\n"
        let inner = "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
        #expect(Markdown.html(table) == "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\">\n" + inner + "</div>\n")
        let two = Markdown.html("## Retention & \"periods\"\n\n" + table + "\n" + table)
        #expect(two == "<h2>Retention &amp; &quot;periods&quot;</h2>\n"
                + "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Retention &amp; &quot;periods&quot;\">\n" + inner + "</div>\n"
                + "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Retention &amp; &quot;periods&quot; (table 2)\">\n" + inner + "</div>\n")
        // The sanitizer keeps the region (raw-HTML sites) but not a role or tabindex content sets.
        #expect(Markdown.html(table, rawHTML: true).hasPrefix("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\">"))
        #expect(Markdown.html("<div role=\"button\" tabindex=\"-1\" aria-label=\"x\">y</div>", rawHTML: true) == "<div aria-label=\"x\">y</div>\n")
    }

    @Test("Task-list checkboxes are named by their item's text and stay disabled")
    func taskList() {
        let expected = "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" /> done</li>\n"
            + "<li><input type=\"checkbox\" disabled=\"\" aria-label=\"review &lt;access&gt; &amp; keys\" /> review <em>&lt;access&gt;</em> &amp; <code>keys</code></li>\n</ul>\n"
        #expect(Markdown.html("- [x] done\n- [ ] review *\\<access>* & `keys`\n") == expected)
        #expect(Markdown.html("- [ ] loose\n\n- [x] list\n") == "<ul>\n<li>\n<p><input type=\"checkbox\" disabled=\"\" aria-label=\"loose\" /> loose</p>\n</li>\n"
                + "<li>\n<p><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"list\" /> list</p>\n</li>\n</ul>\n")
        #expect(Markdown.html("- [ ] raw\n", rawHTML: true) == "<ul>\n<li><input type=\"checkbox\" disabled=\"\" aria-label=\"raw\"> raw</li>\n</ul>\n")
    }
}
