import Foundation
import Testing
@testable import TrustPressCore

/// Issue 11, "marked for its recipient": every bundle page names the organization, the recipient, the
/// NDA, the bundle id, the issue date and the valid-until date, on screen (the banners) and on paper
/// (the margin boxes of `BundleMarking`, with "page N of M"), with the recipient's watermark; the
/// cover shows the NDA terms of nda.md and every file's SHA-256.
@Suite("Bundle marking")
struct BundleMarkingTests {
    static let validUntil = CalendarDate(year: 2027, month: 2, day: 28)

    /// The mini site (or `content`) rendered on the test date, for Acme Corp under NDA-2026-001 by default.
    func render(content: URL = Paths.fixture("mini-site"), recipient: String? = "Acme Corp", nda: String? = "NDA-2026-001",
                validUntil: CalendarDate? = Self.validUntil) async throws -> Builder.Result {
        try await Builder(options: .init(
            content: content, contentDisplay: "mini-site",
            output: FileManager.default.temporaryDirectory.appendingPathComponent("trustpress-unused-\(UUID().uuidString)"),
            buildDate: testDate, recipient: recipient, ndaReference: nda, validUntil: validUntil)).render()
    }

    /// The marking `<style>` element's text of a page (the one holding `@page`).
    static func markingCSS(_ page: String) -> String? {
        guard let start = page.range(of: "<style>\n@page {"), let end = page.range(of: "</style>", range: start.upperBound..<page.endIndex)
        else { return nil }
        return String(page[page.index(start.lowerBound, offsetBy: "<style>\n".count)..<end.lowerBound])
    }

    static let expectedCSS = """
        @page {
          @top-left { content: "CONFIDENTIAL — Minnow Software, Ltd."; }
          @top-right { content: "Prepared for Acme Corp under NDA-2026-001"; }
          @bottom-left { content: "Bundle 2026-11-30-acme-corp · issued 30 November 2026 · valid until 28 February 2027"; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); }
        }
        .confidential::after { content: "Acme Corp"; }

        """

