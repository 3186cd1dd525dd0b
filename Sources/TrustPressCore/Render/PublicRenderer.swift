/// Render stage, public side: turns a `PublicSite` (public fields only) into the files of the public
/// trust center. It cannot see the full model: its only input is the public projection.
public struct PublicRenderer {
    let site: PublicSite
    let templates: Templates

    public init(site: PublicSite, templates: Templates) {
        self.site = site
        self.templates = templates
    }

    /// Every file of the public tree, sorted by path.
    public func render() -> [RenderedFile] {
        var files: [RenderedFile] = []
        func make(_ path: String, _ template: String, title: String, nav: String?, _ content: [String: Any]) -> RenderedFile {
            var context = content
            context["root"] = RenderedFile.rootPrefix(for: path)
            context["pageTitle"] = title
            context["site"] = siteContext
            context["nav"] = navigation(current: nav)
            return RenderedFile(path: path, text: templates.render("public/" + template, context))
        }
        // Every page is a job; all run on every core at once (the controls page beside the policy
        // pages). Output order is fixed by the final sort.
        var jobs: [() -> RenderedFile] = []
        func page(_ path: String, _ template: String, title: String, nav: String?, _ content: @escaping @autoclosure () -> [String: Any]) {
            jobs.append { make(path, template, title: title, nav: nav, content()) }
        }

        page("index.html", "index", title: site.trustCenter.title, nav: "index.html", indexContext)
        for cert in site.certifications {
            page(cert.page, "certification", title: "\(cert.certification.standard) certificate", nav: nil,
                 ["certificate": certificationContext(cert)])
        }
        for att in site.attestations {
            page(att.page, "attestation", title: "\(att.frameworkName) \(att.type.label) report", nav: nil,
                 ["attestation": attestationContext(att)])
        }
        page("controls.html", "controls", title: "Controls", nav: "controls.html", ["frameworks": controlsContext])
        page("policies.html", "policies", title: "Policies", nav: "policies.html", [
            "policies": site.policies.map(policyContext),
            "hasPolicies": !site.policies.isEmpty,
        ])
        // The policy pages are most of the work and independent of each other.
        for policy in site.policies where policy.isPublic {
            page("policies/\(policy.id).html", "policy", title: policy.title, nav: "policies.html",
                 ["policy": policyContext(policy), "bodyHTML": policyHTML(policy)])
        }
        page("subprocessors.html", "subprocessors", title: "Subprocessors", nav: "subprocessors.html", [
            "subprocessors": site.subprocessors.map { s -> [String: Any] in
                var d: [String: Any] = ["name": s.name, "purpose": s.purpose, "location": s.location, "data": s.data]
                if let w = s.website { d["website"] = w }
                return d
            },
            "hasSubprocessors": !site.subprocessors.isEmpty,
        ])
        files += Parallel.map(jobs) { $0() }
        // Served for any missing path at any depth, so it links home absolutely and inlines its style.
        files.append(RenderedFile(path: "404.html", text: templates.render("public/404", [
            "site": siteContext, "home": site.trustCenter.url, "inlineCSS": templates.stylesheet,
            "pageTitle": "Page not found",
        ])))
        files.append(RenderedFile(path: "assets/style.css", text: templates.stylesheet))
        files += templates.assets  // the theme's images, fonts and extra stylesheets, as they are
        files.append(RenderedFile(path: ".well-known/security.txt", text: SecurityTxt.render(site)))
        let pages = files.map(\.path).filter { $0.hasSuffix(".html") && $0 != "404.html" }
        files.append(RenderedFile(path: "sitemap.xml", text: Sitemap.render(baseURL: site.trustCenter.url, pages: pages)))
        files.append(RenderedFile(path: "robots.txt", text: Sitemap.robots(baseURL: site.trustCenter.url)))
        return files.sorted { $0.path < $1.path }
    }

    /// A public policy's body: links to policies rewritten, redacted blocks replaced by a notice.
    private func policyHTML(_ policy: PublicPolicy) -> String {
        let request = site.trustCenter.accessRequestURL
        let notice = "<aside class=\"redacted\" role=\"note\"><p><strong>Redacted</strong> — this section is available under NDA. "
            + "<a href=\"\(HTML.escape(request))\">Request access</a>.</p></aside>"
        return Markdown.html(policy.body ?? "", rawHTML: site.allowsRawHTML, rewriteLink: { destination in
            guard case let .policy(file, fragment) = PolicyLink.parse(destination),
                  let target = site.policyLinkTargets[file] else { return destination }
            guard let id = target else { return request }
            return PolicyLink.pageDestination(id, fragment: fragment)
        }, blocks: [Markdown.Placeholder.redacted: notice])
    }

