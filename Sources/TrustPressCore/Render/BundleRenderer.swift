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
        func make(_ path: String, _ template: String, title: String, _ content: [String: Any]) -> RenderedFile {
            var context = content
            context["root"] = RenderedFile.rootPrefix(for: path)
            context["pageTitle"] = title
            context["bundle"] = header
            context["nav"] = nav
            return RenderedFile(path: path, text: templates.render("confidential/" + template, context))
        }
        // Every page is a job; all run on every core at once (the control matrix, thousands of
        // controls on one page, beside the policy pages). Output order is fixed by the final sort.
        var jobs: [() -> RenderedFile] = []
        func page(_ path: String, _ template: String, title: String, _ content: @escaping @autoclosure () -> [String: Any]) {
            jobs.append { make(path, template, title: title, content()) }
        }
        page("index.html", "cover", title: "Report bundle", ["contents": Array(nav.dropFirst())])
        for (framework, entries) in model.statementsOfApplicability.sorted(by: { $0.key < $1.key }) {
            page(soaPage(framework), "soa", title: "Statement of Applicability", soaContext(framework, entries))
        }
        for a in model.attestations {
            page(attestationPage(a), "attestation", title: "\(frameworkName(a.framework)) \(a.type.label) summary",
                 attestationContext(a))
        }
        page("control-matrix.html", "matrix", title: "Control matrix", ["controls": model.controls.map(controlContext)])
        page("mapping.html", "mapping", title: "Cross-framework mapping", mappingContext)
        page("policies.html", "policies", title: "Policies", ["policies": model.policies.map { p -> [String: Any] in
            var d: [String: Any] = ["href": "policies/\(p.id).html", "title": p.title, "id": p.id,
                                    "visibility": p.visibility.rawValue]
            if let v = p.version { d["version"] = v }
            if let o = p.owner { d["owner"] = o }
            if let n = p.nextReview { d["nextReview"] = n.description }
            return d
        }])
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

    private var navigation: [[String: Any]] {
        var items: [(String, String)] = [("index.html", "Cover")]
        for framework in model.statementsOfApplicability.keys.sorted() {
            items.append((soaPage(framework), "Statement of Applicability (\(frameworkName(framework)))"))
        }
        for a in model.attestations {
            items.append((attestationPage(a), "\(frameworkName(a.framework)) \(a.type.label) summary"))
        }
        items += [("control-matrix.html", "Control matrix"), ("mapping.html", "Cross-framework mapping"),
                  ("policies.html", "Policies (\(model.policies.count))")]
        return items.map { ["href": $0.0, "label": $0.1] }
    }

    private var bundleContext: [String: Any] {
        var d: [String: Any] = [
            "organization": model.site.organization.legalName, "recipientLine": bundle.recipientLine,
            "bundleID": bundle.bundleID, "buildDate": model.buildDate.longForm, "buildDateISO": model.buildDate.description,
            "isInternal": bundle.recipient == nil,
        ]
        if let r = bundle.recipient { d["recipient"] = r }
        if let n = bundle.ndaReference { d["nda"] = n }
        return d
    }

    private func soaContext(_ framework: String, _ entries: [SoAEntry]) -> [String: Any] {
        let catalog = model.catalog(framework)
        let cert = model.certifications.first { $0.framework == framework }
        return [
            "framework": catalog?.name ?? framework,
            "soaVersion": cert?.soaVersion ?? "—",
            "applicableCount": entries.filter(\.applicable).count,
            "excludedCount": entries.filter { !$0.applicable }.count,
            "total": entries.count,
            "groups": (catalog?.groups ?? []).filter { $0.kind == .control }.map { g -> [String: Any] in
                ["title": g.title, "entries": entries.filter { $0.requirement.group == g.id }.map { e -> [String: Any] in
                    [
                        "id": e.requirement.id, "title": e.requirement.title, "applicable": e.applicable,
                        "applicableLabel": e.applicable ? "Yes" : "No", "justification": e.justification,
                        "status": e.status?.rawValue ?? "not-applicable", "statusLabel": e.status?.label ?? "Not applicable",
                        "controls": e.controls.joined(separator: ", "),
                    ]
                }]
            },
        ]
    }

    private func attestationContext(_ a: Attestation) -> [String: Any] {
        let controls = Dictionary(model.controls.map { ($0.id, $0.title) }, uniquingKeysWith: { x, _ in x })
        var d: [String: Any] = [
            "framework": frameworkName(a.framework), "type": a.type.label,
            "reportDate": a.reportDate.longForm, "auditor": a.auditor.name,
            "categories": a.categories.map(\.title).joined(separator: ", "),
            "opinion": a.opinion.rawValue.capitalized,
            "opinionNote": Self.opinionNote(a.opinion, type: a.type),
            "exceptions": (a.exceptions ?? []).sorted { NaturalOrder.less($0.criterion, $1.criterion) }.map { e -> [String: Any] in
                var x: [String: Any] = ["criterion": e.criterion, "control": e.control,
                                        "controlTitle": controls[e.control] ?? "", "description": e.description]
                if let r = e.managementResponse { x["managementResponse"] = r }
                return x
            },
            "cuecs": (a.complementaryUserEntityControls ?? []).map(Self.complementary),
            "subservice": (a.subserviceOrganizations ?? []).sorted { $0.name < $1.name }.map { s -> [String: Any] in
                ["name": s.name, "services": s.services,
                 "method": s.method == .carveOut ? "Carve-out" : "Inclusive",
                 "csocs": (s.csocs ?? []).map(Self.complementary)]
            },
        ]
        d["hasExceptions"] = !(a.exceptions ?? []).isEmpty
        d["hasCUECs"] = !(a.complementaryUserEntityControls ?? []).isEmpty
        d["hasSubservice"] = !(a.subserviceOrganizations ?? []).isEmpty
        if let p = a.period { d["period"] = "\(p.start.longForm) to \(p.end.longForm)" }
        if let asOf = a.asOf { d["asOf"] = asOf.longForm }
        if let s = a.publicSummary { d["summary"] = s }
        if let sd = a.systemDescription { d["systemDescriptionHTML"] = Markdown.html(sd, rawHTML: model.site.allowsRawHTML) }
        return d
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

    private static func complementary(_ c: Attestation.ComplementaryControl) -> [String: Any] {
        ["description": c.description, "criteria": (c.criteria ?? []).sortedNaturally(by: { $0 }).joined(separator: ", ")]
    }

    private func controlContext(_ c: Control) -> [String: Any] {
        var d: [String: Any] = [
            "id": c.id, "title": c.title, "summary": c.summary, "status": c.status.rawValue, "statusLabel": c.status.label,
            "owner": c.owner ?? "Unassigned",
            "mappings": c.mapsTo.keys.sorted().map { fw in
                ["framework": frameworkName(fw), "requirements": (c.mapsTo[fw] ?? []).joined(separator: ", ")]
            },
            "evidence": (c.evidence ?? []).sorted { ($0.date?.description ?? "", $0.title) > ($1.date?.description ?? "", $1.title) }
                .map { e -> [String: Any] in
                    var x: [String: Any] = ["kind": e.kind.label, "title": e.title]
                    if let date = e.date { x["date"] = date.description }
                    if let r = e.reference { x["reference"] = r }
                    return x
                },
            "tests": (c.tests ?? []).sorted { ($0.date, $0.procedure) > ($1.date, $1.procedure) }.map { t -> [String: Any] in
                var x: [String: Any] = ["date": t.date.description, "procedure": t.procedure,
                                        "result": t.result.rawValue, "passed": t.result == .passed]
                if let n = t.sampleSize { x["sampleSize"] = n }
                if let e = t.exceptions { x["exceptions"] = e }
                return x
            },
        ]
        d["hasEvidence"] = !(c.evidence ?? []).isEmpty
        d["hasTests"] = !(c.tests ?? []).isEmpty
        if let impl = c.implementation { d["implementationHTML"] = Markdown.html(impl, rawHTML: model.site.allowsRawHTML) }
        return d
    }

    /// ISO ↔ SOC 2 (or any two frameworks) through the unified controls, plus requirements no control covers.
    private var mappingContext: [String: Any] {
        let frameworks = model.frameworksInScope
        return [
            "frameworks": frameworks.map(\.shortName).joined(separator: " ↔ "),
            "rows": model.controls.map { c -> [String: Any] in
                ["id": c.id, "title": c.title, "statusLabel": c.status.label, "status": c.status.rawValue,
                 "cells": frameworks.map { ["requirements": (c.mapsTo[$0.framework] ?? []).joined(separator: ", ")] }]
            },
            "headers": frameworks.map { ["name": $0.shortName] },
            "uncovered": frameworks.map { catalog -> [String: Any] in
                let covered = Set(model.controls.flatMap { $0.mapsTo[catalog.framework] ?? [] })
                var relevant = catalog.requirements
                if let soa = model.statementsOfApplicability[catalog.framework] {
                    let excluded = Set(soa.filter { !$0.applicable }.map(\.requirement.id))
                    relevant = relevant.filter { !excluded.contains($0.id) }
                }
                if let att = model.attestations.first(where: { $0.framework == catalog.framework }) {
                    let groups = Set(att.categories.map(\.rawValue))
                    relevant = relevant.filter { groups.contains($0.group) }
                }
                let missing = relevant.filter { !covered.contains($0.id) }.sortedNaturally(by: \.id)
                return ["name": catalog.shortName, "count": missing.count, "none": missing.isEmpty,
                        "requirements": missing.map { ["id": $0.id, "title": $0.title] }]
            },
        ]
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

    private func policyContext(_ p: Policy, ids: [String: String]) -> [String: Any] {
        var d: [String: Any] = ["id": p.id, "title": p.title, "visibility": p.visibility.rawValue,
                                "controls": p.controls.joined(separator: ", "), "bodyHTML": policyHTML(p, ids: ids)]
        if let v = p.version { d["version"] = v }
        if let o = p.owner { d["owner"] = o }
        if let a = p.approved { d["approved"] = a.longForm }
        if let n = p.nextReview { d["nextReview"] = n.longForm }
        return d
    }
}
