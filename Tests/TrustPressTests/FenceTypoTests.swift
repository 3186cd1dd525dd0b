import Foundation
import Testing
@testable import TrustPressCore

/// Issue 13, second review: fence typos that kept no second colon (`::; confidential`, `...`),
/// look-alikes outside the confusables table (⋮ ⫶ ፥ ܆, the visarga signs, which are marks), and
/// colons written as escapes or character references published the section they meant to hide.
@Suite("Fence typos and escapes")
struct FenceTypoTests {
    static let secret = "ZQXSECRET"

    static func hidesSecret(_ body: String) -> Bool {
        guard let segments = try? RedactionBlocks.split(body) else { return true }
        return !segments.contains { if case let .markdown(text) = $0 { text.contains(secret) } else { false } }
    }

    static let typos = [
        "::; confidential", ":;: confidential", "::. confidential", ":.: confidential", ";;; confidential",
        "... confidential", "::- confidential", "::_ confidential", "::, confidential", "::' confidential",
        "::` confidential", ": confidential", "; confidential", "- ::; confidential", "> ;;; confidential",
        "# ... Confidential", "1. ::; confidential", "| ::; confidential |", "\\:\\:\\: confidential",
        "&#58;&#58;&#58; confidential", "&#x3A;&#x3a;&#x003a; confidential", "&colon;&colon;&colon; confidential",
        "::\u{0706} confidential", "::\u{22EE} confidential", "::\u{2AF6} confidential", "::\u{1365} confidential",
        "::\u{0707} confidential", "::\u{12471} confidential", "::\u{2360} confidential",
        "\u{0983}\u{0983}\u{0983} confidential", "\u{0A03}\u{0A03}\u{0A03} confidential", "\u{0C03}\u{0C03}\u{0C03} confidential",
        "\u{0F7F}\u{0F7F}\u{0F7F} confidential", "\u{1038}\u{1038}\u{1038} confidential", "::; confidental",
    ]

    @Test("A fence typo opening a section, closed or not, is an error, never published", arguments: typos)
    func typoIsAnError(_ opener: String) {
        for closer in [":::", "", String(opener.prefix(3))] {
            let body = "Intro\n\n\(opener)\n\(Self.secret) is the hidden part.\n\(closer)\n\nOutro"
            #expect(Self.hidesSecret(body), "published: \(opener) … \(closer)")
            #expect(!RedactionBlocks.scan(body).problems.isEmpty, "no error for \(opener)")
        }
    }

    /// What real policies write at the start of a line about confidential data stays text.
    static let prose = [
        "**Confidential**: data whose disclosure would harm customers.",
        "- **Confidential** — shared under NDA only.", "'Confidential' means any data marked so.",
        "\u{201C}Confidential\u{201D} information is defined below.", "Confidential information must be encrypted.",
        "1. Confidential", "| Confidential | Encrypted at rest |", "Classification: confidential",
        "Note: confidential data stays in the EU.", "\u{2022} Confidential", "(Confidential) documents",
        "[Confidential](data-classification.md)", "_Confidential_ data", "`confidential` is a label",
        "> Confidential data is never emailed.", "\u{2705} Confidential data encrypted", "2) Confidential",
        "- [x] Confidential data inventoried", "The incident team keeps identities confidential.",
    ]

    @Test("Prose about confidential data is not a fence", arguments: prose)
    func proseStaysText(_ line: String) throws {
        let body = "Intro\n\n\(line)\n\nOutro"
        #expect(RedactionBlocks.scan(body).problems.isEmpty, "refused: \(line)")
        #expect(try RedactionBlocks.split(body) == [.markdown(body)])
    }

    @Test("A fence typo in a public YAML field is found too")
    func publicField() {
        #expect(RedactionBlocks.fenceLines(in: "Summary.\n\n::; confidential\nZQX\n:::") == [3, 5])
        #expect(RedactionBlocks.fenceLines(in: "**Confidential**: data whose disclosure would harm.") == [])
    }
}
