import Foundation
import Testing
@testable import TrustPressCore

/// WCAG 2.1 colour math (relative luminance, contrast ratio) against known values.
@Suite struct ContrastTests {
    @Test("Contrast ratios match WCAG 2.1's published examples", arguments: [
        ("#767676", "#ffffff", "4.54:1"),  // the usual smallest grey passing AA on white
        ("#000000", "#ffffff", "21.00:1"),
        ("#ffffff", "#ffffff", "1.00:1"),
        ("#777777", "#ffffff", "4.47:1"),  // one step lighter fails
        ("#1d4ed8", "#ffffff", "6.70:1"),
        ("#7aa2ff", "#0f1620", "7.30:1"),
        ("#1d4ed8", "#0f1620", "2.71:1"),
    ])
    func ratio(_ a: String, _ b: String, _ expected: String) throws {
        let x = try #require(SRGBColor(hex: a)), y = try #require(SRGBColor(hex: b))
        #expect(SRGBColor.format(x.contrast(with: y)) == expected)
        #expect(SRGBColor.format(y.contrast(with: x)) == expected)
    }

    @Test("Only #rrggbb parses", arguments: ["#abc", "1d4ed8", "#1d4ed8 ", "#1d4eg8", "blue", "#+1d4ed", ""])
    func badHex(_ text: String) {
        #expect(SRGBColor(hex: text) == nil)
    }

    @Test("#1D4ED8 parses and prints lower case")
    func hexRoundTrip() {
        #expect(SRGBColor(hex: "#1D4ED8")?.description == "#1d4ed8")
    }

    @Test("A failing colour is moved to the nearest passing one of the same hue", arguments: [
        ("#3b82f6", "#ffffff"), ("#f59e0b", "#ffffff"), ("#0f766e", "#0f1620"), ("#1d4ed8", "#0f1620"), ("#b42318", "#0f1620"),
    ])
    func adjusted(_ colour: String, _ background: String) throws {
        let c = try #require(SRGBColor(hex: colour)), bg = try #require(SRGBColor(hex: background))
        #expect(c.contrast(with: bg) < 4.5)
        let better = c.adjusted(against: bg)
        #expect(better.contrast(with: bg) >= 4.5)
        #expect(better != c)
        // Darker on white, lighter on the dark background.
        #expect((better.relativeLuminance < c.relativeLuminance) == (bg == .white))
    }

    @Test("A passing colour is kept")
    func kept() {
        #expect(SRGBColor.defaultAccent.adjusted(against: .white) == .defaultAccent)
    }
}

/// Status badges: deterministic SVG, accessible, an expired certificate never looks valid.
@Suite struct BadgeTests {
    @Test("Every badge colour keeps white text at 4.5:1", arguments: [Badges.green, Badges.amber, Badges.red, Badges.blue, Badges.grey])
    func colours(_ hex: String) throws {
        #expect(try #require(SRGBColor(hex: hex)).contrast(with: .white) >= 4.5)
    }

