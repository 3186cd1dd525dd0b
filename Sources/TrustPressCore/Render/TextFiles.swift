/// `/.well-known/security.txt` (RFC 9116), built from the public projection only.
enum SecurityTxt {
    /// Field order follows RFC 9116 §2.5; `Canonical` is the deployed location (§2.5.2). Values were
    /// validated (no line breaks, allowed URI schemes), so no field can inject another.
    static func render(_ site: PublicSite) -> String {
        let txt = site.securityTxt
        var lines: [String] = []
        lines += txt.contacts.map { "Contact: \($0)" }
        lines.append("Expires: \(txt.expires)")
        if let e = txt.encryptionURL { lines.append("Encryption: \(e)") }
        if let a = txt.acknowledgmentsURL { lines.append("Acknowledgments: \(a)") }
        if let langs = txt.preferredLanguages, !langs.isEmpty {
            lines.append("Preferred-Languages: \(langs.joined(separator: ", "))")
        }
        lines.append("Canonical: \(Sitemap.absolute(site.trustCenter.url, ".well-known/security.txt"))")
        if let p = txt.policyURL { lines.append("Policy: \(p)") }
        return lines.map { $0.filter { !$0.isNewline } }.joined(separator: "\n") + "\n"
    }
}

/// sitemap.xml (sitemaps.org protocol 0.9: absolute URLs, XML-escaped) and robots.txt.
enum Sitemap {
    /// `pages`: each page with its `lastmod` (W3C date, YYYY-MM-DD). The rule, deterministic: the
    /// page's own content date — a policy's approval date, a certificate's issue date, a report's
    /// date — else the build date (the overview and list pages change with any build).
    static func render(baseURL: String, pages: [(path: String, modified: CalendarDate)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted(by: { $0.path < $1.path }) {
            xml += "  <url><loc>\(XML.escape(absolute(baseURL, page.path)))</loc><lastmod>\(page.modified)</lastmod></url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(baseURL: String) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(absolute(baseURL, "sitemap.xml"))\n"
    }

    /// `base` joined with a relative path, with exactly one '/' between.
    static func absolute(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path
    }
}

/// HTML text and attribute escaping (the same set Mustache's `{{value}}` escapes).
enum HTML {
    static func escape(_ s: String) -> String {
        XML.escape(s).replacingOccurrences(of: "&apos;", with: "&#39;")
    }
}

enum XML {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
