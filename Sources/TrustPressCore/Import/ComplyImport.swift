import Foundation
import Yams

/// `trustpress import comply`: a strongdm/comply project (policies/, narratives/, procedures/,
/// standards/) converted into TrustPress content, or every reason it cannot be.
///
/// Pure: the input files in, the output files and the diagnostics out; nothing is read or written
/// here but through `readProject` (reading) and the command (writing, all or nothing). The same
/// input gives the same bytes.
///
/// What it claims: nothing publicly. Every document becomes a confidential policy, every control is
/// `planned` (comply records no implementation status), and no certificate, report or programs.yaml
/// is written.
public enum ComplyImport {
    /// One file of the comply project, its path relative to the project folder (`policies/access.md`).
    public struct InputFile: Sendable, Equatable {
        public let path: String
        public let text: String
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    public struct Options: Sendable {
        /// The organization's name, for site.yaml and comply's `{{.Name}}`.
        public var organization: String
        /// Leave out (with a warning) criteria that are neither in the TSC standard nor in SOC 2.
        public var dropUnknown: Bool
        /// The date the content is written for (site.yaml's security.txt expiry is 11 months later).
        public var date: CalendarDate
        /// The project folder as the user named it, for diagnostics (`comply-soc2`).
        public var display: String

        public init(organization: String, dropUnknown: Bool = false, date: CalendarDate, display: String) {
            self.organization = organization
            self.dropUnknown = dropUnknown
            self.date = date
            self.display = display
        }
    }

    /// The converted content: files relative to the content folder, sorted by path.
    public struct Result: Sendable {
        public var files: [Starter.File]
        /// Warnings (and notes): what was converted lossily.
        public var diagnostics: [Diagnostic]
        public var controlCount: Int
        public var policyCount: Int
        /// One line each: what was changed on the way.
        public var changes: [String]
    }

    /// The three kinds of comply document, in the order they are converted.
    enum Kind: String, CaseIterable {
        case policies, narratives, procedures
    }

    /// The SOC 2 catalog comply's `TSC` criteria map onto.
    public static let soc2 = "soc2-2017"

    // MARK: - Reading

    /// The comply files of `folder`: `comply.yml`, `policies|narratives|procedures/*.md` (README
    /// files left out) and `standards/*.yml|yaml`, sorted by path.
    /// - Throws: `WriteRefusal` when the folder cannot be read or holds no comply document.
    public static func readProject(_ folder: URL, display: String) throws -> [InputFile] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw WriteRefusal(message: "\(display) is not a folder", notes: ["name the folder of a comply project (it holds policies/ and standards/)"])
        }
        var files: [InputFile] = []
        func read(_ relative: String) throws {
            let url = folder.appendingPathComponent(relative)
            guard let data = fm.contents(atPath: url.path) else {
                throw WriteRefusal(message: "cannot read \(display)/\(relative)", notes: [])
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw WriteRefusal(message: "\(display)/\(relative) is not UTF-8 text", notes: [])
            }
            files.append(InputFile(path: relative, text: text))
        }
        if fm.fileExists(atPath: folder.appendingPathComponent("comply.yml").path) { try read("comply.yml") }
        for sub in Kind.allCases.map(\.rawValue) + ["standards"] {
            let names = ((try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []).sorted()
            for name in names where isDocument(name, in: sub) { try read(sub + "/" + name) }
        }
        guard files.contains(where: { !$0.path.hasPrefix("standards/") && $0.path != "comply.yml" }) else {
            throw WriteRefusal(message: "\(display) holds no comply document",
                               notes: ["a comply project has policies/*.md (and narratives/, procedures/, standards/)"])
        }
        return files
    }

    static func isDocument(_ name: String, in folder: String) -> Bool {
        if name.lowercased().hasPrefix("readme") || name.hasPrefix(".") { return false }
        return folder == "standards" ? (name.hasSuffix(".yml") || name.hasSuffix(".yaml")) : name.hasSuffix(".md")
    }

