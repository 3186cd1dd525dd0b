import CCmarkGFM
import Foundation

/// Markdown to HTML through GitHub's cmark-gfm (Debian 0.29.0.gfm.6).
///
/// GFM extensions table, strikethrough, autolink, tagfilter and tasklist; footnotes on. Safe mode:
/// raw HTML becomes a comment and `javascript:` links are emptied. Headings are renumbered from the
/// document's own sequence to sit under the page title (the only `<h1>`) without skipping a level
/// (`Markdown.headingLevels`); policy bodies also give every heading a GitHub-style id
/// (`HeadingSlugger`). Tables are wrapped in a keyboard-reachable scroll region and task-list
/// checkboxes get an accessible name (axe rules scrollable-region-focusable and label).
public enum Markdown {
    /// `text` as Markdown that renders as written: every ASCII punctuation character escaped
    /// (CommonMark §2.4), so a name such as `A*B <Labs>` is neither emphasis nor a tag.
    public static func literal(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch.isASCII, ch.isPunctuation || ch.isSymbol { out.append("\\") }
            out.append(ch)
        }
        return out
    }

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
    ///   - headingIDs: give every heading its `HeadingSlugger` id (the same ids `outline(of:)`
    ///     reports). Only for a fragment that is alone on its page (a policy body): two fragments on
    ///     one page would repeat ids.
    ///   - tableNames: how a table's scroll region is named when no heading names it, or when a
    ///     section has several tables, in the page's language.
    public static func html(_ source: String, rawHTML: Bool = false, rewriteLink: ((String) -> String)? = nil,
                            blocks: [String: String] = [:], headingIDs: Bool = false, tableNames: TableNames = .english) -> String {
        var html = render(source, options: CMARK_OPT_FOOTNOTES | (rawHTML ? CMARK_OPT_UNSAFE : 0), rewrites: [rewriteLink],
                          headingIDs: headingIDs, tableNames: tableNames)[0]
        if rawHTML { html = HTMLSanitizer.sanitize(html) }
        // Placeholders only come from the renderers, so skip the scans when the source has none.
        for (token, replacement) in blocks.sorted(by: { $0.key < $1.key }) where source.containsBytes(token) {
            html = html.replacingOccurrences(of: "<p>\(token)</p>", with: replacement)
        }
        return html
    }

    /// `html(_:rawHTML:rewriteLink:headingIDs:tableNames:)` once per link rewrite, from one parse:
    /// for text that two pages show alike but whose links go to different places (a public policy
    /// without confidential sections, on the public site and in the bundle). Each result is the
    /// HTML that `html` gives with that rewrite. No placeholder blocks: a source with them differs
    /// between the trees.
    /// - Returns: one HTML fragment per rewrite, in order.
    public static func html(_ source: String, rawHTML: Bool = false, rewritingLinks rewrites: [(String) -> String],
                            headingIDs: Bool = false, tableNames: TableNames = .english) -> [String] {
        let html = render(source, options: CMARK_OPT_FOOTNOTES | (rawHTML ? CMARK_OPT_UNSAFE : 0), rewrites: rewrites,
                          headingIDs: headingIDs, tableNames: tableNames)
        return rawHTML ? html.map(HTMLSanitizer.sanitize) : html
    }

    /// The accessible names of table scroll regions (WCAG 2.1 SC 4.1.2): `untitled` for a table with
    /// no section heading (`{number}`: its position among the fragment's tables, from 1);
    /// `repeated` for the second and later tables of one section (`{label}`: the heading).
    public struct TableNames: Sendable {
        public var untitled: String
        public var repeated: String
        public static let english = TableNames(untitled: "Table {number}", repeated: "{label} (table {number})")

        public init(untitled: String, repeated: String) {
            self.untitled = untitled
            self.repeated = repeated
        }

        /// The names in the strings' language (`markdown.table`, `markdown.table_repeated`).
        public init(_ s: Strings) {
            self.init(untitled: s["markdown.table"], repeated: s["markdown.table_repeated"])
        }
    }

    /// A link in Markdown source, with its 1-based position (line, and column in UTF-8 bytes).
    public struct Link: Sendable, Equatable {
        public let destination: String
        public let line: Int
        public let column: Int
        public var isImage = false
        /// An image's alt text as written (whitespace runs kept); nil for a link.
        public var alt: String? = nil
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

    /// A heading of a document, as a policy page shows it.
    public struct Heading: Sendable, Equatable {
        /// The level written in the source (`#` = 1 … `######` = 6).
        public let level: Int
        /// The level on the page, under its `<h1>` title: 2…6 (`headingLevels`).
        public let pageLevel: Int
        /// The heading's text as the page shows it (text and code spans; markup dropped).
        public let text: String
        /// The id the heading gets on a policy page (`HeadingSlugger`), without '#'.
        public let id: String
        /// 1-based line in the Markdown source.
        public let line: Int
    }

    /// What one walk of a document's tree finds: links of every form, raw HTML and headings, in
    /// document order.
    public struct Outline: Sendable, Equatable {
        public var links: [Link] = []
        public var rawHTML: [RawHTML] = []
        public var headings: [Heading] = []
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
        var headings: [(level: Int, text: String, line: Int)] = [], footnotes: [String] = []
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
                if type == CMARK_NODE_HEADING {
                    headings.append((Int(cmark_node_get_heading_level(node)), plainText(node), Int(cmark_node_get_start_line(node))))
                    continue
                }
                if type == CMARK_NODE_FOOTNOTE_DEFINITION, let label = footnoteLabel(node, in: source) { footnotes.append(label) }
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
                let isImage = type == CMARK_NODE_IMAGE
                outline.links.append(Link(destination: String(cString: url), line: line, column: column, isImage: isImage,
                                          alt: isImage ? plainText(node) : nil))
            }
        }
        let plan = headingPlan(headings.map { ($0.level, $0.text) }, footnotes: footnotes)
        outline.headings = zip(headings, plan).map { h, p in
            Heading(level: h.level, pageLevel: p.level, text: h.text, id: p.id, line: h.line)
        }
        return outline
    }

    // MARK: - Headings, tables and task lists

    /// The page level of each heading of a document whose headings are written at `levels`, under a
    /// page title at level `top`: a heading sits one level below the nearest earlier heading written
    /// at a higher level (smaller number), or directly under the title when there is none. So no
    /// level is skipped (`#`,`###` → 2,3; `##`,`####`,`######` → 2,3,4), equal levels stay equal and
    /// h5/h6 do not collapse; only a document using all six levels nested reaches the h6 limit.
    /// Source: HTML Standard §4.3.11 (headings and outlines) and WCAG 2.1 technique G141.
    public static func headingLevels(_ levels: [Int], under top: Int = 1) -> [Int] {
        var stack: [(written: Int, page: Int)] = []
        return levels.map { level in
            while let last = stack.last, last.written >= level { stack.removeLast() }
            let page = min(6, (stack.last?.page ?? top) + 1)
            stack.append((level, page))
            return page
        }
    }

    /// Page levels and ids of a document's headings (`headingLevels`, `HeadingSlugger`), the ids
    /// kept clear of the page's own (`main`) and of the footnotes' (`fn-…`, `fnref-…`).
    static func headingPlan(_ headings: [(level: Int, text: String)], footnotes: [String]) -> [(level: Int, id: String)] {
        let levels = headingLevels(headings.map(\.level))
        var slugger = HeadingSlugger(reserved: HeadingSlugger.pageIDs, footnotes: footnotes)
        return zip(levels, headings).map { level, h in (level, slugger.slug(h.text)) }
    }

    /// The text of a node's inline content as a browser shows it (text, code spans, line breaks as
    /// spaces; images and raw HTML add nothing), whitespace runs kept as written.
    static func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        forEachNode(node) { child in
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                // Text inside an image is its alt text, which is not part of the heading's text.
                var up = cmark_node_parent(child), inImage = false
                while let p = up, p != node { if cmark_node_get_type(p) == CMARK_NODE_IMAGE { inImage = true; break }; up = cmark_node_parent(p) }
                if !inImage { text += String(cString: literal) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    /// A footnote definition's label, which cmark-gfm writes into the `fn-<label>` and `fnref-<label>`
    /// ids. cmark-gfm 0.29 gives neither node its label through the API (a reference's literal is its
    /// number), so it is read from the source line of the definition, before its content: `[^label]:`.
    private static func footnoteLabel(_ node: OpaquePointer, in source: String) -> String? {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        guard line >= 1, column >= 1 else { return nil }
        var lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropFirst(line - 1).makeIterator()
        // The node starts at its content, after `[^label]:` and the spaces that follow.
        guard let text = lines.next().map(Array.init), column - 1 <= text.count else { return nil }
        let before = String(decoding: text[..<(column - 1)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard before.hasSuffix("]:"), let open = before.range(of: "[^", options: .backwards) else { return nil }
        return String(before[open.upperBound..<before.index(before.endIndex, offsetBy: -2)])
    }

    /// `text` with whitespace runs collapsed to one space and trimmed (for an accessible name).
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Renumbers headings (and gives them ids), wraps tables in a scroll region and names task-list
    /// checkboxes, in the tree before it is rendered. Custom nodes are written out raw, so every
    /// value put into them is escaped here. Returns the heading nodes taken out of the tree: the
    /// caller frees them after rendering, since their text nodes' literals point into the
    /// heading's buffer (cmark-gfm's inlines do not own their text).
    private static func decorate(_ document: OpaquePointer, source: String, headingIDs: Bool, tableNames: TableNames) -> [OpaquePointer] {
        var detached: [OpaquePointer] = []
        var headings: [OpaquePointer] = [], tables: [(node: OpaquePointer, heading: Int)] = [], tasks: [OpaquePointer] = []
        var footnotes: [String] = []
        let tasklist = cmark_find_syntax_extension("tasklist")
        forEachNode(document) { node in
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING { headings.append(node) }
            else if type == CMARK_NODE_FOOTNOTE_DEFINITION, let label = footnoteLabel(node, in: source) { footnotes.append(label) }
            else if type == CMARK_NODE_ITEM, tasklist != nil, cmark_node_get_syntax_extension(node) == tasklist { tasks.append(node) }
            else if let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
                tables.append((node, headings.count - 1))
            }
        }
        // Heading texts name the ids and the tables' regions; without either, only levels change.
        let texts = headingIDs || !tables.isEmpty ? headings.map(plainText) : []
        let written = headings.map { Int(cmark_node_get_heading_level($0)) }
        let plan = headingIDs ? headingPlan(zip(written, texts).map { ($0, $1) }, footnotes: footnotes)
                              : headingLevels(written).map { ($0, "") }
        for (node, (level, id)) in zip(headings, plan) {
            cmark_node_set_heading_level(node, Int32(level))
            // cmark-gfm writes no heading ids: the heading's inline content moves into a custom inline
            // whose tags carry the id, inside a custom block (which writes only the line breaks a
            // heading gets). The HTML is cmark-gfm's for the heading, plus the id, without rendering
            // each heading on its own.
            guard headingIDs, let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            guard let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { cmark_node_free(block); continue }
            cmark_node_set_on_enter(inline, "<h\(level) id=\"\(HTML.escape(id))\">")
            cmark_node_set_on_exit(inline, "</h\(level)>")
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                cmark_node_append_child(inline, child)
            }
            cmark_node_append_child(block, inline)
            cmark_node_insert_before(node, block)
            cmark_node_unlink(node)
            detached.append(node)
        }
        // A region needs a name; the section heading names it (numbered when a section has several).
        var used: [String: Int] = [:]
        for (i, table) in tables.enumerated() {
            var label = table.heading >= 0 ? collapsed(texts[table.heading]) : ""
            if label.isEmpty { label = Strings.substitute(tableNames.untitled, ["number": String(i + 1)]) }
            used[label, default: 0] += 1
            if let n = used[label], n > 1 { label = Strings.substitute(tableNames.repeated, ["label": label, "number": String(n)]) }
            guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            cmark_node_set_on_enter(custom, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(HTML.escape(label))\">")
            cmark_node_set_on_exit(custom, "</div>")
            cmark_node_insert_before(table.node, custom)
            cmark_node_unlink(table.node)
            cmark_node_append_child(custom, table.node)
        }
        // The tasklist extension writes a bare `<input>`; it is written here instead, named by the
        // item's text (WCAG 2.1 SC 4.1.2).
        for item in tasks {
            let checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
            let first = cmark_node_first_child(item)
            let name = collapsed(first.map(plainText) ?? "")
            let input = "<input type=\"checkbox\"\(checked ? " checked=\"\"" : "") disabled=\"\""
                + (name.isEmpty ? "" : " aria-label=\"\(HTML.escape(name))\"") + " /> "
            cmark_node_set_syntax_extension(item, nil)
            if let first, cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH, let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(custom, input)
                cmark_node_prepend_child(first, custom)
            } else if let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) {
                cmark_node_set_on_enter(custom, input)
                cmark_node_prepend_child(item, custom)
            }
        }
        return detached
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
        render(source, options: CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE, rewrites: [nil], headingIDs: true, tableNames: .english)[0]
    }

    /// One parse of `source`, rendered once per element of `rewrites` (nil: links as written).
    private static func render(_ source: String, options: Int32, rewrites: [((String) -> String)?], headingIDs: Bool,
                               tableNames: TableNames) -> [String] {
        var out = [String](repeating: "", count: rewrites.count)
        withDocument(source, options: options) { document, parser in
            // Each link with its destination as written: every rewrite starts from those.
            var links: [(node: OpaquePointer, written: String, current: String)] = []
            if rewrites.contains(where: { $0 != nil }) {
                forEachNode(document) { node in
                    guard cmark_node_get_type(node) == CMARK_NODE_LINK, let url = cmark_node_get_url(node) else { return }
                    let written = String(cString: url)
                    links.append((node, written, written))
                }
            }
            // Pass the parser's extensions, or tagfilter is skipped silently.
            let extensions = cmark_parser_get_syntax_extensions(parser)
            // Decorating moves heading contents (links too) into new nodes; the link nodes stay the same.
            let detached = decorate(document, source: source, headingIDs: headingIDs, tableNames: tableNames)
            defer { detached.forEach { cmark_node_free($0) } }
            for (i, rewrite) in rewrites.enumerated() {
                for j in links.indices {
                    let new = rewrite?(links[j].written) ?? links[j].written
                    if new != links[j].current { cmark_node_set_url(links[j].node, new); links[j].current = new }
                }
                guard let html = cmark_render_html(document, options, extensions) else { continue }
                out[i] = String(cString: html)
                free(html)
            }
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

    static func forEachNode(_ document: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }
}
