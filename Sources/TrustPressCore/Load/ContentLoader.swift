import Foundation

/// Everything read from the content folder, each item with the map back to its source file.
/// Produced by `ContentLoader`, checked by `Validator`, turned into a `TrustModel` by `ModelBuilder`.
struct ContentSource {
    var site: Decoded<SiteConfig>?
    var certifications: [Decoded<Certification>] = []
    var attestations: [Decoded<Attestation>] = []
    /// Each control with its file and its index in that file's `controls` list.
    var controls: [(control: Control, source: SourceMap, index: Int)] = []
    /// Framework id → requirement id → decision.
    var applicability: Decoded<[String: [String: ApplicabilityDecision]]>?
    var policies: [(policy: Policy, source: SourceMap)] = []
    var subprocessors: Decoded<SubprocessorsFile>?
    /// `updates/*.md`, in file name order, each with its front matter's source map.
    var updates: [(update: Update, source: SourceMap)] = []
    /// `faq.md`, if present.
    var faq: FAQ?
    /// `nda.md`, if present (shown on the bundle's cover only).
    var ndaTerms: NDATerms?
    /// Shipped catalogs first, then the user's `frameworks/*.yaml`.
    var catalogs: [Decoded<Catalog>] = []
    /// Kinds of content with a file that failed to load ("controls", "frameworks", …). Validation
    /// skips the reference checks that would only repeat such a failure as "unknown id" errors.
    var incomplete: Set<String> = []
    /// Policy files that failed to load: links to them are not reported as missing.
    var failedPolicyFiles: Set<String> = []
    /// site.yaml's `branding:` files and colours, checked (`Branding.load`).
    var branding = BrandAssets()
    /// The files of `documents/` described in `documents.yaml`, in file name order.
    var documents: [Document] = []
    /// `policies/images/`: file name → bytes, each checked to be an image (`PolicyImages`).
    var policyImages: [String: Data] = [:]

    /// `programs.yaml`, if present: frameworks declared without a certificate or report.
    var declaredPrograms: Decoded<ProgramsFile>?
    /// `crosswalks/*.yaml`, in file name order, each with its id set from its file name.
    var crosswalks: [Decoded<Crosswalk>] = []

    /// Which frameworks have a program (the rule lives in `Programs`).
    var programs: Programs {
        Programs(catalogs: catalogs.map(\.value), certified: Set(certifications.map(\.value.framework)),
                 attested: Set(attestations.map(\.value.framework)),
                 applicabilitySections: Set((applicability?.value ?? [:]).keys),
                 declarations: declaredPrograms?.value.programs ?? [])
    }

    /// Every framework id the content names: in `maps_to`, certificates, reports and `applicability.yaml`.
    var referencedFrameworks: Set<String> {
        var ids = Set(controls.flatMap { $0.control.mapsTo.keys })
        ids.formUnion(certifications.map(\.value.framework))
        ids.formUnion(attestations.map(\.value.framework))
        ids.formUnion((applicability?.value ?? [:]).keys)
        ids.formUnion((declaredPrograms?.value.programs ?? []).map(\.framework))
        ids.formUnion(crosswalks.flatMap { [$0.value.from, $0.value.to] })
        return ids
    }

    /// Requirement ids of `framework` that at least one control maps to.
    func mappedRequirements(_ framework: String) -> Set<String> {
        Set(controls.flatMap { $0.control.mapsTo[framework] ?? [] })
    }
}

/// Load stage: reads and decodes every content file. Collects all problems instead of stopping at
/// the first; never reads outside the content folder.
struct ContentLoader {
    /// The content folder.
    let root: URL
    /// How paths are printed in diagnostics (the folder as the user named it, e.g. "Content").
    let displayRoot: String
    private let resolvedRoot: String
    /// The build date, which dates the examples in fix notes (`YAMLExample.line`); nil: fixed dates.
    let referenceDate: CalendarDate?

    init(root: URL, displayRoot: String, referenceDate: CalendarDate? = nil) {
        self.root = root
        self.displayRoot = displayRoot
        self.referenceDate = referenceDate
        resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
    }

