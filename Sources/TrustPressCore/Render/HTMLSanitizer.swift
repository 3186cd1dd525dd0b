import CLibXML2
import Foundation

/// Allow-list sanitizer for HTML that a site chose to let through (`markdown.raw_html: true`).
///
/// The fragment is parsed by libxml2's HTML parser (error-tolerant, as browsers are) and written
/// back keeping only allowed elements and attributes: event handlers (`on…`), `style`, and URLs
/// whose scheme is not http, https or mailto (`javascript:`, `vbscript:`, `data:` …) are removed;
/// `script`, `style`, `iframe`, forms and similar elements are dropped with their content; other
/// unknown elements are unwrapped (their text kept, escaped).
public enum HTMLSanitizer {
    static let allowedElements: Set<String> = [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
        "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
        "ul", "var",
    ]
    /// Removed together with everything inside them.
    static let droppedElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "applet", "noscript", "template",
        "svg", "math", "form", "textarea", "select", "button", "title", "head", "noembed", "noframes", "xmp",
        "plaintext",
    ]
    /// Void in HTML5 but not to libxml2's HTML4 parser, which nests what follows inside them: the
    /// element goes, what follows it stays (`<embed>` must not swallow the rest of the policy).
    static let voidDropped: Set<String> = ["embed", "base", "link", "meta", "param", "source", "track", "wbr", "keygen", "area"]
    static let voidElements: Set<String> = ["br", "col", "hr", "img", "input"]
    static let globalAttributes: Set<String> = ["id", "class", "title", "lang", "dir", "align"]
    static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "name"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"], "ol": ["start", "type"], "li": ["value"],
        "input": ["type", "checked", "disabled", "aria-label"], "col": ["span"], "colgroup": ["span"],
        // The scroll region `Markdown` wraps around a table (values limited by `attributeValues`).
        "div": ["role", "tabindex", "aria-label"],
        "blockquote": ["cite"], "q": ["cite"], "details": ["open"],
        // cmark-gfm's footnote markup.
        "section": ["data-footnotes"], "sup": ["data-footnote-ref"],
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]
    /// Attributes kept only with one of these values (`tabindex="0"` joins the tab order where the
    /// page puts it; any other value or role is not for content to set).
    static let attributeValues: [String: Set<String>] = ["role": ["region"], "tabindex": ["0"]]

    /// The sanitized fragment.
    public static func sanitize(_ html: String) -> String {
        let wrapped = "<html><body>" + html + "</body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let length = Int32(clamping: wrapped.utf8.count)
        guard let doc = wrapped.withCString({ htmlReadMemory($0, length, nil, "UTF-8", options) }) else { return "" }
        defer { xmlFreeDoc(doc) }
        guard let body = find("body", from: xmlDocGetRootElement(doc)) else { return "" }
        var out = ""
        writeChildren(of: body, to: &out)
        return out
    }

    /// Elements removed with their content whose opening tag, left unclosed, takes everything after
    /// it along: `droppedElements` without the void `frame`, without `head` (libxml2 ignores it
    /// inside a body) and without those GFM's tagfilter already turns into text (`script`, `style`,
    /// `title`, `textarea`, `iframe`, `xmp`, `noembed`, `noframes`, `plaintext`). `RawHTMLTests`
    /// shows each one swallowing the rest of a document.
    static let swallowing: Set<String> = droppedElements.subtracting(
        ["frame", "head", "script", "style", "title", "textarea", "iframe", "xmp", "noembed", "noframes", "plaintext"])

    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)

    /// A piece of raw HTML that would silently lose the content after it.
    public struct Swallow: Sendable, Equatable {
        /// 1-based line in the Markdown source.
        public let line: Int
        public let message: String
    }

    /// Raw HTML that cannot be kept whole, found in a document's `Markdown.RawHTML` pieces:
    /// - with `rawHTML` (the site's opt-in), an element of `swallowing` opened and never closed
    ///   (the sanitizer drops it with everything after it: `<form>`, `<frameset>`, `<math>` …);
    /// - in either mode, an HTML block that CommonMark runs to the end of its container because its
    ///   end marker never comes (`<!--` without `-->`, `<pre>` without `</pre>`, `<?` without `?>`,
    ///   `<![CDATA[` without `]]>`, a declaration `<!DOCTYPE` without `>`): in safe mode the whole
    ///   block is omitted, in raw mode a comment or declaration is.
    /// Source: CommonMark 0.30 §4.6 (HTML blocks, start conditions 1–5).
    public static func swallows(in pieces: [Markdown.RawHTML], rawHTML: Bool) -> [Swallow] {
        var found: [Swallow] = []
        for piece in pieces where piece.isBlock {
            let lower = String(piece.html.lowercased().drop { $0 == " " })
            let ends: [(start: String, end: String, what: String)] = [
                ("<!--", "-->", "this HTML comment is never closed with '-->'"),
                ("<![cdata[", "]]>", "this CDATA section is never closed with ']]>'"),
                ("<?", "?>", "this processing instruction is never closed with '?>'"),
                ("<!", ">", "this declaration ('<!' and a letter, such as '<!DOCTYPE') is never closed with '>'"),
            ] + ["script", "pre", "style", "textarea"].map { ("<" + $0, "</" + $0 + ">", "'<\($0)>' is never closed with '</\($0)>'") }
            for (start, end, what) in ends where lower.hasPrefix(start) {
                if start == "<!" {
                    // A declaration (start condition 4) is '<!' and an ASCII letter.
                    guard let next = lower.dropFirst(2).first, next.isASCII, next.isLetter else { continue }
                } else if start.count > 2, start != "<!--", start != "<![cdata[" {
                    // `<pre` must be the whole tag name (`<prefix>` is not `<pre>`).
                    let next = lower.dropFirst(start.count).first
                    guard next == nil || next == ">" || next!.isWhitespace else { continue }
                }
                if !lower.dropFirst(start.count).contains(end) {
                    found.append(Swallow(line: piece.line, message: "\(what), so everything after it in the policy (or in its list item or quote) would be lost"))
                }
                break
            }
        }
        guard rawHTML else { return found }
        // Opening and closing tags of the swallowing elements, in document order.
        var open: [String: [Int]] = [:]  // element → lines of its unclosed opening tags
        for piece in pieces {
            let bytes = Array(piece.html.utf8)
            var i = 0, line = piece.line
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A { line += 1; i += 1; continue }
                guard b == UInt8(ascii: "<") else { i += 1; continue }
                if bytes[i...].starts(with: commentOpen) {
                    // Skip the comment (its newlines still count).
                    var j = i + 4
                    while j < bytes.count, bytes[j] != UInt8(ascii: "-") || !bytes[j...].starts(with: commentClose) {
                        if bytes[j] == 0x0A { line += 1 }
                        j += 1
                    }
                    i = j + 3
                    continue
                }
                var j = i + 1
                let closing = j < bytes.count && bytes[j] == UInt8(ascii: "/")
                if closing { j += 1 }
                let nameStart = j
                while j < bytes.count, (bytes[j] | 0x20) >= UInt8(ascii: "a") && (bytes[j] | 0x20) <= UInt8(ascii: "z")
                    || (bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
                let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
                // The end of the tag, quotes respected; `/>` closes the element at once (libxml2 does).
                var quote: UInt8 = 0
                while j < bytes.count, quote != 0 || bytes[j] != UInt8(ascii: ">") {
                    if quote != 0 { if bytes[j] == quote { quote = 0 } }
                    else if bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") { quote = bytes[j] }
                    j += 1
                }
                let selfClosing = j > 0 && j < bytes.count && bytes[j - 1] == UInt8(ascii: "/")
                if swallowing.contains(name) {
                    if closing { if open[name]?.isEmpty == false { open[name]!.removeLast() } }
                    else if !selfClosing { open[name, default: []].append(line) }
                }
                for k in i..<min(j, bytes.count) where bytes[k] == 0x0A { line += 1 }
                i = j + 1
            }
        }
        for (name, lines) in open.sorted(by: { $0.key < $1.key }) {
            for line in lines {
                found.append(Swallow(line: line, message: "'<\(name)>' is never closed, so the HTML sanitizer would drop it with everything after it; add '</\(name)>' or remove the tag"))
            }
        }
        return found.sorted { ($0.line, $0.message) < ($1.line, $1.message) }
    }

    /// libxml2 stops parsing at this nesting depth (without `XML_PARSE_HUGE`, which TrustPress does
    /// not set, so the sanitizer's recursion stays shallow) and drops everything after it.
    /// Measured on libxml2 2.9.14: 255 nested elements parse, 256 stop the parser.
    static let parserMaxDepth = 256

    /// Whether libxml2's HTML parser, reading `html` as `sanitize` does, stops before its end
    /// (nesting too deep): then the sanitized fragment would silently lack the rest.
    static func parserStops(_ html: String) -> Bool {
        let wrapped = "<html><body>" + html + "</body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        return wrapped.withCString { text -> Bool in
            guard let ctxt = htmlCreateMemoryParserCtxt(text, Int32(clamping: strlen(text))) else { return true }
            defer { htmlFreeParserCtxt(ctxt) }
            _ = htmlCtxtUseOptions(ctxt, options)
            _ = htmlParseDocument(ctxt)
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            // A halted parser (xmlHaltParser) disables its SAX callbacks.
            return ctxt.pointee.disableSAX != 0
        }
    }

    /// The deepest nesting of the elements that raw HTML pieces open and leave open, counted across
    /// the pieces in document order (void and self-closed elements not counted; a closing tag
    /// closes one), and the line of the piece where it is reached. An upper bound of what libxml2
    /// sees from raw HTML: it closes some elements implicitly, this count does not.
    static func openDepth(in pieces: [Markdown.RawHTML]) -> (depth: Int, line: Int) {
        let void: Set<String> = voidElements.union(voidDropped).union(["frame", "img", "input", "col", "hr", "br"])
        var depth = 0, deepest = (depth: 0, line: 1)
        for piece in pieces {
            let bytes = Array(piece.html.utf8)
            var i = 0
            while i < bytes.count {
                guard bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count else { i += 1; continue }
                var j = i + 1
                let closing = bytes[j] == UInt8(ascii: "/")
                if closing { j += 1 }
                let nameStart = j
                while j < bytes.count, (bytes[j] | 0x20) >= UInt8(ascii: "a") && (bytes[j] | 0x20) <= UInt8(ascii: "z")
                    || (bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
                guard j > nameStart else { i += 1; continue }
                let name = String(decoding: bytes[nameStart..<j], as: UTF8.self).lowercased()
                while j < bytes.count, bytes[j] != UInt8(ascii: ">") { j += 1 }
                let selfClosing = j < bytes.count && bytes[j - 1] == UInt8(ascii: "/")
                if closing { depth = max(0, depth - 1) }
                else if !selfClosing, !void.contains(name) {
                    depth += 1
                    if depth > deepest.depth { deepest = (depth, piece.line) }
                }
                i = j + 1
            }
        }
        return deepest
    }

    /// Everything in a document's raw HTML that the sanitizer cannot keep whole: `swallows`, and —
    /// with `rawHTML` — nesting deep enough to stop libxml2's parser (checked by parsing only when an
    /// upper bound of the depth comes near `parserMaxDepth`: each Markdown node renders as at most
    /// two nested elements).
    public static func problems(in source: String, outline: Markdown.Outline, rawHTML: Bool) -> [Swallow] {
        var found = swallows(in: outline.rawHTML, rawHTML: rawHTML)
        guard rawHTML else { return found }
        let raw = openDepth(in: outline.rawHTML)
        if 2 * outline.depth + raw.depth + 4 >= parserMaxDepth, parserStops(Markdown.unsanitizedHTML(source)) {
            found.append(Swallow(line: raw.depth > outline.depth ? raw.line : outline.deepestLine, message:
                "the HTML here is nested \(parserMaxDepth) or more elements deep, so the HTML sanitizer would stop reading and drop everything after it; nest less deeply"))
        }
        return found.sorted { ($0.line, $0.message) < ($1.line, $1.message) }
    }

    /// Whether a URL may appear in href/src: http, https, mailto, or relative. Control characters and
    /// whitespace are ignored when reading the scheme, as browsers do (`java\tscript:`).
    public static func isSafeURL(_ value: String) -> Bool { LinkScheme.isAllowed(value) }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
    }

    private static func find(_ element: String, from node: xmlNodePtr?) -> xmlNodePtr? {
        var current = node
        while let n = current {
            if n.pointee.type == XML_ELEMENT_NODE, name(n) == element { return n }
            if let found = find(element, from: n.pointee.children) { return found }
            current = n.pointee.next
        }
        return nil
    }

    private static func writeChildren(of node: xmlNodePtr, to out: inout String) {
        var child = node.pointee.children
        while let c = child {
            write(c, to: &out)
            child = c.pointee.next
        }
    }

    private static func write(_ node: xmlNodePtr, to out: inout String) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { out += escapeText(String(cString: content)) }
        case XML_ELEMENT_NODE:
            let tag = name(node)
            if droppedElements.contains(tag) { return }
            if voidDropped.contains(tag) { writeChildren(of: node, to: &out); return }
            guard allowedElements.contains(tag) else { writeChildren(of: node, to: &out); return }
            if tag == "input", attribute("type", of: node)?.lowercased() != "checkbox" { return }
            out += "<" + tag
            var attr = node.pointee.properties
            let allowed = globalAttributes.union(elementAttributes[tag] ?? [])
            while let a = attr {
                let key = a.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
                let value = attributeValue(a)
                if allowed.contains(key), !urlAttributes.contains(key) || isSafeURL(value),
                   attributeValues[key].map({ $0.contains(value) }) ?? true {
                    out += " \(key)=\"\(escapeAttribute(value))\""
                }
                attr = a.pointee.next
            }
            out += ">"
            if voidElements.contains(tag) { return }
            writeChildren(of: node, to: &out)
            out += "</\(tag)>"
        default:
            return  // comments, processing instructions, doctypes
        }
    }

    private static func attribute(_ key: String, of node: xmlNodePtr) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if a.pointee.name.map({ String(cString: $0) })?.lowercased() == key { return attributeValue(a) }
            attr = a.pointee.next
        }
        return nil
    }

    private static func attributeValue(_ attr: xmlAttrPtr) -> String {
        var value = ""
        var child = attr.pointee.children
        while let c = child {
            if let content = c.pointee.content { value += String(cString: content) }
            child = c.pointee.next
        }
        return value
    }

    private static func escapeText(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func escapeAttribute(_ s: String) -> String {
        escapeText(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
