import Foundation
import Testing
@testable import TrustPressCore

/// Issue 13 review, finding 1: a fence written with U+FE30 (a ':' in UTS #39 confusables.txt, but
/// ".." after NFKD) published its section. Every entry of `RedactionBlocks.confusables`, put in
/// place of what it looks like, must give an error or a fence — never published text.
@Suite("Fence look-alikes, one table entry at a time")
struct RedactionConfusableTests {
    static let secret = "ZQXSECRET"

    /// Whether `body` splits without publishing the secret: a problem, or the secret only in a
    /// confidential segment.
    static func hidesSecret(_ body: String) -> Bool {
        guard let segments = try? RedactionBlocks.split(body) else { return true }
        return !segments.contains { if case let .markdown(text) = $0 { text.contains(secret) } else { false } }
    }

    static let entries: [(UInt32, UInt8)] = RedactionBlocks.confusables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    @Test("Every look-alike in the table, in a fence, is an error", arguments: entries)
    func entry(_ scalar: UInt32, _ ascii: UInt8) {
        let c = String(Character(Unicode.Scalar(scalar)!))
        let a = Character(Unicode.Scalar(ascii))
        var bodies: [String] = []
        if a == ":" {
            for opening in [c + c + c, "::" + c, ":" + c + ":", c + "::", "- " + c + c + c, c + " " + c + " " + c] {
                bodies.append("\(opening) confidential\n\(Self.secret)\n\(c)\(c)\(c)\n")
            }
        } else {
            // Each occurrence of the letter in "confidential", one at a time and all at once.
            let word = Array("confidential")
            for i in word.indices where word[i] == a {
                var w = word.map(String.init); w[i] = c
                bodies.append("::: \(w.joined())\n\(Self.secret)\n:::\n")
            }
            bodies.append("::: \(word.map { $0 == a ? c : String($0) }.joined())\n\(Self.secret)\n:::\n")
        }
        for body in bodies {
            #expect(Self.hidesSecret(body), "U+\(String(scalar, radix: 16, uppercase: true)): \(body.debugDescription)")
            #expect(throws: RedactionBlocks.Problem.self, "U+\(String(scalar, radix: 16, uppercase: true)): \(body.debugDescription)") {
                try RedactionBlocks.split(body)
            }
        }
    }

    @Test("The reviewer's U+FE30 fences are errors at their line", arguments: [
        "\u{FE30}\u{FE30}\u{FE30} confidential\nZQXSECRET\n\u{FE30}\u{FE30}\u{FE30}",
        "::\u{FE30} confidential\nZQXSECRET\n:::",
        ":\u{FE30}: confidential\nZQXSECRET\n:::",
        "- \u{FE30}\u{FE30}\u{FE30} confidential\n  ZQXSECRET\n- \u{FE30}\u{FE30}\u{FE30}",
        "\u{2025}:: confidential\nZQXSECRET\n:::",
        "\u{FE19}\u{FE19}\u{FE19} confidential\nZQXSECRET\n:::",
    ])
    func fe30(_ body: String) {
        #expect(throws: RedactionBlocks.Problem.self) { try RedactionBlocks.split(body) }
        #expect(RedactionBlocks.mayHoldFence(body))
        #expect(String(decoding: RedactionBlocks.fold(body.split(separator: "\n")[0]), as: UTF8.self).contains(":::"))
    }

    /// A dot pair reads as a colon: every scalar whose NFKD is ".." (U+2025, U+FE30) is in the table,
    /// since NFKD would otherwise turn it into something that is not a colon.
    @Test("Every scalar that decomposes to a dot pair is a colon look-alike")
    func dotPairs() {
        var found: [UInt32] = []
        for value in UInt32(0x80)...UInt32(0x2FFFF) {
            guard let s = Unicode.Scalar(value) else { continue }
            let d = String(Character(s)).decomposedStringWithCompatibilityMapping
            if d == ".." { found.append(value) }
        }
        #expect(found == [0x2025, 0xFE30])
        for value in found { #expect(RedactionBlocks.confusables[value] == UInt8(ascii: ":"), "U+\(String(value, radix: 16))") }
    }
}