    @Test("Every bundle page carries the recipient, NDA, bundle id, issue and valid-until dates: banners, print margins, watermark")
    func everyPageMarked() async throws {
        let result = try await render()
        let pages = result.bundleFiles.filter { $0.path.hasSuffix(".html") }
        // cover, SoA, report, bridge letter, control matrix, mapping, policies list, two policies
        #expect(pages.count == 9, "\(pages.paths)")
        for page in pages {
            let text = page.text
            #expect(text.contains("<strong>CONFIDENTIAL</strong> — Minnow Software, Ltd. · Prepared for Acme Corp under NDA-2026-001 · 2026-11-30 · Bundle 2026-11-30-acme-corp · valid until 2027-02-28\n"),
                    "\(page.path)")
            #expect(text.contains("Shared with Acme Corp under NDA-2026-001. Do not redistribute. Bundle 2026-11-30-acme-corp, built 30 November 2026, valid until 28 February 2027.\n</footer>"),
                    "\(page.path)")
            #expect(Self.markingCSS(text) == Self.expectedCSS, "\(page.path)")
        }
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<dt>Valid until</dt><dd>28 February 2027</dd>\n</dl>"))
    }

    @Test("manifest.json says until when the bundle is valid, or null")
    func manifestValidUntil() async throws {
        for (until, expected) in [(Self.validUntil, "2027-02-28" as Any), (nil, NSNull() as Any)] {
            let result = try await render(validUntil: until)
            let manifest = try #require(result.bundleFiles[path: "manifest.json"])
            let json = try #require(try JSONSerialization.jsonObject(with: manifest.contents) as? [String: Any])
            if let text = expected as? String { #expect(json["valid_until"] as? String == text) }
            else { #expect(json["valid_until"] is NSNull, "\(String(describing: json["valid_until"]))") }
            #expect(manifest.text.contains("\"build_date\": \"2026-11-30\",\n  \"valid_until\": "))
        }
    }

    @Test("Without a validity date no page says 'valid until'; an internal bundle is marked Internal use only")
    func internalWithoutExpiry() async throws {
        let result = try await render(recipient: nil, nda: nil, validUntil: nil)
        for page in result.bundleFiles where page.path.hasSuffix(".html") {
            #expect(!page.text.lowercased().contains("valid until"), "\(page.path)")
            let css = try #require(Self.markingCSS(page.text), "\(page.path)")
            #expect(css.contains("@top-right { content: \"Internal use only\"; }"), "\(page.path)")
            #expect(css.contains("@bottom-left { content: \"Bundle 2026-11-30-internal · issued 30 November 2026\"; }"), "\(page.path)")
            #expect(css.contains(".confidential::after { content: \"Internal use only\"; }"), "\(page.path)")
        }
    }

    // MARK: - CSS strings

    /// A CSS string token read back as a CSS parser reads it (CSS Syntax 3, §4.3.5 "consume a string
    /// token"), from the opening quote at `start`; nil for a bad string (an unescaped line break or
    /// no closing quote). Returns the value and the index after the closing quote.
    static func readCSSString(_ text: String, from start: String.Index) -> (value: String, end: String.Index)? {
        let scalars = text.unicodeScalars
        var i = start
        guard i < scalars.endIndex, scalars[i] == "\"" else { return nil }
        i = scalars.index(after: i)
        var value = String.UnicodeScalarView()
        while i < scalars.endIndex {
            let c = scalars[i]
            i = scalars.index(after: i)
            switch c {
            case "\"": return (String(value), i)
            case "\n", "\r", "\u{0C}": return nil
            case "\\":
                guard i < scalars.endIndex else { return nil }
                var hex = ""
                while i < scalars.endIndex, hex.count < 6, scalars[i].properties.isASCIIHexDigit {
                    hex.unicodeScalars.append(scalars[i]); i = scalars.index(after: i)
                }
                if hex.isEmpty {
                    if scalars[i] == "\n" { i = scalars.index(after: i); continue }  // an escaped line break is nothing
                    value.append(scalars[i]); i = scalars.index(after: i)
                } else {
                    if i < scalars.endIndex, [" ", "\t", "\n"].contains(scalars[i]) { i = scalars.index(after: i) }
                    let code = UInt32(hex, radix: 16)!
                    value.append(code == 0 || code > 0x10FFFF || (0xD800...0xDFFF).contains(code) ? "\u{FFFD}" : Unicode.Scalar(code)!)
                }
            default: value.append(c)
            }
        }
        return nil
    }

    static let hostile = [
        "plain", "", "O'Brien & \"Sons\"", #"back\slash\"#, "line\nbreak\r\nand\u{0C}feed", "</style><script>alert(1)</script>",
        "</STYLE >", "tab\there", "nul\u{0}char", "\u{7F}\u{85}\u{2028}\u{2029}", "*/ } @page { content: \"x\" } /*",
        "\\3c not an escape", "日本電気株式会社", "emoji 🛡️", "\\", "\"",
    ]

    @Test("CSS.string escapes quotes, backslashes, line breaks and '<': a parser reads back the value, and nothing ends the element",
          arguments: hostile)
    func cssStringRoundTrip(_ value: String) throws {
        let token = CSS.string(value)
        let read = try #require(Self.readCSSString(token, from: token.startIndex), "\(token)")
        #expect(read.value == value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
        #expect(read.end == token.endIndex, "the string ends early: \(token)")
        #expect(!token.contains("<") && !token.contains(">") && !token.contains("&"))
        #expect(!token.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test("CSS.string writes the expected escapes")
    func cssStringExamples() {
        #expect(CSS.string(#"say "hi""#) == #""say \"hi\"""#)
        #expect(CSS.string(#"a\b"#) == #""a\\b""#)
        #expect(CSS.string("a\nb") == #""a\a b""#)
        #expect(CSS.string("</style>") == #""\3c /style\3e ""#)
        #expect(CSS.string("a\u{0}b") == "\"a\u{FFFD}b\"")
        #expect(CSS.string("Zürich · — 日本") == "\"Zürich · — 日本\"")
    }

    @Test("'Page N of M' in any wording becomes CSS strings around the page and pages counters")
    func pageCounters() {
        #expect(BundleMarking.counters("Page {page} of {pages}") == #""Page " counter(page) " of " counter(pages)"#)
        #expect(BundleMarking.counters("{page}/{pages}") == #"counter(page) "/" counter(pages)"#)
        #expect(BundleMarking.counters("Seite {page} von {pages}") == #""Seite " counter(page) " von " counter(pages)"#)
        #expect(BundleMarking.counters("{pages} \"pages\"") == #"counter(pages) " \"pages\"""#)
        #expect(BundleMarking.counters("no number") == #""no number""#)
        #expect(BundleMarking.counters("") == #""""#)
    }

    @Test("A hostile recipient name stays inside its CSS strings and the banners' text")
    func hostileRecipient() async throws {
        let name = "Evil \"Corp\" \\ </style><script>alert(1)</script>\nLtd"
        let result = try await render(recipient: name, nda: "NDA-\"1\"</style>")
        for page in result.bundleFiles where page.path.hasSuffix(".html") {
            let text = page.text
            #expect(!text.contains("<script"), "\(page.path)")
            let css = try #require(Self.markingCSS(text), "\(page.path)")
            #expect(!css.contains("<"), "\(page.path)")
            // Read every CSS string back: the recipient and NDA come out as given.
            var values: [String] = []
            var at = css.startIndex
            while at < css.endIndex {
                if css[at] == "\"" {
                    let read = try #require(Self.readCSSString(css, from: at), "\(page.path): \(css)")
                    values.append(read.value)
                    at = read.end
                } else {
                    at = css.index(after: at)
                }
            }
            #expect(values == ["CONFIDENTIAL — Minnow Software, Ltd.", "Prepared for \(name) under NDA-\"1\"</style>",
                               "Bundle \(result.bundleID) · issued 30 November 2026 · valid until 28 February 2027",
                               "Page ", " of ", name], "\(page.path)")
        }
    }

    @Test("'Page N of M' and the footer's words are in the site's language", arguments: [
        ("de", #""Seite " counter(page) " von " counter(pages)"#, "ausgestellt am 30. November 2026 · gültig bis 28. Februar 2027", "VERTRAULICH — "),
        ("fr", #""Page " counter(page) " sur " counter(pages)"#, "émis le 30 novembre 2026 · valable jusqu’au 28 février 2027", "CONFIDENTIEL — "),
    ])
    func localised(_ language: String, _ counters: String, _ dates: String, _ mark: String) async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let site = content.appendingPathComponent("site.yaml")
        try Data(("language: \(language)\n" + String(contentsOf: site, encoding: .utf8)).utf8).write(to: site)
        let result = try await render(content: content)
        let matrix = try #require(result.bundleFiles[path: "control-matrix.html"]).text
        let css = try #require(Self.markingCSS(matrix))
        #expect(css.contains("@bottom-right { content: \(counters); }"))
        #expect(css.contains(dates))
        #expect(css.contains("@top-left { content: \"\(mark)Minnow Software, Ltd.\"; }"))
    }

    // MARK: - Validity

    @Test("--expires and --valid-days give the last day of validity, checked against the build date")
    func validity() throws {
        #expect(try BundleValidity.validUntil(expires: nil, validDays: nil, buildDate: testDate) == nil)
        #expect(try BundleValidity.validUntil(expires: "2027-02-28", validDays: nil, buildDate: testDate) == Self.validUntil)
        #expect(try BundleValidity.validUntil(expires: "2026-11-30", validDays: nil, buildDate: testDate) == testDate)
        #expect(try BundleValidity.validUntil(expires: nil, validDays: 90, buildDate: testDate) == Self.validUntil)
        #expect(try BundleValidity.validUntil(expires: nil, validDays: 1, buildDate: testDate) == CalendarDate(year: 2026, month: 12, day: 1))
        #expect(try BundleValidity.validUntil(expires: nil, validDays: 36_525, buildDate: testDate) == CalendarDate(year: 2126, month: 12, day: 1))
        let problems: [(String?, Int?, String)] = [
            ("2026-11-29", nil, "--expires 2026-11-29 is before the build date 2026-11-30: the bundle would be expired when it is made"),
            ("2026-02-30", nil, "--expires '2026-02-30' is not a date; write YYYY-MM-DD, e.g. 2027-02-28"),
            ("28.02.2027", nil, "--expires '28.02.2027' is not a date; write YYYY-MM-DD, e.g. 2027-02-28"),
            ("2027-02-28", 90, "--expires and --valid-days both say when the bundle ends: give one of them"),
            (nil, 0, "--valid-days must be a whole number of days from 1 to 36525, got 0"),
            (nil, -5, "--valid-days must be a whole number of days from 1 to 36525, got -5"),
            (nil, 36_526, "--valid-days must be a whole number of days from 1 to 36525, got 36526"),
            (nil, Int.max, "--valid-days must be a whole number of days from 1 to 36525, got \(Int.max)"),
        ]
        for (expires, days, message) in problems {
            #expect(throws: BundleValidity.Problem(description: message)) {
                try BundleValidity.validUntil(expires: expires, validDays: days, buildDate: testDate)
            }
        }
    }

    // MARK: - The cover

    @Test("The cover lists every other file but manifest.json with the SHA-256 manifest.json gives it")
    func coverDigests() async throws {
        let result = try await render()
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        let row = try NSRegularExpression(pattern: #"<tr><td><code>([^<]*)</code></td><td>([0-9]+)</td><td><code class="digest">([0-9a-f]{64})</code></td></tr>"#)
        let listed = row.matches(in: cover, range: NSRange(cover.startIndex..., in: cover)).map { m in
            (1...3).map { String(cover[Range(m.range(at: $0), in: cover)!]) }
        }
        let others = result.bundleFiles.filter { $0.path != "index.html" && $0.path != "manifest.json" }
        #expect(listed.map { $0[0] } == others.paths)
        for (entry, file) in zip(listed, others) {
            #expect(entry[1] == String(file.contents.count), "\(file.path)")
            #expect(entry[2] == sha256Hex(file.contents), "\(file.path)")
        }
        let manifest = try #require(result.bundleFiles[path: "manifest.json"]).text
        #expect(manifest.contains("{\"path\": \"index.html\", \"bytes\": \(cover.utf8.count), \"sha256\": \"\(sha256Hex(Data(cover.utf8)))\"}"))
        #expect(cover.contains("This page cannot list its own SHA-256, nor that of manifest.json"))
    }

    @Test("nda.md is shown on the cover, its links to policies going to their pages in the bundle")
    func termsOnCover() async throws {
        let result = try await render()
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<h2 id=\"terms\">Terms of disclosure</h2>\n<div class=\"prose\"><p>Shared under the mutual NDA named above, only to evaluate Minnow as a supplier.</p>"))
        #expect(cover.contains("<a href=\"policies/access-control.html#rules\">access control policy</a>"))
        for page in result.bundleFiles where page.path != "index.html" {
            #expect(!page.text.contains("only to evaluate Minnow"), "\(page.path)")
        }
        for file in result.publicFiles {
            #expect(!file.text.contains("only to evaluate Minnow"), "\(file.path)")
        }
    }

    @Test("Without nda.md the cover has no terms section")
    func noTerms() async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: content.appendingPathComponent("nda.md"))
        let result = try await render(content: content)
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(!cover.contains("Terms of disclosure"))
        #expect(!cover.contains("class=\"terms\""))
        #expect(cover.contains("<h2 id=\"files\">Files and their SHA-256</h2>"))
    }

    @Test("The leak audit looks for the NDA terms on the public site")
    func termsAudited() throws {
        let model = try makeBuilder(content: Paths.fixture("mini-site"), display: "mini-site").check().0
        let leaking = RenderedFile(path: "index.html", text: "<p>Delete it when the evaluation ends or when Minnow asks.</p>")
        let found = LeakAudit.audit(model: model, publicFiles: [leaking], outputDisplay: "Output")
        #expect(found.map(\.path) == ["Output/public/index.html"])
        #expect(found.first?.message.hasPrefix("leak audit: confidential text from the NDA terms (nda.md) appears on the public site") == true,
                "\(found.map(\.message))")
    }

    @Test("nda.md is checked like the FAQ: not empty, no fence, allowed schemes, links to policies that exist", arguments: [
        ("   \n\n", ["nda.md:1:1: error: nda.md is empty: it holds the terms shown on the bundle's cover"]),
        ("Terms.\n\n::: confidential\nx\n:::\n", [
            "nda.md:3:1: error: this line looks like a redaction fence ('::: confidential' or ':::'), but nda.md is shown whole on the bundle's cover, and only there: fences work only in policy bodies",
            "nda.md:5:1: error: this line looks like a redaction fence ('::: confidential' or ':::'), but nda.md is shown whole on the bundle's cover, and only there: fences work only in policy bodies",
        ]),
        ("See [this](javascript:alert(1)).\n", ["nda.md:1:5: error: 'javascript:alert(1)': only http:, https: and mailto: links are allowed"]),
        ("See [the policy](policies/missing.md).\n", ["nda.md:1:5: error: link to 'policies/missing.md', but there is no policies/missing.md"]),
        ("See ![a logo](logo.png).\n", ["nda.md:1:5: error: image 'logo.png': images need an absolute https: URL; TrustPress does not copy image files"]),
        // A confidential policy has its page in the bundle: fine here, unlike in the FAQ.
        ("See the [incident response policy](policies/incident-response.md).\n", []),
    ])
    func termsChecked(_ text: String, _ expected: [String]) throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try Data(text.utf8).write(to: content.appendingPathComponent("nda.md"))
        let builder = makeBuilder(content: content, display: "mini-site")
        let errors: [Diagnostic]
        do {
            errors = try builder.check().1.filter { $0.severity == .error }
        } catch let error as DiagnosticsError {
            errors = error.diagnostics.filter { $0.severity == .error }
        }
        #expect(errors.map { $0.description.replacingOccurrences(of: "mini-site/", with: "").components(separatedBy: "\n")[0] } == expected)
    }
}

