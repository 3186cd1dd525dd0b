import Testing
@testable import TrustPressCore

@Suite("Natural order of ids")
struct NaturalOrderTests {
    /// Each pair is in strictly increasing order.
    static let ordered: [(String, String)] = [
        ("A.5.2", "A.5.10"),
        ("A.5.9", "A.5.10"),
        ("9.3", "10.1"),
        ("4.4", "10.2"),
        ("CC6.8", "CC9.1"),
        ("CC6.1", "CC6.10"),
        ("CC1.5", "CC2.1"),
        ("A.5.37", "A.8.34"),
        ("A.7.14", "A.8.1"),
        ("6.1", "6.1.1"),
        ("6.1.3", "6.2"),
        ("A1.3", "C1.1"),
        ("P6.7", "PI1.1"),
        ("FW-IAM-02", "FW-IAM-10"),
        ("FW-IAM-9", "FW-IAM-10"),
        ("2", "10"),
        ("x", "x1"),
        ("10.2", "A.5.1"),          // numbers before letters
        ("A.5.1", "a.5.1"),         // same key: falls back to plain text order (uppercase first)
        ("A.5.01", "A.5.1"),        // same number: plain text order keeps the order total
    ]

    @Test("A pair sorts in the expected order, and never the other way round", arguments: ordered)
    func pair(_ a: String, _ b: String) {
        #expect(NaturalOrder.less(a, b), "\(a) < \(b)")
        #expect(!NaturalOrder.less(b, a), "not \(b) < \(a)")
    }

    @Test("No id sorts before itself", arguments: ["A.5.10", "10.1", "CC6.8", "", "FW-IAM-01"])
    func irreflexive(_ id: String) {
        #expect(!NaturalOrder.less(id, id))
    }

    @Test("Sorting a shuffled list gives the catalog order")
    func sorting() {
        let expected = ["4.1", "9.3", "10.1", "10.2", "A.5.2", "A.5.10", "A.5.37", "A.6.1", "A.8.1", "A.8.34",
                        "CC6.1", "CC6.8", "CC6.10", "CC9.1"]
        for seed in 0..<5 {
            var generator = SplitMix(seed: UInt64(seed))
            let shuffled = expected.shuffled(using: &generator)
            #expect(shuffled.sortedNaturally(by: { $0 }) == expected)
        }
    }

    @Test("Long digit runs do not crash and still compare")
    func longNumbers() {
        #expect(NaturalOrder.less("A.99999999999999999999999", "B.1"))
        #expect(!NaturalOrder.less("B.1", "A.99999999999999999999999"))
    }
}

/// A tiny seeded generator so shuffles are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
