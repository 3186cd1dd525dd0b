import CCmarkGFM
import Foundation

/// Markdown to HTML through GitHub's cmark-gfm (Debian 0.29.0.gfm.6).
///
/// GFM extensions table, strikethrough, autolink, tagfilter and tasklist; footnotes on. Safe mode:
/// raw HTML becomes a comment and `javascript:` links are emptied. Headings are shifted down one level
/// so the page title stays the only `<h1>`.
public enum Markdown {
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registration is not thread-safe in cmark-gfm; do it once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm 0.29.0.gfm.6 keeps the inline parser's special characters in a process-wide table
    /// that every parse switches on for its extensions' characters (`~` for strikethrough, …) when
    /// its inline phase starts and off when it ends, so one parse ending on one thread turns
    /// `~~strike~~` off for a parse still running on another (measured: a third of 3,000 documents
    /// differed). The extensions' character lists cannot be emptied to stop the switching, since the
    /// same lists say which extension owns a delimiter (emptied, parsing loops forever). So the
    /// inline phase, `cmark_parser_finish`, is serialised; creating parsers, feeding them (block
    /// structure), walking and rendering trees run on every core.
    private static let inlinePhase = NSLock()

    /// Paragraph placeholders the renderers put into Markdown and replace in the HTML (reserved:
    /// content may not contain them).
    public enum Placeholder {
        public static let redacted = "TRUSTPRESS-REDACTED-BLOCK"
        public static let confidentialStart = "TRUSTPRESS-CONFIDENTIAL-START"
        public static let confidentialEnd = "TRUSTPRESS-CONFIDENTIAL-END"
        public static let all = [redacted, confidentialStart, confidentialEnd]
    }

    /// Renders `source` to an HTML fragment.
    /// - Parameters:
    ///   - rawHTML: let raw HTML through (a site's opt-in): tagfilter still applies and the result
    ///     goes through `HTMLSanitizer`. Off by default: raw HTML becomes a comment.
    ///   - rewriteLink: called with every link destination; returns the destination to use.
    ///   - blocks: HTML to put in place of a paragraph that holds only a placeholder.
    public static func html(_ source: String, rawHTML: Bool = false, rewriteLink: ((String) -> String)? = nil,
                            blocks: [String: String] = [:]) -> String {
        var html = render(source, options: CMARK_OPT_FOOTNOTES | (rawHTML ? CMARK_OPT_UNSAFE : 0), rewriteLink: rewriteLink)
        if rawHTML { html = HTMLSanitizer.sanitize(html) }
        // Placeholders only come from the renderers, so skip the scans when the source has none.
        for (token, replacement) in blocks.sorted(by: { $0.key < $1.key }) where source.containsBytes(token) {
            html = html.replacingOccurrences(of: "<p>\(token)</p>", with: replacement)
        }
        return html
    }

    /// A link in Markdown source, with its 1-based position (line, and column in UTF-8 bytes).
    public struct Link: Sendable, Equatable {
        public let destination: String
        public let line: Int
        public let column: Int
        public var isImage = false
    }

    /// Every link and image destination in `source`, in document order: inline and reference links,
    /// autolinks (`<scheme:…>`) and the bare URLs of the GFM autolink extension (`www.…`,
    /// `ftp://…`, `xmpp:…`, e-mail addresses) — every form is a link node of cmark-gfm's tree, so one
    /// walk finds them all.
    ///
    /// cmark-gfm 0.29 gives bare URLs no position: they are found in the source lines of their
    /// block by their text (the next occurrence after the block's previous bare URL).
    public static func links(in source: String) -> [Link] { outline(of: source).links }

    /// A piece of raw HTML in Markdown source: an HTML block or inline HTML, with its 1-based line.
    public struct RawHTML: Sendable, Equatable {
        public let html: String
        public let line: Int
        public let isBlock: Bool
    }

    /// What one walk of a document's tree finds: links of every form and raw HTML, in document order.
    public struct Outline: Sendable, Equatable {
        public var links: [Link] = []
        public var rawHTML: [RawHTML] = []
        /// How deep the tree nests (the document is depth 0), and the 1-based line of the first node
        /// at that depth (for a message about nesting).
        public var depth = 0
        public var deepestLine = 1
    }

