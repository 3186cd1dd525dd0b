/// Render stage, public side: turns a `PublicSite` (public fields only) into the files of the public
/// trust center. It cannot see the full model: its only input is the public projection. Every word
/// it writes comes from the theme's strings in the site's language (`templates.strings`), like the bundle's.
public struct PublicRenderer {
    let site: PublicSite
    let templates: Templates
    /// Policy id → its page's body, rendered ahead (`PolicyBodies`); the others are rendered here.
    let bodies: [String: String]
    /// Whether the layout values are written into the templates (off only to test that it changes nothing).
    let specializing: Bool

    public init(site: PublicSite, templates: Templates, bodies: [String: String] = [:]) {
        self.init(site: site, templates: templates, bodies: bodies, specializing: true)
    }

    init(site: PublicSite, templates: Templates, bodies: [String: String], specializing: Bool) {
        self.site = site
        self.templates = templates
        self.bodies = bodies
        self.specializing = specializing
    }

    /// The theme's strings in the site's language: every word and date the pages, badges and feeds show.
    private var strings: Strings { templates.strings }

    /// Every file of the public tree, sorted by path.
    public func render() -> [RenderedFile] {
        var files: [RenderedFile] = []
        let s = strings
        let siteInfo = PublicSiteInfo(site, strings: s)
        let request = site.trustCenter.accessRequestURL
        let org = site.organization.name
        let feeds = AtomFeed.links(site, strings: s)
        let ogImage = [site.branding.logo, site.branding.logoDark].compactMap { $0 }.first { $0.kind == .png }
            .map { Sitemap.absolute(site.trustCenter.url, $0.publicPath) }
        // The sitemap's lastmod per page (see Sitemap.render).
        var lastModified: [String: CalendarDate] = [:]
        // The layout values every page shares (the site's, the language, the root of its folder),
        // written into the templates once instead of looked up on every page.
        let specialized = specializing ? templates.byRoot("site", siteInfo) : [:]
        func make(_ path: String, _ template: String, title: String, description: String, nav: String?,
                  _ content: some PageData) -> RenderedFile {
            let home = path == "index.html"
            let layout = PublicLayoutData(
                root: RenderedFile.rootPrefix(for: path), pageTitle: title,
                documentTitle: home ? site.trustCenter.title : "\(title) · \(site.trustCenter.title)",
                description: description, canonicalURL: Sitemap.absolute(site.trustCenter.url, path),
                ogType: home ? "website" : "article", ogImage: ogImage, site: siteInfo, nav: navigation(current: nav),
                feeds: feeds)
            let theme = specialized[layout.root] ?? templates
            return RenderedFile(path: path, text: theme.render("public/" + template, LayoutPage(layout: layout, content: content)))
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
             description: site.trustCenter.tagline ?? site.trustCenter.description, nav: "index.html", PublicIndexPage(site, strings: s))
        let organization = ["organization": org]
        for cert in site.certifications {
            let c = cert.certification
            page(cert.page, "certification", title: s.format("public.title.certification", ["standard": c.standard]),
                 description: s.format(cert.standing == .expired ? "public.description.certification_expired" : "public.description.certification", [
                     "organization": org, "standard": c.standard, "number": c.certificateNumber, "body": c.certificationBody.name,
                     "standing": s.label(cert.standing), "date": s.date(c.expires)]),
                 nav: nil, modified: c.issued, PublicCertificationPage(certificate: PublicCertificateItem(cert, strings: s)))
        }
        for att in site.attestations {
            let item = PublicAttestationItem(att, accessRequestURL: request, strings: s)
            page(att.page, "attestation", title: item.title,
                 description: s.format("public.description.attestation", [
                     "organization": org, "framework": att.frameworkName, "type": item.type, "auditor": att.auditor.name,
                     "date": item.reportDate]),
                 nav: nil, modified: att.reportDate, PublicAttestationPage(attestation: item))
        }
        page("controls.html", "controls", title: s["public.title.controls"],
             description: s.format("public.description.controls", organization),
             nav: "controls.html", PublicControlsPage(site, strings: s))
        page("policies.html", "policies", title: s["public.title.policies"],
             description: s.format("public.description.policies", organization),
             nav: "policies.html", PublicPoliciesPage(
            policies: site.policies.map { PublicPolicyItem($0, accessRequestURL: request, strings: s) },
            hasPolicies: !site.policies.isEmpty))
        // The policy pages are most of the work and independent of each other.
        for policy in site.policies where policy.isPublic {
            let fallback = policy.version.map {
                s.format("public.description.policy_version", ["organization": org, "title": policy.title, "version": $0])
            } ?? s.format("public.description.policy", ["organization": org, "title": policy.title])
            page("policies/\(policy.id).html", "policy", title: policy.title,
                 description: policy.publicSummary ?? fallback,
                 nav: "policies.html", modified: policy.approved,
                 PublicPolicyPage(policy: PublicPolicyItem(policy, accessRequestURL: request, strings: s), bodyHTML: policyHTML(policy)))
        }
        // Without subprocessors.yaml nothing is said about subprocessors: no page, no feed, no nav item.
        if site.subprocessorsPublished {
            page("subprocessors.html", "subprocessors", title: s["public.title.subprocessors"],
                 description: s.format("public.description.subprocessors", organization),
                 nav: "subprocessors.html", PublicSubprocessorsPage(site, strings: s))
        }
        if !site.updates.isEmpty {
            page("updates.html", "updates", title: s["public.title.updates"],
                 description: s.format("public.description.updates", organization),
                 nav: "updates.html", PublicUpdatesPage(
                updates: site.updates.map { u in
                    PublicUpdateItem(id: u.id, title: u.title, date: s.date(u.date), dateISO: u.date.description,
                                     summary: u.summary, bodyHTML: publicHTML(u.body, folder: "updates/"))
                }, feedHref: AtomFeed.updatesFile))
        }
        if let faq = site.faq {
            page("faq.html", "faq", title: s["public.title.faq"],
                 description: s.format("public.description.faq", organization),
                 nav: "faq.html", PublicFAQPage(
                introHTML: publicHTML(faq.intro),
                entries: faq.entries.map { PublicFAQEntry(id: $0.id, question: $0.question, answerHTML: publicHTML($0.answer)) }))
        }
        page("documents.html", "documents", title: s["public.title.documents"],
             description: s.format("public.description.documents", organization),
             nav: "documents.html", PublicDocumentsPage(site, strings: s))
        files += Parallel.map(jobs) { $0() }
        // Served for any missing path at any depth, so it links home absolutely and inlines its style.
        files.append(RenderedFile(path: "404.html", text: templates.render("public/404", PublicNotFoundPage(
            site: siteInfo, home: site.trustCenter.url, inlineCSS: templates.stylesheet, pageTitle: s["public.not_found.title"],
            faviconURL: site.branding.favicon.map { Sitemap.absolute(site.trustCenter.url, $0.publicPath) }))))
        files.append(RenderedFile(path: "assets/style.css", text: templates.stylesheet))
        files += templates.assets  // the theme's images, fonts and extra stylesheets, as they are
        // The checked branding files under fixed names, and one badge per certificate and report.
        files += site.branding.files.map { RenderedFile(path: $0.publicPath, contents: $0.data) }
        let badges = site.certifications.map { Badges.certificate($0, strings: s) } + site.attestations.map { Badges.attestation($0, strings: s) }
            + site.controlFrameworks.compactMap { fw in fw.declared.map { Badges.program(fw, $0, strings: s) } }
        files += badges.map { RenderedFile(path: $0.path, text: Badges.svg($0)) }
        // The public files of documents/, as they are (the projection holds no other's bytes).
        files += site.documentFiles.map { RenderedFile(path: $0.path, contents: $0.data) }
        // The images public policy text shows, beside the policy pages (a body's images/x.png).
        files += site.policyImages.sorted { $0.key < $1.key }.map { RenderedFile(path: "policies/images/" + $0.key, contents: $0.value) }
        if !site.updates.isEmpty {
            files.append(RenderedFile(path: AtomFeed.updatesFile, text: AtomFeed.updates(site, strings: s) { publicHTML($0.body, folder: "updates/", absolute: true) }))
        }
        if site.subprocessorsPublished {
            files.append(RenderedFile(path: AtomFeed.subprocessorsFile, text: AtomFeed.subprocessors(site, strings: s)))
        }
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
        if let rendered = bodies[policy.id] { return rendered }
        let request = site.trustCenter.accessRequestURL
        let s = strings
        let notice = "<aside class=\"redacted\" role=\"note\"><p><strong>\(HTML.escape(s["public.policy.redacted"]))</strong> — "
            + "\(HTML.escape(s["public.policy.redacted_note"])) "
            + "<a href=\"\(HTML.escape(request))\">\(HTML.escape(s["public.common.request_access"]))</a>.</p></aside>"
        return Markdown.html(policy.body ?? "", rawHTML: site.allowsRawHTML, rewriteLink: Self.policyLinks(site),
                             blocks: [Markdown.Placeholder.redacted: notice], headingIDs: true, tableNames: Markdown.TableNames(s))
    }

