import Foundation

/// Validate stage: every cross-file rule, run after loading. Adds every problem to the log (never
/// stops at the first), each at the line and column of the offending value.
struct Validator {
    let source: ContentSource
    let buildDate: CalendarDate

    func validate(log: inout DiagnosticLog) {
        let catalogs = Dictionary(source.catalogs.map { ($0.value.framework, $0) }, uniquingKeysWith: { a, _ in a })
        checkCatalogs(log: &log)
        if let site = source.site { checkSite(site, log: &log) }
        checkControls(catalogs: catalogs, log: &log)
        checkCertifications(catalogs: catalogs, log: &log)
        checkAttestations(catalogs: catalogs, log: &log)
        checkPolicies(log: &log)
        checkMarkdownFields(log: &log)
        checkPublicFields(log: &log)
        checkApplicability(catalogs: catalogs, log: &log)
        checkPrograms(catalogs: catalogs, log: &log)
        checkCrosswalks(catalogs: catalogs, log: &log)
        checkSubprocessors(log: &log)
        checkPublications(log: &log)
        checkFreshness(log: &log)
        checkBridgeLetters(log: &log)
        checkCategoryCoverage(log: &log)
        checkConsistency(log: &log)
        checkPageNames(log: &log)
    }

    /// A relative image of a policy body: a file of `policies/images/`, resolved against the
    /// policy file; `..` may not leave the content folder; without alt text, a warning.
    private func checkImage(_ link: Markdown.Link, _ destination: String, _ path: String, _ line: Int, _ column: Int,
                            _ log: inout DiagnosticLog) {
        if destination.hasPrefix("/") {
            log.error(path, line, column, "image \(Excerpt.quoted(destination)): write an image relative to the policy file (images/name.png) or as an absolute https: URL")
            return
        }
        switch PolicyImages.resolve(destination) {
        case .escapes:
            log.error(path, line, column, "image \(Excerpt.quoted(destination)) points outside the content folder",
                      notes: ["put the image in policies/images/ and write images/<file>"])
            return
        case let .elsewhere(resolved):
            log.error(path, line, column, "image \(Excerpt.quoted(destination)) is \(Excerpt.quoted(resolved)); policy images are read from policies/images/ only",
                      notes: ["move it to policies/images/ and write images/<file>"])
            return
        case let .image(name):
            guard source.policyImages[name] != nil else {
                log.error(path, line, column, "image \(Excerpt.quoted(destination)), but there is no policies/images/\(Excerpt.cut(name))",
                          notes: Suggestion.didYouMean(name, in: source.policyImages.keys))
                return
            }
        }
        if (link.alt ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            log.warning(path, line, column, "image \(Excerpt.quoted(destination)) has no alt text",
                        notes: ["describe it between the brackets, e.g. ![Network diagram](\(destination)): screen readers read it"])
        }
    }

    // MARK: - Catalogs

    private func checkCatalogs(log: inout DiagnosticLog) {
        var seen: [String: SourceMap] = [:]
        for catalog in source.catalogs {
            let c = catalog.value
            if let first = seen[c.framework] {
                catalog.source.error(&log, at: ["framework"], "framework \(Excerpt.quoted(c.framework)) is already defined",
                                     notes: ["first defined in \(first.path)"])
            }
            seen[c.framework] = catalog.source
            let groups = Set(c.groups.map(\.id))
            var ids = Set<String>()
            for (i, r) in c.requirements.enumerated() {
                if !ids.insert(r.id).inserted {
                    catalog.source.error(&log, at: ["requirements", .index(i), "id"], "duplicate requirement id \(Excerpt.quoted(r.id))",
                                         notes: ["give each requirement its own id, or remove the second"])
                }
                if !groups.contains(r.group) {
                    let guess = suggestion(r.group, groups)
                    catalog.source.error(&log, at: ["requirements", .index(i), "group"], "unknown group \(Excerpt.quoted(r.group))",
                                         notes: guess.isEmpty ? ["the groups of this catalog are \(Excerpt.list(c.groups.map(\.id)))"] : guess)
                }
            }
            let known = ids
            for (i, w) in (c.withdrawn ?? []).enumerated() {
                if known.contains(w.id) {
                    catalog.source.error(&log, at: ["withdrawn", .index(i), "id"], "\(Excerpt.quoted(w.id)) is both a requirement and withdrawn",
                                         notes: ["a withdrawn requirement is listed under withdrawn: only"])
                } else if !ids.insert(w.id).inserted {
                    catalog.source.error(&log, at: ["withdrawn", .index(i), "id"], "duplicate requirement id \(Excerpt.quoted(w.id))")
                }
                for (j, successor) in w.successors.enumerated() where !known.contains(successor) {
                    catalog.source.error(&log, at: ["withdrawn", .index(i), "incorporated_into", .index(j)],
                                         "\(Excerpt.quoted(successor)) is not a requirement of this catalog",
                                         notes: suggestion(successor, known))
                }
            }
        }
    }

    // MARK: - Site


