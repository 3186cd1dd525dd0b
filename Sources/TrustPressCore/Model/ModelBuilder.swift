/// Model stage: turns validated content into a `TrustModel` (sorting, SoA decisions, derived status).
/// Assumes `Validator` found no errors.
enum ModelBuilder {
    static func build(_ source: ContentSource, buildDate: CalendarDate) -> TrustModel {
        let catalogs = source.catalogs.map(\.value).sorted { $0.framework < $1.framework }
        var controls = source.controls.map(\.control).sortedNaturally(by: \.id)
        for i in controls.indices {
            controls[i].mapsTo = controls[i].mapsTo.mapValues { Array(Set($0)).sortedNaturally(by: { $0 }) }
        }
        let decisions = source.applicability?.value ?? [:]
        let programs = source.programs
        var soas: [String: [SoAEntry]] = [:]
        // A Statement of Applicability for every certified or prepared ISO program (`Programs`);
        // validation made sure a certified one decides every control.
        for catalog in catalogs where programs.statementOfApplicability.contains(catalog.framework) {
            soas[catalog.framework] = catalog.soaRequirements.map { req in
                let mapped = controls.filter { $0.mapsTo[catalog.framework]?.contains(req.id) == true }
                let written = decisions[catalog.framework]?[req.id]
                let decision = Applicability.effective(written?.applicable, mapped: !mapped.isEmpty)
                // Never invented: a missing justification is shown as missing (and warned about).
                let justification = written?.justification ?? (decision == .undecided ? "" : "Not recorded")
                let tested = mapped.compactMap { c in c.lastTest.map { SoAEntry.LastTest(control: c.id, test: $0) } }
                let latest = Control.ControlTest.latest(tested.map(\.test))
                return SoAEntry(requirement: req, decision: decision, justification: justification,
                                status: decision == .applicable ? combinedStatus(mapped.map(\.status)) : nil,
                                controls: mapped.map(\.id),
                                lastTest: latest.flatMap { t in tested.first { $0.test == t } })
            }
        }
        var sourcePaths: [String: String] = [:]
        for (control, src, _) in source.controls { sourcePaths["control:\(control.id)"] = src.path }
        if let applicability = source.applicability { sourcePaths["applicability"] = applicability.source.path }
        let attestations = source.attestations.sorted {
            // Newest report first within a framework.
            $0.value.framework != $1.value.framework ? $0.value.framework < $1.value.framework
                : ($1.value.reportDate, $1.value.type.rawValue) < ($0.value.reportDate, $0.value.type.rawValue)
        }
        for (i, a) in attestations.enumerated() { sourcePaths["attestation:\(i)"] = a.source.path }
        var model = TrustModel(
            buildDate: buildDate,
            site: source.site!.value,
            catalogs: catalogs,
            certifications: source.certifications.map(\.value)
                .sorted { ($0.framework, $0.certificateNumber) < ($1.framework, $1.certificateNumber) },
            attestations: attestations.map(\.value),
            controls: controls,
            policies: source.policies.map(\.policy).sortedNaturally(by: \.id),
            subprocessors: (source.subprocessors?.value.subprocessors ?? [])
                .sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) },
            programs: programs,
            statementsOfApplicability: soas,
            sourcePaths: sourcePaths,
            branding: source.branding)
        model.subprocessorsPublished = source.subprocessors != nil
        model.removedSubprocessors = (source.subprocessors?.value.removed ?? [])
            .sorted { ($1.removed, $0.name.lowercased()) < ($0.removed, $1.name.lowercased()) }
        model.updates = source.updates.map(\.update).sorted(by: Update.newestFirst)
        model.faq = source.faq
        model.ndaTerms = source.ndaTerms
        model.documents = source.documents
        model.policyImages = source.policyImages
        model.publicPolicyImageNames = PolicyImages.publicNames(model)
        model.crosswalks = source.crosswalks.map(\.value).sorted { $0.id < $1.id }
        if !model.crosswalks.isEmpty {
            let program = programs.all
            model.derivedCoverage = DerivedCoverage.of(crosswalks: model.crosswalks, controls: controls, program: program)
            model.implementedDerivedCoverage = DerivedCoverage.of(crosswalks: model.crosswalks, controls: controls,
                                                                  program: program, implementedOnly: true)
        }
        return model
    }

    /// Status of a requirement from the controls that implement it: implemented only when all are;
    /// planned when none has started; not implemented when there are none.
    static func combinedStatus(_ statuses: [ImplementationStatus]) -> ImplementationStatus {
        if statuses.isEmpty { return .notImplemented }
        if statuses.allSatisfy({ $0 == .implemented }) { return .implemented }
        if statuses.contains(where: { $0 == .implemented || $0 == .partiallyImplemented }) { return .partiallyImplemented }
        if statuses.contains(.planned) { return .planned }
        return .notImplemented
    }
}