    /// `name:` of comply.yml, if the files have one.
    public static func projectName(_ files: [InputFile]) -> String? {
        guard let file = files.first(where: { $0.path == "comply.yml" }),
              let node = try? Yams.compose(yaml: file.text), case let .mapping(map) = node,
              let name = map.first(where: { $0.key.string == "name" })?.value.string else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: - Converting

    /// One comply document as read from its header.
    struct Document {
        let kind: Kind
        let path: String  // relative to the project
        let fileName: String  // without .md
        var name: String
        var acronym: String
        var procedureID: String?
        var cron: String?
        /// Criteria mapped onto soc2-2017, natural order.
        var criteria: [String] = []
        var hasSatisfies = false
        var major: [(date: String, comment: String)] = []
        var minor: [(date: String, comment: String)] = []
        var approved: CalendarDate?
        var body: String
        var bodyFirstLine: Int
        var controlID: String?
    }

    /// Converts `files` (from `readProject`).
    /// - Parameter catalog: the shipped soc2-2017 catalog.
    /// - Throws: `DiagnosticsError` with every error (and the warnings found on the way).
    public static func convert(_ files: [InputFile], options: Options, catalog: Catalog) throws -> Result {
        var log = DiagnosticLog()
        let root = options.display
        func shown(_ path: String) -> String { root.isEmpty || root == "." ? path : root + "/" + path }

        // Standards: the ids of TSC, and a warning for any other standard.
        var tsc: Set<String>?
        var tscFile: String?
        for file in files where file.path.hasPrefix("standards/") {
            guard let node = composed(file.text, path: shown(file.path), firstLine: 1, log: &log),
                  case let .mapping(map) = node else { continue }
            let name = map.first { $0.key.string == "name" }?.value.string ?? ""
            if name == "TSC" {
                tsc = (tsc ?? []).union(map.compactMap { $0.key.string }.filter { $0 != "name" })
                tscFile = tscFile ?? file.path
            } else {
                let mark = map.first { $0.key.string == "name" }?.value.mark
                log.warning(shown(file.path), mark?.line ?? 1, mark?.column ?? 0,
                            "standard \(Excerpt.quoted(name)) is not converted: only TSC (SOC 2) maps onto a shipped catalog",
                            notes: ["add its catalog in frameworks/ and map the controls to it by hand"])
            }
        }
        let soc2IDs = Set(catalog.requirements.map(\.id))
        let suggestions = Suggestion.Index(soc2IDs)

        // Documents.
        var documents: [Document] = []
        for kind in Kind.allCases {
            for file in files where file.path.hasPrefix(kind.rawValue + "/") {
                if let doc = document(file, kind: kind, shown: shown(file.path), tsc: tsc, tscFile: tscFile,
                                      soc2IDs: soc2IDs, catalog: catalog, suggestions: suggestions, options: options, log: &log) {
                    documents.append(doc)
                }
            }
        }

        // Control ids: COMPLY-<ACRONYM>, deduplicated in document order.
        var taken: Set<String> = []
        for i in documents.indices where !documents[i].criteria.isEmpty {
            let base = "COMPLY-" + asciiID(documents[i].acronym.isEmpty ? documents[i].fileName : documents[i].acronym)
            var id = base, n = 2
            while taken.contains(id) { id = "\(base)-\(n)"; n += 1 }
            if id != base {
                log.warning(shown(documents[i].path), 1, 0,
                            "acronym \(Excerpt.quoted(documents[i].acronym)) is used by another document too: its control is \(id)")
            }
            taken.insert(id)
            documents[i].controlID = id
        }

        // Bodies.
        var changes: [String: Int] = [:]
        var out: [Starter.File] = []
        var writtenBy: [String: String] = [:]  // output path → the comply file it comes from
        for doc in documents {
            let target = "policies/" + outputName(doc)
            if let first = writtenBy[target] {
                log.error(shown(doc.path), 1, 0, "this document would be written to \(target), as \(first) is",
                          notes: [doc.kind == .procedures ? "give one of the procedures another id" : "rename one of the files"])
                continue
            }
            writtenBy[target] = doc.path
            var body = Body(text: doc.body, firstLine: doc.bodyFirstLine, path: shown(doc.path), organization: options.organization)
            body.convert(log: &log)
            for change in body.changes { changes[change, default: 0] += 1 }
            out.append(Starter.File(path: "policies/" + outputName(doc), text: policyFile(doc, body: body.result)))
        }
        try log.throwIfErrors()

        let controlled = documents.filter { $0.controlID != nil }
        if !controlled.isEmpty {
            out.append(Starter.File(path: "controls/comply.yaml", text: controlsFile(controlled)))
            log.warning(root, 0, 0,
                        "\(controlled.count) controls are imported as 'planned': comply records no implementation status",
                        notes: ["set each control's status in controls/comply.yaml (implemented, partially-implemented, planned, not-implemented)"])
        }
        let starter = try Starter(organization: options.organization, frameworks: [], date: options.date, catalogs: [])
        out.append(Starter.File(path: "site.yaml", text: starter.siteYAML(writtenBy: "trustpress import comply")))
        out.sort { $0.path < $1.path }

        var changeLines = changes.keys.sorted().map { "\($0) (\(changes[$0]!) file\(changes[$0]! == 1 ? "" : "s"))" }
        changeLines.insert("every document is a confidential policy; every control is 'planned'", at: 0)
        return Result(files: out, diagnostics: log.all.sorted(), controlCount: controlled.count,
                      policyCount: documents.count, changes: changeLines)
    }

    static func outputName(_ doc: Document) -> String {
        switch doc.kind {
        case .policies: return doc.fileName.lowercased() + ".md"
        case .narratives: return "narrative-" + doc.fileName.lowercased() + ".md"
        case .procedures: return "procedure-" + fileID(doc.procedureID ?? doc.fileName) + ".md"
        }
    }

    /// Lowercase letters, digits, `-` and `_`; anything else becomes `-`.
    static func fileID(_ text: String) -> String {
        let s = String(text.lowercased().unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "-"
        })
        return s.isEmpty ? "document" : s
    }