    // MARK: - Contexts

    private var siteContext: [String: Any] {
        [
            "name": site.organization.name, "legalName": site.organization.legalName,
            "website": site.organization.website, "title": site.trustCenter.title,
            "description": site.trustCenter.description, "contactEmail": site.trustCenter.contactEmail,
            "accessRequestURL": site.trustCenter.accessRequestURL, "buildDate": site.buildDate.longForm,
            "buildDateISO": site.buildDate.description,
        ]
    }

    private func navigation(current: String?) -> [[String: Any]] {
        [("index.html", "Overview"), ("controls.html", "Controls"), ("policies.html", "Policies"),
         ("subprocessors.html", "Subprocessors")].map { href, label in
            ["href": href, "label": label, "current": href == current]
        }
    }

    private var indexContext: [String: Any] {
        [
            "certifications": site.certifications.map(certificationContext),
            "attestations": site.attestations.map(attestationContext),
            "hasFrameworks": !site.certifications.isEmpty || !site.attestations.isEmpty,
            "frameworks": site.controlFrameworks.map { fw -> [String: Any] in
                let all = Dictionary(fw.groups.flatMap(\.controls).map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
                return ["name": fw.shortName, "controlCount": all.count,
                        "implementedCount": all.values.filter { $0 == .implemented }.count]
            },
            "controlCount": site.controlCount,
            "publicPolicyCount": site.policies.filter(\.isPublic).count,
            "policyCount": site.policies.count,
            "subprocessorCount": site.subprocessors.count,
        ]
    }

    private func certificationContext(_ cert: PublicCertification) -> [String: Any] {
        let c = cert.certification
        var d: [String: Any] = [
            "page": cert.page, "framework": cert.frameworkName, "standard": c.standard,
            "certificateNumber": c.certificateNumber, "certificationBody": c.certificationBody.name,
            "accreditationBody": c.accreditationBody, "scope": c.scope,
            "sites": c.sites.map { ["name": $0.name, "address": $0.address] },
            "initialCertification": c.initialCertification.longForm, "issued": c.issued.longForm,
            "expires": c.expires.longForm, "expiresISO": c.expires.description, "soaVersion": c.soaVersion,
            "verificationURL": c.verificationURL, "standing": cert.standing.rawValue, "standingLabel": cert.standing.label,
            "surveillanceAudits": c.surveillanceAudits.sorted { $0.due < $1.due }.map {
                ["due": $0.due.longForm, "status": $0.status.rawValue.capitalized]
            },
            "hasSurveillanceAudits": !c.surveillanceAudits.isEmpty,
        ]
        if let url = c.certificationBody.url { d["certificationBodyURL"] = url }
        return d
    }

    private func attestationContext(_ a: PublicAttestation) -> [String: Any] {
        var d: [String: Any] = [
            "page": a.page, "framework": a.frameworkName, "type": a.type.label, "reportDate": a.reportDate.longForm,
            "auditor": a.auditor.name, "categories": a.categories.map(\.title),
            "categoryList": a.categories.map(\.title).joined(separator: ", "),
            "accessRequestURL": site.trustCenter.accessRequestURL,
        ]
        if let p = a.period { d["period"] = "\(p.start.longForm) to \(p.end.longForm)" }
        if let asOf = a.asOf { d["asOf"] = asOf.longForm }
        if let url = a.auditor.url { d["auditorURL"] = url }
        if let s = a.publicSummary { d["summary"] = s }
        return d
    }

    private var controlsContext: [[String: Any]] {
        site.controlFrameworks.map { fw in
            ["name": fw.name, "shortName": fw.shortName, "framework": fw.framework, "groups": fw.groups.map { g -> [String: Any] in
                ["id": g.id, "title": g.title, "count": g.controls.count, "controls": g.controls.map { c -> [String: Any] in
                    ["id": c.id, "title": c.title, "summary": c.summary, "status": c.status.rawValue,
                     "statusLabel": c.status.label, "requirements": c.requirements.joined(separator: ", ")]
                }]
            }]
        }
    }

    private func policyContext(_ p: PublicPolicy) -> [String: Any] {
        var d: [String: Any] = ["id": p.id, "title": p.title, "isPublic": p.isPublic,
                                "accessRequestURL": site.trustCenter.accessRequestURL]
        if p.isPublic { d["href"] = "policies/\(p.id).html" }
        if let s = p.publicSummary { d["summary"] = s }
        if let v = p.version { d["version"] = v }
        if let a = p.approved { d["approved"] = a.longForm }
        if let n = p.nextReview { d["nextReview"] = n.longForm }
        d["hasMeta"] = p.version != nil || p.approved != nil || p.nextReview != nil
        return d
    }
}
