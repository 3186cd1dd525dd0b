/// How many of a framework's requirements in scope are covered by implemented controls.
///
/// In scope: for a framework with a Statement of Applicability (certified or being prepared), every
/// requirement except SoA exclusions; for an attested framework, the criteria of the categories in the report's scope.
/// A requirement counts as covered only when at least one control mapped to it is `implemented`,
/// so a project with no controls reports 0%, never 100%.
public struct Coverage: Sendable, Equatable {
    public let framework: String
    public let name: String
    /// Requirement ids in scope, natural order.
    public let inScope: [String]
    /// In-scope requirement ids with no implemented control, natural order.
    public let uncovered: [String]
    /// Of `uncovered`, those a crosswalk relates to a requirement of another framework that an
    /// implemented control covers: derived, not evidence, so counted only when asked
    /// (`counting(derived:)`, `check --coverage --with-crosswalks`). Natural order.
    public let derived: [String]

    public var coveredCount: Int { inScope.count - uncovered.count }

    /// Percentage covered, rounded down; 0 when nothing is in scope.
    public var percent: Int { inScope.isEmpty ? 0 : coveredCount * 100 / inScope.count }

    /// The same figures with the derived requirements counted as covered: `uncovered` loses them,
    /// `derived` still names them.
    public func countingDerived() -> Coverage {
        let derivedSet = Set(derived)
        return Coverage(framework: framework, name: name, inScope: inScope,
                        uncovered: uncovered.filter { !derivedSet.contains($0) }, derived: derived)
    }

    /// One entry per framework held or prepared (`TrustModel.frameworksInProgram`), in framework id
    /// order. Undecided Annex A controls stay in scope: only an exclusion takes one out.
    public static func of(_ model: TrustModel) -> [Coverage] {
        // Requirements a crosswalk relates to one an implemented control covers, per framework.
        var derived: [String: Set<String>] = [:]
        for entry in model.implementedDerivedCoverage {
            for (_, refs) in entry.related { for ref in refs { derived[ref.framework, default: []].insert(ref.id) } }
        }
        return model.frameworksInProgram.map { catalog in
            var scope = catalog.requirements
            if let soa = model.statementsOfApplicability[catalog.framework] {
                let excluded = Set(soa.filter(\.excluded).map(\.requirement.id))
                scope = scope.filter { !excluded.contains($0.id) }
            }
            let categories = model.attestations.filter { $0.framework == catalog.framework }.flatMap(\.categories)
            if !categories.isEmpty {
                let groups = Set(categories.map(\.rawValue))
                scope = scope.filter { groups.contains($0.group) }
            }
            let implemented = Set(model.controls.filter { $0.status == .implemented }
                .flatMap { $0.mapsTo[catalog.framework] ?? [] })
            let ids = scope.map(\.id).sortedNaturally(by: { $0 })
            let uncovered = ids.filter { !implemented.contains($0) }
            let speaksTo = derived[catalog.framework] ?? []
            return Coverage(framework: catalog.framework, name: catalog.name, inScope: ids, uncovered: uncovered,
                            derived: uncovered.filter { speaksTo.contains($0) })
        }
    }
}
