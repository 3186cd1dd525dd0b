import Foundation
import Testing
@testable import TrustPressCore
#if canImport(Glibc)
import Glibc
#endif

/// Templates fail closed: links out of the templates folder, partials that name nothing, dynamic
/// partials and templates that do not parse are located errors; recursive partials are bounded.
@Suite("Template safety")
struct TemplateSafetyTests {
    /// A copy of the repo's templates in a fresh folder, changed by `files` (relative path → text).
    func templates(_ files: [String: String] = [:]) throws -> URL {
        let dir = try makeTemporaryFolder("templates")
        let copy = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Paths.templates, to: copy)
        try writeFiles(files, into: copy)
        return copy
    }

    func load(_ folder: URL) async throws -> Templates {
        try await Templates.load(from: folder, displayPath: "Templates")
    }

    /// The diagnostics of a load that must fail.
    func loadErrors(_ folder: URL, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        do {
            _ = try await load(folder)
            Issue.record("the templates should have been refused", sourceLocation: sourceLocation)
            return ""
        } catch let error as DiagnosticsError {
            return descriptions(error.diagnostics)
        } catch {
            Issue.record("expected DiagnosticsError, got \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    func builder(templates: URL, output: URL? = nil) -> Builder {
        Builder(options: .init(
            content: Paths.fixture("mini-site"), contentDisplay: "mini-site", templates: templates, templatesDisplay: "Templates",
            output: output ?? FileManager.default.temporaryDirectory.appendingPathComponent("trustpress-unused-\(UUID().uuidString)"),
            buildDate: testDate))
    }

    @Test("A stylesheet or template that is a symbolic link out of the templates folder is refused",
          arguments: ["assets/style.css", "public/policy.mustache", "partials/secret.mustache", "assets"])
    func linkOutside(_ path: String) async throws {
        let folder = try templates()
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let outside = folder.deletingLastPathComponent().appendingPathComponent("runner-environment")
        try Data("SECRET_TOKEN=canary-3f9a\n".utf8).write(to: outside)
        let link = folder.appendingPathComponent(path)
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        let errors = await loadErrors(folder)
        let expected = "Templates/\(path): error: the file points outside the templates folder (\(outside.path)); refusing to read it"
        #expect(errors.hasPrefix(expected), "\(errors)")
        #expect(!errors.contains("canary-3f9a"))
    }

    @Test("A template or stylesheet that is a pipe is refused instead of blocking the build",
          arguments: ["public/extra.mustache", "assets/style.css"])
    func pipeRefused(_ path: String) async throws {
        let folder = try templates()
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(path))
        try #require(mkfifo(folder.appendingPathComponent(path).path, 0o644) == 0)
        #expect(await loadErrors(folder) == "Templates/\(path): error: this is not a regular file; refusing to read it")
    }

    @Test("A symbolic link that stays inside the templates folder is followed")
    func linkInside() async throws {
        let folder = try templates(["themes/dark.css": "body { color: #eee }\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let css = folder.appendingPathComponent("assets/style.css")
        try FileManager.default.removeItem(at: css)
        try FileManager.default.createSymbolicLink(atPath: css.path, withDestinationPath: "../themes/dark.css")
        let loaded = try await load(folder)
        #expect(loaded.stylesheet == "body { color: #eee }\n")
    }

    @Test("Partials that name no template, dynamic partials and templates that do not parse are all reported at once")
    func badPartials() async throws {
        let folder = try templates([
            "public/404.mustache": "<p>\n  {{> public/indx}}\n</p>\n",
            "public/subprocessors.mustache": "{{=<% %>=}}\n<%>*pageName%>\n",
            "confidential/cover.mustache": "<h1>{{#site}}{{title}}</h1>\n",
            "partials/row.mustache": "{{<no-such-layout}}{{/no-such-layout}}\n",
        ])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        #expect(await loadErrors(folder) == """
            Templates/confidential/cover.mustache:2:1: error: template does not parse: expectedSectionEnd
            Templates/partials/row.mustache:1:1: error: the partial 'no-such-layout' names no template (there is no Templates/no-such-layout.mustache)
            Templates/public/404.mustache:2:3: error: the partial 'public/indx' names no template (there is no Templates/public/indx.mustache)
            Templates/public/404.mustache:2:3: note: did you mean 'public/index'?
            Templates/public/subprocessors.mustache:2:1: error: dynamic partials ('<%>*pageName%>') are not supported: a template's name must not come from the content
            """)
    }

    @Test("Sections nested past 100 levels are refused before the parser recurses (20,000 crashed it)",
          arguments: [(100, nil), (101, "1:601"), (20_000, "1:601")] as [(Int, String?)])
    func deepSections(_ depth: Int, _ location: String?) async throws {
        let folder = try templates(["partials/deep.mustache": "\n" + String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        if let location {
            let line = location.replacingOccurrences(of: "1:", with: "2:")
            #expect(await loadErrors(folder) == "Templates/partials/deep.mustache:\(line): error: sections nest more than 100 levels deep here; the template is refused")
        } else {
            _ = try await load(folder)
        }
    }

    @Test("Partial tags are found with their line and column, through delimiter changes and comments")
    func partialReferences() {
        let text = "a {{! a comment\nover two lines }} {{> one }}\n{{=<% %>=}}<%<two%><%/two%>{{>not-a-tag}}\n  <%>*three%>"
        let found = Templates.partialReferences(in: text).map { "\($0.name)@\($0.line):\($0.column)\($0.dynamic ? " dynamic" : "")" }
        #expect(found == ["one@2:19", "two@3:12", "three@4:3 dynamic"])
    }

    @Test("A partial that includes itself is a located error, not a crash", arguments: [
        "{{>public/loop}}", "{{#site}}{{>public/loop}}{{/site}}", "x{{>public/loop-b}}",
    ])
    func selfInclusion(_ loop: String) async throws {
        // loop-b only where loop includes it: an override folder's template that nothing includes is an error.
        var files = ["public/loop.mustache": loop, "public/404.mustache": "{{>public/loop}}\n"]
        if loop.contains("loop-b") { files["public/loop-b.mustache"] = "{{#site.title}}{{>public/loop}}{{/site.title}}" }
        let folder = try templates(files)
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        do {
            _ = try await builder(templates: folder).render()
            Issue.record("the render should have failed")
        } catch let error as DiagnosticsError {
            let errors = error.diagnostics.filter { $0.severity == .error }
            let column = loop.hasPrefix("x") ? 2 : loop.hasPrefix("{{#") ? 10 : 1
            #expect(descriptions(errors) == """
                Templates/public/loop.mustache:1:\(column): error: partials nest more than 32 levels deep here, rendering 'public/404': the recursion does not end with the data
                Templates/public/loop.mustache:1:\(column): note: a partial that includes itself must do so inside a section that the data ends
                """)
        }
    }

    @Test("trustpress build with a self-including partial exits 1 with a located error (it crashed with SIGSEGV)")
    func selfInclusionCommandLine() throws {
        let folder = try templates(["public/loop.mustache": "{{>public/loop}}", "public/404.mustache": "{{>public/loop}}\n"])
        let dir = folder.deletingLastPathComponent()
        defer { removeTemporaryFolder(dir) }
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", "Templates",
                                                     "--output", "out", "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Templates/public/loop.mustache:1:1: error: partials nest more than 32 levels deep here, rendering 'public/404'"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    /// `depth` nested nodes, each with `fanOut` children (the innermost with none).
    func tree(depth: Int, fanOut: Int) -> [String: Any] {
        var node: [String: Any] = ["name": "leaf", "children": [[String: Any]]()]
        for level in 1..<max(depth, 1) { node = ["name": "n\(level)", "children": Array(repeating: node, count: fanOut)] }
        return node
    }

    @Test("A recursion the data ends renders in full up to the depth limit; one level more is an error")
    func recursionEndedByData() async throws {
        let folder = try templates(["partials/tree.mustache": "{{name}}{{#children}}({{>partials/tree}}){{/children}}"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let loaded = try await load(folder)
        #expect(loaded.render("partials/tree", tree(depth: 3, fanOut: 1)) == "n2(n1(leaf))")
        #expect(loaded.render("partials/tree", tree(depth: 3, fanOut: 2)) == "n2(n1(leaf)(leaf))(n1(leaf)(leaf))")
        #expect(loaded.problems.all.isEmpty)

        let deepest = loaded.render("partials/tree", tree(depth: Templates.maxPartialDepth, fanOut: 1))
        #expect(deepest.hasSuffix("(leaf" + String(repeating: ")", count: Templates.maxPartialDepth - 1)))
        #expect(loaded.problems.all.isEmpty)

        _ = loaded.render("partials/tree", tree(depth: Templates.maxPartialDepth + 1, fanOut: 1))
        #expect(descriptions(loaded.problems.all) == """
            Templates/partials/tree.mustache:1:23: error: partials nest more than 32 levels deep here, rendering 'partials/tree': the recursion does not end with the data
            Templates/partials/tree.mustache:1:23: note: a partial that includes itself must do so inside a section that the data ends
            """)
    }

    @Test("A recursion that fans out is stopped after 10,000 entries on one page")
    func recursionFanningOut() async throws {
        let folder = try templates(["partials/tree.mustache": "{{#children}}{{>partials/tree}}{{/children}}"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        let loaded = try await load(folder)
        // 2^13 - 1 = 8,191 entries: within the limit; 2^14 - 1 = 16,383: past it.
        _ = loaded.render("partials/tree", tree(depth: 13, fanOut: 2))
        #expect(loaded.problems.all.isEmpty)
        _ = loaded.render("partials/tree", tree(depth: 14, fanOut: 2))
        #expect(descriptions(loaded.problems.all) == """
            Templates/partials/tree.mustache:1:14: error: recursive partials are entered more than 10000 times here, rendering 'partials/tree'
            Templates/partials/tree.mustache:1:14: note: a partial that includes itself must do so inside a section that the data ends
            """)
    }

    @Test("Templates without recursion render exactly as before (the sample site is byte-identical to its goldens elsewhere)")
    func noRecursionNoGuard() async throws {
        let loaded = try await load(Paths.templates)
        #expect(loaded.recursive.isEmpty)
    }

    @Test("A line break inside a partial tag is skipped as the parser skips it (it was reported as naming no template)")
    func partialTagLineBreaks() async throws {
        let text = "{{>public/rec\n}}{{>\r\n\tone\u{2028}}}{{<\ntwo\r\n}}{{/two}}"
        #expect(Templates.partialReferences(in: text).map(\.name) == ["public/rec", "one", "two"])
        let folder = try templates(["public/rec.mustache": "{{>public/rec\n}}", "public/404.mustache": "{{>public/rec}}\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        // Now found to include itself: the recursion guard reports it, located.
        do {
            _ = try await builder(templates: folder).render()
            Issue.record("the render should have failed")
        } catch let error as DiagnosticsError {
            #expect(descriptions(error.diagnostics.filter { $0.severity == .error }) == """
                Templates/public/rec.mustache:1:1: error: partials nest more than 32 levels deep here, rendering 'public/404': the recursion does not end with the data
                Templates/public/rec.mustache:1:1: note: a partial that includes itself must do so inside a section that the data ends
                """)
        }
    }

    /// Templates `c1` … `c<depth>`, each including the next (with `tag`: `>` a partial, `<` a parent), and
    /// `public/404` including `c1`. Partials are named `public/c…`; parents `c…` (a section name has no `/`).
    func chain(_ depth: Int, tag: String = ">") -> [String: String] {
        let prefix = tag == "<" ? "" : "public/"
        let include = { (level: Int) in "{{\(tag)\(prefix)c\(level)}}" + (tag == "<" ? "{{/\(prefix)c\(level)}}" : "") + "\n" }
        var files = ["public/404.mustache": include(1)]
        for level in 1...depth { files["\(prefix)c\(level).mustache"] = level == depth ? "end\n" : include(level + 1) }
        return files
    }

    @Test("A chain of 32 nested partials renders; 33 and more is a located error at the tag past the limit",
          arguments: [(32, ">"), (33, ">"), (40, ">"), (32, "<"), (40, "<"), (2_000, ">"), (2_000, "<")])
    func partialChains(_ depth: Int, _ tag: String) async throws {
        let folder = try templates(chain(depth, tag: tag))
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        if depth <= Templates.maxPartialDepth {
            let loaded = try await load(folder)
            #expect(loaded.render("public/404", [:]) == "end\n")  // standalone tags leave no line of their own
            #expect(loaded.problems.all.isEmpty)
        } else {
            let file = tag == "<" ? "c32" : "public/c32"
            #expect(await loadErrors(folder) == """
                Templates/\(file).mustache:1:1: error: partials nest more than 32 levels deep here: the chain of inclusions from 'public/404' is \(depth) long
                Templates/\(file).mustache:1:1: note: each partial ('{{>name}}') or parent ('{{<name}}') inside an included template adds a level; at most 32 may nest
                """)
        }
    }

    /// Second review: thirty partials each including the next twice rendered 2^30 times (a hang).
    /// Each level includes the next twice: `levels` deep, a page includes 2^levels − 1 templates
    /// (13 levels: 8,191, within the bound; 14: 16,383, over it).
    @Test("Partials that fan out past 10,000 inclusions on a page are a located error", arguments: [13, 14, 30])
    func fanOut(_ levels: Int) async throws {
        var files = ["public/404.mustache": "{{>public/f1}}\n"]
        for level in 1...levels {
            files["public/f\(level).mustache"] = level == levels ? "x\n" : "{{>public/f\(level + 1)}}{{>public/f\(level + 1)}}\n"
        }
        let folder = try templates(files)
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        if levels == 13 {
            let loaded = try await load(folder)
            #expect(loaded.render("public/404", [:]).filter { $0 == "x" }.count == 4_096)  // 2^12 leaves
        } else {
            let errors = await loadErrors(folder)
            #expect(errors.hasPrefix("Templates/public/404.mustache:1:1: error: partials included here expand to more than 10000 templates on one page, counted from 'public/404'"))
        }
    }

    @Test("trustpress build with a chain of 40 nested partials exits 1 with a located error (2,000 crashed with SIGSEGV)")
    func partialChainCommandLine() throws {
        let folder = try templates(chain(40))
        let dir = folder.deletingLastPathComponent()
        defer { removeTemporaryFolder(dir) }
        let run = try CommandLineTests().trustpress(["build", "--content", Paths.fixture("mini-site").path, "--templates", "Templates",
                                                     "--output", "out", "--date", "2026-11-30", "--quiet"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Templates/public/c32.mustache:1:1: error: partials nest more than 32 levels deep here: the chain of inclusions from 'public/404' is 40 long"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    /// `text` inside `depth` nested sections on `home`: a variable of the 404 page, so the template
    /// checker accepts them (an unknown name would be an error of its own); shown when rendered with
    /// `shown`, which sets it. Tags as long as the `{{^nope}}` used before, so columns are unchanged.
    func nested(_ depth: Int, _ text: String) -> String {
        String(repeating: "{{#home}}", count: depth) + text + String(repeating: "{{/home}}", count: depth)
    }

    /// A context in which `nested` sections show their content.
    let shown: [String: Any] = ["home": "https://example.com/"]

    @Test("Sections nested through partials are bounded: 400 levels in all on a page (15 templates of 100 sections crashed)")
    func sectionsThroughPartials() async throws {
        // 404 (100 sections, a tag) → c1 (the same) → c2 (100 sections): 101 + 101 + 100 = 302 levels.
        let fine = try templates(["public/404.mustache": nested(100, "{{>public/c1}}"), "public/c1.mustache": nested(100, "{{>public/c2}}"),
                                  "public/c2.mustache": nested(100, "end")])
        defer { removeTemporaryFolder(fine.deletingLastPathComponent()) }
        #expect(try await load(fine).render("public/404", shown) == "end")
        // One template more: c3's tag is level 101 + 101 + 101 + 101 = 404.
        var files = ["public/404.mustache": nested(100, "{{>public/c1}}"), "public/c4.mustache": "end"]
        for level in 1...3 { files["public/c\(level).mustache"] = nested(100, "{{>public/c\(level + 1)}}") }
        let deep = try templates(files)
        defer { removeTemporaryFolder(deep.deletingLastPathComponent()) }
        #expect(await loadErrors(deep) == """
            Templates/public/c3.mustache:1:901: error: sections and partials nest more than 400 levels deep here, counted from 'public/404' (with recursive partials counted at their limit of 32 levels)
            Templates/public/c3.mustache:1:901: note: each section, and each partial or parent, adds a level; nest fewer sections around partials
            """)
    }

    @Test("A recursive partial inside many sections is refused at load: 32 levels of it would nest past 400")
    func sectionsAroundRecursion() async throws {
        // 32 × (12 + 1) = 416 levels.
        let folder = try templates(["partials/tree.mustache": nested(11, "{{#children}}{{>partials/tree}}{{/children}}")])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        #expect(await loadErrors(folder) == """
            Templates/partials/tree.mustache:1:113: error: sections and partials nest more than 400 levels deep here, counted from 'partials/tree' (with recursive partials counted at their limit of 32 levels)
            Templates/partials/tree.mustache:1:113: note: each section, and each partial or parent, adds a level; nest fewer sections around partials
            """)
        // 32 × (11 + 1) = 384: loads.
        let fine = try templates(["partials/tree.mustache": nested(10, "{{#children}}{{>partials/tree}}{{/children}}")])
        defer { removeTemporaryFolder(fine.deletingLastPathComponent()) }
        _ = try await load(fine)
    }

    /// Layouts `L0` … `L<levels>`, each a parent of the next, each with 97 sections around the block
    /// its child fills; `public/404` fills the last one. The blocks render inside every parent's sections.
    func inheritance(_ levels: Int) -> [String: String] {
        var files = ["L0.mustache": nested(97, "{{$b0}}{{/b0}}"),
                     "public/404.mustache": "{{<L\(levels)}}{{$b\(levels)}}end{{/b\(levels)}}{{/L\(levels)}}\n"]
        for k in 1...levels {
            files["L\(k).mustache"] = "{{<L\(k - 1)}}{{$b\(k - 1)}}" + nested(97, "{{$b\(k)}}{{/b\(k)}}") + "{{/b\(k - 1)}}{{/L\(k - 1)}}"
        }
        return files
    }

    @Test("Blocks filled through a chain of parents count every parent's sections (15 levels of 97 crashed)")
    func sectionsThroughParents() async throws {
        let fine = try templates(inheritance(2))
        defer { removeTemporaryFolder(fine.deletingLastPathComponent()) }
        #expect(try await load(fine).render("public/404", shown) == "end\n")
        for levels in [4, 15] {
            let deep = try templates(inheritance(levels))
            defer { removeTemporaryFolder(deep.deletingLastPathComponent()) }
            #expect(await loadErrors(deep) == """
                Templates/L1.mustache:1:1: error: sections and partials nest more than 400 levels deep here, counted from 'public/404' (with recursive partials counted at their limit of 32 levels)
                Templates/L1.mustache:1:1: note: each section, and each partial or parent, adds a level; nest fewer sections around partials
                """)
        }
    }

    @Test("A recursion through a parent counts the parent's sections at every level (97 of them crashed)")
    func recursionInsideParent() async throws {
        let folder = try templates(["P.mustache": nested(97, "{{$b}}{{/b}}"),
                                    "public/A.mustache": "{{<P}}{{$b}}{{>public/A}}{{/b}}{{/P}}", "public/404.mustache": "{{>public/A}}\n"])
        defer { removeTemporaryFolder(folder.deletingLastPathComponent()) }
        #expect(await loadErrors(folder) == """
            Templates/public/A.mustache:1:13: error: sections and partials nest more than 400 levels deep here, counted from 'public/404' (with recursive partials counted at their limit of 32 levels)
            Templates/public/A.mustache:1:13: note: each section, and each partial or parent, adds a level; nest fewer sections around partials
            """)
    }
}

/// The layout values every page shares are written into the templates once (`Templates.specialized`).
@Suite("Template specialization")
struct TemplateSpecializationTests {
    @Test("root, language and the site's text are written in; a name some page data has is never written in")
    func folded() async throws {
        let templates = try await Templates.load(overrides: nil, displayPath: "")
        let shadowed = Templates.pageFieldNames
        for name in ["root", "language", "site", "bundle"] { #expect(!shadowed.contains(name), "\(name)") }
        // Names of nested values (a certificate's title, a nav item's href) are shadowing names.
        for name in ["title", "href", "label"] { #expect(shadowed.contains(name), "\(name)") }
        let special = templates.specialized(["root": "../", "site.title": "A & B", "title": "never"])
        let layout = try #require(special.compiled["public-layout"])
        #expect(!layout.contains("{{root}}") && layout.contains("href=\"../assets/style.css\""))
        #expect(!layout.contains("{{site.title}}") && layout.contains("content=\"A &amp; B\""))
        #expect(templates.compiled["public-layout"]!.contains("{{root}}"), "the generic templates keep their tags")
        #expect(special.compiled["public/policy"]!.contains("{{title}}"), "title is a policy's field too: not written in")
    }

    @Test("The sample renders byte for byte the same with and without the layout values written in, in both trees")
    func sameOutput() async throws {
        let model = try Sample.model()
        let templates = try await Templates.load(overrides: nil, displayPath: "")
        let site = PublicSite(model)
        let folded = PublicRenderer(site: site, templates: templates, bodies: [:], specializing: true).render()
        let plain = PublicRenderer(site: site, templates: templates, bodies: [:], specializing: false).render()
        #expect(folded.map(\.path) == plain.map(\.path))
        #expect(folded.map(\.contents) == plain.map(\.contents))
        let bundle = ConfidentialBundle(model: model, recipient: "Acme Corp", ndaReference: "NDA-1", validUntil: nil)
        let foldedBundle = BundleRenderer(bundle: bundle, templates: templates, bodies: [:], specializing: true).render()
        let plainBundle = BundleRenderer(bundle: bundle, templates: templates, bodies: [:], specializing: false).render()
        #expect(foldedBundle.map(\.contents) == plainBundle.map(\.contents))
        #expect(foldedBundle.count > 20 && folded.count > 20)
    }
}
