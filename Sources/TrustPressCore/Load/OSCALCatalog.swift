import Foundation

/// Reads a catalog in OSCAL 1.x JSON form (`frameworks/*.json`, NIST's files as published) into a
/// `Catalog`.
///
/// - Groups (800-53 families, CSF functions) become groups. Nested groups become groups of their own.
/// - Controls and their nested controls (800-53 enhancements, CSF categories and subcategories)
///   become requirements, identified by the label the publisher prints (prop `label`: `AC-2`,
///   `AC-2(1)`, `GV.OC-01`). A label of the form `Title (ID)` (CSF categories: "Organizational
///   Context (GV.OC)") gives its `ID`. OSCAL's own ids (`ac-2.1`) become aliases, accepted in `maps_to`.
/// - A title that only repeats the id (CSF subcategories are titled `GV.OC-01`) is replaced by the
///   first sentence of the control's statement prose, cut to `maxTitle` characters.
/// - Controls with prop `status: withdrawn` become withdrawn requirements, their successors taken
///   from links `incorporated-into` and `moved-to` (also spelt with `_`, as CSF 2.0 does).
/// - Name and version come from `metadata` (`title`, `version`); the short name is the name.
///
/// Errors (each `path:0:0`): not JSON, no top-level `catalog`, no `metadata.title`, a control with
/// neither `id` nor label, and two requirements with one id.
enum OSCALCatalog {
    /// The longest title taken from prose: enough for a table cell.
    static let maxTitle = 120

    /// Link relations that name a withdrawn control's successor (both spellings NIST uses).
    static let successorRelations: Set<String> = ["incorporated-into", "incorporated_into", "moved-to", "moved_to"]