    private func checkSite(_ site: Decoded<SiteConfig>, log: inout DiagnosticLog) {
        let s = site.value, src = site.source
        checkURL(s.organization.website, schemes: ["https"], src, ["organization", "website"], &log)
        checkURL(s.trustCenter.url, schemes: ["https"], src, ["trust_center", "url"], &log)
        checkURL(s.trustCenter.accessRequestURL, schemes: ["https", "mailto"], src, ["trust_center", "access_request_url"], &log)
        if !s.trustCenter.contactEmail.contains("@") || s.trustCenter.contactEmail.contains(where: \.isWhitespace) {
            src.error(&log, at: ["trust_center", "contact_email"], "\(Excerpt.quoted(s.trustCenter.contactEmail)) is not an email address",
                      notes: ["e.g. contact_email: security@fernwick.example"])
        }
        if let theme = s.theme, theme.trimmingCharacters(in: .whitespaces).isEmpty {
            src.error(&log, at: ["theme"], "'theme' must name a folder (relative to the content folder) holding template overrides",
                      notes: ["remove the key to use the built-in theme"])
        }
        if let language = s.language, !Strings.builtInLanguages.contains(language) {
            let shipped = Strings.builtInLanguages
            src.error(&log, at: ["language"], "\(Excerpt.quoted(language)) is not a language of the theme",
                      notes: Suggestion.note(shipped.contains(language.lowercased()) ? language.lowercased()
                                             : Suggestion.closest(to: language, in: shipped))
                        + ["the languages shipped: " + shipped.joined(separator: ", ")])
        }
        let txt = s.securityTxt
        if txt.contacts.isEmpty {
            src.error(&log, at: ["security_txt", "contacts"], "security.txt needs at least one Contact (RFC 9116 §2.5.3)",
                      notes: ["e.g. contacts: [mailto:security@fernwick.example]"])
        }
        for (i, contact) in txt.contacts.enumerated() {
            checkURL(contact, schemes: ["mailto", "https", "tel"], src, ["security_txt", "contacts", .index(i)], &log)
        }
        for (key, value) in [("policy_url", txt.policyURL), ("encryption_url", txt.encryptionURL),
                             ("acknowledgments_url", txt.acknowledgmentsURL)] {
            if let value { checkURL(value, schemes: ["https"], src, ["security_txt", .key(key)], &log) }
        }
        for (i, tag) in (txt.preferredLanguages ?? []).enumerated()
        where tag.isEmpty || !tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            src.error(&log, at: ["security_txt", "preferred_languages", .index(i)], "\(Excerpt.quoted(tag)) is not a language tag (RFC 5646), e.g. 'en' or 'de-CH'")
        }
        if let expires = RFC3339.date(txt.expires) {
            // Expiring at any moment of the build day means the published file is already stale.
            if expires <= buildDate {
                src.error(&log, at: ["security_txt", "expires"], "security.txt expired on \(expires) (build date \(buildDate))",
                          notes: ["RFC 9116 §2.5.5: set a date in the future, less than a year ahead"])
            } else if buildDate.adding(months: 12) < expires {
                src.error(&log, at: ["security_txt", "expires"], "security.txt Expires is more than a year after the build date",
                          notes: ["RFC 9116 §2.5.5 recommends less than a year ahead"], severity: .warning)
            }
        } else {
            src.error(&log, at: ["security_txt", "expires"], "\(Excerpt.quoted(txt.expires)) is not an RFC 3339 date-time",
                      notes: ["e.g. 2027-06-30T00:00:00Z"])
        }
    }

    // MARK: - Controls

    private func checkControls(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        var first: [String: (SourceMap, Int)] = [:]
        for (control, src, index) in source.controls {
            let at: [PathKey] = ["controls", .index(index)]
            for (key, value) in [("id", control.id), ("title", control.title), ("summary", control.summary)]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                src.error(&log, at: at + [.key(key)], "'controls[\(index)].\(key)' is empty; expected text",
                          notes: ["e.g. \(YAMLExample.line(String.self, key: key, owner: "Control"))"])
            }
            if !control.id.isEmpty, !control.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                src.error(&log, at: at + ["id"], "control id \(Excerpt.quoted(control.id)) must use only ASCII letters, digits, '-', '_' and '.'")
            }
            if let (otherSrc, otherIndex) = first[control.id] {
                let (line, _) = otherSrc.location(["controls", .index(otherIndex), "id"])
                src.error(&log, at: at + ["id"], "duplicate control id \(Excerpt.quoted(control.id))",
                          notes: ["first defined at \(otherSrc.path):\(line)"])
            } else {
                first[control.id] = (src, index)
            }
            for (framework, ids) in control.mapsTo.sorted(by: { $0.key < $1.key }) {
                guard let catalog = catalogs[framework]?.value else {
                    if source.incomplete.contains("frameworks") { continue }
                    src.error(&log, at: at + ["maps_to", .key(framework)], "unknown framework \(Excerpt.quoted(framework))",
                              notes: frameworkNotes(framework, catalogs.keys))
                    continue
                }
                for (j, id) in ids.enumerated() {
                    checkRequirement(id, in: catalog, src, at + ["maps_to", .key(framework), .index(j)], &log)
                }
            }
            for (j, test) in (control.tests ?? []).enumerated() {
                if let n = test.sampleSize, n < 0 {
                    src.error(&log, at: at + ["tests", .index(j), "sample_size"], "sample_size must not be negative")
                }
                if let e = test.exceptions, e < 0 || e > (test.sampleSize ?? .max) {
                    src.error(&log, at: at + ["tests", .index(j), "exceptions"], "exceptions must be between 0 and the sample size")
                }
            }
        }
    }

    /// Checks a requirement id against a catalog, with did-you-mean (including a missing `A.` prefix).
    func checkRequirement(_ id: String, in catalog: Catalog, _ src: SourceMap, _ at: [PathKey],
                                  _ log: inout DiagnosticLog) {
        guard catalog.requirement(id) == nil, !source.incomplete.contains("frameworks") else { return }
        if let gone = catalog.withdrawnRequirement(id) {
            let successors = gone.successors.filter { catalog.requirement($0) != nil }
            src.error(&log, at: at, "\(Excerpt.quoted(id)) was withdrawn from \(catalog.shortName) and cannot be mapped",
                      notes: successors.isEmpty
                        ? ["\(catalog.shortName) names no successor for it; map the control to the requirements it meets now"]
                        : [successors.count == 1 ? "its content is now part of \(successors[0]): map the control to \(successors[0]) instead"
                           : "its content is now part of \(Excerpt.list(successors)): map the control to those instead"])
            return
        }
        var notes: [String] = []
        if catalog.requirement("A." + id) != nil, catalog.statementOfApplicability == true {
            notes.append("did you mean 'A.\(id)'? Annex A controls are written with the 'A.' prefix")
        } else if let written = catalog.requirement(inOtherForm: id) {
            notes.append("did you mean \(Excerpt.quoted(written.id))? \(catalog.shortName) writes it that way")
        } else if let other = source.catalogs.map(\.value).first(where: { $0.framework != catalog.framework && $0.requirement(id) != nil }) {
            notes.append("\(Excerpt.quoted(id)) is a requirement of \(other.framework); list it under \(other.framework)")
        } else {
            notes = suggestion(id, catalog.requirements.map(\.id))
            if notes.isEmpty {
                notes = ["the requirements of \(catalog.framework) are \(Excerpt.list(catalog.requirements.map(\.id).sortedNaturally(by: { $0 })))"]
            }
        }
        src.error(&log, at: at, "\(Excerpt.quoted(id)) is not a requirement of \(catalog.framework)", notes: notes)
    }

    // MARK: - Declared programs

    /// `programs.yaml`: each framework loaded and declared once; `certified` and `attested` only
    /// where the certificate or report exists (a declaration alone is no proof), and a framework
    /// held is not declared as less; dates in order.
    private func checkPrograms(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        guard let file = source.declaredPrograms else { return }
        let src = file.source
        let certified = Dictionary(source.certifications.map { ($0.value.framework, $0.source.path) }, uniquingKeysWith: { a, _ in a })
        let attested = Dictionary(source.attestations.map { ($0.value.framework, $0.source.path) }, uniquingKeysWith: { a, _ in a })
        var first: [String: Int] = [:]
        for (i, p) in file.value.programs.enumerated() {
            let at: [PathKey] = ["programs", .index(i)]
            if let earlier = first[p.framework] {
                src.error(&log, at: at + ["framework"], "\(Excerpt.quoted(p.framework)) is declared twice",
                          notes: ["first declared at programs[\(earlier)]; keep one entry per framework"])
                continue
            }
            first[p.framework] = i
            guard let catalog = catalogs[p.framework]?.value else {
                if !source.incomplete.contains("frameworks") {
                    src.error(&log, at: at + ["framework"], "unknown framework \(Excerpt.quoted(p.framework))",
                              notes: frameworkNotes(p.framework, catalogs.keys))
                }
                continue
            }
            let held = certified[p.framework].map { ("certificate", $0) } ?? attested[p.framework].map { ("report", $0) }
            switch p.status {
            case .certified where certified[p.framework] == nil, .attested where attested[p.framework] == nil:
                let (kind, folder) = p.status == .certified ? ("certificate", "certifications") : ("report", "attestations")
                src.error(&log, at: at + ["status"], "\(catalog.shortName) is declared \(p.status.rawValue), but there is no \(kind) for it in \(folder)/",
                          notes: ["a declaration alone can say only 'aligned' or 'in-progress'; add the \(kind) file to claim more"])
            case .aligned, .inProgress:
                if let (kind, path) = held {
                    src.error(&log, at: at + ["status"], "\(catalog.shortName) is declared \(p.status.rawValue), but a \(kind) holds it (\(path))",
                              notes: ["the \(kind) declares it already; remove this entry, or write status: \(certified[p.framework] != nil ? "certified" : "attested")"])
                }
            default: break
            }
            if let since = p.since, since > buildDate {
                src.error(&log, at: at + ["since"], "'since' is \(since), after the build date \(buildDate)",
                          notes: ["a program cannot be claimed from a future date; set it when it starts"])
            }
            if let target = p.target {
                if p.status != .inProgress {
                    src.error(&log, at: at + ["target"], "'target' is for a program in progress; this one is \(p.status.rawValue)",
                              notes: ["remove target, or write status: in-progress"])
                } else if target < buildDate {
                    src.error(&log, at: at + ["target"], "the target date \(target) has passed (build date \(buildDate))",
                              notes: ["set the date now expected, or the status reached"], severity: .warning)
                }
            }
        }
    }

    // MARK: - Certifications and attestations

    private func checkCertifications(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        var seen: [String: String] = [:]
        for cert in source.certifications {
            let key = "\(cert.value.framework) \(cert.value.certificateNumber)"
            if let other = seen[key] {
                cert.source.error(&log, at: ["certificate_number"], "certificate \(Excerpt.cut(cert.value.certificateNumber)) is already defined in \(other)",
                                  notes: ["keep one file per certificate: remove this one or correct its certificate_number"])
            } else {
                seen[key] = cert.source.path
            }
        }
        for cert in source.certifications {
            let c = cert.value, src = cert.source
            if catalogs[c.framework] == nil {
                src.error(&log, at: ["framework"], "unknown framework \(Excerpt.quoted(c.framework))", notes: frameworkNotes(c.framework, catalogs.keys))
            }
            checkURL(c.verificationURL, schemes: ["https", "http"], src, ["verification_url"], &log)
            if let url = c.certificationBody.url { checkURL(url, schemes: ["https", "http"], src, ["certification_body", "url"], &log) }
            if !(c.initialCertification <= c.issued && c.issued < c.expires) {
                src.error(&log, at: ["expires"], "dates out of order: initial_certification ≤ issued < expires is required",
                          notes: ["here initial_certification is \(c.initialCertification), issued \(c.issued) and expires \(c.expires)"])
            }
        }
    }

    private func checkAttestations(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        let controlIDs = Set(source.controls.map(\.control.id))
        // Prepared once: a file may cite thousands of unknown controls among thousands of controls.
        let controlIndex = Suggestion.Index(controlIDs)
        var seen: [String: String] = [:]
        for att in source.attestations {
            let key = "\(att.value.framework) \(att.value.type.label) of \(att.value.reportDate)"
            if let other = seen[key] {
                att.source.error(&log, at: ["report_date"], "a \(key) report is already defined in \(other)",
                                 notes: ["two reports of the same framework, type and date would share one page"])
            } else {
                seen[key] = att.source.path
            }
        }
        for att in source.attestations {
            let a = att.value, src = att.source
            guard let catalog = catalogs[a.framework]?.value else {
                src.error(&log, at: ["framework"], "unknown framework \(Excerpt.quoted(a.framework))", notes: frameworkNotes(a.framework, catalogs.keys))
                continue
            }
            switch a.type {
            case .type2:
                if a.period == nil {
                    src.error(&log, at: ["type"], "a Type 2 report needs 'period' (start and end)",
                              notes: ["e.g. period: {start: 2026-01-01, end: 2026-06-30}"])
                }
                if a.asOf != nil { src.error(&log, at: ["as_of"], "'as_of' is for Type 1 reports; a Type 2 report has a 'period'") }
                if let p = a.period, !(p.start < p.end) { src.error(&log, at: ["period"], "the period must start before it ends") }
            case .type1:
                if a.asOf == nil { src.error(&log, at: ["type"], "a Type 1 report needs 'as_of'", notes: ["e.g. as_of: 2026-06-30"]) }
                if a.period != nil { src.error(&log, at: ["period"], "'period' is for Type 2 reports; a Type 1 report has 'as_of'") }
            }
            if !a.categories.contains(.security) {
                src.error(&log, at: ["categories"], "security (the common criteria) is always in scope of a SOC 2 report",
                          notes: ["add it, e.g. categories: [security, \(a.categories.first?.rawValue ?? "availability")]"])
            }
            if let url = a.auditor.url { checkURL(url, schemes: ["https", "http"], src, ["auditor", "url"], &log) }
            for (id, at) in a.citedCriteria { checkRequirement(id, in: catalog, src, at, &log) }
            for (i, e) in (a.exceptions ?? []).enumerated()
            where !controlIDs.contains(e.control) && !source.incomplete.contains("controls") {
                src.error(&log, at: ["exceptions", .index(i), "control"], "unknown control \(Excerpt.quoted(e.control))",
                          notes: controlNotes(e.control, controlIndex, controlIDs))
            }
        }
    }

    // MARK: - Policies

    private func checkPolicies(log: inout DiagnosticLog) {
        let controlIDs = Set(source.controls.map(\.control.id))
        // Prepared once: 1,000 mistyped references among 5,000 controls must not sort 5,000 ids 1,000 times.
        let controlIndex = Suggestion.Index(controlIDs)
        let files = Set(source.policies.map(\.policy.fileName))
        var first: [String: String] = [:]
        // One parse per body (and one of its public view): links, raw HTML and headings. Then the
        // bodies are checked, each against the headings of the policies it links to. Both on every
        // core; diagnostics kept in order.
        let outlines = Parallel.map(source.policies) { PolicyOutline($0.policy) }
        var anchors: [String: PolicyAnchors] = [:]
        for ((policy, _), outline) in zip(source.policies, outlines) where anchors[policy.fileName] == nil {
            anchors[policy.fileName] = PolicyAnchors(outline, isPublic: policy.visibility == .public)
        }
        let bodyProblems = Parallel.map(Array(zip(source.policies, outlines))) { entry, outline in
            var local = DiagnosticLog()
            checkPolicyBody(entry.policy, outline: outline, files: files, anchors: anchors, log: &local)
            return local.all
        }
        for ((policy, src), problems) in zip(source.policies, bodyProblems) {
            if let other = first[policy.id] {
                src.error(&log, at: ["id"], "duplicate policy id \(Excerpt.quoted(policy.id))", notes: ["also used by \(other)"])
            } else {
                first[policy.id] = policy.path
            }
            if policy.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                src.error(&log, at: ["title"], "'title' is empty; expected text",
                          notes: ["e.g. \(YAMLExample.line(String.self, key: "title", owner: "PolicyFrontMatter"))"])
            }
            if policy.id.isEmpty || !policy.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                src.error(&log, at: ["id"], "policy id \(Excerpt.quoted(policy.id)) must use only ASCII letters, digits, '-' and '_' (it names the page)",
                          notes: ["set 'id:' in the front matter; without it the file name is the id"])
            }
            problems.forEach { log.add($0) }
            for (i, id) in policy.controls.enumerated() where !controlIDs.contains(id) && !source.incomplete.contains("controls") {
                src.error(&log, at: ["controls", .index(i)], "unknown control \(Excerpt.quoted(id))", notes: controlNotes(id, controlIndex, controlIDs))
            }
        }
    }

    /// A policy body's one parse, and one of its public view (the body without its confidential
    /// blocks) when it is public and has any.
    struct PolicyOutline: Sendable {
        let full: Markdown.Outline
        let publicView: (text: String, outline: Markdown.Outline)?
        /// 1-based lines of the body inside confidential blocks (only for a public policy).
        let confidentialLines: Set<Int>

        init(_ policy: Policy) {
            full = Markdown.outline(of: policy.body)
            if policy.visibility == .public, policy.segments.contains(where: { if case .confidential = $0 { true } else { false } }),
               let view = RedactionBlocks.publicView(policy.body) {
                publicView = (view, Markdown.outline(of: view))
                let body = policy.body.split(separator: "\n", omittingEmptySubsequences: false)
                let shown = view.split(separator: "\n", omittingEmptySubsequences: false)
                confidentialLines = Set(zip(body, shown).enumerated().filter { $0.element.0 != $0.element.1 }.map { $0.offset + 1 })
            } else {
                publicView = nil
                confidentialLines = []
            }
        }
    }

    /// The heading ids of a policy's pages: the bundle's (the whole body) and, for a public policy,
    /// the public page's (without the confidential blocks, so possibly fewer).
    struct PolicyAnchors: Sendable {
        let all: [String]
        let onPublicPage: Set<String>?

        init(_ outline: PolicyOutline, isPublic: Bool) {
            all = outline.full.headings.map(\.id)
            onPublicPage = isPublic ? Set((outline.publicView?.outline ?? outline.full).headings.map(\.id)) : nil
        }
    }

    /// Links to other policies must name an existing file (a heading in it: a warning); placeholders
    /// are reserved.
    private func checkPolicyBody(_ policy: Policy, outline parsed: PolicyOutline, files: Set<String>,
                                 anchors: [String: PolicyAnchors], log: inout DiagnosticLog) {
        let body = policy.body
        let rawHTML = source.site?.value.allowsRawHTML ?? false
        let outline = parsed.full
        let links = outline.links
        var swallows = HTMLSanitizer.problems(in: body, outline: outline, rawHTML: rawHTML)
        // The public page renders the body without its confidential blocks: an element opened in a
        // public part and closed only inside a redacted one swallows the rest of the public page.
        if let (view, viewOutline) = parsed.publicView {
            for problem in HTMLSanitizer.problems(in: view, outline: viewOutline, rawHTML: rawHTML)
            where !swallows.contains(problem) {
                swallows.append(HTMLSanitizer.Swallow(line: problem.line, message: problem.message + " (on the public page, where the confidential blocks are left out)"))
            }
        }
        for swallow in swallows {
            log.error(policy.path, policy.bodyFirstLine + swallow.line - 1, 1, swallow.message)
        }
        // Byte offsets where each line starts (a byte scan: splitting into Characters costs far more).
        let utf8 = links.isEmpty ? [] : Array(policy.body.utf8)
        var lineStarts = [0]
        for (i, byte) in utf8.enumerated() where byte == 0x0A { lineStarts.append(i + 1) }
        for link in links {
            let line = policy.bodyFirstLine + link.line - 1
            // cmark-gfm counts columns in bytes; diagnostics count Unicode scalars.
            var column = link.column
            if link.line >= 1, link.line <= lineStarts.count {
                let start = lineStarts[link.line - 1]
                let end = link.line < lineStarts.count ? lineStarts[link.line] - 1 : utf8.count
                let bytes = utf8[start..<min(end, start + max(0, link.column - 1))]
                column = String(decoding: bytes, as: UTF8.self).unicodeScalars.count + 1
            }
            let destination = link.destination
            if destination.isEmpty { continue }
            if destination.hasPrefix("#") {
                if !link.isImage, let target = anchors[policy.fileName] {
                    checkFragment(destination, of: policy.fileName, target: target, in: policy, fromLine: link.line, confidentialLines: parsed.confidentialLines,
                                  policy.path, line, column, &log)
                }
                continue
            }
            // One scheme rule for every link form (inline, reference, autolink, bare URL).
            if let scheme = LinkScheme.scheme(of: destination) {
                if !LinkScheme.allowed.contains(scheme) {
                    log.error(policy.path, line, column, "\(Excerpt.quoted(destination)): only http:, https: and mailto: links are allowed")
                }
                continue
            }
            if link.isImage {
                checkImage(link, destination, policy.path, line, column, &log)
                continue
            }
            if destination.hasPrefix("//") || destination.hasPrefix("/\\") {
                log.error(policy.path, line, column, "link to \(Excerpt.quoted(destination)) names another host without a scheme",
                          notes: ["write the absolute URL with https:"])
                continue
            }
            // Root-relative: resolved against organization.website when rendered (`PolicyLink`).
            if destination.hasPrefix("/") { continue }
            switch PolicyLink.parse(destination) {
            case nil:
                log.error(policy.path, line, column, "relative link to \(Excerpt.quoted(destination)), which is not a policy's Markdown file",
                          notes: ["link a policy as 'name.md' (it is rewritten to the right page), anything else with an absolute https: URL"])
            case let .policy(file, _) where !files.contains(file) && !source.failedPolicyFiles.contains(file):
                log.error(policy.path, line, column, "link to \(Excerpt.quoted(link.destination)), but there is no policies/\(Excerpt.cut(file))",
                          notes: suggestion(file, files))
            case let .policy(file, _):
                if let target = anchors[file] {
                    checkFragment(destination, of: file, target: target, in: policy, fromLine: link.line,
                                  confidentialLines: parsed.confidentialLines, policy.path, line, column, &log)
                }
            case let .outsidePolicies(path):
                log.error(policy.path, line, column, "link to \(Excerpt.quoted(path)), which is not a policy; only links to policies/*.md are rewritten",
                          notes: ["link to the published page with an absolute https: URL instead"])
            default: break
            }
        }
        // Bytes first (fast); for a non-ASCII body also Unicode equivalence, which catches a
        // look-alike such as the Kelvin sign for 'K' that Foundation would later treat as equal.
        let ascii = policy.body.utf8.allSatisfy { $0 < 0x80 }
        for token in Markdown.Placeholder.all where policy.body.containsBytes(token) || (!ascii && policy.body.contains(token)) {
            log.error(policy.path, policy.bodyFirstLine, 1, "'\(token)' is reserved by TrustPress and may not appear in a policy")
        }
    }

    /// A link's `#fragment` must be the id of a heading on the target policy's page (a warning: the
    /// page still opens, at its top). Checked against the bundle's page and, for a link that
    /// appears on the public site, against the public page, where headings inside confidential
    /// blocks are left out.
    private func checkFragment(_ destination: String, of file: String, target anchors: PolicyAnchors, in policy: Policy,
                               fromLine: Int, confidentialLines: Set<Int>,
                               _ path: String, _ line: Int, _ column: Int, _ log: inout DiagnosticLog) {
        guard let fragment = PolicyLink.fragment(of: destination) else { return }
        let quoted = Excerpt.quoted(destination)
        let name = file == policy.fileName ? "this policy" : file
        if !anchors.all.contains(fragment) {
            let slug = HeadingSlugger.slug(fragment)
            let guess = anchors.all.contains(slug) ? slug : Suggestion.closest(to: fragment, in: anchors.all)
            var notes = Suggestion.note(guess.map { "#" + $0 })
            if notes.isEmpty {
                notes = anchors.all.isEmpty ? ["\(name) has no headings"]
                    : ["the headings' ids in \(name) are \(Excerpt.list(anchors.all.map { Excerpt.quoted("#" + $0) }))"]
            }
            log.warning(path, line, column, "link to \(quoted): \(name) has no heading with the id \(Excerpt.quoted(fragment))", notes: notes)
            return
        }
        // Shown on the public site only from a public policy, outside its confidential blocks, to a public policy.
        if policy.visibility == .public, !confidentialLines.contains(fromLine), let shown = anchors.onPublicPage, !shown.contains(fragment) {
            log.warning(path, line, column, "link to \(quoted): that heading of \(name) is inside a confidential block, so the public page has no such heading",
                        notes: ["link to a public heading, or to the policy without '#…'"])
        }
    }

    // MARK: - Page names

    /// One page that content names, and where the name comes from.
    private struct PageClaim {
        /// Path in its tree, e.g. `policies/access.html`.
        var path: String
        /// What names it, as messages say it: "policy id 'access'".
        var what: String
        /// Equal for the same item written twice (a duplicate id, reported by its own rule).
        var identity: String
        var source: SourceMap
        var at: [PathKey]
        var fileName: Substring { path.split(separator: "/").last ?? Substring(path) }
    }

    /// Page names come from content (certificate numbers, report dates, framework ids, policy
    /// ids): two items must never claim one file, case ignored (one page would silently replace
    /// the other, or fail on a case-insensitive file system), and each name must fit the file
    /// system's 255 bytes. Reported at the source line, before anything is rendered.
    private func checkPageNames(log: inout DiagnosticLog) {
        var publicPages: [PageClaim] = [], bundlePages: [PageClaim] = [], policyPages: [PageClaim] = []
        for cert in source.certifications {
            let c = cert.value
            publicPages.append(PageClaim(path: PageName.certification(framework: c.framework, number: c.certificateNumber),
                                         what: "certificate \(Excerpt.quoted(c.certificateNumber))",
                                         identity: "certificate \(c.framework) \(c.certificateNumber)",
                                         source: cert.source, at: ["certificate_number"]))
        }
        for att in source.attestations {
            let a = att.value
            let claim = PageClaim(path: PageName.attestation(framework: a.framework, type: a.type, reportDate: a.reportDate),
                                  what: "the \(Excerpt.quoted(a.framework)) \(a.type.label) report of \(a.reportDate)",
                                  identity: "attestation \(a.framework) \(a.type.rawValue) \(a.reportDate)",
                                  source: att.source, at: ["report_date"])
            publicPages.append(claim)
            bundlePages.append(claim)
            // Its name is the report page's and a suffix: a report name too long already is reported once.
            if a.bridgeLetter != nil, claim.fileName.utf8.count <= PageName.maximumBytes {
                bundlePages.append(PageClaim(path: PageName.bridgeLetter(framework: a.framework, type: a.type, reportDate: a.reportDate),
                                             what: "the bridge letter of the \(Excerpt.quoted(a.framework)) \(a.type.label) report of \(a.reportDate)",
                                             identity: "bridge letter \(a.framework) \(a.type.rawValue) \(a.reportDate)",
                                             source: att.source, at: ["report_date"]))
            }
        }
        let soaFrameworks = Set(source.programs.statementOfApplicability)
        for catalog in source.catalogs where soaFrameworks.contains(catalog.value.framework) {
            let framework = catalog.value.framework
            bundlePages.append(PageClaim(path: PageName.statementOfApplicability(framework),
                                         what: "the Statement of Applicability of \(Excerpt.quoted(framework))",
                                         identity: "soa \(framework)", source: catalog.source, at: ["framework"]))
        }
        for (policy, src) in source.policies {
            // Without `id:` the file name is the id.
            let named = policy.id + ".md" == policy.fileName ? " (the file name)" : ""
            policyPages.append(PageClaim(path: "policies/" + PageName.policy(policy.id), what: "policy id \(Excerpt.quoted(policy.id))\(named)",
                                         identity: "policy \(policy.id)", source: src, at: ["id"]))
        }
        // An attestation names a page in both trees: report each problem once.
        var reported = Set<String>()
        for (claims, fixed) in [(publicPages, PageName.fixedPublic), (bundlePages, PageName.fixedBundle), (policyPages, [])] {
            var first: [String: PageClaim?] = Dictionary(uniqueKeysWithValues: fixed.map { ($0, nil) })
            for claim in claims {
                let bytes = claim.fileName.utf8.count
                if bytes > PageName.maximumBytes {
                    guard reported.insert("long \(claim.identity)").inserted else { continue }
                    claim.source.error(&log, at: claim.at,
                                       "\(claim.what) is too long to name a page: its file name would be \(bytes) bytes, and file systems allow \(PageName.maximumBytes)",
                                       notes: ["shorten it by at least \(bytes - PageName.maximumBytes) bytes"])
                    continue
                }
                let key = claim.path.lowercased()
                guard let other = first[key] else { first[key] = claim; continue }
                guard other?.identity != claim.identity, reported.insert("\(claim.identity) \(key)").inserted else { continue }
                guard let other else {
                    claim.source.error(&log, at: claim.at, "\(claim.what) names the page '\(claim.path)', which TrustPress writes itself",
                                       notes: ["TrustPress's own pages here are \(Excerpt.list(fixed)); give this one another name"])
                    continue
                }
                let (line, _) = other.source.location(other.at)
                claim.source.error(&log, at: claim.at, "\(claim.what) names the page '\(Excerpt.cut(claim.path))', which \(other.what) also names",
                                   notes: ["\(other.what) is at \(other.source.path):\(line)",
                                           "certificate numbers, framework ids, report dates and policy ids name the pages; make them distinct (case is ignored)"])
            }
        }
    }

    /// The Markdown fields of YAML files (shown in the NDA bundle) follow the rules of policy bodies:
    /// within `MarkdownLimits`, every link with an allowed scheme (`LinkScheme`), no raw HTML that
    /// would swallow the rest. Reported at the field, with the line within the text when it is not
    /// the first (a field's lines are not mapped back to the file's).
    private func checkMarkdownFields(log: inout DiagnosticLog) {
        let rawHTML = source.site?.value.allowsRawHTML ?? false
        struct Field { let text: String, src: SourceMap, at: [PathKey], name: String }
        var fields: [Field] = []
        for (control, src, index) in source.controls {
            if let text = control.implementation {
                fields.append(Field(text: text, src: src, at: ["controls", .index(index), "implementation"], name: "implementation"))
            }
        }
        for att in source.attestations {
            if let text = att.value.systemDescription {
                fields.append(Field(text: text, src: att.source, at: ["system_description"], name: "system_description"))
            }
        }
        // Each field may need a Markdown parse: on every core, diagnostics kept in order.
        let found = Parallel.map(fields) { field -> [Diagnostic] in
            var local = DiagnosticLog()
            check(field.text, field.src, field.at, field.name, &local)
            return local.all
        }
        found.joined().forEach { log.add($0) }

        func check(_ text: String, _ src: SourceMap, _ at: [PathKey], _ name: String, _ log: inout DiagnosticLog) {
            func report(_ line: Int, _ message: String) {
                src.error(&log, at: at, line > 1 ? "\(message) (line \(line) of '\(name)')" : message)
            }
            let limits = MarkdownLimits.check(text, what: "'\(name)'")
            for v in limits { report(v.line, v.message) }
            guard limits.isEmpty, rawHTML || text.containsBytes(":") || text.containsBytes("<") else { return }
            let outline = Markdown.outline(of: text)
            for link in outline.links {
                if let scheme = LinkScheme.scheme(of: link.destination), !LinkScheme.allowed.contains(scheme) {
                    report(link.line, "\(Excerpt.quoted(link.destination)): only http:, https: and mailto: links are allowed")
                }
            }
            for swallow in HTMLSanitizer.problems(in: text, outline: outline, rawHTML: rawHTML) { report(swallow.line, swallow.message) }
        }
    }

    // MARK: - Fences in public fields

    /// Issue 13 review: `::: confidential` … `:::` in a YAML text field that reaches the public site
    /// (a control's `summary`, a policy's `public_summary`) was published verbatim: fences work only
    /// in policy bodies. Nothing that looks like a fence is ever published as text, so every line of
    /// these fields that the policy-body detector takes for a fence (`RedactionBlocks.fenceLines`)
    /// is an error — at its line in the file for a literal block scalar (`|`, whose lines are the
    /// file's), at the field otherwise, with the line within the field. Policy titles and summaries
    /// are checked whatever the policy's visibility (titles are listed publicly; fail closed).
    private func checkPublicFields(log: inout DiagnosticLog) {
        struct Field { let text: String, src: SourceMap, at: [PathKey] }
        var fields: [Field] = []
        if let site = source.site {
            let s = site.value, src = site.source
            fields += [Field(text: s.trustCenter.title, src: src, at: ["trust_center", "title"]),
                       Field(text: s.trustCenter.description, src: src, at: ["trust_center", "description"]),
                       Field(text: s.organization.name, src: src, at: ["organization", "name"]),
                       Field(text: s.organization.legalName, src: src, at: ["organization", "legal_name"])]
        }
        for (control, src, index) in source.controls {
            let at: [PathKey] = ["controls", .index(index)]
            fields += [Field(text: control.title, src: src, at: at + ["title"]), Field(text: control.summary, src: src, at: at + ["summary"])]
        }
        for (policy, src) in source.policies {
            fields.append(Field(text: policy.title, src: src, at: ["title"]))
            if let summary = policy.publicSummary { fields.append(Field(text: summary, src: src, at: ["public_summary"])) }
            if let version = policy.version { fields.append(Field(text: version, src: src, at: ["version"])) }
        }
        for (i, s) in (source.subprocessors?.value.subprocessors ?? []).enumerated() {
            let src = source.subprocessors!.source, at: [PathKey] = ["subprocessors", .index(i)]
            fields += [("name", s.name), ("purpose", s.purpose), ("location", s.location), ("data", s.data)]
                .map { Field(text: $0.1, src: src, at: at + [.key($0.0)]) }
        }
        for att in source.attestations {
            if let summary = att.value.publicSummary { fields.append(Field(text: summary, src: att.source, at: ["public_summary"])) }
            fields.append(Field(text: att.value.auditor.name, src: att.source, at: ["auditor", "name"]))
        }
        for cert in source.certifications {
            let c = cert.value
            fields += [Field(text: c.scope, src: cert.source, at: ["scope"]), Field(text: c.standard, src: cert.source, at: ["standard"]),
                       Field(text: c.certificateNumber, src: cert.source, at: ["certificate_number"]),
                       Field(text: c.soaVersion, src: cert.source, at: ["soa_version"]),
                       Field(text: c.certificationBody.name, src: cert.source, at: ["certification_body", "name"]),
                       Field(text: c.accreditationBody, src: cert.source, at: ["accreditation_body"])]
            for (j, site) in c.sites.enumerated() {
                fields += [Field(text: site.name, src: cert.source, at: ["sites", .index(j), "name"]),
                           Field(text: site.address, src: cert.source, at: ["sites", .index(j), "address"])]
            }
        }
        for field in fields {
            let lines = RedactionBlocks.fenceLines(in: field.text)
            guard !lines.isEmpty else { continue }
            let name = field.at.last?.stringValue ?? "field"
            let message = "this line of '\(name)' looks like a redaction fence ('::: confidential' or ':::'), but fences work only in policy bodies and '\(name)' is shown on the public site, so it would be published as text; keep confidential text out of this field"
            let node = field.src.root.flatMap { YAMLFile.node(at: field.at, in: $0) }
            if let scalar = node?.scalar, scalar.style == .literal {
                // A literal block scalar: its first line is the line after the `|` indicator.
                let (line, _) = field.src.location(field.at)
                for n in lines { log.error(field.src.path, line + n, 1, message) }
                continue
            }
            for n in lines { field.src.error(&log, at: field.at, n > 1 ? "\(message) (line \(n) of '\(name)')" : message) }
        }
    }

    // MARK: - Statement of Applicability

    private func checkApplicability(catalogs: [String: Decoded<Catalog>], log: inout DiagnosticLog) {
        let decisions = source.applicability
        for (framework, entries) in (decisions?.value ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let src = decisions?.source else { break }
            guard let catalog = catalogs[framework]?.value else {
                src.error(&log, at: [.key(framework)], "unknown framework \(Excerpt.quoted(framework))", notes: frameworkNotes(framework, catalogs.keys))
                continue
            }
            let soaIDs = Set(catalog.soaRequirements.map(\.id))
            for (id, decision) in entries.sorted(by: { NaturalOrder.less($0.key, $1.key) }) {
                let at: [PathKey] = [.key(framework), .key(id)]
                guard soaIDs.contains(id) else {
                    if catalog.requirement(id) == nil {
                        checkRequirement(id, in: catalog, src, at, &log)
                    } else {
                        src.error(&log, at: at, "\(Excerpt.quoted(id)) is not decided in the Statement of Applicability (only \(catalog.soaItemName)s are)")
                    }
                    continue
                }
                if decision.applicable == .excluded {
                    if (decision.justification ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        src.error(&log, at: at, "excluding \(id) needs a justification" + (catalog.isISO27001 ? " (ISO/IEC 27001:2022 §6.1.3 d)" : ""))
                    }
                    let mapped = source.controls.filter { $0.control.mapsTo[framework]?.contains(id) == true }
                    if let (control, csrc, index) = mapped.first {
                        let (line, _) = csrc.location(["controls", .index(index), "maps_to", .key(framework)])
                        src.error(&log, at: at, "\(id) is excluded but control \(Excerpt.quoted(control.id)) maps to it",
                                  notes: ["mapped at \(csrc.path):\(line); remove the mapping or make \(id) applicable"])
                    }
                }
            }
        }
        guard source.incomplete.isDisjoint(with: ["controls", "applicability", "frameworks"]) else { return }
        let programs = source.programs
        for framework in programs.statementOfApplicability {
            guard let catalog = catalogs[framework]?.value else { continue }
            checkUndecided(catalog, inPreparation: programs.isInPreparation(framework), log: &log)
            checkNotImplemented(catalog, log: &log)
        }
    }

    /// Completeness (ISO/IEC 27001:2022 §6.1.3 d: the SoA covers every Annex A control). With a
    /// certificate, an undecided control is an error: an auditor would reject that SoA. While the
    /// content holds no certificate it is a warning, the honest state of a program that is starting.
    /// One diagnostic for all of them, at the first one written `undecided` (else at the
    /// framework's section, else at the certificate).
    private func checkUndecided(_ catalog: Catalog, inPreparation: Bool, log: inout DiagnosticLog) {
        let framework = catalog.framework
        let written = source.applicability?.value[framework] ?? [:]
        let mapped = source.mappedRequirements(framework)
        let undecided = catalog.soaRequirements.map(\.id)
            .filter { Applicability.effective(written[$0]?.applicable, mapped: mapped.contains($0)) == .undecided }
        guard !undecided.isEmpty else { return }
        let src = source.applicability?.source
        let firstWritten = undecided.first { written[$0]?.applicable == .undecided }
        let (line, column) = firstWritten.map { src!.location([.key(framework), .key($0), "applicable"]) }
            ?? src?.location([.key(framework)]) ?? (0, 0)
        let path = src?.path ?? source.certifications.first { $0.value.framework == framework }!.source.path
        let howTo = "decide each in applicability.yaml: 'applicable: true' or 'applicable: false', with a 'justification'"
            + (catalog.isISO27001 ? " (ISO/IEC 27001:2022 §6.1.3 d)" : "")
        if inPreparation {
            log.warning(path, line, column,
                        "\(undecided.count) of \(catalog.soaRequirements.count) \(catalog.soaItemName)s are not yet decided: \(Excerpt.list(undecided))",
                        notes: [howTo, "this is a warning while there is no certificate; with one in certifications/ it is an error"])
        } else {
            log.error(path, line, column,
                      "the Statement of Applicability leaves \(undecided.count) \(catalog.soaItemName)(s) undecided: \(Excerpt.list(undecided))",
                      notes: [howTo, "a certified program's SoA decides every control: an auditor would reject one that does not"])
        }
    }

    /// An applicable Annex A control that no implemented control covers: the bundle's SoA shows it
    /// in red and coverage counts it as missing, so `check` says so too. One warning per framework.
    private func checkNotImplemented(_ catalog: Catalog, log: inout DiagnosticLog) {
        let framework = catalog.framework
        let written = source.applicability?.value[framework] ?? [:]
        let mapped = source.mappedRequirements(framework)
        let implemented = Set(source.controls.filter { $0.control.status == .implemented }.flatMap { $0.control.mapsTo[framework] ?? [] })
        let missing = catalog.soaRequirements.map(\.id).filter {
            Applicability.effective(written[$0]?.applicable, mapped: mapped.contains($0)) == .applicable && !implemented.contains($0)
        }
        guard !missing.isEmpty else { return }
        let src = source.applicability?.source
        let (line, column) = src?.location([.key(framework)]) ?? (0, 0)
        let path = src?.path ?? source.certifications.first { $0.value.framework == framework }!.source.path
        log.warning(path, line, column,
                    "\(missing.count) applicable \(catalog.soaItemName)(s) have no implemented control: \(Excerpt.list(missing))",
                    notes: ["map a control with 'status: implemented' to each (a planned or partly implemented one does not count yet), or exclude it with a justification"])
    }

    private func checkSubprocessors(log: inout DiagnosticLog) {
        guard let file = source.subprocessors else { return }
        for (i, s) in file.value.subprocessors.enumerated() {
            if let url = s.website { checkURL(url, schemes: ["https", "http"], file.source, ["subprocessors", .index(i), "website"], &log) }
        }
    }

    // MARK: - Helpers

    func suggestion(_ word: String, _ candidates: some Sequence<String>) -> [String] {
        Suggestion.didYouMean(word, in: candidates)
    }

    func suggestion(_ word: String, _ index: Suggestion.Index) -> [String] {
        index.didYouMean(word)
    }

    /// Notes for an unknown control id: the one meant, or the ids that exist (first ten).
    func controlNotes(_ id: String, _ index: Suggestion.Index, _ ids: Set<String>) -> [String] {
        let guess = index.didYouMean(id)
        if !guess.isEmpty { return guess }
        if ids.isEmpty { return ["no control is defined yet: add it to controls/*.yaml"] }
        return ["the controls in controls/*.yaml are \(Excerpt.list(ids.sortedNaturally(by: { $0 })))"]
    }

    /// Notes for an unknown framework id: the loaded id it most likely means — by spelling, or
    /// the one edition of the name written without its year (`soc2` → `soc2-2017`) — and every
    /// id that is loaded, so the fix is in the message whatever was meant.
    func frameworkNotes(_ framework: String, _ loaded: some Collection<String>) -> [String] {
        // The shipped catalogs not loaded (not named anywhere) are candidates too: `nist-csf-2` → `nist-csf-2.0`.
        let candidates = Array(Set(loaded).union(ShippedCatalogs.frameworks))
        var guess = Suggestion.closest(to: framework, in: candidates)
        if guess == nil {
            let stem = framework.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "-_ :"))
            let editions = candidates.filter { $0.lowercased().hasPrefix(stem + "-") }
            if !stem.isEmpty, editions.count == 1 { guess = editions.first }
        }
        let shippedOnly = Set(ShippedCatalogs.frameworks).subtracting(loaded).sorted()
        return Suggestion.note(guess) + ["the frameworks loaded are \(Excerpt.list(loaded.sorted()))"
            + (shippedOnly.isEmpty ? "" : "; shipped, read when named: \(Excerpt.list(shippedOnly))")
            + "; add another in frameworks/<id>.yaml, or as an OSCAL catalog in frameworks/<id>.json"]
    }

    /// Only the listed URL schemes are accepted, so no `javascript:` or `data:` URL reaches an href.
    private func checkURL(_ value: String, schemes: [String], _ src: SourceMap, _ at: [PathKey], _ log: inout DiagnosticLog) {
        let scheme = value.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        let hasRest = value.count > scheme.count + 1
        if !schemes.contains(scheme) || !hasRest || value.contains(where: { $0.isWhitespace || $0.isNewline }) {
            let names = schemes.map { $0 + ":" }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
            let example = ["https": "https://fernwick.example/", "http": "https://fernwick.example/",
                           "mailto": "mailto:security@fernwick.example", "tel": "tel:+1-555-0100"][schemes[0]] ?? schemes[0] + ":…"
            src.error(&log, at: at, "\(Excerpt.quoted(value)) is not a valid \(list) URL",
                      notes: ["write an absolute URL without spaces, e.g. \(at.last.map { $0.intValue == nil ? $0.stringValue + ": " : "- " } ?? "")\(example)"])
        }
    }
}

