import Foundation
import Testing
@testable import TrustPressCore

/// Issue 10, "Honest status": what the site says on the build date, the subprocessor history and
/// its feed, updates and the FAQ.
@Suite("Honest status and change feeds")
struct HonestStatusTests {
    static func certificate(expires: String, audits: [(String, Certification.SurveillanceAudit.Status)]) -> Certification {
        Certification(framework: "iso27001-2022", standard: "ISO/IEC 27001:2022", certificateNumber: "C-1",
                      certificationBody: Party(name: "CB"), accreditationBody: "UKAS", scope: "s", sites: [],
                      initialCertification: CalendarDate("2024-01-01")!, issued: CalendarDate("2025-01-01")!,
                      expires: CalendarDate(expires)!, soaVersion: "1", verificationURL: "https://cb.example",
                      surveillanceAudits: audits.map { .init(due: CalendarDate($0.0)!, status: $0.1) })
    }

    @Test("A certificate's standing: expired first, then an overdue surveillance audit, then the expiry window", arguments: [
        ("2027-12-31", [("2026-11-29", Certification.SurveillanceAudit.Status.planned)], CertificateStanding.surveillanceOverdue, "Surveillance audit overdue"),
        ("2027-12-31", [("2026-11-30", .planned)], .valid, "Valid"),           // due today: not yet overdue
        ("2027-12-31", [("2026-01-10", .completed)], .valid, "Valid"),
        ("2027-01-15", [("2026-11-01", .planned)], .surveillanceOverdue, "Surveillance audit overdue"),
        ("2027-01-15", [], .expiring, "Expiring soon"),
        ("2026-11-29", [("2026-06-01", .planned)], .expired, "Expired"),
    ])
    func standing(expires: String, audits: [(String, Certification.SurveillanceAudit.Status)], expected: CertificateStanding, label: String) {
        let c = Self.certificate(expires: expires, audits: audits)
        #expect(CertificateStanding.of(c, on: testDate) == expected)
        #expect(CertificateStanding.of(c, on: testDate).label == label)
    }

    @Test("A planned surveillance audit past its due date is Overdue, never Planned")
    func auditStanding() {
        let audit = Certification.SurveillanceAudit(due: CalendarDate("2026-11-29")!, status: .planned)
        #expect(audit.standing(on: testDate) == .overdue)
        #expect(audit.standing(on: testDate).label == "Overdue")
        #expect(audit.standing(on: CalendarDate("2026-11-29")!) == .planned)
    }

    @Test("A policy review: due on its date, overdue from the day after")
    func policyReview() {
        let date = CalendarDate("2026-11-29")!
        #expect(PolicyReview.of(nextReview: date, on: testDate) == .overdue(since: date))
        #expect(PolicyReview.of(nextReview: date, on: testDate)?.label() == "Overdue since 29 November 2026")
        #expect(PolicyReview.of(nextReview: testDate, on: testDate) == .due(testDate))
        #expect(PolicyReview.of(nextReview: nil, on: testDate) == nil)
    }

    /// The mini site with its files changed.
    func miniSite(_ change: (URL) throws -> Void) throws -> URL {
        let content = try copyFixture("mini-site")
        try change(content)
        return content
    }

    func edit(_ url: URL, _ from: String, _ to: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(from), "\(url.lastPathComponent) has no \(from)")
        try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: url)
    }

    @Test("Without subprocessors.yaml the site makes no subprocessor claim: no page, nav item, count or feed")
    func noSubprocessorFile() async throws {
        let content = try miniSite { try FileManager.default.removeItem(at: $0.appendingPathComponent("subprocessors.yaml")) }
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: content).render()
        #expect(result.publicFiles[path: "subprocessors.html"] == nil)
        #expect(result.publicFiles[path: "subprocessors.xml"] == nil)
        for file in result.publicFiles where file.path.hasSuffix(".html") || file.path.hasSuffix(".xml") {
            #expect(!file.text.localizedCaseInsensitiveContains("subprocessor"), "\(file.path) mentions subprocessors")
            #expect(!file.text.contains("third parties"), "\(file.path)")
        }
    }

    @Test("Only an explicit empty list says there are none, and its feed has no entry, dated by the build date")
    func emptySubprocessorList() async throws {
        let content = try miniSite { try Data("subprocessors: []\n".utf8).write(to: $0.appendingPathComponent("subprocessors.yaml")) }
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: content).render()
        #expect(try #require(result.publicFiles[path: "subprocessors.html"]).text.contains("<p>We use no subprocessors.</p>"))
        #expect(try #require(result.publicFiles[path: "index.html"]).text.contains("<p class=\"stat\">0</p>\n      <p>third parties that process customer data.</p>"))
        let feed = try #require(result.publicFiles[path: "subprocessors.xml"]).text
        #expect(feed.contains("<updated>2026-11-30T00:00:00Z</updated>"))
        #expect(!feed.contains("<entry>"))
    }

    @Test("An expired certificate is published as expired with a warning; build --strict refuses it")
    func expiredCertificate() async throws {
        let content = try miniSite { try edit($0.appendingPathComponent("certifications/iso27001.yaml"), "expires: 2028-", "expires: 2026-") }
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let result = try await makeBuilder(content: content).render()
        #expect(result.diagnostics.contains { $0.severity == .warning && $0.message.contains("it is published as expired") })
        let page = try #require(result.publicFiles.first { $0.path.hasPrefix("iso27001-2022-") }).text
        #expect(page.contains("<span class=\"badge badge-expired\">Expired</span> Certificate"))
        #expect(page.contains("expired on <time"))
        #expect(!page.contains("badge-valid"))
        // The page's description (search results, link previews) says so too, not "valid until".
        #expect(page.contains(": expired on "))
        #expect(!page.contains(", valid until "))
        var strict = makeBuilder(content: content).options
        strict.strict = true
        let failed = diagnosticsOfFailedCheck(Builder(options: strict))
        #expect(failed.contains { $0.message.contains("it is published as expired") })
    }
}

