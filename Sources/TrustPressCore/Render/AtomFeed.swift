import Foundation

/// The public site's Atom feeds (RFC 4287): `updates.xml`, one entry per update, and
/// `subprocessors.xml`, one entry per change to the subprocessor list (upcoming, added, removed),
/// which is how a customer subscribes to the notice data processing agreements promise (GDPR
/// Art. 28(2)).
///
/// Every URL is absolute, from `trust_center.url` (RFC 4287 §4.2.7 allows relative ones only with
/// xml:base). Entry ids are tag URIs (RFC 4151) made of the site's host, the day of the change and
/// what changed, so they never change when the site moves or is rebuilt (§4.2.6: permanent and
/// unique). Every `updated` is a content date at 00:00 UTC, never the clock; a feed without entries
/// is dated by the build date (§4.1.1 requires `updated`). Entries are newest first, ties in a fixed order.
/// Titles and summaries are in the site's language (`Strings`), which the feed states as `xml:lang`
/// (RFC 4287 §2: xml:lang may be used on any element).
enum AtomFeed {
    static let updatesFile = PublicDocuments.updatesFeedPath
    static let subprocessorsFile = PublicDocuments.subprocessorsFeedPath

    struct Entry {
        var id: String
        var title: String
        var updated: CalendarDate
        var link: String
        var summary: String?
        /// HTML, escaped once more as the text of `<content type="html">` (§3.1.1.2).
        var contentHTML: String?
    }

    /// The feeds a site has: updates when there is at least one, subprocessor changes whenever
    /// subprocessors.yaml exists (an empty list too, so customers can subscribe before the first change).
    static func links(_ site: PublicSite, strings s: Strings) -> [PublicFeedLink] {
        var links: [PublicFeedLink] = []
        if !site.updates.isEmpty { links.append(PublicFeedLink(href: updatesFile, title: updatesTitle(site, s))) }
        if site.subprocessorsPublished {
            links.append(PublicFeedLink(href: subprocessorsFile, title: subprocessorsTitle(site, s)))
        }
        return links
    }

    static func updatesTitle(_ site: PublicSite, _ s: Strings) -> String {
        s.format("public.feed.updates", ["site": site.trustCenter.title])
    }

    static func subprocessorsTitle(_ site: PublicSite, _ s: Strings) -> String {
        s.format("public.feed.subprocessors", ["site": site.trustCenter.title])
    }

    static func updates(_ site: PublicSite, strings s: Strings, bodyHTML: (Update) -> String) -> String {
        let base = site.trustCenter.url
        let entries = site.updates.map { u in
            Entry(id: tag(base, u.date, "updates/\(u.id)"), title: u.title, updated: u.date,
                  link: Sitemap.absolute(base, "updates.html#\(u.id)"), summary: u.summary, contentHTML: bodyHTML(u))
        }
        return render(site, file: updatesFile, page: "updates.html", title: updatesTitle(site, s), language: s.language, entries: entries)
    }

    static func subprocessors(_ site: PublicSite, strings s: Strings) -> String {
        let base = site.trustCenter.url
        let entries = site.subprocessorChanges.map { c in
            // An upcoming change is dated by its announcement; its text names the start date.
            let day = c.kind == .upcoming ? (s.date(c.starts) ?? "") : s.date(c.date)
            let arguments = ["name": c.name, "date": day, "purpose": c.purpose]
            let title = s.format("public.feed.\(c.kind.rawValue)_title", arguments)
            let summary = s.format("public.feed.\(c.kind.rawValue)_summary", arguments)
            return Entry(id: tag(base, c.date, "subprocessors/\(c.kind.rawValue)/\(Slug.nonEmpty(c.name))"), title: title,
                         updated: c.date, link: Sitemap.absolute(base, "subprocessors.html"), summary: summary, contentHTML: nil)
        }
        return render(site, file: subprocessorsFile, page: "subprocessors.html",
                      title: subprocessorsTitle(site, s), language: s.language, entries: entries)
    }

    /// `tag:<host>,<YYYY-MM-DD>:<specific>` (RFC 4151 §2.1), the host lowercased.
    static func tag(_ base: String, _ date: CalendarDate, _ specific: String) -> String {
        let host = URLComponents(string: base)?.host?.lowercased() ?? "localhost"
        return "tag:\(host),\(date):\(specific)"
    }

    /// RFC 3339 date-time of a calendar date (§3.3: Atom dates are RFC 3339 date-times).
    static func timestamp(_ date: CalendarDate) -> String { "\(date)T00:00:00Z" }

    private static func render(_ site: PublicSite, file: String, page: String, title: String, language: String,
                               entries: [Entry]) -> String {
        let base = site.trustCenter.url
        let e = XML.escape
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(e(language))\">\n"
        xml += "  <id>\(e(Sitemap.absolute(base, file)))</id>\n"
        xml += "  <title>\(e(title))</title>\n"
        xml += "  <updated>\(timestamp(entries.map(\.updated).max() ?? site.buildDate))</updated>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(e(Sitemap.absolute(base, file)))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(e(Sitemap.absolute(base, page)))\"/>\n"
        // §4.1.1: a feed needs an author unless every entry has one.
        xml += "  <author><name>\(e(site.organization.legalName))</name><uri>\(e(site.organization.website))</uri></author>\n"
        for entry in entries {
            xml += "  <entry>\n"
            xml += "    <id>\(e(entry.id))</id>\n"
            xml += "    <title>\(e(entry.title))</title>\n"
            xml += "    <updated>\(timestamp(entry.updated))</updated>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(e(entry.link))\"/>\n"
            if let summary = entry.summary { xml += "    <summary>\(e(summary))</summary>\n" }
            if let html = entry.contentHTML { xml += "    <content type=\"html\">\(e(html))</content>\n" }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }
}
