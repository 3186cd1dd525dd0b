/// The template checker: every variable a page template uses (and every partial and parent it
/// reaches, with the context where they are included) must be one the page's data provides, so a
/// misspelt name in a built-in or overriding template is a located error instead of empty text.
///
/// swift-mustache keeps its parsed template internal and without line numbers, so this reads the
/// template text itself (following `{{=<% %>=}}` as the parser does) and walks it as the renderer
/// would: sections push their value's type onto a stack of contexts (a list its item type, a nested
/// value its type; a true/false or an inverted section keeps the stack), names resolve through every
/// enclosing context as Mustache does, `a.b` resolves `a` so and `b` inside it, `.name` only in the
/// innermost context, and swift-mustache's transforms (`uppercased(x)`, `count(list)`, `first()`
/// inside a list) are checked against the kind they apply to. Partials (`{{>p}}`) and parents
/// (`{{<p}}`) are walked with the stack where they are included, block overrides (`{{$b}}`) where
/// their parent expands them; a template reached by several pages is checked for each. An override
/// naming no block of its parent is an error too (its content would silently never show).
enum TemplateVariables {
    /// One template's text, by name (`public/policy`) and display path (`Templates/public/policy.mustache`).
    struct Source {
        var name: String
        var path: String
        var text: String
    }

    /// Where template authors find every variable of every page.
    static let docsNote = "docs/templates.md lists the variables of every page"

    /// How many (template, context) states one run may walk: far more than any real theme needs,
    /// and a bound on pathological templates (the loader refuses those with other errors).
    static let maxStates = 50_000

    /// Logs an error for every name a template uses that its page does not provide, for every page
    /// of `pages` whose template is among `sources`. Each problem is reported once, naming every
    /// page where it occurs.
    /// `strings` is the type of `t`, the theme's strings, visible on every page (nil: no `t`).
    static func check(_ sources: [Source], pages: [PageSchema], strings: DataType? = nil, log: inout DiagnosticLog) {
        let templates = sources.map { Scanned($0) }
        var index: [String: Int] = [:]
        for (i, t) in templates.enumerated() { index[t.source.name] = i }
        checkBlocks(templates, index: index, log: &log)
        var walker = Walker(templates: templates, index: index)
        for (p, page) in pages.enumerated() {
            guard let start = index[page.template] else { continue }
            var root = page.root
            if let strings {
                root = DataType(name: root.name, summary: root.summary,
                                fields: root.fields + LocalizedContext.fields(strings))
            }
            walker.walk(Cursor(template: start, start: 0, end: templates[start].tags.count, frames: [.data(root)],
                               sequence: false, inherited: [:], depth: 0), page: p, label: page.label)
        }
        for problem in walker.problems.values.sorted(by: { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }) {
            // A template reached by several pages: "the index page, the policy page".
            let pagesText = Excerpt.list(problem.pages)
            log.error(problem.path, problem.line, problem.column,
                      problem.message.replacingOccurrences(of: Walker.pagePlaceholder, with: pagesText), notes: problem.notes)
        }
    }

    /// Logs an error for every block override (`{{$name}}` directly inside `{{<parent}}`) that names
    /// no block the parent or a template it reaches expands: Mustache ignores such an override, so a
    /// misspelt `{{$mian}}` would silently drop the page's whole content.
    static func checkBlocks(_ templates: [Scanned], index: [String: Int], log: inout DiagnosticLog) {
        var expanded: [Set<String>] = []
        var edges: [[Int]] = []
        for scanned in templates {
            var overrides: Set<Int> = []
            for (i, tag) in scanned.tags.enumerated() where tag.kind == .parent {
                for block in scanned.blocks(of: i, template: 0).values { overrides.insert(block.start - 1) }
            }
            expanded.append(Set(scanned.tags.indices.filter { scanned.tags[$0].kind == .block && !overrides.contains($0) }
                .map { scanned.tags[$0].name }))
            edges.append(scanned.tags.filter { ($0.kind == .partial || $0.kind == .parent) && !$0.dynamic }.compactMap { index[$0.name] })
        }
        var reachable: [Int: Set<String>] = [:]
        func blocks(from start: Int) -> Set<String> {
            if let known = reachable[start] { return known }
            var names: Set<String> = [], visited: Set<Int> = [start], pending = [start]
            while let t = pending.popLast() {
                names.formUnion(expanded[t])
                for next in edges[t] where visited.insert(next).inserted { pending.append(next) }
            }
            reachable[start] = names
            return names
        }
        for scanned in templates {
            for (i, tag) in scanned.tags.enumerated() where tag.kind == .parent && !tag.dynamic {
                guard let parent = index[tag.name] else { continue }
                let defined = blocks(from: parent)
                for (name, block) in scanned.blocks(of: i, template: 0).sorted(by: { $0.value.start < $1.value.start })
                where !defined.contains(name) {
                    let at = scanned.tags[block.start - 1]
                    var notes = Suggestion.closest(to: name, in: defined).map { ["did you mean '\($0)'?"] } ?? []
                    notes.append(defined.isEmpty ? "'\(tag.name)' expands no block"
                                 : "the blocks '\(tag.name)' expands: " + Excerpt.list(defined.sorted()))
                    log.error(scanned.source.path, at.line, at.column,
                              "'\(name)' is not a block of '\(tag.name)': its content would never be shown", notes: notes)
                }
            }
        }
    }

