import Foundation
import Mustache
import Testing
@testable import TrustPressCore

/// `language:` in site.yaml: one strings file per language in the theme (Templates/strings), every
/// language with exactly English's keys and placeholders; the bundle, its labels and its dates in
/// the chosen language; `<html lang>` saying it.
@Suite("Language")
struct LanguageTests {
    /// The repo's strings file of `language`, parsed.
    static func file(_ language: String) throws -> [String: String] {
        let url = Paths.templates.appendingPathComponent("strings/\(language).yaml")
        var log = DiagnosticLog()
        let parsed = Strings.parse(try String(contentsOf: url, encoding: .utf8), path: url.path, log: &log)
        #expect(log.all.isEmpty, "\(descriptions(log.all))")
        return try #require(parsed).values
    }

    @Test("Strings are written into templates once, escaped as Mustache escapes them; other tags are left to the renderer", arguments: [
        ("<a>{{t.k}}</a>", "<a>Tom &amp; Jerry&#39;s &lt;b&gt;</a>"),
        ("{{ t.k }}|{{t.missing}}", "Tom &amp; Jerry&#39;s &lt;b&gt;|{{t.missing}}"),
        ("{{{t.k}}}", nil),
        ("{{&t.k}}", nil),
        ("{{#t.k}}x{{/t.k}}", nil),
        ("{{!t.k}}", nil),
        ("{{=<% %>=}}{{t.k}}", nil),
        ("{{% CONTENT_TYPE: TEXT }}{{t.k}}", nil),
        ("{{{t.k}}} {{t.k}}", "{{{t.k}}} Tom &amp; Jerry&#39;s &lt;b&gt;"),
        ("unclosed {{t.k", nil),
    ] as [(String, String?)])
    func inlined(_ template: String, _ expected: String?) throws {
        let strings = Strings(language: "en", values: ["k": "Tom & Jerry's <b>"])
        let inlined = Templates.inliningStrings(template, strings)
        #expect(inlined == expected)
        // Whatever is inlined renders exactly as the tag would have.
        if let inlined {
            let page = ["t": ["k": "Tom & Jerry's <b>"], "missing": "?"] as [String: Any]
            #expect(try MustacheTemplate(string: inlined).render(page) == (try MustacheTemplate(string: template).render(page)))
        }
    }

    @Test("English, German and French are shipped, English first")
    func shipped() {
        #expect(Strings.builtInLanguages == ["en", "de", "fr"])
    }

    @Test("Every language file has exactly the keys of en.yaml, each text with the placeholders of English", arguments: ["de", "fr"])
    func sameKeys(_ language: String) throws {
        let english = try Self.file("en"), other = try Self.file(language)
        #expect(Set(other.keys).subtracting(english.keys).sorted() == [], "keys en.yaml lacks")
        #expect(Set(english.keys).subtracting(other.keys).sorted() == [], "keys missing in \(language).yaml")
        for (key, text) in english {
            #expect(Set(Strings.placeholders(other[key] ?? "")) == Set(Strings.placeholders(text)), "\(language): \(key)")
        }
        // A translation, not a copy: most texts differ from English.
        let same = english.keys.filter { english[$0] == other[$0] }.count
        #expect(same * 4 < english.count, "\(same) of \(english.count) texts of \(language).yaml are English")
    }

    @Test("The standing the status slice adds has its key in every language", arguments: ["en", "de", "fr"])
    func surveillanceOverdue(_ language: String) throws {
        #expect(try Self.file(language)["standing.surveillance_overdue"]?.isEmpty == false)
    }