@Suite("Updates and FAQ")
struct UpdatesFAQTests {
    @Test("faq.md: each '## ' heading outside code fences opens a question; ids are unique slugs")
    func faqParse() {
        let faq = FAQ.parse("Intro.\n\n## Where is data stored? ##\nIn Ireland.\n```\n## not a question\n```\n## Where is data stored?\nAgain.\n   ## Indented\nx", path: "faq.md")
        #expect(faq.intro == "Intro.\n")
        #expect(faq.entries.map(\.question) == ["Where is data stored?", "Where is data stored?", "Indented"])
        #expect(faq.entries.map(\.id) == ["where-is-data-stored", "where-is-data-stored-1", "indented"])
        #expect(faq.entries.map(\.line) == [3, 8, 10])
        #expect(faq.entries[0].answer == "In Ireland.\n```\n## not a question\n```")
    }

    @Test("Updates and the FAQ are public: a link to a confidential or missing policy, a bad scheme, a future date and a fence are errors")
    func publicMarkdownErrors() throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try writeFiles([
            "updates/news.md": "---\ntitle: News\ndate: 2026-12-05\n---\n\nSee [x](../policies/missing.md) and <javascript:alert(1)>.\n\n[IR](../policies/incident-response.md)\n",
            "faq.md": "## Q?\n\nA [link](policies/access-control.md).\n\n::: confidential\nsecret\n:::\n",
            "nda.md": "Terms. See [x](../x.md).\n",
            "updates/other.md": "---\ntitle: Other\ndate: 2026-11-01\n---\n\nSee [y](../notes/y.md).\n",
        ], into: content)
        let errors = diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content")).map(\.description)
        #expect(errors.contains { $0.hasPrefix("content/updates/news.md:3:7: error: the update is dated 2026-12-05, after the build date 2026-11-30") })
        #expect(errors.contains { $0.hasPrefix("content/updates/news.md:6:5: error: link to '../policies/missing.md', but there is no policies/missing.md") })
        #expect(errors.contains { $0.contains("news.md:6:") && $0.contains("'javascript:alert(1)': only http:, https: and mailto: links are allowed") })
        #expect(errors.contains { $0.hasPrefix("content/updates/news.md:8:1: error: link to the confidential policy 'incident-response.md' from text that is published in full") })
        #expect(errors.contains { $0.hasPrefix("content/faq.md:5:1: error: this line looks like a redaction fence") })
        // A link outside policies/ is named as written, not as resolved against policies/.
        #expect(errors.contains { $0.hasPrefix("content/nda.md:1:12: error: link to '../x.md', which is not a policy; only links to policies/*.md are rewritten") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("content/updates/other.md:6:5: error: link to '../notes/y.md', which is not a policy") }, "\(errors)")
    }
}

