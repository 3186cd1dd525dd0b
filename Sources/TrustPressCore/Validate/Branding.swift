import CLibXML2
import Foundation

/// An image format a branding file may have, decided by its bytes (never by its name).
public enum ImageKind: String, Sendable, Equatable {
    case svg, png, webp, ico

    /// The file extension that must agree with the bytes.
    public var fileExtension: String { rawValue }
    /// The MIME type, for `<link rel="icon" type=…>` and `<source type=…>`.
    public var mimeType: String {
        switch self {
        case .svg: "image/svg+xml"
        case .png: "image/png"
        case .webp: "image/webp"
        case .ico: "image/x-icon"
        }
    }
    var name: String { self == .svg ? "an SVG image" : self == .ico ? "an ICO icon" : "a \(rawValue.uppercased()) image" }
}

/// A checked branding file and where the public site publishes it.
public struct BrandAsset: Sendable, Equatable {
    public let kind: ImageKind
    public let data: Data
    /// Path in the public tree, e.g. `assets/brand/logo.svg` (fixed names: the source name never
    /// decides a published path).
    public let publicPath: String
}

/// `branding:` of site.yaml after every check: the files' bytes and the two accent colours.
public struct BrandAssets: Sendable, Equatable {
    public var logo: BrandAsset?
    public var logoDark: BrandAsset?
    public var favicon: BrandAsset?
    /// The light-scheme accent as written; nil: the theme's default (no override emitted).
    public var accent: SRGBColor?
    /// The dark-scheme accent as written, or derived from `accent`; nil: the theme's default.
    public var accentDark: SRGBColor?
    /// The dark accent was derived from `accent` (not written).
    public var accentDarkDerived = false

    public init() {}

    /// Every asset with its public path, logo first.
    public var files: [BrandAsset] { [logo, logoDark, favicon].compactMap { $0 } }

    /// The `<style>` overriding `--accent` for both schemes; nil when no accent is configured.
    public var accentCSS: String? {
        guard accent != nil || accentDark != nil else { return nil }
        var css = ""
        if let accent { css += ":root { --accent: \(accent); }" }
        if let accentDark { css += (css.isEmpty ? "" : "\n") + "@media (prefers-color-scheme: dark) { :root { --accent: \(accentDark); } }" }
        return css
    }
}

/// The checks of `branding:` and `highlights:` in site.yaml. Every problem is an error located at
/// its key in site.yaml, all reported at once.
enum Branding {
    /// Larger logos slow every page; 1 MiB is generous for an SVG or PNG logo.
    static let maximumBytes = 1 << 20

    /// Checks and reads the branding files and colours. Problems go to `log`; an asset with a
    /// problem is left out.
    static func load(_ site: Decoded<SiteConfig>, root: URL, log: inout DiagnosticLog) -> BrandAssets {
        var assets = BrandAssets()
        let src = site.source
        if let highlights = site.value.highlights { checkHighlights(highlights, src, &log) }
        guard let b = site.value.branding else { return assets }
        let roles: [(String, String?, Set<ImageKind>, String)] = [
            ("logo", b.logo, [.svg, .png, .webp], "logo"),
            ("logo_dark", b.logoDark, [.svg, .png, .webp], "logo-dark"),
            ("favicon", b.favicon, [.svg, .png, .ico], "favicon"),
        ]
        for (key, path, kinds, name) in roles {
            guard let path else { continue }
            let at: [PathKey] = ["branding", .key(key)]
            guard let asset = file(path, kinds: kinds, name: name, root: root, src, at, &log) else { continue }
            switch key {
            case "logo": assets.logo = asset
            case "logo_dark": assets.logoDark = asset
            default: assets.favicon = asset
            }
        }
        if b.logoDark != nil, b.logo == nil {
            src.error(&log, at: ["branding", "logo_dark"], "'logo_dark' needs 'logo' (the logo on a light background) too",
                      notes: ["add logo: branding/logo.svg, or rename logo_dark to logo"])
        }
        if let text = b.accent {
            if let colour = color(text, src, ["branding", "accent"], &log) {
                assets.accent = colour
                check(colour, against: .lightBackground, scheme: "light", key: "accent", src, &log)
            }
        }
        if let text = b.accentDark {
            if let colour = color(text, src, ["branding", "accent_dark"], &log) {
                assets.accentDark = colour
                check(colour, against: .darkBackground, scheme: "dark", key: "accent_dark", src, &log)
            }
        } else if let accent = assets.accent {
            // One colour rarely reaches 4.5:1 on both backgrounds: lighten it for the dark scheme.
            assets.accentDark = accent.adjusted(against: .darkBackground)
            assets.accentDarkDerived = true
        }
        return assets
    }

