import Foundation

/// The whole NDA bundle as one self-contained HTML document, for printing to one PDF
/// (`build --pdf`, printed by `ChromiumPDF`).
///
/// Made from the bundle's rendered files, with no network and no file system: the cover's `<head>`
/// gives the language, the title and the styles (its `<style>` elements as they are, each linked
/// stylesheet inlined from the bundle's files with its `media`), so the marking of
/// `BundleMarking` (printed running header and footer, "Page N of M", watermark) is there once;
/// then the cover's site header (its banner), each page's `<main id="main">` content in `order`, a
/// page break before each, and the cover's footer banner. Inside the document:
///
/// - every id of a page (headings, footnotes `fn-1`/`fnref-1`, …) gets the page's prefix (`p3-`,
///   the page's place in `order`), as do the attributes that name ids (`for`, `headers`,
///   `aria-labelledby` …) and `#fragment` links, so ids repeated across pages stay unique;
/// - links to a bundle page in the document (`soa-iso27001-2022.html#A.5.1`,
///   `../policies/x.html`) go to its anchor (`#p1-A.5.1`, the page's section `#p5`); `http:`,
///   `https:` and `mailto:` links stay (a PDF link fetches nothing when printed); any other link
///   (a CSV export, manifest.json, an absolute path) loses its `href`, as it would point into the
///   printing machine's temporary folder;
/// - an image whose `src` is a bundle file is inlined as a `data:` URL; any other image (a remote
///   `https:` image of a policy) is replaced by its alt text (`<span class="pdf-image-alt">`), so
///   nothing is fetched; `srcset`, `<source>`, scripts, frames and every other element's
///   `src`/`data`/`poster` attributes are removed; CSS `url(…)` of a bundle file is inlined, any
///   other becomes `url("data:,")`;
/// - a Content-Security-Policy `<meta>` (`default-src 'none'; style-src 'unsafe-inline';
///   img-src data:; font-src data:`) forbids every request besides.
public struct BundleDocument: Sendable {
    /// The document, UTF-8 HTML.
    public let html: String

    /// The policy the document's `<meta http-equiv="Content-Security-Policy">` states.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

    /// The section id of the page at `index` of the order (`p3`); its element ids start with
    /// `idPrefix(index)` (`p3-`), so no page's id can equal another's or a section's.
    public static func sectionID(_ index: Int) -> String { "p\(index)" }
    /// The prefix of the ids of the page at `index` of the order: `p3-`.
    public static func idPrefix(_ index: Int) -> String { "p\(index)-" }

    /// Combines the bundle's pages.
    /// - Parameters:
    ///   - files: every file of the bundle (paths relative to its folder), as `BundleRenderer` renders them.
    ///   - order: the pages in reading order (`index.html`, the cover, first); a page listed twice
    ///     or missing from `files` is skipped, an HTML file of `files` not listed follows in path order.
    public init(files: [RenderedFile], order: [String]) {
        var byPath: [String: Data] = [:]
        for file in files { byPath[file.path] = file.contents }
        var pages: [String] = []
        var seen = Set<String>()
        for path in order where byPath[path] != nil && seen.insert(path).inserted { pages.append(path) }
        for path in files.map(\.path).sorted() where path.hasSuffix(".html") && seen.insert(path).inserted { pages.append(path) }
        var sections: [String: Int] = [:]
        for (index, path) in pages.enumerated() { sections[path] = index }
        let context = Context(files: byPath, sections: sections)
        html = Self.combine(pages: pages, context: context)
    }

    // MARK: - Combining

    struct Context {
        let files: [String: Data]
        /// Page path → its index in the document.
        let sections: [String: Int]
    }

