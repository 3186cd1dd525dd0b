import Foundation
import Testing
@testable import TrustPressCore

@Suite("Markdown rendering")
struct MarkdownTests {
    static let exact: [(String, String)] = [
        ("# Title\n\nText", "<h2>Title</h2>\n<p>Text</p>\n"),                         // headings sit under the page's <h1>
        ("###### Six", "<h2>Six</h2>\n"),                                              // …numbered from the document's own sequence
        ("~~gone~~ and **bold**", "<p><del>gone</del> and <strong>bold</strong></p>\n"),
        ("| a | b |\n| --- | --- |\n| 1 | 2 |", "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\">\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>\n"),
        ("- [x] done\n- [ ] open", "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" /> done</li>\n<li><input type=\"checkbox\" disabled=\"\" aria-label=\"open\" /> open</li>\n</ul>\n"),
        ("Visit https://example.com now", "<p>Visit <a href=\"https://example.com\">https://example.com</a> now</p>\n"),
        ("a < b & \"c\"", "<p>a &lt; b &amp; &quot;c&quot;</p>\n"),
    ]

    @Test("GitHub Flavored Markdown renders as expected", arguments: exact)
    func gfm(_ source: String, _ html: String) {
        #expect(Markdown.html(source) == html)
    }

    /// Sources whose links sit everywhere a link can: in headings (which get ids), tables, task
    /// items, footnotes, reference definitions, autolinks, bare URLs, images.
    static let linkHeavy = [
        "# See [the policy](a.md#scope)\n\nText with [b](b.md) and <https://x.example/a.md>.",
        "## [Head](a.md)\n\n| [cell](b.md) | [c](c.md#x) |\n| --- | --- |\n| www.example.org | ![img](images/d.png) |",
        "- [x] done [a](a.md)\n- [ ] open [ref][r]\n\n[r]: b.md#top\n\nNote[^1].\n\n[^1]: see [a](a.md).",
        "No links at all, *only* text.",
    ]

    @Test("One parse, several link rewrites: each result is the HTML html(rewriteLink:) gives with that rewrite", arguments: linkHeavy)
    func rewritingLinks(_ source: String) {
        let rewrites: [(String) -> String] = [{ "pub/" + $0 }, { $0.uppercased() }, { $0 }, { "pub/" + $0 }]
        for rawHTML in [false, true] {
            let shared = Markdown.html(source, rawHTML: rawHTML, rewritingLinks: rewrites, headingIDs: true)
            let single = rewrites.map { Markdown.html(source, rawHTML: rawHTML, rewriteLink: $0, headingIDs: true) }
            #expect(shared == single)
            #expect(shared[0] != shared[1] || !source.contains("]("), "the rewrites differ, so must the pages")
        }
    }

    /// Documents that use every extension whose inline characters cmark-gfm switches per parse.
    static func extensionHeavyDocument(_ i: Int) -> String {
        let filler = String(repeating: "plain words and *emphasis* with a [link](https://example.com/\(i)) ", count: 1 + i % 7)
        return """
        # Document \(i)

        \(filler)~~struck \(i)~~ then **bold** and www.example.org/\(i) autolinked.

        | id | value |
        | --- | --- |
        | \(i) | ~~old~~ new |

        - [x] done \(i)
        - [ ] open ~~\(i * 7)~~

        \(filler)last ~~strike \(i)~~ here, see [the reference][ref\(i)].

        [ref\(i)]: https://example.com/ref/\(i) "Reference \(i)"
        """
    }

