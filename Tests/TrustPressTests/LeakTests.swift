import Foundation
import Testing
@testable import TrustPressCore

/// Nothing confidential may reach the public site.
@Suite("Confidential data never leaks")
struct LeakTests {
    // MARK: - The canary site

    /// The canaries the fixture must plant (one per confidential field of the content format).
    static let requiredCanaries = [
        "CANARY-OWNER-1", "CANARY-OWNER-2", "CANARY-IMPL-1", "CANARY-IMPL-2", "CANARY-EVIDENCE-TITLE-1",
        "CANARY-EVIDENCE-TITLE-2", "CANARY-EVIDENCE-REF-1", "CANARY-TEST-PROC-1", "CANARY-TEST-PROC-2",
        "CANARY-SYSDESC", "CANARY-SYSDESC-HEADING", "CANARY-SYSDESC-LIST-ITEM", "CANARY-EXCEPTION-DESC",
        "CANARY-MGMT-RESP", "CANARY-CUEC", "CANARY-SUBSERVICE-NAME", "CANARY-SUBSERVICE-SERVICES", "CANARY-CSOC",
        "CANARY-SOA-JUSTIFICATION-A.5.1", "CANARY-SOA-JUSTIFICATION-A.5.7", "CANARY-SOA-JUSTIFICATION-A.7.1",
        "CANARY-SOA-JUSTIFICATION-A.8.34", "CANARY-POLICY-BODY", "CANARY-CONF-POLICY-OWNER",
        "CANARY-CONF-POLICY-VERSION", "CANARY-PUBLIC-POLICY-OWNER", "CANARY-DEFAULT-BODY", "CANARY-DEFAULT-OWNER",
        "CANARY-REDACTED-BLOCK", "CANARY-REDACTED-LIST-ITEM", "CANARY-BRIDGE-SIGNER-NAME", "CANARY-BRIDGE-SIGNER-TITLE",
        "CANARY-BRIDGE-CHANGE-1", "CANARY-BRIDGE-CHANGE-2",
        "CANARY-NDA-TERMS", "CANARY-NDA-TERMS-HEADING", "CANARY-NDA-TERMS-LIST-ITEM",
        "CANARY-DOCUMENT-PDF", "CANARY-IMAGE-SVG", "CANARY-CROSSWALK-NAME", "CANARY-CROSSWALK-SOURCE",
    ]

    /// Confidential values that are not text: dates of a confidential policy, evidence, tests and the
    /// bridge letter, and the wording of the (enumerated) opinion. Each must reach the bundle in the form given, and no form may
    /// reach the public site.
    static let confidentialValues: [(inBundle: String, alsoAbsent: [String])] = [
        ("7 July 1987", ["1987-07-07"]),                 // approved date of the confidential policy
        ("7 July 2027", ["2027-07-07"]),                 // its next review
        ("2026-09-17", ["17 September 2026"]),           // evidence date
        ("2026-10-07", ["7 October 2026"]),              // test date
        ("19 November 2026", ["2026-11-19"]),            // bridge letter date
        ("23 March 2027", ["2027-03-23"]),               // the next report date it announces
        ("the auditor could not obtain sufficient evidence to form an opinion", ["Disclaimer"]),
    ]

    /// The public tree of the canary site, file by file. Anything else is a failure.
    static let expectedPublicFiles = [
        ".well-known/security.txt", "404.html", "assets/print.css", "assets/style.css", "badges/iso27001-2022-cs-1001.svg",
        "badges/soc2-2017-type-2-2026-11-06.svg", "controls.html", "documents.html", "index.html", "iso27001-2022-cs-1001.html", "policies.html", "policies/public-policy.html", "robots.txt",
        "sitemap.xml", "soc2-2017-type-2-2026-11-06.html", "subprocessors.html", "subprocessors.xml", "trust.json",
    ]