    static func decode(_ data: Data, framework: String, path: String, log: inout DiagnosticLog) -> Catalog? {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            log.error(path, 0, 0, "this is not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "it does not parse")",
                      notes: ["frameworks/*.json holds an OSCAL catalog as NIST publishes it; a catalog of your own can be YAML (frameworks/*.yaml)"])
            return nil
        }
        guard let root = json as? [String: Any], let catalog = root["catalog"] as? [String: Any] else {
            let kind = (json as? [String: Any])?.keys.sorted().first.map { " (this file holds '\($0)')" } ?? ""
            log.error(path, 0, 0, "this is not an OSCAL catalog: the file has no top-level 'catalog' object\(kind)",
                      notes: ["TrustPress reads OSCAL catalogs; a profile or a resolved baseline must be resolved into a catalog first"])
            return nil
        }
        let metadata = catalog["metadata"] as? [String: Any] ?? [:]
        guard let name = (metadata["title"] as? String).map(Self.collapsed), !name.isEmpty else {
            log.error(path, 0, 0, "the OSCAL catalog has no metadata.title: TrustPress names the framework by it")
            return nil
        }
        var reader = Reader(path: path)
        // Controls directly under the catalog (allowed by OSCAL) go into a group of their own.
        let loose = catalog["controls"] as? [[String: Any]] ?? []
        if !loose.isEmpty {
            reader.groups.append(Catalog.Group(id: framework, title: name, kind: .control))
            for control in loose { reader.read(control, group: framework, parent: nil) }
        }
        for group in catalog["groups"] as? [[String: Any]] ?? [] { reader.read(group: group) }
        reader.resolveSuccessors()
        for problem in reader.problems { log.error(path, 0, 0, problem) }
        guard reader.problems.isEmpty else { return nil }
        return Catalog(framework: framework, name: name, shortName: name, version: metadata["version"] as? String,
                       statementOfApplicability: nil, groups: reader.groups, requirements: reader.requirements,
                       withdrawn: reader.withdrawn, aliases: reader.aliases)
    }

    /// The state of one file's reading.
    private struct Reader {
        let path: String
        var groups: [Catalog.Group] = []
        var requirements: [Catalog.Requirement] = []
        var withdrawn: [Catalog.WithdrawnRequirement] = []
        /// OSCAL id (and part ids it contains, like `ac-2_smt.k`, resolved later) → printed id.
        var aliases: [String: String] = [:]
        var problems: [String] = []
        private var seen: Set<String> = []
        private var groupIDs: Set<String> = []

        init(path: String) { self.path = path }

        mutating func read(group: [String: Any]) {
            let oscalID = group["id"] as? String
            let id = OSCALCatalog.printedID(group) ?? oscalID ?? "group-\(groups.count + 1)"
            if groupIDs.insert(id).inserted {
                groups.append(Catalog.Group(id: id, title: OSCALCatalog.collapsed(group["title"] as? String ?? id), kind: .control))
            }
            for control in group["controls"] as? [[String: Any]] ?? [] { read(control, group: id, parent: nil) }
            for inner in group["groups"] as? [[String: Any]] ?? [] { read(group: inner) }
        }

        mutating func read(_ control: [String: Any], group: String, parent: (id: String, title: String)?) {
            let oscalID = control["id"] as? String
            guard let id = OSCALCatalog.printedID(control) ?? oscalID?.uppercased() else {
                problems.append("a control in group '\(group)' has neither an id nor a label")
                return
            }
            guard seen.insert(id).inserted else {
                problems.append("two controls are labelled \(Excerpt.quoted(id)): each requirement needs its own id")
                return
            }
            if let oscalID, oscalID != id { aliases[oscalID] = id }
            let props = control["props"] as? [[String: Any]] ?? []
            let isWithdrawn = props.contains { $0["name"] as? String == "status" && ($0["value"] as? String)?.lowercased() == "withdrawn" }
            let title = OSCALCatalog.title(control, id: id) ?? id
            if isWithdrawn {
                let links = (control["links"] as? [[String: Any]] ?? [])
                    .filter { OSCALCatalog.successorRelations.contains($0["rel"] as? String ?? "") }
                    .compactMap { $0["href"] as? String }
                // Successors are OSCAL hrefs (`#ac-2_smt.k`, `GV.OC`) until every id is known.
                withdrawn.append(Catalog.WithdrawnRequirement(id: id, title: title, successors: links))
            } else {
                requirements.append(Catalog.Requirement(id: id, title: title, group: group,
                                                        section: parent.map { "\($0.id) \($0.title)" }))
            }
            for child in control["controls"] as? [[String: Any]] ?? [] {
                read(child, group: group, parent: (id, title))
            }
        }

        /// Turns each withdrawn requirement's successor hrefs into printed ids: `#ac-2_smt.k` names a
        /// part of `ac-2` (OSCAL part ids start with their control's id and `_`), `GV.OC` a control.
        mutating func resolveSuccessors() {
            let printed = Set(requirements.map(\.id) + withdrawn.map(\.id))
            let byLower = Dictionary(printed.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            func resolve(_ href: String) -> String? {
                var ref = href.hasPrefix("#") ? String(href.dropFirst()) : href
                if let underscore = ref.firstIndex(of: "_") { ref = String(ref[..<underscore]) }
                return aliases[ref] ?? (printed.contains(ref) ? ref : byLower[ref.lowercased()])
            }
            let direct = Dictionary(withdrawn.map { ($0.id, $0.successors.compactMap(resolve)) }, uniquingKeysWith: { a, _ in a })
            // A successor that was itself withdrawn stands for its own successors, in force.
            func inForce(_ id: String, _ visiting: Set<String>) -> [String] {
                guard let next = direct[id] else { return [id] }
                return next.filter { !visiting.contains($0) }.flatMap { inForce($0, visiting.union([id])) }
            }
            for i in withdrawn.indices {
                withdrawn[i].successors = Array(Set(direct[withdrawn[i].id]!.flatMap { inForce($0, [withdrawn[i].id]) }))
                    .sortedNaturally(by: { $0 })
            }
        }
    }

    /// The id a control or group is printed with: its `label` prop, or the `ID` of a `Title (ID)` label.
    static func printedID(_ object: [String: Any]) -> String? {
        let props = object["props"] as? [[String: Any]] ?? []
        guard let label = props.first(where: { $0["name"] as? String == "label" && $0["ns"] == nil })?["value"] as? String
                ?? props.first(where: { $0["name"] as? String == "label" })?["value"] as? String else { return nil }
        let trimmed = collapsed(label)
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "("), open > trimmed.startIndex,
           trimmed[trimmed.index(before: open)] == " " {
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            // `AC-2(1)` has no space before its parenthesis; `Organizational Context (GV.OC)` does.
            if !inner.isEmpty, !inner.contains(" ") { return inner }
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The control's title, or, when the title only repeats its id, its statement's first sentence.
    static func title(_ control: [String: Any], id: String) -> String? {
        let title = (control["title"] as? String).map(collapsed)
        guard title == nil || title == id || title == control["id"] as? String else { return title }
        let parts = control["parts"] as? [[String: Any]] ?? []
        guard let prose = parts.first(where: { $0["name"] as? String == "statement" })?["prose"] as? String else { return title }
        let sentence = collapsed(prose)
        guard sentence.count > maxTitle else { return sentence }
        let cut = sentence.prefix(maxTitle)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return atWord.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:")) + "…"
    }

    /// Runs of whitespace as one space, trimmed.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