    func load(log: inout DiagnosticLog) -> ContentSource {
        var source = ContentSource()
        source.catalogs = ShippedCatalogs.load(log: &log)  // the NIST ones are added at the end, when named
        let builtInCount = source.catalogs.count
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            log.error(displayRoot.isEmpty ? "." : displayRoot, 0, 0, "the content folder does not exist",
                      notes: ["pass --content with the folder that holds site.yaml, or run 'trustpress init' to start a program with every file"])
            return source
        }
        if let decoded = yaml(SiteConfig.self, "site.yaml", required: true, log: &log) { source.site = decoded }
        // The theme folder that site.yaml names may sit in the content folder: it is not unknown content.
        let theme = source.site?.value.theme.flatMap { $0.hasPrefix("/") ? nil : $0.split(separator: "/").first.map(String.init) }
        // So are the top-level folders of the branding files.
        let brandingFolders = Set([source.site?.value.branding?.logo, source.site?.value.branding?.logoDark,
                                   source.site?.value.branding?.favicon].compactMap { path -> String? in
            guard let path, path.contains("/"), !path.hasPrefix("/") else { return nil }
            return path.split(separator: "/").first.map(String.init)
        })
        source.incomplete = checkUnexpectedFiles(theme: theme, allowed: brandingFolders, log: &log)
        if let site = source.site { source.branding = Branding.load(site, root: root, log: &log) }
        for file in files(in: "certifications", ext: "yaml", log: &log) {
            if let d = yaml(Certification.self, file, log: &log) { source.certifications.append(d) }
            else { source.incomplete.insert("certifications") }
        }
        for file in files(in: "attestations", ext: "yaml", log: &log) {
            if let d = yaml(Attestation.self, file, log: &log) { source.attestations.append(d) }
            else { source.incomplete.insert("attestations") }
        }
        // The big files — controls (thousands in one file) and policies (thousands of files) — are
        // read on every core at once; results and diagnostics are kept in file order.
        enum Job { case controls(String), policy(String) }
        enum Loaded { case controls(Decoded<ControlsFile>?), policy((Policy, SourceMap)?) }
        let controlFiles = files(in: "controls", ext: "yaml", log: &log)
        let policyFiles = files(in: "policies", ext: "md", log: &log)
        let loaded = Parallel.map(controlFiles.map(Job.controls) + policyFiles.map(Job.policy)) { job in
            var local = DiagnosticLog()
            let result: Loaded
            switch job {
            case let .controls(file): result = .controls(yaml(ControlsFile.self, file, log: &local))
            case let .policy(file): result = .policy(policy(file, log: &local))
            }
            return (result, local.all)
        }
        for (result, diagnostics) in loaded.prefix(controlFiles.count) {
            diagnostics.forEach { log.add($0) }
            guard case let .controls(decoded) = result, let d = decoded else { source.incomplete.insert("controls"); continue }
            for (i, control) in d.value.controls.enumerated() { source.controls.append((control, d.source, i)) }
        }
        source.applicability = yaml([String: [String: ApplicabilityDecision]].self, "applicability.yaml", log: &log)
        if source.applicability == nil, exists("applicability.yaml") { source.incomplete.insert("applicability") }
        source.subprocessors = yaml(SubprocessorsFile.self, "subprocessors.yaml", log: &log)
        source.declaredPrograms = yaml(ProgramsFile.self, "programs.yaml", log: &log)
        if source.declaredPrograms == nil, exists("programs.yaml") { source.incomplete.insert("programs") }
        source.documents = DocumentsLoader(loader: self).load(log: &log)
        source.policyImages = PolicyImages.load(root: root, display: display, log: &log)
        for file in files(in: "frameworks", ext: "yaml", log: &log) {
            if let d = yaml(Catalog.self, file, log: &log) { source.catalogs.append(d) }
            else { source.incomplete.insert("frameworks") }
        }
        // OSCAL catalogs as NIST publishes them; the id is the file name's (nist-800-53.json → nist-800-53).
        // site.yaml's oscal_catalogs: may name each (its id, short name and name).
        let naming = source.site?.value.oscalCatalogs ?? [:]
        let oscalFiles = files(in: "frameworks", ext: "json", log: &log)
        if let site = source.site {
            checkOSCALNaming(site, files: Set(oscalFiles.map { String($0.dropFirst("frameworks/".count)) }), log: &log)
        }
        for file in oscalFiles {
            let fileName = String(file.dropFirst("frameworks/".count))
            let named = naming[fileName]
            let framework = named?.id ?? String(fileName.dropLast(".json".count))
            if insideRoot(file, log: &log), let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path),
               var catalog = OSCALCatalog.decode(data, framework: framework, path: display(file), log: &log) {
                if let name = named?.name { catalog.name = name; catalog.shortName = name }
                if let short = named?.shortName { catalog.shortName = short }
                catalog.oscalFile = file
                source.catalogs.append(Decoded(value: catalog, source: SourceMap(path: display(file), root: nil, shift: 0)))
            } else {
                source.incomplete.insert("frameworks")
            }
        }
        for file in files(in: "crosswalks", ext: "yaml", log: &log) {
            if var d = yaml(Crosswalk.self, file, log: &log) {
                d.value.id = String(file.dropFirst("crosswalks/".count).dropLast(".yaml".count))
                d.value.path = d.source.path
                source.crosswalks.append(d)
            } else {
                source.incomplete.insert("crosswalks")
            }
        }
        for file in files(in: "updates", ext: "md", log: &log) {
            if let update = update(file, log: &log) { source.updates.append(update) }
        }
        if exists("faq.md"), insideRoot("faq.md", log: &log),
           let text = SourceText.read(root.appendingPathComponent("faq.md"), path: display("faq.md"), hiddenBreaks: .wholeFile, log: &log) {
            source.faq = publicMarkdown(text, path: display("faq.md"), firstLine: 1, what: "the FAQ", log: &log)
                .map { FAQ.parse($0, path: display("faq.md")) }
        }
        if exists("nda.md"), insideRoot("nda.md", log: &log),
           let text = SourceText.read(root.appendingPathComponent("nda.md"), path: display("nda.md"), hiddenBreaks: .wholeFile, log: &log) {
            source.ndaTerms = publicMarkdown(text, path: display("nda.md"), firstLine: 1, what: "nda.md",
                                             shown: "shown whole on the bundle's cover, and only there",
                                             fix: "remove the fence lines: nothing in nda.md reaches the public site", log: &log)
                .map { NDATerms(markdown: $0, path: display("nda.md")) }
        }
        for (file, (result, diagnostics)) in zip(policyFiles, loaded.dropFirst(controlFiles.count)) {
            diagnostics.forEach { log.add($0) }
            if case let .policy(policy?) = result { source.policies.append(policy) }
            else { source.failedPolicyFiles.insert(String(file.split(separator: "/").last!)) }
        }
        // A shipped catalog other than ISO and SOC 2 is read only when the content names its
        // framework (800-53 is 1,189 controls: a site without it does not pay for it), before the user's catalogs.
        let shipped = ShippedCatalogs.loadWhenNamed(referenced: source.referencedFrameworks, log: &log)
        source.catalogs.insert(contentsOf: shipped, at: builtInCount)
        // A shipped crosswalk applies when the content names both its frameworks; a file of the
        // same name in crosswalks/ replaces it.
        let own = Set(source.crosswalks.map(\.value.id))
        source.crosswalks += ShippedCrosswalks.load(referenced: source.referencedFrameworks, log: &log).filter { !own.contains($0.value.id) }
        // OSCAL's own ids in maps_to (`ac-2.1`) read as the ids the framework prints (`AC-2(1)`).
        let aliases = Dictionary(source.catalogs.compactMap { c in c.value.aliases.map { (c.value.framework, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        if !aliases.isEmpty {
            for i in source.controls.indices {
                for (framework, ids) in source.controls[i].control.mapsTo {
                    guard let known = aliases[framework] else { continue }
                    source.controls[i].control.mapsTo[framework] = ids.map { known[$0] ?? $0 }
                }
            }
            for i in source.crosswalks.indices {
                let c = source.crosswalks[i].value
                let from = aliases[c.from] ?? [:], to = aliases[c.to] ?? [:]
                guard !from.isEmpty || !to.isEmpty else { continue }
                // Keys are located by the id as written, so a renamed key keeps the written one when two collide.
                source.crosswalks[i].value.mappings = Dictionary(c.mappings.map { (from[$0.key] ?? $0.key, $0.value.map { to[$0] ?? $0 }) },
                                                                  uniquingKeysWith: { a, b in a + b })
            }
        }
        return source
    }

    /// `oscal_catalogs:` names files of `frameworks/` that exist, with ids and names that are not empty.
    func checkOSCALNaming(_ site: Decoded<SiteConfig>, files: Set<String>, log: inout DiagnosticLog) {
        guard let naming = site.value.oscalCatalogs else { return }
        for (file, entry) in naming.sorted(by: { $0.key < $1.key }) {
            let at: [PathKey] = ["oscal_catalogs", .key(file)]
            if !files.contains(file) {
                site.source.error(&log, at: at, "\(Excerpt.quoted(file)) is not an OSCAL catalog in frameworks/",
                                  notes: Suggestion.didYouMean(file, in: files) + (files.isEmpty ? ["put NIST's JSON file in frameworks/ under this name"]
                                                                    : ["the OSCAL catalogs in frameworks/ are \(Excerpt.list(files.sorted()))"]))
            }
            for (key, value) in [("id", entry.id), ("short_name", entry.shortName), ("name", entry.name)]
            where value.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) == true {
                site.source.error(&log, at: at + [.key(key)], "'\(key)' is empty", notes: ["write it, or remove the key to use the default"])
            }
            if let id = entry.id, !id.isEmpty, !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                site.source.error(&log, at: at + ["id"], "framework id \(Excerpt.quoted(id)) must use only ASCII letters, digits, '-', '_' and '.'",
                                  notes: ["e.g. nist-800-53"])
            }
        }
    }

    // MARK: - Files

    func display(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : (displayRoot.hasSuffix("/") ? displayRoot : displayRoot + "/") + relative
    }

    /// `*.ext` files directly in `folder`, sorted by name; symlinks that leave the content folder are refused.
    /// The folders of the format and the file ending each reads.
    static let folders: [String: [String]] = ["certifications": ["yaml"], "attestations": ["yaml"], "controls": ["yaml"],
                                              "frameworks": ["yaml", "json"], "policies": ["md"], "updates": ["md"],
                                              "crosswalks": ["yaml"]]
    static let rootFiles: Set<String> = ["site.yaml", "applicability.yaml", "subprocessors.yaml", "programs.yaml", "faq.md", "nda.md",
                                         "documents.yaml", DocumentsLoader.folder]

    /// Content that would be silently skipped is lost content: a `.yml` file, a subfolder of
    /// policies/, a folder that is a file. Those are errors; unknown top-level entries are warnings
    /// (except `theme`, the top-level entry of site.yaml's `theme:` folder).
    /// - Returns: the folders holding a file that is not read (their content is incomplete).
    private func checkUnexpectedFiles(theme: String?, allowed: Set<String> = [], log: inout DiagnosticLog) -> Set<String> {
        var unread: Set<String> = []
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() where !name.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
            if let exts = Self.folders[name] {
                let endings = exts.map { "." + $0 }
                guard isDirectory.boolValue else {
                    log.error(display(name), 0, 0, "'\(name)' must be a folder of \(endings.map { "*" + $0 }.joined(separator: " and ")) files")
                    continue
                }
                let entries = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(name).path)) ?? []
                for entry in entries.sorted() where !entry.hasPrefix(".") && !endings.contains(where: entry.hasSuffix)
                    && !(name == "policies" && entry == PolicyImages.folder) {  // read by PolicyImages
                    log.error(display(name + "/" + entry), 0, 0,
                              "this is not read: TrustPress reads \(endings.map { name + "/*" + $0 }.joined(separator: " and ")), one level deep",
                              notes: ["rename it to end in \(endings.joined(separator: " or ")), or move it out of the content folder"])
                    unread.insert(name)
                }
            } else if !Self.rootFiles.contains(name) && name != theme && !allowed.contains(name) {
                let guess = Suggestion.closest(to: name, in: Array(Self.rootFiles) + Array(Self.folders.keys))
                log.warning(display(name), 0, 0, "this is not part of the content format and is ignored",
                            notes: Suggestion.note(guess))
            }
        }
        return unread
    }

    private func files(in folder: String, ext: String, log: inout DiagnosticLog) -> [String] {
        let dir = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        // Resolving every path costs a system call per path component: resolve the folder once,
        // and each file only when it is a symbolic link.
        let folderInside = resolvedInsideRoot(folder).inside
        return names.filter { $0.hasSuffix("." + ext) && !$0.hasPrefix(".") }.sorted()
            .map { folder + "/" + $0 }
            .filter { relative in
                var info = stat()
                let plain = lstat(root.appendingPathComponent(relative).path, &info) == 0 && info.st_mode & S_IFMT != S_IFLNK
                return (plain && folderInside) || insideRoot(relative, log: &log)
            }
    }

    /// Whether `relative`, with every symbolic link resolved, lies inside the content folder.
    private func resolvedInsideRoot(_ relative: String) -> (inside: Bool, target: String) {
        let target = root.appendingPathComponent(relative).resolvingSymlinksInPath().standardizedFileURL.path
        return (target.hasPrefix(resolvedRoot + "/"), target)
    }

    private func insideRoot(_ relative: String, log: inout DiagnosticLog) -> Bool {
        let (inside, target) = resolvedInsideRoot(relative)
        if inside { return true }
        log.error(display(relative), 0, 0, "the file points outside the content folder (\(target)); refusing to read it")
        return false
    }

    private func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    func yaml<T: Codable>(_ type: T.Type, _ relative: String, required: Bool = false,
                                  log: inout DiagnosticLog) -> Decoded<T>? {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { log.error(display(relative), 0, 0, "required file is missing", notes: Self.whatGoesIn(type, reference: referenceDate)) }
            return nil
        }
        guard insideRoot(relative, log: &log),
              let text = SourceText.read(url, path: display(relative), hiddenBreaks: .wholeFile, log: &log) else { return nil }
        return YAMLFile.decode(type, from: text, path: display(relative), referenceDate: referenceDate, log: &log)
    }

    /// What a missing file holds: its required keys, one example line each (valid YAML as written),
    /// and where to start.
    static func whatGoesIn<T: Decodable>(_ type: T.Type, reference: CalendarDate? = nil) -> [String] {
        let keys = YAMLExample.requiredKeys(type)
        var notes = keys.isEmpty ? [] : ["it holds \(Excerpt.list(keys.map(\.key))), for example:"]
        notes += keys.map { YAMLExample.line($0.type, key: $0.key, owner: $0.owner, reference: reference) }
        return notes + ["run 'trustpress init' to start a program with every file; docs/content-format.md describes each key"]
    }

    private func policy(_ relative: String, log: inout DiagnosticLog) -> (Policy, SourceMap)? {
        let path = display(relative)
        guard let text = SourceText.read(root.appendingPathComponent(relative), path: path, hiddenBreaks: .frontMatter,
                                         log: &log) else { return nil }
        let parts: FrontMatter.Parts
        do {
            parts = try FrontMatter.split(text)
        } catch {
            log.error(path, 1, 1, "front matter starts with '---' but has no closing '---' line")
            return nil
        }
        guard let yaml = parts.yaml else {
            log.error(path, 1, 1, "a policy needs front matter between '---' lines at the start of the file",
                      notes: ["add at least a '---' line, 'title: …' and a closing '---' line"])
            return nil
        }
        guard let front = YAMLFile.decode(PolicyFrontMatter.self, from: yaml, path: path,
                                          firstLine: parts.yamlFirstLine, what: "the front matter",
                                          referenceDate: referenceDate, log: &log) else { return nil }
        // What makes a policy public must be seen where it stands: a merged mapping (`<<: {visibility:
        // public}`, `!!merge x: {…}`, or an alias to one) could set `visibility` with no
        // `visibility:` line to review.
        if case let .mapping(map)? = front.source.root,
           // A key is a merge by its tag (`!!merge x:`) as well as by its spelling (`<<:`).
           let merge = map.first(where: { $0.key.string == "<<" || $0.key.tag.description == "tag:yaml.org,2002:merge" })?.key {
            let mark = merge.mark
            log.error(path, (mark?.line ?? 1) + parts.yamlFirstLine - 1, mark?.column ?? 1,
                      "merge keys ('<<', '!!merge') are not allowed in policy front matter",
                      notes: ["write each key itself, so that 'visibility' is decided by a line anyone can see"])
            return nil
        }
        let fm = front.value
        let fileName = String(relative.split(separator: "/").last!)
        // Bounded before cmark-gfm sees the body (the fence scan below may parse it).
        let tooLarge = MarkdownLimits.check(parts.body, what: "the policy body")
        for v in tooLarge { log.error(path, parts.bodyFirstLine + v.line - 1, v.column, v.message) }
        guard tooLarge.isEmpty else { return nil }
        // Every fence problem of the file at once.
        let (segments, problems, _) = RedactionBlocks.scan(parts.body, firstLine: parts.bodyFirstLine)
        for problem in problems { log.error(path, problem.line, 1, problem.message) }
        guard problems.isEmpty else { return nil }
        let policy = Policy(
            id: fm.id ?? String(fileName.dropLast(3)), title: fm.title, version: fm.version, owner: fm.owner,
            approved: fm.approved, nextReview: fm.nextReview, visibility: fm.visibility ?? .confidential,
            controls: fm.controls ?? [], publicSummary: fm.publicSummary, body: parts.body, segments: segments,
            bodyFirstLine: parts.bodyFirstLine, fileName: fileName, path: path)
        return (policy, front.source)
    }

    /// An update: front matter (`title`, `date`, optional `summary`) and a Markdown body.
    private func update(_ relative: String, log: inout DiagnosticLog) -> (Update, SourceMap)? {
        let path = display(relative)
        guard let text = SourceText.read(root.appendingPathComponent(relative), path: path, hiddenBreaks: .frontMatter,
                                         log: &log) else { return nil }
        guard let parts = try? FrontMatter.split(text) else {
            log.error(path, 1, 1, "front matter starts with '---' but has no closing '---' line")
            return nil
        }
        guard let yaml = parts.yaml else {
            log.error(path, 1, 1, "an update needs front matter between '---' lines at the start of the file",
                      notes: ["add a '---' line, 'title: …', 'date: YYYY-MM-DD' and a closing '---' line"])
            return nil
        }
        guard let front = YAMLFile.decode(UpdateFrontMatter.self, from: yaml, path: path, firstLine: parts.yamlFirstLine,
                                          what: "the front matter", referenceDate: referenceDate, log: &log),
              let body = publicMarkdown(parts.body, path: path, firstLine: parts.bodyFirstLine, what: "the update", log: &log)
        else { return nil }
        let fileName = String(relative.split(separator: "/").last!)
        let fm = front.value
        return (Update(id: String(fileName.dropLast(3)), title: fm.title, date: fm.date, summary: fm.summary, body: body,
                       bodyFirstLine: parts.bodyFirstLine, path: path), front.source)
    }

    /// Markdown that is public by nature (updates, the FAQ), or shown whole in the bundle (nda.md):
    /// bounded like a policy body, and with no redaction fence, since nothing in these files is kept
    /// back (a fence would be shown as text). `shown` says where the text goes and `fix` how to mend
    /// a fence, for the message (default: as for public text).
    private func publicMarkdown(_ body: String, path: String, firstLine: Int, what: String, shown: String = "published in full",
                                fix: String? = nil, log: inout DiagnosticLog) -> String? {
        let tooLarge = MarkdownLimits.check(body, what: what)
        for v in tooLarge { log.error(path, firstLine + v.line - 1, v.column, v.message) }
        guard tooLarge.isEmpty else { return nil }
        let fences = RedactionBlocks.fenceLines(in: body)
        for line in fences {
            log.error(path, firstLine + line - 1, 1,
                      "this line looks like a redaction fence ('::: confidential' or ':::'), but \(what) is \(shown): fences work only in policy bodies",
                      notes: [fix ?? "keep confidential text out of \(what), or move it into a policy"])
        }
        return fences.isEmpty ? body : nil
    }
}

/// The catalogs compiled into the binary (`Resources/Catalogs/`, in Support/Embedded.swift): ISO/IEC
/// 27001:2022 and SOC 2 in the YAML catalog format, always loaded; the HIPAA Security Rule in YAML,
/// and NIST CSF 2.0 and NIST SP 800-53 rev5 in OSCAL form (NIST's files made smaller by
/// tools/compact-oscal.py, read by `OSCALCatalog`), only when the content names them.
enum ShippedCatalogs {
    /// How diagnostics name the shipped catalogs' files.
    static let displayFolder = "<catalogs>/"

    /// The shipped OSCAL catalogs: file, framework id, short name (OSCAL metadata has neither), and
    /// the name shown (NIST's titles: CSF's file calls itself "Electronic Version of …").
    static let oscal: [(file: String, framework: String, shortName: String, name: String)] = [
        ("nist-csf-2.0.json", "nist-csf-2.0", "NIST CSF 2.0", "NIST Cybersecurity Framework (CSF) 2.0"),
        ("nist-sp800-53-r5.json", "nist-sp800-53-r5", "NIST SP 800-53 Rev. 5",
         "NIST SP 800-53 Rev. 5: Security and Privacy Controls for Information Systems and Organizations"),
    ]

    /// Every framework id TrustPress ships, loaded or not (for suggestions): a YAML catalog's file
    /// is named by its id (`iso27001-2022.yaml`), an OSCAL one's id is in `oscal`.
    static var frameworks: [String] {
        Embedded.catalogs.map(\.path).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }
            + oscal.map(\.framework)
    }

    /// The YAML catalogs every site may use without naming them first: ISO/IEC 27001 and SOC 2.
    static let alwaysLoaded: Set<String> = ["iso27001-2022", "soc2-2017"]

    /// The always-loaded catalogs (`alwaysLoaded`), in file name order.
    static func load(log: inout DiagnosticLog) -> [Decoded<Catalog>] {
        loadYAML(log: &log) { alwaysLoaded.contains($0) }
    }

    /// The shipped YAML catalogs whose framework (their file name) `include` accepts.
    static func loadYAML(log: inout DiagnosticLog, include: (String) -> Bool) -> [Decoded<Catalog>] {
        Embedded.catalogs.filter { $0.path.hasSuffix(".yaml") && include(String($0.path.dropLast(".yaml".count))) }.compactMap { file in
            guard let text = SourceText.decode(file.contents, path: displayFolder + file.path, hiddenBreaks: .wholeFile, log: &log) else { return nil }
            return YAMLFile.decode(Catalog.self, from: text, path: displayFolder + file.path, log: &log)
        }
    }

    /// The shipped catalogs read only when named (HIPAA in YAML, the NIST ones in OSCAL) of
    /// `referenced` frameworks: YAML ones first, each kind in file name order.
    static func loadWhenNamed(referenced: Set<String>, log: inout DiagnosticLog) -> [Decoded<Catalog>] {
        loadYAML(log: &log) { !alwaysLoaded.contains($0) && referenced.contains($0) } + loadOSCAL(referenced: referenced, log: &log)
    }

    /// The shipped OSCAL catalogs of `referenced` frameworks, in framework id order.
    static func loadOSCAL(referenced: Set<String>, log: inout DiagnosticLog) -> [Decoded<Catalog>] {
        oscal.filter { referenced.contains($0.framework) }.compactMap { entry in
            guard let file = Embedded.catalogs.first(where: { $0.path == entry.file }),
                  var catalog = OSCALCatalog.decode(file.contents, framework: entry.framework, path: displayFolder + entry.file, log: &log)
            else { return nil }
            catalog.shortName = entry.shortName
            catalog.name = entry.name
            return Decoded(value: catalog, source: SourceMap(path: displayFolder + entry.file, root: nil, shift: 0))
        }
    }
}

/// The crosswalks compiled into the binary (`Resources/Crosswalks/`, in Support/Embedded.swift):
/// published mappings whose licence allows it (NIST's, public domain).
enum ShippedCrosswalks {
    /// How diagnostics name the shipped crosswalks' files.
    static let displayFolder = "<crosswalks>/"

    /// Every shipped crosswalk whose two frameworks are both in `referenced`, in file name order.
    static func load(referenced: Set<String>, log: inout DiagnosticLog) -> [Decoded<Crosswalk>] {
        Embedded.crosswalks.filter { $0.path.hasSuffix(".yaml") }.compactMap { file in
            guard let text = SourceText.decode(file.contents, path: displayFolder + file.path, hiddenBreaks: .wholeFile, log: &log),
                  var decoded = YAMLFile.decode(Crosswalk.self, from: text, path: displayFolder + file.path, log: &log),
                  referenced.contains(decoded.value.from), referenced.contains(decoded.value.to)
            else { return nil }
            decoded.value.id = String(file.path.dropLast(".yaml".count))
            decoded.value.path = decoded.source.path
            return decoded
        }
    }
}
