import Foundation
import Testing
@testable import TrustPressCore

/// Issue 13, finding 9 (raw HTML): HTML that cannot be kept whole — an unclosed element that the
/// sanitizer drops with everything after it, or an HTML block whose end marker never comes — was a
/// silent loss of the rest of the policy. It is an error at its line.
@Suite("Raw HTML that would swallow the rest")
struct RawHTMLTests {
    static func swallows(_ body: String, rawHTML: Bool = true) -> [String] {
        HTMLSanitizer.swallows(in: Markdown.outline(of: body).rawHTML, rawHTML: rawHTML).map { "\($0.line): \($0.message)" }
    }

    static func unclosed(_ name: String) -> String {
        "'<\(name)>' is never closed, so the HTML sanitizer would drop it with everything after it; add '</\(name)>' or remove the tag"
    }

    @Test("An unclosed element dropped with its content takes the rest of the policy along",
          arguments: HTMLSanitizer.swallowing.sorted())
    func unclosedElement(_ name: String) {
        let body = "Intro.\n\n<\(name) id=\"x\">\n\nThe rest of the policy.\n"
        // What the sanitizer would do (why it is an error): the rest is gone.
        #expect(!Markdown.html(body, rawHTML: true).contains("The rest of the policy"))
        #expect(Self.swallows(body) == ["3: " + Self.unclosed(name)])
        // Closed, self-closed, or in safe mode (raw HTML omitted tag by tag), nothing is lost.
        #expect(Self.swallows("Intro.\n\n<\(name)>\nx\n</\(name)>\n\nRest.\n").isEmpty)
        #expect(Self.swallows(body, rawHTML: false).isEmpty)
    }

    static let cases: [(String, [String])] = [
        ("A <form action=\"https://x.example\"> inline, never closed.\n\nRest.", ["1: " + unclosed("form")]),
        ("<math>\n<mi>x</mi>\n\nMore.\n\n<MATH>\n</math>", ["1: " + unclosed("math")]),
        ("Text\n\n<frameset cols=\"50%,50%\">\n\nRest", ["3: " + unclosed("frameset")]),
        ("<form title=\"a > b\">\n</form>", []),
        ("<!-- a note that never ends\n\nThe rest.", [
            "1: this HTML comment is never closed with '-->', so everything after it in the policy (or in its list item or quote) would be lost"]),
        ("Intro\n\n<pre>\ncode\n\nThe rest.", [
            "3: '<pre>' is never closed with '</pre>', so everything after it in the policy (or in its list item or quote) would be lost"]),
        ("<?php echo 1;\n\nRest", [
            "1: this processing instruction is never closed with '?>', so everything after it in the policy (or in its list item or quote) would be lost"]),
        // Issue 13 review: an unclosed declaration (CommonMark start condition 4) dropped the rest.
        ("Intro.\n\nBefore.\n\n<!DOCTYPE html\n\nAfter.\n\n## Heading\n", [
            "5: this declaration ('<!' and a letter, such as '<!DOCTYPE') is never closed with '>', so everything after it in the policy (or in its list item or quote) would be lost"]),
        ("<!ELEMENT x\nmore", [
            "1: this declaration ('<!' and a letter, such as '<!DOCTYPE') is never closed with '>', so everything after it in the policy (or in its list item or quote) would be lost"]),
        ("<!DOCTYPE html>\n\nRest\n\n<!x\ny >\n\n<!-x\n\n<!1", []),
        ("<!-- closed -->\n\n<pre>x</pre>\n\n<prefix>\n\n<?x ?>", []),
    ]

    @Test("Unclosed elements, comments and raw blocks are found at their line", arguments: cases)
    func found(_ body: String, _ expected: [String]) {
        #expect(Self.swallows(body) == expected)
    }

