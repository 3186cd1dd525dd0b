import Foundation
import Mustache

/// The Mustache templates from the templates folder (`public/*.mustache`, `confidential/*.mustache`, the layouts
/// `public-layout` and `confidential-layout` through template inheritance) and the stylesheet `assets/style.css`.
public struct Templates: Sendable {
    let library: MustacheLibrary
    /// Contents of `assets/style.css`.
    let stylesheet: String

    /// Every template the renderers use; each must exist, so a missing or misnamed file is an
    /// error before anything is written.
    static let required = [
        "public-layout", "public/index", "public/certification", "public/attestation", "public/controls",
        "public/policies", "public/policy", "public/subprocessors", "public/404",
        "confidential-layout", "confidential/cover", "confidential/soa", "confidential/attestation",
        "confidential/matrix", "confidential/mapping", "confidential/policies", "confidential/policy",
    ]

    /// Loads every `*.mustache` below `folder`.
    /// - Throws: `DiagnosticsError` for a template that does not parse, a missing template or stylesheet.
    public static func load(from folder: URL, displayPath: String) async throws -> Templates {
        var log = DiagnosticLog()
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: folder.path)
        } catch let error as MustacheLibrary.ParserError {
            log.error(displayPath + "/" + error.filename, error.context.lineNumber, error.context.columnNumber,
                      "template does not parse: \(error.error)")
            throw DiagnosticsError(log.all)
        }
        for name in required where library.getTemplate(named: name) == nil {
            log.error(displayPath + "/" + name + ".mustache", 0, 0, "required template is missing")
        }
        let cssPath = folder.appendingPathComponent("assets/style.css")
        var css = ""
        if let data = FileManager.default.contents(atPath: cssPath.path) {
            css = SourceText.decode(data, path: displayPath + "/assets/style.css", log: &log) ?? ""
        } else {
            log.error(displayPath + "/assets/style.css", 0, 0, "the stylesheet is missing")
        }
        try log.throwIfErrors()
        return Templates(library: library, stylesheet: css)
    }

    /// The text of the public templates: their wording is public by definition, so the leak audit
    /// does not mistake it for confidential content that happens to say the same thing.
    var publicTemplateText: String {
        Self.required.filter { $0.hasPrefix("public") }
            .compactMap { library.getTemplate(named: $0)?.description }.joined(separator: "\n")
    }

    /// Renders `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