    // MARK: - Scanning

    /// What a tag does, as far as names are concerned.
    enum TagKind { case variable, section, inverted, close, partial, parent, block, other }

    struct Tag {
        var kind: TagKind
        /// The name without transforms: `x` in `{{uppercased(x)}}`, `""` in `{{index()}}`.
        var name = ""
        /// Outermost first, as written: `[a, b]` in `{{a(b(x))}}` (applied b, then a).
        var transforms: [String] = []
        var line: Int
        var column: Int
        /// The tag as written, for messages.
        var text: String
        /// For a tag that opens (section, inverted, parent, block): the index of its closing tag.
        var end = -1
        /// `{{>*name}}`: the name comes from the data (refused by the loader; not walked).
        var dynamic = false
    }

    /// A template's tags, in order, with openers matched to their closing tags.
    struct Scanned {
        var source: Source
        var tags: [Tag] = []

        init(_ source: Source) {
            self.source = source
            let text = source.text
            var open = "{{", close = "}}"
            var index = text.startIndex
            var line = 1, column = 1, position = text.startIndex
            func advance(to target: String.Index) {
                while position < target {
                    if text[position] == "\n" { line += 1; column = 1 } else { column += 1 }
                    position = text.index(after: position)
                }
            }
            var openers: [Int] = []
            while let start = text.range(of: open, range: index..<text.endIndex) {
                advance(to: start.lowerBound)
                guard let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { break }
                var inside = Templates.trimmedLikeParser(text[start.upperBound..<end.lowerBound])
                index = end.upperBound
                var written = open + inside + close
                var tag = Tag(kind: .other, line: line, column: column, text: written)
                let sigil = inside.first
                switch sigil {
                case "=" where inside.hasSuffix("=") && inside.count >= 2:
                    let parts = inside.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
                    if parts.count == 2 { open = String(parts[0]); close = String(parts[1]) }
                case "!", "%", "=": break
                case "/": tag.kind = .close
                case ">", "<":
                    let name = Templates.trimmedLikeParser(inside.dropFirst())
                    tag.kind = sigil == ">" ? .partial : .parent
                    tag.dynamic = name.hasPrefix("*")
                    tag.name = tag.dynamic ? String(name.dropFirst()) : name
                case "$":
                    tag.kind = .block
                    tag.name = Templates.trimmedLikeParser(inside.dropFirst())
                default:
                    switch sigil {
                    case "#": tag.kind = .section; inside.removeFirst()
                    case "^": tag.kind = .inverted; inside.removeFirst()
                    case "&": tag.kind = .variable; inside.removeFirst()
                    case "{":
                        tag.kind = .variable
                        inside.removeFirst()
                        if inside.hasSuffix("}") { inside.removeLast() }
                        // `{{{x}}}`: the third brace follows the closing delimiter.
                        else if text[index...].hasPrefix("}") { index = text.index(after: index); written += "}"; tag.text = written }
                    default: tag.kind = .variable
                    }
                    (tag.name, tag.transforms) = Self.split(Templates.trimmedLikeParser(inside))
                }
                switch tag.kind {
                case .section, .inverted, .parent, .block: openers.append(tags.count)
                case .close: if let opener = openers.popLast() { tags[opener].end = tags.count }
                default: break
                }
                tags.append(tag)
            }
            // A template that parsed has every section closed; close any left so walks stay in bounds.
            for opener in openers { tags[opener].end = tags.count }
        }

        /// `a(b(x))` → (`x`, [`a`, `b`]); `first()` → (`""`, [`first`]); `x` → (`x`, []).
        static func split(_ text: String) -> (String, [String]) {
            guard text.contains("(") else { return (text, []) }
            var parts = text.split(separator: "(", omittingEmptySubsequences: false).map(String.init)
            let name = parts.removeLast().replacingOccurrences(of: ")", with: "")
            return (name, parts)
        }

