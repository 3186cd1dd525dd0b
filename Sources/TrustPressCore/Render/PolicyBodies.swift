/// Policy bodies rendered before the pages that show them, so no body is parsed twice where once
/// will do (a policy set is most of a build's Markdown):
///
/// - A public policy without confidential sections reads the same on the public site and in the
///   bundle; only its links go elsewhere (a confidential policy is the access request publicly, its
///   page in the bundle). One parse gives both bodies (`Markdown.html(_:rewritingLinks:)`).
/// - A confidential policy without confidential sections is rendered for the bundle here, and the
///   leak audit cuts that very text into its fragments instead of rendering the body again.
///
/// Policies with confidential sections show different text in each tree: the renderers render them.
/// The public body is made from the public projection alone (`PublicSite`: its redacted body and
/// its link targets), and is the same HTML `PublicRenderer` would make; the bundle body is the
/// same HTML `BundleRenderer` would make.
public struct PolicyBodies: Sendable {
    /// Policy id → the body of its public page (emptied once the public site is rendered: its
    /// pages hold the text).
    public var publicHTML: [String: String]
    /// Policy id → the body of its bundle page.
    public var bundleHTML: [String: String]

    public init(site: PublicSite, model: TrustModel, strings: Strings) {
        let publicBodies = Dictionary(site.policies.compactMap { p in p.body.map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let ids = BundleRenderer.policyIDs(model)
        let bundleLinks = BundleRenderer.policyLinks(model, ids: ids), publicLinks = PublicRenderer.policyLinks(site)
        let tables = Markdown.TableNames(strings), rawHTML = model.site.allowsRawHTML
        // Only bodies of one Markdown text: the bundle page shows it as it is.
        let plain = model.policies.compactMap { p -> (id: String, text: String, isPublic: Bool)? in
            guard p.segments.count == 1, case let .markdown(text) = p.segments[0] else { return nil }
            let isPublic = p.visibility == .public
            // The public page shows the public projection's text: the same, or it is not shared.
            if isPublic, publicBodies[p.id] != text { return nil }
            return (p.id, text, isPublic)
        }
        let rendered = Parallel.map(plain) { entry in
            Markdown.html(entry.text, rawHTML: rawHTML, rewritingLinks: entry.isPublic ? [publicLinks, bundleLinks] : [bundleLinks],
                          headingIDs: true, tableNames: tables)
        }
        var publicHTML: [String: String] = [:], bundleHTML: [String: String] = [:]
        for (entry, html) in zip(plain, rendered) {
            if entry.isPublic { publicHTML[entry.id] = html[0] }
            bundleHTML[entry.id] = html.last!
        }
        self.publicHTML = publicHTML
        self.bundleHTML = bundleHTML
    }
}