    @Test("Dates follow the language, from the strings' month names (no locale)", arguments: [
        ("en", CalendarDate(year: 2027, month: 3, day: 1), "1 March 2027"),
        ("de", CalendarDate(year: 2027, month: 3, day: 1), "1. März 2027"),
        ("fr", CalendarDate(year: 2027, month: 3, day: 1), "1er mars 2027"),
        ("fr", CalendarDate(year: 2027, month: 3, day: 2), "2 mars 2027"),
        ("en", CalendarDate(year: 2026, month: 12, day: 31), "31 December 2026"),
        ("de", CalendarDate(year: 2026, month: 12, day: 31), "31. Dezember 2026"),
        ("fr", CalendarDate(year: 2026, month: 2, day: 28), "28 février 2026"),
        ("fr", CalendarDate(year: 2026, month: 8, day: 15), "15 août 2026"),
        ("de", CalendarDate(year: 2025, month: 1, day: 9), "9. Januar 2025"),
    ])
    func dates(_ language: String, _ date: CalendarDate, _ expected: String) {
        #expect(Strings.builtIn(language).date(date) == expected)
    }

    @Test("Counts take the singular by CLDR's rules: 1 in English and German, 0 and 1 in French", arguments: [
        ("en", 0, "0 controls"), ("en", 1, "1 control"), ("en", 2, "2 controls"),
        ("de", 0, "0 Kontrollen"), ("de", 1, "1 Kontrolle"), ("de", 12, "12 Kontrollen"),
        ("fr", 0, "0 contrôle"), ("fr", 1, "1 contrôle"), ("fr", 2, "2 contrôles"),
    ])
    func plural(_ language: String, _ count: Int, _ expected: String) {
        #expect(Strings.builtIn(language).format("public.controls.count", count: count, ["count": String(count)]) == expected)
    }

    @Test("A key without a singular variant is used for every count")
    func noSingular() {
        #expect(Strings.builtIn("en").format("bundle.nav.policies", count: 1, ["count": "1"]) == "Policies (1)")
    }

    @Test("English dates are the long form used before languages existed")
    func englishDatesUnchanged() {
        let english = Strings.builtIn("en")
        for month in 1...12 {
            let d = CalendarDate(year: 2026, month: month, day: 7)
            #expect(english.date(d) == d.longForm)
        }
    }

    @Test("Placeholders are replaced once; an argument's own braces are not expanded; the result is plain text")
    func placeholders() {
        #expect(Strings.substitute("{a} and {b}", ["a": "{b}", "b": "<x>"]) == "{b} and <x>")
        #expect(Strings.substitute("{missing} stays", [:]) == "{missing} stays")
        #expect(Strings.substitute("unclosed {a", ["a": "1"]) == "unclosed {a")
        #expect(Strings.placeholders("{count} of {total}") == ["count", "total"])
    }

    @Test("Model labels are in the language", arguments: [
        ("en", "Valid", "Partially implemented", "Type 2", "Processing integrity"),
        ("de", "Gültig", "Teilweise umgesetzt", "Typ 2", "Integrität der Verarbeitung"),
        ("fr", "Valide", "Partiellement mis en œuvre", "Type 2", "Intégrité du traitement"),
    ])
    func labels(_ language: String, _ valid: String, _ partial: String, _ type2: String, _ integrity: String) {
        let s = Strings.builtIn(language)
        #expect(s.label(CertificateStanding.valid) == valid)
        #expect(s.label(ImplementationStatus.partiallyImplemented) == partial)
        #expect(s.label(Attestation.ReportType.type2) == type2)
        #expect(s.label(Attestation.Category.processingIntegrity) == integrity)
    }