    /// Every `CANARY-…` token in the fixture's source files.
    static func plantedCanaries() throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: "CANARY-[A-Z0-9.-]*[A-Z0-9]")
        var found = Set<String>()
        for (_, data) in readTree(Paths.fixture("canary-site")) {
            let text = String(decoding: data, as: UTF8.self)
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(m.range, in: text)!]))
            }
        }
        return found
    }

    func renderCanary() async throws -> Builder.Result {
        try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site").render()
    }

    @Test("The canary fixture plants a canary in every confidential field")
    func fixtureIsComplete() throws {
        let planted = try Self.plantedCanaries()
        #expect(Set(Self.requiredCanaries).isSubset(of: planted), "missing: \(Set(Self.requiredCanaries).subtracting(planted).sorted())")
        #expect(planted.count > 100, "93 SoA justifications plus the field canaries")
    }

    @Test("No canary appears anywhere in the public files, in any byte")
    func noCanaryInPublicFiles() async throws {
        let result = try await renderCanary()
        for file in result.publicFiles {
            #expect(file.contents.range(of: Data("CANARY".utf8)) == nil, "\(file.path) contains a canary")
            #expect(!file.text.lowercased().contains("canary-"), "\(file.path) contains a canary in another case")
            for (_, absent) in Self.confidentialValues {
                for value in absent { #expect(!file.text.contains(value), "\(file.path) contains '\(value)'") }
            }
            for (value, _) in Self.confidentialValues {
                #expect(!file.text.contains(value), "\(file.path) contains '\(value)'")
            }
        }
    }

    @Test("Every canary reaches the NDA bundle")
    func everyCanaryInBundle() async throws {
        let result = try await renderCanary()
        let bundle = result.bundleFiles.map(\.text).joined(separator: "\n")
        for canary in try Self.plantedCanaries().sorted() {
            #expect(bundle.contains(canary), "\(canary) is missing from the bundle")
        }
        for (value, _) in Self.confidentialValues {
            #expect(bundle.contains(value), "'\(value)' is missing from the bundle")
        }
    }

    @Test("The bridge letter stays in the bundle: its page is not linked publicly, and the leak audit knows every text of it")
    func bridgeLetter() async throws {
        let result = try await renderCanary()
        #expect(result.bundleFiles[path: "soc2-2017-type-2-2026-11-06-bridge-letter.html"] != nil)
        for file in result.publicFiles {
            #expect(!file.text.contains("bridge-letter.html"), "\(file.path) links to the bridge letter")
        }
        let (model, _) = try makeBuilder(content: Paths.fixture("canary-site")).check()
        let name = "the soc2-2017 report of 2026-11-06 bridge letter"
        let labels = Set(LeakAudit.confidentialItems(model).map(\.label))
        #expect(labels.isSuperset(of: ["\(name) signer", "\(name) signer's title", "\(name) material change"]))
        let page = RenderedFile(path: "index.html", text: "<p>Signed by CANARY-BRIDGE-SIGNER-NAME.</p><p>CANARY-BRIDGE-CHANGE-2 replaced the EDR agent.</p>")
        #expect(LeakAudit.audit(model: model, publicFiles: [page], outputDisplay: "Output").map(\.message) == [
            "leak audit: confidential text from \(name) signer appears on the public site: \"CANARY-BRIDGE-SIGNER-NAME\"",
            "leak audit: confidential text from \(name) material change appears on the public site: \"CANARY-BRIDGE-CHANGE-2 replaced the EDR agent.\"",
        ])
    }

    @Test("A confidential document's bytes reach the bundle (with its SHA-256 in manifest.json) and no public file; its title is listed with the lock")
    func confidentialDocument() async throws {
        let result = try await renderCanary()
        let pdf = try Data(contentsOf: Paths.fixture("canary-site").appendingPathComponent("documents/soc2-report.pdf"))
        #expect(pdf.range(of: Data("CANARY-DOCUMENT-PDF".utf8)) != nil)
        #expect(result.bundleFiles[path: "documents/soc2-report.pdf"]?.contents == pdf)
        let manifest = try #require(result.bundleFiles[path: "manifest.json"]).text
        #expect(manifest.contains(sha256Hex(pdf)))
        #expect(try #require(result.bundleFiles[path: "index.html"]).text.contains("<a href=\"documents/soc2-report.pdf\">Auditor&#39;s SOC 2 Type 2 report</a>")
                || result.bundleFiles[path: "index.html"]!.text.contains("<a href=\"documents/soc2-report.pdf\">Auditor&#x27;s SOC 2 Type 2 report</a>"))
        for file in result.publicFiles {
            #expect(sha256Hex(file.contents) != sha256Hex(pdf), "\(file.path) is the confidential PDF")
            #expect(!file.text.contains("soc2-report.pdf"), "\(file.path) names the confidential file")
        }
        let documents = try #require(result.publicFiles[path: "documents.html"]).text
        let nda = try #require(documents.range(of: "id=\"nda-documents\""))
        #expect(documents[nda.upperBound...].contains("SOC 2 Type 2 report"))
        let trust = try #require(result.publicFiles[path: "trust.json"]).text
        #expect(trust.contains("\"document_kind\" : \"soc2-report\""))
    }

    @Test("A public file with the bytes of a confidential document fails the build, located at that file")
    func publicCopyOfConfidentialDocument() async throws {
        let content = try copyFixture("canary-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        try FileManager.default.copyItem(at: content.appendingPathComponent("documents/soc2-report.pdf"),
                                         to: content.appendingPathComponent("documents/copy.pdf"))
        let yaml = content.appendingPathComponent("documents.yaml")
        try (String(contentsOf: yaml, encoding: .utf8)
             + "copy.pdf:\n  title: Public copy\n  kind: other\n  date: 2026-11-06\n  visibility: public\n").write(to: yaml, atomically: true, encoding: .utf8)
        let builder = Builder(options: .init(content: content, contentDisplay: "canary-site", output: content.appendingPathComponent("../out"),
                                             outputDisplay: "Output", buildDate: testDate))
        do {
            _ = try await builder.render()
            Issue.record("the build succeeded")
        } catch let error as DiagnosticsError {
            let errors = error.diagnostics.filter { $0.severity == .error }
            let sha = sha256Hex(try Data(contentsOf: content.appendingPathComponent("documents/copy.pdf")))
            #expect(errors.map(\.description).first?.hasPrefix(
                "Output/public/documents/copy.pdf: error: leak audit: this file has the same bytes (SHA-256 \(sha.prefix(16))…) as the confidential document 'Auditor's SOC 2 Type 2 report' (canary-site/documents/soc2-report.pdf), which must not be public") == true,
                "\(errors.map(\.description))")
            #expect(errors.count == 1)
        }
    }

    @Test("An image only a confidential policy shows reaches the bundle beside the policy pages, and never public/")
    func confidentialImage() async throws {
        let result = try await renderCanary()
        let svg = try Data(contentsOf: Paths.fixture("canary-site").appendingPathComponent("policies/images/secret-diagram.svg"))
        #expect(result.bundleFiles[path: "policies/images/secret-diagram.svg"]?.contents == svg)
        #expect(try #require(result.bundleFiles[path: "policies/secret-policy.html"]).text.contains("<img src=\"images/secret-diagram.svg\" alt=\"Secret diagram\""))
        #expect(!result.publicFiles.contains { $0.contents == svg })
        let (model, _) = try makeBuilder(content: Paths.fixture("canary-site")).check()
        #expect(LeakAudit.confidentialFiles(model).map(\.source).contains("policies/images/secret-diagram.svg"))
        let copy = RenderedFile(path: "assets/x.svg", contents: svg)
        #expect(LeakAudit.audit(model: model, publicFiles: [copy], outputDisplay: "Output").map(\.path) == ["Output/public/assets/x.svg"])
    }

    @Test("The public tree holds exactly the expected files")
    func publicFileSet() async throws {
        let result = try await renderCanary()
        #expect(result.publicFiles.paths == Self.expectedPublicFiles)
        // Only the public policy has a page; the confidential ones are listed by title only.
        let list = try #require(result.publicFiles[path: "policies.html"]).text
        #expect(list.contains("Secret Policy"))
        #expect(list.contains("Default Policy"))
        #expect(list.contains("PUBLIC-MARKER-SECRET-POLICY-SUMMARY."))
        #expect(!list.contains("secret-policy.html"))
        #expect(!list.contains("default-policy.html"))
    }

    @Test("Public content does reach the public site (the leak search is not looking at empty pages)")
    func publicMarkersPresent() async throws {
        let result = try await renderCanary()
        let site = result.publicFiles.map(\.text).joined(separator: "\n")
        for marker in ["PUBLIC-MARKER-DESCRIPTION", "PUBLIC-MARKER-SCOPE", "PUBLIC-MARKER-REPORT-SUMMARY",
                       "PUBLIC-MARKER-CONTROL-SUMMARY-1", "PUBLIC-MARKER-CONTROL-SUMMARY-3", "PUBLIC-MARKER-POLICY-BODY",
                       "PUBLIC-MARKER-PUBLIC-POLICY-SUMMARY", "PUBLIC-MARKER-SUBPROCESSOR", "PUBLIC-MARKER-CODE-BLOCK"] {
            #expect(site.contains(marker), "\(marker) is missing from the public site")
        }
    }

    @Test("A redacted section of a public policy becomes a notice linking to the access request")
    func redactedSection() async throws {
        let result = try await renderCanary()
        let page = try #require(result.publicFiles[path: "policies/public-policy.html"]).text
        #expect(page.contains("<aside class=\"redacted\" role=\"note\"><p><strong>Redacted</strong> — this section is available under NDA. <a href=\"https://canary.example/request-access\">Request access</a>.</p></aside>"))
        // Links to confidential policies go to the access request, never to a page that does not exist.
        #expect(page.contains("<a href=\"https://canary.example/request-access\">secret policy</a>"))
        #expect(!page.contains("secret-policy"))
        // In the bundle the section is kept and marked.
        let bundlePage = try #require(result.bundleFiles[path: "policies/public-policy.html"]).text
        #expect(bundlePage.contains("<section class=\"redacted-section\"><p class=\"redacted-label\">Confidential section — redacted on the public site</p>"))
        #expect(bundlePage.contains("CANARY-REDACTED-BLOCK"))
        #expect(bundlePage.contains("<a href=\"secret-policy.html#details\">secret policy</a>"))
    }

    @Test("Hostile markup in public content is escaped or dropped")
    func hostileMarkup() async throws {
        let result = try await renderCanary()
        for file in result.publicFiles where file.path.hasSuffix(".html") {
            #expect(!file.text.lowercased().contains("<script"), "\(file.path) contains a script tag")
            #expect(!file.text.lowercased().contains("javascript:"), "\(file.path) contains a javascript: URL")
            #expect(!file.text.contains("<b>Inc</b>"), "\(file.path) contains unescaped markup")
        }
        let subprocessors = try #require(result.publicFiles[path: "subprocessors.html"]).text
        #expect(subprocessors.contains("Public Host &lt;b&gt;Inc&lt;/b&gt; &amp; &quot;Co&quot;"))
    }

    @Test("A build of the canary site writes no canary under public/")
    func builtTreeHasNoCanary() async throws {
        let dir = try makeTemporaryFolder("canary-build")
        defer { removeTemporaryFolder(dir) }
        let result = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site",
                                           output: dir.appendingPathComponent("out")).build()
        let tree = readTree(dir.appendingPathComponent("out"))
        let publicTree = tree.filter { $0.key.hasPrefix("public/") }
        #expect(publicTree.keys.sorted() == Self.expectedPublicFiles.map { "public/" + $0 })
        for (path, data) in publicTree {
            #expect(data.range(of: Data("CANARY".utf8)) == nil, "\(path)")
        }
        let bundle = tree.filter { $0.key.hasPrefix("confidential/\(result.bundleID)/") }
        #expect(bundle.values.contains { $0.range(of: Data("CANARY-POLICY-BODY".utf8)) != nil })
    }

    @Test("With --archive, the zip and its checksum stand beside the bundle under confidential/, and public/ is what it is without them")
    func archiveStaysConfidential() async throws {
        let dir = try makeTemporaryFolder("canary-archive")
        defer { removeTemporaryFolder(dir) }
        let plain = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site",
                                          output: dir.appendingPathComponent("plain")).build()
        let result = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site",
                                           output: dir.appendingPathComponent("out"), archive: true).build()
        let archive = try #require(result.archive)
        let tree = readTree(dir.appendingPathComponent("out"))
        let bundle = "confidential/\(result.bundleID)"
        // Every file of the output, by where it is: nothing beside the trees but the zip, its checksum and the marker files.
        #expect(Set(tree.keys) == Set(Self.expectedPublicFiles.map { "public/" + $0 } + result.bundleFiles.map { bundle + "/" + $0.path }
            + [bundle + ".zip", bundle + ".zip.sha256", OutputWriter.markerName, OutputWriter.lockName]))
        #expect(tree[bundle + ".zip"] == archive.data)
        #expect(tree[bundle + ".zip.sha256"] == archive.checksumFile)
        // The zip is the bundle, canaries and all; public/ is byte for byte the tree of a build without it.
        #expect(archive.data == (try BundleArchive(bundleID: result.bundleID, files: result.bundleFiles, buildDate: testDate)).data)
        #expect(result.bundleFiles.contains { $0.contents.range(of: Data("CANARY-POLICY-BODY".utf8)) != nil })
        let publicTree = tree.filter { $0.key.hasPrefix("public/") }
        #expect(publicTree == readTree(dir.appendingPathComponent("plain")).filter { $0.key.hasPrefix("public/") })
        #expect(plain.publicFiles == result.publicFiles)
        for (path, data) in publicTree {
            #expect(data.range(of: Data("CANARY".utf8)) == nil, "\(path)")
            #expect(data.range(of: Data(archive.sha256.utf8)) == nil, "\(path) names the zip's digest")
            #expect(data.range(of: Data(archive.fileName.utf8)) == nil, "\(path) names the zip")
        }
    }

    @Test("With --archive, --pdf and --encrypt, every file beside the bundle stands under confidential/, the locked file holds no canary in the clear, and public/ is what it is without them")
    func everyBundleFileStaysConfidential() async throws {
        let dir = try makeTemporaryFolder("canary-sidecars")
        defer { removeTemporaryFolder(dir) }
        let plain = try await makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site",
                                          output: dir.appendingPathComponent("plain")).build()
        var options = makeBuilder(content: Paths.fixture("canary-site"), display: "canary-site",
                                  output: dir.appendingPathComponent("out"), archive: true).options
        options.pdf = true  // make test installs Chromium (browser-deps): without it this fails, never skips
        options.passphrase = try LockedBundlePassphrase(Data("correct horse battery staple".utf8))
        let result = try await Builder(options: options).build()
        #expect(result.sidecars.map(\.kind) == BundleSidecarKind.allCases)
        let tree = readTree(dir.appendingPathComponent("out"))
        let bundle = "confidential/\(result.bundleID)"
        let beside = result.sidecars.flatMap { ["confidential/" + $0.fileName, "confidential/" + $0.checksumFileName] }
        #expect(Set(tree.keys) == Set(Self.expectedPublicFiles.map { "public/" + $0 } + result.bundleFiles.map { bundle + "/" + $0.path }
            + beside + [OutputWriter.markerName, OutputWriter.lockName]))
        for sidecar in result.sidecars {
            #expect(tree["confidential/" + sidecar.fileName] == sidecar.data)
            #expect(tree["confidential/" + sidecar.checksumFileName] == sidecar.checksumFile)
        }
        // Encrypted, the locked file shows no canary; the PDF starts as one.
        let locked = try #require(result.sidecars.first { $0.kind == .locked })
        #expect(locked.data.range(of: Data("CANARY".utf8)) == nil)
        let pdf = try #require(result.sidecars.first { $0.kind == .pdf })
        #expect(pdf.data.starts(with: Data("%PDF-".utf8)))
        let publicTree = tree.filter { $0.key.hasPrefix("public/") }
        #expect(publicTree == readTree(dir.appendingPathComponent("plain")).filter { $0.key.hasPrefix("public/") })
        #expect(plain.publicFiles == result.publicFiles)
        for (path, data) in publicTree {
            #expect(data.range(of: Data("CANARY".utf8)) == nil, "\(path)")
            for sidecar in result.sidecars {
                #expect(data.range(of: Data(sidecar.sha256.utf8)) == nil, "\(path) names the digest of \(sidecar.fileName)")
                #expect(data.range(of: Data(sidecar.fileName.utf8)) == nil, "\(path) names \(sidecar.fileName)")
            }
        }
    }

    @Test("A redaction block after a code fence that CommonMark closes implicitly is still redacted")
    func redactionAfterUnclosedFenceInList() async throws {
        let dir = try makeTemporaryFolder("fence")
        defer { removeTemporaryFolder(dir) }
        // The fence inside the first list item is never closed: CommonMark ends the code block with the
        // list item, so everything after it is ordinary Markdown again.
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/p.md": """
            ---
            title: P
            visibility: public
            ---
            - Example:
              ```
              curl https://example.test
            - Another item

            ::: confidential
            CANARY-AFTER-UNCLOSED-FENCE
            :::

            """], into: dir)
        let result: Builder.Result
        do {
            result = try await makeBuilder(content: dir).render()
        } catch is DiagnosticsError {
            return  // failing closed with an error is a fine answer
        }
        let page = try #require(result.publicFiles[path: "policies/p.html"]).text
        #expect(page.contains("<li>Another item</li>"), "CommonMark closed the code block with the list item")
        #expect(!page.contains("CANARY-AFTER-UNCLOSED-FENCE"))
    }

    @Test("A confidential sentence that happens to match template wording is not reported as a leak")
    func templateWordingIsNotALeak() async throws {
        let dir = try makeTemporaryFolder("boilerplate")
        defer { removeTemporaryFolder(dir) }
        // "the others are available under NDA" is part of the policies page's fixed text.
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/vendor.md": """
            ---
            title: Vendor Management
            ---
            Some vendor reports are public. The others are available under NDA.

            """], into: dir)
        let result = try await makeBuilder(content: dir).render()
        #expect(result.publicFiles[path: "policies.html"] != nil)
    }

    // MARK: - The sample content

    /// A confidential text and where it comes from.
    struct Needle {
        let text: String
        let origin: String
    }

    /// Every confidential text of the sample model, cut into fragments of at least 20 characters.
    static func confidentialNeedles(_ model: TrustModel) -> [Needle] {
        var needles: [Needle] = []
        func plain(_ text: String?, _ origin: String) {
            guard let text else { return }
            for f in plainFragments(text) { needles.append(Needle(text: f, origin: origin)) }
        }
        func markdown(_ text: String?, _ origin: String) {
            guard let text else { return }
            for f in markdownFragments(text) { needles.append(Needle(text: f, origin: origin)) }
        }
        for c in model.controls {
            plain(c.owner, "\(c.id) owner")
            markdown(c.implementation, "\(c.id) implementation")
            for e in c.evidence ?? [] {
                plain(e.title, "\(c.id) evidence title")
                plain(e.reference, "\(c.id) evidence reference")
            }
            for t in c.tests ?? [] { plain(t.procedure, "\(c.id) test procedure") }
        }
        for a in model.attestations {
            markdown(a.systemDescription, "system description")
            plain(BundleRenderer.opinionNote(a.opinion, type: a.type), "opinion")
            for e in a.exceptions ?? [] {
                plain(e.description, "exception \(e.criterion)")
                plain(e.managementResponse, "management response \(e.criterion)")
            }
            for c in a.complementaryUserEntityControls ?? [] { plain(c.description, "CUEC") }
            for s in a.subserviceOrganizations ?? [] {
                plain(s.name, "subservice organization name")
                plain(s.services, "subservice organization services")
                for c in s.csocs ?? [] { plain(c.description, "CSOC") }
            }
        }
        for (framework, entries) in model.statementsOfApplicability {
            for e in entries { plain(e.justification, "\(framework) SoA justification \(e.requirement.id)") }
        }
        for p in model.policies {
            plain(p.owner, "policy \(p.id) owner")
            if p.visibility == .public {
                for case let .confidential(text) in p.segments { markdown(text, "policy \(p.id) redacted section") }
            } else {
                markdown(p.body, "policy \(p.id) body")
                plain(p.version, "policy \(p.id) version")
            }
        }
        return needles.filter { $0.text.count >= 20 }
    }

    /// Lines and sentences of a plain-text field.
    static func plainFragments(_ text: String) -> [String] {
        var out: [String] = []
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(in: .whitespaces)
            out.append(l)
            out += l.components(separatedBy: ". ").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    /// Runs of Markdown source text between inline markup, line by line (cmark keeps soft line breaks,
    /// so each such run appears verbatim in the HTML).
    static func markdownFragments(_ text: String) -> [String] {
        let markup = CharacterSet(charactersIn: "`*_[]()<>|~\\")
        var out: [String] = []
        for line in text.split(separator: "\n") {
            var l = line.trimmingCharacters(in: .whitespaces)
            while let first = l.first, "#->+".contains(first) || (first.isNumber && l.contains(". ")) {
                if first.isNumber, let dot = l.firstIndex(of: ".") { l = String(l[l.index(after: dot)...]) } else { l.removeFirst() }
                l = l.trimmingCharacters(in: .whitespaces)
            }
            out += l.components(separatedBy: markup).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    /// Public text of the sample model: a confidential fragment that is also public content (an owner
    /// title quoted in a public policy, a subservice organization that is also a listed subprocessor)
    /// may legitimately appear on the public site.
    static func publicCorpus(_ model: TrustModel) -> String {
        var parts: [String] = []
        let s = model.site
        parts += [s.organization.name, s.organization.legalName, s.trustCenter.title, s.trustCenter.description]
        for c in model.certifications {
            parts += [c.standard, c.certificateNumber, c.certificationBody.name, c.accreditationBody, c.scope]
            parts += c.sites.flatMap { [$0.name, $0.address] }
        }
        for a in model.attestations { parts += [a.publicSummary ?? "", a.auditor.name] }
        for c in model.controls { parts += [c.id, c.title, c.summary] }
        for p in model.policies {
            parts += [p.title, p.publicSummary ?? ""]
            if p.visibility == .public {
                parts.append(PublicSite.redacted(p.segments))
                parts.append(p.version ?? "")
            }
        }
        for sp in model.subprocessors { parts += [sp.name, sp.purpose, sp.location, sp.data] }
        return normalized(parts.joined(separator: "\n"))
    }

    static func normalized(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The result of searching public files for confidential needles.
    struct Search {
        var leaks: [String] = []
        var checked = 0
        var inBundle = 0
    }

    static func search(publicFiles: [RenderedFile], bundleFiles: [RenderedFile], model: TrustModel) -> Search {
        let corpus = ByteText(publicCorpus(model))
        let published = publicFiles.map { ($0.path, ByteText($0.text)) }
        let bundle = ByteText(bundleFiles.map(\.text).joined(separator: "\n"))
        var search = Search()
        for needle in confidentialNeedles(model) where !corpus.contains(normalized(needle.text)) {
            search.checked += 1
            let forms = renderedForms(of: needle.text)
            if forms.contains(where: bundle.contains) { search.inBundle += 1 }
            for (path, text) in published where forms.contains(where: text.contains) {
                search.leaks.append("confidential text from \(needle.origin) appears in public/\(path): \"\(needle.text)\"")
            }
        }
        return search
    }

    @Test("No confidential text of the sample content appears on the public site, raw or HTML-escaped")
    func sampleContentDoesNotLeak() async throws {
        let result = try await Sample.render()
        let search = Self.search(publicFiles: result.publicFiles, bundleFiles: result.bundleFiles, model: try Sample.model())
        for leak in search.leaks { Issue.record(Comment(rawValue: leak)) }
        // The search is meaningful: there are many needles, and nearly all of them are found verbatim in
        // the bundle, so they would be found on the public site too if they leaked there.
        #expect(search.checked > 500)
        #expect(Double(search.inBundle) >= 0.95 * Double(search.checked),
                "\(search.inBundle) of \(search.checked) needles found in the bundle")
    }

    @Test("The sample leak search finds a leak planted in a public page, raw or escaped")
    func leakSearchCanFail() async throws {
        let result = try await Sample.render()
        let model = try Sample.model()
        let exception = try #require(model.attestations.first?.exceptions?.first?.managementResponse)
        for planted in [exception, mustacheEscaped(exception)] {
            var files = result.publicFiles
            let index = try #require(files.firstIndex { $0.path == "subprocessors.html" })
            files[index] = RenderedFile(path: "subprocessors.html", text: files[index].text + "<p>\(planted)</p>")
            let search = Self.search(publicFiles: files, bundleFiles: result.bundleFiles, model: model)
            #expect(!search.leaks.isEmpty)
            #expect(search.leaks.allSatisfy { $0.contains("public/subprocessors.html") && $0.contains("management response") })
        }
    }

    @Test("The public projection carries no confidential field of the sample content")
    func publicProjection() throws {
        let model = try Sample.model()
        let site = PublicSite(model)
        let confidentialPolicies = Set(model.policies.filter { $0.visibility != .public }.map(\.id))
        for p in site.policies where confidentialPolicies.contains(p.id) {
            #expect(p.body == nil && p.version == nil && p.approved == nil && p.nextReview == nil, "\(p.id)")
            #expect(!p.isPublic)
        }
        // Fail closed: the two sample policies without a visibility key are confidential.
        for id in ["backup", "logging-monitoring"] {
            #expect(model.policies.first { $0.id == id }?.visibility == .confidential, "\(id)")
            #expect(site.policies.first { $0.id == id }?.isPublic == false, "\(id)")
        }
        #expect(site.policies.filter(\.isPublic).count == 5)
    }
}

@Suite("Leak audit fragments")
struct LeakFragmentTests {
    @Test("A sentence after a no-break space is a fragment of its own, without the space")
    func noBreakSpace() {
        let html = "<p>Backups go to the offsite vault nightly. \u{00A0}The vault passphrase is held by Dana Ortiz.</p>"
        #expect(VisibleText.fragments(ofHTML: html).contains("The vault passphrase is held by Dana Ortiz."))
    }

    @Test("Phrases are found across tags and character references, case and punctuation aside")
    func matching() {
        var matcher = PhraseMatcher()
        let id = matcher.add(PhraseMatcher.words("The vault passphrase is held by Dana Ortiz"), text: "…")
        let short = matcher.add(PhraseMatcher.words("Dana Ortiz"), text: "…")
        let page = Array("<li>the <em>VAULT</em> passphrase&#32;is held by Dana&nbsp;Ortiz!</li>".utf8)
        #expect(matcher.matches(in: PhraseMatcher.words(ofMarkup: page)) == [id, short])
        #expect(matcher.matches(in: PhraseMatcher.words("the vault passphrase is held by Dana")).isEmpty)
    }
}
