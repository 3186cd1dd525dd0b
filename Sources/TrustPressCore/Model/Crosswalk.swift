/// A crosswalk: requirements of one framework related to requirements of another, as a published
/// mapping (NIST's informative references, a certification body's table) or the organization's own
/// judgment says. `crosswalks/*.yaml`; the id is the file name.
///
/// What a crosswalk adds is derived, never evidence: a control mapped to A.5.15 is not thereby
/// tested against AC-2. So derived coverage is shown labelled in the bundle, counted in
/// `check --coverage` only with `--with-crosswalks`, and never reaches the public site.
public struct Crosswalk: Codable, Sendable, Equatable {
    /// The file name without `.yaml`; set by the loader.
    public internal(set) var id: String = ""
    /// The file as diagnostics name it (`Content/crosswalks/x.yaml`, `<crosswalks>/x.yaml`); set by the loader.
    public internal(set) var path: String = ""
    /// Shown on the bundle's mapping page, e.g. "ISO/IEC 27001:2022 to NIST SP 800-53 Rev. 5"; the id when absent.
    public var name: String?
    /// Where the mapping comes from (a publication, a URL); shown beside it.
    public var source: String?
    /// The framework whose requirements are the keys of `mappings`.
    public var from: String
    /// The framework whose requirements are listed under each key.
    public var to: String
    /// `from` requirement id → the `to` requirement ids it relates to.
    public var mappings: [String: [String]]

    enum CodingKeys: String, CodingKey { case name, source, from, to, mappings }

    /// The name shown: `name`, else the file's id.
    public var title: String { name ?? id }

    /// Every related pair, in both directions: (framework, requirement) → the related (framework,
    /// requirement)s. A crosswalk relates two requirements; which file lists which first says
    /// nothing about which one "covers" the other.
    func relations() -> [RequirementRef: Set<RequirementRef>] {
        var related: [RequirementRef: Set<RequirementRef>] = [:]
        for (a, targets) in mappings {
            let left = RequirementRef(framework: from, id: a)
            for b in targets {
                let right = RequirementRef(framework: to, id: b)
                related[left, default: []].insert(right)
                related[right, default: []].insert(left)
            }
        }
        return related
    }
}

/// A requirement of a framework: `iso27001-2022` `A.5.15`.
public struct RequirementRef: Hashable, Sendable, Comparable {
    public let framework: String
    public let id: String

    public static func < (a: Self, b: Self) -> Bool {
        a.framework != b.framework ? a.framework < b.framework : NaturalOrder.less(a.id, b.id)
    }
}

/// What the crosswalks add to one requirement that controls cover directly: the requirements of
/// other frameworks in the program it speaks to by a crosswalk (ISO ↔ NIST: "A.5.15 is covered
/// through FW-IAM-01; by the crosswalk this also speaks to AC-2 and AC-3"). Computed once, in the model.
public struct DerivedCoverage: Sendable, Equatable {
    /// The requirement the controls map to.
    public let requirement: RequirementRef
    /// The controls that map to it, natural order.
    public let controls: [String]
    /// Per crosswalk (in id order), the requirements of other frameworks in the program it relates
    /// to, natural order within a framework.
    public let related: [(crosswalk: Crosswalk, requirements: [RequirementRef])]

    public static func == (a: Self, b: Self) -> Bool {
        a.requirement == b.requirement && a.controls == b.controls
            && a.related.map(\.crosswalk.id) == b.related.map(\.crosswalk.id) && a.related.map(\.requirements) == b.related.map(\.requirements)
    }

    /// One entry per requirement that some control maps to and that a crosswalk relates to a
    /// requirement of another framework in the program (`program`); in framework, then
    /// natural id order. `implementedOnly`: count only implemented controls (coverage figures).
    static func of(crosswalks: [Crosswalk], controls: [Control], program: Set<String>,
                   implementedOnly: Bool = false) -> [DerivedCoverage] {
        var mappedBy: [RequirementRef: [String]] = [:]
        for c in controls where !implementedOnly || c.status == .implemented {
            for (framework, ids) in c.mapsTo {
                for id in ids { mappedBy[RequirementRef(framework: framework, id: id), default: []].append(c.id) }
            }
        }
        let relations = crosswalks.sorted { $0.id < $1.id }.map { ($0, $0.relations()) }
        return mappedBy.keys.sorted().compactMap { ref in
            let related: [(crosswalk: Crosswalk, requirements: [RequirementRef])] = relations.compactMap { crosswalk, relation in
                let others = (relation[ref] ?? []).filter { program.contains($0.framework) && $0.framework != ref.framework }
                return others.isEmpty ? nil : (crosswalk, others.sorted())
            }
            guard !related.isEmpty else { return nil }
            return DerivedCoverage(requirement: ref, controls: mappedBy[ref]!.sortedNaturally(by: { $0 }), related: related)
        }
    }
}