    // MARK: - Colours

    private static func color(_ text: String, _ src: SourceMap, _ at: [PathKey], _ log: inout DiagnosticLog) -> SRGBColor? {
        if let c = SRGBColor(hex: text) { return c }
        src.error(&log, at: at, "\(Excerpt.quoted(text)) is not a colour written #rrggbb", notes: ["e.g. accent: \"#1d4ed8\" (quote it: YAML reads # as a comment)"])
        return nil
    }

    /// The accent is link text on the page and its panels, and the background of buttons whose text is
    /// white (light mode) or #0f1620 (dark mode): the ratio against the panel closest in lightness
    /// (`SRGBColor.lightBackground`, `.darkBackground`) covers every pair.
    private static func check(_ colour: SRGBColor, against background: SRGBColor, scheme: String, key: String,
                              _ src: SourceMap, _ log: inout DiagnosticLog) {
        let ratio = colour.contrast(with: background)
        guard ratio < SRGBColor.minimumContrast else { return }
        let better = colour.adjusted(against: background)
        src.error(&log, at: ["branding", .key(key)],
                  "\(key) \(colour) has a contrast ratio of \(SRGBColor.format(ratio)) against the \(scheme) background \(background); WCAG 2.1 (success criterion 1.4.3) needs 4.5:1",
                  notes: ["the accent is link text on panels of \(background) and the background of buttons",
                          "try \(better) (\(SRGBColor.format(better.contrast(with: background)))), the nearest colour of the same hue that passes"])
    }

    // MARK: - Files

    /// Checks one branding file: a plain relative path, a regular file (no symbolic link anywhere on
    /// the way), at most `maximumBytes`, an allowed type by its bytes, an extension that agrees, and
    /// for SVG the safety rules of `svgProblems`.
    private static func file(_ path: String, kinds: Set<ImageKind>, name: String, root: URL, _ src: SourceMap,
                             _ at: [PathKey], _ log: inout DiagnosticLog) -> BrandAsset? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, !path.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              !path.contains("\\") else {
            src.error(&log, at: at, "\(Excerpt.quoted(path)) must be a path inside the content folder, relative to it",
                      notes: ["e.g. branding/logo.svg (no leading '/', no '..')"])
            return nil
        }
        var url = root
        for (i, component) in components.enumerated() {
            url.appendPathComponent(component)
            var info = stat()
            guard lstat(url.path, &info) == 0 else {
                src.error(&log, at: at, "\(Excerpt.quoted(path)) does not exist in the content folder",
                          notes: ["put the file into the content folder, e.g. branding/\(name).svg"])
                return nil
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK {
                src.error(&log, at: at, "\(Excerpt.quoted(components[...i].joined(separator: "/"))) is a symbolic link; branding files must be regular files",
                          notes: ["a link never decides what is published: copy the file into the content folder"])
                return nil
            }
            if i == components.count - 1 {
                guard type == S_IFREG else {
                    src.error(&log, at: at, "\(Excerpt.quoted(path)) is not a regular file")
                    return nil
                }
                guard info.st_size <= maximumBytes else {
                    src.error(&log, at: at, "\(Excerpt.quoted(path)) is \(info.st_size) bytes; branding files may be at most 1 MiB",
                              notes: ["optimize the image (an SVG logo is usually a few kilobytes)"])
                    return nil
                }
            }
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            src.error(&log, at: at, "\(Excerpt.quoted(path)) cannot be read")
            return nil
        }
        let detected = sniff(data)
        guard case let .success(kind) = detected else {
            if case let .failure(problem) = detected { src.error(&log, at: at, "\(Excerpt.quoted(path)) \(problem.message)") }
            return nil
        }
        let allowed = kinds.sorted { $0.rawValue < $1.rawValue }.map { $0.rawValue.uppercased() }
        guard kinds.contains(kind) else {
            src.error(&log, at: at, "\(Excerpt.quoted(path)) is \(kind.name); '\(at.last!.stringValue)' may be \(allowed.joined(separator: ", "))")
            return nil
        }
        let ext = (path.split(separator: "/").last.map(String.init) ?? "").split(separator: ".").last.map { $0.lowercased() } ?? ""
        let extensionOK = path.contains(".") && ext == kind.fileExtension
        if !extensionOK {
            src.error(&log, at: at, "\(Excerpt.quoted(path)) is \(kind.name) but its name does not end in .\(kind.fileExtension)",
                      notes: ["rename it so its name says what its bytes are"])
        }
        var safe = true
        if kind == .svg {
            for problem in svgProblems(data) {
                src.error(&log, at: at, "\(Excerpt.quoted(path))\(problem.line > 0 ? ":\(problem.line)" : ""): \(problem.message)",
                          notes: ["branding SVGs may not script, handle events or load anything: remove it (most editors have an 'optimized SVG' export)"])
                safe = false
            }
        }
        guard safe, extensionOK else { return nil }
        return BrandAsset(kind: kind, data: data, publicPath: "assets/brand/\(name).\(kind.fileExtension)")
    }

