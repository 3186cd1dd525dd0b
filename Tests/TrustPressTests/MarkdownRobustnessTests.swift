import Foundation
import Testing
@testable import TrustPressCore

/// Seeded random documents built from the characters that matter to fences, tables, raw HTML and
/// markup: the scanners never crash, and a body that splits without a problem publishes no line
/// that names a confidential fence.
@Suite("Markdown scanners on random input")
struct MarkdownRobustnessTests {
    /// A small deterministic generator (SplitMix64), so every run sees the same documents.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        ":", ":::", "::: confidential", "::: Confidential", ":: confidential", " ", "   ", "\t", "\n", "\n\n", "> ", "- ",
        "1. ", "| ", " |", "# ", "```", "~~~", "    ", "<div>", "</div>", "<!--", "-->", "<form>", "</form>", "<pre>",
        "<math>", "<a href=\"x\" title='y > z'>", "&amp;", "&#x3A;", "%3A", "www.a_b_", "a@b.example", "<ssh://x>",
        "\u{FF1A}", "\u{200D}", "\u{0301}", "\u{043E}", "\u{0441}", "\u{00A0}", "\u{FB01}", "conf", "idential", "text",
        "[a](ftp://x)", "[r]: irc://y", "*", "_", "`", "<?", "?>", "<![CDATA[", "]]>", "é", "\u{2028}",
    ]

    static func document(_ rng: inout Seeded) -> String {
        (0..<Int.random(in: 1...60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test("2,000 seeded documents: no crash, and no confidential fence published")
    func random() {
        var rng = Seeded(state: 13)
        for _ in 0..<2_000 {
            let body = Self.document(&rng)
            _ = MarkdownLimits.check(body)
            let outline = Markdown.outline(of: body)
            _ = HTMLSanitizer.swallows(in: outline.rawHTML, rawHTML: true)
            _ = PhraseMatcher.words(ofMarkup: Array(body.utf8))
            _ = VisibleText.blocks(html: body)
            let (segments, problems, _) = RedactionBlocks.scan(body)
            guard problems.isEmpty else { continue }
            for case let .markdown(text) in segments {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    #expect(RedactionBlocks.shape(ofFolded: RedactionBlocks.fold(line)) != .mentionsConfidential,
                            "published: \(line.debugDescription) of \(body.debugDescription)")
                }
            }
        }
    }
}
