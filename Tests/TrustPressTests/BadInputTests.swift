import Foundation
import Testing
import Yams
@testable import TrustPressCore

/// Content with mistakes: every problem is reported compiler-style at its line and column, and a
/// build with errors writes nothing.
@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Content files, relative path → text. `site.yaml` is added unless `withSite` is false.
        let files: [String: String]
        var withSite = true
        /// Every diagnostic, one line each (notes included); `<dir>` is the content folder.
        let expected: String
        var testDescription: String { name }
    }

    static let control = """
    controls:
      - id: FW-1
        title: One
        summary: The first control.
        status: implemented
        maps_to:
          soc2-2017: [CC6.1]

    """

    /// A user catalog written the way NIST writes ids: enhancements in parentheses, subcategories zero-padded.
    static let nistLike = """
    framework: nist-like
    name: NIST-like test catalog
    short_name: NIST-like
    groups:
      - id: ac
        title: Access Control
        kind: control
    requirements:
      - id: AC-2
        title: Account Management
        group: ac
      - id: AC-2(1)
        title: Automated System Account Management
        group: ac
      - id: AC-21
        title: Information Sharing
        group: ac
      - id: GV.OC-01
        title: The organizational mission is understood
        group: ac

    """

    static let cases: [Case] = [
        Case(name: "an unknown enumeration value", files: [
            "policies/p.md": "---\ntitle: P\nversion: \"1\"\nvisibility: publik\n---\nBody\n",
        ], expected: """
        <dir>/policies/p.md:4:13: error: 'visibility' has unknown value 'publik'
        <dir>/policies/p.md:4:13: note: did you mean 'public'?
        <dir>/policies/p.md:4:13: note: expected one of: public, confidential
        """),
        Case(name: "an Annex A control without its A. prefix", files: [
            "controls/c.yaml": """
            controls:
              - id: FW-1
                title: One
                summary: The first control.
                status: implemented
                maps_to:
                  iso27001-2022: [A.5.16, 5.15]

            """,
        ], expected: """
        <dir>/controls/c.yaml:7:31: error: '5.15' is not a requirement of iso27001-2022
        <dir>/controls/c.yaml:7:31: note: did you mean 'A.5.15'? Annex A controls are written with the 'A.' prefix
        """),
        Case(name: "an OSCAL-style enhancement id (ac-2.1) for NIST's AC-2(1)", files: [
            "frameworks/nist.yaml": nistLike,
            "controls/c.yaml": """
            controls:
              - id: FW-1
                title: One
                summary: The first control.
                status: implemented
                maps_to:
                  nist-like: [AC-2, ac-2.1, AC-2.1, gv.oc-1]

            """,
        ], expected: """
        <dir>/controls/c.yaml:7:25: error: 'ac-2.1' is not a requirement of nist-like
        <dir>/controls/c.yaml:7:25: note: did you mean 'AC-2(1)'? NIST-like writes it that way
        <dir>/controls/c.yaml:7:33: error: 'AC-2.1' is not a requirement of nist-like
        <dir>/controls/c.yaml:7:33: note: did you mean 'AC-2(1)'? NIST-like writes it that way
        <dir>/controls/c.yaml:7:41: error: 'gv.oc-1' is not a requirement of nist-like
        <dir>/controls/c.yaml:7:41: note: did you mean 'GV.OC-01'? NIST-like writes it that way
        """),
        Case(name: "another framework's Statement of Applicability is not spoken of as Annex A", files: [
            "frameworks/nist.yaml": nistLike.replacingOccurrences(of: "short_name: NIST-like\n", with: "short_name: NIST-like\nstatement_of_applicability: true\n"),
            "applicability.yaml": """
            nist-like:
              AC-2:
                applicable: true
                justification: Accounts are managed.
              GV.OC-01:
                applicable: false
                justification: Out of scope.
              AC-99:
                applicable: true
                justification: No such control.

            """,
        ], expected: """
        <dir>/applicability.yaml:2:3: warning: 1 applicable NIST-like control(s) have no implemented control: AC-2
        <dir>/applicability.yaml:2:3: note: map a control with 'status: implemented' to each (a planned or partly implemented one does not count yet), or exclude it with a justification
        <dir>/applicability.yaml:2:3: warning: 2 of 4 NIST-like controls are not yet decided: AC-2(1), AC-21
        <dir>/applicability.yaml:2:3: note: decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification'
        <dir>/applicability.yaml:2:3: note: this is a warning while there is no certificate; with one in certifications/ it is an error
        <dir>/applicability.yaml:9:5: error: 'AC-99' is not a requirement of nist-like
        <dir>/applicability.yaml:9:5: note: the requirements of nist-like are AC-2, AC-2(1), AC-21, GV.OC-01
        """),
        Case(name: "a control id used in two files", files: [
            "controls/a.yaml": control,
            "controls/b.yaml": """
            controls:
              - id: FW-2
                title: Two
                summary: The second control.
                status: planned
                maps_to: {}
              - id: FW-1
                title: One again
                summary: A duplicate.
                status: implemented
                maps_to: {}

            """,
        ], expected: """
        <dir>/controls/b.yaml:7:9: error: duplicate control id 'FW-1'
        <dir>/controls/b.yaml:7:9: note: first defined at <dir>/controls/a.yaml:2
        """),
        Case(name: "a missing site.yaml", files: [
            "controls/a.yaml": control,
        ], withSite: false, expected: """
        <dir>/site.yaml: error: required file is missing
        <dir>/site.yaml: note: it holds organization, trust_center, security_txt, for example:
        <dir>/site.yaml: note: organization: {name: Fernwick, legal_name: Fernwick Labs Inc., website: https://fernwick.example}
        <dir>/site.yaml: note: trust_center: {title: Fernwick Trust Center, description: How Fernwick protects customer data., url: https://trust.fernwick.example/, contact_email: security@fernwick.example, access_request_url: mailto:trust@fernwick.example}
        <dir>/site.yaml: note: security_txt: {contacts: [mailto:security@fernwick.example], expires: 2027-10-30T00:00:00Z}
        <dir>/site.yaml: note: run 'trustpress init' to start a program with every file; docs/content-format.md describes each key
        """),
        Case(name: "malformed YAML", files: [
            "controls/a.yaml": "controls:\n  - id: FW-1\n    title: [unclosed\n    summary: x\n",
        ], expected: """
        <dir>/controls/a.yaml:4:12: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence
        """),
        Case(name: "an SoA exclusion without a justification", files: [
            "applicability.yaml": """
            iso27001-2022:
              A.7.1:
                applicable: false
              A.7.2:
                applicable: false
                justification: "   "
              A.7.3:
                applicable: false
                justification: No offices.

            """,
        ], expected: """
        <dir>/applicability.yaml:2:3: warning: 90 of 93 Annex A controls are not yet decided: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 80 more
        <dir>/applicability.yaml:2:3: note: decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification' (ISO/IEC 27001:2022 §6.1.3 d)
        <dir>/applicability.yaml:2:3: note: this is a warning while there is no certificate; with one in certifications/ it is an error
        <dir>/applicability.yaml:3:5: error: excluding A.7.1 needs a justification (ISO/IEC 27001:2022 §6.1.3 d)
        <dir>/applicability.yaml:5:5: error: excluding A.7.2 needs a justification (ISO/IEC 27001:2022 §6.1.3 d)
        """),
        Case(name: "an excluded Annex A control that a control maps to", files: [
            "controls/a.yaml": """
            controls:
              - id: FW-1
                title: One
                summary: The first control.
                status: implemented
                maps_to:
                  iso27001-2022: [A.7.1]

            """,
            "applicability.yaml": "iso27001-2022:\n  A.7.1:\n    applicable: false\n    justification: No offices.\n",
        ], expected: """
        <dir>/applicability.yaml:2:3: warning: 92 of 93 Annex A controls are not yet decided: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 82 more
        <dir>/applicability.yaml:2:3: note: decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification' (ISO/IEC 27001:2022 §6.1.3 d)
        <dir>/applicability.yaml:2:3: note: this is a warning while there is no certificate; with one in certifications/ it is an error
        <dir>/applicability.yaml:3:5: error: A.7.1 is excluded but control 'FW-1' maps to it
        <dir>/applicability.yaml:3:5: note: mapped at <dir>/controls/a.yaml:7; remove the mapping or make A.7.1 applicable
        """),
        Case(name: "an unknown control in a policy", files: [
            "controls/a.yaml": control,
            "policies/access.md": "---\ntitle: Access\ncontrols: [FW-1, FW-2]\n---\nBody\n",
        ], expected: """
        <dir>/policies/access.md:3:18: error: unknown control 'FW-2'
        <dir>/policies/access.md:3:18: note: did you mean 'FW-1'?
        """),
        Case(name: "an unknown framework in maps_to", files: [
            "controls/a.yaml": """
            controls:
              - id: FW-1
                title: One
                summary: The first control.
                status: implemented
                maps_to:
                  iso27001-2013: [A.5.1]

            """,
        ], expected: """
        <dir>/controls/a.yaml:7:22: error: unknown framework 'iso27001-2013'
        <dir>/controls/a.yaml:7:22: note: did you mean 'iso27001-2022'?
        <dir>/controls/a.yaml:7:22: note: the frameworks loaded are iso27001-2022, soc2-2017; shipped, read when named: hipaa-security, nist-csf-2.0, nist-sp800-53-r5; add another in frameworks/<id>.yaml, or as an OSCAL catalog in frameworks/<id>.json
        """),
        Case(name: "a missing required key", files: [
            "controls/a.yaml": "controls:\n  - id: FW-1\n    title: One\n    status: implemented\n    maps_to: {}\n",
        ], expected: """
        <dir>/controls/a.yaml:2:5: error: missing required key 'summary' in 'controls[0]'
        <dir>/controls/a.yaml:2:5: note: add it, e.g. summary: Every person signs in through single sign-on.
        """),
        Case(name: "a date that does not exist", files: [
            "policies/p.md": "---\ntitle: P\napproved: 2026-02-30\n---\nBody\n",
        ], expected: """
        <dir>/policies/p.md:3:11: error: 'approved': '2026-02-30' is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)
        <dir>/policies/p.md:3:11: note: e.g. approved: 2026-11-30
        """),
        Case(name: "a duplicate key in one mapping", files: [
            "policies/p.md": "---\ntitle: P\nvisibility: confidential\nvisibility: public\n---\nBody\n",
        ], expected: """
        <dir>/policies/p.md:4:1: error: duplicate key 'visibility' in one mapping
        <dir>/policies/p.md:4:1: note: first defined at <dir>/policies/p.md:3
        """),
        Case(name: "a policy front matter that is never closed", files: [
            "policies/p.md": "---\ntitle: P\n\nBody\n",
        ], expected: """
        <dir>/policies/p.md:1:1: error: front matter starts with '---' but has no closing '---' line
        """),
        Case(name: "programs.yaml claims only what its files prove, once per framework, with dates in order", files: [
            "controls/a.yaml": control,
            "programs.yaml": """
            programs:
              - framework: soc2-2017
                status: attested
              - framework: nist-csf-2.0
                status: aligned
                target: 2027-01-01
              - framework: nist-csf-2.0
                status: in-progress
              - framework: nist-sp800-53-r5
                status: in-progress
                since: 2027-01-01
                target: 2026-01-01
              - framework: nist-csf-2
                status: aligned

            """,
        ], expected: """
        <dir>/programs.yaml:3:13: error: SOC 2 is declared attested, but there is no report for it in attestations/
        <dir>/programs.yaml:3:13: note: a declaration alone can say only 'aligned' or 'in-progress'; add the report file to claim more
        <dir>/programs.yaml:6:13: error: 'target' is for a program in progress; this one is aligned
        <dir>/programs.yaml:6:13: note: remove target, or write status: in-progress
        <dir>/programs.yaml:7:16: error: 'nist-csf-2.0' is declared twice
        <dir>/programs.yaml:7:16: note: first declared at programs[1]; keep one entry per framework
        <dir>/programs.yaml:11:12: error: 'since' is 2027-01-01, after the build date 2026-11-30
        <dir>/programs.yaml:11:12: note: a program cannot be claimed from a future date; set it when it starts
        <dir>/programs.yaml:12:13: warning: the target date 2026-01-01 has passed (build date 2026-11-30)
        <dir>/programs.yaml:12:13: note: set the date now expected, or the status reached
        <dir>/programs.yaml:13:16: error: unknown framework 'nist-csf-2'
        <dir>/programs.yaml:13:16: note: did you mean 'nist-csf-2.0'?
        <dir>/programs.yaml:13:16: note: the frameworks loaded are iso27001-2022, nist-csf-2.0, nist-sp800-53-r5, soc2-2017; shipped, read when named: hipaa-security; add another in frameworks/<id>.yaml, or as an OSCAL catalog in frameworks/<id>.json
        """),
        Case(name: "problems in several files are all reported in one run", files: [
            "controls/a.yaml": control,
            "policies/p.md": "---\ntitle: P\nvisibility: publik\ncontrols: [FW-1]\n---\nBody\n",
            "applicability.yaml": "iso27001-2022:\n  A.7.1:\n    applicable: false\n",
        ], expected: """
        <dir>/applicability.yaml:2:3: warning: 92 of 93 Annex A controls are not yet decided: A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 82 more
        <dir>/applicability.yaml:2:3: note: decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification' (ISO/IEC 27001:2022 §6.1.3 d)
        <dir>/applicability.yaml:2:3: note: this is a warning while there is no certificate; with one in certifications/ it is an error
        <dir>/applicability.yaml:3:5: error: excluding A.7.1 needs a justification (ISO/IEC 27001:2022 §6.1.3 d)
        <dir>/policies/p.md:3:13: error: 'visibility' has unknown value 'publik'
        <dir>/policies/p.md:3:13: note: did you mean 'public'?
        <dir>/policies/p.md:3:13: note: expected one of: public, confidential
        """),
    ]

    @Test("Each mistake gives exactly the expected diagnostics", arguments: cases)
    func diagnostics(_ c: Case) async throws {
        let dir = try makeTemporaryFolder("bad")
        defer { removeTemporaryFolder(dir) }
        var files = c.files
        if c.withSite { files["site.yaml"] = minimalSiteYAML }
        try writeFiles(files, into: dir)

        let found = diagnosticsOfFailedCheck(makeBuilder(content: dir))
        #expect(descriptions(found) == c.expected.replacingOccurrences(of: "<dir>", with: dir.path))
        #expect(found.contains { $0.severity == .error })
    }

    @Test("A build with errors writes nothing, not even the output folder", arguments: cases)
    func buildWritesNothing(_ c: Case) async throws {
        let dir = try makeTemporaryFolder("bad-build")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("content"), output = dir.appendingPathComponent("out")
        var files = c.files
        if c.withSite { files["site.yaml"] = minimalSiteYAML }
        try writeFiles(files, into: content)

        await #expect(throws: DiagnosticsError.self) {
            _ = try await makeBuilder(content: content, output: output).build()
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("A build with errors leaves an earlier output exactly as it was")
    func buildKeepsEarlierOutput() async throws {
        let dir = try makeTemporaryFolder("bad-keep")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("content"), output = dir.appendingPathComponent("out")
        try writeFiles(["site.yaml": minimalSiteYAML, "controls/a.yaml": Self.control], into: content)
        _ = try await makeBuilder(content: content, output: output).build()
        let before = readTree(output)
        #expect(before["public/index.html"] != nil)

        try writeFiles(["policies/p.md": "---\ntitle: P\nvisibility: publik\n---\n"], into: content)
        await #expect(throws: DiagnosticsError.self) {
            _ = try await makeBuilder(content: content, output: output).build()
        }
        #expect(readTree(output) == before)
    }

    @Test("A misspelt optional key is an error with a did-you-mean for the key it was meant to be")
    func unknownKeySuggestion() throws {
        let dir = try makeTemporaryFolder("typo")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/p.md": "---\ntitle: P\nversoin: \"2\"\nvisibility: public\n---\nBody\n"], into: dir)
        let found = diagnosticsOfFailedCheck(makeBuilder(content: dir))
        #expect(found.first?.description.hasPrefix("\(dir.path)/policies/p.md:3:1: error: unknown key 'versoin'") == true)
        #expect(descriptions(found) == """
            \(dir.path)/policies/p.md:3:1: error: unknown key 'versoin'
            \(dir.path)/policies/p.md:3:1: note: did you mean 'version'?
            """)
    }

    @Test("An unknown key next to the key it resembles is suggested")
    func unknownKeySuggestionWhenPresent() throws {
        let dir = try makeTemporaryFolder("typo2")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML,
                        "policies/p.md": "---\ntitle: P\nversion: \"1\"\nversions: \"2\"\n---\nBody\n"], into: dir)
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir))) == """
            \(dir.path)/policies/p.md:4:1: error: unknown key 'versions'
            \(dir.path)/policies/p.md:4:1: note: did you mean 'version'? 'version' is already given here; remove one of the two
            """)
    }
}

@Suite("Content keys")
struct ContentKeyTests {
    /// The did-you-mean list for misspelt keys must know every key the format uses.
    @Test("Every key used by the sample content is in the did-you-mean vocabulary")
    func sampleKeysAreKnown() throws {
        var keys = Set<String>()
        func collect(_ node: Node, skipKeys: Bool = false) {
            switch node {
            case let .mapping(map):
                for (key, value) in map {
                    let name = key.string ?? ""
                    if !skipKeys { keys.insert(name) }
                    // maps_to's keys are framework ids: data, not keys of the format.
                    collect(value, skipKeys: name == "maps_to")
                }
            case let .sequence(seq):
                for item in seq { collect(item) }
            default: break
            }
        }
        for url in FileManager.default.enumerator(at: Paths.content, includingPropertiesForKeys: nil)!
            .compactMap({ $0 as? URL }).sorted(by: { $0.path < $1.path })
        // faq.md and nda.md are plain Markdown without front matter (no keys).
        where ["yaml", "md"].contains(url.pathExtension) && !["faq.md", "nda.md"].contains(url.lastPathComponent) {
            let text = try String(contentsOf: url, encoding: .utf8)
            let yaml: String
            switch url.pathExtension {
            case "yaml": yaml = text
            case "md": yaml = try #require(try FrontMatter.split(text).yaml)
            default: continue
            }
            let node = try #require(try Yams.compose(yaml: yaml))
            // documents.yaml: file name → description; only the description's keys count.
            if url.lastPathComponent == "documents.yaml", case let .mapping(files) = node {
                for (_, description) in files { collect(description) }
            } else if url.lastPathComponent == "applicability.yaml", case let .mapping(frameworks) = node {
                for (_, decisions) in frameworks {
                    if case let .mapping(entries) = decisions { for (_, decision) in entries { collect(decision) } }
                }
            } else if url.deletingLastPathComponent().lastPathComponent == "crosswalks", case let .mapping(top) = node {
                // crosswalks/*.yaml: `mappings` is requirement id → ids; only the top-level keys count.
                for (key, _) in top { if let k = key.string { keys.insert(k) } }
            } else {
                collect(node)
            }
        }
        #expect(keys.count > 40)
        #expect(keys.subtracting(ContentKeys.all).isEmpty, "keys missing from ContentKeys.all: \(keys.subtracting(ContentKeys.all).sorted())")
    }
}
