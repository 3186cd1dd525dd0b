import Foundation
import TrustPressCore

/// What `serve` adds to what it sends: the reload script and the page shown while a build fails.
/// None of it is ever written by `build`.
enum Pages {
    /// Where the server's own resources live; no page of a built site is named `_trustpress`.
    static let prefix = "_trustpress"
    static let eventsPath = "/_trustpress/events"
    static let scriptPath = "/_trustpress/reload.js"

    /// Listens for rebuild events and reloads the page when the build it was served from is no
    /// longer the current one (after a rebuild, a failed one included, or a server restart).
    static let reloadScript = """
    (function () {
      "use strict";
      var script = document.currentScript;
      var shown = script ? script.getAttribute("data-generation") : null;
      var events = new EventSource("\(eventsPath)");
      events.addEventListener("build", function (message) {
        var build = JSON.parse(message.data);
        if (build.generation !== shown) { window.location.reload(); }
      });
    })();

    """

    /// The tag that loads the reload script, with the generation the page belongs to.
    static func scriptTag(generation: String) -> String {
        "<script src=\"\(scriptPath)\" data-generation=\"\(escape(generation))\"></script>"
    }

    /// `html` with the script tag right before the last `</body>` (at the end when there is none).
    static func inject(into html: Data, generation: String) -> Data {
        let tag = Data(scriptTag(generation: generation).utf8)
        let closing = Data("</body>".utf8)
        let lowered = Data(html.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
        guard let range = lowered.range(of: closing, options: .backwards) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag, at: range.lowerBound)
        return result
    }

    /// The page shown in place of every HTML page while the last rebuild failed.
    /// - Parameter diagnostics: nil when the viewer may not see them (a network viewer: they can
    ///   quote confidential values); the page then says only that the build failed.
    static func failure(_ diagnostics: [Diagnostic]?, generation: String, hasGoodBuild: Bool) -> Data {
        var body: String
        if let diagnostics {
            let errors = diagnostics.filter { $0.severity == .error }.count
            body = "<p>\(errors) error(s). Fix the content and this page comes back by itself.</p>\n<pre>"
            body += diagnostics.sorted().map { escape($0.description) }.joined(separator: "\n")
            body += "</pre>"
        } else {
            body = "<p>The preview is being edited and its last build failed; it comes back by itself when fixed.</p>"
        }
        if !hasGoodBuild { body += "\n<p>No build has succeeded yet.</p>" }
        return Data("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Build failed · trustpress serve</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
        h1 { color: #a40e26; }
        pre { background: #fbeaea; border-left: 4px solid #a40e26; padding: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        </style>
        </head>
        <body>
        <h1>The build failed</h1>
        \(body)
        \(scriptTag(generation: generation))
        </body>
        </html>

        """.utf8)
    }

    /// Text as HTML character data or a quoted attribute value.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
