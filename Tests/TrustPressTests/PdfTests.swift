import Foundation
import Testing
@testable import TrustPressCore

/// `build --pdf`: the bundle combined into one document (`BundleDocument`: ids unique, links
/// between pages rewritten to anchors, nothing to fetch) and printed by headless Chromium
/// (`ChromiumPDF`: found or a clear error, dates from the build date, byte-identical, no temporary
/// files left).
@Suite("The bundle as one PDF", .serialized)
struct PdfTests {
    // MARK: - Reading the combined document

    /// Every value of `attribute` in `html` (double-quoted, as the document writes them), decoded.
    static func values(_ attribute: String, in html: String) -> [String] {
        let pattern = "[\\s<]" + NSRegularExpression.escapedPattern(for: attribute) + "=\"([^\"]*)\""
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { Tag.decodeEntities(String(html[$0])) }
        }
    }

    static func duplicates(_ list: [String]) -> [String] {
        Dictionary(grouping: list, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    /// A small bundle: a cover, a page and a policy page, with the ids, links and images the
    /// combiner must rewrite.
    static let files: [RenderedFile] = [
        RenderedFile(path: "index.html", text: """
        <!DOCTYPE html>
        <html lang="de">
        <head>
        <meta charset="utf-8">
        <title>VERTRAULICH · Deckblatt · Fernwick</title>
        <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="assets/style.css">
        <link rel="stylesheet" href="assets/print.css" media="print">
        <style>
        @page { @top-left { content: "VERTRAULICH \\2014  Fernwick"; } }
        </style>
        </head>
        <body class="confidential">
        <header class="site-header"><div class="confidential-banner">VERTRAULICH — Acme Corp</div>
        <a class="brand" href="index.html"><img class="brand-logo" src="assets/logo.png" alt="Fernwick"></a></header>
        <nav class="toc"><a href="soa.html">SoA</a></nav>
        <main id="main">
        <h1 id="cover">Deckblatt</h1>
        <ol><li><a href="soa.html">SoA</a></li><li><a href="policies/access.html#scope">Zugang</a></li><li><a href="index.html#exports">Exporte</a></li></ol>
        <h2 id="exports">Exporte</h2>
        <a href="soa.csv" download><code>soa.csv</code></a> <a href="manifest.json">manifest</a>
        <table aria-labelledby="exports"><tr><th id="h1">x</th><td headers="h1 cover">y</td></tr></table>
        </main>
        <footer class="confidential-banner">Geteilt mit Acme Corp.</footer>
        </body>
        </html>
        """),
        RenderedFile(path: "soa.html", text: """
        <html lang="de"><head><title>SoA</title><link rel="stylesheet" href="assets/style.css"></head><body class="confidential">
        <header class="site-header"><div class="confidential-banner">banner</div></header>
        <main id="main">
        <h1 id="cover">SoA</h1>
        <h2 id="A.5.1">A.5.1 Policies</h2>
        <p>See <a href="policies/access.html">access</a>, <a href="#A.5.1">A.5.1</a>, <a href='https://example.com/x?a=1&amp;b=2'>auditor</a>,
        <a href="mailto:security@example.com">mail</a>, <a href="/etc/passwd">root</a>, <a href="javascript:alert(1)">js</a>.</p>
        <p>Footnote<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup></p>
        <section class="footnotes" data-footnotes><ol><li id="fn-1"><p>Note <a href="#fnref-1" class="footnote-backref">↩</a></p></li></ol></section>
        </main>
        <footer class="confidential-banner">footer</footer>
        </body></html>
        """),
        RenderedFile(path: "policies/access.html", text: """
        <html><head><title>Access</title></head><body class="confidential">
        <main id="main">
        <nav class="breadcrumb"><a href="../policies.html">Policies</a> › Access</nav>
        <h1 id="cover">Access</h1>
        <h2 id="scope">Scope</h2>
        <p>Back to <a href="../soa.html#A.5.1">A.5.1</a> and <a href="../index.html#exports">the exports</a>.</p>
        <p><img src="https://tracker.example/pixel.png" alt="Network diagram"> <img src="//cdn.example/x.png" alt="">
        <img src="../assets/logo.png" srcset="https://cdn.example/logo@2x.png 2x" alt="Logo"></p>
        <picture><source srcset="https://cdn.example/dark.png" media="(prefers-color-scheme: dark)"><img src="https://cdn.example/light.png" alt="Light"></picture>
        <p>Footnote<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup></p>
        <section class="footnotes" data-footnotes><ol><li id="fn-1"><p>Other note <a href="#fnref-1" class="footnote-backref">↩</a></p></li></ol></section>
        <script>fetch("https://evil.example/")</script><iframe src="https://evil.example/frame"></iframe>
        <div style="background: url(https://evil.example/bg.png)">styled</div>
        </main>
        </body></html>
        """),
        RenderedFile(path: "assets/style.css", text: """
        @font-face { font-family: Brand; src: url("fonts/brand.woff2") format("woff2"), url(https://fonts.example/brand.woff2); }
        body { background: url('data:image/png;base64,AAAA'); }
        .x::before { content: "</STYLE>"; }
        """),
        RenderedFile(path: "assets/print.css", text: "details.group::details-content { content-visibility: visible; }"),
        RenderedFile(path: "assets/fonts/brand.woff2", contents: Data([0x77, 0x4F, 0x46, 0x32])),
        RenderedFile(path: "assets/logo.png", contents: Data([0x89, 0x50, 0x4E, 0x47])),
        RenderedFile(path: "soa.csv", text: "id\n"),
        RenderedFile(path: "manifest.json", text: "{}"),
    ]

    static let document = BundleDocument(files: files, order: ["index.html", "soa.html", "policies.html", "soa.html", "policies/access.html"]).html

    @Test("the pages follow in order, each in its own section after a page break, with the cover's head once")
    func sections() {
        let html = Self.document
        #expect(Self.values("id", in: html).filter { $0.range(of: "^p[0-9]+$", options: .regularExpression) != nil } == ["p0", "p1", "p2"])
        #expect(html.components(separatedBy: "<section class=\"bundle-page\"").count - 1 == 3)
        #expect(html.contains(".bundle-page + .bundle-page { break-before: page; }"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<title>VERTRAULICH · Deckblatt · Fernwick</title>"))
        #expect(html.components(separatedBy: "<title>").count == 2)
        #expect(html.components(separatedBy: "@top-left { content: \"VERTRAULICH").count == 2)
        #expect(html.contains("<body class=\"confidential\">"))
        // The cover's banners open and close the document; the other pages' are not repeated.
        #expect(html.contains("<div class=\"confidential-banner\">VERTRAULICH — Acme Corp</div>"))
        #expect(html.contains("<footer class=\"confidential-banner\">Geteilt mit Acme Corp.</footer>\n</body>"))
        #expect(!html.contains(">banner<") && !html.contains(">footer<"))
        #expect(!html.contains("class=\"toc\""))
        // The stylesheets inlined, the print one with its media, none linked.
        #expect(html.contains("<style media=\"print\">\ndetails.group::details-content"))
        #expect(!html.contains("<link"))
        #expect(html.contains("content: \"<\\/style>\""))
        #expect(html.components(separatedBy: "</style>").count - 1 == 4)  // style.css, print.css, the marking, the page breaks
    }

    @Test("every id is unique, prefixed by its page; the attributes naming ids follow")
    func uniqueIDs() {
        let html = Self.document
        let ids = Self.values("id", in: html)
        #expect(Self.duplicates(ids).isEmpty, "repeated ids: \(Self.duplicates(ids))")
        for id in ["p0-cover", "p1-cover", "p2-cover", "p1-A.5.1", "p1-fn-1", "p1-fnref-1", "p2-fn-1", "p2-fnref-1", "p2-scope", "main"] {
            #expect(ids.contains(id), "missing id \(id)")
        }
        #expect(!ids.contains("fn-1") && !ids.contains("cover") && !ids.contains("A.5.1"))
        #expect(html.contains("aria-labelledby=\"p0-exports\""))
        #expect(html.contains("headers=\"p0-h1 p0-cover\""))
    }

    @Test("links between bundle pages go to the anchors in the document; every internal link has its target")
    func links() {
        let html = Self.document
        let hrefs = Self.values("href", in: html)
        for expected in ["#p1", "#p2-scope", "#p0-exports", "#p1-A.5.1", "#p1-fn-1", "#p1-fnref-1", "#p2-fn-1", "#p2-fnref-1", "#p0",
                         "mailto:security@example.com"] {
            #expect(hrefs.contains(expected), "missing href \(expected) in \(hrefs)")
        }
        #expect(html.contains("<a href='https://example.com/x?a=1&amp;b=2'>auditor</a>"), "an https link stays as it is")
        let ids = Set(Self.values("id", in: html))
        for href in hrefs where href.hasPrefix("#") {
            #expect(ids.contains(String(href.dropFirst())), "\(href) points to no id")
        }
        // Nothing left that would resolve against the printing machine's folder.
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("https:") || $0.hasPrefix("mailto:") }, "\(hrefs)")
        #expect(html.contains("<a><code>soa.csv</code></a>"), "an export's link loses its href and download")
        #expect(html.contains("<a>manifest</a>") && html.contains("<a>root</a>") && html.contains("<a>js</a>"))
        // policies.html is not a page of this bundle: its breadcrumb link goes nowhere.
        #expect(html.contains("<a>Policies</a>"))
    }

    @Test("no remote image and nothing fetchable is left: alt text instead, bundle files inlined, a CSP forbidding the rest")
    func nothingToFetch() {
        let html = Self.document
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:\">"))
        #expect(html.contains("<span class=\"pdf-image-alt\">Network diagram</span>"))
        #expect(html.contains("<span class=\"pdf-image-alt\">Light</span>"))
        #expect(!html.contains("tracker.example") && !html.contains("cdn.example") && !html.contains("evil.example"))
        #expect(!html.contains("fonts.example"))
        #expect(!html.contains("<script") && !html.contains("<iframe") && !html.contains("<source") && !html.contains("srcset"))
        // The logo (in the header and on the policy page) and the font, from the bundle's files.
        let logo = "data:image/png;base64," + Data([0x89, 0x50, 0x4E, 0x47]).base64EncodedString()
        #expect(Self.values("src", in: html) == [logo, logo])
        #expect(html.contains("url(\"data:font/woff2;base64,\(Data([0x77, 0x4F, 0x46, 0x32]).base64EncodedString())\") format(\"woff2\"), url(\"data:,\")"))
        #expect(html.contains("url(\"data:image/png;base64,AAAA\")"))
        #expect(html.contains("style=\"background: url(&quot;data:,&quot;)\""))
        // No URL the browser would load: every src and url() is a data: URL.
        let loaded = Self.values("src", in: html) + Self.cssURLs(html)
        #expect(loaded.allSatisfy { $0.hasPrefix("data:") }, "\(loaded)")
        #expect(html.range(of: "(src|srcset|poster|data|action)=\"(https?:|//)", options: .regularExpression) == nil)
    }

    static func cssURLs(_ html: String) -> [String] {
        let decoded = Tag.decodeEntities(html)
        let regex = try! NSRegularExpression(pattern: #"url\(\s*["']?([^"')]*)"#)
        return regex.matches(in: decoded, range: NSRange(decoded.startIndex..., in: decoded)).compactMap {
            Range($0.range(at: 1), in: decoded).map { String(decoded[$0]) }
        }
    }

    @Test("the sample bundle as one document: every page once in the contents' order, unique ids, every internal link resolved")
    func sampleDocument() async throws {
        let result = try await Sample.render()
        let pages = result.bundleFiles.map(\.path).filter { $0.hasSuffix(".html") }
        #expect(result.bundlePages.first == "index.html")
        #expect(Set(result.bundlePages) == Set(pages))
        #expect(result.bundlePages.count == pages.count)
        #expect(result.bundlePages.firstIndex(of: "policies.html")! < result.bundlePages.firstIndex(where: { $0.hasPrefix("policies/") })!)
        let html = BundleDocument(files: result.bundleFiles, order: result.bundlePages).html
        let ids = Self.values("id", in: html)
        #expect(Self.duplicates(ids).isEmpty, "repeated ids: \(Self.duplicates(ids))")
        let idSet = Set(ids)
        let hrefs = Self.values("href", in: html)
        let anchors = hrefs.filter { $0.hasPrefix("#") }
        #expect(anchors.count > 20)
        for href in anchors { #expect(idSet.contains(String(href.dropFirst())), "\(href) points to no id") }
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("https:") || $0.hasPrefix("http:") || $0.hasPrefix("mailto:") },
                "\(hrefs.filter { !$0.hasPrefix("#") })")
        // One section per page; the marking once; nothing linked or fetched.
        #expect(html.components(separatedBy: "<section class=\"bundle-page\"").count - 1 == pages.count)
        #expect(html.components(separatedBy: ".confidential::after { content:").count == 2)
        #expect(html.contains("Page \" counter(page) \" of \" counter(pages)"))
        #expect(!html.contains("<link") && !html.contains("<script"))
        #expect((Self.values("src", in: html) + Self.cssURLs(html)).allSatisfy { $0.hasPrefix("data:") || $0.hasPrefix("#") })
        // Each policy's first heading, under its page's prefix.
        let sample = try Sample.model()
        for (offset, policy) in sample.policies.enumerated() {
            let index = try #require(result.bundlePages.firstIndex(of: "policies/\(policy.id).html"))
            #expect(html.contains("<section class=\"bundle-page\" id=\"p\(index)\">"), "policy \(offset) \(policy.id)")
        }
    }

    // MARK: - PDF dates

    @Test("Chromium's creation and modification dates become the build date, the PDF's length unchanged")
    func dates() {
        let pdf = Data("%PDF-1.4\n<</Title (x)\n/CreationDate (D:20261203075133+00'00')\n/ModDate (D:20261203075134+01'00')>>\n/ModDate (D:2026)\n%%EOF".utf8)
        let fixed = ChromiumPDF.settingDates(pdf, to: CalendarDate(year: 2026, month: 11, day: 30))
        #expect(fixed.count == pdf.count)
        #expect(String(decoding: fixed, as: UTF8.self)
            == "%PDF-1.4\n<</Title (x)\n/CreationDate (D:20261130000000+00'00')\n/ModDate (D:20261130000000+00'00')>>\n/ModDate (D:2026)\n%%EOF")
        let short = Data("/CreationDate (D:20261203075133Z)".utf8)
        #expect(String(decoding: ChromiumPDF.settingDates(short, to: testDate), as: UTF8.self) == "/CreationDate (D:20261130000000Z)")
    }

    // MARK: - Finding Chromium

    @Test("a --chromium path with no executable is an error saying how to install Chromium")
    func missingChromium() throws {
        #expect(throws: ChromiumPDF.Failure(description:
            "--pdf: Chromium is not at /nonexistent/chromium (no executable file there): install it (Debian: sudo apt-get install chromium) or give its path with --chromium PATH")) {
            try ChromiumPDF.locate("/nonexistent/chromium")
        }
        #expect(throws: ChromiumPDF.Failure(description:
            "--pdf needs headless Chromium to print the bundle, and none is on PATH (looked for chromium, chromium-browser): install it (Debian: sudo apt-get install chromium) or give its path with --chromium PATH")) {
            try ChromiumPDF.locate(nil, path: "/nonexistent:/also-not-there")
        }
        let dir = try makeTemporaryFolder("chromium-path")
        defer { removeTemporaryFolder(dir) }
        let fake = dir.appendingPathComponent("chromium-browser")
        try Data("#!/bin/sh\n".utf8).write(to: fake)
        #expect(throws: ChromiumPDF.Failure.self) { try ChromiumPDF.locate(nil, path: dir.path) }  // not executable yet
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        #expect(try ChromiumPDF.locate(nil, path: "/nonexistent:" + dir.path).executable == fake.path)
        #expect(try ChromiumPDF.locate("chromium-browser", path: dir.path).executable == fake.path)
        #expect(try ChromiumPDF.locate(fake.path, path: "").executable == fake.path)
    }

    @Test("build --pdf with no Chromium exits 2 before writing anything, saying how to install it")
    func missingChromiumCommandLine() throws {
        let dir = try makeTemporaryFolder("cli-pdf")
        defer { removeTemporaryFolder(dir) }
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--output", "out",
                                                     "--date", "2026-11-30", "--pdf", "--chromium", "/nonexistent"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr == "error: --pdf: Chromium is not at /nonexistent (no executable file there): install it (Debian: sudo apt-get install chromium) or give its path with --chromium PATH\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "the output folder was created")
        let empty = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--output", "out",
                                                       "--date", "2026-11-30", "--pdf"], in: dir, environment: ["PATH": "/nonexistent"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("none is on PATH (looked for chromium, chromium-browser)"))
        let stray = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--output", "out",
                                                       "--chromium", "/usr/bin/chromium"], in: dir)
        #expect(stray.status == 2)
        #expect(stray.stderr.contains("--chromium is the browser --pdf prints with: add --pdf"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("Chromium runs with no network, no sandbox, no printed header, a private profile and the outline")
    func arguments() {
        let arguments = ChromiumPDF.arguments(document: "/t/bundle.html", pdf: "/t/bundle.pdf", profile: "/t/profile")
        for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--generate-pdf-document-outline",
                         "--print-to-pdf=/t/bundle.pdf", "--user-data-dir=/t/profile", "--host-resolver-rules=MAP * ~NOTFOUND",
                         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--disable-background-networking"] {
            #expect(arguments.contains(argument), "missing \(argument)")
        }
        #expect(arguments.last == "file:///t/bundle.html")
    }

    @Test("a Chromium that fails or hangs is a clear error, killed at the timeout, its temporary folder removed")
    func failingChromium() throws {
        let dir = try makeTemporaryFolder("chromium-fake")
        defer { removeTemporaryFolder(dir) }
        let failing = dir.appendingPathComponent("failing"), hanging = dir.appendingPathComponent("hanging")
        try Data("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n".utf8).write(to: failing)
        try Data("#!/bin/sh\nsleep 30\n".utf8).write(to: hanging)
        for file in [failing, hanging] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path) }
        let before = Self.temporaryPDFFolders()
        let document = BundleDocument(files: Self.files, order: ["index.html"])
        #expect(throws: ChromiumPDF.Failure(description: "--pdf: Chromium (\(failing.path)) exited with status 3:\ncannot open display")) {
            try ChromiumPDF(executable: failing.path).print(document, buildDate: testDate)
        }
        let start = Date()
        #expect(throws: ChromiumPDF.Failure(description: "--pdf: Chromium (\(hanging.path)) did not finish printing within 1 seconds and was stopped")) {
            try ChromiumPDF(executable: hanging.path, timeout: 1).print(document, buildDate: testDate)
        }
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(Self.temporaryPDFFolders() == before)
    }

    static func temporaryPDFFolders() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        return Set(names.filter { $0.hasPrefix("trustpress-pdf-") })
    }

    // MARK: - End to end, with Chromium

    static let chromium = try? ChromiumPDF.locate(nil)

    /// The canary site with a remote image in its confidential policy and a footnote in two policies.
    static func canaryWithImage() throws -> URL {
        let content = try copyFixture("canary-site")
        for name in ["secret-policy.md", "default-policy.md"] {
            let url = content.appendingPathComponent("policies/" + name)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data((text + "\n\n![Canary diagram](https://canary.invalid/pdf-canary.png)\n\nA note.[^1]\n\n[^1]: The footnote of \(name).\n").utf8)
                .write(to: url)
        }
        return content
    }

    @Test("build --pdf prints the whole bundle: a PDF with bookmarks, dated by the build date, byte-identical twice, no temporary files",
          .enabled(if: chromium != nil, "Chromium is not installed"))
    func printsPDF() async throws {
        let content = try Self.canaryWithImage()
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let before = Self.temporaryPDFFolders()
        var pdfs: [Data] = []
        for run in 0..<2 {
            let output = content.deletingLastPathComponent().appendingPathComponent("out\(run)")
            var options = makeBuilder(content: content, display: "canary-site", output: output, recipient: "Acme Corp", nda: "NDA-7").options
            options.pdf = true
            let result = try await Builder(options: options).build()
            let sidecar = try #require(result.sidecars.first { $0.kind == .pdf })
            #expect(sidecar.fileName == "2026-11-30-acme-corp.pdf")
            let pdf = sidecar.data
            #expect(FileManager.default.contents(atPath: output.path + "/confidential/2026-11-30-acme-corp.pdf") == pdf)
            #expect(FileManager.default.contents(atPath: output.path + "/confidential/2026-11-30-acme-corp.pdf.sha256")
                == Data("\(sha256Hex(pdf))  2026-11-30-acme-corp.pdf\n".utf8))
            pdfs.append(pdf)
            let document = BundleDocument(files: result.bundleFiles, order: result.bundlePages).html
            #expect(document.contains("<span class=\"pdf-image-alt\">Canary diagram</span>"))
            #expect(!document.contains("canary.invalid"))
        }
        let text = String(decoding: pdfs[0], as: UTF8.self)
        #expect(pdfs[0].starts(with: Data("%PDF-".utf8)))
        #expect(text.contains("/CreationDate (D:20261130000000+00'00')"))
        #expect(text.contains("/ModDate (D:20261130000000+00'00')"))
        #expect(text.contains("/Type /Outlines"))
        #expect(!text.contains("trustpress-pdf-"), "the temporary folder's path is in the PDF")
        #expect(pdfs[0] == pdfs[1], "two builds gave different PDFs")
        #expect(Self.temporaryPDFFolders() == before)
    }
}
