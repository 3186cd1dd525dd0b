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
        let siteInfo = PublicSiteInfo(site)
        let request = site.trustCenter.accessRequestURL
        let org = site.organization.name
        let ogImage = [site.branding.logo, site.branding.logoDark].compactMap { $0 }.first { $0.kind == .png }
            .map { Sitemap.absolute(site.trustCenter.url, $0.publicPath) }
        // The sitemap's lastmod per page (see Sitemap.render).
        var lastModified: [String: CalendarDate] = [:]
        func make(_ path: String, _ template: String, title: String, description: String, nav: String?,
                  _ content: some PageData) -> RenderedFile {
            let home = path == "index.html"
            let layout = PublicLayoutData(
                root: RenderedFile.rootPrefix(for: path), pageTitle: title,
                documentTitle: home ? site.trustCenter.title : "\(title) · \(site.trustCenter.title)",
                description: description, canonicalURL: Sitemap.absolute(site.trustCenter.url, path),
                ogType: home ? "website" : "article", ogImage: ogImage, site: siteInfo, nav: navigation(current: nav))
            return RenderedFile(path: path, text: templates.render("public/" + template, LayoutPage(layout: layout, content: content)))
        }
        // Every page is a job; all run on every core at once (the controls page beside the policy
        // pages). Output order is fixed by the final sort.
        var jobs: [() -> RenderedFile] = []
        func page<Content: PageData>(_ path: String, _ template: String, title: String, description: String,
                                     nav: String?, modified: CalendarDate? = nil,
                                     _ content: @escaping @autoclosure () -> Content) {
            lastModified[path] = modified ?? site.buildDate
            jobs.append { make(path, template, title: title, description: description, nav: nav, content()) }
        }

        page("index.html", "index", title: site.trustCenter.title,
             description: site.trustCenter.tagline ?? site.trustCenter.description, nav: "index.html", PublicIndexPage(site))
        for cert in site.certifications {
            let c = cert.certification
            page(cert.page, "certification", title: "\(c.standard) certificate",
                 description: "\(org)'s \(c.standard) certificate \(c.certificateNumber) from \(c.certificationBody.name): \(cert.standing.label), valid until \(c.expires.longForm).",
                 nav: nil, modified: c.issued, PublicCertificationPage(certificate: PublicCertificateItem(cert)))
        }
        for att in site.attestations {
            page(att.page, "attestation", title: "\(att.frameworkName) \(att.type.label) report",
                 description: "\(org)'s \(att.frameworkName) \(att.type.label) report by \(att.auditor.name), dated \(att.reportDate.longForm); the full report is available under NDA.",
                 nav: nil, modified: att.reportDate,
                 PublicAttestationPage(attestation: PublicAttestationItem(att, accessRequestURL: request)))
        }
        page("controls.html", "controls", title: "Controls",
             description: "The security controls \(org) operates, by framework and group, with their implementation status.",
             nav: "controls.html", PublicControlsPage(site))
        page("policies.html", "policies", title: "Policies",
             description: "\(org)'s security policies: those published in full, and those available under NDA.",
             nav: "policies.html", PublicPoliciesPage(
            policies: site.policies.map { PublicPolicyItem($0, accessRequestURL: request) },
            hasPolicies: !site.policies.isEmpty))
        // The policy pages are most of the work and independent of each other.
        for policy in site.policies where policy.isPublic {
            page("policies/\(policy.id).html", "policy", title: policy.title,
                 description: policy.publicSummary ?? "\(org)'s \(policy.title)\(policy.version.map { ", version \($0)" } ?? "").",
                 nav: "policies.html", modified: policy.approved,
                 PublicPolicyPage(policy: PublicPolicyItem(policy, accessRequestURL: request), bodyHTML: policyHTML(policy)))
        }
        page("subprocessors.html", "subprocessors", title: "Subprocessors",
             description: "The third parties that process \(org)'s customer data: what each does, where, and which data.",
             nav: "subprocessors.html", PublicSubprocessorsPage(
            subprocessors: site.subprocessors.map(PublicSubprocessorItem.init), hasSubprocessors: !site.subprocessors.isEmpty))
        page("documents.html", "documents", title: "Documents",
             description: "What \(org) can share with customers: public documents to read here, and reports and policies available under NDA.",
             nav: "documents.html", PublicDocumentsPage(site))
        files += Parallel.map(jobs) { $0() }
        // Served for any missing path at any depth, so it links home absolutely and inlines its style.
        files.append(RenderedFile(path: "404.html", text: templates.render("public/404", PublicNotFoundPage(
            site: siteInfo, home: site.trustCenter.url, inlineCSS: templates.stylesheet, pageTitle: "Page not found",
            faviconURL: site.branding.favicon.map { Sitemap.absolute(site.trustCenter.url, $0.publicPath) }))))
        files.append(RenderedFile(path: "assets/style.css", text: templates.stylesheet))
        files += templates.assets  // the theme's images, fonts and extra stylesheets, as they are
        // The checked branding files under fixed names, and one badge per certificate and report.
        files += site.branding.files.map { RenderedFile(path: $0.publicPath, contents: $0.data) }
        let badges = site.certifications.map(Badges.certificate) + site.attestations.map(Badges.attestation)
        files += badges.map { RenderedFile(path: $0.path, text: Badges.svg($0)) }
        files.append(RenderedFile(path: ".well-known/security.txt", text: SecurityTxt.render(site)))
        files.append(RenderedFile(path: PublicDocuments.trustJSONPath, text: TrustJSON.render(site)))
        let pages = files.map(\.path).filter { $0.hasSuffix(".html") && $0 != "404.html" }
            .map { ($0, lastModified[$0] ?? site.buildDate) }
        files.append(RenderedFile(path: "sitemap.xml", text: Sitemap.render(baseURL: site.trustCenter.url, pages: pages)))
        files.append(RenderedFile(path: "robots.txt", text: Sitemap.robots(baseURL: site.trustCenter.url)))
        return files.sorted { $0.path < $1.path }
    }

    /// A public policy's body: links to policies rewritten (root-relative ones resolved against the
    /// organization's website), redacted blocks replaced by a notice, headings given their ids.
    private func policyHTML(_ policy: PublicPolicy) -> String {
        let request = site.trustCenter.accessRequestURL
        let notice = "<aside class=\"redacted\" role=\"note\"><p><strong>Redacted</strong> — this section is available under NDA. "
            + "<a href=\"\(HTML.escape(request))\">Request access</a>.</p></aside>"
        let website = site.organization.website
        return Markdown.html(policy.body ?? "", rawHTML: site.allowsRawHTML, rewriteLink: { destination in
            if let absolute = PolicyLink.resolvingRootRelative(destination, website: website) { return absolute }
            guard case let .policy(file, fragment) = PolicyLink.parse(destination),
                  let target = site.policyLinkTargets[file] else { return destination }
            guard let id = target else { return request }
            return PolicyLink.pageDestination(id, fragment: fragment)
        }, blocks: [Markdown.Placeholder.redacted: notice], headingIDs: true)
    }

    private func navigation(current: String?) -> [PublicNavItem] {
        [("index.html", "Overview"), ("controls.html", "Controls"), ("policies.html", "Policies"),
         ("subprocessors.html", "Subprocessors"), ("documents.html", "Documents")].map { href, label in
            PublicNavItem(href: href, label: label, current: href == current)
        }
    }
}
