/// The marking of every bundle page, as CSS for the page's own `<style>` element: the words of the
/// running header and footer of a printed page (CSS Paged Media 3 margin boxes, with "page N of M"
/// from the `page` and `pages` counters) and of the recipient's diagonal watermark (the content of
/// `.confidential::after`). Margin boxes cannot read the page's text (Chromium has no `string-set`),
/// so the words are written into the CSS, each as an escaped CSS string (`CSS.string`). How they
/// look (fonts, margins, the watermark's angle and opacity) is in the theme's style.css.
struct BundleMarking {
    /// `CONFIDENTIAL — Fernwick Labs, Inc.`: the top left of every printed page.
    let topLeft: String
    /// `Prepared for Acme Corp under NDA-2026-114`, or `Internal use only`: the top right.
    let topRight: String
    /// `Bundle 2026-11-30-acme-corp · issued 30 November 2026 · valid until 28 February 2027`.
    let bottomLeft: String
    /// `Page {page} of {pages}` in the site's language: the bottom right, counters filled in by the browser.
    let pageNumber: String
    /// The recipient (or `Internal use only`): the watermark.
    let watermark: String

    init(bundle: ConfidentialBundle, recipientLine: String, strings s: Strings) {
        topLeft = s["bundle.layout.confidential"] + " — " + bundle.model.site.organization.legalName
        topRight = bundle.recipient == nil ? recipientLine : s["bundle.layout.prepared_for"] + " " + recipientLine
        var facts = [s["bundle.layout.bundle"] + " " + bundle.bundleID,
                     s.format("bundle.print.issued", ["date": s.date(bundle.model.buildDate)])]
        if let until = bundle.validUntil { facts.append(s.format("bundle.print.valid_until", ["date": s.date(until)])) }
        bottomLeft = facts.joined(separator: " · ")
        pageNumber = s["bundle.print.page"]
        watermark = bundle.recipient ?? s["bundle.recipient.internal"]
    }

    /// The CSS: one `@page` rule with four margin boxes' `content`, and the watermark's.
    var css: String {
        """
        @page {
          @top-left { content: \(CSS.string(topLeft)); }
          @top-right { content: \(CSS.string(topRight)); }
          @bottom-left { content: \(CSS.string(bottomLeft)); }
          @bottom-right { content: \(Self.counters(pageNumber)); }
        }
        .confidential::after { content: \(CSS.string(watermark)); }
        """
    }

    /// `Page {page} of {pages}` as a CSS `content` value: `"Page " counter(page) " of " counter(pages)`.
    /// Text between the placeholders is a CSS string; an empty one is left out.
    static func counters(_ text: String) -> String {
        var parts: [String] = [], literal = "", rest = Substring(text)
        while !rest.isEmpty {
            if let name = ["{pages}", "{page}"].first(where: { rest.hasPrefix($0) }) {
                if !literal.isEmpty { parts.append(CSS.string(literal)); literal = "" }
                parts.append("counter(\(name.dropFirst().dropLast()))")
                rest = rest.dropFirst(name.count)
            } else {
                literal.append(rest.removeFirst())
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(CSS.string(literal)) }
        return parts.joined(separator: " ")
    }
}

/// CSS text written by TrustPress.
enum CSS {
    /// `s` as a CSS string token (CSS Syntax 3, §4.3.5), double-quoted, safe inside an HTML `<style>`
    /// element: `"` and `\` are escaped with a backslash; line breaks, other control characters, `<`,
    /// `>` and `&` as hexadecimal escapes followed by a space (`\a `, `\3c `), so no value can end
    /// the string, the rule or the element (`</style>`); U+0000 becomes U+FFFD, as a CSS parser would
    /// read it. Every other character is written as is (the page is UTF-8).
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\0": out += "\u{FFFD}"
            case "<", ">", "&": out += "\\" + String(scalar.value, radix: 16) + " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += "\\" + String(scalar.value, radix: 16) + " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