/// RFC 3339 date-times (`2027-06-30T00:00:00Z`, offsets allowed); returns the UTC calendar date.
enum RFC3339 {
    static func date(_ text: String) -> CalendarDate? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var parsed = formatter.date(from: text)
        if parsed == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            parsed = formatter.date(from: text)
        }
        guard let parsed else { return nil }
        return CalendarDate(secondsSince1970: Int(parsed.timeIntervalSince1970.rounded(.down)))
    }
}

extension Attestation {
    /// Every criterion the report cites (exceptions, CUECs, CSOCs), with where it is written.
    var citedCriteria: [(id: String, at: [PathKey])] {
        var cited: [(String, [PathKey])] = []
        for (i, e) in (exceptions ?? []).enumerated() { cited.append((e.criterion, ["exceptions", .index(i), "criterion"])) }
        for (i, c) in (complementaryUserEntityControls ?? []).enumerated() {
            for (j, id) in (c.criteria ?? []).enumerated() {
                cited.append((id, ["complementary_user_entity_controls", .index(i), "criteria", .index(j)]))
            }
        }
        for (i, s) in (subserviceOrganizations ?? []).enumerated() {
            for (k, c) in (s.csocs ?? []).enumerated() {
                for (j, id) in (c.criteria ?? []).enumerated() {
                    cited.append((id, ["subservice_organizations", .index(i), "csocs", .index(k), "criteria", .index(j)]))
                }
            }
        }
        return cited
    }
}
