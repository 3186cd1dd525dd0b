import Foundation
import Testing
@testable import TrustPressCore

/// The page data is one documented type per page; a template that uses a name its page does not
/// provide is a located error (it rendered as nothing), wherever the template is reached from.
@Suite("Template variables")
struct TemplateVariableTests {
    /// The diagnostics of loading the repo's templates with `files` (relative path → text) changed;
    /// empty when they load.
    func errors(_ files: [String: String]) async throws -> String {
        let dir = try makeTemporaryFolder("template-variables")
        defer { removeTemporaryFolder(dir) }
        let copy = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Paths.templates, to: copy)
        try writeFiles(files, into: copy)
        do {
            _ = try await Templates.load(from: copy, displayPath: "Templates")
            return ""
        } catch let error as DiagnosticsError {
            return descriptions(error.diagnostics)
        }
    }

    /// A public page template with `main` as its content.
    func page(_ main: String) -> String { "{{<public-layout}}{{$main}}\n\(main)\n{{/main}}{{/public-layout}}\n" }

    static let docs = "note: docs/templates.md lists the variables of every page"

    @Test("The built-in theme uses only variables its pages provide")
    func builtInThemeIsClean() async throws {
        #expect(try await errors([:]) == "")
    }

    @Test("Names that resolve are accepted: through enclosing contexts, dotted, transforms, list positions, delimiters", arguments: [
        "{{#policy}}{{title}} {{root}} {{site.title}} {{#site}}{{title}}{{/site}}{{/policy}}",
        "{{policy.title}} {{{bodyHTML}}} {{&bodyHTML}} {{ policy.version }} {{.}}",
        "{{#nav}}{{index()}}{{#first()}}first{{/first()}}{{^last()}}, {{/last()}}{{label}}{{#current}}{{href}}{{/current}}{{/nav}}",
        "{{uppercased(site.title)}} {{#reversed(nav)}}{{label}}{{/reversed(nav)}} {{count(nav)}} {{#policy.version}}v{{.}}{{/policy.version}}",
        "{{! {{nope}} is only a comment }}{{=<% %>=}}<%#policy%><%title%><%/policy%><%={{ }}=%>{{pageTitle}}",
        "{{^policy.summary}}{{policy.title}}{{/policy.summary}}{{#policy.hasMeta}}{{policy.approved}}{{/policy.hasMeta}}",
    ])
    func accepted(_ main: String) async throws {
        #expect(try await errors(["public/policy.mustache": page(main)]) == "")
    }

    @Test("Each unknown name is an error at its line and column, with a suggestion and where the variables are listed", arguments: [
        ("{{#policy}}{{titel}}{{/policy}}", """
            Templates/public/policy.mustache:2:12: error: 'titel' is not a variable of the policy page
            Templates/public/policy.mustache:2:12: note: did you mean 'title'?
            Templates/public/policy.mustache:2:12: \(docs)
            """),
        ("x\n  {{polcy.title}}", """
            Templates/public/policy.mustache:3:3: error: 'polcy.title' is not a variable of the policy page
            Templates/public/policy.mustache:3:3: note: did you mean 'policy.title'?
            Templates/public/policy.mustache:3:3: \(docs)
            """),
        ("{{site.titel}}", """
            Templates/public/policy.mustache:2:1: error: 'site.titel' is not a variable of the policy page
            Templates/public/policy.mustache:2:1: note: did you mean 'site.title'?
            Templates/public/policy.mustache:2:1: \(docs)
            """),
        ("{{{bodyHTMl}}} {{&bodyHTMl}}", """
            Templates/public/policy.mustache:2:1: error: 'bodyHTMl' is not a variable of the policy page
            Templates/public/policy.mustache:2:1: note: did you mean 'bodyHTML'?
            Templates/public/policy.mustache:2:1: \(docs)
            Templates/public/policy.mustache:2:16: error: 'bodyHTMl' is not a variable of the policy page
            Templates/public/policy.mustache:2:16: note: did you mean 'bodyHTML'?
            Templates/public/policy.mustache:2:16: \(docs)
            """),
        // Valid only inside its section.
        ("{{title}}", """
            Templates/public/policy.mustache:2:1: error: 'title' is not a variable of the policy page
            Templates/public/policy.mustache:2:1: note: 'title' is a variable inside 'policy': use it within {{#policy}}…{{/policy}}
            Templates/public/policy.mustache:2:1: \(docs)
            """),
        ("{{#nav}}{{label}}{{/nav}}{{label}}", """
            Templates/public/policy.mustache:2:26: error: 'label' is not a variable of the policy page
            Templates/public/policy.mustache:2:26: note: 'label' is a variable inside 'nav': use it within {{#nav}}…{{/nav}}
            Templates/public/policy.mustache:2:26: \(docs)
            """),
        ("{{pageTitle.size}}", """
            Templates/public/policy.mustache:2:1: error: 'pageTitle.size' is not a variable of the policy page
            Templates/public/policy.mustache:2:1: note: 'pageTitle' is text: it has no variables
            Templates/public/policy.mustache:2:1: \(docs)
            """),
        ("{{#policy}}{{.nav}}{{/policy}}", """
            Templates/public/policy.mustache:2:12: error: '.nav' is not a variable of the policy page
            Templates/public/policy.mustache:2:12: \(docs)
            """),
        ("{{uppercase(pageTitle)}}", """
            Templates/public/policy.mustache:2:1: error: 'uppercase' is not a transform that applies to 'pageTitle' (text)
            Templates/public/policy.mustache:2:1: note: did you mean 'uppercased'?
            Templates/public/policy.mustache:2:1: note: transforms of text: capitalized, empty, lowercased, reversed, uppercased
            """),
        ("{{index()}}", """
            Templates/public/policy.mustache:2:1: error: 'index()' is only available directly inside a list section ({{#list}}…{{/list}})
            """),
        ("{{=<% %>=}}\n<%#policy%> <%ttle%><%/policy%><%={{ }}=%>", """
            Templates/public/policy.mustache:3:13: error: 'ttle' is not a variable of the policy page
            Templates/public/policy.mustache:3:13: note: did you mean 'title'?
            Templates/public/policy.mustache:3:13: \(docs)
            """),
        // CRLF line endings count as one line break each.
        ("x\r\n\r\n  {{polcy}}", """
            Templates/public/policy.mustache:4:3: error: 'polcy' is not a variable of the policy page
            Templates/public/policy.mustache:4:3: note: did you mean 'policy'?
            Templates/public/policy.mustache:4:3: \(docs)
            """),
        // An unknown section is reported once, not again for every name inside it.
        ("{{#polcy}}{{title}}{{whatever}}{{/polcy}}", """
            Templates/public/policy.mustache:2:1: error: 'polcy' is not a variable of the policy page
            Templates/public/policy.mustache:2:1: note: did you mean 'policy'?
            Templates/public/policy.mustache:2:1: \(docs)
            """),
    ] as [(String, String)])
    func rejected(_ main: String, _ expected: String) async throws {
        #expect(try await errors(["public/policy.mustache": page(main)]) == expected)
    }

    @Test("A partial is checked with the context where each page includes it")
    func partialPerPage() async throws {
        let partial = "{{#policy}}{{version}}{{/policy}}\n"
        // Inside the policy page's {{#policy}}, and at the top of the policies page (a list of policies there).
        let fine = try await errors([
            "partials/meta.mustache": "{{version}}\n",
            "public/policy.mustache": page("{{#policy}}{{>partials/meta}}{{/policy}}"),
            "public/policies.mustache": page("{{#policies}}{{>partials/meta}}{{/policies}}"),
        ])
        #expect(fine == "")
        let found = try await errors([
            "partials/meta.mustache": partial,
            "public/policy.mustache": page("{{>partials/meta}}"),
            "public/index.mustache": page("{{>partials/meta}}"),
        ])
        #expect(found == """
            Templates/partials/meta.mustache:1:1: error: 'policy' is not a variable of the index page
            Templates/partials/meta.mustache:1:1: \(Self.docs)
            """)
    }

    @Test("The layout is checked against every page that uses it, and one problem names them all")
    func layoutEveryPage() async throws {
        let layout = try String(contentsOf: Paths.templates.appendingPathComponent("public-layout.mustache"), encoding: .utf8)
            .replacingOccurrences(of: "<main id=\"main\" class=\"wrap\">", with: "<main id=\"main\" class=\"wrap\">{{{bodyHTML}}}{{sit.title}}")
        #expect(try await errors(["public-layout.mustache": layout]) == """
            Templates/public-layout.mustache:42:30: error: 'bodyHTML' is not a variable of the index page, the certification page, the attestation page, the controls page, the policies page, the subprocessors page, the documents page, the updates page, the FAQ page
            Templates/public-layout.mustache:42:30: \(Self.docs)
            Templates/public-layout.mustache:42:44: error: 'sit.title' is not a variable of the index page, the certification page, the attestation page, the controls page, the policies page, the policy page, the subprocessors page, the documents page, the updates page, the FAQ page
            Templates/public-layout.mustache:42:44: note: did you mean 'site.title'?
            Templates/public-layout.mustache:42:44: \(Self.docs)
            """)
    }

    @Test("A block override is checked where its parent expands it, inside the parent's sections")
    func blockInsideParentSection() async throws {
        #expect(try await errors([
            "frame.mustache": "{{#policy}}{{$inner}}{{/inner}}{{/policy}}",
            "public/policy.mustache": page("{{<frame}}{{$inner}}{{title}} {{nope}}{{/inner}}{{/frame}}"),
        ]) == """
            Templates/public/policy.mustache:2:31: error: 'nope' is not a variable of the policy page
            Templates/public/policy.mustache:2:31: \(Self.docs)
            """)
    }

    @Test("A block override that its parent never expands is an error: a misspelt {{$main}} dropped the whole page")
    func unknownBlock() async throws {
        #expect(try await errors(["public/policy.mustache": "{{<public-layout}}\n  {{$mian}}{{#policy}}{{title}}{{/policy}}{{/mian}}\n{{/public-layout}}\n"]) == """
            Templates/public/policy.mustache:2:3: error: 'mian' is not a block of 'public-layout': its content would never be shown
            Templates/public/policy.mustache:2:3: note: did you mean 'main'?
            Templates/public/policy.mustache:2:3: note: the blocks 'public-layout' expands: main
            """)
        // A block a parent's own parent expands, or a partial of it, is one of its blocks.
        #expect(try await errors([
            "frame.mustache": "{{<public-layout}}{{$main}}{{>partials/inner}}{{/main}}{{/public-layout}}",
            "partials/inner.mustache": "<div>{{$inner}}{{/inner}}</div>",
            "public/policy.mustache": "{{<frame}}{{$inner}}{{#policy}}{{title}}{{/policy}}{{/inner}}{{/frame}}\n",
        ]) == "")
    }

    @Test("Every problem of every template is reported in one run, bundle pages included")
    func allAtOnce() async throws {
        let bundlePolicy = try String(contentsOf: Paths.templates.appendingPathComponent("confidential/policy.mustache"), encoding: .utf8)
            .replacingOccurrences(of: "{{#owner}}", with: "{{#ownr}}").replacingOccurrences(of: "{{/owner}}", with: "{{/ownr}}")
        #expect(try await errors([
            "confidential/policy.mustache": bundlePolicy,
            "public/404.mustache": "{{home}} {{root}}\n",
        ]) == """
            Templates/confidential/policy.mustache:8:3: error: 'ownr' is not a variable of the bundle's policy page
            Templates/confidential/policy.mustache:8:3: note: did you mean 'owner'?
            Templates/confidential/policy.mustache:8:3: \(Self.docs)
            Templates/public/404.mustache:1:10: error: 'root' is not a variable of the 404 page
            Templates/public/404.mustache:1:10: \(Self.docs)
            """)
    }

    @Test("trustpress build with a misspelt variable exits 1 with the located error and writes nothing")
    func commandLine() throws {
        let dir = try makeTemporaryFolder("template-variables")
        defer { removeTemporaryFolder(dir) }
        let copy = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Paths.templates, to: copy)
        let path = copy.appendingPathComponent("public/subprocessors.mustache")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "{{purpose}}", with: "{{purpos}}")
        try Data(text.utf8).write(to: path)
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", "Templates",
                                                     "--output", "out", "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Templates/public/subprocessors.mustache:12:"), "\(run.stderr)")
        #expect(run.stderr.contains("error: 'purpos' is not a variable of the subprocessors page"), "\(run.stderr)")
        #expect(run.stderr.contains("note: did you mean 'purpose'?"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("A recursive partial is checked once per context, so the walk ends")
    func recursionEnds() async throws {
        #expect(try await errors([
            "partials/nav.mustache": "{{#nav}}{{label}}{{>partials/nav}}{{/nav}}",
            "public/policy.mustache": page("{{>partials/nav}}"),
        ]).contains("error: partials nest more than 32 levels deep") == false)
    }

    // MARK: - Schema, data and documentation agree

    /// The schema names of a page data value's type.
    func schemaNames<T: PageData>(_ value: T) -> [String] { T.schema.type.fields.map(\.name) }

    /// Checks every `PageData` value reachable from `value`: its stored properties are exactly its
    /// schema's variables, in order. Returns the schema types seen.
    func checkParity(_ value: Any, seen: inout Set<String>, sourceLocation: SourceLocation = #_sourceLocation) {
        let mirror = Mirror(reflecting: value)
        // An optional nested value (the logo): check what it wraps.
        if mirror.displayStyle == .optional {
            for child in mirror.children { checkParity(child.value, seen: &seen, sourceLocation: sourceLocation) }
            return
        }
        if let page = value as? any PageData {
            let properties = mirror.children.compactMap(\.label)
            #expect(properties == schemaNames(page), "\(type(of: value))", sourceLocation: sourceLocation)
            seen.insert("\(type(of: value))")
        }
        for child in mirror.children { checkParity(child.value, seen: &seen, sourceLocation: sourceLocation) }
    }

    /// Every `PageData` type the page schemas reach, by Swift type name.
    static let allTypes: Set<String> = [
        "PublicLayoutData", "PublicSiteInfo", "PublicNavItem", "PublicIndexPage", "PublicFrameworkSummary", "PublicCertificateItem",
        "PublicCertifiedSite", "PublicSurveillanceAudit", "PublicAttestationItem", "PublicCertificationPage", "PublicAttestationPage",
        "PublicControlsPage", "PublicControlFigures", "PublicStatusCount", "PublicControlsFramework", "PublicControlsGroup",
        "PublicControlRow", "PublicPoliciesPage",
        "PublicPolicyItem", "PublicPolicyPage", "PublicSubprocessorsPage", "PublicSubprocessorItem", "PublicDocumentsPage", "PublicDocumentItem", "PublicNotFoundPage",
        "PublicFeedLink", "PublicRemovedSubprocessor", "PublicSubprocessorChange", "PublicUpdatesPage", "PublicUpdateItem",
        "PublicFAQPage", "PublicFAQEntry",
        "BundleLayoutData", "BundleInfo", "BundleNavItem", "BundleCoverPage", "BundleExportItem", "BundleFileItem", "BundleDocumentItem", "BundleSoAPage", "BundleSoAGroup", "BundleSoAEntry",
        "BundleAttestationPage", "BundleBridgeLetterLink", "BundleBridgeLetterPage", "BundleException", "BundleComplementaryControl", "BundleSubservice", "BundleMatrixPage",
        "BundleControl", "BundleControlMapping", "BundleEvidence", "BundleTest", "BundleMappingPage", "BundleMappingRow",
        "BundleMappingCell", "BundleMappingHeader", "BundleUncovered", "BundleRequirement", "BundleCrosswalk", "BundleDerivedRow", "BundlePoliciesPage",
        "BundlePolicyItem", "BundlePolicyPage", "PublicLogo", "PublicFavicon", "PublicBadge", "PublicHighlight", "PublicProgramItem",
    ]

    @Test("Every stored property of every page data type is a variable of its schema, and the reverse")
    func schemaParity() async throws {
        let model = try Sample.model()
        let site = PublicSite(model)
        let request = site.trustCenter.accessRequestURL
        let english = Strings.builtIn("en")
        let info = PublicSiteInfo(site, strings: english)
        var values: [Any] = [
            PublicLayoutData(root: "", pageTitle: "t", documentTitle: "t", description: "d", canonicalURL: "https://example.com/",
                             ogType: "website", ogImage: "https://example.com/l.png", site: info, nav: [PublicNavItem(href: "index.html", label: "Overview", current: true)],
                             feeds: [PublicFeedLink(href: "updates.xml", title: "Updates")]),
            PublicIndexPage(site, strings: english), PublicControlsPage(site, strings: english),
            PublicPoliciesPage(policies: site.policies.map { PublicPolicyItem($0, accessRequestURL: request, strings: english) }, hasPolicies: true),
            PublicSubprocessorsPage(site, strings: english),
            PublicUpdatesPage(updates: [PublicUpdateItem(id: "u", title: "t", date: "d", dateISO: "d", summary: nil, bodyHTML: "")],
                              feedHref: "updates.xml"),
            PublicFAQPage(introHTML: "", entries: [PublicFAQEntry(id: "q", question: "Q?", answerHTML: "")]),
            PublicNotFoundPage(site: info, home: "https://example.com/", inlineCSS: "", pageTitle: "Page not found", faviconURL: nil),
            PublicDocumentsPage(site, strings: english),
        ]
        values += site.certifications.map { PublicCertificationPage(certificate: PublicCertificateItem($0, strings: english)) }
        values += site.attestations.map { PublicAttestationPage(attestation: PublicAttestationItem($0, accessRequestURL: request, strings: english)) }
        values += site.policies.map { PublicPolicyPage(policy: PublicPolicyItem($0, accessRequestURL: request, strings: english), bodyHTML: "") }

        let templates = try await Templates.load(from: Paths.templates, displayPath: "Templates")
        let renderer = BundleRenderer(bundle: ConfidentialBundle(model: model, recipient: "Acme", ndaReference: "NDA-1"), templates: templates)
        values += [BundleLayoutData(root: "", pageTitle: "t", bundle: renderer.bundleContext, nav: renderer.navigation,
                                    logo: PublicLogo(model.branding, alt: "x"), favicon: PublicFavicon(model.branding), accentCSS: model.branding.accentCSS,
                                    markingCSS: ""),
                   renderer.coverContext(files: [FileDigest(RenderedFile(path: "a.html", text: "a"))]), BundleMatrixPage(controls: model.controls.map(renderer.controlContext)),
                   renderer.mappingContext]
        values += model.statementsOfApplicability.map { renderer.soaContext($0.key, $0.value) }
        values += model.attestations.map(renderer.attestationContext)
        values += model.attestations.compactMap(renderer.bridgeLetterContext)
        values += model.policies.map { renderer.policyContext($0, ids: [:]) }
        values.append(BundlePoliciesPage(policies: model.policies.map {
            BundlePolicyItem(href: "", title: $0.title, id: $0.id, visibility: "", version: "1", owner: "o", nextReview: "d")
        }))

        // The sample declares no program in programs.yaml: one, made up.
        let declared = DeclaredProgram(framework: "nist-csf-2.0", status: .inProgress, since: model.buildDate, target: model.buildDate, note: "n")
        values.append(PublicProgramItem(PublicControlFramework(framework: "nist-csf-2.0", name: "N", shortName: "NIST CSF 2.0", groups: [],
                                                               totals: ControlTotals(controls: [], listed: []), declared: declared),
                                        declared, strings: english))
        // The sample covers every requirement in scope: one uncovered requirement, made up.
        values.append(BundleUncovered(name: "SOC 2", count: 1, none: false, requirements: [BundleRequirement(id: "CC9.9", title: "t", specification: "Required")]))
        var seen: Set<String> = []
        for value in values { checkParity(value, seen: &seen) }
        #expect(Self.allTypes.subtracting(seen).isEmpty, "not reached by the sample content: \(Self.allTypes.subtracting(seen).sorted())")
    }

    @Test("Every type the page schemas reach is in the parity test's list")
    func parityListComplete() {
        var names: Set<String> = []
        func collect(_ type: DataType) {
            guard names.insert(type.name + ":" + type.fields.map(\.name).joined(separator: ",")).inserted else { return }
            for field in type.fields {
                var kind = field.kind.present
                if case let .list(element) = kind { kind = element.present }
                if case let .nested(inner) = kind { collect(inner) }
            }
        }
        for page in PageSchema.all {
            collect(page.page)
            if let layout = page.layout { collect(layout) }
        }
        #expect(names.count == Self.allTypes.count)
    }

    @Test("No schema declares a variable twice")
    func uniqueNames() {
        for page in PageSchema.all {
            for type in [page.page] + (page.layout.map { [$0] } ?? []) {
                #expect(Set(type.fields.map(\.name)).count == type.fields.count, "\(type.name)")
            }
            // A page variable must not hide a layout variable.
            #expect(Set(page.page.fields.map(\.name)).isDisjoint(with: page.layout?.fields.map(\.name) ?? []), "\(page.template)")
        }
    }

    @Test("Every template TrustPress renders has a page schema")
    func everyPageHasASchema() {
        let pages = Set(PageSchema.all.map(\.template))
        #expect(Set(Templates.required.filter { !$0.hasSuffix("-layout") }) == pages)
    }

    /// `docs/templates.md` is generated from the schemas; `TRUSTPRESS_RECORD=1` (or `make docs`)
    /// rewrites it, and that run fails on purpose, as the goldens' does.
    @Test("docs/templates.md lists exactly the variables of the page schemas")
    func docsUpToDate() throws {
        let url = Paths.packageRoot.appendingPathComponent("docs/templates.md")
        let expected = TemplateDocs.markdown
        if ProcessInfo.processInfo.environment["TRUSTPRESS_RECORD"] == "1" {
            try Data(expected.utf8).write(to: url)
            Issue.record("Rewrote docs/templates.md because TRUSTPRESS_RECORD=1; this run fails on purpose: review the diff, then run the tests.")
            return
        }
        let actual = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "docs/templates.md is out of date: run `make docs`")
    }
}
