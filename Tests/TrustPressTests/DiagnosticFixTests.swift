import Foundation
import Testing
import Yams
@testable import TrustPressCore

/// Issue 9: every problem in one run, each with its fix. One check reports every missing key, wrong
/// type and unknown value of every file; each error says how to fix it (an example, the accepted
/// values, the loaded framework ids); a suggestion never repeats the rejected text.
@Suite("Diagnostics carry their fix")
struct DiagnosticFixTests {
    /// The diagnostics of checking `files` (content-relative path → text) laid over a valid tiny
    /// site (`minimalSiteYAML` and one control), paths printed as `content/…`.
    static func check(_ files: [String: String], withSite: Bool = true) throws -> [Diagnostic] {
        let dir = try makeTemporaryFolder("fix")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("content")
        var all = ["controls/base.yaml": baseControl]
        if withSite { all["site.yaml"] = minimalSiteYAML }
        for (path, text) in files { all[path] = text }
        try writeFiles(all, into: content)
        do {
            return try makeBuilder(content: content, display: "content").check().1
        } catch let error as DiagnosticsError {
            return error.diagnostics
        }
    }

    static let baseControl = """
    controls:
      - id: TINY-01
        title: Single sign-on
        summary: Every person signs in through single sign-on.
        status: implemented
        maps_to:
          iso27001-2022: [A.5.15]
          soc2-2017: [CC6.1]

    """

    static let soc2Report = """
    framework: soc2-2017
    type: 2
    period: {start: 2026-01-01, end: 2026-09-30}
    report_date: 2026-10-15
    auditor: {name: Example Assurance LLP}
    categories: [security]
    opinion: unqualified

    """

    static let sampleSubprocessors = """
    subprocessors:
      - {name: Example Cloud, purpose: Hosting, location: EU, data: Customer data}

    """

    // MARK: - Every problem in one run

