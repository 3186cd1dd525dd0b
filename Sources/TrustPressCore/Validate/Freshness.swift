/// Rules judged against the build date: what a customer or auditor would flag as out of date.
extension Validator {
    /// Certificates, surveillance audits, SOC 2 periods (and their bridge letters), policy reviews
    /// and control tests.
    func checkFreshness(log: inout DiagnosticLog) {
        for cert in source.certifications {
            let c = cert.value, src = cert.source
            switch CertificateStanding.of(expires: c.expires, on: buildDate) {
            case .expired:
                // Published as expired rather than blocking every build (a typo fix in a policy
                // too); `--strict` turns this warning into a failure.
                src.error(&log, at: ["expires"], "certificate \(c.certificateNumber) expired on \(c.expires): it is published as expired",
                          notes: ["recertify, then update 'issued' and 'expires'; or remove the file to stop publishing the certificate"],
                          severity: .warning)
            case .expiring:
                src.error(&log, at: ["expires"], "certificate \(c.certificateNumber) expires on \(c.expires), within 90 days",
                          notes: ["plan the recertification audit before expiry"], severity: .warning)
            case .valid, .surveillanceOverdue: break
            }
            for (i, audit) in c.surveillanceAudits.enumerated() where audit.status == .planned && audit.due < buildDate {
                src.error(&log, at: ["surveillance_audits", .index(i), "due"], "surveillance audit due \(audit.due) is overdue: the certificate is published as 'Surveillance audit overdue'",
                          notes: ["surveillance audits happen at least once a calendar year (ISO/IEC 17021-1 §9.6.2); mark it completed or reschedule"],
                          severity: .warning)
            }
        }
        for att in source.attestations {
            let a = att.value, src = att.source
            guard let end = a.coverageEnd else { continue }
            if end.adding(months: 12) < buildDate {
                src.error(&log, at: [a.period != nil ? "period" : "as_of"],
                          "the SOC 2 report covers up to \(end), more than 12 months before the build date: it is stale",
                          notes: ["customers expect a report whose period ended within the last 12 months"], severity: .warning)
            } else if end.adding(months: 3) < buildDate, a.bridgeLetter == nil {
                // Common practice, not a standard: a bridge letter usually covers up to 3 months
                // (see `checkBridgeLetters`); its own dates are checked there.
                src.error(&log, at: [a.period != nil ? "period" : "as_of"],
                          "the SOC 2 report covers up to \(end), more than 3 months ago, and has no bridge letter: customers will ask for one",
                          notes: ["add 'bridge_letter:' with the letter's date, its signer (name, title), the material changes since \(end) "
                                  + "(or no_material_changes: true) and next_report_date"],
                          severity: .warning)
            }
        }
        for (policy, src) in source.policies {
            if let due = policy.nextReview, due < buildDate {
                src.error(&log, at: ["next_review"], "policy \(Excerpt.quoted(policy.id)) was due for review on \(due): its pages say the review is overdue",
                          notes: ["review it, then update 'approved', 'version' and 'next_review'"], severity: .warning)
            }
        }
        for (control, src, index) in source.controls {
            guard let tests = control.tests, let latest = tests.max(by: { $0.date < $1.date }),
                  let position = tests.firstIndex(of: latest) else { continue }
            if latest.date.adding(months: 12) < buildDate {
                src.error(&log, at: ["controls", .index(index), "tests", .index(position), "date"],
                          "the latest test of control \(Excerpt.quoted(control.id)) is from \(latest.date), more than 12 months ago",
                          severity: .warning)
            }
        }
    }

    /// Each Trust Services Category in a report's scope needs at least one control mapped to it.
    func checkCategoryCoverage(log: inout DiagnosticLog) {
        guard !source.incomplete.contains("controls") else { return }
        for att in source.attestations {
            guard let catalog = source.catalogs.first(where: { $0.value.framework == att.value.framework })?.value else { continue }
            let mapped = source.mappedRequirements(catalog.framework)
            for (i, category) in att.value.categories.enumerated() {
                let ids = catalog.requirements.filter { $0.group == category.rawValue }.map(\.id)
                if !ids.contains(where: mapped.contains) {
                    att.source.error(&log, at: ["categories", .index(i)],
                                     "category '\(category.rawValue)' is in scope but no control maps to any of its criteria",
                                     notes: ids.isEmpty ? [] : ["map a control to one of \(Excerpt.list(ids))"])
                }
            }
        }
    }
}
