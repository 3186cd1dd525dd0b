import Foundation
import Mustache

/// The Mustache templates of the theme (`public/*.mustache`, `confidential/*.mustache`, the layouts
/// `public-layout` and `confidential-layout` through template inheritance), the stylesheet
/// `assets/style.css` and the other files under `assets/`: the built-in theme (compiled in from
/// `Templates/`) with an override folder's files in place of the built-in ones of the same path.
///
/// Loading fails closed: a file of the folder that is a symbolic link resolving outside it, a template
/// that does not parse or is not UTF-8, a partial (`{{>name}}`, `{{<name}}`) that names no template,
/// or a dynamic partial (`{{>*name}}`, whose name would come from the content) is a located error.
/// Partials may recurse (Mustache lets the data end a recursion), but a recursion nests at most
/// `maxPartialDepth` levels and enters recursive partials at most `maxRecursiveExpansions` times
/// per page; past either, the page is an error instead of a crash or a hang. Every chain, recursive
/// or not, is bounded when loading: at most `maxPartialDepth` partials or parents nested in a chain
/// (`longChains`), and at most `maxNesting` levels of sections and partials on a page (`deepNesting`).
public struct Templates: Sendable {
    let library: MustacheLibrary
    /// Contents of `assets/style.css`.
    let stylesheet: String
    /// The theme's other files under `assets/` (images, fonts, extra stylesheets), copied as they
    /// are into both trees; paths start with `assets/`.
    let assets: [RenderedFile]
    /// The theme's strings in the site's language (`strings/<language>.yaml`), read by templates as `t`.
    public let strings: Strings
    /// The files of an override folder (or of a complete theme folder) that may reach the public
    /// site: every template not of the confidential tree, and every file under `assets/`. They are
    /// the user's content, not trusted boilerplate: the leak audit names them when they leak.
    let userFiles: [UserFile]
    /// The recursive templates (those on a cycle of partials), by the index in their guard's key.
    let recursive: [RecursiveTemplate]
    /// Problems found while rendering (a recursion past the limits), collected across threads.
    /// (Shared by the `specialized(_:)` copies, so `throwIfRenderFailed` sees theirs too.)
    var problems = RenderProblems()
    /// Each template's text as compiled (strings written in), for `specialized(_:)`.
    let compiled: [String: String]

    /// How deep sections (`{{#…}}`, `{{^…}}`, `{{$…}}`, `{{<…}}`) may nest in one template's text.
    static let maxSectionDepth = 100
    /// How deep partials on a cycle may nest, and how many partials or parents a chain may nest (checked
    /// when loading): far more than any real layout, far less than a thread's stack.
    static let maxPartialDepth = 32
    /// How deep sections and partials may nest on one page, all templates taken together (a
    /// recursion counted at `maxPartialDepth` levels): the renderer recurses once per level, and
    /// about 1,100 levels exhausted a thread's stack (debug build).
    static let maxNesting = 400
    /// How often one page may enter a recursive partial: bounds a recursion that fans out.
    static let maxRecursiveExpansions = 10_000

    /// Every template the renderers use; each must exist, so a missing or misnamed file is an
    /// error before anything is written.
    static let required = [
        "public-layout", "public/index", "public/certification", "public/attestation", "public/controls",
        "public/policies", "public/policy", "public/subprocessors", "public/documents", "public/updates", "public/faq", "public/404",
        "confidential-layout", "confidential/cover", "confidential/soa", "confidential/attestation",
        "confidential/bridge-letter", "confidential/matrix", "confidential/mapping", "confidential/policies", "confidential/policy",
    ]

    /// A template on a cycle of partials, and where its first partial tag on that cycle is.
    struct RecursiveTemplate: Sendable {
        var name: String
        var path: String
        var line: Int
        var column: Int
    }

    /// The section keys the guard answers (section names allow letters, digits and `-`).
    static let enterKey = "trustpress-partial-enter-"
    static let leaveKey = "trustpress-partial-leave"
    /// A recursive template's own text is registered under its name plus this suffix (partial names allow `()`).
    static let bodySuffix = "(trustpress-body)"

    /// The display path of the built-in theme's files in diagnostics (they are not on disk).
    public static let builtInDisplay = "<built-in theme>"

    /// The built-in theme (compiled into the binary from `Templates/`), relative path → bytes.
    public static var builtInFiles: [(path: String, contents: Data)] {
        Embedded.theme.map { ($0.path, $0.contents) }
    }

    /// One file of the theme that is not the built-in theme's own.
    struct UserFile: Sendable {
        /// Relative to the theme folder, e.g. `assets/notes.html`.
        var path: String
        /// As diagnostics name it, e.g. `over/assets/notes.html`.
        var display: String
        var contents: Data
    }

    /// One file of the theme being loaded: its bytes (nil when unreadable) and how diagnostics name it.
    struct Source {
        var display: String
        var contents: Data?
    }