    @Test("English labels are the model's own labels (English output unchanged)")
    func englishLabels() {
        let s = Strings.builtIn("en")
        for status in ImplementationStatus.allCases { #expect(s.label(status) == status.label) }
        for standing in [CertificateStanding.valid, .expiring, .expired] { #expect(s.label(standing) == standing.label) }
        for type in Attestation.ReportType.allCases { #expect(s.label(type) == type.label) }
        for category in Attestation.Category.allCases { #expect(s.label(category) == category.title) }
        for kind in Control.Evidence.Kind.allCases { #expect(s.label(kind) == kind.label) }
    }

    /// The sample content with `language:` set, rendered.
    func render(_ language: String) async throws -> Builder.Result {
        let dir = try makeTemporaryFolder("language-\(language)")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(at: Paths.content, to: content)
        let site = content.appendingPathComponent("site.yaml")
        try Data(("language: \(language)\n" + String(contentsOf: site, encoding: .utf8)).utf8).write(to: site)
        return try await makeBuilder(content: content, display: "Content").render()
    }

    @Test("A German build writes the bundle in German, with German dates and lang=\"de\" on every page of both trees")
    func german() async throws {
        let result = try await render("de")
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<html lang=\"de\">"))
        #expect(cover.contains("<h1>Berichtspaket zu Informationssicherheit und Compliance</h1>"))
        #expect(cover.contains("<dt>Erstellungsdatum</dt><dd>30. November 2026</dd>"))
        #expect(cover.contains("<strong>VERTRAULICH</strong>"))
        #expect(cover.contains("Erklärung zur Anwendbarkeit (ISO 27001)"))
        let soa = try #require(result.bundleFiles[path: "soa-iso27001-2022.html"]).text
        #expect(soa.contains("<h1>Erklärung zur Anwendbarkeit</h1>"))
        #expect(soa.contains("Maßnahmen anwendbar"))
        #expect(soa.contains(">Umgesetzt</span>"))
        let attestation = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06.html"]).text
        #expect(attestation.contains("<dt>Prüfungsurteil</dt><dd><strong>Uneingeschränkt</strong>"))
        #expect(attestation.contains("1. Oktober 2025 bis 30. September 2026"))
        #expect(attestation.contains("Sicherheit, Verfügbarkeit, Vertraulichkeit"))
        #expect(attestation.contains("<dt>Bridge Letter</dt><dd><a href=\"soc2-2017-type-2-2026-11-06-bridge-letter.html\">Vom 20. November 2026, für den Zeitraum 1. Oktober 2026 bis 20. November 2026</a></dd>"))
        let letter = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06-bridge-letter.html"]).text
        #expect(letter.contains("<p>Der Geschäftsleitung von Fernwick Labs, Inc. sind für den Zeitraum 1. Oktober 2026 bis 20. November 2026 keine wesentlichen Änderungen am System oder an den Kontrollen bekannt, die im SOC 2-Bericht (Typ 2) von Halloway &amp; Brandt LLP vom 6. November 2026 für den Zeitraum 1. Oktober 2025 bis 30. September 2026 beschrieben sind, außer den unten aufgeführten.</p>"))
        #expect(letter.contains("<h2>Wesentliche Änderungen seit dem 30. September 2026</h2>"))
        let matrix = try #require(result.bundleFiles[path: "control-matrix.html"]).text
        #expect(matrix.contains("<h1>Kontrollmatrix</h1>"))
        #expect(!matrix.contains(">Implemented<"))
        for file in result.publicFiles + result.bundleFiles where file.path.hasSuffix(".html") {
            #expect(file.text.contains("<html lang=\"de\">"), "\(file.path)")
        }
    }

    @Test("A French build writes the bundle in French, with French dates")
    func french() async throws {
        let result = try await render("fr")
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<html lang=\"fr\">"))
        #expect(cover.contains("<h1>Dossier de rapports sécurité et conformité</h1>"))
        #expect(cover.contains("<dt>Date de génération</dt><dd>30 novembre 2026</dd>"))
        #expect(cover.contains("Déclaration d’applicabilité (ISO 27001)"))
        let attestation = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06.html"]).text
        #expect(attestation.contains("<strong>Sans réserve</strong>"))
        #expect(attestation.contains("du 1er octobre 2025 au 30 septembre 2026"))
        let letter = try #require(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06-bridge-letter.html"]).text
        #expect(letter.contains("<dt>Période couverte</dt><dd>du 1er octobre 2026 au 20 novembre 2026</dd>"))
        #expect(letter.contains("<p>Cette lettre est une déclaration de la direction de Fernwick Labs, Inc., et non une opinion de l’auditeur ; elle ne remplace pas le rapport et doit être lue avec lui.</p>"))
        let policies = try #require(result.bundleFiles[path: "policies.html"]).text
        #expect(policies.contains("<h1>Politiques</h1>"))
        #expect(policies.contains(">confidentiel<"))
    }

    @Test("The English build says lang=\"en\" and keeps its English text")
    func english() async throws {
        let result = try await Sample.render()
        let cover = try #require(result.bundleFiles[path: "index.html"]).text
        #expect(cover.contains("<html lang=\"en\">"))
        #expect(cover.contains("<h1>Security and compliance report bundle</h1>"))
        #expect(cover.contains("<dt>Build date</dt><dd>30 November 2026</dd>"))
        #expect(try #require(result.publicFiles[path: "index.html"]).text.contains("<html lang=\"en\">"))
    }

    /// The words a template shows by itself: its text and its read attributes (aria-label, alt,
    /// title, data-label, placeholder) once Mustache tags, comments and HTML tags are removed.
    static func templateWords(_ template: String) -> [String] {
        var text = template.replacingOccurrences(of: #"\{\{\{?[^}]*\}?\}\}"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<!--[\s\S]*?-->"#, with: "", options: .regularExpression)
        var read = ""
        let attribute = try! NSRegularExpression(pattern: #"\s(?:aria-label|alt|title|data-label|placeholder)="([^"]*)""#)
        for match in attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            read += " " + (text as NSString).substring(with: match.range(at: 1))
        }
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        return (text + " " + read).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            .filter { $0.contains(where: \.isLetter) }
    }

    @Test("The word finder sees text, read attributes and text between tags, and nothing in tags or {{…}}")
    func templateWordFinder() {
        #expect(Self.templateWords(#"<p class="lead">{{t.public.x}} Hello {{#a}}<a href="{{root}}x.html" aria-label="Main">·</a>{{/a}}</p>"#)
                == ["Hello", "Main"])
        #expect(Self.templateWords(#"<th scope="col">{{t.a}}</th><td data-label="{{t.b}}">{{{bodyHTML}}}</td> — (·): <!-- a note -->"#) == [])
        #expect(Self.templateWords("<svg viewBox=\"0 0 16 16\"><path d=\"M4 7V5a4\"/></svg>") == [])
    }

    @Test("The built-in public templates and both layouts hold no words of their own: all come from the strings")
    func noWordsInTemplates() throws {
        let folder = Paths.templates
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("public").path)
            .filter { $0.hasSuffix(".mustache") }.sorted().map { "public/" + $0 }
        #expect(pages.count == 11, "\(pages)")
        for file in ["public-layout.mustache", "confidential-layout.mustache"] + pages {
            let words = Self.templateWords(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            #expect(words.isEmpty, "\(file): \(words)")
        }
    }

    /// Phrases only the English public site says (page text, attributes, titles, Swift-made text,
    /// badges, feeds); each is in en.yaml or made from it, and none occurs in the sample content.
    static let englishPhrases = [
        "Skip to content", "Last updated", "Security contact", "Overview", "Request access", "Contact security",
        "How we protect your data", "Certifications, attestations and frameworks", "Valid until", "Certificate details",
        "Report details", "Report available under NDA", "Security program", "controls in our security program",
        "of them implemented", "published here, the rest available under NDA", "About this trust center",
        "Report a vulnerability", "requested here", "Verify this certificate", "Certified organization",
        "Accreditation body", "Surveillance audits", "valid until", "How to get the report", "we will share it together",
        "Request the report", "Service auditor", "Trust Services Categories", "Open a group to see its controls",
        "controls by status", "data-label=\"Requirements\"", "Published policies can be read here", "col\">Availability<",
        "Available under NDA", "Next review", "Redacted", "this section is available under NDA",
        "subscribe to changes", "Change history", "Used from", "Upcoming", "Subscribe (Atom feed)", "newest first",
        "Public documents", "Public summary", "Controls overview", "Control matrix", "Cross-framework mapping",
        "Subprocessor list", "how to report a vulnerability", "this trust center as JSON", "Frequently asked questions",
        "Page not found", "does not exist", "· until", "· report", ": updates", ": subprocessor changes",
        "New subprocessor", "Upcoming subprocessor", "Subprocessor removed", "processes customer data from",
        "Implemented", "Breadcrumb", "aria-label=\"Main\"",
    ]

    /// The public files people or feed readers read: pages (without inlined stylesheets), badges, feeds.
    static func readable(_ result: Builder.Result) -> [RenderedFile] {
        result.publicFiles.filter { ($0.path.hasSuffix(".html") || $0.path.hasSuffix(".svg") || $0.path.hasSuffix(".xml"))
            && $0.path != "sitemap.xml" && !$0.path.hasPrefix("assets/") }
            .map { RenderedFile(path: $0.path, text: $0.text.replacingOccurrences(of: #"<style>[\s\S]*?</style>"#, with: "", options: .regularExpression)) }
    }

    @Test("The English public site says every phrase the German and French tests look for (so they can fail)")
    func englishPhrasesPresent() async throws {
        let files = Self.readable(try await Sample.render())
        let missing = Self.englishPhrases.filter { phrase in !files.contains { $0.text.contains(phrase) } }
        #expect(missing == [])
        #expect(files.contains { $0.path == "updates.xml" && $0.text.contains("xml:lang=\"en\"") })
    }

    @Test("A German or French build writes the whole public site in its language: pages, titles, badges and feeds", arguments: [
        ("de", ["Zum Inhalt springen", "Zuletzt aktualisiert am 30. November 2026.", "Zugang anfordern", "Wie wir Ihre Daten schützen",
                "Übersicht", "Gültig bis", "nach Status", "Geschwärzt", "Änderungsverlauf", "Öffentliche Dokumente",
                "Seite nicht gefunden", "Gültig · bis 20", "Bericht 20", "Neuigkeiten", "Neuer Unterauftragsverarbeiter"]),
        ("fr", ["Aller au contenu", "Dernière mise à jour le 30 novembre 2026.", "Demander l’accès", "Comment nous protégeons vos données",
                "Vue d’ensemble", "Valable jusqu’au", "par statut", "Masqué", "Historique des changements", "Documents publics",
                "Page introuvable", "Valide · jusqu’au 20", "rapport 20", "Actualités", "Nouveau sous-traitant ultérieur"]),
    ])
    func publicSiteInLanguage(_ language: String, _ phrases: [String]) async throws {
        let result = try await render(language)
        let files = Self.readable(result)
        #expect(files.filter { $0.path.hasSuffix(".html") }.count >= 15)
        let html = files.filter { $0.path.hasSuffix(".html") }, feeds = files.filter { $0.path.hasSuffix(".xml") }
        #expect(html.filter { !$0.text.contains("<html lang=\"\(language)\">") }.map(\.path) == [])
        #expect(feeds.map(\.path) == ["subprocessors.xml", "updates.xml"])
        #expect(feeds.filter { !$0.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(language)\">") }.map(\.path) == [])
        let left = files.flatMap { file in Self.englishPhrases.filter { file.text.contains($0) }.map { "\(file.path): \($0)" } }
        #expect(left == [])
        #expect(phrases.filter { phrase in !files.contains { $0.text.contains(phrase) } } == [])
        // Every date shown is in the language; <time datetime> stays ISO 8601.
        let strings = Strings.builtIn(language), english = Strings.builtIn("en")
        let foreignMonths = (1...12).map { english["date.month.\($0)"] }.filter { name in !(1...12).contains { strings["date.month.\($0)"] == name } }
        let time = try NSRegularExpression(pattern: #"<time datetime="(\d{4}-\d{2}-\d{2})">([^<]*)</time>"#)
        var times = 0
        for file in html {
            for match in time.matches(in: file.text, range: NSRange(file.text.startIndex..., in: file.text)) {
                let iso = (file.text as NSString).substring(with: match.range(at: 1)), shown = (file.text as NSString).substring(with: match.range(at: 2))
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                #expect(shown == strings.date(CalendarDate(year: parts[0], month: parts[1], day: parts[2])), "\(file.path): \(shown)")
                #expect(!foreignMonths.contains { shown.contains($0) })
                times += 1
            }
        }
        #expect(times > 10)
        // trust.json stays language-neutral (English labels, ISO dates).
        let json = try #require(result.publicFiles[path: "trust.json"]).text
        #expect(json.contains("\"status_label\" : \"Valid\"") || json.contains("\"status_label\":\"Valid\""), "\(json.prefix(400))")
        #expect(json.contains("Controls overview"))
    }

    @Test("An unknown language is an error at site.yaml with the shipped languages and a suggestion")
    func unknownLanguage() throws {
        let dir = try makeTemporaryFolder("language-unknown")
        defer { removeTemporaryFolder(dir) }
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(at: Paths.content, to: content)
        let site = content.appendingPathComponent("site.yaml")
        try Data(("language: DE\n" + String(contentsOf: site, encoding: .utf8)).utf8).write(to: site)
        let diagnostics = descriptions(diagnosticsOfFailedCheck(makeBuilder(content: content, display: "Content")))
        #expect(diagnostics.contains("Content/site.yaml:1:11: error: 'DE' is not a language of the theme"), "\(diagnostics)")
        #expect(diagnostics.contains("note: did you mean 'de'?"))
        #expect(diagnostics.contains("note: the languages shipped: en, de, fr"))
    }

    /// The diagnostics of loading the repo's theme with `files` added to a copy of it; "" when it loads.
    func themeErrors(_ files: [String: String], language: String = "en") async throws -> String {
        let dir = try makeTemporaryFolder("language-theme")
        defer { removeTemporaryFolder(dir) }
        let copy = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Paths.templates, to: copy)
        try writeFiles(files, into: copy)
        do {
            _ = try await Templates.load(from: copy, displayPath: "Templates", language: language)
            return ""
        } catch let error as DiagnosticsError {
            return descriptions(error.diagnostics)
        }
    }

    @Test("A misspelt string key in a template is an error like any unknown variable, with a suggestion")
    func keyTypo() async throws {
        let cover = try String(contentsOf: Paths.templates.appendingPathComponent("confidential/cover.mustache"), encoding: .utf8)
        let errors = try await themeErrors(["confidential/cover.mustache":
            cover.replacingOccurrences(of: "{{t.bundle.cover.contents}}", with: "{{t.bundle.cover.cotnents}}")])
        #expect(errors.contains("error: 't.bundle.cover.cotnents' is not a variable of the bundle's cover page"), "\(errors)")
        #expect(errors.contains("note: did you mean 't.bundle.cover.contents'?"), "\(errors)")
    }

    @Test("An override strings file may replace texts and add keys; a key English lacks is an error")
    func overrides() async throws {
        let english = try String(contentsOf: Paths.templates.appendingPathComponent("strings/en.yaml"), encoding: .utf8)
        #expect(try await themeErrors(["strings/en.yaml": english + "extra.greeting: \"Hello\"\n",
                                       "strings/de.yaml": "extra.greeting: \"Hallo\"\n"], language: "de") == "")
        let typo = try await themeErrors(["strings/de.yaml": "bundle.cover.headnig: \"Paket\"\n"])
        #expect(typo.contains("Templates/strings/de.yaml:1:1: error: 'bundle.cover.headnig' is not a key of strings/en.yaml"), "\(typo)")
        #expect(typo.contains("did you mean 'bundle.cover.heading'?"))
        let missing = try await themeErrors(["strings/en.yaml": english + "extra.greeting: \"Hello\"\n"], language: "fr")
        #expect(missing.contains("error: 'extra.greeting' has no text in strings/fr.yaml, the language of the site"), "\(missing)")
        let placeholder = try await themeErrors(["strings/fr.yaml": "bundle.nav.policies: \"Politiques\"\n"])
        #expect(placeholder.contains("error: the text of 'bundle.nav.policies' must have the placeholders of English: {count}"), "\(placeholder)")
        let unknown = try await themeErrors(["strings/es.yaml": "bundle.cover.heading: \"Paquete\"\n"])
        #expect(unknown.contains("Templates/strings/es.yaml: error: this strings file is not one of a language the theme ships"), "\(unknown)")
    }
}
