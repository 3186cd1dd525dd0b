import Foundation

extension ComplyImport {
    /// A comply body (pandoc Markdown with Go template actions) rewritten as the GitHub Flavored
    /// Markdown TrustPress renders: `{{.Name}}` filled in, lettered and roman list markers
    /// numbered, grid tables as pipe tables, `\pagebreak`/`\newpage` and form feeds removed,
    /// tag-like `<` escaped. Everything else is kept as written.
    struct Body {
        let text: String
        /// The file line of the body's first line.
        let firstLine: Int
        let path: String
        let organization: String
        private(set) var result = ""
        /// What was changed, one short phrase per kind of change (each once).
        private(set) var changes: [String] = []

        init(text: String, firstLine: Int, path: String, organization: String) {
            self.text = text
            self.firstLine = firstLine
            self.path = path
            self.organization = organization
        }

        private mutating func changed(_ what: String) { if !changes.contains(what) { changes.append(what) } }

        /// The organization's name as Markdown text that renders as written (`Markdown.literal`).
        var markdownName: String { Markdown.literal(organization) }

        mutating func convert(log: inout DiagnosticLog) {
            var source = text
            if source.contains("\u{0C}") {
                source = source.replacingOccurrences(of: "\u{0C}", with: "")
                changed("form feeds removed")
            }
            var lines = source.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            for i in lines.indices { lines[i] = templated(lines[i], line: firstLine + i, log: &log) }

            var out: [String] = []
            var fence: String?
            var listWarned = false
            var i = 0
            while i < lines.count {
                let line = lines[i]
                defer { i += 1 }
                if let open = fence {
                    out.append(line)
                    if let f = Self.fenceMarker(line), f.first == open.first, f.count >= open.count,
                       line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == f.first }) { fence = nil }
                    continue
                }
                if let f = Self.fenceMarker(line) {
                    fence = f
                    out.append(line)
                    continue
                }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed == "\\pagebreak" || trimmed == "\\newpage" {
                    changed("\\pagebreak and \\newpage lines removed")
                    continue
                }
                if trimmed.hasPrefix("\\"), trimmed.dropFirst().first?.isLetter == true {
                    log.warning(path, firstLine + i, (line.unicodeScalars.count - line.drop { $0 == " " || $0 == "\t" }.unicodeScalars.count) + 1,
                                "LaTeX command \(Excerpt.quoted(String(trimmed.prefix { !$0.isWhitespace }))) is not converted: kept as text")
                    out.append(line)
                    continue
                }
                if Self.isGridBorder(line) {
                    var j = i
                    while j < lines.count, let c = lines[j].drop(while: { $0 == " " }).first, c == "+" || c == "|" { j += 1 }
                    let block = Array(lines[i..<j])
                    switch Self.gridTable(block) {
                    case let .success(table):
                        if let last = out.last, !last.trimmingCharacters(in: .whitespaces).isEmpty { out.append("") }
                        out += table
                        if j < lines.count, !lines[j].trimmingCharacters(in: .whitespaces).isEmpty { out.append("") }
                        changed("grid tables became pipe tables")
                    case let .failure(bad):
                        let ticks = max(3, (block.map { Self.longestRun(of: "`", in: $0) }.max() ?? 0) + 1)
                        let marker = String(repeating: "`", count: ticks)
                        out.append(marker + "text")
                        out += block
                        out.append(marker)
                        log.warning(path, firstLine + i, 1, "grid table kept as a code block: it is not well formed, so it cannot become a pipe table",
                                    notes: ["line \(firstLine + i + bad.line) does not line up with the columns of the table's first border",
                                            "fix that line in the comply file and import again, or rewrite the table as a pipe table"])
                        changed("malformed grid tables kept as code blocks")
                    }
                    i = j - 1
                    continue
                }
                if let fixed = Self.pipeSeparator(line) {
                    out.append(fixed)
                    changed("'+' in pipe table separator rows became '|'")
                    continue
                }
                if let fixed = Self.numberedMarker(line) {
                    out.append(fixed)
                    if !listWarned {
                        listWarned = true
                        log.warning(path, firstLine + i, 1, "lettered and roman list markers became numbered (GFM has no lettered lists)")
                    }
                    changed("lettered and roman list markers became numbered")
                    continue
                }
                out.append(line)
            }