    @Test("An unclosed comment is an error in safe mode too (the block is omitted whole)")
    func safeMode() {
        let body = "<!-- never closed\n\nThe rest."
        #expect(!Markdown.html(body).contains("The rest"))
        #expect(Self.swallows(body, rawHTML: false).count == 1)
        // So is an unclosed declaration, in both modes.
        let declaration = "Before.\n\n<!DOCTYPE html\n\nThe rest."
        #expect(!Markdown.html(declaration).contains("The rest"))
        #expect(!Markdown.html(declaration, rawHTML: true).contains("The rest"))
        #expect(Self.swallows(declaration, rawHTML: false).count == 1)
    }

    static let tooDeep = "the HTML here is nested 256 or more elements deep, so the HTML sanitizer would stop reading and drop everything after it; nest less deeply"

    static func problems(_ body: String, rawHTML: Bool = true) -> [String] {
        HTMLSanitizer.problems(in: body, outline: Markdown.outline(of: body), rawHTML: rawHTML).map { "\($0.line): \($0.message)" }
    }

    /// libxml2 stops at 256 nested elements (without XML_PARSE_HUGE) and the sanitized policy ended
    /// there, silently: through raw HTML or through Markdown's own nesting.
    @Test("Nesting that stops libxml2's parser is an error at its line", arguments: [
        ("Intro\n\n" + String(repeating: "<div>\n\n", count: 300) + "Rest.\n\n" + String(repeating: "</div>\n\n", count: 300), 601),
        ("Intro\n\n" + String(repeating: "<span>", count: 300) + "Rest." + String(repeating: "</span>", count: 300), 3),
        ("Intro\n\n" + String(repeating: ">", count: 300) + " Rest.", 3),
        ("Intro\n\n" + (0..<130).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n") + "\n\nRest.", 132),
    ])
    func tooDeep(_ body: String, _ line: Int) {
        #expect(!Markdown.html(body, rawHTML: true).contains("Rest."))
        #expect(Self.problems(body) == ["\(line): " + Self.tooDeep])
        // In safe mode nothing goes through libxml2: no error, nothing lost.
        #expect(Self.problems(body, rawHTML: false).isEmpty)
        #expect(Markdown.html(body).contains("Rest."))
    }

    @Test("Nesting below libxml2's limit is kept whole and is no error", arguments: [
        String(repeating: "<div>\n\n", count: 200) + "Rest.\n\n" + String(repeating: "</div>\n\n", count: 200),
        String(repeating: ">", count: 200) + " Rest.",
    ])
    func deepButFine(_ body: String) {
        #expect(Markdown.html(body, rawHTML: true).contains("Rest."))
        #expect(Self.problems(body).isEmpty)
    }

    @Test("An element closed only inside a redacted block swallows the rest of the public page: an error")
    func closedOnlyInRedactedBlock() throws {
        let body = "Intro\n\n<form>\n\n::: confidential\n</form>\n\n:::\n\nRest of the public page.\n"
        // What the public page would show: the rest is gone.
        let segments = try RedactionBlocks.split(body)
        #expect(!Markdown.html(PublicSite.redacted(segments), rawHTML: true).contains("Rest of the public page"))
        let dir = try makeTemporaryFolder("swallow-public")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML + "\nmarkdown:\n  raw_html: true\n",
                        "policies/p.md": "---\ntitle: P\nvisibility: public\n---\n" + body,
                        "policies/q.md": "---\ntitle: Q\n---\n" + body], into: dir)
        // The confidential policy q is never shown without its blocks: no error there.
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir, display: "content")))
                == "content/policies/p.md:7:1: error: " + Self.unclosed("form") + " (on the public page, where the confidential blocks are left out)")
    }

    @Test("A policy with an unclosed <form> fails the check at the tag's line")
    func inPolicy() throws {
        let dir = try makeTemporaryFolder("swallow")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML + "\nmarkdown:\n  raw_html: true\n",
                        "policies/p.md": "---\ntitle: P\nvisibility: public\n---\nIntro\n\n<form>\n\nEverything else.\n"], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir, display: "content")))
                == "content/policies/p.md:7:1: error: " + Self.unclosed("form"))
    }
}