/// The Atom feeds of the sample: valid against RFC 4287's RELAX NG schema (Appendix B) with
/// Debian's jing, and with the values the content gives.
@Suite("Atom feeds")
struct AtomFeedTests {
    /// `jing` on PATH; the test fails (never skips) without it: `make test` installs it.
    static func jing() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/jing"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test("updates.xml and subprocessors.xml are valid Atom (jing -c atom.rnc), and a broken feed is not", arguments: ["updates.xml", "subprocessors.xml"])
    func validAtom(file: String) async throws {
        let jing = try #require(Self.jing(), "jing is not installed: apt-get install jing (make test does)")
        let result = try await Sample.render()
        let feed = try #require(result.publicFiles[path: file])
        let dir = try makeTemporaryFolder("atom")
        defer { removeTemporaryFolder(dir) }
        let good = dir.appendingPathComponent(file), bad = dir.appendingPathComponent("broken-" + file)
        try feed.contents.write(to: good)
        // The schema must be able to fail: the same feed without its feed-level id.
        try Data(feed.text.replacingOccurrences(of: "  <id>https://trust.fernwick.example/\(file)</id>\n", with: "").utf8).write(to: bad)
        let schema = Paths.fixture("atom/atom.rnc").path
        func run(_ xml: URL) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: jing)
            process.arguments = ["-c", schema, xml.path]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let (status, output) = try run(good)
        #expect(status == 0, "\(output)")
        let (badStatus, badOutput) = try run(bad)
        #expect(badStatus != 0)
        #expect(badOutput.contains("missing required element \"id\""), "\(badOutput)")
    }

    @Test("subprocessors.xml: one entry per change, newest first, tag: ids, dates from the content")
    func subprocessorFeedValues() async throws {
        let feed = try #require(try await Sample.render().publicFiles[path: "subprocessors.xml"]).text
        let ids = feed.components(separatedBy: "<id>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(ids == [
            "https://trust.fernwick.example/subprocessors.xml",
            "tag:trust.fernwick.example,2026-11-16:subprocessors/upcoming/tallyreef-analytics-inc",
            "tag:trust.fernwick.example,2025-06-30:subprocessors/removed/quillstack-chat-inc",
            "tag:trust.fernwick.example,2025-04-07:subprocessors/added/signalcove-security-inc",
            "tag:trust.fernwick.example,2024-01-22:subprocessors/added/bugfinch-gmbh",
            "tag:trust.fernwick.example,2023-05-15:subprocessors/added/harborline-software-inc",
            "tag:trust.fernwick.example,2023-02-06:subprocessors/added/glyphwise-inc",
            "tag:trust.fernwick.example,2022-09-12:subprocessors/added/ledgerbridge-payments-llc",
            "tag:trust.fernwick.example,2022-03-01:subprocessors/added/nimbusline-cloud-inc",
            "tag:trust.fernwick.example,2022-03-01:subprocessors/added/postwren-ltd",
            "tag:trust.fernwick.example,2022-03-01:subprocessors/added/quillstack-chat-inc",
        ])
        // The feed is as new as its newest entry, never the build date (2026-11-30) or the clock.
        #expect(feed.contains("  <updated>2026-11-16T00:00:00Z</updated>\n  <link rel=\"self\""))
        #expect(feed.contains("<title>Upcoming subprocessor: Tallyreef Analytics, Inc., from 15 January 2027</title>"))
        // Upcoming: announced, so no "added" entry before its start date.
        #expect(!feed.contains("subprocessors/added/tallyreef"))
    }

    @Test("updates.xml: newest first, absolute links, policy links made absolute in the content")
    func updatesFeedValues() async throws {
        let result = try await Sample.render()
        let feed = try #require(result.publicFiles[path: "updates.xml"]).text
        let ids = feed.components(separatedBy: "<id>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(ids == [
            "https://trust.fernwick.example/updates.xml",
            "tag:trust.fernwick.example,2026-11-16:updates/2026-11-16-new-subprocessor-tallyreef",
            "tag:trust.fernwick.example,2026-06-20:updates/2026-06-20-iso-27001-surveillance-audit",
            "tag:trust.fernwick.example,2025-10-02:updates/2025-10-02-soc2-type2-report",
        ])
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://trust.fernwick.example/updates.html#2026-06-20-iso-27001-surveillance-audit\"/>"))
        #expect(feed.contains("href=&quot;https://trust.fernwick.example/policies/information-security.html&quot;"))
        // RFC 4287's two Schematron rules, which jing does not run: the feed has an author (so no entry
        // needs one) and every entry an alternate link.
        #expect(feed.contains("<author><name>"))
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 3)
        #expect(feed.components(separatedBy: "<link rel=\"alternate\" type=\"text/html\"").count - 1 == 4)
        // Autodiscovery on every page, and the page links its policy relative to the site.
        let page = try #require(result.publicFiles[path: "updates.html"]).text
        #expect(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"updates.xml\" title=\"Fernwick Trust Center: updates\">"))
        #expect(page.contains("<a href=\"policies/information-security.html\">Information Security Policy</a>"))
        let policy = try #require(result.publicFiles[path: "policies/information-security.html"]).text
        #expect(policy.contains("href=\"../subprocessors.xml\""))
    }
}