            // Tag-like '<' outside fenced code.
            fence = nil
            for k in out.indices {
                if let open = fence {
                    if let f = Self.fenceMarker(out[k]), f.first == open.first, f.count >= open.count,
                       out[k].trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == f.first }) { fence = nil }
                    continue
                }
                if let f = Self.fenceMarker(out[k]) { fence = f; continue }
                let escaped = Self.escapeTags(out[k])
                if escaped != out[k] { out[k] = escaped; changed("tag-like '<' escaped as &lt;") }
            }
            while out.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { out.removeLast() }
            while out.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { out.removeFirst() }
            result = out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
        }

        /// `line` with `{{.Name}}` replaced by the organization; any other action is an error.
        private mutating func templated(_ line: String, line number: Int, log: inout DiagnosticLog) -> String {
            guard line.contains("{{") else { return line }
            var out = ""
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                out += rest[..<open.lowerBound]
                let column = line.unicodeScalars.count - rest[open.lowerBound...].unicodeScalars.count + 1
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    log.error(path, number, column, "'{{' starts a Go template action that is not closed on this line",
                              notes: ["comply fills in only {{.Name}} here; write the text the template would produce"])
                    out += rest[open.lowerBound...]
                    return out
                }
                let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "-")).trimmingCharacters(in: .whitespaces)
                if action == ".Name" {
                    out += markdownName
                    changed("{{.Name}} became the organization's name")
                } else {
                    log.error(path, number, column, "Go template action \(Excerpt.quoted("{{" + rest[open.upperBound..<close.lowerBound] + "}}")) is not converted",
                              notes: ["only {{.Name}} (the organization's name) is filled in; write the text the template would produce"])
                    out += rest[open.lowerBound..<close.upperBound]
                }
                rest = rest[close.upperBound...]
            }
            return out + rest
        }

        /// The fence (```` ``` ```` or `~~~` run) that opens or closes a fenced code block on `line`, or nil.
        static func fenceMarker(_ line: String) -> String? {
            let indent = line.prefix { $0 == " " }.count
            guard indent <= 3 else { return nil }
            let rest = line.dropFirst(indent)
            guard let c = rest.first, c == "`" || c == "~" else { return nil }
            let run = rest.prefix { $0 == c }
            guard run.count >= 3 else { return nil }
            if c == "`", rest.dropFirst(run.count).contains("`") { return nil }
            return String(run)
        }

        static func longestRun(of c: Character, in line: String) -> Int {
            var best = 0, n = 0
            for ch in line { n = ch == c ? n + 1 : 0; best = max(best, n) }
            return best
        }

        static let romans: Set<String> = ["ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv",
                                          "xvi", "xvii", "xviii", "xix", "xx"]

        /// A list item with a lowercase letter (`a.`) or roman (`iv.`) marker rewritten with `1. `
        /// at the same indentation (a tab counted as 4 spaces); nil for any other line.
        static func numberedMarker(_ line: String) -> String? {
            var width = 0
            var index = line.startIndex
            while index < line.endIndex, line[index] == " " || line[index] == "\t" {
                width += line[index] == "\t" ? 4 : 1
                index = line.index(after: index)
            }
            let rest = line[index...]
            let marker = rest.prefix { $0.isASCII && $0.isLowercase }
            guard !marker.isEmpty, marker.count == 1 || romans.contains(String(marker)) else { return nil }
            let after = rest.dropFirst(marker.count)
            guard after.hasPrefix(". ") || after.hasPrefix(".\t") else { return nil }
            return String(repeating: " ", count: width) + "1. " + after.dropFirst(2)
        }

        /// A pipe table's separator row written with `+` between columns (`|-----+-----|`), with `|`.
        static func pipeSeparator(_ line: String) -> String? {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("|"), t.contains("+"), t.contains("-"),
                  t.allSatisfy({ "|+-: ".contains($0) }) else { return nil }
            return line.replacingOccurrences(of: "+", with: "|")
        }

        /// `+---+---+` or `+===+===+` (indented by spaces, trailing spaces allowed).
        static func isGridBorder(_ line: String) -> Bool {
            let t = line.drop { $0 == " " }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            guard t.first == "+", t.last == "+", t.count >= 3, t.dropFirst().first == "-" || t.dropFirst().first == "=" else { return false }
            return t.allSatisfy { "+-=:".contains($0) }
        }

        struct Malformed: Error { let line: Int }

        /// A grid table as pipe-table lines; `Malformed` with the (0-based) line that does not fit.
        static func gridTable(_ block: [String]) -> Swift.Result<[String], Malformed> {
            func trimmedEnd(_ s: String) -> [Character] {
                var a = Array(s)
                while let l = a.last, l == " " || l == "\t" { a.removeLast() }
                return a
            }
            let lines = block.map(trimmedEnd)
            let indent = lines[0].prefix { $0 == " " }.count
            let boundaries = lines[0].indices.filter { lines[0][$0] == "+" }
            guard boundaries.count >= 2, let last = boundaries.last else { return .failure(Malformed(line: 0)) }
            var rows: [[[Character]]] = []
            var current: [[Character]] = []
            var headerRows: Int?
            for (n, line) in lines.enumerated() {
                guard line.count == last + 1, line.prefix(indent).allSatisfy({ $0 == " " }) else { return .failure(Malformed(line: n)) }
                if line[indent] == "+" {
                    for k in indent...last where (line[k] == "+") != boundaries.contains(k) { return .failure(Malformed(line: n)) }
                    guard line[indent...].allSatisfy({ "+-=:".contains($0) }) else { return .failure(Malformed(line: n)) }
                    if n > 0 { rows.append(current); current = [] }
                    if line.contains("=") {
                        guard headerRows == nil, n > 0 else { return .failure(Malformed(line: n)) }
                        headerRows = rows.count
                    }
                } else {
                    for b in boundaries where line[b] != "|" { return .failure(Malformed(line: n)) }
                    current.append(line)
                }
            }
            guard current.isEmpty, lines.count >= 3, lines.last?[indent] == "+" else { return .failure(Malformed(line: lines.count - 1)) }
            func cells(_ row: [[Character]]) -> [String] {
                (0..<(boundaries.count - 1)).map { c in
                    row.map { String($0[(boundaries[c] + 1)..<boundaries[c + 1]]).trimmingCharacters(in: .whitespaces) }
                        .filter { !$0.isEmpty }.joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
                }
            }
            let nonEmpty = rows.filter { !$0.isEmpty }
            guard !nonEmpty.isEmpty else { return .failure(Malformed(line: 0)) }
            let header: [String]
            var body: [[String]]
            if let h = headerRows, h > 0 {
                let headerCells = rows[..<h].map(cells)
                header = (0..<(boundaries.count - 1)).map { c in headerCells.map { $0[c] }.filter { !$0.isEmpty }.joined(separator: " ") }
                body = rows[h...].filter { !$0.isEmpty }.map(cells)
            } else {
                header = cells(nonEmpty[0])
                body = nonEmpty.dropFirst().map(cells)
            }
            // An empty row between two filled ones is pandoc's spacer; empty rows of a form to fill in stay.
            let filled = body.indices.filter { !body[$0].allSatisfy(\.isEmpty) }
            if let first = filled.first, let lastFilled = filled.last {
                body = body.indices.filter { $0 <= first || $0 >= lastFilled || filled.contains($0) }.map { body[$0] }
            }
            let pad = String(repeating: " ", count: min(indent, 3))
            func row(_ cells: [String]) -> String { pad + "| " + cells.joined(separator: " | ") + " |" }
            return .success([row(header), pad + "|" + Array(repeating: " --- ", count: header.count).joined(separator: "|") + "|"] + body.map(row))
        }

        /// `<` escaped as `&lt;` where it would start a tag (`<` then a letter, `/`, `!` or `?`),
        /// outside code spans and backslash escapes; autolinks (`<https://…>`, `<http://…>`,
        /// `<mailto:…>`) are kept.
        static func escapeTags(_ line: String) -> String {
            guard line.contains("<") else { return line }
            let chars = Array(line)
            var out = ""
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == "\\", i + 1 < chars.count {
                    out.append(c); out.append(chars[i + 1]); i += 2; continue
                }
                if c == "`" {
                    var n = 0
                    while i + n < chars.count, chars[i + n] == "`" { n += 1 }
                    // The closing run of exactly n backticks, if any.
                    var j = i + n, closeAt: Int?
                    while j < chars.count {
                        if chars[j] == "`" {
                            var m = 0
                            while j + m < chars.count, chars[j + m] == "`" { m += 1 }
                            if m == n { closeAt = j + m; break }
                            j += m
                        } else { j += 1 }
                    }
                    let end = closeAt ?? (i + n)
                    out += String(chars[i..<end])
                    i = end
                    continue
                }
                if c == "<", i + 1 < chars.count, chars[i + 1].isLetter || "/!?".contains(chars[i + 1]) {
                    let rest = String(chars[(i + 1)...]).lowercased()
                    let scheme = ["https://", "http://", "mailto:"].contains { rest.hasPrefix($0) }
                    if scheme, let close = rest.firstIndex(where: { $0 == ">" || $0 == " " || $0 == "<" }), rest[close] == ">" {
                        out.append(c); i += 1; continue
                    }
                    out += "&lt;"; i += 1; continue
                }
                out.append(c)
                i += 1
            }
            return out
        }
    }
}
