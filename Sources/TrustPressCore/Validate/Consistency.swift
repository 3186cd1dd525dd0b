/// Rules an auditor would apply to the facts themselves: dates in the right order and not in the
/// future, reports that cite only criteria in their scope, tests that agree with their results.
extension Validator {
    func checkConsistency(log: inout DiagnosticLog) {
        checkAttestationFacts(log: &log)
        checkCertificateFacts(log: &log)
        checkControlFacts(log: &log)
        checkPolicyFacts(log: &log)
    }

    private func checkAttestationFacts(log: inout DiagnosticLog) {
        for att in source.attestations {
            let a = att.value, src = att.source
            let end = a.coverageEnd
            if let end, a.reportDate < end {
                src.error(&log, at: ["report_date"], "the report is dated \(a.reportDate), before the \(a.type == .type2 ? "period ends" : "as-of date") (\(end))")
            }
            if buildDate < a.reportDate {
                src.error(&log, at: ["report_date"], "the report date \(a.reportDate) is after the build date \(buildDate)")
            }
            if let p = a.period, p.start.adding(months: 12) < p.end {
                src.error(&log, at: ["period"], "the Type 2 period runs \(p.start) to \(p.end), more than 12 months",
                          notes: ["SOC 2 Type 2 periods are usually 3 to 12 months; check the dates"], severity: .warning)
            }
            guard let catalog = source.catalogs.first(where: { $0.value.framework == a.framework })?.value else { continue }
            let inScope = Set(a.categories.map(\.rawValue))
            func checkInScope(_ id: String, _ at: [PathKey]) {
                guard let requirement = catalog.requirement(id), !inScope.contains(requirement.group) else { return }
                src.error(&log, at: at, "\(id) belongs to the \(requirement.group.replacingOccurrences(of: "_", with: " ")) category, which is not in this report's scope",
                          notes: ["add '\(requirement.group)' to categories, or cite a criterion in scope"])
            }
            for (id, at) in a.citedCriteria { checkInScope(id, at) }
            for (i, e) in (a.exceptions ?? []).enumerated() {
                if let (control, _, _) = source.controls.first(where: { $0.control.id == e.control }),
                   control.mapsTo[a.framework]?.contains(e.criterion) != true {
                    src.error(&log, at: ["exceptions", .index(i), "control"],
                              "control \(Excerpt.quoted(e.control)) has an exception under \(e.criterion) but is not mapped to it",
                              notes: ["add \(e.criterion) to the control's maps_to.\(a.framework)"], severity: .warning)
                }
            }
        }
    }

    private func checkCertificateFacts(log: inout DiagnosticLog) {
        for cert in source.certifications {
            let c = cert.value, src = cert.source
            if buildDate < c.issued {
                src.error(&log, at: ["issued"], "the certificate is issued \(c.issued), after the build date \(buildDate)")
            }
            // ISO/IEC 17021-1 §9.1.3: a three-year certification cycle.
            if c.issued.adding(months: 36) < c.expires {
                src.error(&log, at: ["expires"], "the certificate runs from \(c.issued) to \(c.expires), more than the three-year certification cycle",
                          notes: ["ISO/IEC 17021-1 §9.1.3: certificates are valid for at most three years"])
            }
        }
        // An applicable Annex A control needs a reason for inclusion too (§6.1.3 d), not only an exclusion.
        for framework in source.programs.statementOfApplicability {
            guard let catalog = source.catalogs.first(where: { $0.value.framework == framework })?.value,
                  catalog.statementOfApplicability == true else { continue }
            let decisions = source.applicability?.value[framework] ?? [:]
            let mapped = source.mappedRequirements(framework)
            var missing: [String] = []
            for requirement in catalog.soaRequirements {
                let decision = decisions[requirement.id]
                let applicable = Applicability.effective(decision?.applicable, mapped: mapped.contains(requirement.id)) == .applicable
                if applicable, (decision?.justification ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    missing.append(requirement.id)
                }
            }
            if !missing.isEmpty {
                let path = source.applicability?.source.path ?? source.certifications.first { $0.value.framework == framework }!.source.path
                let (line, column) = source.applicability?.source.location([.key(framework)]) ?? (0, 0)
                log.warning(path, line, column,
                            "\(missing.count) applicable \(catalog.soaItemName)(s) have no justification for inclusion: \(Excerpt.list(missing))",
                            notes: ["ISO/IEC 27001:2022 §6.1.3 d asks for the justification of every control, included or excluded; add 'applicable: true' with a 'justification' to applicability.yaml"])
            }
        }
    }

    private func checkControlFacts(log: inout DiagnosticLog) {
        for (control, src, index) in source.controls {
            let at: [PathKey] = ["controls", .index(index)]
            for (j, test) in (control.tests ?? []).enumerated() {
                if buildDate < test.date {
                    src.error(&log, at: at + ["tests", .index(j), "date"], "the test is dated \(test.date), after the build date \(buildDate)")
                }
                if test.result == .passed, let e = test.exceptions, e > 0 {
                    src.error(&log, at: at + ["tests", .index(j), "result"], "a test with \(e) exception(s) cannot have passed",
                              notes: ["set result: exception"])
                }
            }
            for (j, e) in (control.evidence ?? []).enumerated() {
                if let date = e.date, buildDate < date {
                    src.error(&log, at: at + ["evidence", .index(j), "date"], "the evidence is dated \(date), after the build date \(buildDate)")
                }
            }
        }
    }

    private func checkPolicyFacts(log: inout DiagnosticLog) {
        for (policy, src) in source.policies {
            if let approved = policy.approved, buildDate < approved {
                src.error(&log, at: ["approved"], "the policy is approved \(approved), after the build date \(buildDate)")
            }
            if let approved = policy.approved, let review = policy.nextReview, review < approved {
                src.error(&log, at: ["next_review"], "next_review \(review) is before the approval date \(approved)")
            }
        }
    }
}