        /// The blocks (`{{$name}}…{{/name}}`) directly inside the parent tag at `parent`.
        func blocks(of parent: Int, template: Int) -> [String: Block] {
            var found: [String: Block] = [:]
            var i = parent + 1
            while i < tags[parent].end {
                if tags[i].kind == .block, tags[i].end > i {
                    if found[tags[i].name] == nil { found[tags[i].name] = Block(template: template, start: i + 1, end: tags[i].end) }
                    i = tags[i].end + 1
                } else {
                    i += 1
                }
            }
            return found
        }
    }

    // MARK: - Walking

    /// A block override: tags `start..<end` of a template.
    struct Block: Hashable {
        var template: Int
        var start: Int
        var end: Int
    }

    /// One context on the stack, as the renderer would push it.
    enum Frame {
        /// A value with variables.
        case data(DataType)
        /// Text, a number or a list (`{{.}}` shows it; it has no variables).
        case value
        /// A section that pushes nothing (true/false, inverted, a block's default).
        case transparent
        /// A section whose name did not resolve: its content is not checked again (no cascade).
        case unknown

        var key: String {
            switch self {
            case let .data(type): "d:" + type.name + ":" + type.fields.map(\.name).joined(separator: ",")
            case .value: "v"
            case .transparent: ""
            case .unknown: "?"
            }
        }
    }

    /// Where a walk is: tags `start..<end` of a template, with the contexts, whether `first()` and
    /// the other list transforms apply (directly inside a list section), the blocks its parents
    /// override and how many partials or parents deep it is.
    struct Cursor {
        var template: Int
        var start: Int
        var end: Int
        var frames: [Frame]
        var sequence: Bool
        var inherited: [String: Block]
        var depth: Int

