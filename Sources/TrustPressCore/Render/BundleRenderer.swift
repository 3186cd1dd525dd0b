/// Render stage, confidential side: the NDA report bundle. Every page carries the CONFIDENTIAL
/// banner with the recipient, NDA reference, build date and bundle id.
public struct BundleRenderer {
    let bundle: ConfidentialBundle
    let templates: Templates

    public init(bundle: ConfidentialBundle, templates: Templates) {
        self.bundle = bundle
        self.templates = templates
    }

    private var model: TrustModel { bundle.model }

    /// Every file of the bundle except the manifest, sorted by path.
    public func render() -> [RenderedFile] {
        var files: [RenderedFile] = []
        // The same on every page: a fixed list of sections, so page size does not grow with the
        // number of policies (they are listed once, on policies.html).
        let nav = navigation
        let header = bundleContext
        func make(_ path: String, _ template: String, title: String, _ content: some PageData) -> RenderedFile {
            let layout = BundleLayoutData(root: RenderedFile.rootPrefix(for: path), pageTitle: title, bundle: header, nav: nav)
            return RenderedFile(path: path, text: templates.render("confidential/" + template, LayoutPage(layout: layout, content: content)))
        }
        // Every page is a job; all run on every core at once (the control matrix, thousands of
        // controls on one page, beside the policy pages). Output order is fixed by the final sort.
        var jobs: [() -> RenderedFile] = []
        func page<Content: PageData>(_ path: String, _ template: String, title: String,
                                     _ content: @escaping @autoclosure () -> Content) {
            jobs.append { make(path, template, title: title, content()) }
        }
        page("index.html", "cover", title: "Report bundle", BundleCoverPage(contents: Array(nav.dropFirst())))
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            page(soaPage(framework), "soa", title: "Statement of Applicability", soaContext(framework, entries))
        }
        for a in model.attestations {
            page(attestationPage(a), "attestation", title: "\(frameworkName(a.framework)) \(a.type.label) summary",
                 attestationContext(a))
        }
        page("control-matrix.html", "matrix", title: "Control matrix", BundleMatrixPage(controls: model.controls.map(controlContext)))
        page("mapping.html", "mapping", title: "Cross-framework mapping", mappingContext)
        page("policies.html", "policies", title: "Policies", BundlePoliciesPage(policies: model.policies.map { p in
            BundlePolicyItem(href: "policies/\(p.id).html", title: p.title, id: p.id, visibility: p.visibility.rawValue,
                             version: p.version, owner: p.owner, nextReview: PolicyReview.of(nextReview: p.nextReview, on: model.buildDate)?.label(iso: true))
        }))
        let ids = Dictionary(model.policies.map { ($0.fileName, $0.id) }, uniquingKeysWith: { a, _ in a })
        for p in model.policies {
            jobs.append { make("policies/\(p.id).html", "policy", title: p.title, policyContext(p, ids: ids)) }
        }
        files += Parallel.map(jobs) { $0() }
        files.append(RenderedFile(path: "assets/style.css", text: templates.stylesheet))
        files += templates.assets  // the theme's images, fonts and extra stylesheets, as they are
        return files.sorted { $0.path < $1.path }
    }

    // MARK: - Pages

    private func soaPage(_ framework: String) -> String { PageName.statementOfApplicability(framework) }

    private func attestationPage(_ a: Attestation) -> String {
        PageName.attestation(framework: a.framework, type: a.type, reportDate: a.reportDate)
    }

    private func frameworkName(_ id: String) -> String { model.catalog(id)?.shortName ?? id }

    var navigation: [BundleNavItem] {
        var items: [(String, String)] = [("index.html", "Cover")]
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            // The cover (and every page's navigation) counts what is still to decide.
            let undecided = entries.filter(\.undecided).count
            let tail = undecided == 0 ? "" : " — \(undecided) not yet decided"
            items.append((soaPage(framework), "Statement of Applicability (\(frameworkName(framework)))\(tail)"))
        }
        for a in model.attestations {
            items.append((attestationPage(a), "\(frameworkName(a.framework)) \(a.type.label) summary"))
        }
        items += [("control-matrix.html", "Control matrix"), ("mapping.html", "Cross-framework mapping"),
                  ("policies.html", "Policies (\(model.policies.count))")]
        return items.map { BundleNavItem(href: $0.0, label: $0.1) }
    }

    var bundleContext: BundleInfo {
        BundleInfo(organization: model.site.organization.legalName, recipientLine: bundle.recipientLine,
                   bundleID: bundle.bundleID, buildDate: model.buildDate.longForm, buildDateISO: model.buildDate.description,
                   isInternal: bundle.recipient == nil, recipient: bundle.recipient, nda: bundle.ndaReference)
    }

    func soaContext(_ framework: String, _ entries: [SoAEntry]) -> BundleSoAPage {
        let catalog = model.catalog(framework)
        let cert = model.certifications.first { $0.framework == framework }
        let undecided = entries.filter(\.undecided).count
        return BundleSoAPage(
            framework: catalog?.name ?? framework,
            // A program being prepared has no certificate, so no SoA version it refers to yet.
            soaVersion: cert?.soaVersion ?? "draft (no certificate yet)",
            applicableCount: entries.filter(\.applicable).count,
            excludedCount: entries.filter(\.excluded).count,
            undecidedCount: undecided, hasUndecided: undecided > 0,
            total: entries.count,
            groups: (catalog?.groups ?? []).filter { $0.kind == .control }.map { g in
                BundleSoAGroup(title: g.title, entries: entries.filter { $0.requirement.group == g.id }.map { e in
                    let (label, status, statusLabel): (String, String, String) = switch e.decision {
                    case .applicable: ("Yes", e.status?.rawValue ?? "not-implemented", e.status?.label ?? ImplementationStatus.notImplemented.label)
                    case .excluded: ("No", "not-applicable", "Not applicable")
                    case .undecided: ("Not yet decided", "undecided", "Not yet decided")
                    }
                    return BundleSoAEntry(
                        id: e.requirement.id, title: e.requirement.title, applicable: e.applicable,
                        undecided: e.undecided, applicableLabel: label,
                        justification: e.justification.isEmpty ? "—" : e.justification,
                        status: status, statusLabel: statusLabel,
                        controls: e.controls.joined(separator: ", "))
                })
            })
    }

    func attestationContext(_ a: Attestation) -> BundleAttestationPage {
        let controls = Dictionary(model.controls.map { ($0.id, $0.title) }, uniquingKeysWith: { x, _ in x })
        return BundleAttestationPage(
            framework: frameworkName(a.framework), type: a.type.label,
            reportDate: a.reportDate.longForm, auditor: a.auditor.name,
            categories: a.categories.map(\.title).joined(separator: ", "),
            opinion: a.opinion.rawValue.capitalized,
            opinionNote: Self.opinionNote(a.opinion, type: a.type),
            exceptions: (a.exceptions ?? []).sorted { NaturalOrder.less($0.criterion, $1.criterion) }.map { e in
                BundleException(criterion: e.criterion, control: e.control, controlTitle: controls[e.control] ?? "",
                                description: e.description, managementResponse: e.managementResponse)
            },
            cuecs: (a.complementaryUserEntityControls ?? []).map(Self.complementary),
            subservice: (a.subserviceOrganizations ?? []).sorted { $0.name < $1.name }.map { s in
                BundleSubservice(name: s.name, services: s.services, method: s.method == .carveOut ? "Carve-out" : "Inclusive",
                                 csocs: (s.csocs ?? []).map(Self.complementary))
            },
            hasExceptions: !(a.exceptions ?? []).isEmpty,
            hasCUECs: !(a.complementaryUserEntityControls ?? []).isEmpty,
            hasSubservice: !(a.subserviceOrganizations ?? []).isEmpty,
            period: a.period.map { "\($0.start.longForm) to \($0.end.longForm)" },
            asOf: a.asOf?.longForm,
            summary: a.publicSummary,
            systemDescriptionHTML: a.systemDescription.map { Markdown.html($0, rawHTML: model.site.allowsRawHTML) })
    }

    /// What the opinion means, in our words, for the report's type (Type 1 covers design only).
    static func opinionNote(_ o: Attestation.Opinion, type: Attestation.ReportType) -> String {
        let works = type == .type2 ? "suitably designed and operated effectively" : "suitably designed"
        switch o {
        case .unqualified: return "Unmodified: in all material respects, controls were \(works)."
        case .qualified: return "Qualified: except for the matters described, controls were \(works)."
        case .adverse: return "Adverse: controls were not \(works)."
        case .disclaimer: return "Disclaimer: the auditor could not obtain sufficient evidence to form an opinion."
        }
    }

    private static func complementary(_ c: Attestation.ComplementaryControl) -> BundleComplementaryControl {
        BundleComplementaryControl(description: c.description,
                                   criteria: (c.criteria ?? []).sortedNaturally(by: { $0 }).joined(separator: ", "))
    }

    func controlContext(_ c: Control) -> BundleControl {
        BundleControl(
            id: c.id, title: c.title, summary: c.summary, status: c.status.rawValue, statusLabel: c.status.label,
            owner: c.owner ?? "Unassigned",
            mappings: c.mapsTo.keys.sorted().map { fw in
                BundleControlMapping(framework: frameworkName(fw), requirements: (c.mapsTo[fw] ?? []).joined(separator: ", "))
            },
            evidence: (c.evidence ?? []).sorted { ($0.date?.description ?? "", $0.title) > ($1.date?.description ?? "", $1.title) }
                .map { e in BundleEvidence(kind: e.kind.label, title: e.title, date: e.date?.description, reference: e.reference) },
            tests: (c.tests ?? []).sorted { ($0.date, $0.procedure) > ($1.date, $1.procedure) }.map { t in
                BundleTest(date: t.date.description, procedure: t.procedure, result: t.result.rawValue, passed: t.result == .passed,
                           sampleSize: t.sampleSize, exceptions: t.exceptions)
            },
            hasEvidence: !(c.evidence ?? []).isEmpty,
            hasTests: !(c.tests ?? []).isEmpty,
            implementationHTML: c.implementation.map { Markdown.html($0, rawHTML: model.site.allowsRawHTML) })
    }

    /// ISO ↔ SOC 2 (or any two frameworks) through the unified controls, plus requirements no control covers.
    var mappingContext: BundleMappingPage {
        let frameworks = model.frameworksInProgram
        return BundleMappingPage(
            frameworks: frameworks.map(\.shortName).joined(separator: " ↔ "),
            rows: model.controls.map { c in
                BundleMappingRow(id: c.id, title: c.title, statusLabel: c.status.label, status: c.status.rawValue,
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
                                       requirements: missing.map { BundleRequirement(id: $0.id, title: $0.title) })
            })
    }

    /// A policy's full body: `::: confidential` blocks kept and marked, links to policies rewritten.
    private func policyHTML(_ p: Policy, ids: [String: String]) -> String {
        let markdown = p.segments.map { segment in
            switch segment {
            case let .markdown(text): text
            case let .confidential(text):
                "\n\n\(Markdown.Placeholder.confidentialStart)\n\n\(text)\n\n\(Markdown.Placeholder.confidentialEnd)\n\n"
            }
        }.joined(separator: "\n")
        return Markdown.html(markdown, rawHTML: model.site.allowsRawHTML, rewriteLink: { destination in
            guard case let .policy(file, fragment) = PolicyLink.parse(destination), let id = ids[file] else { return destination }
            return PolicyLink.pageDestination(id, fragment: fragment)
        }, blocks: [
            Markdown.Placeholder.confidentialStart:
                "<section class=\"redacted-section\"><p class=\"redacted-label\">Confidential section — redacted on the public site</p>",
            Markdown.Placeholder.confidentialEnd: "</section>",
        ])
    }

    func policyContext(_ p: Policy, ids: [String: String]) -> BundlePolicyPage {
        BundlePolicyPage(id: p.id, title: p.title, visibility: p.visibility.rawValue, controls: p.controls.joined(separator: ", "),
                         bodyHTML: policyHTML(p, ids: ids), version: p.version, owner: p.owner,
                         approved: p.approved?.longForm, nextReview: PolicyReview.of(nextReview: p.nextReview, on: model.buildDate)?.label())
    }
}