    @Test("A site.yaml missing three keys gets three errors in one run, each at its mapping and with an example")
    func siteMissingThreeKeys() throws {
        let site = minimalSiteYAML
            .replacingOccurrences(of: "  legal_name: Tiny Labs, Inc.\n", with: "")
            .replacingOccurrences(of: "  url: https://trust.tiny.example/\n", with: "")
            .replacingOccurrences(of: "  expires: 2027-06-30T00:00:00Z\n", with: "")
        let diagnostics = try Self.check(["site.yaml": site])
        #expect(descriptions(diagnostics) == """
            content/site.yaml:2:3: error: missing required key 'legal_name' in 'organization'
            content/site.yaml:2:3: note: add it, e.g. legal_name: Fernwick Labs Inc.
            content/site.yaml:5:3: error: missing required key 'url' in 'trust_center'
            content/site.yaml:5:3: note: add it, e.g. url: https://trust.fernwick.example/
            content/site.yaml:10:3: error: missing required key 'expires' in 'security_txt'
            content/site.yaml:10:3: note: add it, e.g. expires: 2027-10-30T00:00:00Z
            """)
    }

    @Test("A certificate with only 'framework' gets every missing key at once, each with an example")
    func certificateWithOnlyFramework() throws {
        let diagnostics = try Self.check(["certifications/iso.yaml": "framework: iso27001-2022\n"])
        let missing = diagnostics.filter { $0.message.hasPrefix("missing required key") }
        #expect(missing.map(\.message) == [
            "accreditation_body", "certificate_number", "certification_body", "expires", "initial_certification", "issued",
            "scope", "sites", "soa_version", "standard", "surveillance_audits", "verification_url",
        ].map { "missing required key '\($0)'" })
        #expect(missing.allSatisfy { $0.path == "content/certifications/iso.yaml" && $0.line == 1 && $0.notes.count == 1 })
        let notes = Dictionary(uniqueKeysWithValues: missing.map { ($0.message, $0.notes.first ?? "") })
        #expect(notes["missing required key 'certification_body'"] == "add it, e.g. certification_body: {name: Example Assurance LLP}")
        #expect(notes["missing required key 'sites'"] == "add it, e.g. sites: [{name: Head office, address: 1 Main Street London}]")
        // Example dates follow the build date (2026-11-30): a date that must lie ahead is eleven
        // months later, any other is the day itself, so a pasted example is valid today.
        #expect(notes["missing required key 'expires'"] == "add it, e.g. expires: 2027-10-30")
        #expect(notes["missing required key 'surveillance_audits'"] == "add it, e.g. surveillance_audits: [{due: 2027-10-30, status: planned}]")
        #expect(notes["missing required key 'issued'"] == "add it, e.g. issued: 2026-11-30")
    }

    @Test("Problems of several files and records all come in the one run")
    func manyFilesOneRun() throws {
        let diagnostics = try Self.check([
            "attestations/soc2.yaml": "framework: soc2-2017\n",
            "controls/more.yaml": "controls:\n  - {}\n  - {id: X, title: T, summary: S, status: done, maps_to: {}}\n",
            "subprocessors.yaml": "subprocessors:\n  - {name: A}\n",
        ])
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.filter { $0.path.hasSuffix("soc2.yaml") }.count == 5)
        #expect(errors.filter { $0.path.hasSuffix("more.yaml") }.count == 6)
        #expect(errors.filter { $0.path.hasSuffix("subprocessors.yaml") }.count == 4)  // purpose, location, data and added are missing
    }

    // MARK: - Each with its fix

    struct BadRecord: Sendable, CustomTestStringConvertible {
        let name: String
        let files: [String: String]
        var testDescription: String { name }
    }

    /// Each record type × missing key, wrong type, wrong shape, unknown key, unknown value, bad date.
    static let badRecords: [BadRecord] = [
        BadRecord(name: "site.yaml: missing key", files: ["site.yaml": "organization: {name: T, legal_name: T, website: https://t.example}\n"]),
        BadRecord(name: "site.yaml: a list, not a mapping", files: ["site.yaml": "- organization\n"]),
        BadRecord(name: "site.yaml: text where a mapping goes", files: ["site.yaml": minimalSiteYAML.replacingOccurrences(of: "organization:\n  name: Tiny\n  legal_name: Tiny Labs, Inc.\n  website: https://tiny.example\n", with: "organization: Tiny\n")]),
        BadRecord(name: "site.yaml: unknown key", files: ["site.yaml": minimalSiteYAML + "colour: blue\n"]),
        BadRecord(name: "site.yaml: wrong type", files: ["site.yaml": minimalSiteYAML + "markdown: {raw_html: sometimes}\n"]),
        BadRecord(name: "site.yaml: text where a list goes", files: ["site.yaml": minimalSiteYAML.replacingOccurrences(of: "  contacts:\n    - mailto:security@tiny.example\n", with: "  contacts: mailto:security@tiny.example\n")]),
        BadRecord(name: "certificate: missing keys", files: ["certifications/iso.yaml": "framework: iso27001-2022\n"]),
        BadRecord(name: "certificate: bad dates, wrong shapes, unknown value", files: ["certifications/iso.yaml": """
            framework: iso27001-2022
            standard: ISO/IEC 27001:2022
            certificate_number: IS 1
            certification_body: BSI
            accreditation_body: UKAS
            scope: All
            sites: HQ
            initial_certification: 2024
            issued: 2025-13-01
            expires: next year
            soa_version: "1"
            verification_url: https://register.example/1
            surveillance_audits:
              - {due: 2026-01-01, status: done}
            """]),
        BadRecord(name: "attestation: missing keys", files: ["attestations/soc2.yaml": "framework: soc2-2017\n"]),
        BadRecord(name: "attestation: unknown values and wrong shapes", files: ["attestations/soc2.yaml": """
            framework: soc2-2017
            type: [2]
            period: {start: 2026-01-01, end: 2026-09-30}
            report_date: 2026-10-15
            auditor: Example
            categories: security
            opinion: clean
            subservice_organizations:
              - {name: C, services: S, method: carveout}
            """]),
        BadRecord(name: "attestation: a type that is not 1 or 2", files: ["attestations/soc2.yaml": Self.soc2Report.replacingOccurrences(of: "type: 2", with: "type: two")]),
        BadRecord(name: "control: missing keys", files: ["controls/c.yaml": "controls:\n  - {}\n"]),
        BadRecord(name: "control: wrong types", files: ["controls/c.yaml": """
            controls:
              - id: [X]
                title: {a: b}
                summary: S
                status: done
                maps_to: [iso27001-2022]
                evidence: {kind: policy}
                tests:
                  - {date: yesterday, procedure: p, sample_size: many, exceptions: 1.5, result: ok}
            """]),
        BadRecord(name: "control: unknown key", files: ["controls/c.yaml": "controls:\n  - {id: X, title: T, summary: S, status: planned, maps_to: {}, colour: red}\n"]),
        BadRecord(name: "controls file: not a list", files: ["controls/c.yaml": "controls: X\n"]),
        BadRecord(name: "policy front matter: every kind", files: ["policies/p.md": """
            ---
            titel: P
            visibility: publik
            approved: 2026-02-30
            controls: TINY-01
            ---
            Body
            """]),
        BadRecord(name: "policy front matter: empty title", files: ["policies/p.md": "---\ntitle:\n---\nBody\n"]),
        BadRecord(name: "subprocessors: missing keys and unknown key", files: ["subprocessors.yaml": "subprocessors:\n  - {name: AWS, websit: https://aws.example}\n"]),
        BadRecord(name: "subprocessors: not a list", files: ["subprocessors.yaml": "subprocessors:\n  name: AWS\n"]),
        BadRecord(name: "subprocessors: the file is a list", files: ["subprocessors.yaml": "- AWS\n"]),
        BadRecord(name: "applicability: wrong types and missing key", files: ["applicability.yaml": """
            iso27001-2022:
              A.5.1: {applicable: maybe}
              A.5.2: true
              A.5.3: {justification: x}
            """]),
        BadRecord(name: "catalog: missing keys and unknown value", files: ["frameworks/f.yaml": """
            framework: my-2026
            groups:
              - {id: g, title: G, kind: chapter}
            requirements:
              - {id: R1, group: g}
            """]),
        BadRecord(name: "unknown framework in a certificate", files: [
            "certifications/iso.yaml": String(decoding: try! Data(contentsOf: Paths.fixture("mini-site/certifications/iso27001.yaml")), as: UTF8.self)
                .replacingOccurrences(of: "framework: iso27001-2022", with: "framework: iso27001"),
        ]),
        BadRecord(name: "unknown framework in a report", files: ["attestations/soc2.yaml": Self.soc2Report.replacingOccurrences(of: "soc2-2017", with: "soc2")]),
        BadRecord(name: "unknown framework in maps_to", files: ["controls/c.yaml": "controls:\n  - {id: X, title: T, summary: S, status: planned, maps_to: {soc2: [CC6.1]}}\n"]),
        BadRecord(name: "unknown framework in applicability.yaml", files: ["applicability.yaml": "iso27001:\n  A.5.1: {applicable: true, justification: x}\n"]),
    ]

    @Test("Every error says how to fix it: a note with an example, the accepted values or a suggestion", arguments: badRecords)
    func everyErrorHasAFix(_ record: BadRecord) throws {
        let errors = try Self.check(record.files).filter { $0.severity == .error }
        #expect(!errors.isEmpty, "\(record.name): no error")
        for error in errors {
            // The fix is in a note, or in the message itself ("write YYYY-MM-DD", "a Type 2 report needs 'period'").
            let fix = error.notes.contains { $0.contains("e.g. ") || $0.contains("did you mean") || $0.contains("expected one of")
                || $0.contains("the keys here are") || $0.contains("the frameworks loaded are") || $0.contains("remove") }
                || error.message.contains("write ") || error.message.contains("needs ")
            #expect(fix, "\(record.name): no fix in \(error)")
        }
    }

    // MARK: - Suggestions

    @Test("A suggestion never repeats the rejected text, however it is spelt")
    func suggestionNeverRepeatsTheRejectedText() throws {
        let candidates = ["name", "legal_name", "website", "Name", "name\u{200B}", "title", "FW-IAM-01", "soc2-2017"]
        let words = candidates + ["nam", "NAME", "name ", "na\u{301}me", "n\u{200B}ame", "website", "FW-IAM-1", "soc2-2017\u{FEFF}", ""]
        for word in words {
            for guess in [Suggestion.closest(to: word, in: candidates), Suggestion.Index(candidates).closest(to: word)] {
                guard let guess else { continue }
                #expect(guess != word && Excerpt.cut(guess) != Excerpt.cut(word), "'\(word)' → '\(guess)'")
            }
        }
        // Through the decoder: a key in every form that could be mistaken for an accepted one.
        for key in ["!x name", "Name", "\"name \"", "\"name\u{200B}\"", "NAME", "nme", "\"name\\t\""] {
            let site = minimalSiteYAML.replacingOccurrences(of: "  name: Tiny\n", with: "  \(key): Tiny\n  name: Tiny\n")
            let diagnostics = try Self.check(["site.yaml": site])
            #expect(!diagnostics.isEmpty, "\(key) was accepted")
            for d in diagnostics {
                let rejected = d.message.split(separator: "'").dropFirst().first.map(String.init)
                for note in d.notes where note.hasPrefix("did you mean ") {
                    let suggested = note.split(separator: "'").dropFirst().first.map(String.init)
                    #expect(suggested != rejected, "\(key): \(d)")
                }
            }
        }
    }

    @Test("A tagged key is named as such, not reported as missing and unknown with itself suggested")
    func taggedKey() throws {
        let site = minimalSiteYAML.replacingOccurrences(of: "  name: Tiny\n", with: "  !x name: Tiny\n")
        #expect(descriptions(try Self.check(["site.yaml": site])) == """
            content/site.yaml:2:3: error: the key 'name' has the tag '!x', which makes it another key
            content/site.yaml:2:3: note: remove the tag: write 'name:'
            """)
    }

    @Test("A misspelt key whose correct spelling is already given says one of the two must go")
    func misspeltDuplicate() throws {
        let site = minimalSiteYAML.replacingOccurrences(of: "  name: Tiny\n", with: "  name: Tiny\n  Name: Tiny\n")
        #expect(descriptions(try Self.check(["site.yaml": site])) == """
            content/site.yaml:3:3: error: unknown key 'Name'
            content/site.yaml:3:3: note: did you mean 'name'? 'name' is already given here; remove one of the two
            """)
    }

    @Test("An unknown framework id suggests the loaded one meant and lists every loaded id",
          arguments: [("soc2", "soc2-2017"), ("iso27001", "iso27001-2022"), ("ISO27001-2022", "iso27001-2022"),
                      ("soc2-2018", "soc2-2017"), ("nist-csf", "nist-csf-2.0"), ("nist-800-53", nil)] as [(String, String?)])
    func unknownFramework(_ written: String, _ meant: String?) throws {
        let diagnostics = try Self.check([
            "controls/c.yaml": "controls:\n  - {id: X, title: T, summary: S, status: planned, maps_to: {\(written): [CC6.1]}}\n",
        ])
        let error = try #require(diagnostics.first { $0.message == "unknown framework '\(written)'" })
        var expected = meant.map { ["did you mean '\($0)'?"] } ?? []
        expected.append("the frameworks loaded are iso27001-2022, soc2-2017; shipped, read when named: hipaa-security, nist-csf-2.0, nist-sp800-53-r5; "
                        + "add another in frameworks/<id>.yaml, or as an OSCAL catalog in frameworks/<id>.json")
        #expect(error.notes == expected)
    }

    // MARK: - Missing files

    @Test("A missing site.yaml says what goes in it, with example lines that decode, and points to trustpress init")
    func missingSiteYAML() throws {
        let diagnostics = try Self.check([:], withSite: false)
        let error = try #require(diagnostics.first { $0.path == "content/site.yaml" })
        #expect(error.message == "required file is missing")
        #expect(error.notes.first == "it holds organization, trust_center, security_txt, for example:")
        #expect(error.notes.last == "run 'trustpress init' to start a program with every file; docs/content-format.md describes each key")
        // The example lines are a site.yaml that decodes.
        let example = error.notes.dropFirst().dropLast().joined(separator: "\n") + "\n"
        var log = DiagnosticLog()
        #expect(YAMLFile.decode(SiteConfig.self, from: example, path: "site.yaml", log: &log) != nil)
        #expect(log.all.isEmpty, "\(log.all)")
    }

    /// The examples are built from the types: for each record, the required keys' example lines
    /// together make a record that decodes without a problem.
    @Test("The example lines of every record decode")
    func examplesDecode() throws {
        func decodes<T: Codable>(_ type: T.Type, wrap: (String) -> String = { $0 }) -> [Diagnostic] {
            let lines = ContentLoader.whatGoesIn(type).dropFirst().dropLast()
            var log = DiagnosticLog()
            _ = YAMLFile.decode(type, from: wrap(lines.joined(separator: "\n") + "\n"), path: "\(type)", log: &log)
            return log.all
        }
        #expect(decodes(SiteConfig.self).isEmpty)
        #expect(decodes(Certification.self).isEmpty)
        #expect(decodes(Attestation.self).isEmpty)
        #expect(decodes(ControlsFile.self).isEmpty)
        #expect(decodes(SubprocessorsFile.self).isEmpty)
        #expect(decodes(Catalog.self).isEmpty)
        #expect(decodes(PolicyFrontMatter.self).isEmpty)
    }

    // MARK: - Long lists

    @Test("Excerpt.list shows the first ten items and the count of the rest")
    func excerptList() {
        #expect(Excerpt.list([]) == "")
        #expect(Excerpt.list(["a", "b"]) == "a, b")
        let ten = (1...10).map { "A.5.\($0)" }
        #expect(Excerpt.list(ten) == ten.joined(separator: ", "))
        #expect(Excerpt.list(ten + ["A.5.11", "A.5.12"]) == ten.joined(separator: ", ") + " and 2 more")
    }

    @Test("The undecided Annex A controls of a Statement of Applicability are listed ten at most, with the count of the rest")
    func undecidedListIsCut() throws {
        let certificate = String(decoding: try Data(contentsOf: Paths.fixture("mini-site/certifications/iso27001.yaml")), as: UTF8.self)
        let diagnostics = try Self.check(["certifications/iso.yaml": certificate])
        let undecided = try #require(diagnostics.first { $0.message.contains("undecided") })
        #expect(undecided.message.hasSuffix(": A.5.1, A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10 and 82 more"))
        for d in diagnostics {
            #expect(d.message.split(separator: ",").count <= Excerpt.listLimit + 1, "\(d.message)")
        }
    }
}