    /// Loads the built-in theme, with the files of `overrides` (when given) replacing it file by
    /// file: `public/policy.mustache` in the folder replaces the built-in `public/policy`, and files
    /// below its `assets/` are added to the site's assets (its `assets/style.css` replaces the
    /// built-in stylesheet). A template of the folder that matches no built-in template and that no
    /// template includes as a partial or parent would be ignored, so it is an error with the
    /// closest built-in name; so is any other file outside `assets/`.
    /// - Throws: `DiagnosticsError` with every problem, as `load(from:displayPath:)`, and the above.
    /// `language` is the site's (`site.yaml` `language:`): its strings file must have every key.
    public static func load(overrides folder: URL?, displayPath: String, language: String = "en") async throws -> Templates {
        var log = DiagnosticLog()
        var sources: [String: Source] = [:]
        for file in Embedded.theme {
            sources[file.path] = Source(display: builtInDisplay + "/" + file.path, contents: file.contents)
        }
        let builtIn = Set(sources.keys)
        var overridden: [String] = [], refused: [String] = []
        let display = { (relative: String) in
            folder == nil ? builtInDisplay + "/" + relative : displayPath.isEmpty ? relative : displayPath + "/" + relative
        }
        if let folder {
            guard isFolder(folder) else {
                log.error(displayPath.isEmpty ? "." : displayPath, 0, 0, "the theme folder does not exist",
                          notes: ["it holds only the templates you change; `trustpress theme export DIR` writes the built-in theme to start from"])
                throw DiagnosticsError(log.all)
            }
            let found: [String]
            (found, refused) = Self.files(in: folder, display: display, log: &log)
            for relative in found {
                sources[relative] = Source(display: display(relative),
                                           contents: FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path))
                overridden.append(relative)
            }
        }
        // A strings file of a language the theme lacks is reported by `Strings.load`.
        let unknown = overridden.filter { !builtIn.contains($0) && !$0.hasPrefix("assets/") && !$0.hasPrefix("strings/") }
        return try load(sources: sources, refused: refused, display: display, language: language, log: &log) { texts, log in
            // Every problem with the folder's extra files, now that the partials are known.
            let included = Set(texts.flatMap { name, source in
                partialReferences(in: source.text).map(\.name).filter { $0 != name }
            })
            let templates = builtIn.filter { $0.hasSuffix(".mustache") }
            for relative in unknown {
                let display = sources[relative]!.display
                if relative.hasSuffix(".mustache") {
                    guard !included.contains(String(relative.dropLast(".mustache".count))) else { continue }
                    let guess = Suggestion.closest(to: relative, in: templates)
                    log.error(display, 0, 0, "this template matches no template of the built-in theme and no template includes it, so it would be ignored",
                              notes: (guess.map { ["did you mean '\($0)'?"] } ?? [])
                                + ["an override has the path of the built-in template it replaces (`trustpress theme export DIR` lists them)"])
                } else {
                    // Compared without extensions, so `public/policy.html` finds `public/policy.mustache`.
                    let stem = { (path: String) in path.split(separator: "/").last?.contains(".") == true
                        ? String(path[..<path.range(of: ".", options: .backwards)!.lowerBound]) : path }
                    let stems = Dictionary(builtIn.map { (stem($0), $0) }, uniquingKeysWith: min)
                    let guess = stems[stem(relative)] ?? Suggestion.closest(to: stem(relative), in: stems.keys.sorted()).flatMap { stems[$0] }
                    log.error(display, 0, 0, "this file is neither a template of the built-in theme nor under assets/, so it would be ignored",
                              notes: (guess.map { ["did you mean '\($0)'?"] } ?? [])
                                + ["images, fonts and stylesheets go under assets/ and are copied as they are"])
                }
            }
        }
    }

    /// Loads every `*.mustache` below `folder`, `assets/style.css` and the other files under
    /// `assets/`: a complete theme, without the built-in one.
    /// - Throws: `DiagnosticsError` with every problem: a link out of the folder, a template that
    ///   does not parse or is not UTF-8, a partial that names no template, a dynamic partial, a missing
    ///   template or stylesheet.
    /// Strings files the folder lacks (all, or some keys) come from the built-in theme.
    public static func load(from folder: URL, displayPath: String, language: String = "en") async throws -> Templates {
        var log = DiagnosticLog()
        let display = { (relative: String) in displayPath.isEmpty ? relative : displayPath + "/" + relative }
        guard isFolder(folder) else {
            log.error(displayPath.isEmpty ? "." : displayPath, 0, 0, "the templates folder does not exist",
                      notes: ["pass --templates with the folder that holds public-layout.mustache"])
            throw DiagnosticsError(log.all)
        }
        let (files, refused) = Self.files(in: folder, display: display, log: &log)
        var sources: [String: Source] = [:]
        for relative in files {
            sources[relative] = Source(display: display(relative),
                                       contents: FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path))
        }
        return try load(sources: sources, refused: refused, display: display, language: language, log: &log) { _, _ in }
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Parses and checks the theme's files (relative path → source), `refused` being the paths
    /// already reported as refused; `display` names a file that is missing. `extraChecks` sees
    /// every template's text (by name) and adds its problems before any is thrown.
    static func load(sources: [String: Source], refused: [String], display: (String) -> String, language: String, log: inout DiagnosticLog,
                     extraChecks: ([String: (path: String, text: String)], inout DiagnosticLog) -> Void) throws -> Templates {
        var texts: [String: (path: String, text: String)] = [:]
        /// How deep sections nest in each template (for `deepNesting`).
        var sectionDepths: [String: Int] = [:]
        var templates: [String: MustacheTemplate] = [:]
        // Templates that exist but failed to load: partials naming them are not reported again.
        var failed = Set(refused.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) })
        for (relative, source) in sources.sorted(by: { $0.key < $1.key }) where relative.hasSuffix(".mustache") {
            let name = String(relative.dropLast(".mustache".count))
            guard let data = source.contents else {
                log.error(source.display, 0, 0, "cannot read the file")
                failed.insert(name)
                continue
            }
            guard let text = SourceText.decode(data, path: source.display, log: &log) else {
                failed.insert(name)
                continue
            }
            // The Mustache parser recurses once per section: bound the nesting before it runs.
            let scanned = scan(text)
            if let deep = scanned.tooDeep {
                log.error(source.display, deep.line, deep.column,
                          "sections nest more than \(Self.maxSectionDepth) levels deep here; the template is refused")
                failed.insert(name)
                continue
            }
            do {
                templates[name] = try MustacheTemplate(string: text)
                texts[name] = (source.display, text)
                sectionDepths[name] = scanned.maxDepth
            } catch let error as MustacheTemplate.ParserError {
                log.error(source.display, error.context.lineNumber, error.context.columnNumber,
                          "template does not parse: \(error.error)")
                failed.insert(name)
            }
        }
        // Partials: each must name a template; cycles among them are guarded while rendering.
        var edges: [String: [(target: String, reference: PartialReference)]] = [:]
        for (name, source) in texts.sorted(by: { $0.key < $1.key }) {
            for reference in partialReferences(in: source.text) {
                if reference.dynamic {
                    log.error(source.path, reference.line, reference.column,
                              "dynamic partials ('\(reference.tag)') are not supported: a template's name must not come from the content")
                } else if failed.contains(reference.name) {
                    continue
                } else if templates[reference.name] == nil {
                    let guess = Suggestion.closest(to: reference.name, in: Array(templates.keys))
                    log.error(source.path, reference.line, reference.column,
                              "the partial '\(reference.name)' names no template (there is no \(display(reference.name + ".mustache")))",
                              notes: guess.map { ["did you mean '\($0)'?"] } ?? [])
                } else {
                    edges[name, default: []].append((reference.name, reference))
                }
            }
        }
        for name in required where templates[name] == nil && !failed.contains(name) {
            log.error(display(name + ".mustache"), 0, 0, "required template is missing")
        }
        // The strings files: every language with English's keys, merged over the built-in ones.
        var stringFiles: [(relative: String, display: String, text: String)] = []
        for (relative, source) in sources.sorted(by: { $0.key < $1.key }) where relative.hasPrefix("strings/") {
            guard let data = source.contents else {
                log.error(source.display, 0, 0, "cannot read the file")
                continue
            }
            if let text = SourceText.decode(data, path: source.display, log: &log) {
                stringFiles.append((relative, source.display, text))
            }
        }
        let (strings, stringsType) = Strings.load(stringFiles, language: language, log: &log)
        // Every name a page's templates use must be a variable of the page's data (docs/templates.md).
        TemplateVariables.check(texts.sorted { $0.key < $1.key }.map { .init(name: $0.key, path: $0.value.path, text: $0.value.text) },
                                pages: PageSchema.all, strings: stringsType, log: &log)
        var css = ""
        if let source = sources["assets/style.css"], let data = source.contents {
            css = SourceText.decode(data, path: source.display, log: &log) ?? ""
        } else if let source = sources["assets/style.css"] {
            log.error(source.display, 0, 0, "cannot read the file")
        } else if !refused.contains(where: { $0 == "assets" || $0 == "assets/style.css" })
                    && !log.all.contains(where: { $0.path == display("assets/style.css") }) {
            log.error(display("assets/style.css"), 0, 0, "the stylesheet is missing")
        }
        // The theme's other assets, copied as they are.
        var assets: [RenderedFile] = []
        for (relative, source) in sources.sorted(by: { $0.key < $1.key })
        where relative.hasPrefix("assets/") && relative != "assets/style.css" {
            guard let data = source.contents else {
                log.error(source.display, 0, 0, "cannot read the file")
                continue
            }
            assets.append(RenderedFile(path: relative, contents: data))
        }
        extraChecks(texts, &log)
        // Every chain of inclusions is bounded, not only recursion: 1,500 nested partials crashed.
        for long in longChains(edges) {
            log.error(texts[long.from]!.path, long.reference.line, long.reference.column,
                      "partials nest more than \(Self.maxPartialDepth) levels deep here: the chain of inclusions from '\(long.start)' is \(long.length) long",
                      notes: ["each partial ('{{>name}}') or parent ('{{<name}}') inside an included template adds a level; "
                              + "at most \(Self.maxPartialDepth) may nest"])
        }
        // Fan-out is bounded too: thirty partials each including the next twice render 2^30 times.
        if log.all.isEmpty, let wide = fanOut(edges) {
            log.error(texts[wide.from]!.path, wide.reference.line, wide.reference.column,
                      "partials included here expand to more than \(Self.maxRecursiveExpansions) templates on one page, counted from '\(wide.start)'",
                      notes: ["each '{{>name}}' renders the whole partial, with every partial it includes; include fewer partials in partials"])
        }
        // Sections nested through partials (and recursion) are bounded too: 15 templates of 100
        // nested sections each, one including the next, crashed.
        if log.all.isEmpty, let deep = deepNesting(edges, sectionDepths: sectionDepths) {
            log.error(texts[deep.from]!.path, deep.reference.line, deep.reference.column,
                      "sections and partials nest more than \(Self.maxNesting) levels deep here, counted from '\(deep.start)' "
                      + "(with recursive partials counted at their limit of \(Self.maxPartialDepth) levels)",
                      notes: ["each section, and each partial or parent, adds a level; nest fewer sections around partials"])
        }
        try log.throwIfErrors()

        // The strings are fixed for the build, so `{{t.key}}` is written into each template once
        // here rather than looked up on every page (the lookup walks the whole context stack).
        // Each template starts by choosing the byte-wise escaping (see `ByteHTMLEscaping`); a pragma
        // lasts to the end of its template, so every one, partials and parents too, carries its own.
        var compiled: [String: String] = [:]
        for (name, source) in texts { compiled[name] = inliningStrings(source.text, strings) ?? source.text }
        var recursive: [RecursiveTemplate] = []
        for (name, reference) in onCycles(edges) {
            recursive.append(RecursiveTemplate(name: name, path: texts[name]!.path, line: reference.line, column: reference.column))
        }
        templates = try library(compiled, recursive: recursive)
        let userFiles = sources.sorted(by: { $0.key < $1.key }).compactMap { relative, source -> UserFile? in
            guard !source.display.hasPrefix(builtInDisplay + "/"), let data = source.contents,
                  relative.hasPrefix("assets/") || relative.hasPrefix("strings/")
                    || (relative.hasSuffix(".mustache") && !relative.hasPrefix("confidential"))
            else { return nil }
            return UserFile(path: relative, display: source.display, contents: data)
        }
        return Templates(library: MustacheLibrary(templates: templates), stylesheet: css, assets: assets, strings: strings,
                         userFiles: userFiles, recursive: recursive, compiled: compiled)
    }

    /// The templates to register, from their compiled texts. Each starts by choosing the byte-wise
    /// escaping (see `ByteHTMLEscaping`); a pragma lasts to the end of its template, so every one,
    /// partials and parents too, carries its own. A template on a cycle is registered as a guard
    /// around its own text, so every entry to it is counted: see RenderGuard.
    static func library(_ compiled: [String: String], recursive: [RecursiveTemplate]) throws -> [String: MustacheTemplate] {
        _ = ByteHTMLEscaping.registered
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in compiled { templates[name] = try MustacheTemplate(string: ByteHTMLEscaping.pragma + text) }
        for (i, template) in recursive.enumerated() {
            templates[template.name + bodySuffix] = templates[template.name]
            templates[template.name] = try MustacheTemplate(string: "{{#\(enterKey)\(i)}}{{>\(template.name + bodySuffix)}}"
                + "{{/\(enterKey)\(i)}}{{#\(leaveKey)}}{{/\(leaveKey)}}")
        }
        return templates
    }

    /// These templates with the layout values every page of a render shares written in, as the
    /// strings are: `{{root}}` on the pages one folder down, `{{language}}`, `{{site.title}}`. A
    /// value is written in only where no page value can shadow it: its name's first part must be a
    /// field of no page's data but the layout's own (else a section could give it another value),
    /// so every page renders byte for byte as without it. Names: as templates write them; values:
    /// the text, escaped here as `{{name}}` escapes it.
    func specialized(_ constants: [String: String]) -> Templates {
        let shadowed = Self.pageFieldNames
        let safe = constants.filter { !shadowed.contains(String($0.key.prefix { $0 != "." })) }
        guard !safe.isEmpty else { return self }
        var texts = compiled
        for (name, text) in compiled {
            if let folded = Self.inlining(text, { safe[$0] }) { texts[name] = folded }
        }
        guard let templates = try? Self.library(texts, recursive: recursive) else { return self }
        return Templates(library: MustacheLibrary(templates: templates), stylesheet: stylesheet, assets: assets, strings: strings,
                         userFiles: userFiles, recursive: recursive, problems: problems, compiled: texts)
    }

    /// `specialized(_:)` for each folder depth a render's pages sit at (`""` and `"../"`), with
    /// `root` and `language` written in besides `shared`; `shared` takes `prefix` plus each text
    /// field of `value` (`site.title` …). Other depths render with these templates as they are.
    func byRoot<Value: PageData>(_ prefix: String, _ value: Value) -> [String: Templates] {
        var shared = ["language": strings.language]
        for field in Value.schema.type.fields where field.kind == .text {
            if let text = value.child(named: field.name) as? String { shared[prefix + "." + field.name] = text }
        }
        return Dictionary(uniqueKeysWithValues: ["", "../"].map { root in
            (root, specialized(shared.merging(["root": root]) { a, _ in a }))
        })
    }

    /// The names of every field of the data of pages with a layout, except the layouts' own
    /// top-level fields: a page's own variables and every nested value's (a section's item is
    /// looked up before the layout).
    static let pageFieldNames: Set<String> = {
        var names = Set<String>(), seen = Set<String>()
        func visit(_ type: DataType) {
            guard seen.insert(type.name).inserted else { return }
            for field in type.fields {
                names.insert(field.name)
                visitNested(field.kind)
            }
        }
        /// The value types inside a kind (through optionals and lists).
        func visitNested(_ kind: DataKind) {
            switch kind {
            case let .optional(inner), let .list(inner): visitNested(inner)
            case let .nested(inner): visit(inner)
            default: break
            }
        }
        // Only pages with a layout are rendered with specialized templates (the 404 page is not).
        for page in PageSchema.all where page.layout != nil {
            visit(page.page)
            // The layout's nested values (site, nav items …) but not its top-level names.
            for field in page.layout?.fields ?? [] { visitNested(field.kind) }
        }
        return names
    }()

    /// `text` with every plain variable tag of a string (`{{t.public.nav.overview}}`, spaces allowed
    /// inside the braces) replaced by the string, escaped exactly as Mustache escapes it; nil when
    /// there is none, or when the template changes its delimiters or content type (`{{=…=}}`,
    /// `{{%…}}`), where a tag would not read the same. Sections (`{{#t.…}}`) and raw tags
    /// (`{{{t.…}}}`, `{{&t.…}}`) are left to the renderer; `t` is a reserved name, so no page value
    /// can shadow it and the output is byte for byte what rendering would give.
    static func inliningStrings(_ text: String, _ strings: Strings) -> String? {
        guard text.contains("{{t.") || text.contains("{{ t.") else { return nil }
        return inlining(text) { name in name.hasPrefix("t.") ? strings.values[String(name.dropFirst(2))] : nil }
    }

    /// `text` with every plain variable tag `{{name}}` for which `value` has text replaced by it,
    /// escaped as `{{name}}` escapes it; nil when none is, or when the template changes its
    /// delimiters or content type (`{{=…=}}`, `{{%…}}`), where a tag would not read the same.
    static func inlining(_ text: String, _ value: (String) -> String?) -> String? {
        guard !text.contains("{{="), !text.contains("{{%") else { return nil }
        var out = "", rest = Substring(text), changed = false
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard after.first != "{", let close = after.range(of: "}}") else {
                out += "{{"; rest = after; continue
            }
            let inner = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = value(inner) {
                out += HTML.escape(value)
                changed = true
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = after[close.upperBound...]
        }
        return changed ? out + rest : nil
    }

    /// The files below `folder` (relative paths, sorted; hidden entries skipped). A symbolic link
    /// (to a file or a folder) is followed only when it resolves inside the folder; one that leaves
    /// it is an error, as for content files. Folders reached twice through links are read once.
    /// - Returns: the files read, and the links refused (relative paths).
    static func files(in folder: URL, display: (String) -> String, log: inout DiagnosticLog) -> (files: [String], refused: [String]) {
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        var found: [String] = [], refused: [String] = []
        var visited: Set<String> = [root]
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
            for (name, type) in OutputWriter.entries(of: path) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                var kind = type
                if type == DT_LNK {
                    let target = URL(fileURLWithPath: folder.path + "/" + child).resolvingSymlinksInPath().standardizedFileURL.path
                    guard target.hasPrefix(root + "/") else {
                        log.error(display(child), 0, 0, "the file points outside the templates folder (\(target)); refusing to read it")
                        refused.append(child)
                        continue
                    }
                    var info = stat()
                    guard stat(target, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: kind = Int32(DT_DIR)
                    case S_IFREG: kind = Int32(DT_REG)
                    default: kind = Int32(DT_UNKNOWN)
                    }
                    if kind == DT_DIR {
                        guard visited.insert(target).inserted else { continue }
                    }
                }
                if kind == DT_DIR {
                    pending.append(child)
                } else if kind == DT_REG {
                    found.append(child)
                } else if child.hasSuffix(".mustache") || child == "assets/style.css" {
                    // Reading a pipe or a device would block or never end.
                    log.error(display(child), 0, 0, "this is not a regular file; refusing to read it")
                    refused.append(child)
                }
            }
        }
        return (found.sorted(), refused)
    }

    /// A partial tag in a template's text: `{{>name}}` or a parent `{{<name}}`, with its 1-based
    /// line and column (in characters).
    struct PartialReference: Equatable {
        var name: String
        /// `{{>*name}}`: the template's name is looked up in the data.
        var dynamic: Bool
        var tag: String
        var line: Int
        var column: Int
        /// How many sections of its template enclose the tag.
        var sectionDepth = 0
        /// A parent (`{{<name}}`), not a partial.
        var parent = false
    }

    /// The partial and parent tags of `text`, in order.
    static func partialReferences(in text: String) -> [PartialReference] { scan(text).references }

    /// What `scan` finds in a template's text.
    struct TagScan {
        var references: [PartialReference] = []
        /// Where sections first nest deeper than `maxSectionDepth`, if they do.
        var tooDeep: (line: Int, column: Int)?
        /// How deep sections nest at most.
        var maxDepth = 0
    }

    /// The partial and parent tags of `text`, in order, and how deep its sections nest, following
    /// `{{=<% %>=}}` delimiter changes as the Mustache parser does. Reads the text once.
    static func scan(_ text: String) -> TagScan {
        var result = TagScan()
        var depth = 0
        var open = "{{", close = "}}"
        var index = text.startIndex
        // Line and column of `position`, moved forward only: every character is counted once.
        var line = 1, column = 1, position = text.startIndex
        func advance(to target: String.Index) {
            while position < target {
                if text[position] == "\n" { line += 1; column = 1 } else { column += 1 }
                position = text.index(after: position)
            }
        }
        func opened() {
            depth += 1
            result.maxDepth = max(result.maxDepth, depth)
            if depth > maxSectionDepth, result.tooDeep == nil { result.tooDeep = (line, column) }
        }
        while let start = text.range(of: open, range: index..<text.endIndex) {
            advance(to: start.lowerBound)
            guard let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { break }
            let inside = trimmedLikeParser(text[start.upperBound..<end.lowerBound])
            index = end.upperBound
            switch inside.first {
            case "=" where inside.hasSuffix("=") && inside.count >= 2:
                let parts = inside.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
                if parts.count == 2 { open = String(parts[0]); close = String(parts[1]) }
            case "/": depth = max(depth - 1, 0)
            case "#", "^", "$": opened()
            case ">", "<":
                let name = trimmedLikeParser(inside.dropFirst())
                result.references.append(PartialReference(
                    name: name.hasPrefix("*") ? String(name.dropFirst()) : name, dynamic: name.hasPrefix("*"),
                    tag: open + inside + close, line: line, column: column, sectionDepth: depth, parent: inside.first == "<"))
                if inside.first == "<" { opened() }
            default: break
            }
        }
        return result
    }

    /// `text` without the white space at either end that the Mustache parser skips inside a tag:
    /// `Character.isWhitespace`, the parser's own test (spaces, tabs, line breaks of every kind,
    /// `\r\n` as one character), so the scanner and the parser read the same name from every tag.
    static func trimmedLikeParser<S: StringProtocol>(_ text: S) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    /// The templates that lie on a cycle of partials, each with its first partial tag on that
    /// cycle, sorted by name. Tarjan's strongly connected components: linear in the tags.
    static func onCycles(_ edges: [String: [(target: String, reference: PartialReference)]]) -> [(String, PartialReference)] {
        var result: [(String, PartialReference)] = []
        for component in stronglyConnected(edges) {
            let members = Set(component)
            for name in component {
                // A single template is on a cycle only when it includes itself.
                guard let edge = edges[name]?.first(where: { members.contains($0.target) }) else { continue }
                result.append((name, edge.reference))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// A chain of partial inclusions longer than `maxPartialDepth`: the template it starts at, how
    /// many inclusions it has, and the tag that exceeds the limit (in template `from`).
    struct LongChain {
        var start: String
        var length: Int
        var from: String
        var reference: PartialReference
    }

    /// The chains of inclusions longer than `maxPartialDepth`, one for each template that starts
    /// one and is included by no other template (a template on a cycle stands for its whole cycle,
    /// whose depth the render guard bounds). Longest path in the graph of the cycles: linear in the tags.
    static func longChains(_ edges: [String: [(target: String, reference: PartialReference)]]) -> [LongChain] {
        // Tarjan gives each component after every component it reaches, so heights come in order.
        let components = stronglyConnected(edges)
        var componentOf: [String: Int] = [:]
        for (i, component) in components.enumerated() { for name in component { componentOf[name] = i } }
        var height = [Int](repeating: 0, count: components.count)
        var next = [(from: String, reference: PartialReference, target: Int)?](repeating: nil, count: components.count)
        var included = [Bool](repeating: false, count: components.count)
        for (i, component) in components.enumerated() {
            for name in component.sorted() {
                for edge in edges[name] ?? [] {
                    guard let target = componentOf[edge.target], target != i else { continue }
                    included[target] = true
                    if height[target] + 1 > height[i] {
                        height[i] = height[target] + 1
                        next[i] = (name, edge.reference, target)
                    }
                }
            }
        }
        var found: [LongChain] = []
        for (i, component) in components.enumerated() where height[i] > maxPartialDepth && !included[i] {
            var at = i
            for _ in 0..<maxPartialDepth { at = next[at]!.target }
            let step = next[at]!
            found.append(LongChain(start: component.min()!, length: height[i], from: step.from, reference: step.reference))
        }
        return found.sorted { ($0.from, $0.reference.line, $0.reference.column) < ($1.from, $1.reference.line, $1.reference.column) }
    }

    /// The first template (in name order) whose inclusions, counted with their multiplicity
    /// (a partial included twice renders twice, with everything it includes), expand to more than
    /// `maxRecursiveExpansions` templates, and the inclusion on the way where the count passes it.
    /// Counted on the graph of the cycles (a cycle counts once; the render guard bounds its
    /// entries), so linear in the tags; counts are capped, never overflow.
    static func fanOut(_ edges: [String: [(target: String, reference: PartialReference)]]) -> LongChain? {
        let components = stronglyConnected(edges)
        var componentOf: [String: Int] = [:]
        for (i, component) in components.enumerated() { for name in component { componentOf[name] = i } }
        let cap = maxRecursiveExpansions + 1
        var count = [Int](repeating: 0, count: components.count)
        var heaviest = [(from: String, reference: PartialReference)?](repeating: nil, count: components.count)
        for (i, component) in components.enumerated() {
            var best = -1
            for name in component.sorted() {
                for edge in edges[name] ?? [] {
                    guard let target = componentOf[edge.target], target != i else { continue }
                    count[i] = min(cap, count[i] + 1 + count[target])
                    if count[target] > best { best = count[target]; heaviest[i] = (name, edge.reference) }
                }
            }
        }
        for (i, component) in components.enumerated().sorted(by: { $0.element.min()! < $1.element.min()! })
        where count[i] > maxRecursiveExpansions {
            let step = heaviest[i]!
            return LongChain(start: component.min()!, length: count[i], from: step.from, reference: step.reference)
        }
        return nil
    }

    /// The worst case of how deep sections and partials nest on a page, if it is over `maxNesting`:
    /// the template it is counted from and the tag where the count passes the limit (the
    /// inclusion that exceeds it, or for a recursion its tag on the cycle). A tag costs one level
    /// and one more for each section around it; a template adds its deepest sections; a cycle adds
    /// `maxPartialDepth` times its costliest tag on the cycle plus its parents' depth (the render
    /// guard's bound; each level may render inside those parents again); and a
    /// template with a parent (`{{<name}}`) counts everything of its own on top of the parent's
    /// depth, as its blocks and their partials may render at the parent's deepest point. An upper
    /// bound of what rendering can reach, computed on the graph of the cycles: linear in the tags.
    /// Called once `longChains` found nothing, so the walk below recurses at most `maxPartialDepth` deep.
    static func deepNesting(_ edges: [String: [(target: String, reference: PartialReference)]],
                            sectionDepths: [String: Int]) -> LongChain? {
        typealias Step = (from: String, reference: PartialReference, target: Int)
        let components = stronglyConnected(edges)
        var componentOf: [String: Int] = [:]
        for (i, component) in components.enumerated() { for name in component { componentOf[name] = i } }
        let cost = { (reference: PartialReference) in reference.sectionDepth + 1 }
        let count = components.count
        // What recursion inside a component adds, and the tag on its cycle that costs most.
        var cycle = [(cost: Int, from: String, reference: PartialReference)?](repeating: nil, count: count)
        var own = [Int](repeating: 0, count: count)
        var height = [Int](repeating: 0, count: count)
        // The deepest parent, and the deepest partial when it is deeper than the template's own sections.
        var parent = [Step?](repeating: nil, count: count), partial = [Step?](repeating: nil, count: count)
        var included = [Bool](repeating: false, count: count)
        // Tarjan gives each component after every component it reaches, so heights come in order.
        for (i, component) in components.enumerated() {
            own[i] = component.map { sectionDepths[$0] ?? 0 }.max() ?? 0
            var above = 0, below = own[i]
            // The costliest tag on the cycle (a parent on it adds the cycle's own sections).
            var level: (cost: Int, from: String, reference: PartialReference)?
            for name in component.sorted() {
                for edge in edges[name] ?? [] {
                    guard let target = componentOf[edge.target] else { continue }
                    if target == i {
                        let added = cost(edge.reference) + (edge.reference.parent ? own[i] : 0)
                        if added > level?.cost ?? 0 { level = (added, name, edge.reference) }
                        continue
                    }
                    included[target] = true
                    let depth = cost(edge.reference) + height[target]
                    if edge.reference.parent {
                        if depth > above { above = depth; parent[i] = (name, edge.reference, target) }
                    } else if depth > below {
                        below = depth; partial[i] = (name, edge.reference, target)
                    }
                }
            }
            // Every level of a recursion may render inside the parents of its template again.
            if let level { cycle[i] = (maxPartialDepth * (level.cost + above), level.from, level.reference) }
            height[i] = (cycle[i]?.cost ?? 0) + above + below
        }
        guard let start = components.indices.filter({ height[$0] > maxNesting && !included[$0] })
            .min(by: { components[$0].min()! < components[$1].min()! }) else { return nil }
        // Walk the deepest way, adding what `height` added, until the count passes the limit.
        var total = 0
        var last: (from: String, reference: PartialReference)?
        func passes(_ step: Step) -> Bool {
            total += cost(step.reference)
            last = (step.from, step.reference)
            return total > maxNesting || walk(step.target)
        }
        func walk(_ at: Int) -> Bool {
            if let recursion = cycle[at] {
                total += recursion.cost
                last = (recursion.from, recursion.reference)
                if total > maxNesting { return true }
            }
            if let step = parent[at], passes(step) { return true }
            if let step = partial[at] { return passes(step) }
            total += own[at]
            return total > maxNesting
        }
        // A template's own sections are at most `maxSectionDepth` < `maxNesting`: some tag was passed.
        guard walk(start), let last else { return nil }
        return LongChain(start: components[start].min()!, length: height[start], from: last.from, reference: last.reference)
    }

    /// The strongly connected components of the partial graph (every template with a partial tag,
    /// and every one named by one), each emitted after every component it reaches. Tarjan's
    /// algorithm, iterative, so a long chain of partials cannot exhaust the stack.
    static func stronglyConnected(_ edges: [String: [(target: String, reference: PartialReference)]]) -> [[String]] {
        var index: [String: Int] = [:], low: [String: Int] = [:], onStack: Set<String> = []
        var stack: [String] = [], components: [[String]] = []
        var counter = 0
        let nodes = Set(edges.keys).union(edges.values.flatMap { $0.map(\.target) }).sorted()
        for root in nodes where index[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = work.last {
                let targets = edges[node] ?? []
                if next < targets.count {
                    work[work.count - 1].next += 1
                    let target = targets[next].target
                    if index[target] == nil {
                        index[target] = counter; low[target] = counter; counter += 1
                        stack.append(target); onStack.insert(target)
                        work.append((target, 0))
                    } else if onStack.contains(target) {
                        low[node] = min(low[node]!, index[target]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { low[parent] = min(low[parent]!, low[node]!) }
                    if low[node] == index[node] {
                        var component: [String] = []
                        while let top = stack.popLast() {
                            onStack.remove(top)
                            component.append(top)
                            if top == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }

    /// The text of the built-in theme's public templates: their wording is public by definition, so
    /// the leak audit does not mistake it for confidential content that happens to say the same
    /// thing. An override's wording is not in it: that is the user's content (`userFiles`).
    static let builtInPublicTemplateText: String = (Embedded.theme
        .filter { $0.path.hasPrefix("public") && $0.path.hasSuffix(".mustache") }
        .map { String(decoding: $0.contents, as: UTF8.self) }
        // The built-in strings public pages may show (all but the bundle's own), in every language.
        + Strings.builtIn.sorted { $0.key < $1.key }.flatMap { $0.value.filter { !$0.key.hasPrefix("bundle.") }.sorted { $0.key < $1.key }.map(\.value) })
        .joined(separator: "\n")

    /// Renders `name` with `context`. With recursive templates, the page is rendered under a
    /// `RenderGuard`; a page that trips it is recorded in `problems` (see `throwIfRenderFailed`).
    func render(_ name: String, _ page: some MustacheParent) -> String {
        let context = LocalizedContext(values: page, strings: strings)
        guard !recursive.isEmpty else { return library.render(context, withTemplate: name) ?? "" }
        let guarded = GuardedContext(values: context, guard: RenderGuard())
        let text = library.render(guarded, withTemplate: name) ?? ""
        if let tripped = guarded.guard.tripped {
            let template = recursive[tripped.template]
            problems.add(Diagnostic(
                path: template.path, line: template.line, column: template.column,
                message: tripped.tooDeep
                    ? "partials nest more than \(Self.maxPartialDepth) levels deep here, rendering '\(name)': the recursion does not end with the data"
                    : "recursive partials are entered more than \(Self.maxRecursiveExpansions) times here, rendering '\(name)'",
                notes: ["a partial that includes itself must do so inside a section that the data ends"]))
        }
        return text
    }

    /// - Throws: `DiagnosticsError` with `earlier` and every rendering problem, when there is one.
    func throwIfRenderFailed(_ earlier: [Diagnostic]) throws {
        let found = problems.all
        if !found.isEmpty { throw DiagnosticsError(earlier + found) }
    }
}

/// How `{{name}}` is escaped on every page: the five characters of `HTML.escape` (`&`, `<`, `>`,
/// `"`, `'`), as swift-mustache's HTML escaping does, but byte by byte. swift-mustache's walks the
/// text's Characters through a dictionary, about a sixth of the public render's time at 10,000
/// policies; this one returns text without any of the five as it is. Byte-wise is also stricter:
/// a combining mark after `<` cannot hide it (as one Character it would not match).
struct ByteHTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { HTML.escape(text) }

    static let name = "TRUSTPRESS_HTML"
    /// Put before each template's text: standalone on its own line, so it writes nothing (not even
    /// the line break), and the template's first line renders as it would without it.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"
    /// Registers the content type once, before any template using it is parsed.
    static let registered: Void = MustacheContentTypes.register(ByteHTMLEscaping(), named: name)
}

/// Counts, for one page, how deep recursive partials nest and how often they are entered; once past
/// a limit, it answers "no" to every entry, so the recursion stops and the page is reported.
final class RenderGuard: @unchecked Sendable {  // one page, one thread
    private var depth = 0
    private var entries = 0
    /// The recursive template that tripped the guard first, and whether by depth (or by count).
    private(set) var tripped: (template: Int, tooDeep: Bool)?

    func enter(_ template: Int) -> Bool {
        depth += 1
        entries += 1
        guard tripped == nil else { return false }
        if depth > Templates.maxPartialDepth || entries > Templates.maxRecursiveExpansions {
            tripped = (template, depth > Templates.maxPartialDepth)
            return false
        }
        return true
    }

    func leave() -> Bool {
        depth -= 1
        return false
    }
}

/// The page's context with the guard's keys: `{{#trustpress-partial-enter-N}}` enters recursive
/// template N (a section shown only while within the limits), `{{#trustpress-partial-leave}}` leaves it.
struct GuardedContext: MustacheParent {
    let values: any MustacheParent
    let `guard`: RenderGuard

    func child(named name: String) -> Any? {
        if name.hasPrefix(Templates.enterKey), let n = Int(name.dropFirst(Templates.enterKey.count)) { return `guard`.enter(n) }
        if name == Templates.leaveKey { return `guard`.leave() }
        return values.child(named: name)
    }
}

/// Diagnostics gathered by rendering threads; each distinct one kept once, in a stable order.
final class RenderProblems: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var found: Set<String> = []
    private var diagnostics: [Diagnostic] = []

    func add(_ diagnostic: Diagnostic) {
        lock.lock(); defer { lock.unlock() }
        if found.insert(diagnostic.description).inserted { diagnostics.append(diagnostic) }
    }

    var all: [Diagnostic] {
        lock.lock(); defer { lock.unlock() }
        return diagnostics.sorted()
    }
}