        /// Two cursors with the same key check the same names: a context that occurs twice resolves
        /// only at its innermost place, so outer repeats (a recursion) are dropped.
        var key: String {
            var seen: Set<String> = []
            var parts: [String] = []
            for frame in frames.reversed() where !frame.key.isEmpty && seen.insert(frame.key).inserted { parts.append(frame.key) }
            let blocks = inherited.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.template).\($0.value.start)" }
            return "\(template):\(start):\(sequence)|" + parts.joined(separator: "|") + "|" + blocks.joined(separator: ",")
        }
    }

    /// A problem found, with every page it occurs on.
    struct Problem {
        var path: String
        var line: Int
        var column: Int
        var message: String
        var notes: [String]
        var pages: [String]
    }

    /// The outcome of resolving a name.
    enum Resolution {
        case kind(DataKind)
        /// Inside a section that did not resolve: accepted silently.
        case unknown
        case failed
    }

    struct Walker {
        static let pagePlaceholder = "\u{0}page\u{0}"
        let templates: [Scanned]
        let index: [String: Int]
        var problems: [String: Problem] = [:]
        var seen: Set<String> = []

        init(templates: [Scanned], index: [String: Int]) {
            self.templates = templates
            self.index = index
        }

        mutating func walk(_ root: Cursor, page: Int, label: String) {
            var pending = [root]
            while let cursor = pending.popLast() {
                guard seen.count < maxStates, seen.insert("\(page)#" + cursor.key).inserted else { continue }
                run(cursor, label: label, spawn: { pending.append($0) })
            }
        }

        /// Walks one cursor's tags; partials, parents and block overrides become new cursors.
        mutating func run(_ cursor: Cursor, label: String, spawn: (Cursor) -> Void) {
            let scanned = templates[cursor.template]
            var frames = cursor.frames
            var sequence = cursor.sequence
            var saved: [Bool] = []
            var i = cursor.start
            while i < cursor.end {
                let tag = scanned.tags[i]
                switch tag.kind {
                case .variable:
                    _ = resolve(tag, frames: frames, sequence: sequence, in: scanned, label: label)
                case .section, .inverted:
                    let resolved = resolve(tag, frames: frames, sequence: sequence, in: scanned, label: label)
                    saved.append(sequence)
                    switch resolved {
                    case .failed, .unknown:
                        frames.append(.unknown)
                    case let .kind(kind):
                        let (frame, list) = tag.kind == .inverted ? Self.inverted(kind) : Self.section(kind)
                        frames.append(frame)
                        if frame.key != "" { sequence = list }
                    }
                case .close:
                    if frames.count > 1 { frames.removeLast() }
                    if let last = saved.popLast() { sequence = last }
                case .block:
                    if let block = cursor.inherited[tag.name] {
                        spawn(Cursor(template: block.template, start: block.start, end: block.end, frames: frames,
                                     sequence: false, inherited: cursor.inherited, depth: cursor.depth))
                        i = max(tag.end, i) + 1
                        continue
                    }
                    frames.append(.transparent)
                    saved.append(sequence)
                    sequence = false
                case .parent:
                    if !tag.dynamic, let target = index[tag.name], cursor.depth < Templates.maxPartialDepth {
                        var merged = cursor.inherited
                        for (name, block) in scanned.blocks(of: i, template: cursor.template) where merged[name] == nil {
                            merged[name] = block
                        }
                        spawn(Cursor(template: target, start: 0, end: templates[target].tags.count, frames: frames,
                                     sequence: false, inherited: merged, depth: cursor.depth + 1))
                    }
                    i = max(tag.end, i) + 1
                    continue
                case .partial:
                    if !tag.dynamic, let target = index[tag.name], cursor.depth < Templates.maxPartialDepth {
                        spawn(Cursor(template: target, start: 0, end: templates[target].tags.count, frames: frames,
                                     sequence: false, inherited: cursor.inherited, depth: cursor.depth + 1))
                    }
                case .other:
                    break
                }
                i += 1
            }
        }

        /// What `{{#x}}` pushes for a value of `kind`, and whether list transforms then apply.
        static func section(_ kind: DataKind) -> (Frame, Bool) {
            switch kind.present {
            case let .list(element):
                if case let .nested(type) = element.present { return (.data(type), true) }
                return (.value, true)
            case let .nested(type): return (.data(type), false)
            case .bool: return (.transparent, false)
            default: return (.value, false)
            }
        }

        /// What `{{^x}}` pushes: an empty list itself (no variables), otherwise nothing.
        static func inverted(_ kind: DataKind) -> (Frame, Bool) {
            if case .list = kind.present { return (.value, false) }
            return (.transparent, false)
        }

        // MARK: Resolving names

        /// Resolves the tag's name and transforms in `frames`, logging a problem when it fails.
        mutating func resolve(_ tag: Tag, frames: [Frame], sequence: Bool, in scanned: Scanned, label: String) -> Resolution {
            var kind: DataKind
            var transforms = tag.transforms
            if tag.name == "." {
                switch frames.last(where: { $0.key != "" }) {
                case let .data(type)?: kind = .nested(type)
                case .unknown?: return .unknown
                default: kind = .text
                }
            } else if tag.name.isEmpty {
                // `{{index()}}`, `{{#first()}}`: the position in the list being repeated.
                guard let innermost = transforms.popLast() else { return .unknown }
                if frames.last(where: { $0.key != "" })?.key == "?" { return .unknown }
                guard sequence else {
                    report(tag, in: scanned, label: label,
                           "'\(innermost)()' is only available directly inside a list section ({{#list}}…{{/list}})", notes: [])
                    return .failed
                }
                switch innermost {
                case "first", "last", "even", "odd": kind = .bool
                case "index": kind = .number
                default:
                    let known = ["even", "first", "index", "last", "odd"]
                    report(tag, in: scanned, label: label, "'\(innermost)()' is not a transform of a list item; there are "
                           + known.map { "'\($0)()'" }.joined(separator: ", "),
                           notes: Suggestion.closest(to: innermost, in: known).map { ["did you mean '\($0)()'?"] } ?? [])
                    return .failed
                }
            } else {
                switch lookUp(tag, frames: frames, in: scanned, label: label) {
                case let .kind(found): kind = found
                case let other: return other
                }
            }
            for transform in transforms.reversed() {
                guard let next = Self.transform(transform, of: kind.present) else {
                    let available = Self.transforms(of: kind.present)
                    var notes = Suggestion.closest(to: transform, in: available).map { ["did you mean '\($0)'?"] } ?? []
                    notes.append(available.isEmpty ? "no transform applies to \(kind.present.label)"
                                 : "transforms of \(kind.present.label): " + available.joined(separator: ", "))
                    report(tag, in: scanned, label: label, "'\(transform)' is not a transform that applies to '\(tag.name)' (\(kind.label))",
                           notes: notes)
                    return .failed
                }
                kind = next
            }
            return .kind(kind)
        }

        /// Resolves a (possibly dotted) name: its first part through the stack, the rest inside it.
        mutating func lookUp(_ tag: Tag, frames: [Frame], in scanned: Scanned, label: String) -> Resolution {
            let local = tag.name.hasPrefix(".")
            let parts = tag.name.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            guard let first = parts.first else { return .unknown }
            var kind: DataKind?
            let searched = local ? Array(frames.filter { $0.key != "" }.suffix(1)) : frames
            for frame in searched.reversed() {
                if case let .data(type) = frame, let field = type.field(first) { kind = field.kind; break }
                if case .unknown = frame { return .unknown }
            }
            guard var kind else {
                let visible = searched.reversed().flatMap { frame -> [String] in
                    if case let .data(type) = frame { return type.fields.map(\.name) }
                    return []
                }
                // A name of a nested value used outside its section says where it is (rather than a
                // look-alike of the page: 'title' is closer to 'site' than to 'policy.title').
                var notes: [String]
                if let inside = Self.container(of: first, in: searched) {
                    notes = ["'\(first)' is a variable inside '\(inside)': use it within {{#\(inside)}}…{{/\(inside)}}"]
                } else {
                    // The innermost context's look-alike first: inside {{#policy}}, 'titel' means its 'title'.
                    let guess = searched.reversed().lazy.compactMap { frame -> String? in
                        guard case let .data(type) = frame else { return nil }
                        return Suggestion.closest(to: first, in: type.fields.map(\.name))
                    }.first ?? Suggestion.closest(to: first, in: visible)
                    notes = guess.map { ["did you mean '\(Self.joined(parts, replacingFirstWith: $0))'?"] } ?? []
                }
                notes.append(docsNote)
                report(tag, in: scanned, label: label, "'\(tag.name)' is not a variable of \(Self.pagePlaceholder)", notes: notes)
                return .failed
            }
            for (n, part) in parts.enumerated().dropFirst() {
                let path = parts[..<n].joined(separator: ".")
                guard case let .nested(type) = kind.present else {
                    report(tag, in: scanned, label: label, "'\(tag.name)' is not a variable of \(Self.pagePlaceholder)",
                           notes: ["'\(path)' is \(kind.label): it has no variables", docsNote])
                    return .failed
                }
                guard let field = type.field(part) else {
                    var notes = Suggestion.closest(to: part, in: type.fields.map(\.name)).map { ["did you mean '\(path).\($0)'?"] } ?? []
                    notes.append(docsNote)
                    report(tag, in: scanned, label: label, "'\(tag.name)' is not a variable of \(Self.pagePlaceholder)", notes: notes)
                    return .failed
                }
                kind = field.kind
            }
            return .kind(kind)
        }

        static func joined(_ parts: [String], replacingFirstWith first: String) -> String {
            ([first] + parts.dropFirst()).joined(separator: ".")
        }

        /// A visible variable (nested value or list of them) whose type has `name`, if one does.
        static func container(of name: String, in frames: [Frame]) -> String? {
            for frame in frames.reversed() {
                guard case let .data(type) = frame else { continue }
                // Not the theme's strings: `policy` is a group of keys there, not where a page's `policy` is.
                for field in type.fields where field.name != "t" {
                    var kind = field.kind.present
                    if case let .list(element) = kind { kind = element.present }
                    if case let .nested(inner) = kind, inner.field(name) != nil { return field.name }
                }
            }
            return nil
        }

        /// swift-mustache 2.1.1's transforms, by the kind they apply to, and what they give.
        static func transform(_ name: String, of kind: DataKind) -> DataKind? {
            switch (kind, name) {
            case (.text, "empty"): .bool
            case (.text, "capitalized"), (.text, "lowercased"), (.text, "uppercased"), (.text, "reversed"): .text
            case (.number, "equalzero"), (.number, "even"), (.number, "odd"): .bool
            case (.number, "plusone"), (.number, "minusone"): .number
            case let (.list(element), "first"), let (.list(element), "last"): .optional(element)
            case let (.list(element), "reversed"): .list(element)
            case (.list, "count"): .number
            case (.list, "empty"): .bool
            case let (.list(element), "sorted") where element == .text || element == .number: .list(element)
            default: nil
            }
        }

        /// The transforms that apply to `kind`, sorted.
        static func transforms(of kind: DataKind) -> [String] {
            ["capitalized", "count", "empty", "equalzero", "even", "first", "last", "lowercased", "minusone", "odd",
             "plusone", "reversed", "sorted", "uppercased"].filter { transform($0, of: kind) != nil }
        }

        /// Records a problem at the tag, merged with the same problem found for other pages.
        mutating func report(_ tag: Tag, in scanned: Scanned, label: String, _ message: String, notes: [String]) {
            let key = "\(scanned.source.path)\u{0}\(tag.line)\u{0}\(tag.column)\u{0}\(message)"
            if problems[key] == nil {
                problems[key] = Problem(path: scanned.source.path, line: tag.line, column: tag.column, message: message,
                                        notes: notes, pages: [])
            }
            if !problems[key]!.pages.contains(label) { problems[key]!.pages.append(label) }
        }
    }
}