    @Test("The badge SVG is exactly as recorded")
    func golden() {
        let badge = Badges.Badge(label: "ISO 27001", message: "Valid · until 2027-07-14", color: Badges.green,
                                 path: "badges/iso27001-2022-mn-2025-07.svg")
        #expect(Badges.svg(badge) == """
        <svg xmlns="http://www.w3.org/2000/svg" width="215" height="20" viewBox="0 0 215 20" role="img" aria-label="ISO 27001: Valid · until 2027-07-14">
        <title>ISO 27001: Valid · until 2027-07-14</title>
        <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
        <clipPath id="r"><rect width="215" height="20" rx="3" fill="#fff"/></clipPath>
        <g clip-path="url(#r)"><rect width="72" height="20" fill="#555555"/><rect x="72" width="143" height="20" fill="#1a7f37"/><rect width="215" height="20" fill="url(#s)"/></g>
        <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" transform="scale(.1)">
        <text x="360" y="140">ISO 27001</text>
        <text x="1435" y="140">Valid · until 2027-07-14</text>
        </g>
        </svg>

        """)
        #expect(Badges.width(badge) == 215)
    }

    @Test("Badge text is XML-escaped", arguments: ["A&B", "<x>", "\"q\""])
    func escaped(_ label: String) {
        let svg = Badges.svg(Badges.Badge(label: label, message: "m", color: Badges.blue, path: "badges/x.svg"))
        #expect(!svg.contains(label))
        #expect(svg.contains(XML.escape(label)))
    }

    @Test("Badges are named after their page", arguments: [
        ("iso27001-2022-mn-2025-07.html", "badges/iso27001-2022-mn-2025-07.svg"),
        ("soc2-2017-type-2-2026-08-14.html", "badges/soc2-2017-type-2-2026-08-14.svg"),
    ])
    func names(_ page: String, _ path: String) {
        #expect(Badges.path(forPage: page) == path)
    }

    @Test("An expired certificate's badge is red and says Expired; a valid one green", arguments: [
        (CertificateStanding.valid, Badges.green, "Valid · until"),
        (CertificateStanding.expiring, Badges.amber, "Expiring soon · until"),
        (CertificateStanding.expired, Badges.red, "Expired "),
        (CertificateStanding.surveillanceOverdue, Badges.amber, "Surveillance audit overdue"),
    ])
    func standing(_ standing: CertificateStanding, _ colour: String, _ prefix: String) throws {
        let cert = try #require(PublicSite(try Sample.model()).certifications.first)
        let changed = PublicCertification(certification: cert.certification, frameworkName: cert.frameworkName,
                                          frameworkShortName: cert.frameworkShortName, standing: standing, page: cert.page,
                                          surveillanceAudits: cert.surveillanceAudits)
        let badge = Badges.certificate(changed, strings: .builtIn("en"))
        #expect(badge.color == colour)
        #expect(badge.message.hasPrefix(prefix))
        #expect(badge.message.hasSuffix(cert.certification.expires.description))
        #expect(!(standing == .expired && badge.message.contains("Valid")))
    }
}

/// `branding:` and `highlights:` in site.yaml: each bad file or value is an error at its key.
@Suite struct BrandingValidationTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8) + Data(count: 17)
    static let webp = Data("RIFF".utf8) + Data([0x20, 0, 0, 0]) + Data("WEBPVP8 ".utf8) + Data(count: 16)
    static let ico = Data([0, 0, 1, 0, 1, 0]) + Data(count: 16 + 40)
    static func svg(_ inner: String, attributes: String = "") -> Data {
        Data("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\"\(attributes)>\n\(inner)\n</svg>\n".utf8)
    }

    /// Builds a copy of the mini site with `yaml` appended to site.yaml and `files` in the content
    /// folder, and returns its check's diagnostics plus the line the appended text starts on.
    func check(_ yaml: String, files: [String: Data] = [:], links: [String: String] = [:]) throws -> (errors: [Diagnostic], line: Int) {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let site = content.appendingPathComponent("site.yaml")
        let original = try String(contentsOf: site, encoding: .utf8)
        let line = original.split(separator: "\n", omittingEmptySubsequences: false).count
        try Data((original + yaml).utf8).write(to: site)
        for (path, data) in files {
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        for (path, target) in links {
            try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent(path).path, withDestinationPath: target)
        }
        do {
            _ = try makeBuilder(content: content, display: "mini").check()
            return ([], line)
        } catch let error as DiagnosticsError {
            return (error.diagnostics.filter { $0.severity == .error }, line)
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let key: String
        let value: String
        let files: [String: Data]
        var links: [String: String] = [:]
        let message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "missing file", key: "logo", value: "branding/logo.svg", files: [:], message: "'branding/logo.svg' does not exist in the content folder"),
        Case(name: "outside the folder", key: "logo", value: "../logo.svg", files: [:], message: "'../logo.svg' must be a path inside the content folder, relative to it"),
        Case(name: "absolute path", key: "favicon", value: "/etc/passwd", files: [:], message: "'/etc/passwd' must be a path inside the content folder, relative to it"),
        Case(name: "symbolic link", key: "logo", value: "branding/logo.svg", files: ["real.svg": svg("")],
             links: ["branding": "."], message: "'branding' is a symbolic link; branding files must be regular files"),
        Case(name: "a folder", key: "logo", value: "branding", files: ["branding/x.svg": svg("")], message: "'branding' is not a regular file"),
        Case(name: "PNG bytes named .svg", key: "logo", value: "branding/logo.svg", files: ["branding/logo.svg": png],
             message: "'branding/logo.svg' is a PNG image but its name does not end in .png"),
        Case(name: "SVG named .png", key: "logo", value: "branding/logo.png", files: ["branding/logo.png": svg("")],
             message: "'branding/logo.png' is an SVG image but its name does not end in .svg"),
        Case(name: "text", key: "logo", value: "branding/logo.svg", files: ["branding/logo.svg": Data("hello".utf8)],
             message: "'branding/logo.svg' is not an SVG, PNG, WebP or ICO image"),
        Case(name: "damaged PNG", key: "logo", value: "branding/logo.png", files: ["branding/logo.png": png.prefix(10)],
             message: "'branding/logo.png' is a damaged PNG image (no IHDR chunk)"),
        Case(name: "WebP favicon", key: "favicon", value: "branding/f.webp", files: ["branding/f.webp": webp],
             message: "'branding/f.webp' is a WEBP image; 'favicon' may be ICO, PNG, SVG"),
        Case(name: "ICO logo", key: "logo", value: "branding/l.ico", files: ["branding/l.ico": ico],
             message: "'branding/l.ico' is an ICO icon; 'logo' may be PNG, SVG, WEBP"),
        Case(name: "malformed SVG", key: "logo", value: "b/l.svg", files: ["b/l.svg": Data("<svg><g></svg>".utf8)],
             message: "'b/l.svg' is not well-formed XML, so it is not an SVG image"),
        Case(name: "XML, not SVG", key: "logo", value: "b/l.svg", files: ["b/l.svg": Data("<html/>".utf8)],
             message: "'b/l.svg' is XML but not an SVG image (its root element is not <svg>)"),
        Case(name: "script", key: "logo", value: "b/l.svg", files: ["b/l.svg": svg("<script>alert(1)</script>")],
             message: "'b/l.svg':2: has a <script> element"),
        Case(name: "event handler", key: "logo_dark", value: "b/l.svg", files: ["b/l.svg": svg("", attributes: " onload=\"x()\"")],
             message: "'b/l.svg':1: has the event-handler attribute onload on <svg>"),
        Case(name: "external href", key: "favicon", value: "b/l.svg", files: ["b/l.svg": svg("<use href=\"https://evil.example/x.svg#a\"/>")],
             message: "'b/l.svg':2: <use> href refers to 'https://evil.example/x.svg#a'; only #fragment references are allowed"),
        Case(name: "xlink:href", key: "logo", value: "b/l.svg", files: ["b/l.svg": svg("<image xlink:href=\"data:image/png;base64,AA\"/>")],
             message: "'b/l.svg':2: <image> href refers to 'data:image/png;base64,AA'; only #fragment references are allowed"),
        Case(name: "url() in an attribute", key: "logo", value: "b/l.svg", files: ["b/l.svg": svg("<rect fill=\"url(https://x.example/p)\"/>")],
             message: "'b/l.svg':2: the attribute fill of <rect> refers to 'https://x.example/p' with url(); only url(#id) is allowed"),
        Case(name: "@import", key: "logo", value: "b/l.svg", files: ["b/l.svg": svg("<style>@import 'https://x.example/a.css';</style>")],
             message: "'b/l.svg':2: <style> uses @import, which loads an external stylesheet"),
        Case(name: "foreignObject", key: "logo", value: "b/l.svg", files: ["b/l.svg": svg("<foreignObject/>")],
             message: "'b/l.svg':2: has a <foreignObject> element, which embeds HTML"),
        Case(name: "entities", key: "logo", value: "b/l.svg",
             files: ["b/l.svg": Data("<!DOCTYPE svg [<!ENTITY x \"y\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>".utf8)],
             message: "'b/l.svg': declares entities in its DOCTYPE; entities are not allowed"),
        Case(name: "stylesheet PI", key: "logo", value: "b/l.svg",
             files: ["b/l.svg": Data("<?xml-stylesheet href=\"https://x.example/a.css\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)],
             message: "'b/l.svg':1: has a processing instruction <?xml-stylesheet?>, which can load a stylesheet"),
        Case(name: "accent too light", key: "accent", value: "\"#3b82f6\"", files: [:],
             message: "accent #3b82f6 has a contrast ratio of 3.42:1 against the light background #f5f7fa; WCAG 2.1 (success criterion 1.4.3) needs 4.5:1"),
        Case(name: "dark accent too dark", key: "accent_dark", value: "\"#1d4ed8\"", files: [:],
             message: "accent_dark #1d4ed8 has a contrast ratio of 2.39:1 against the dark background #18222f; WCAG 2.1 (success criterion 1.4.3) needs 4.5:1"),
        Case(name: "not a colour", key: "accent", value: "blue", files: [:], message: "'blue' is not a colour written #rrggbb"),
    ]

    @Test("Each bad branding file or colour is an error at its key in site.yaml", arguments: cases)
    func bad(_ c: Case) throws {
        let (errors, line) = try check("branding:\n  \(c.key): \(c.value)\n", files: c.files, links: c.links)
        let ours = errors.filter { $0.path == "mini/site.yaml" }
        #expect(ours.map(\.message).contains(c.message), "\(descriptions(errors))")
        #expect(ours.allSatisfy { $0.line == line + 1 && $0.column == c.key.count + 5 }, "\(descriptions(ours))")
    }

    @Test("A light accent failing contrast suggests a passing colour of the same hue")
    func suggestion() throws {
        let (errors, _) = try check("branding:\n  accent: \"#3b82f6\"\n")
        let better = SRGBColor(hex: "#3b82f6")!.adjusted(against: .lightBackground)
        #expect(errors.first?.notes.last == "try \(better) (\(SRGBColor.format(better.contrast(with: .lightBackground)))), the nearest colour of the same hue that passes")
    }

    @Test("Every problem is reported at once")
    func allAtOnce() throws {
        let (errors, _) = try check("branding:\n  logo: a.svg\n  favicon: b.svg\n  accent: \"#999999\"\n  accent_dark: \"#000000\"\n")
        #expect(errors.count == 4, "\(descriptions(errors))")
    }

    @Test("An unknown highlight icon is an error with did-you-mean")
    func unknownIcon() throws {
        let (errors, line) = try check("highlights:\n  - title: Encryption\n    text: Everything is encrypted.\n    icon: lok\n")
        #expect(descriptions(errors) == """
        mini/site.yaml:\(line + 3):11: error: unknown icon 'lok'
        mini/site.yaml:\(line + 3):11: note: did you mean 'lock'?
        mini/site.yaml:\(line + 3):11: note: the built-in icons are \(Icons.names.joined(separator: ", "))
        """)
    }

    @Test("Good branding passes, is published under assets/brand/ and derives a passing dark accent")
    func good() async throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        let site = content.appendingPathComponent("site.yaml")
        let yaml = "branding:\n  logo: brand/l.png\n  logo_dark: brand/d.svg\n  favicon: brand/f.ico\n  accent: \"#0f766e\"\n"
        try Data((try String(contentsOf: site, encoding: .utf8) + yaml).utf8).write(to: site)
        try FileManager.default.createDirectory(at: content.appendingPathComponent("brand"), withIntermediateDirectories: true)
        try Self.png.write(to: content.appendingPathComponent("brand/l.png"))
        try Self.svg("<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\"/><use href=\"#g\"/>").write(to: content.appendingPathComponent("brand/d.svg"))
        try Self.ico.write(to: content.appendingPathComponent("brand/f.ico"))
        let result = try await makeBuilder(content: content, display: "mini").render()
        #expect(!result.diagnostics.contains { $0.path.hasSuffix("site.yaml") || $0.path.contains("brand") })
        #expect(result.publicFiles[path: "assets/brand/logo.png"]?.contents == Self.png)
        #expect(result.publicFiles[path: "assets/brand/favicon.ico"]?.contents == Self.ico)
        #expect(result.publicFiles[path: "assets/brand/logo-dark.svg"] != nil)
        let index = try #require(result.publicFiles[path: "index.html"]).text
        #expect(index.contains(#"<meta property="og:image" content="https://trust.minnow.example/assets/brand/logo.png">"#))
        #expect(index.contains(#"<link rel="icon" href="assets/brand/favicon.ico" type="image/x-icon">"#))
        #expect(index.contains(#"<source srcset="assets/brand/logo-dark.svg" media="(prefers-color-scheme: dark)" type="image/svg+xml">"#))
        let policy = try #require(result.publicFiles[path: "policies/access-control.html"]).text
        #expect(policy.contains(#"<img class="brand-logo" src="../assets/brand/logo.png" alt="Minnow" height="32">"#))
        // The logo says the name, so the words beside it do not say it again.
        #expect(policy.contains(#"<span class="brand-name">Trust Center</span>"#))
        // The bundle carries its own copies and shows the same logo, favicon and accent.
        #expect(result.bundleFiles[path: "assets/brand/logo.png"]?.contents == Self.png)
        #expect(result.bundleFiles[path: "assets/brand/favicon.ico"]?.contents == Self.ico)
        let bundlePolicy = try #require(result.bundleFiles[path: "policies/access-control.html"]).text
        #expect(bundlePolicy.contains(#"<img class="brand-logo" src="../assets/brand/logo.png" alt="Minnow" height="32">"#))
        #expect(bundlePolicy.contains(#"<link rel="icon" href="../assets/brand/favicon.ico" type="image/x-icon">"#))
        #expect(bundlePolicy.contains(":root { --accent: #0f766e; }"))
        let dark = SRGBColor(hex: "#0f766e")!.adjusted(against: .darkBackground)
        #expect(dark.contrast(with: .darkBackground) >= 4.5)
        #expect(index.contains(":root { --accent: #0f766e; }\n@media (prefers-color-scheme: dark) { :root { --accent: \(dark); } }"))
    }
}

@Suite struct HeaderTitleTests {
    @Test("Beside a logo the header drops the organization's name from the title, never part of a word", arguments: [
        ("Fernwick Trust Center", "Fernwick", "Trust Center", "Fernwick"),
        ("fernwick  Trust Center", "Fernwick", "Trust Center", "Fernwick"),
        ("Fernwickian Trust", "Fernwick", "Fernwickian Trust", ""),
        ("Security at Fernwick", "Fernwick", "Security at Fernwick", ""),
        ("Trust Center", "Fernwick", "Trust Center", "Fernwick"),
        ("Fernwick", "Fernwick", "Fernwick", ""),
        ("Fernwick — Trust", "Fernwick", "Fernwick — Trust", ""),
    ])
    func header(_ title: String, _ organization: String, _ text: String, _ alt: String) {
        let header = PublicSiteInfo.headerTitle(title: title, organization: organization)
        #expect(header.text == text)
        #expect(header.logoAlt == alt)
    }
}

/// Titles, descriptions, canonical links, Open Graph and sitemap lastmod of the sample site.
@Suite struct PageMetadataTests {
    func head(_ html: String) -> String { String(html[..<(html.range(of: "</head>")?.lowerBound ?? html.endIndex)]) }
    func meta(_ html: String, _ attribute: String) -> String? {
        guard let r = html.range(of: attribute + " content=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test("Every page has its own title and description, a canonical URL and Open Graph tags")
    func perPage() async throws {
        let result = try await Sample.render()
        let pages = result.publicFiles.filter { $0.path.hasSuffix(".html") && $0.path != "404.html" }
        #expect(pages.count >= 8)
        var descriptions: Set<String> = []
        for page in pages {
            let h = head(page.text)
            let url = "https://trust.fernwick.example/" + page.path
            #expect(h.contains("<link rel=\"canonical\" href=\"\(url)\">"), "\(page.path)")
            #expect(meta(h, "<meta property=\"og:url\"") == url, "\(page.path)")
            #expect(meta(h, "<meta property=\"og:site_name\"") == "Fernwick Trust Center")
            #expect(meta(h, "<meta property=\"og:type\"") == (page.path == "index.html" ? "website" : "article"))
            let description = try #require(meta(h, "<meta name=\"description\""), "\(page.path)")
            #expect(meta(h, "<meta property=\"og:description\"") == description)
            #expect(!description.isEmpty && description.count < 300, "\(page.path): \(description)")
            descriptions.insert(description)
            #expect(h.contains(#"<link rel="icon" href=""#), "\(page.path)")
            #expect(!h.contains("og:image"), "the sample logo is SVG: no og:image")
        }
        #expect(descriptions.count == pages.count, "descriptions repeat")
        let index = head(try #require(result.publicFiles[path: "index.html"]).text)
        #expect(index.contains("<title>Fernwick Trust Center</title>"))
        #expect(meta(index, "<meta name=\"description\"") == "How Fernwick protects the invoices, supplier bank details and payments of thousands of finance teams.")
        let controls = head(try #require(result.publicFiles[path: "controls.html"]).text)
        #expect(controls.contains("<title>Controls · Fernwick Trust Center</title>"))
    }

    @Test("A public policy's description is its public summary")
    func policySummary() async throws {
        let model = try Sample.model()
        let policy = try #require(PublicSite(model).policies.first { $0.isPublic && $0.publicSummary != nil })
        let page = try #require(try await Sample.render().publicFiles[path: "policies/\(policy.id).html"]).text
        #expect(meta(head(page), "<meta name=\"description\"") == HTML.escape(policy.publicSummary!))
    }

    @Test("sitemap.xml gives each page its content date as lastmod")
    func lastmod() async throws {
        let result = try await Sample.render()
        let sitemap = try #require(result.publicFiles[path: "sitemap.xml"]).text
        let site = PublicSite(try Sample.model())
        let cert = try #require(site.certifications.first)
        #expect(sitemap.contains("<loc>https://trust.fernwick.example/\(cert.page)</loc><lastmod>\(cert.certification.issued)</lastmod>"))
        let att = try #require(site.attestations.first)
        #expect(sitemap.contains("<loc>https://trust.fernwick.example/\(att.page)</loc><lastmod>\(att.reportDate)</lastmod>"))
        for p in site.policies where p.isPublic {
            #expect(sitemap.contains("<loc>https://trust.fernwick.example/policies/\(p.id).html</loc><lastmod>\(p.approved ?? testDate)</lastmod>"))
        }
        #expect(sitemap.contains("<loc>https://trust.fernwick.example/index.html</loc><lastmod>\(testDate)</lastmod>"))
        #expect(sitemap.components(separatedBy: "<url>").count == sitemap.components(separatedBy: "<lastmod>").count)
    }

    @Test("The sample publishes its logo, favicon and one badge per certificate and report, shown with alt text")
    func brandFiles() async throws {
        let result = try await Sample.render()
        for path in ["assets/brand/logo.svg", "assets/brand/logo-dark.svg", "assets/brand/favicon.svg"] {
            #expect(result.publicFiles[path: path] != nil, "\(path)")
        }
        let site = PublicSite(try Sample.model())
        let index = try #require(result.publicFiles[path: "index.html"]).text
        let english = Strings.builtIn("en")
        for badge in site.certifications.map({ Badges.certificate($0, strings: english) }) + site.attestations.map({ Badges.attestation($0, strings: english) }) {
            let svg = try #require(result.publicFiles[path: badge.path]).text
            #expect(svg.contains("role=\"img\" aria-label=\"\(XML.escape(badge.text))\""))
            #expect(svg.contains("<title>\(XML.escape(badge.text))</title>"))
            #expect(index.contains("<img src=\"\(badge.path)\" alt=\"\(HTML.escape(badge.text))\""))
        }
        let cert = try #require(site.certifications.first)
        let page = try #require(result.publicFiles[path: cert.page]).text
        #expect(page.contains("<img src=\"badges/\(cert.page.dropLast(5)).svg\" alt=\""))
        // Above the fold: the request-access button comes before the first section heading.
        let button = try #require(index.range(of: ">Request access</a>")), firstH2 = try #require(index.range(of: "<h2"))
        #expect(button.lowerBound < firstH2.lowerBound)
    }
}
