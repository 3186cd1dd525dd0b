import Foundation
import Testing
@testable import TrustPressCore

/// Issue 11: a SOC 2 report's bridge letter. `check` judges its dates and its statement about
/// changes; the NDA bundle shows it on a page of its own, linked from the report's page and the
/// contents; nothing of it reaches the public site (the canaries of `LeakTests`).
@Suite("Bridge letters")
struct BridgeLetterTests {
    /// A Type 2 report whose period ended on 2026-06-30 (lines 1–7); a case adds its
    /// `bridge_letter:` from line 8.
    static let report = """
    framework: soc2-2017
    type: 2
    period: {start: 2026-01-01, end: 2026-06-30}
    report_date: 2026-08-14
    auditor: {name: Pike & Perch LLP}
    categories: [security]
    opinion: unqualified

    """

    static let control = """
    controls:
      - id: TINY-01
        title: Single sign-on
        summary: Every person signs in through single sign-on.
        status: implemented
        maps_to:
          soc2-2017: [CC6.1]

    """

    /// Every diagnostic of checking a tiny site with `attestation` on `date`, paths as `content/…`.
    static func check(_ attestation: String, on date: CalendarDate = testDate) throws -> [Diagnostic] {
        let dir = try makeTemporaryFolder("bridge")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("content")
        // security.txt stays valid on the build date (a year and more after the report).
        let site = minimalSiteYAML.replacingOccurrences(of: "expires: 2027-06-30T00:00:00Z", with: "expires: \(date.adding(months: 11))T00:00:00Z")
        try writeFiles(["site.yaml": site, "controls/c.yaml": control, "attestations/soc2.yaml": attestation], into: content)
        do {
            return try makeBuilder(content: content, display: "content", date: date).check().1
        } catch let error as DiagnosticsError {
            return error.diagnostics
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The report's `bridge_letter:` block (from line 8), or nil for none.
        let letter: String?
        var date = testDate
        /// Every diagnostic, one line each (notes included); empty when the check is clean.
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no bridge letter, period ended more than 3 months ago: a warning", letter: nil, expected: """
        content/attestations/soc2.yaml:3:9: warning: the SOC 2 report covers up to 2026-06-30, more than 3 months ago, and has no bridge letter: customers will ask for one
        content/attestations/soc2.yaml:3:9: note: add 'bridge_letter:' with the letter's date, its signer (name, title), the material changes since 2026-06-30 (or no_material_changes: true) and next_report_date
        """),
        Case(name: "no bridge letter, period ended exactly 3 months ago: nothing", letter: nil,
             date: CalendarDate(year: 2026, month: 9, day: 30), expected: ""),
        Case(name: "a bridge letter, period ended more than 3 months ago: nothing", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: ""),
        Case(name: "dated before the period ended: an error", letter: """
        bridge_letter:
          date: 2026-06-15
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:9:9: error: the bridge letter is dated 2026-06-15, but the report covers up to 2026-06-30: a bridge letter covers the time after the report, so it is dated after 2026-06-30
        content/attestations/soc2.yaml:9:9: note: date it on the day it was signed; a letter dated 2026-06-30 or earlier covers no time
        """),
        Case(name: "dated on the period's last day: an error (it covers no time)", letter: """
        bridge_letter:
          date: 2026-06-30
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:9:9: error: the bridge letter is dated 2026-06-30, but the report covers up to 2026-06-30: a bridge letter covers the time after the report, so it is dated after 2026-06-30
        content/attestations/soc2.yaml:9:9: note: date it on the day it was signed; a letter dated 2026-06-30 or earlier covers no time
        """),
        Case(name: "dated the day after the period ended: accepted", letter: """
        bridge_letter:
          date: 2026-07-01
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: ""),
        Case(name: "covering exactly 12 months: accepted", letter: """
        bridge_letter:
          date: 2027-06-30
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, date: CalendarDate(year: 2027, month: 6, day: 30), expected: ""),
        Case(name: "covering more than 12 months: a warning, beside the stale report's", letter: """
        bridge_letter:
          date: 2027-07-01
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, date: CalendarDate(year: 2027, month: 7, day: 1), expected: """
        content/attestations/soc2.yaml:3:9: warning: the SOC 2 report covers up to 2026-06-30, more than 12 months before the build date: it is stale
        content/attestations/soc2.yaml:3:9: note: customers expect a report whose period ended within the last 12 months
        content/attestations/soc2.yaml:9:9: warning: the bridge letter covers 2026-07-01 to 2027-07-01, more than 12 months: by then a new report is due
        content/attestations/soc2.yaml:9:9: note: a bridge letter usually covers no more than 3 months; customers expect a report whose period ended within the last 12 months
        """),
        Case(name: "dated after the build date: an error", letter: """
        bridge_letter:
          date: 2026-12-01
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:9:9: error: the bridge letter is dated 2026-12-01, after the build date 2026-11-30: a letter cannot be dated in the future
        content/attestations/soc2.yaml:9:9: note: date it on the day it was signed
        """),
        Case(name: "dated on the build date: accepted", letter: """
        bridge_letter:
          date: 2026-11-30
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: ""),
        Case(name: "the next report expected on the letter's date: an error", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2026-11-16
        """, expected: """
        content/attestations/soc2.yaml:12:21: error: the next report is expected on 2026-11-16, which is not after the letter's date 2026-11-16
        content/attestations/soc2.yaml:12:21: note: write the date the next report is expected to be issued
        """),
        Case(name: "no statement about changes: an error with both ways to write one", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:9:3: error: the bridge letter does not say whether the system or its controls changed materially since the report's period ended
        content/attestations/soc2.yaml:9:3: note: list the changes, e.g. material_changes: [Moved the database to a second region], or write no_material_changes: true if there were none
        """),
        Case(name: "no_material_changes: false and no list: the same error, at the statement", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: false
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:11:24: error: the bridge letter does not say whether the system or its controls changed materially since the report's period ended
        content/attestations/soc2.yaml:11:24: note: list the changes, e.g. material_changes: [Moved the database to a second region], or write no_material_changes: true if there were none
        """),
        Case(name: "an empty list of changes: the same error, at the list", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          material_changes: []
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:11:21: error: the bridge letter does not say whether the system or its controls changed materially since the report's period ended
        content/attestations/soc2.yaml:11:21: note: list the changes, e.g. material_changes: [Moved the database to a second region], or write no_material_changes: true if there were none
        """),
        Case(name: "changes listed and no_material_changes: true: a contradiction", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          material_changes: [Moved the database to a second region]
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:12:24: error: the bridge letter lists material changes and also says there were none
        content/attestations/soc2.yaml:12:24: note: keep the list and remove 'no_material_changes', or remove the list
        """),
        // A file that cannot be read is not judged further: the misspelling is the one problem.
        Case(name: "a misspelt key: unknown, with the key it was meant to be", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          material_change: [Moved the database to a second region]
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:11:3: error: unknown key 'material_change'
        content/attestations/soc2.yaml:11:3: note: did you mean 'material_changes'?
        """),
        Case(name: "an unknown key: an error naming the keys a bridge letter takes", letter: """
        bridge_letter:
          date: 2026-11-16
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-08-13
          incidents: none
        """, expected: """
        content/attestations/soc2.yaml:13:3: error: unknown key 'incidents'
        content/attestations/soc2.yaml:13:3: note: the keys here are: date, signer, material_changes, no_material_changes, next_report_date; remove it or rename it to one of them
        """),
        Case(name: "a missing signer: reported, with an example", letter: """
        bridge_letter:
          date: 2026-11-16
          no_material_changes: true
          next_report_date: 2027-08-13
        """, expected: """
        content/attestations/soc2.yaml:9:3: error: missing required key 'signer' in 'bridge_letter'
        content/attestations/soc2.yaml:9:3: note: add it, e.g. signer: {name: Dana Whitfield, title: Chief Information Security Officer}
        """),
    ]

    @Test("Each bridge letter rule gives exactly the expected diagnostics", arguments: cases)
    func diagnostics(_ c: Case) throws {
        let found = try Self.check(Self.report + (c.letter.map { $0 + "\n" } ?? ""), on: c.date)
        #expect(descriptions(found) == c.expected)
    }

    @Test("A signer without a title, and a date that is not a date, are reported where they are written")
    func signerAndDateShape() throws {
        let found = try Self.check(Self.report + """
        bridge_letter:
          date: 16 November 2026
          signer: {name: Tomas Brill}
          no_material_changes: true
          next_report_date: 2027-08-13

        """)
        #expect(descriptions(found) == """
        content/attestations/soc2.yaml:9:9: error: 'bridge_letter.date': '16 November 2026' is not a date; write YYYY-MM-DD (or an RFC 3339 date-time)
        content/attestations/soc2.yaml:9:9: note: e.g. date: 2026-11-30
        content/attestations/soc2.yaml:10:11: error: missing required key 'title' in 'bridge_letter.signer'
        content/attestations/soc2.yaml:10:11: note: add it, e.g. title: Chief Information Security Officer
        """)
    }

    @Test("A Type 1 report's bridge letter covers the time after its as-of date")
    func typeOne() async throws {
        let dir = try makeTemporaryFolder("bridge-type1")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "controls/c.yaml": Self.control, "attestations/soc2.yaml": """
        framework: soc2-2017
        type: 1
        as_of: 2026-08-31
        report_date: 2026-10-02
        auditor: {name: Pike & Perch LLP}
        categories: [security]
        opinion: unqualified
        bridge_letter:
          date: 2026-08-31
          signer: {name: Tomas Brill, title: Chief Technology Officer}
          no_material_changes: true
          next_report_date: 2027-03-31

        """], into: dir)
        // Dated on the as-of date: it covers nothing.
        #expect(diagnosticsOfFailedCheck(makeBuilder(content: dir)).map(\.message) == [
            "the bridge letter is dated 2026-08-31, but the report covers up to 2026-08-31: a bridge letter covers the time after the report, so it is dated after 2026-08-31",
        ])
        let file = dir.appendingPathComponent("attestations/soc2.yaml")
        try Data(String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  date: 2026-08-31", with: "  date: 2026-11-27").utf8).write(to: file)
        let result = try await makeBuilder(content: dir).render()
        #expect(result.diagnostics.isEmpty)
        let page = try #require(result.bundleFiles[path: "soc2-2017-type-1-2026-10-02-bridge-letter.html"]).text
        #expect(page.contains("<dt>Period covered</dt><dd>1 September 2026 to 27 November 2026</dd>"))
        #expect(page.contains("<p>The management of Tiny Labs, Inc. is not aware of any material change in the period 1 September 2026 to 27 November 2026 to the system or to the controls described in the SOC 2 Type 1 report issued by Pike &amp; Perch LLP on 2 October 2026 on the design of controls as of 31 August 2026.</p>"))
        #expect(page.contains("<h2>Material changes since 31 August 2026</h2>\n<p>None.</p>"))
    }

    @Test("The covered period starts the day after the report's coverage ends, across months and years", arguments: [
        ("2026-06-30", "2026-07-01"), ("2026-02-28", "2026-03-01"), ("2028-02-28", "2028-02-29"), ("2026-12-31", "2027-01-01"),
    ])
    func coveredPeriod(_ end: String, _ start: String) throws {
        let letter = Attestation.BridgeLetter(date: CalendarDate("2027-03-15")!, signer: .init(name: "N", title: "T"),
                                              materialChanges: nil, noMaterialChanges: true, nextReportDate: CalendarDate("2027-09-30")!)
        var report = Attestation(framework: "soc2-2017", type: .type2, period: .init(start: CalendarDate("2025-07-01")!, end: CalendarDate(end)!),
                                 asOf: nil, reportDate: CalendarDate("2027-01-10")!, auditor: Party(name: "A"), categories: [.security],
                                 publicSummary: nil, opinion: .unqualified, systemDescription: nil, exceptions: nil,
                                 complementaryUserEntityControls: nil, subserviceOrganizations: nil, bridgeLetter: nil)
        #expect(report.bridgePeriod == nil)
        report.bridgeLetter = letter
        #expect(report.bridgePeriod == Attestation.Period(start: CalendarDate(start)!, end: CalendarDate("2027-03-15")!))
    }

    @Test("The statement about changes: none, a list, or neither (which check rejects)")
    func changeStatement() {
        func letter(_ changes: [String]?, _ none: Bool?) -> Attestation.BridgeLetter.ChangeStatement? {
            Attestation.BridgeLetter(date: testDate, signer: .init(name: "N", title: "T"), materialChanges: changes,
                                     noMaterialChanges: none, nextReportDate: testDate.adding(months: 6)).changeStatement
        }
        #expect(letter(nil, true) == .noMaterialChanges)
        #expect(letter([], true) == .noMaterialChanges)
        #expect(letter(["a", "b"], nil) == .materialChanges(["a", "b"]))
        #expect(letter(["a"], false) == .materialChanges(["a"]))
        #expect(letter(["a"], true) == nil)
        #expect(letter(nil, nil) == nil)
        #expect(letter([], false) == nil)
    }

    @Test("The sample bundle's bridge letter page shows the covered period, the statement, the changes, the next report and the signer")
    func samplePage() async throws {
        let result = try await Sample.render()
        let page = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06-bridge-letter.html"]).text
        #expect(page.contains("<title>CONFIDENTIAL · SOC 2 Type 2 bridge letter · Fernwick Labs, Inc.</title>"))
        #expect(page.contains("<h1>SOC 2 Type 2 — bridge letter</h1>"))
        #expect(page.contains("<dt>Report</dt><dd><a href=\"soc2-2017-type-2-2026-11-06.html\">SOC 2 Type 2 report issued by Halloway &amp; Brandt LLP on 6 November 2026 for the period 1 October 2025 to 30 September 2026</a></dd>"))
        #expect(page.contains("<dt>Period covered</dt><dd>1 October 2026 to 20 November 2026</dd>"))
        #expect(page.contains("<dt>Letter date</dt><dd><time datetime=\"2026-11-20\">20 November 2026</time></dd>"))
        #expect(page.contains("<dt>Next report expected</dt><dd>15 November 2027</dd>"))
        #expect(page.contains("<dt>Signed by</dt><dd>Priya Raman, Chief Information Security Officer</dd>"))
        #expect(page.contains("<p>The management of Fernwick Labs, Inc. is not aware of any material change in the period 1 October 2026 to 20 November 2026 to the system or to the controls described in the SOC 2 Type 2 report issued by Halloway &amp; Brandt LLP on 6 November 2026 for the period 1 October 2025 to 30 September 2026, other than those listed below.</p>"))
        #expect(page.contains("<p>This letter is a representation of the management of Fernwick Labs, Inc., not an opinion of the service auditor, and it does not replace the report: read it together with the report.</p>"))
        #expect(page.contains("<h2>Material changes since 30 September 2026</h2>"))
        #expect(page.contains("<li>On October 12, 2026 the ERP connectors moved from the shared ingestion cluster to a dedicated Kubernetes namespace in each region, with their own network policies and service accounts.</li>"))
        #expect(page.components(separatedBy: "<li>On ").count - 1 == 2)
        #expect(!page.contains("<p>None.</p>"))

        // Linked from the report's page, the cover and every page's contents.
        let report = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06.html"]).text
        #expect(report.contains("<dt>Bridge letter</dt><dd><a href=\"soc2-2017-type-2-2026-11-06-bridge-letter.html\">Dated 20 November 2026, covering 1 October 2026 to 20 November 2026</a></dd>"))
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<li><a href=\"soc2-2017-type-2-2026-11-06-bridge-letter.html\">SOC 2 Type 2 bridge letter</a></li><li><a href=\"control-matrix.html\">"))
        let matrix = try #require(result.bundleFiles[path: "control-matrix.html"]).text
        #expect(matrix.contains("<a href=\"soc2-2017-type-2-2026-11-06-bridge-letter.html\">SOC 2 Type 2 bridge letter</a>"))

        // Nothing of it on the public site: no link, no signer, no change.
        for file in result.publicFiles {
            for text in ["bridge-letter.html", "Priya Raman", "ERP connectors moved", "endpoint detection and response agent"] {
                #expect(!file.text.contains(text), "\(file.path) contains '\(text)'")
            }
        }
    }

    @Test("A report without a bridge letter has no bridge letter page and no link to one")
    func noLetterNoPage() async throws {
        let dir = try makeTemporaryFolder("bridge-none")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "controls/c.yaml": Self.control, "attestations/soc2.yaml": Self.report], into: dir)
        let result = try await makeBuilder(content: dir, date: CalendarDate(year: 2026, month: 9, day: 1)).render()
        #expect(!result.bundleFiles.paths.contains { $0.contains("bridge-letter") })
        for file in result.bundleFiles where file.path.hasSuffix(".html") {
            #expect(!file.text.contains("bridge letter") && !file.text.contains("Bridge letter"), "\(file.path)")
        }
    }
}