    struct Problem: Error, Equatable {
        var line: Int = 0
        var message: String
    }

    /// The image type by magic bytes (PNG and WebP signatures and first chunk, the ICO header) or, for
    /// text starting with `<`, an XML document whose root element is `svg`.
    static func sniff(_ data: Data) -> Result<ImageKind, Problem> {
        let bytes = [UInt8](data)
        func ascii(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return bytes.count >= 33 && ascii(12..<16) == "IHDR" ? .success(.png) : .failure(Problem(message: "is a damaged PNG image (no IHDR chunk)"))
        }
        if bytes.count >= 4, ascii(0..<4) == "RIFF" {
            return bytes.count >= 16 && ascii(8..<12) == "WEBP" && ["VP8 ", "VP8L", "VP8X"].contains(ascii(12..<16))
                ? .success(.webp) : .failure(Problem(message: "is a RIFF file but not a WebP image"))
        }
        if bytes.starts(with: [0, 0, 1, 0]) {
            let count = bytes.count >= 6 ? Int(bytes[4]) | Int(bytes[5]) << 8 : 0
            return count > 0 && bytes.count >= 6 + 16 * count ? .success(.ico) : .failure(Problem(message: "is a damaged ICO icon (no images in its directory)"))
        }
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        if let first = text.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first == UInt8(ascii: "<") {
            return withDocument(data) { doc in
                guard let doc else { return .failure(Problem(message: "is not well-formed XML, so it is not an SVG image")) }
                guard let root = xmlDocGetRootElement(doc), String(cString: root.pointee.name) == "svg" else {
                    return .failure(Problem(message: "is XML but not an SVG image (its root element is not <svg>)"))
                }
                return .success(.svg)
            }
        }
        return .failure(Problem(message: "is not an SVG, PNG, WebP or ICO image"))
    }

