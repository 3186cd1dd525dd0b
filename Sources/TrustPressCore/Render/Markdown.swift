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

    /// Each parse toggles a process-wide table of extension special characters in this cmark-gfm
    /// version, so parses are serialised (concurrent parses were seen to drop `~~strike~~`).
    private static let lock = NSLock()

    /// Renders `source` to an HTML fragment.
    public static func html(_ source: String) -> String {
        precondition(registered)
        let options = CMARK_OPT_FOOTNOTES
        lock.lock()
        defer { lock.unlock() }
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        source.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        demoteHeadings(document)
        // Pass the parser's extensions, or tagfilter is skipped silently.
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    private static func demoteHeadings(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
            cmark_node_set_heading_level(node, min(6, cmark_node_get_heading_level(node) + 1))
        }
    }
}