    private static func combine(pages: [String], context: Context) -> String {
        guard let coverPath = pages.first, let coverData = context.files[coverPath] else {
            return "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n" + cspMeta + "\n</head>\n<body></body>\n</html>\n"
        }
        let cover = String(decoding: coverData, as: UTF8.self)
        let head = Self.element("head", in: cover) ?? ""
        let htmlTag = Self.openTag("html", in: cover).flatMap { Tag.parse($0) }
        let bodyTag = Self.openTag("body", in: cover).flatMap { Tag.parse($0) }
        let language = htmlTag?.value("lang")
        var out = "<!DOCTYPE html>\n<html" + (language.map { " lang=\"\(HTML.escape($0))\"" } ?? "") + ">\n<head>\n<meta charset=\"utf-8\">\n"
        out += cspMeta + "\n"
        if let title = Self.element("title", in: head) { out += "<title>" + title + "</title>\n" }
        out += styles(head: head, page: coverPath, context: context)
        out += "<style>\n.bundle-page + .bundle-page { break-before: page; }\n.pdf-image-alt { font-style: italic; }\n</style>\n"
        out += "</head>\n"
        var body = "<body"
        if let cls = bodyTag?.value("class") { body += " class=\"\(HTML.escape(cls))\"" }
        out += body + ">\n"
        let coverBody = Self.element("body", in: cover) ?? ""
        let rewriter = Rewriter(context: context)
        // The cover's site header (banner, brand) opens the document; its footer banner closes it.
        if let header = Self.outerElement("header", in: coverBody) {
            out += rewriter.rewrite(header, page: coverPath, index: 0) + "\n"
        }
        out += "<main id=\"main\">\n"
        for (index, path) in pages.enumerated() {
            guard let data = context.files[path] else { continue }
            let page = String(decoding: data, as: UTF8.self)
            let content = Self.mainContent(page) ?? Self.element("body", in: page) ?? ""
            out += "<section class=\"bundle-page\" id=\"\(sectionID(index))\">\n"
            out += rewriter.rewrite(content, page: path, index: index)
            out += "\n</section>\n"
        }
        out += "</main>\n"
        if let footer = Self.lastOuterElement("footer", in: coverBody) {
            out += rewriter.rewrite(footer, page: coverPath, index: 0) + "\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    static let cspMeta = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">"

    /// The cover's `<style>` elements and linked stylesheets, in their order, as inline `<style>` elements.
    private static func styles(head: String, page: String, context: Context) -> String {
        var out = ""
        let bytes = Array(head.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), let end = tagEnd(bytes, from: i) else { i += 1; continue }
            let raw = String(decoding: bytes[i..<end], as: UTF8.self)
            i = end
            guard let tag = Tag.parse(raw) else { continue }
            if tag.name == "style" {
                guard let close = find(Array("</style".utf8), in: bytes, from: i, caseInsensitive: true) else { break }
                let css = String(decoding: bytes[i..<close], as: UTF8.self)
                out += styleElement(css: css, media: tag.value("media"), base: page, context: context)
                i = close
            } else if tag.name == "link", let rel = tag.value("rel"),
                      rel.lowercased().split(separator: " ").contains("stylesheet"),
                      let href = tag.value("href"), let path = resolve(href, from: page).path,
                      let data = context.files[path] {
                out += styleElement(css: String(decoding: data, as: UTF8.self), media: tag.value("media"), base: path, context: context)
            }
        }
        return out
    }

    private static func styleElement(css: String, media: String?, base: String, context: Context) -> String {
        let text = inlineCSSURLs(css, base: base, context: context)
            .replacingOccurrences(of: "</style", with: "<\\/style", options: .caseInsensitive)
        return "<style" + (media.map { " media=\"\(HTML.escape($0))\"" } ?? "") + ">\n" + text + "\n</style>\n"
    }

    /// `css` with every `url(…)` of a bundle file (relative to `base`) as a `data:` URL, and every
    /// other `url(…)` but a `data:` one as `url("data:,")`: nothing to fetch.
    static func inlineCSSURLs(_ css: String, base: String, context: Context) -> String {
        guard css.range(of: "url(", options: .caseInsensitive) != nil else { return css }
        var out = ""
        var rest = Substring(css)
        while let range = rest.range(of: "url(", options: .caseInsensitive) {
            out += rest[..<range.lowerBound]
            var tail = rest[range.upperBound...]
            // The argument: quoted (up to its closing quote, escapes read) or bare (up to `)`).
            while let c = tail.first, c == " " || c == "\t" || c == "\n" { tail.removeFirst() }
            var value = ""
            if let quote = tail.first, quote == "\"" || quote == "'" {
                tail.removeFirst()
                while let c = tail.first, c != quote {
                    tail.removeFirst()
                    if c == "\\", let escaped = tail.first { value.append(escaped); tail.removeFirst() } else { value.append(c) }
                }
                while let c = tail.first, c != ")" { tail.removeFirst() }
            } else {
                while let c = tail.first, c != ")" { value.append(c); tail.removeFirst() }
            }
            if !tail.isEmpty { tail.removeFirst() }
            value = value.trimmingCharacters(in: .whitespaces)
            out += "url(\"" + cssURL(value, base: base, context: context) + "\")"
            rest = tail
        }
        return out + rest
    }

    private static func cssURL(_ value: String, base: String, context: Context) -> String {
        func quoted(_ v: String) -> String {
            v.replacingOccurrences(of: "\\", with: "%5C").replacingOccurrences(of: "\"", with: "%22")
                .replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")
        }
        if value.lowercased().hasPrefix("data:") || value.hasPrefix("#") { return quoted(value) }
        if let path = resolve(value, from: base).path, let data = context.files[path] { return dataURL(data, path: path) }
        return "data:,"
    }

    // MARK: - Rewriting a page

    /// Rewrites the tags of one page's content for the document.
    struct Rewriter {
        let context: Context

        /// Attributes whose value is a space-separated list of ids.
        static let idListAttributes: Set<String> = ["for", "headers", "aria-labelledby", "aria-describedby", "aria-controls",
                                                    "aria-owns", "aria-details", "aria-errormessage", "aria-activedescendant",
                                                    "aria-flowto", "list", "form", "popovertarget", "anchor", "itemref"]
        /// Attributes that load something when the element is rendered.
        static let fetchingAttributes: Set<String> = ["src", "srcset", "data", "poster", "background", "action", "formaction",
                                                      "manifest", "codebase", "archive", "longdesc", "lowsrc", "dynsrc", "ping",
                                                      "imagesrcset", "xlink:href"]
        /// Elements dropped with their content.
        static let droppedWithContent: Set<String> = ["script", "iframe", "object", "noscript", "template", "frameset"]
        /// Elements dropped (their content, if any, kept).
        static let droppedTags: Set<String> = ["source", "link", "meta", "base", "embed", "track", "frame", "param", "portal"]

        func rewrite(_ html: String, page: String, index: Int) -> String {
            let bytes = Array(html.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                guard b == UInt8(ascii: "<"), i + 1 < bytes.count else { out.append(b); i += 1; continue }
                if BundleDocument.hasPrefix(bytes, at: i, "<!--") {
                    let end = BundleDocument.find(Array("-->".utf8), in: bytes, from: i + 4).map { $0 + 3 } ?? bytes.count
                    out += bytes[i..<end]; i = end; continue
                }
                let next = bytes[i + 1]
                let isLetter = (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z")
                guard isLetter || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?"),
                      let end = BundleDocument.tagEnd(bytes, from: i) else {
                    out.append(b); i += 1; continue
                }
                guard isLetter, var tag = Tag.parse(String(decoding: bytes[i..<end], as: UTF8.self)) else {
                    // A closing tag, a declaration: as it is, unless it closes a dropped element.
                    let raw = bytes[i..<end]
                    if let name = Tag.closingName(String(decoding: raw, as: UTF8.self)), Self.droppedTags.contains(name) {
                        i = end; continue
                    }
                    out += raw; i = end; continue
                }
                i = end
                if Self.droppedWithContent.contains(tag.name) {
                    // Up to and past its closing tag (or to the end).
                    if let close = BundleDocument.find(Array("</\(tag.name)".utf8), in: bytes, from: i, caseInsensitive: true) {
                        i = BundleDocument.tagEnd(bytes, from: close) ?? bytes.count
                    } else {
                        i = bytes.count
                    }
                    continue
                }
                if Self.droppedTags.contains(tag.name) { continue }
                if tag.name == "style" {
                    // An inline style element: its url(…) made harmless, the rest kept.
                    let close = BundleDocument.find(Array("</style".utf8), in: bytes, from: i, caseInsensitive: true) ?? bytes.count
                    let css = String(decoding: bytes[i..<close], as: UTF8.self)
                    out += Array(tag.serialized().utf8)
                    out += Array(BundleDocument.inlineCSSURLs(css, base: page, context: context).utf8)
                    i = close
                    continue
                }
                let original = tag
                if tag.name == "img", let replacement = image(&tag, page: page) {
                    out += Array(replacement.utf8)
                    continue
                }
                rewriteAttributes(&tag, page: page, index: index)
                if tag == original { out += Array(tag.raw.utf8) } else { out += Array(tag.serialized().utf8) }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// An image: a bundle file inlined (nil: the tag, rewritten, stays), anything else its alt text.
        private func image(_ tag: inout Tag, page: String) -> String? {
            tag.remove("srcset"); tag.remove("sizes")
            if let src = tag.value("src") {
                if src.lowercased().hasPrefix("data:") { return nil }
                if let path = BundleDocument.resolve(src, from: page).path, let data = context.files[path] {
                    tag.set("src", BundleDocument.dataURL(data, path: path))
                    return nil
                }
            }
            let alt = tag.value("alt") ?? ""
            return alt.isEmpty ? "" : "<span class=\"pdf-image-alt\">" + HTML.escape(alt) + "</span>"
        }

        private func rewriteAttributes(_ tag: inout Tag, page: String, index: Int) {
            let prefix = BundleDocument.idPrefix(index)
            for k in tag.attributes.indices {
                let name = tag.attributes[k].name
                guard let value = tag.attributes[k].value else { continue }
                if name == "id" || (name == "name" && tag.name == "a") {
                    tag.attributes[k].value = prefix + value
                } else if Self.idListAttributes.contains(name) {
                    tag.attributes[k].value = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                        .map { prefix + $0 }.joined(separator: " ")
                } else if name == "href" || name == "usemap" {
                    if tag.name == "a" || tag.name == "area" || value.hasPrefix("#") {
                        tag.attributes[k].value = link(value, page: page, index: index)
                    } else {
                        tag.attributes[k].value = nil  // a <link>-like href elsewhere: removed below
                    }
                } else if name == "xlink:href", value.hasPrefix("#") {
                    tag.attributes[k].value = "#" + prefix + value.dropFirst()  // an SVG <use> of the page
                } else if Self.fetchingAttributes.contains(name) {
                    // A data: URL (an inlined image) loads nothing; any other is removed below.
                    if !value.lowercased().hasPrefix("data:") { tag.attributes[k].value = nil }
                } else if name == "style", value.range(of: "url(", options: .caseInsensitive) != nil {
                    tag.attributes[k].value = BundleDocument.inlineCSSURLs(value, base: page, context: context)
                }
            }
            tag.attributes.removeAll { $0.value == nil && ($0.name == "href" || Self.fetchingAttributes.contains($0.name)) }
            let hasHref = tag.value("href") != nil
            tag.attributes.removeAll { $0.name == "download" && !hasHref }
        }

        /// A link's new destination; nil removes the `href`.
        func link(_ href: String, page: String, index: Int) -> String? {
            if href.hasPrefix("#") {
                let fragment = href.dropFirst()
                return "#" + (fragment.isEmpty ? BundleDocument.sectionID(index) : BundleDocument.idPrefix(index) + fragment)
            }
            let target = BundleDocument.resolve(href, from: page)
            if let scheme = target.scheme {
                return ["http", "https", "mailto"].contains(scheme) ? href : nil
            }
            guard let path = target.path, let index = context.sections[path] else { return nil }
            guard let fragment = target.fragment, !fragment.isEmpty else { return "#" + BundleDocument.sectionID(index) }
            return "#" + BundleDocument.idPrefix(index) + fragment
        }
    }

    // MARK: - URLs

    /// A reference resolved against a bundle page: its scheme (lowercased) if it has one, else the
    /// bundle path it names (nil when it leaves the bundle or is absolute) and its fragment (as written).
    struct Target: Equatable {
        var scheme: String?
        var path: String?
        var fragment: String?
    }

    static func resolve(_ reference: String, from page: String) -> Target {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        // A scheme: letters, digits, + - . before the first ':' that comes before any / ? #.
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].isEmpty,
           trimmed[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
           trimmed[..<colon].first?.isLetter == true {
            return Target(scheme: trimmed[..<colon].lowercased())
        }
        var rest = Substring(trimmed), fragment: String?
        if let hash = rest.firstIndex(of: "#") { fragment = String(rest[rest.index(after: hash)...]); rest = rest[..<hash] }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        if rest.hasPrefix("/") { return Target(fragment: fragment) }  // absolute or network path: not in the bundle
        if rest.isEmpty { return Target(path: page, fragment: fragment) }
        var parts = page.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        for part in rest.split(separator: "/", omittingEmptySubsequences: false) {
            let decoded = part.removingPercentEncoding ?? String(part)
            switch decoded {
            case ".", "": continue
            case "..":
                if parts.isEmpty { return Target(fragment: fragment) }
                parts.removeLast()
            default: parts.append(decoded)
            }
        }
        return Target(path: parts.joined(separator: "/"), fragment: fragment)
    }

    /// A bundle file as a `data:` URL (base64), its media type from its extension.
    static func dataURL(_ data: Data, path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let types = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
                     "avif": "image/avif", "svg": "image/svg+xml", "ico": "image/x-icon", "woff": "font/woff",
                     "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf", "css": "text/css"]
        return "data:" + (types[ext] ?? "application/octet-stream") + ";base64," + data.base64EncodedString()
    }

    // MARK: - Scanning HTML

    /// The text between `<name …>` and its closing tag (the first one for `head`, `title`; the last for `body`).
    static func element(_ name: String, in html: String) -> String? {
        let bytes = Array(html.utf8)
        guard let open = openTagRange(name, in: bytes) else { return nil }
        let closeTag = Array("</\(name)".utf8)
        let close = name == "body" || name == "main" ? findLast(closeTag, in: bytes, after: open.upperBound)
            : find(closeTag, in: bytes, from: open.upperBound, caseInsensitive: true)
        guard let close else { return String(decoding: bytes[open.upperBound...], as: UTF8.self) }
        return String(decoding: bytes[open.upperBound..<close], as: UTF8.self)
    }

    /// The content of a page's `<main>` element, nil when it has none.
    static func mainContent(_ html: String) -> String? {
        openTag("main", in: html) == nil ? nil : element("main", in: html)
    }

    /// The first `<name …>` tag's text.
    static func openTag(_ name: String, in html: String) -> String? {
        let bytes = Array(html.utf8)
        return openTagRange(name, in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The first `<name …>…</name>` element, tags included (not nested in itself).
    static func outerElement(_ name: String, in html: String) -> String? {
        let bytes = Array(html.utf8)
        guard let open = openTagRange(name, in: bytes),
              let close = find(Array("</\(name)".utf8), in: bytes, from: open.upperBound, caseInsensitive: true),
              let end = tagEnd(bytes, from: close) else { return nil }
        return String(decoding: bytes[open.lowerBound..<end], as: UTF8.self)
    }

    /// The last `<name …>…</name>` element, tags included.
    static func lastOuterElement(_ name: String, in html: String) -> String? {
        let bytes = Array(html.utf8)
        var start = 0, last: Range<Int>?
        while let open = openTagRange(name, in: bytes, from: start) { last = open; start = open.upperBound }
        guard let open = last,
              let close = find(Array("</\(name)".utf8), in: bytes, from: open.upperBound, caseInsensitive: true),
              let end = tagEnd(bytes, from: close) else { return nil }
        return String(decoding: bytes[open.lowerBound..<end], as: UTF8.self)
    }

    private static func openTagRange(_ name: String, in bytes: [UInt8], from: Int = 0) -> Range<Int>? {
        let needle = Array("<\(name)".utf8)
        var i = from
        while let at = find(needle, in: bytes, from: i, caseInsensitive: true) {
            let after = at + needle.count
            if after < bytes.count, [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
                                     UInt8(ascii: "\r"), UInt8(ascii: "/")].contains(bytes[after]),
               let end = tagEnd(bytes, from: at) {
                return at..<end
            }
            i = after
        }
        return nil
    }

    /// The index just past the `>` ending the tag that starts at `start` (quoted values skipped).
    static func tagEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start + 1, quote: UInt8?
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                // A quote opens a value only after `=` (possibly spaced).
                var j = i - 1
                while j > start, bytes[j] == UInt8(ascii: " ") { j -= 1 }
                if bytes[j] == UInt8(ascii: "=") { quote = b }
            } else if b == UInt8(ascii: ">") {
                return i + 1
            }
            i += 1
        }
        return nil
    }

    static func hasPrefix(_ bytes: [UInt8], at i: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return i + p.count <= bytes.count && Array(bytes[i..<(i + p.count)]) == p
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, caseInsensitive: Bool = false) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, from <= bytes.count - needle.count else { return nil }
        let lower = caseInsensitive ? needle.map(asciiLower) : needle
        var i = from
        outer: while i <= bytes.count - needle.count {
            for k in 0..<lower.count where (caseInsensitive ? asciiLower(bytes[i + k]) : bytes[i + k]) != lower[k] {
                i += 1
                continue outer
            }
            return i
        }
        return nil
    }

    static func findLast(_ needle: [UInt8], in bytes: [UInt8], after: Int) -> Int? {
        var found: Int?, i = after
        while let at = find(needle, in: bytes, from: i, caseInsensitive: true) { found = at; i = at + 1 }
        return found
    }

    static func asciiLower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}

/// One HTML start tag, parsed: its name (lowercased) and attributes (names lowercased, values decoded).
struct Tag: Equatable {
    struct Attribute: Equatable {
        var name: String
        var value: String?
    }

