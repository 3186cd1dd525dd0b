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

/// The id forms frameworks publish, and which of them name the same requirement.
@Suite("Requirement id forms")
struct RequirementIDFormTests {
    @Test("Two spellings of one id share a key; different ids never do", arguments: [
        ("AC-2(1)", "AC-2.1"), ("AC-2(1)", "ac-2.1"), ("AC-2(1)", "AC-02(01)"), ("GV.OC-01", "gv.oc-1"),
        ("GV.OC-01", "GV.OC-1"), ("CC6.1", "cc6.1"), ("A.5.15", "a.5.15"), ("SI-4(10)", "si-4.10"),
    ])
    func sameForm(written: String, other: String) {
        #expect(RequirementID.formKey(written) == RequirementID.formKey(other))
    }

    @Test("Ids that only look alike keep apart", arguments: [
        ("AC-2(1)", "AC-21"), ("AC-2(1)", "AC-2(10)"), ("A.5.15", "5.15"), ("GV.OC-01", "GV.OC-10"), ("CC6.1", "CC61"),
    ])
    func differentForm(written: String, other: String) {
        #expect(RequirementID.formKey(written) != RequirementID.formKey(other))
    }

    @Test("A catalog finds the one requirement another form names, never the id itself nor a tie")
    func catalogLookup() {
        func req(_ id: String) -> Catalog.Requirement { Catalog.Requirement(id: id, title: id, group: "g", section: nil) }
        let catalog = Catalog(framework: "x", name: "X", shortName: "X", statementOfApplicability: nil,
                              groups: [Catalog.Group(id: "g", title: "G", kind: .control)],
                              requirements: [req("AC-2"), req("AC-2(1)"), req("AC-21"), req("GV.OC-01"), req("PR-1"), req("PR-01")])
        #expect(catalog.requirement(inOtherForm: "ac-2.1")?.id == "AC-2(1)")
        #expect(catalog.requirement(inOtherForm: "gv.oc-1")?.id == "GV.OC-01")
        #expect(catalog.requirement(inOtherForm: "ac-21")?.id == "AC-21")
        #expect(catalog.requirement(inOtherForm: "AC-2(1)") == nil, "the id as written is no other form")
        #expect(catalog.requirement(inOtherForm: "pr-1") == nil, "PR-1 and PR-01 tie: no suggestion")
        #expect(catalog.requirement(inOtherForm: "AC-3") == nil)
    }

    @Test("Messages name a Statement of Applicability's controls after their framework, Annex A only for ISO/IEC 27001")
    func soaItemName() {
        let other = Catalog(framework: "nist-like", name: "N", shortName: "NIST-like", statementOfApplicability: true, groups: [], requirements: [])
        let iso = Catalog(framework: "iso27001-2022", name: "ISO/IEC 27001:2022", shortName: "ISO 27001", statementOfApplicability: true, groups: [], requirements: [])
        #expect(other.soaItemName == "NIST-like control")
        #expect(iso.soaItemName == "Annex A control")
    }
}