    /// cmark-gfm switches a process-wide table of inline special characters on every parse; on
    /// several threads one parse ending turned `~~strike~~` off for another. Many documents rendered
    /// on every core at once must equal the same documents rendered one after another.
    @Test("Concurrent rendering equals serial rendering (strikethrough, tables, autolinks, task lists)")
    func concurrentEqualsSerial() {
        let sources = (0..<3000).map(Self.extensionHeavyDocument)
        let serial = sources.map { Markdown.html($0) }
        #expect(serial.allSatisfy { $0.components(separatedBy: "<del>").count == 5 && $0.contains("<table>")
            && $0.contains("href=\"http://www.example.org/") && $0.contains("type=\"checkbox\"")
            && $0.contains("title=\"Reference") })
        for _ in 0..<3 {
            let concurrent = Parallel.map(sources) { Markdown.html($0) }
            let differing = zip(serial, concurrent).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) of \(sources.count) documents rendered differently on several threads")
        }
    }

    static let hostile = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)><circle/></svg>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p onclick=\"alert(1)\" onmouseover=alert(1)>x</p>",
        "<form action=\"https://evil.example\"><input type=\"password\"></form>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<style>body{display:none}</style>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<!-- <script>alert(1)</script> -->",
        "<a href=\"x\" onfocus=alert(1) autofocus>x</a>",
        "<details open ontoggle=alert(1)><summary>s</summary></details>",
        "[link](javascript:alert(1))",
        "![img](javascript:alert(1))",
        "<textarea><script>alert(1)</script></textarea>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ]

    /// Lowercased fragments that must never survive into HTML.
    static let forbidden = ["<script", "onerror", "onload", "onclick", "onmouseover", "onfocus", "ontoggle",
                            "javascript:", "vbscript:", "data:text", "<iframe", "<svg", "<math", "style=", "<style",
                            "<form", "<object", "<embed", "<base", "<meta", "<textarea", "<noscript", "<!--"]

    @Test("Hostile HTML is neutralised when a site opts in to raw HTML", arguments: hostile)
    func sanitized(_ source: String) {
        let html = Markdown.html(source, rawHTML: true).lowercased()
        for fragment in Self.forbidden {
            #expect(!html.contains(fragment), "«\(fragment)» survived in: \(html)")
        }
    }

    @Test("Hostile HTML is dropped in the default safe mode", arguments: hostile)
    func safeMode(_ source: String) {
        let html = Markdown.html(source).lowercased()
        for fragment in Self.forbidden where fragment != "<!--" {
            #expect(!html.contains(fragment), "«\(fragment)» survived in: \(html)")
        }
    }

    @Test("An <embed> drops only itself, not the text that follows it")
    func embedKeepsTheRest() {
        let html = Markdown.html("Before <embed src=\"https://evil.example/x.swf\"> after.\n\nNext paragraph.", rawHTML: true)
        #expect(html == "<p>Before  after.</p>\n<p>Next paragraph.</p>\n")
    }

    @Test("Allowed HTML survives the sanitizer")
    func allowed() {
        #expect(Markdown.html("<details><summary>More</summary>\n\nHidden *text*.\n\n</details>", rawHTML: true)
                == "<details><summary>More</summary>\n<p>Hidden <em>text</em>.</p>\n</details>\n")
        #expect(Markdown.html("A <kbd>Ctrl</kbd> and <a href=\"https://example.com\" title=\"t\">link</a>.", rawHTML: true)
                == "<p>A <kbd>Ctrl</kbd> and <a href=\"https://example.com\" title=\"t\">link</a>.</p>\n")
    }

    @Test("Link destinations are found with the line of their block")
    func links() {
        let links = Markdown.links(in: "Intro\n\nSee [a](access-control.md#scope) and ![i](img.png).\n\n- [b](https://x.example)\n")
        #expect(links.map(\.destination) == ["access-control.md#scope", "img.png", "https://x.example"])
        #expect(links.map(\.line) == [3, 3, 5])
    }
}

@Suite("Redaction blocks")
struct RedactionBlockTests {
    @Test("A body is split into public Markdown and confidential sections")
    func split() throws {
        let segments = try RedactionBlocks.split("Intro\n::: confidential\nSecret\n:::\nOutro")
        #expect(segments == [.markdown("Intro"), .confidential("Secret"), .markdown("Outro")])
        #expect(try RedactionBlocks.split("No blocks\nat all") == [.markdown("No blocks\nat all")])
        #expect(try RedactionBlocks.split(":::confidential\nA\n:::   \n") == [.confidential("A"), .markdown("")])
    }

    @Test("A bare ':::' inside fenced code is text", arguments: [
        "```md\n:::\n```", "~~~~\nA\n~~~\n:::\n~~~~",
    ])
    func fencedCode(_ body: String) throws {
        #expect(try RedactionBlocks.split(body) == [.markdown(body)])
    }

    static let problems: [(String, Int, String)] = [
        ("A\n::: confidential\nB", 2, "'::: confidential' block is never closed; add a line ':::' after it"),
        ("A\n:::\nB", 2, "':::' closes no '::: confidential' block"),
        ("::: confidental\nB\n:::", 1, "unknown block '::: confidental'; the only block is '::: confidential'"),
        ("::: confidential\n::: confidential\n:::", 2, "'::: confidential' blocks cannot be nested (the block opened on line 1 is still open)"),
        // Swallowed by a raw HTML block (it runs to the next blank line): published if not refused.
        ("<div>\n::: confidential\nB\n:::\n</div>", 2,
         "':::' is inside an HTML block, so it would not be read as a redaction fence; put a blank line before it"),
        ("> ::: confidential\n> B\n> :::", 1,
         "'::: confidential' inside a block quote is not a redaction fence; start the line with ':::'"),
    ]

