/// How many controls there are and how many stand at each implementation status, for the whole
/// program, a framework or one of its groups (ISO theme, SOC 2 category).
///
/// Computed once in the public projection and read by every page, badge and trust.json figure, so
/// they all show the same numbers. Hiding statuses from the controls page
/// (`trust_center.public_control_statuses`) never reduces a total: `total` and `byStatus` count every
/// control, listed or not, and `hidden` says how many the page leaves out ("52 controls, 40
/// implemented; 12 not listed here"), so hiding never turns into a claim that everything is implemented.
public struct ControlTotals: Sendable, Equatable {
    /// Distinct controls counted (a control mapped to several requirements of a group counts once).
    public let total: Int
    /// Controls per status; every status is present, 0 when none has it.
    public let byStatus: [ImplementationStatus: Int]
    /// How many of `total` the controls page lists (their status is in the public statuses).
    public let listed: Int

    /// How many controls the controls page does not list. Always `total - listed`.
    public var hidden: Int { total - listed }
    /// Controls with status `implemented`.
    public var implemented: Int { count(.implemented) }

    /// Controls with `status` (0 when none).
    public func count(_ status: ImplementationStatus) -> Int { byStatus[status] ?? 0 }

    /// Counts `statuses` (one per distinct control); `listed` is the set of statuses shown publicly.
    public init(statuses: some Sequence<ImplementationStatus>, listed shown: Set<ImplementationStatus>) {
        var counts = Dictionary(uniqueKeysWithValues: ImplementationStatus.allCases.map { ($0, 0) })
        var total = 0, listed = 0
        for status in statuses {
            counts[status, default: 0] += 1
            total += 1
            if shown.contains(status) { listed += 1 }
        }
        self.total = total
        self.byStatus = counts
        self.listed = listed
    }

    /// Counts the given controls once each by id (first occurrence wins, as ids are unique once validated).
    init(controls: some Sequence<(id: String, status: ImplementationStatus)>, listed shown: Set<ImplementationStatus>) {
        var seen = Set<String>()
        self.init(statuses: controls.filter { seen.insert($0.id).inserted }.map(\.status), listed: shown)
    }
}

extension ImplementationStatus {
    /// The statuses the controls page lists when `site.yaml` names none: all of them. The honest
    /// default; a site hides statuses only by saying so, and the totals still count them.
    public static let listedByDefault: [ImplementationStatus] = allCases
}