    var name: String
    var attributes: [Attribute]
    var selfClosing: Bool
    /// The tag as written.
    let raw: String

    func value(_ attribute: String) -> String? { attributes.first { $0.name == attribute }?.value }

    mutating func set(_ attribute: String, _ value: String) {
        if let k = attributes.firstIndex(where: { $0.name == attribute }) { attributes[k].value = value }
        else { attributes.append(Attribute(name: attribute, value: value)) }
    }

    mutating func remove(_ attribute: String) { attributes.removeAll { $0.name == attribute } }

    /// The tag written again: values double-quoted and escaped.
    func serialized() -> String {
        var out = "<" + name
        for a in attributes {
            out += " " + a.name
            if let v = a.value { out += "=\"" + HTML.escape(v) + "\"" }
        }
        return out + (selfClosing ? " />" : ">")
    }

    /// The name of a closing tag (`</source>` → `source`), nil for anything else.
    static func closingName(_ raw: String) -> String? {
        guard raw.hasPrefix("</") else { return nil }
        return String(raw.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }).lowercased()
    }

    /// Parses `<name attr="v" attr='v' attr=v attr>`; nil when `raw` is not a start tag.
    static func parse(_ raw: String) -> Tag? {
        let chars = Array(raw.unicodeScalars)
        guard chars.count >= 3, chars[0] == "<", chars[1].properties.isAlphabetic else { return nil }
        var i = 1
        var name = ""
        while i < chars.count, !isSpace(chars[i]), chars[i] != ">", chars[i] != "/" { name.unicodeScalars.append(chars[i]); i += 1 }
        var attributes: [Attribute] = []
        var selfClosing = false
        while i < chars.count {
            while i < chars.count, isSpace(chars[i]) { i += 1 }
            guard i < chars.count, chars[i] != ">" else { break }
            if chars[i] == "/" { selfClosing = true; i += 1; continue }
            var attribute = ""
            while i < chars.count, !isSpace(chars[i]), chars[i] != ">", chars[i] != "=", !(chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == ">") {
                attribute.unicodeScalars.append(chars[i]); i += 1
            }
            selfClosing = false
            while i < chars.count, isSpace(chars[i]) { i += 1 }
            var value: String?
            if i < chars.count, chars[i] == "=" {
                i += 1
                while i < chars.count, isSpace(chars[i]) { i += 1 }
                var text = ""
                if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                    let quote = chars[i]
                    i += 1
                    while i < chars.count, chars[i] != quote { text.unicodeScalars.append(chars[i]); i += 1 }
                    i += 1
                } else {
                    while i < chars.count, !isSpace(chars[i]), chars[i] != ">" { text.unicodeScalars.append(chars[i]); i += 1 }
                }
                value = decodeEntities(text)
            }
            if !attribute.isEmpty { attributes.append(Attribute(name: attribute.lowercased(), value: value)) }
        }
        return Tag(name: name.lowercased(), attributes: attributes, selfClosing: selfClosing, raw: raw)
    }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references decoded; any other `&` kept.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = "", rest = Substring(s)
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let entity = String(after[..<semi])
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                if let scalar { out.unicodeScalars.append(scalar); rest = after[after.index(after: semi)...]; continue }
                if let text = named[entity] { out += text; rest = after[after.index(after: semi)...]; continue }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
