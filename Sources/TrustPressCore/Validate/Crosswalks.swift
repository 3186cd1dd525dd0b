/// Rules of `crosswalks/*.yaml`: both frameworks loaded and different, every id a current
/// requirement of its framework (a withdrawn one named with where it went), no empty or repeated entry.
extension Validator {
    func checkCrosswalks(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        for file in source.crosswalks {
            let c = file.value, src = file.source
            var known: [String: Catalog] = [:]
            for (key, framework) in [("from", c.from), ("to", c.to)] {
                if let catalog = catalogs[framework]?.value { known[key] = catalog; continue }
                guard !source.incomplete.contains("frameworks") else { continue }
                src.error(&log, at: [.key(key)], "unknown framework \(Excerpt.quoted(framework))",
                          notes: frameworkNotes(framework, catalogs.keys))
            }
            if c.from == c.to {
                src.error(&log, at: ["to"], "a crosswalk relates two frameworks; 'from' and 'to' are both \(Excerpt.quoted(c.from))",
                          notes: ["a requirement needs no crosswalk to itself: name the other framework in 'to'"])
                continue
            }
            // Derived coverage flows into the frameworks of the program only.
            let program = source.programs.all
            // A shipped crosswalk applies by itself: it is not the user's to fix.
            if known.count == 2, !program.contains(c.from), !program.contains(c.to), !source.incomplete.contains("programs"),
               !src.path.hasPrefix(ShippedCrosswalks.displayFolder) {
                src.error(&log, at: ["from"], "neither \(c.from) nor \(c.to) is in the program: the crosswalk adds nothing",
                          notes: ["a framework is in the program with a certificate, a report, an applicability.yaml section or a programs.yaml entry"],
                          severity: .warning)
            }
            if c.mappings.isEmpty {
                src.error(&log, at: ["mappings"], "the crosswalk relates nothing",
                          notes: ["list each requirement of \(c.from) with the requirements of \(c.to) it relates to, e.g. \"\(known["from"]?.requirements.first?.id ?? "A.5.15"): [\(known["to"]?.requirements.first?.id ?? "AC-2")]\""],
                          severity: .warning)
            }
            for (key, targets) in c.mappings.sorted(by: { NaturalOrder.less($0.key, $1.key) }) {
                let at: [PathKey] = ["mappings", .key(key)]
                if let from = known["from"] { check(key, in: from, src, at, &log) }
                if targets.isEmpty {
                    src.error(&log, at: at, "\(Excerpt.quoted(key)) is related to nothing",
                              notes: ["list the requirements of \(c.to) it relates to, or remove the entry"])
                }
                var seen: Set<String> = [], repeated: Set<String> = []
                for (j, id) in targets.enumerated() {
                    if !seen.insert(id).inserted {
                        // Once per id, however often it repeats.
                        if repeated.insert(id).inserted {
                            src.error(&log, at: at + [.index(j)], "\(Excerpt.quoted(id)) is listed twice for \(key)", severity: .warning)
                        }
                        continue
                    }
                    if let to = known["to"] { check(id, in: to, src, at + [.index(j)], &log) }
                }
            }
        }
    }

    /// A crosswalk relates current requirements only: a withdrawn one is named with its successors;
    /// any other unknown id gets `checkRequirement`'s did-you-mean.
    private func check(_ id: String, in catalog: Catalog, _ src: SourceMap, _ at: [PathKey], _ log: inout DiagnosticLog) {
        guard catalog.requirement(id) == nil else { return }
        if let gone = catalog.withdrawnRequirement(id) {
            let successors = gone.successors.filter { catalog.requirement($0) != nil }
            src.error(&log, at: at, "\(Excerpt.quoted(id)) was withdrawn from \(catalog.shortName); a crosswalk relates current requirements only",
                      notes: [successors.isEmpty ? "\(catalog.shortName) names no successor for it: remove it"
                              : "its content is now part of \(Excerpt.list(successors)): write \(successors.count == 1 ? "that" : "those") instead"])
            return
        }
        checkRequirement(id, in: catalog, src, at, &log)
    }
}