    /// libxml2's XML parser, strict and offline: no network, no DTD loading, no entity substitution,
    /// no messages on stderr.
    private static func withDocument<T>(_ data: Data, _ body: (xmlDocPtr?) -> T) -> T {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc = data.withUnsafeBytes { raw -> xmlDocPtr? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(clamping: raw.count), "branding.svg", nil, options)
        }
        defer { if let doc { xmlFreeDoc(doc) } }
        return body(doc)
    }

    /// Everything in an SVG that could run or load something, each with its line: `<script>`,
    /// `<foreignObject>`, `on*` event-handler attributes, `href`/`xlink:href` to anything but
    /// `#fragment`, `url(` to anything but `#`, `@import`, processing instructions (a stylesheet
    /// link), and entity declarations (external entities, entity expansion).
    static func svgProblems(_ data: Data) -> [Problem] {
        withDocument(data) { doc -> [Problem] in
            guard let doc else { return [Problem(message: "is not well-formed XML")] }
            var problems: [Problem] = []
            if let dtd = doc.pointee.intSubset, dtd.pointee.entities != nil {
                problems.append(Problem(message: "declares entities in its DOCTYPE; entities are not allowed"))
            }
            func line(_ n: xmlNodePtr) -> Int { Int(xmlGetLineNo(n)) }
            func checkCSS(_ css: String, _ n: xmlNodePtr, _ where_: String) {
                if css.lowercased().contains("@import") {
                    problems.append(Problem(line: line(n), message: "\(where_) uses @import, which loads an external stylesheet"))
                }
                if let target = externalURL(css) {
                    problems.append(Problem(line: line(n), message: "\(where_) refers to \(Excerpt.quoted(target)) with url(); only url(#id) is allowed"))
                }
            }
            func visit(_ first: xmlNodePtr?, depth: Int) {
                var node = first
                while let n = node, problems.count < 20 {
                    defer { node = n.pointee.next }
                    switch n.pointee.type {
                    case XML_PI_NODE:
                        problems.append(Problem(line: line(n), message: "has a processing instruction <?\(String(cString: n.pointee.name))?>, which can load a stylesheet"))
                    case XML_ENTITY_REF_NODE:
                        problems.append(Problem(line: line(n), message: "uses the entity &\(String(cString: n.pointee.name));"))
                    case XML_ELEMENT_NODE:
                        let name = String(cString: n.pointee.name)
                        let lower = name.lowercased()
                        if lower == "script" {
                            problems.append(Problem(line: line(n), message: "has a <script> element"))
                        } else if lower == "foreignobject" {
                            problems.append(Problem(line: line(n), message: "has a <foreignObject> element, which embeds HTML"))
                        } else if ["iframe", "embed", "object", "audio", "video", "handler", "listener"].contains(lower) {
                            problems.append(Problem(line: line(n), message: "has an <\(name)> element"))
                        }
                        var attr = n.pointee.properties
                        while let a = attr {
                            let key = String(cString: a.pointee.name)
                            let value = attributeValue(a)
                            if key.lowercased().hasPrefix("on") {
                                problems.append(Problem(line: line(n), message: "has the event-handler attribute \(key) on <\(name)>"))
                            } else if key.lowercased() == "href" || key.lowercased() == "src" {
                                if !value.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("#") {
                                    problems.append(Problem(line: line(n), message: "<\(name)> \(key) refers to \(Excerpt.quoted(value)); only #fragment references are allowed"))
                                }
                            } else {
                                checkCSS(value, n, "the attribute \(key) of <\(name)>")
                            }
                            attr = a.pointee.next
                        }
                        if lower == "style" {
                            var text = ""
                            var child = n.pointee.children
                            while let c = child {
                                if let content = c.pointee.content { text += String(cString: content) }
                                child = c.pointee.next
                            }
                            checkCSS(text, n, "<style>")
                        }
                        if depth < 256 { visit(n.pointee.children, depth: depth + 1) }
                    default:
                        break
                    }
                }
            }
            visit(doc.pointee.children, depth: 0)
            return problems
        }
    }

    /// The first `url(…)` in CSS whose target is not a `#fragment`; nil when there is none.
    static func externalURL(_ css: String) -> String? {
        var rest = Substring(css)
        while let range = rest.range(of: "url(", options: .caseInsensitive) {
            let after = rest[range.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\t" }
            if !after.hasPrefix("#") {
                return String(after.prefix { $0 != ")" }.prefix(60))
            }
            rest = rest[range.upperBound...]
        }
        return nil
    }

    private static func attributeValue(_ a: xmlAttrPtr) -> String {
        var value = ""
        var child = a.pointee.children
        while let c = child {
            if let content = c.pointee.content { value += String(cString: content) }
            child = c.pointee.next
        }
        return value
    }

    // MARK: - Highlights

    private static func checkHighlights(_ highlights: [Highlight], _ src: SourceMap, _ log: inout DiagnosticLog) {
        for (i, h) in highlights.enumerated() {
            let at: [PathKey] = ["highlights", .index(i)]
            for (key, value) in [("title", h.title), ("text", h.text)] where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                src.error(&log, at: at + [.key(key)], "'highlights[\(i)].\(key)' is empty; expected text")
            }
            if Icons.svg(h.icon) == nil {
                let guess = Suggestion.didYouMean(h.icon, in: Icons.names)
                src.error(&log, at: at + ["icon"], "unknown icon \(Excerpt.quoted(h.icon))",
                          notes: guess + ["the built-in icons are \(Icons.names.joined(separator: ", "))"])
            }
        }
    }
}