extension CommandLineTests {
    @Test("--expires in the past, both --expires and --valid-days, or a bad date is a usage error: exit 2, nothing written",
          arguments: [
            (["--expires", "2026-11-01"], "--expires 2026-11-01 is before the build date 2026-11-30: the bundle would be expired when it is made"),
            (["--expires", "2027-01-01", "--valid-days", "30"], "--expires and --valid-days both say when the bundle ends: give one of them"),
            (["--expires", "next year"], "--expires 'next year' is not a date; write YYYY-MM-DD, e.g. 2027-02-28"),
            (["--valid-days", "0"], "--valid-days must be a whole number of days from 1 to 36525, got 0"),
          ])
    func validityUsage(_ extra: [String], _ message: String) throws {
        let dir = try makeTemporaryFolder("cli-expires")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--output", "out", "--date", "2026-11-30",
                                  "--recipient", "Acme Corp"] + extra, in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("--valid-days 90 dates the bundle: cover, pages and manifest.json say valid until 2027-02-28")
    func validDays() throws {
        let dir = try makeTemporaryFolder("cli-valid-days")
        defer { removeTemporaryFolder(dir) }
        let run = try trustpress(["build", "--content", Paths.fixture("mini-site").path, "--output", "out", "--date", "2026-11-30",
                                  "--recipient", "Acme Corp", "--nda", "NDA-1", "--valid-days", "90", "--quiet"], in: dir)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let bundle = dir.appendingPathComponent("out/confidential/2026-11-30-acme-corp")
        let manifest = try String(contentsOf: bundle.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"valid_until\": \"2027-02-28\","))
        let cover = try String(contentsOf: bundle.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(cover.contains("<dt>Valid until</dt><dd>28 February 2027</dd>"))
        let soa = try String(contentsOf: bundle.appendingPathComponent("soa-iso27001-2022.html"), encoding: .utf8)
        #expect(soa.contains("· valid until 2027-02-28\n"))
        #expect(soa.contains("· valid until 28 February 2027\"; }"))
    }
}
