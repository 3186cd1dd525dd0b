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
    /// `s` escaped for HTML text and quoted attribute values (`'` as `&#39;`).
    static func escape(_ s: String) -> String { XML.escaped(s, apostrophe: "&#39;") }
}

enum XML {
    /// `s` with `&`, `<`, `>`, `"` and `'` escaped. Byte by byte: the five are ASCII, and a parser
    /// reads bytes, so a combining mark after a quote cannot hide it (as a `Character` it would).
    static func escape(_ s: String) -> String { escaped(s, apostrophe: "&apos;") }

    /// `escape(_:)` with `'` written as `apostrophe`.
    static func escaped(_ s: String, apostrophe: String) -> String {
        func special(_ b: UInt8) -> Bool { b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 }
        guard s.utf8.contains(where: special) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 {
            switch b {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += apostrophe.utf8
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
