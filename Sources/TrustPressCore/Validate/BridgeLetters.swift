/// Rules of a SOC 2 report's bridge letter (`bridge_letter:`): its dates in order, and an explicit
/// statement about changes.
///
/// No standard sets these rules: the AICPA defines no bridge letter. They follow common practice:
/// a bridge letter is management's letter covering the time from the end of the report's period
/// to the letter's date, states the material changes in that time or that there were none, says
/// when the next report is expected, and usually covers no more than three months; it does not
/// replace the report ("What is a SOC 2 Bridge Letter?",
/// https://www.compliancepoint.com/assurance/what-is-a-soc-2-bridge-letter; "Bridge Letters for SOC
/// Audits", https://kfinancial.com/bridge-letters-for-soc-audits). Past twelve months a new report
/// is due (the 12-month staleness rule of `checkFreshness`), so a letter covering more is a warning.
extension Validator {
    func checkBridgeLetters(log: inout DiagnosticLog) {
        for att in source.attestations {
            let a = att.value, src = att.source
            guard let letter = a.bridgeLetter else { continue }
            let at: [PathKey] = ["bridge_letter"]
            if let end = a.coverageEnd, let covered = a.bridgePeriod {
                if letter.date <= end {
                    src.error(&log, at: at + ["date"],
                              "the bridge letter is dated \(letter.date), but the report covers up to \(end): a bridge letter covers the time after the report, so it is dated after \(end)",
                              notes: ["date it on the day it was signed; a letter dated \(end) or earlier covers no time"])
                } else if covered.start.adding(months: 12) <= covered.end {
                    src.error(&log, at: at + ["date"],
                              "the bridge letter covers \(covered.start) to \(covered.end), more than 12 months: by then a new report is due",
                              notes: ["a bridge letter usually covers no more than 3 months; customers expect a report whose period ended within the last 12 months"],
                              severity: .warning)
                }
            }
            if buildDate < letter.date {
                src.error(&log, at: at + ["date"],
                          "the bridge letter is dated \(letter.date), after the build date \(buildDate): a letter cannot be dated in the future",
                          notes: ["date it on the day it was signed"])
            }
            if letter.nextReportDate <= letter.date {
                src.error(&log, at: at + ["next_report_date"],
                          "the next report is expected on \(letter.nextReportDate), which is not after the letter's date \(letter.date)",
                          notes: ["write the date the next report is expected to be issued"])
            }
            if letter.changeStatement == nil {
                let listed = !(letter.materialChanges ?? []).isEmpty
                if listed {
                    src.error(&log, at: at + ["no_material_changes"],
                              "the bridge letter lists material changes and also says there were none",
                              notes: ["keep the list and remove 'no_material_changes', or remove the list"])
                } else {
                    let place: [PathKey] = letter.materialChanges != nil ? at + ["material_changes"]
                        : letter.noMaterialChanges != nil ? at + ["no_material_changes"] : at
                    src.error(&log, at: place,
                              "the bridge letter does not say whether the system or its controls changed materially since the report's period ended",
                              notes: ["list the changes, e.g. material_changes: [Moved the database to a second region], "
                                      + "or write no_material_changes: true if there were none"])
                }
            }
        }
    }
}
