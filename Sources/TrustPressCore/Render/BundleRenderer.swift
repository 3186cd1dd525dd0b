/// Render stage, confidential side: the NDA report bundle. Every page carries the CONFIDENTIAL
/// banner with the recipient, NDA reference, build date, bundle id and valid-until date, and the
/// marking of `BundleMarking` (printed header and footer, watermark).
public struct BundleRenderer {
    let bundle: ConfidentialBundle
    let templates: Templates
    /// Policy id → its page's body, rendered ahead (`PolicyBodies`); the others are rendered here.
    let bodies: [String: String]
    /// Whether the layout values are written into the templates (off only to test that it changes nothing).
    let specializing: Bool

    public init(bundle: ConfidentialBundle, templates: Templates, bodies: [String: String] = [:]) {
        self.init(bundle: bundle, templates: templates, bodies: bodies, specializing: true)
    }

    init(bundle: ConfidentialBundle, templates: Templates, bodies: [String: String], specializing: Bool) {
        self.bundle = bundle
        self.templates = templates
        self.bodies = bodies
        self.specializing = specializing
    }

    private var model: TrustModel { bundle.model }
    /// The theme's strings in the site's language: every word and date the pages show.
    private var strings: Strings { templates.strings }

    /// Every file of the bundle, manifest.json included, sorted by path. The cover is rendered last,
    /// with the SHA-256 of every other file but the manifest; the manifest lists them all, the
    /// cover's included. Each file is hashed once.
    public func render() -> [RenderedFile] {
        var files: [RenderedFile] = []
        // The same on every page: a fixed list of sections, so page size does not grow with the
        // number of policies (they are listed once, on policies.html).
        let nav = navigation
        let header = bundleContext
        let branding = model.branding
        let logo = PublicLogo(branding, alt: model.site.organization.name), favicon = PublicFavicon(branding)
        let marking = BundleMarking(bundle: bundle, recipientLine: recipientLine, strings: strings).css
        // The layout values every page shares, written into the templates once (see Templates.byRoot).
        let specialized = specializing ? templates.byRoot("bundle", header) : [:]
        func make(_ path: String, _ template: String, title: String, _ content: some PageData) -> RenderedFile {
            let layout = BundleLayoutData(root: RenderedFile.rootPrefix(for: path), pageTitle: title, bundle: header, nav: nav,
                                          logo: logo, favicon: favicon, accentCSS: branding.accentCSS, markingCSS: marking)
            let theme = specialized[layout.root] ?? templates
            return RenderedFile(path: path, text: theme.render("confidential/" + template, LayoutPage(layout: layout, content: content)))
        }
        // Every page is a job; all run on every core at once (the control matrix, thousands of
        // controls on one page, beside the policy pages). Output order is fixed by the final sort.
        var jobs: [() -> RenderedFile] = []
        func page<Content: PageData>(_ path: String, _ template: String, title: String,
                                     _ content: @escaping @autoclosure () -> Content) {
            jobs.append { make(path, template, title: title, content()) }
        }
        let s = strings
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            page(soaPage(framework), "soa", title: s["bundle.soa.heading"], soaContext(framework, entries))
        }
        for a in model.attestations {
            page(attestationPage(a), "attestation",
                 title: s.format("bundle.nav.attestation", ["framework": frameworkName(a.framework), "type": s.label(a.type)]),
                 attestationContext(a))
            if let letter = bridgeLetterContext(a) {
                page(bridgeLetterPage(a), "bridge-letter",
                     title: s.format("bundle.nav.bridge_letter", ["framework": frameworkName(a.framework), "type": s.label(a.type)]), letter)
            }
        }
        page("control-matrix.html", "matrix", title: s["bundle.matrix.heading"], BundleMatrixPage(controls: model.controls.map(controlContext)))
        page("mapping.html", "mapping", title: s["bundle.mapping.heading"], mappingContext)
        page("policies.html", "policies", title: s["bundle.policies.heading"], BundlePoliciesPage(policies: model.policies.map { p in
            BundlePolicyItem(href: "policies/\(p.id).html", title: p.title, id: p.id, visibility: s.label(p.visibility),
                             version: p.version, owner: p.owner, nextReview: PolicyReview.of(nextReview: p.nextReview, on: model.buildDate).map { s.label($0, iso: true) })
        }))
        let ids = policyIDs
        for p in model.policies {
            jobs.append { make("policies/\(p.id).html", "policy", title: p.title, policyContext(p, ids: ids)) }
        }
        // The exports for spreadsheets and tools (soa.csv, control-matrix.json, …), beside the pages.
        jobs += BundleExports.jobs(bundle)
        files += Parallel.map(jobs) { $0() }
        files.append(RenderedFile(path: "assets/style.css", text: templates.stylesheet))
        files += templates.assets  // the theme's images, fonts and extra stylesheets, as they are
        // The checked branding files, under the same names as on the public site.
        files += branding.files.map { RenderedFile(path: $0.publicPath, contents: $0.data) }
        // Every file of documents/, public and confidential, as it is (listed on the cover).
        files += model.documents.map { RenderedFile(path: $0.outputPath, contents: $0.data) }
        // Every policy image, beside the policy pages that show it.
        files += model.policyImages.sorted { $0.key < $1.key }.map { RenderedFile(path: "policies/images/" + $0.key, contents: $0.value) }
        // The cover lists every file above with its SHA-256; it cannot list its own, nor the
        // manifest's (which holds the cover's).
        var digests = FileDigest.of(files)
        let cover = make("index.html", "cover", title: s["bundle.title.cover"], coverContext(files: digests))
        digests.append(FileDigest(cover))
        files.append(cover)
        files.append(Manifest.render(bundle: bundle, digests: digests))
        return files.sorted { $0.path < $1.path }
    }

    /// Policy file name (`access-control.md`) → policy id: how relative links to policies are rewritten.
    private var policyIDs: [String: String] { Self.policyIDs(model) }

    /// The cover: the contents, the exports, the NDA terms of nda.md and `files` (every file but the cover and
    /// the manifest) with their SHA-256.
    func coverContext(files: [FileDigest]) -> BundleCoverPage {
        let s = strings
        return BundleCoverPage(contents: Array(navigation.dropFirst()), exports: exports,
                        termsHTML: model.ndaTerms.map { termsHTML($0, ids: policyIDs) },
                        documents: model.documents.map { d in
                            BundleDocumentItem(href: d.outputPath, title: d.title, kind: s.label(d.kind), date: s.date(d.date),
                                               expires: d.expires.map { s.format("bundle.cover.document_expires", ["date": s.date($0)]) },
                                               visibility: s.label(d.visibility))
                        }, hasDocuments: !model.documents.isEmpty,
                        files: files.map { BundleFileItem(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) })
    }

    /// nda.md as HTML for the cover (at the bundle root): links to policies go to their pages in the
    /// bundle (`policies/<id>.html`).
    private func termsHTML(_ terms: NDATerms, ids: [String: String]) -> String {
        let website = model.site.organization.website
        return Markdown.html(terms.markdown, rawHTML: model.site.allowsRawHTML, rewriteLink: { destination in
            if let absolute = PolicyLink.resolvingRootRelative(destination, website: website) { return absolute }
            guard case let .policy(file, fragment) = PolicyLink.parse(inContentFolder: "", destination), let id = ids[file] else { return destination }
            return "policies/" + PolicyLink.pageDestination(id, fragment: fragment)
        })
    }

    // MARK: - Pages

    private func soaPage(_ framework: String) -> String { PageName.statementOfApplicability(framework) }

    private func attestationPage(_ a: Attestation) -> String {
        PageName.attestation(framework: a.framework, type: a.type, reportDate: a.reportDate)
    }

    private func bridgeLetterPage(_ a: Attestation) -> String {
        PageName.bridgeLetter(framework: a.framework, type: a.type, reportDate: a.reportDate)
    }

    private func frameworkName(_ id: String) -> String { model.catalog(id)?.shortName ?? id }

    var navigation: [BundleNavItem] {
        let s = strings
        var items: [(String, String)] = [("index.html", s["bundle.nav.cover"])]
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            // The cover (and every page's navigation) counts what is still to decide.
            let undecided = entries.filter(\.undecided).count
            let tail = undecided == 0 ? "" : s.format("bundle.nav.undecided", ["count": String(undecided)])
            items.append((soaPage(framework), s.format("bundle.nav.soa", ["framework": frameworkName(framework)]) + tail))
        }
        for a in model.attestations {
            items.append((attestationPage(a), s.format("bundle.nav.attestation", ["framework": frameworkName(a.framework), "type": s.label(a.type)])))
            if hasBridgeLetterPage(a) {
                items.append((bridgeLetterPage(a), s.format("bundle.nav.bridge_letter", ["framework": frameworkName(a.framework), "type": s.label(a.type)])))
            }
        }
        items += [("control-matrix.html", s["bundle.nav.matrix"]), ("mapping.html", s["bundle.nav.mapping"]),
                  ("policies.html", s.format("bundle.nav.policies", ["count": String(model.policies.count)])),
                  ("index.html#exports", s["bundle.nav.exports"])]
        if !model.documents.isEmpty {
            items.append(("index.html#documents", s.format("bundle.nav.documents", ["count": String(model.documents.count)])))
        }
        return items.map { BundleNavItem(href: $0.0, label: $0.1) }
    }

    /// The bundle's pages in reading order, as one document (`BundleDocument`, `build --pdf`) puts
    /// them: the cover, the pages of the contents in their order (as every page's navigation lists
    /// them), then each policy's page in the order policies.html lists them.
    public var pageOrder: [String] {
        var seen = Set<String>(), order: [String] = []
        let pages = navigation.map { String($0.href.prefix { $0 != "#" }) } + model.policies.map { "policies/\($0.id).html" }
        for path in pages where seen.insert(path).inserted { order.append(path) }
        return order
    }

    /// The exports as the cover lists them (`BundleExports.paths`, in that order).
    var exports: [BundleExportItem] {
        let labels = [BundleExports.soaCSV: "bundle.export.soa_csv", BundleExports.soaJSON: "bundle.export.soa_json",
                      BundleExports.matrixCSV: "bundle.export.matrix_csv", BundleExports.matrixJSON: "bundle.export.matrix_json",
                      BundleExports.mappingCSV: "bundle.export.mapping_csv"]
        return BundleExports.paths(bundle).map { BundleExportItem(href: $0, label: strings[labels[$0] ?? $0]) }
    }

    var bundleContext: BundleInfo {
        BundleInfo(organization: model.site.organization.legalName, recipientLine: recipientLine,
                   bundleID: bundle.bundleID, buildDate: strings.date(model.buildDate), buildDateISO: model.buildDate.description,
                   isInternal: bundle.recipient == nil, recipient: bundle.recipient, nda: bundle.ndaReference,
                   validUntil: strings.date(bundle.validUntil), validUntilISO: bundle.validUntil?.description)
    }

    /// `Acme Corp under NDA-2026-114`, `Acme Corp`, or `Internal use only`, in the site's language.
    var recipientLine: String {
        guard let recipient = bundle.recipient else { return strings["bundle.recipient.internal"] }
        guard let nda = bundle.ndaReference else { return recipient }
        return strings.format("bundle.recipient.under", ["recipient": recipient, "nda": nda])
    }

    func soaContext(_ framework: String, _ entries: [SoAEntry]) -> BundleSoAPage {
        let s = strings
        let catalog = model.catalog(framework)
        let cert = model.certifications.first { $0.framework == framework }
        let undecided = entries.filter(\.undecided).count
        // A program being prepared has no certificate, so no SoA version it refers to yet.
        let version = cert?.soaVersion ?? s["bundle.soa.draft"]
        let applicable = entries.filter(\.applicable).count, excluded = entries.filter(\.excluded).count
        return BundleSoAPage(
            framework: catalog?.name ?? framework,
            soaVersion: version,
            lead: s.format("bundle.soa.lead", [
                "framework": catalog?.name ?? framework, "version": version, "applicable": String(applicable),
                "total": String(entries.count), "excluded": String(excluded),
                "undecided": undecided == 0 ? "" : s.format("bundle.soa.lead_undecided", ["count": String(undecided)]),
            ]),
            applicableCount: entries.filter(\.applicable).count,
            excludedCount: entries.filter(\.excluded).count,
            undecidedCount: undecided, hasUndecided: undecided > 0,
            total: entries.count,
            groups: (catalog?.groups ?? []).filter { $0.kind == .control }.map { g in
                BundleSoAGroup(title: g.title, entries: entries.filter { $0.requirement.group == g.id }.map { e in
                    let label = switch e.decision {
                    case .applicable: s["bundle.soa.yes"]
                    case .excluded: s["bundle.soa.no"]
                    case .undecided: s["bundle.soa.undecided"]
                    }
                    let statusLabel = switch e.shownStatus {
                    case let .implementation(status): s.label(status)
                    case .notApplicable: s["bundle.soa.not_applicable"]
                    case .undecided: s["bundle.soa.undecided"]
                    }
                    return BundleSoAEntry(
                        id: e.requirement.id, title: e.requirement.title, applicable: e.applicable,
                        undecided: e.undecided, applicableLabel: label,
                        justification: e.justification.isEmpty ? "—" : e.justification,
                        status: e.shownStatus.id, statusLabel: statusLabel,
                        controls: e.controls.joined(separator: ", "))
                })
            })
    }

    func attestationContext(_ a: Attestation) -> BundleAttestationPage {
        let s = strings
        let controls = Dictionary(model.controls.map { ($0.id, $0.title) }, uniquingKeysWith: { x, _ in x })
        return BundleAttestationPage(
            framework: frameworkName(a.framework), type: s.label(a.type),
            heading: s.format("bundle.attestation.heading", ["framework": frameworkName(a.framework), "type": s.label(a.type)]),
            reportDate: s.date(a.reportDate), auditor: a.auditor.name,
            categories: a.categories.map { s.label($0) }.joined(separator: ", "),
            opinion: s.label(a.opinion),
            opinionNote: Self.opinionNote(a.opinion, type: a.type, strings: s),
            exceptions: (a.exceptions ?? []).sorted { NaturalOrder.less($0.criterion, $1.criterion) }.map { e in
                BundleException(criterion: e.criterion, control: e.control, controlTitle: controls[e.control] ?? "",
                                description: e.description, managementResponse: e.managementResponse)
            },
            cuecs: (a.complementaryUserEntityControls ?? []).map(Self.complementary),
            subservice: (a.subserviceOrganizations ?? []).sorted { $0.name < $1.name }.map {
                BundleSubservice(name: $0.name, services: $0.services, method: s.label($0.method),
                                 csocs: ($0.csocs ?? []).map(Self.complementary))
            },
            hasExceptions: !(a.exceptions ?? []).isEmpty,
            hasCUECs: !(a.complementaryUserEntityControls ?? []).isEmpty,
            hasSubservice: !(a.subserviceOrganizations ?? []).isEmpty,
            period: a.period.map(periodText),
            asOf: s.date(a.asOf),
            summary: a.publicSummary,
            systemDescriptionHTML: a.systemDescription.map { Markdown.html($0, rawHTML: model.site.allowsRawHTML, tableNames: Markdown.TableNames(strings)) },
            bridgeLetter: bridgeLetterLink(a))
    }

    /// The link from a report's page to its bridge letter page, nil when it has none.
    private func bridgeLetterLink(_ a: Attestation) -> BundleBridgeLetterLink? {
        guard hasBridgeLetterPage(a), let letter = a.bridgeLetter, let covered = a.bridgePeriod else { return nil }
        return BundleBridgeLetterLink(href: bridgeLetterPage(a), label: strings.format("bundle.attestation.bridge_letter_link", [
            "date": strings.date(letter.date), "period": periodText(covered),
        ]))
    }

    /// A report has a bridge letter page when its letter is one `check` accepts the shape of (it
    /// states changes or their absence, and the report has a coverage end).
    private func hasBridgeLetterPage(_ a: Attestation) -> Bool {
        a.bridgePeriod != nil && a.bridgeLetter?.changeStatement != nil
    }

    /// `<start> to <end>` in the site's language.
    private func periodText(_ p: Attestation.Period) -> String {
        strings.format("bundle.attestation.period_range", ["start": strings.date(p.start), "end": strings.date(p.end)])
    }

    /// The bridge letter page of a report, nil without a letter (see `hasBridgeLetterPage`).
    func bridgeLetterContext(_ a: Attestation) -> BundleBridgeLetterPage? {
        guard let letter = a.bridgeLetter, let covered = a.bridgePeriod, let end = a.coverageEnd,
              let statement = letter.changeStatement else { return nil }
        let s = strings
        let framework = frameworkName(a.framework)
        let report = a.period.map {
            s.format("bundle.bridge.report_type2", ["framework": framework, "type": s.label(a.type), "auditor": a.auditor.name,
                                                    "report_date": s.date(a.reportDate), "report_period": periodText($0)])
        } ?? s.format("bundle.bridge.report_type1", ["framework": framework, "type": s.label(a.type), "auditor": a.auditor.name,
                                                     "report_date": s.date(a.reportDate), "as_of": s.date(end)])
        let organization = model.site.organization.legalName
        let changes: [String]
        switch statement {
        case .noMaterialChanges: changes = []
        case let .materialChanges(list): changes = list
        }
        return BundleBridgeLetterPage(
            heading: s.format("bundle.bridge.heading", ["framework": framework, "type": s.label(a.type)]),
            report: report, reportHref: attestationPage(a),
            period: periodText(covered), periodStart: s.date(covered.start), periodEnd: s.date(covered.end),
            date: s.date(letter.date), dateISO: letter.date.description, nextReportDate: s.date(letter.nextReportDate),
            signerName: letter.signer.name, signerTitle: letter.signer.title,
            statement: s.format(changes.isEmpty ? "bundle.bridge.statement_none" : "bundle.bridge.statement_changes",
                                ["organization": organization, "report": report, "period": periodText(covered)]),
            disclaimer: s.format("bundle.bridge.disclaimer", ["organization": organization]),
            changesHeading: s.format("bundle.bridge.changes", ["end": s.date(end)]),
            hasChanges: !changes.isEmpty, changes: changes)
    }

    /// What the opinion means, in our words, for the report's type (Type 1 covers design only).
    static func opinionNote(_ o: Attestation.Opinion, type: Attestation.ReportType, strings: Strings = .builtIn("en")) -> String {
        let works = strings[type == .type2 ? "attestation.works.type2" : "attestation.works.type1"]
        return strings.format("attestation.opinion_note.\(o.rawValue)", ["works": works])
    }

    private static func complementary(_ c: Attestation.ComplementaryControl) -> BundleComplementaryControl {
        BundleComplementaryControl(description: c.description,
                                   criteria: (c.criteria ?? []).sortedNaturally(by: { $0 }).joined(separator: ", "))
    }

    func controlContext(_ c: Control) -> BundleControl {
        BundleControl(
            id: c.id, title: c.title, summary: c.summary, status: c.status.rawValue, statusLabel: strings.label(c.status),
            owner: c.owner ?? strings["bundle.matrix.unassigned"],
            mappings: c.mapsTo.keys.sorted().map { fw in
                BundleControlMapping(framework: frameworkName(fw), requirements: (c.mapsTo[fw] ?? []).joined(separator: ", "))
            },
            evidence: (c.evidence ?? []).sorted { ($0.date?.description ?? "", $0.title) > ($1.date?.description ?? "", $1.title) }
                .map { e in BundleEvidence(kind: strings.label(e.kind), title: e.title, date: e.date?.description, reference: e.reference) },
            tests: (c.tests ?? []).sorted { ($0.date, $0.procedure) > ($1.date, $1.procedure) }.map { t in
                BundleTest(date: t.date.description, procedure: t.procedure, result: t.result.rawValue, passed: t.result == .passed,
                           sampleSize: t.sampleSize, exceptions: t.exceptions)
            },
            hasEvidence: !(c.evidence ?? []).isEmpty,
            hasTests: !(c.tests ?? []).isEmpty,
            implementationHTML: c.implementation.map { Markdown.html($0, rawHTML: model.site.allowsRawHTML, tableNames: Markdown.TableNames(strings)) })
    }

    /// ISO ↔ SOC 2 (or any two frameworks) through the unified controls, plus requirements no control covers.
    var mappingContext: BundleMappingPage {
        let frameworks = model.frameworksInProgram
        return BundleMappingPage(
            frameworks: frameworks.map(\.shortName).joined(separator: " ↔ "),
            rows: model.controls.map { c in
                BundleMappingRow(id: c.id, title: c.title, statusLabel: strings.label(c.status), status: c.status.rawValue,
                                 cells: frameworks.map { BundleMappingCell(requirements: (c.mapsTo[$0.framework] ?? []).joined(separator: ", ")) })
            },
            headers: frameworks.map { BundleMappingHeader(name: $0.shortName) },
            uncovered: frameworks.map { catalog in
                let covered = Set(model.controls.flatMap { $0.mapsTo[catalog.framework] ?? [] })
                var relevant = catalog.requirements
                if let soa = model.statementsOfApplicability[catalog.framework] {
                    let excluded = Set(soa.filter(\.excluded).map(\.requirement.id))
                    relevant = relevant.filter { !excluded.contains($0.id) }
                }
                if let att = model.attestations.first(where: { $0.framework == catalog.framework }) {
                    let groups = Set(att.categories.map(\.rawValue))
                    relevant = relevant.filter { groups.contains($0.group) }
                }
                let missing = relevant.filter { !covered.contains($0.id) }.sortedNaturally(by: \.id)
                return BundleUncovered(name: catalog.shortName, count: missing.count, none: missing.isEmpty,
                                       requirements: missing.map { r in
                                           BundleRequirement(id: r.id, title: r.title,
                                                             specification: r.implementation.map { strings["bundle.specification.\($0.rawValue)"] })
                                       })
            },
            crosswalks: model.crosswalks.map { crosswalk in
                let statusOf = Dictionary(model.controls.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
                let rows = model.derivedCoverage.compactMap { entry -> BundleDerivedRow? in
                    guard let refs = entry.related.first(where: { $0.crosswalk.id == crosswalk.id })?.requirements else { return nil }
                    let catalog = model.catalog(entry.requirement.framework)
                    let byFramework = Dictionary(grouping: refs, by: \.framework).sorted { $0.key < $1.key }
                    return BundleDerivedRow(
                        framework: catalog?.shortName ?? entry.requirement.framework, id: entry.requirement.id,
                        title: catalog?.requirement(entry.requirement.id)?.title ?? "",
                        // A control not yet implemented says so: the row is about what is mapped, not what is covered.
                        controls: entry.controls.map { id in
                            guard let status = statusOf[id], status != .implemented else { return id }
                            return "\(id) (\(strings.label(status)))"
                        }.joined(separator: ", "),
                        speaksTo: byFramework.map { fw, refs in
                            "\(model.catalog(fw)?.shortName ?? fw): \(refs.map(\.id).joined(separator: ", "))"
                        }.joined(separator: "; "))
                }
                return BundleCrosswalk(name: crosswalk.title, source: crosswalk.source, rows: rows, none: rows.isEmpty)
            },
            hasCrosswalks: !model.crosswalks.isEmpty)
    }

    /// A policy's full body: `::: confidential` blocks kept and marked, links to policies rewritten,
    /// headings given their ids. One policy per page, so the ids need no prefix.
    private func policyHTML(_ p: Policy, ids: [String: String]) -> String {
        if let rendered = bodies[p.id] { return rendered }
        let markdown = p.segments.map { segment in
            switch segment {
            case let .markdown(text): text
            case let .confidential(text):
                "\n\n\(Markdown.Placeholder.confidentialStart)\n\n\(text)\n\n\(Markdown.Placeholder.confidentialEnd)\n\n"
            }
        }.joined(separator: "\n")
        return Markdown.html(markdown, rawHTML: model.site.allowsRawHTML, rewriteLink: Self.policyLinks(model, ids: ids), blocks: [
            Markdown.Placeholder.confidentialStart:
                "<section class=\"redacted-section\"><p class=\"redacted-label\">\(HTML.escape(strings["bundle.policy.redacted"]))</p>",
            Markdown.Placeholder.confidentialEnd: "</section>",
        ], headingIDs: true, tableNames: Markdown.TableNames(strings))
    }

    /// Where a policy body's links go in the bundle: to every policy's page (`ids`: file name → id),
    /// root-relative ones against the organization's website.
    static func policyLinks(_ model: TrustModel, ids: [String: String]) -> (String) -> String {
        let website = model.site.organization.website
        return { destination in
            if let absolute = PolicyLink.resolvingRootRelative(destination, website: website) { return absolute }
            guard case let .policy(file, fragment) = PolicyLink.parse(destination), let id = ids[file] else { return destination }
            return PolicyLink.pageDestination(id, fragment: fragment)
        }
    }

    /// File name → id of every policy, for `policyLinks`.
    static func policyIDs(_ model: TrustModel) -> [String: String] {
        Dictionary(model.policies.map { ($0.fileName, $0.id) }, uniquingKeysWith: { a, _ in a })
    }

    func policyContext(_ p: Policy, ids: [String: String]) -> BundlePolicyPage {
        BundlePolicyPage(id: p.id, title: p.title, visibility: p.visibility.rawValue, controls: p.controls.joined(separator: ", "),
                         bodyHTML: policyHTML(p, ids: ids), version: p.version, owner: p.owner,
                         approved: strings.date(p.approved), nextReview: PolicyReview.of(nextReview: p.nextReview, on: model.buildDate).map { strings.label($0) })
    }
}