    /// Uppercase ASCII letters, digits and `-`.
    static func asciiID(_ text: String) -> String {
        var s = ""
        for scalar in text.uppercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) { s.unicodeScalars.append(scalar) }
            else if !s.hasSuffix("-") { s.append("-") }
        }
        s = s.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return s.isEmpty ? "DOC" : s
    }

    static func composed(_ text: String, path: String, firstLine: Int, log: inout DiagnosticLog) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line = firstLine, column = 0, message = "\(error)"
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                line = mark.line + firstLine - 1
                column = mark.column
                message = problem
            default: break
            }
            log.error(path, line, column, "invalid YAML: \(message)")
            return nil
        } catch {
            log.error(path, firstLine, 0, "invalid YAML: \(error)")
            return nil
        }
    }

    /// A comply document split into its header (parsed) and its body.
    static func document(_ file: InputFile, kind: Kind, shown: String, tsc: Set<String>?, tscFile: String?, soc2IDs: Set<String>,
                         catalog: Catalog, suggestions: Suggestion.Index, options: Options, log: inout DiagnosticLog) -> Document? {
        var lines = file.text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var start = 0
        if lines.first.map(trimCR) == "---" { start = 1 }
        guard let end = lines[start...].firstIndex(where: { trimCR($0) == "---" }) else {
            log.error(shown, 1, 1, "missing header end: a comply document is a YAML header, then a line '---', then the body",
                      notes: ["add a line '---' after the header (name:, acronym:, satisfies: …)"])
            return nil
        }
        let header = lines[start..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        let fileName = String((file.path as NSString).lastPathComponent.dropLast(3))
        var doc = Document(kind: kind, path: file.path, fileName: fileName, name: fileName, acronym: "",
                           body: body, bodyFirstLine: end + 2)
        guard let node = composed(header, path: shown, firstLine: start + 1, log: &log) else { return nil }
        guard case let .mapping(map) = node else {
            log.error(shown, start + 1, 1, "the header is not a YAML mapping (name:, acronym:, …)")
            return nil
        }
        let shift = start  // header line n is file line n + shift
        func at(_ node: Node) -> (Int, Int) { (node.mark.map { $0.line + shift } ?? 1, node.mark?.column ?? 0) }
        for (keyNode, value) in map {
            guard let key = keyNode.string else { continue }
            switch key {
            case "name": doc.name = value.string?.trimmingCharacters(in: .whitespaces) ?? doc.name
            case "acronym": doc.acronym = value.string ?? ""
            case "id": doc.procedureID = value.string
            case "cron": doc.cron = value.string
            case "majorRevisions", "minorRevisions":
                var revisions: [(String, String)] = []
                for item in value.sequence ?? [] {
                    let date = item.mapping?.first { $0.key.string == "date" }?.value.string ?? ""
                    let comment = item.mapping?.first { $0.key.string == "comment" }?.value.string ?? ""
                    revisions.append((date, comment))
                }
                if key == "majorRevisions" {
                    doc.major = revisions
                    var dates: [CalendarDate] = []
                    var unparsed = false
                    for item in value.sequence ?? [] {
                        let dateNode = item.mapping?.first { $0.key.string == "date" }?.value
                        if let text = dateNode?.string, let date = parseDate(text) { dates.append(date); continue }
                        unparsed = true
                        let (l, c) = at(dateNode ?? item)
                        log.warning(shown, l, c, "revision date \(Excerpt.quoted(dateNode?.string ?? "")) is not a date (expected e.g. 'Jun 1 2018'): the policy gets no 'approved' date",
                                    notes: ["add approved: YYYY-MM-DD to the imported policy's front matter"])
                    }
                    if !unparsed { doc.approved = dates.max() }
                } else {
                    doc.minor = revisions
                }
            case "satisfies":
                guard case let .mapping(standards) = value else { break }
                for (standardNode, ids) in standards {
                    let standard = standardNode.string ?? ""
                    guard standard == "TSC" else {
                        let (l, c) = at(standardNode)
                        log.warning(shown, l, c, "satisfies \(Excerpt.quoted(standard)) is not converted: only TSC (SOC 2) maps onto a shipped catalog",
                                    notes: ["map the control to that framework's catalog by hand (frameworks/*.yaml)"])
                        continue
                    }
                    doc.hasSatisfies = true
                    for idNode in ids.sequence ?? [ids] {
                        guard let id = idNode.string?.trimmingCharacters(in: .whitespaces), !id.isEmpty else { continue }
                        let canonical = catalog.canonicalID(id)
                        if soc2IDs.contains(canonical) {
                            if !doc.criteria.contains(canonical) { doc.criteria.append(canonical) }
                            continue
                        }
                        let (l, c) = at(idNode)
                        let inTSC = tsc?.contains(id) == true
                        let source = tscFile.map { "TSC (\($0))" } ?? "TSC"
                        let message = inTSC
                            ? "\(Excerpt.quoted(id)) is a criterion of \(source) but not of the SOC 2 criteria (\(soc2))"
                            : "\(Excerpt.quoted(id)) is not a criterion of \(source) nor of the SOC 2 criteria (\(soc2))"
                        var notes = suggestions.didYouMean(id)
                        if options.dropUnknown {
                            notes.append("left out of the imported control (--drop-unknown)")
                            log.warning(shown, l, c, message, notes: notes)
                        } else {
                            notes.append("remove it from satisfies, or replace it with the SOC 2 criterion it means; --drop-unknown leaves it out and imports the rest")
                            log.error(shown, l, c, message, notes: notes)
                        }
                    }
                }
            default: break
            }
        }
        doc.criteria.sort(by: NaturalOrder.less)
        return doc
    }

    static func trimCR(_ line: String) -> String { line.hasSuffix("\r") ? String(line.dropLast()) : line }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Jun 1 2018`, `June 1, 2018`, `1 Jun 2018` or `2018-06-01`; nil for anything else.
    static func parseDate(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let iso = CalendarDate(trimmed) { return iso }
        let words = trimmed.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: ".", with: " ")
            .split(separator: " ").map { $0.lowercased() }
        guard words.count == 3 else { return nil }
        func month(_ w: String) -> Int? {
            guard w.count >= 3, let i = months.firstIndex(of: String(w.prefix(3))) else { return nil }
            let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][i]
            return w.count == 3 || w == full || (w == "sept" && i == 8) ? i + 1 : nil
        }
        var m: Int?, d: Int?
        if let mm = month(words[0]) { m = mm; d = Int(words[1]) } else if let mm = month(words[1]) { m = mm; d = Int(words[0]) }
        guard let m, let d, let y = Int(words[2]), (1000...9999).contains(y), (1...31).contains(d) else { return nil }
        let date = CalendarDate(year: y, month: m, day: d)
        return CalendarDate(date.description) == nil ? nil : date
    }

    // MARK: - Output

    static func yamlQuoted(_ text: String) -> String { Starter.yamlQuoted(text) }

    static func policyFile(_ doc: Document, body: String) -> String {
        var front = [
            "---",
            "# Imported from comply (\(doc.path)). Confidential: comply documents are internal; set",
            "# visibility: public only for one you mean to publish in full.",
            "title: " + yamlQuoted(doc.name),
            "id: " + String(outputName(doc).dropLast(3)),
        ]
        if !doc.major.isEmpty { front.append("version: \"\(doc.major.count)\"") }
        if let approved = doc.approved { front.append("approved: \(approved)") }
        front.append("visibility: confidential")
        if let id = doc.controlID { front.append("controls: [\(id)]") }
        front.append("---")
        var text = front.joined(separator: "\n") + "\n"
        var bodyText = body
        if let cron = doc.cron {
            bodyText = "Scheduled in comply: `\(cron.replacingOccurrences(of: "`", with: ""))` (cron with seconds)\n\n" + bodyText
        }
        if !bodyText.hasPrefix("\n") { text += "\n" }
        text += bodyText
        if !text.hasSuffix("\n") { text += "\n" }
        let revisions = doc.major.map { ($0.date, $0.comment) } + doc.minor.map { ($0.date, "Minor: " + $0.comment) }
        if !revisions.isEmpty {
            let level = String(repeating: "#", count: shallowestHeading(bodyText) ?? 2)
            text += "\n\(level) Revision history\n\n| Date | Comment |\n| --- | --- |\n"
            for (date, comment) in revisions { text += "| \(cell(date)) | \(cell(comment)) |\n" }
        }
        return text
    }

    /// Text for a pipe-table cell: one line, `|` and tag-like `<` escaped.
    static func cell(_ text: String) -> String {
        let one = text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
        return Body.escapeTags(one)
    }

    /// The fewest `#` of an ATX heading outside fenced code, or nil.
    static func shallowestHeading(_ text: String) -> Int? {
        var fence: String?
        var best: Int?
        for line in text.components(separatedBy: "\n") {
            if let f = Body.fenceMarker(line) {
                if fence == nil { fence = f } else if let open = fence, f.first == open.first, f.count >= open.count { fence = nil }
                continue
            }
            guard fence == nil else { continue }
            let hashes = line.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), line.dropFirst(hashes).first.map({ $0 == " " || $0 == "\t" }) ?? true {
                best = min(best ?? hashes, hashes)
            }
        }
        return best
    }

    static func plainID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == ".") }
            && id.first!.isLetter
    }

    static func controlsFile(_ docs: [Document]) -> String {
        var text = """
        # Imported from comply by `trustpress import comply`: one control per document with 'satisfies'.
        # comply records no implementation status, so every control is 'planned': set each one's status
        # (implemented | partially-implemented | planned | not-implemented) before you publish.
        controls:

        """
        for doc in docs {
            guard let id = doc.controlID else { continue }
            let folder = doc.kind == .narratives ? "narratives" : "policies"
            let file = (doc.path as NSString).lastPathComponent
            text += "  - id: \(id)\n"
            text += "    title: \(yamlQuoted(doc.name))\n"
            text += "    summary: \(yamlQuoted("Imported from comply: \(doc.name) (\(folder)/\(file))"))\n"
            text += "    status: planned\n"
            text += "    maps_to:\n"
            text += "      \(soc2): [\(doc.criteria.map { plainID($0) ? $0 : yamlQuoted($0) }.joined(separator: ", "))]\n"
        }
        return text
    }
}