    /// One parse and one walk of `source` (see `links(in:)` for how bare URLs are located).
    public static func outline(of source: String) -> Outline {
        var outline = Outline()
        var bytes: [UInt8]?, lineStarts: [Int]?  // made when the first bare URL needs them
        var cursors: [OpaquePointer: Int] = [:]  // block → byte offset after its last bare URL
        withDocument(source) { document, _ in
            guard let iterator = cmark_iter_new(document) else { return }
            defer { cmark_iter_free(iterator) }
            // Nesting depth: a stack of the entered nodes. Leaf nodes are entered and never exited,
            // so entering a node first pops whatever is not its parent.
            var stack: [OpaquePointer] = []
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                if event == CMARK_EVENT_EXIT {
                    while let top = stack.popLast(), top != node {}
                    continue
                }
                guard event == CMARK_EVENT_ENTER else { continue }
                let parent = cmark_node_parent(node)
                while let top = stack.last, top != parent { stack.removeLast() }
                stack.append(node)
                if stack.count - 1 > outline.depth {
                    outline.depth = stack.count - 1
                    let line = Int(cmark_node_get_start_line(node))
                    if line > 0 { outline.deepestLine = line }
                }

                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE, let literal = cmark_node_get_literal(node) {
                    var line = Int(cmark_node_get_start_line(node)), up = parent
                    while line == 0, let p = up { line = Int(cmark_node_get_start_line(p)); up = cmark_node_parent(p) }
                    outline.rawHTML.append(RawHTML(html: String(cString: literal), line: line, isBlock: type == CMARK_NODE_HTML_BLOCK))
                    continue
                }
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) else { continue }
                var line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
                var block: OpaquePointer?
                var up = parent
                while line == 0, let p = up {
                    line = Int(cmark_node_get_start_line(p))
                    column = Int(cmark_node_get_start_column(p))
                    block = p
                    up = cmark_node_parent(p)
                }
                if let block, line >= 1, let child = cmark_node_first_child(node), let literal = cmark_node_get_literal(child) {
                    let text = bytes ?? Array(source.utf8)
                    let starts = lineStarts ?? Self.lineStarts(text)
                    bytes = text
                    lineStarts = starts
                    let end = Int(cmark_node_get_end_line(block))
                    let from = max(cursors[block] ?? 0, starts[min(line, starts.count) - 1])
                    let upper = end >= 1 && end < starts.count ? starts[end] : text.count
                    if let at = find(Array(String(cString: literal).utf8), in: text, from: from, to: upper) {
                        cursors[block] = at + 1
                        // The last line starting at or before `at` (binary search: many bare URLs stay linear).
                        var low = 0, high = starts.count - 1
                        while low < high {
                            let mid = (low + high + 1) / 2
                            if starts[mid] <= at { low = mid } else { high = mid - 1 }
                        }
                        line = low + 1
                        column = at - starts[low] + 1
                    }
                }
                outline.links.append(Link(destination: String(cString: url), line: line, column: column, isImage: type == CMARK_NODE_IMAGE))
            }
        }
        return outline
    }

    /// Byte offsets where each line of `bytes` starts.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
        return starts
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard !needle.isEmpty, from <= to - needle.count else { return nil }
        var i = from
        while i <= to - needle.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Lines (1-based, inclusive ranges) that cmark-gfm reads as code or raw HTML blocks: fenced and
    /// indented code, HTML blocks. Exactly CommonMark's view, including fences closed implicitly at
    /// the end of a list item or block quote.
    public static func literalBlockLines(in source: String) -> [(lines: ClosedRange<Int>, isHTML: Bool)] {
        var ranges: [(lines: ClosedRange<Int>, isHTML: Bool)] = []
        withDocument(source) { document, _ in
            forEachNode(document) { node in
                let type = cmark_node_get_type(node)
                guard type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK else { return }
                let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
                if start > 0 { ranges.append((start...max(start, end), type == CMARK_NODE_HTML_BLOCK)) }
            }
        }
        return ranges
    }

    /// The HTML cmark-gfm renders with raw HTML let through, before `HTMLSanitizer` (to ask the
    /// sanitizer's parser whether it keeps the whole of it).
    static func unsanitizedHTML(_ source: String) -> String {
        render(source, options: CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE, rewriteLink: nil)
    }

    private static func render(_ source: String, options: Int32, rewriteLink: ((String) -> String)?) -> String {
        var out = ""
        withDocument(source, options: options) { document, parser in
            demoteHeadings(document)
            if let rewriteLink {
                forEachNode(document) { node in
                    guard cmark_node_get_type(node) == CMARK_NODE_LINK, let url = cmark_node_get_url(node) else { return }
                    let old = String(cString: url)
                    let new = rewriteLink(old)
                    if new != old { cmark_node_set_url(node, new) }
                }
            }
            // Pass the parser's extensions, or tagfilter is skipped silently.
            guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return }
            out = String(cString: html)
            free(html)
        }
        return out
    }

    private static func withDocument(_ source: String, options: Int32 = CMARK_OPT_FOOTNOTES, _ body: (OpaquePointer, OpaquePointer) -> Void) {
        precondition(registered, "cmark-gfm's extensions are missing")
        guard let parser = cmark_parser_new(options) else { return }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var source = source
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { if let base = $0.baseAddress { cmark_parser_feed(parser, base, $0.count) } }
        }
        inlinePhase.lock()
        let finished = cmark_parser_finish(parser)
        inlinePhase.unlock()
        guard let document = finished else { return }
        defer { cmark_node_free(document) }
        body(document, parser)
    }

    private static func forEachNode(_ document: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }

    private static func demoteHeadings(_ document: OpaquePointer) {
        forEachNode(document) { node in
            guard cmark_node_get_type(node) == CMARK_NODE_HEADING else { return }
            cmark_node_set_heading_level(node, min(6, cmark_node_get_heading_level(node) + 1))
        }
    }
}