    static let codeProblem = "'::: confidential' is inside a code block, so the section would be published as code; close the code block before it, and indent the fence by at most 3 spaces"
    static let disguised = "this ':::' line contains invisible or look-alike characters; write the fence as plain '::: confidential' or ':::'"

    /// A fence that lands in code (an unclosed fence runs to the end; 4 spaces or a tab make
    /// indented code) would publish the section as code, and one disguised by invisible or look-alike
    /// characters would publish it as text: both are errors.
    @Test("A fence in code, or disguised, is an error", arguments: [
        ("```\n::: confidential\n```", 2, codeProblem),
        ("Intro.\n\n~~~~~~~~\n\n::: confidential\nSecret\n:::\n", 5, codeProblem),
        ("Text\n\n    ::: confidential\n    Secret\n    :::\n", 3, codeProblem),
        ("Text\n\n\t::: confidential\n\tSecret\n\t:::\n", 3, codeProblem),
        (":::\u{200D} confidential\nSecret\n:::\u{200D}\n", 1, disguised),
        (":\u{0301}:: confidential\nSecret\n:\u{0301}::\n", 1, disguised),
        (":::\u{FE0F} confidential\nSecret\n:::\u{FE0F}\n", 1, disguised),
        ("\u{FF1A}\u{FF1A}\u{FF1A} confidential\nSecret\n\u{FF1A}\u{FF1A}\u{FF1A}\n", 1, disguised),
    ])
    func fenceInCodeOrDisguised(_ body: String, _ line: Int, _ message: String) {
        #expect(throws: RedactionBlocks.Problem(line: line, message: message)) { try RedactionBlocks.split(body) }
    }

    static let misplaced = RedactionBlocks.misplacedMessage
    static let malformed = RedactionBlocks.malformedMessage
    static let quoted = "'::: confidential' inside a block quote is not a redaction fence; start the line with ':::'"

    /// Issue 13, finding 4: spellings of a fence that differ in spacing, case or characters, in a
    /// list item, table cell, heading, block quote or after text, were published with the section
    /// they meant to hide. Each is an error at its line, and no case reaches `split`'s output.
    static let lookAlikes: [(String, Int, String)] = [
        // Top level: other case, spacing or colon count.
        ("A\n::: CONFIDENTIAL\nB\n:::", 2, "'::: CONFIDENTIAL' is not a redaction fence; write it in lowercase: '::: confidential'"),
        (":::Confidential\nB\n:::", 1, "'::: Confidential' is not a redaction fence; write it in lowercase: '::: confidential'"),
        (": : : confidential\nB\n: : :", 1, malformed),
        (":: confidential\nB\n::", 1, malformed),
        ("::confidential\nB", 1, malformed),
        (":\t:: confidential\nB", 1, malformed),
        // In a list item.
        ("- :::Confidential\n  B\n- :::", 1, misplaced),
        ("- ::: CONFIDENTIAL\n  B", 1, misplaced),
        ("1. :::  confidential\n   B", 1, misplaced),
        ("* [ ] ::: confidential\n  B", 1, misplaced),
        ("- item\n- :::\n", 2, misplaced),
        ("- ::: confidental\n  B", 1, misplaced),
        // In a table cell.
        ("| a | b |\n| --- | --- |\n| :::Confidential | x |\n", 3, misplaced),
        ("| a |\n| --- |\n| ::: confidential |\n| secret |\n| ::: |", 3, misplaced),
        // In a heading.
        ("# ::: Confidential\nB", 1, misplaced),
        ("## :::confidential ##\nB", 1, misplaced),
        // In a block quote, at any depth and spacing.
        ("> :::Confidential\n> B\n> :::", 1, quoted),
        (">> ::: CONFIDENTIAL\n>> B", 1, quoted),
        (">:::\n", 1, quoted),
        // After other text on the line, or inside emphasis or inline code.
        ("Text ::: confidential here", 1, misplaced),
        ("*::: confidential*\nB\n*:::*", 1, misplaced),
        ("`::: confidential`\nB", 1, misplaced),
        // Look-alike characters (UTS #39 confusables): Cyrillic letters, a ligature, a fullwidth or
        // Armenian colon, a no-break space, a soft hyphen, mathematical letters.
        ("::: c\u{043E}nfid\u{0435}ntial\nB\n:::", 1, disguised),
        ("::: \u{0441}\u{043E}nf\u{0456}d\u{0435}nt\u{0456}\u{0430}l\nB\n:::", 1, disguised),
        ("::: con\u{FB01}dential\nB\n:::", 1, disguised),
        ("\u{0589}\u{0589}\u{0589} confidential\nB", 1, disguised),
        (":::\u{00A0}confidential\nB\n:::", 1, disguised),
        ("::: confi\u{00AD}dential\nB\n:::", 1, disguised),
        ("::: \u{1D41C}\u{1D428}\u{1D427}\u{1D41F}idential\nB\n:::", 1, disguised),
        ("- \u{FF1A}\u{FF1A}\u{FF1A} c\u{043E}nfidential\n  B", 1, misplaced),
        ("\u{0903}\u{0903}\u{0903} confidential\nB", 1, disguised),  // Devanagari visarga, a spacing mark
        (":::\u{2800}confidential\nB", 1, disguised),                  // the braille blank
        // In an HTML block, any form.
        ("<div>\n::: Confidential\nB\n</div>", 2,
         "':::' is inside an HTML block, so it would not be read as a redaction fence; put a blank line before it"),
        // In a code block, any form that names the block.
        ("```\n::: CONFIDENTIAL\n```", 2, codeProblem),
        ("```\n- ::: c\u{043E}nfidential\n```", 2, codeProblem),
    ]