    /// Where a public policy body's links go on the public site: to public policies' pages, to the
    /// access request for a confidential one, root-relative ones against the organization's website.
    static func policyLinks(_ site: PublicSite) -> (String) -> String {
        let request = site.trustCenter.accessRequestURL, website = site.organization.website
        return { destination in
            if let absolute = PolicyLink.resolvingRootRelative(destination, website: website) { return absolute }
            guard case let .policy(file, fragment) = PolicyLink.parse(destination),
                  let target = site.policyLinkTargets[file] else { return destination }
            guard let id = target else { return request }
            return PolicyLink.pageDestination(id, fragment: fragment)
        }
    }

    /// Markdown published in full from a top-level page (updates.html, faq.html): links to public
    /// policies become their pages (validation refused links to confidential or missing ones);
    /// `folder` is where the source file sits in the content folder (`updates/`, or "" for faq.md);
    /// `absolute` makes links absolute URLs, for a feed read away from the site.
    private func publicHTML(_ markdown: String, folder: String = "", absolute: Bool = false) -> String {
        Markdown.html(markdown, rawHTML: site.allowsRawHTML, rewriteLink: { destination in
            guard case let .policy(file, fragment)? = PolicyLink.parse(inContentFolder: folder, destination),
                  let target = site.policyLinkTargets[file] else { return destination }
            guard let id = target else { return site.trustCenter.accessRequestURL }
            let page = "policies/" + PolicyLink.pageDestination(id, fragment: fragment)
            return absolute ? Sitemap.absolute(site.trustCenter.url, page) : page
        }, tableNames: Markdown.TableNames(strings))
    }

    private func navigation(current: String?) -> [PublicNavItem] {
        let s = strings
        var items = [("index.html", s["public.nav.overview"]), ("controls.html", s["public.nav.controls"]),
                     ("policies.html", s["public.nav.policies"])]
        if site.subprocessorsPublished { items.append(("subprocessors.html", s["public.nav.subprocessors"])) }
        if !site.updates.isEmpty { items.append(("updates.html", s["public.nav.updates"])) }
        if site.faq != nil { items.append(("faq.html", s["public.nav.faq"])) }
        items.append(("documents.html", s["public.nav.documents"]))
        return items.map { href, label in
            PublicNavItem(href: href, label: label, current: href == current)
        }
    }
}