    @Test("A fence look-alike anywhere is an error at its line", arguments: lookAlikes)
    func lookAlike(_ body: String, _ line: Int, _ message: String) {
        #expect(throws: RedactionBlocks.Problem(line: line, message: message)) { try RedactionBlocks.split(body) }
    }

    /// Lines that share characters with a fence but do not look like one stay text.
    @Test("Text that only resembles a fence in part is left alone", arguments: [
        "Ruby's Foo::Confidential class", "The IPv6 loopback is ::1.", "Ratio 2:1 and time 10:30.",
        "```\n:::\n::: note\n```", "A::B::C", "- ::1 is the loopback", ":: configuration", "::: -", "Über: ja, \u{FF1A} nein", "日本語：テキスト",
    ])
    func notAFence(_ body: String) throws {
        if body == "::: -" {
            #expect(throws: RedactionBlocks.Problem(line: 1, message: "unknown block '::: -'; the only block is '::: confidential'")) {
                try RedactionBlocks.split(body)
            }
            return
        }
        #expect(try RedactionBlocks.split(body) == [.markdown(body)])
    }

    @Test("The fold removes invisible characters and maps look-alikes to ASCII")
    func fold() {
        let folded = RedactionBlocks.fold("\u{FF1A}:\u{200D}: \u{0421}\u{041E}NF\u{0130}dent\u{0456}al\u{00A0}x")
        #expect(String(decoding: folded, as: UTF8.self) == "::: confidential x")
    }

    @Test("Unclosed, stray, misspelt and nested fences are errors, never guesses", arguments: problems)
    func problem(_ body: String, _ line: Int, _ message: String) {
        #expect(throws: RedactionBlocks.Problem(line: line, message: message)) { try RedactionBlocks.split(body) }
    }

    @Test("A problem in a policy body is reported at its line in the file")
    func reportedInFile() throws {
        let dir = try makeTemporaryFolder("redaction")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/p.md": "---\ntitle: P\nvisibility: public\n---\nIntro\n\n::: confidental\nx\n:::\n"], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir))) ==
                "\(dir.path)/policies/p.md:7:1: error: unknown block '::: confidental'; the only block is '::: confidential'")
    }
}

@Suite("Links between policies")
struct PolicyLinkTests {
    static let cases: [(String, PolicyLink?)] = [
        ("access-control.md", .policy(file: "access-control.md", fragment: nil)),
        ("access-control.md#scope", .policy(file: "access-control.md", fragment: "scope")),
        ("./backup.md?x=1#", .policy(file: "backup.md", fragment: nil)),
        ("../policies/backup.md", .policy(file: "backup.md", fragment: nil)),
        ("my%20policy.md", .policy(file: "my policy.md", fragment: nil)),
        ("../README.md", .outsidePolicies("README.md")),
        ("sub/x.md", .outsidePolicies("policies/sub/x.md")),
        ("https://example.com/a.md", nil),
        ("mailto:a@example.com", nil),
        ("#scope", nil),
        ("/abs/a.md", nil),
        ("image.png", nil),
        ("", nil),
    ]

    @Test("Relative links to Markdown files are classified", arguments: cases)
    func parse(_ destination: String, _ expected: PolicyLink?) {
        #expect(PolicyLink.parse(destination) == expected)
    }

    /// Issue 13, finding 8: autolinks and bare URLs skipped the scheme check when the file had no
    /// inline or reference link (the parse was skipped). Every form is now one check, at its line.
    static let schemeCases: [(body: String, expected: [String])] = [
        ("Intro\n\nOpen <search-ms:query=x&crumb=location:\\\\evil> now.", ["6:6 'search-ms:query=x&crumb=location:\\\\evil'"]),
        ("<ms-msdt:/id PCWDiagnostic>", []),  // not an autolink (a space): text
        ("<ms-msdt:-id>", ["4:1 'ms-msdt:-id'"]),
        ("a <ssh://host.example> b", ["4:3 'ssh://host.example'"]),
        ("a <ftp://files.example/x> b", ["4:3 'ftp://files.example/x'"]),
        ("a <javascript:alert(1)> b", ["4:3 'javascript:alert(1)'"]),
        ("a <irc://irc.example/chan> b", ["4:3 'irc://irc.example/chan'"]),
        ("a <file:///etc/passwd> b", ["4:3 'file:///etc/passwd'"]),
        // Bare URLs of the GFM autolink extension, on the second and third line of one paragraph.
        ("First line\nthen ftp://files.example/y here\nand xmpp:admin@chat.example too", [
            "5:6 'ftp://files.example/y'", "6:5 'xmpp:admin@chat.example'"]),
        ("| a |\n| --- |\n| ftp://t.example |", ["6:3 'ftp://t.example'"]),
        // Inline and reference links, and an image.
        ("[a](ssh://x.example)", ["4:1 'ssh://x.example'"]),
        ("See [r].\n\n[r]: irc://ref.example", ["4:5 'irc://ref.example'"]),
        ("![i](file:///x.png)", ["4:1 'file:///x.png'"]),
        // Allowed forms.
        ("<https://example.com> www.example.com a@b.example <mailto:a@b.example>", []),
    ]

    @Test("Every link form passes the same scheme check, at the link's line", arguments: schemeCases)
    func schemes(_ body: String, _ expected: [String]) throws {
        let dir = try makeTemporaryFolder("schemes")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/p.md": "---\ntitle: P\n---\n" + body + "\n"], into: dir)
        let builder = makeBuilder(content: dir, display: "content")
        let found: [Diagnostic]
        do { found = try builder.check().1 } catch let error as DiagnosticsError { found = error.diagnostics }
        let errors = found.filter { $0.severity == .error }
        #expect(errors.map { "\($0.line):\($0.column) \($0.message)" }
                == expected.map { $0 + ": only http:, https: and mailto: links are allowed" })
    }

    @Test("A long destination is cut in the message")
    func longDestination() throws {
        let dir = try makeTemporaryFolder("long-link")
        defer { removeTemporaryFolder(dir) }
        let long = "ftp://files.example/" + String(repeating: "a", count: 500)
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/p.md": "---\ntitle: P\n---\nSee <\(long)>.\n"], into: dir)
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: dir)).filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["'\(long.prefix(Excerpt.maximumLength))…': only http:, https: and mailto: links are allowed"])
    }

    @Test("Links in the Markdown fields of YAML files pass the same scheme check")
    func yamlFieldLinks() throws {
        let (content, line) = try miniSite(withImplementationLines: ["Intro.", "Open <search-ms:query=x> or www.example.com."])
        defer { removeTemporaryFolder(content) }
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content")).filter { $0.severity == .error }
        #expect(errors.map { "\($0.path):\($0.line) \($0.message)" } == [
            "content/controls/controls.yaml:\(line) 'search-ms:query=x': only http:, https: and mailto: links are allowed (line 2 of 'implementation')"])
    }

    @Test("A link to a missing policy is an error with a did-you-mean")
    func missingTarget() throws {
        let dir = try makeTemporaryFolder("links")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/access-control.md": "---\ntitle: Access\n---\nBody\n",
                        "policies/p.md": "---\ntitle: P\n---\nIntro\n\nSee [access](acess-control.md).\n"], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir))) == """
            \(dir.path)/policies/p.md:6:5: error: link to 'acess-control.md', but there is no policies/acess-control.md
            \(dir.path)/policies/p.md:6:5: note: did you mean 'access-control.md'?
            """)
    }
}
